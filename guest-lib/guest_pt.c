/* SPDX-License-Identifier: GPL-2.0-only */
/* Page-table helpers for test guests (guest_pt.h). The bootstrap tables
 * are found through the M2P, as a PV kernel finds its own. */
#include "guest_pt.h"

#define M2P ((const uint64_t *)MACH2PHYS_VIRT_START)
#define PTE_MFN_MASK 0x000ffffffffff000UL

static const uint64_t *mfn_list(void)
{
	return (const uint64_t *)start_info->mfn_list;
}

unsigned long spare_pfn(int n)
{
	return ((start_info->pt_base - GUEST_VIRT_BASE) >> 12) + start_info->nr_pt_frames +
	       8 + n;
}

void *spare_va(int n)
{
	return (void *)(GUEST_VIRT_BASE + spare_pfn(n) * 4096);
}

uint64_t spare_mfn(int n)
{
	return mfn_list()[spare_pfn(n)];
}

uint64_t table_mfn(uint64_t va, int level)
{
	uint64_t mfn = mfn_list()[(start_info->pt_base - GUEST_VIRT_BASE) >> 12];

	for (int l = 4; l > level; l--) {
		const uint64_t *t = (const uint64_t *)(GUEST_VIRT_BASE + M2P[mfn] * 4096);

		mfn = (t[(va >> (12 + 9 * (l - 1))) & 511] & PTE_MFN_MASK) >> 12;
	}
	return mfn;
}

long mmuext_on(unsigned int cmd, uint64_t mfn)
{
	struct mmuext_op op = { .cmd = cmd, .arg1.mfn = mfn };

	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

long pt_set(uint64_t va, int level, uint64_t val)
{
	struct mmu_update u = { (table_mfn(va, level) << 12) +
				((va >> (12 + 9 * (level - 1))) & 511) * 8, val };

	return HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);
}

uint64_t pt_get(uint64_t va, int level)
{
	const uint64_t *t = (const uint64_t *)(GUEST_VIRT_BASE + M2P[table_mfn(va, level)] * 4096);

	return t[(va >> (12 + 9 * (level - 1))) & 511];
}

uint64_t pte_maddr(uint64_t va)
{
	return (table_mfn(va, 1) << 12) + ((va >> 12) & 511) * 8;
}
