/* Page ownership, reference counts, types and page-table validation (see
 * page_types.h for the invariants). Error codes follow Xen's mm.c:
 * -EINVAL for a bad entry or type clash, -EBUSY when an L1 entry would map
 * a frame the guest may not map, or map a page table writable. */
#include <parvus/page_types.h>
#include <parvus/string.h>
#include <parvus/xen.h>

/* Allowed at every level: P, RW, US, A, D, software bits 9-11 and 52-62,
 * NX (Xen's base_disallow_mask). L1 entries may also be global; cache
 * attributes and superpages are refused for an unprivileged PV guest, and
 * so is the grant mark, which only gnttab_map writes (Xen's
 * L1_DISALLOW_MASK includes _PAGE_GNTTAB). */
#define L1_DISALLOW	(PTE_PWT | PTE_PCD | PTE_PSE | PTE_GNTTAB)
#define LN_DISALLOW	(PTE_PWT | PTE_PCD | PTE_PSE | PTE_G)

static bool is_table_type(unsigned int type)
{
	return type >= PGT_l1 && type <= PGT_l4;
}

static bool is_hv_slot(unsigned int level, unsigned int idx)
{
	return level == 4 && idx >= HV_L4_FIRST && idx <= HV_L4_LAST;
}

static uint64_t *table(struct mm *mm, uint64_t mfn)
{
	return mm->map(mm->map_ctx, mfn);
}

int page_get(struct mm *mm, uint64_t mfn, unsigned int d)
{
	struct page_info *p;

	if (mfn >= mm->nr_frames)
		return -XEN_EINVAL;
	p = &mm->pages[mfn];
	if (d == 0 || p->owner != d || p->ref_count == UINT32_MAX)
		return -XEN_EINVAL;
	p->ref_count++;
	return 0;
}

void page_put(struct mm *mm, uint64_t mfn)
{
	mm->pages[mfn].ref_count--;
}

static void release_entries(struct mm *mm, uint64_t mfn, unsigned int level,
			    unsigned int upto)
{
	uint64_t *t = table(mm, mfn);

	for (unsigned int i = 0; i < upto; i++)
		if (!is_hv_slot(level, i))
			pt_put_entry(mm, level, t[i], mm->pages[mfn].owner);
}

/* Checks every entry of a frame becoming a level-n table (Xen's
 * alloc_lN_table); on failure releases what it took. An L4 gets the
 * hypervisor's slots, whatever the guest left there. */
static int validate_table(struct mm *mm, uint64_t mfn, unsigned int level,
			  unsigned int d)
{
	uint64_t *t = table(mm, mfn);

	for (unsigned int i = 0; i < 512; i++) {
		uint64_t e = t[i];
		int rc;

		if (is_hv_slot(level, i))
			continue;
		rc = pt_get_entry(mm, level, &e, d);
		if (rc) {
			release_entries(mm, mfn, level, i);
			return rc;
		}
		t[i] = e;
	}
	if (level == 4)
		memcpy(&t[HV_L4_FIRST], mm->hv_l4_slots,
		       (HV_L4_LAST - HV_L4_FIRST + 1) * sizeof(uint64_t));
	return 0;
}

static void devalidate_table(struct mm *mm, uint64_t mfn, unsigned int level)
{
	release_entries(mm, mfn, level, 512);
	if (level == 4)	/* do not leave our table addresses to the guest */
		memset(&table(mm, mfn)[HV_L4_FIRST], 0,
		       (HV_L4_LAST - HV_L4_FIRST + 1) * sizeof(uint64_t));
}

int page_get_type(struct mm *mm, uint64_t mfn, unsigned int d,
		  enum page_type type)
{
	struct page_info *p;
	int rc;

	if (mfn >= mm->nr_frames || mm->pages[mfn].owner != d || d == 0)
		return -XEN_EINVAL;
	p = &mm->pages[mfn];
	if (p->type_count) {
		if (p->type != type || p->type_count == UINT32_MAX)
			return -XEN_EINVAL;
		p->type_count++;
		return 0;
	}
	/* The type is set before validation, so a table that refers to
	 * itself (at any depth) meets a type clash instead of recursion. */
	p->type = type;
	p->type_count = 1;
	if (is_table_type(type)) {
		rc = validate_table(mm, mfn, type, d);
		if (rc) {
			p->type = PGT_none;
			p->type_count = 0;
			return rc;
		}
	}
	/* Writable TLB entries for this frame may survive its last writable
	 * PTE; they must go before the guest can use it as a page table or
	 * descriptor page, whose contents we checked. */
	if (type != PGT_writable)
		mm->flush_needed = true;
	return 0;
}

void page_put_type(struct mm *mm, uint64_t mfn)
{
	struct page_info *p = &mm->pages[mfn];

	if (--p->type_count)
		return;
	if (is_table_type(p->type))
		devalidate_table(mm, mfn, p->type);
	p->type = PGT_none;
}

int page_get_typed(struct mm *mm, uint64_t mfn, unsigned int d,
		   enum page_type type)
{
	int rc = page_get(mm, mfn, d);

	if (rc)
		return rc;
	rc = page_get_type(mm, mfn, d, type);
	if (rc)
		page_put(mm, mfn);
	return rc;
}

void page_put_typed(struct mm *mm, uint64_t mfn)
{
	page_put_type(mm, mfn);
	page_put(mm, mfn);
}

/* Xen's get_page_from_l1e: the guest may map its own frames; writable
 * only if the frame is not a page table or descriptor page. */
static int get_l1_entry(struct mm *mm, uint64_t e, unsigned int d)
{
	uint64_t mfn = pte_mfn(e);

	if (e & L1_DISALLOW)
		return -XEN_EINVAL;
	if (page_get(mm, mfn, d))
		return mfn < mm->nr_frames ? -XEN_EBUSY : -XEN_EINVAL;
	if ((e & PTE_RW) && page_get_type(mm, mfn, d, PGT_writable)) {
		page_put(mm, mfn);
		return -XEN_EBUSY;
	}
	return 0;
}

int pt_get_entry(struct mm *mm, unsigned int level, uint64_t *e,
		 unsigned int d)
{
	int rc;

	if (!(*e & PTE_P))
		return 0;
	if (level == 1)
		rc = get_l1_entry(mm, *e, d);
	else if (*e & LN_DISALLOW)
		rc = -XEN_EINVAL;
	else
		rc = page_get_typed(mm, pte_mfn(*e), d, level - 1);
	if (rc)
		return rc;
	*e |= PTE_US;	/* the guest kernel runs in ring 3 */
	return 0;
}

void pt_put_entry(struct mm *mm, unsigned int level, uint64_t e,
		  unsigned int d)
{
	uint64_t mfn = pte_mfn(e);

	if (!(e & PTE_P))
		return;
	if (level == 1 && (e & PTE_GNTTAB)) {
		/* Its references belong to the grant mapping, which stays
		 * until grant unmap or teardown; the domain that tore the
		 * entry out is the one at fault. */
		if (mm->implicit_grant_unmap)
			mm->implicit_grant_unmap(mm, d);
		return;
	}
	if (level > 1) {
		page_put_typed(mm, mfn);
		return;
	}
	if (e & PTE_RW)
		page_put_type(mm, mfn);
	page_put(mm, mfn);
}

/* A write into a frame that is not a live page table is a plain store,
 * allowed only if the frame could be mapped writable (Xen's
 * PGT_writable_page case of do_mmu_update). */
static int plain_update(struct mm *mm, uint64_t mfn, unsigned int idx,
			uint64_t val, unsigned int d)
{
	int rc = page_get_type(mm, mfn, d, PGT_writable);

	if (rc)
		return rc;
	table(mm, mfn)[idx] = val;
	page_put_type(mm, mfn);
	return 0;
}

int pt_update_entry(struct mm *mm, uint64_t table_mfn, unsigned int idx,
		    uint64_t val, unsigned int d, bool preserve_ad)
{
	struct page_info *p;
	uint64_t *slot, old;
	unsigned int level;
	int rc;

	if (table_mfn >= mm->nr_frames || idx >= 512 ||
	    mm->pages[table_mfn].owner != d || d == 0)
		return -XEN_EINVAL;
	p = &mm->pages[table_mfn];
	if (!p->type_count || !is_table_type(p->type))
		return plain_update(mm, table_mfn, idx, val, d);
	level = p->type;
	if (is_hv_slot(level, idx))
		return -XEN_EINVAL;
	slot = &table(mm, table_mfn)[idx];
	old = *slot;
	if (preserve_ad)
		val = (val & ~(PTE_A | PTE_D)) | (old & (PTE_A | PTE_D));
	rc = pt_get_entry(mm, level, &val, d);
	if (rc)
		return rc;
	*slot = val;
	pt_put_entry(mm, level, old, d);
	return 0;
}

int page_pin(struct mm *mm, uint64_t mfn, unsigned int d, enum page_type type)
{
	int rc;

	if (!is_table_type(type))
		return -XEN_EINVAL;
	rc = page_get(mm, mfn, d);
	if (rc)
		return rc;
	if (mm->pages[mfn].flags & PGF_pinned) {
		page_put(mm, mfn);
		return -XEN_EINVAL;
	}
	rc = page_get_type(mm, mfn, d, type);
	if (rc) {
		page_put(mm, mfn);
		return rc;
	}
	mm->pages[mfn].flags |= PGF_pinned;
	return 0;
}

int page_unpin(struct mm *mm, uint64_t mfn, unsigned int d)
{
	if (mfn >= mm->nr_frames || mm->pages[mfn].owner != d || d == 0 ||
	    !(mm->pages[mfn].flags & PGF_pinned))
		return -XEN_EINVAL;
	mm->pages[mfn].flags &= ~PGF_pinned;
	page_put_typed(mm, mfn);
	return 0;
}

int pt_find_l1(struct mm *mm, uint64_t l4_mfn, uint64_t va, uint64_t *l1_mfn)
{
	uint64_t mfn = l4_mfn;

	for (unsigned int shift = 39; shift > 12; shift -= 9) {
		uint64_t e;

		if (mfn >= mm->nr_frames)
			return -XEN_EINVAL;
		e = table(mm, mfn)[(va >> shift) & 511];
		if (!(e & PTE_P) || (e & PTE_PSE))
			return -XEN_EINVAL;
		mfn = pte_mfn(e);
	}
	*l1_mfn = mfn;
	return 0;
}
