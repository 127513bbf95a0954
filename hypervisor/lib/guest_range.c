/* SPDX-License-Identifier: GPL-2.0-only */
/* Which guest virtual ranges a hypercall may touch, and which addresses
 * are canonical (pure logic). A 64-bit PV guest owns the lower canonical
 * half and the upper half above the hypervisor's hole; the hole
 * [__HYPERVISOR_VIRT_START, __HYPERVISOR_VIRT_END) is ours even though it
 * is mapped in the guest's page tables, so a guest pointer into it must
 * never be dereferenced. */
#include <parvus/guest_access.h>
#include <parvus/xen.h>

#define LOWER_HALF_END	0x0000800000000000UL

bool guest_range_ok(uint64_t va, size_t len)
{
	uint64_t last = va + len - 1;

	if (len == 0)
		return true;
	if (last < va)
		return false;			/* wraps around */
	if (last < LOWER_HALF_END)
		return true;
	return va >= __HYPERVISOR_VIRT_END;	/* upper half, past the hole */
}

bool is_canonical(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}
