/* SPDX-License-Identifier: GPL-2.0-only */
/* Bootstrap page tables for a new PV domain, as Xen's builder writes them
 * (xg_dom_x86.c setup_pgtables_x86_64): 4 levels from the L4 at pt_pfn,
 * entries holding machine frame numbers (direct paging), and the frames
 * that hold page tables mapped read-only so the guest can change them only
 * through the hypervisor. Every entry carries _PAGE_USER because the guest
 * kernel runs in ring 3; the hypervisor's own L4 slots are copied in
 * without it, which keeps them out of the guest's reach. Every frame it
 * takes is checked against the layout: a table beyond the ones counted
 * for it, or a pfn beyond the domain, is an error, never a stray write. */
#include <parvus/domain_build.h>
#include <parvus/string.h>
#include <parvus/xen.h>

#define PTE_PRESENT	0x001UL
#define PTE_RW		0x002UL
#define PTE_USER	0x004UL
#define PTE_ACCESSED	0x020UL
#define PTE_DIRTY	0x040UL
#define PTE_ADDR_MASK	0x000ffffffffff000UL
#define L1_FLAGS	(PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED)
#define TABLE_FLAGS	(L1_FLAGS | PTE_DIRTY)

struct pt_builder {
	const struct domain_layout *l;
	const uint64_t *p2m;
	map_frame_fn map;
	void *ctx;
	unsigned long next_pfn;		/* next unused page-table pfn */
	unsigned long end_pfn;		/* ... and the end of those pfns */
};

static uint64_t *table_of(struct pt_builder *b, uint64_t entry)
{
	return b->map(b->ctx, (entry & PTE_ADDR_MASK) >> 12);
}

/* Returns the table that entry *slot points to, creating it if empty;
 * NULL if the layout counted too few tables. */
static uint64_t *next_level(struct pt_builder *b, uint64_t *slot)
{
	if (!slot)
		return NULL;
	if (!(*slot & PTE_PRESENT)) {
		uint64_t mfn;

		if (b->next_pfn >= b->end_pfn || b->next_pfn >= b->l->nr_pages)
			return NULL;
		mfn = b->p2m[b->next_pfn++];
		memset(b->map(b->ctx, mfn), 0, PAGE_SIZE);
		*slot = (mfn << 12) | TABLE_FLAGS;
	}
	return table_of(b, *slot);
}

static bool is_pt_pfn(const struct domain_layout *l, unsigned long pfn)
{
	return pfn >= l->pt_pfn && pfn < l->pt_pfn + l->nr_pt_pages;
}

static int map_one(struct pt_builder *b, uint64_t *l4, uint64_t va,
		   unsigned long pfn)
{
	uint64_t *l3 = next_level(b, &l4[(va >> 39) & 511]);
	uint64_t *l2 = next_level(b, l3 ? &l3[(va >> 30) & 511] : NULL);
	uint64_t *l1 = next_level(b, l2 ? &l2[(va >> 21) & 511] : NULL);
	uint64_t flags = L1_FLAGS;

	if (!l1 || pfn >= b->l->nr_pages)
		return -XEN_EINVAL;
	if (is_pt_pfn(b->l, pfn))
		flags &= ~PTE_RW;
	l1[(va >> 12) & 511] = (b->p2m[pfn] << 12) | flags;
	return 0;
}

/* Those tables are outside the region, so never mapped themselves. */
static int map_separate_p2m(struct pt_builder *b, uint64_t *l4)
{
	const struct domain_layout *l = b->l;

	b->next_pfn = l->p2m_pt_pfn;
	b->end_pfn = l->p2m_pt_pfn + l->nr_p2m_pt_pages;
	for (unsigned long i = 0; i < l->nr_p2m_pages; i++)
		if (map_one(b, l4, l->p2m_va + i * PAGE_SIZE, l->p2m_pfn + i))
			return -XEN_EINVAL;
	return 0;
}

int pt_build_bootstrap(const struct domain_layout *l, const uint64_t *p2m,
		       const uint64_t *hv_slots, map_frame_fn map, void *ctx,
		       uint64_t *l4_mfn)
{
	struct pt_builder b = { l, p2m, map, ctx, l->pt_pfn + 1,
				l->pt_pfn + l->nr_pt_pages };
	uint64_t *l4;

	if (!l->nr_pt_pages || l->pt_pfn >= l->nr_pages)
		return -XEN_EINVAL;
	*l4_mfn = p2m[l->pt_pfn];
	l4 = map(ctx, *l4_mfn);
	memset(l4, 0, PAGE_SIZE);
	for (unsigned long pfn = 0; pfn < l->nr_mapped_pages; pfn++)
		if (map_one(&b, l4, layout_pfn_to_va(l, pfn), pfn))
			return -XEN_EINVAL;
	if (l->p2m_separate && map_separate_p2m(&b, l4))
		return -XEN_EINVAL;
	memcpy(&l4[256], hv_slots, 16 * sizeof(uint64_t));
	return 0;
}
