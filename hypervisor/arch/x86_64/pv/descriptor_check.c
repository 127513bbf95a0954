/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest segment descriptor validation (see descriptor.h). */
#include <parvus/descriptor.h>

bool descriptor_check(uint64_t *d)
{
	if (!(*d & DESC_P))
		return true;	/* loading it faults: nothing to fear */
	if (!(*d & DESC_S))
		return false;	/* no TSS, LDT or gate descriptors */
	*d |= DESC_DPL_MASK;	/* the guest kernel runs in ring 3 */
	return true;
}
