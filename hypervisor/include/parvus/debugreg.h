/* SPDX-License-Identifier: GPL-2.0-only */
/* The bits of the x86 debug registers (Intel SDM vol. 3, 18.2) that the
 * hypervisor's #DB handling and the set_debugreg checks share: names
 * only; arch/ loads the registers. */
#ifndef PARVUS_DEBUGREG_H
#define PARVUS_DEBUGREG_H

/* DR6 reports what raised #DB: breakpoint n (Bn), general detect (BD),
 * single step (BS), task switch (BT). A #DB sets these without clearing
 * earlier ones, so its handler writes DR6_DEFAULT back: no status bit,
 * and the reserved bits as they read (1). */
#define DR6_B0_B3	0xfUL
#define DR6_BD		(1UL << 13)
#define DR6_BS		(1UL << 14)
#define DR6_BT		(1UL << 15)
#define DR6_STATUS	(DR6_B0_B3 | DR6_BD | DR6_BS | DR6_BT)
#define DR6_DEFAULT	0xffff0ff0UL

/* DR7: general detect, the reserved bits a guest may not set, and bit 10,
 * reserved and always 1. */
#define DR7_GENERAL_DETECT	(1UL << 13)
#define DR7_RESERVED		(0xffffffff00000000UL | (3UL << 14) | (1UL << 11) | (1UL << 12))
#define DR7_DEFAULT		0x00000400UL

#endif
