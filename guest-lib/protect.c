/* SPDX-License-Identifier: GPL-2.0-only */
/* Hardening of a test guest's own image, for guests that serve others
 * (the xenstore domain). The domain builder maps the whole bootstrap
 * region writable, as Xen's does for a PV domU, so a stray write could
 * change our code and a stack overflow would run on into our data. Here
 * the guest remaps its code, read-only data and notes read-only and
 * unmaps the page below its boot stack, each with
 * HYPERVISOR_update_va_mapping: both then fault instead. */
#include "guest.h"

#define VIRT_BASE	0xffffffff80000000UL	/* PADDR_OFFSET 0: va - base is the pa */
#define PTE_PRESENT	0x1UL
#define PTE_USER	0x4UL	/* PV64 kernels run in ring 3 */

/* From guest.ld and head.S; each page aligned. */
extern char guest_image_start[], guest_rodata_end[], guest_stack_guard[];

/* Maps va to its own frame with flags, or unmaps it (flags 0). */
static long remap_own_page(uint64_t va, uint64_t flags)
{
	uint64_t pfn = (va - VIRT_BASE) >> 12;
	uint64_t mfn = ((const uint64_t *)start_info->mfn_list)[pfn];

	return HYPERVISOR_update_va_mapping(va, flags ? mfn << 12 | flags : 0, UVMF_INVLPG);
}

long guest_protect_image(void)
{
	long rc;

	for (uint64_t va = (uint64_t)guest_image_start; va < (uint64_t)guest_rodata_end;
	     va += 4096)
		if ((rc = remap_own_page(va, PTE_PRESENT | PTE_USER)))
			return rc;
	return remap_own_page((uint64_t)guest_stack_guard, 0);
}
