/* SPDX-License-Identifier: GPL-2.0-only */
/* huge: a valid guest whose image (64 MiB of bss) is larger than the
 * domain memory it is given by default (32 MiB). The builder must refuse
 * it with a reason; this code must never run. */
#include "guest.h"

/* Global, so the compiler cannot drop it as unused. */
char huge_bss[64UL << 20];

void guest_main(void)
{
	huge_bss[0] = 1;
	guest_fail("a 64 MiB image ran in a 32 MiB domain");
}
