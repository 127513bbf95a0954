/* SPDX-License-Identifier: GPL-2.0-only */
/* How a Parvus run ends under QEMU: a value written to the isa-debug-exit
 * device (port 0xf4), which makes QEMU exit with status (value << 1) | 1.
 * scripts/qemu-boot.sh maps these statuses back for the shell. Included
 * from assembly too. */
#ifndef ARCH_EXIT_CODES_H
#define ARCH_EXIT_CODES_H

#define PARVUS_EXIT_IOPORT	0xf4
#define PARVUS_EXIT_SUCCESS	0x10	/* every domain powered off: QEMU status 33 */
#define PARVUS_EXIT_GUEST_FAIL	0x11	/* a domain crashed or was killed: 35 */
#define PARVUS_EXIT_PANIC	0x12	/* the hypervisor itself failed: 37 */

#endif
