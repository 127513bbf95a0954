/* SPDX-License-Identifier: GPL-2.0-only */
/* Page ownership, reference counts, types and page-table validation (see
 * page_types.h for the invariants). Error codes follow Xen's mm.c:
 * -EINVAL for a bad entry or type clash, -EBUSY when an L1 entry would map
 * a frame the guest may not map, or map a page table writable.
 * Validation and devalidation work one entry at a time from a cursor, so
 * either can stop at the work budget and carry on later (Xen's
 * PGT_partial and nr_validated_ptes); page_types.h says what a partial or
 * dying frame holds. */
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
	/* One below the limit: a partial frame may park one more. */
	if (d == 0 || p->owner != d || p->ref_count >= UINT32_MAX - 1)
		return -XEN_EINVAL;
	p->ref_count++;
	return 0;
}

void page_put(struct mm *mm, uint64_t mfn)
{
	mm->pages[mfn].ref_count--;
}

/* One entry's worth of work; false when a preemptible step must stop. */
static bool in_budget(struct mm *mm)
{
	if (!mm->preemptible)
		return true;
	if (!mm->work_left)
		return false;
	mm->work_left--;
	return true;
}

/* ---- the owner's queue of dying frames (doubly linked: a revived or
 * finished frame leaves it in O(1)) ---- */

static void queue_push(struct mm *mm, uint64_t mfn)
{
	struct page_info *p = &mm->pages[mfn];
	uint32_t *head = &mm->dying[p->owner];

	p->dying_prev = 0;
	p->dying_next = *head;
	if (*head)
		mm->pages[*head - 1].dying_prev = mfn + 1;
	*head = mfn + 1;
}

static void queue_unlink(struct mm *mm, uint64_t mfn)
{
	struct page_info *p = &mm->pages[mfn];

	if (p->dying_prev)
		mm->pages[p->dying_prev - 1].dying_next = p->dying_next;
	else
		mm->dying[p->owner] = p->dying_next;
	if (p->dying_next)
		mm->pages[p->dying_next - 1].dying_prev = p->dying_prev;
	p->dying_prev = p->dying_next = 0;
}

/* ---- validation and devalidation of one partial frame ---- */

/* Carries on from entry `validated` (Xen's promote_lN_table loop, with
 * nr_validated_ptes). An L4 gets the hypervisor's slots once complete,
 * whatever the guest left there. */
static int validate_rest(struct mm *mm, uint64_t mfn, unsigned int d)
{
	struct page_info *p = &mm->pages[mfn];
	unsigned int level = p->type;
	uint64_t *t = table(mm, mfn);

	for (; p->validated < 512; p->validated++) {
		uint64_t e = t[p->validated];
		int rc;

		if (is_hv_slot(level, p->validated))
			continue;
		if (!in_budget(mm))
			return -PT_ERESTART;
		rc = pt_get_entry(mm, level, &e, d);
		if (rc)
			return rc;
		t[p->validated] = e;
	}
	if (level == 4)
		memcpy(&t[HV_L4_FIRST], mm->hv_l4_slots,
		       (HV_L4_LAST - HV_L4_FIRST + 1) * sizeof(uint64_t));
	return 0;
}

/* Releases the held entries from the last down (Xen's demote_lN_table);
 * with `bounded`, stops when the step's budget is spent. Unbounded (at
 * most 512 entries) the work still counts, so that what follows in the
 * same step stops sooner. A child that loses its last type reference is
 * queued, so this never recurses. */
static bool release_held(struct mm *mm, uint64_t mfn, bool bounded)
{
	struct page_info *p = &mm->pages[mfn];
	unsigned int level = p->type;
	uint64_t *t = table(mm, mfn);

	while (p->validated) {
		unsigned int i = p->validated - 1;

		if (!is_hv_slot(level, i)) {
			if (!in_budget(mm) && bounded)
				return false;
			pt_put_entry(mm, level, t[i], p->owner);
		}
		p->validated = i;
	}
	return true;
}

/* The frame is untyped again and its parked pair goes. */
static void untype(struct mm *mm, uint64_t mfn)
{
	struct page_info *p = &mm->pages[mfn];

	if (p->type == PGT_l4)	/* do not leave our table addresses to the guest */
		memset(&table(mm, mfn)[HV_L4_FIRST], 0,
		       (HV_L4_LAST - HV_L4_FIRST + 1) * sizeof(uint64_t));
	if (p->flags & PGF_dying)
		queue_unlink(mm, mfn);
	p->flags &= ~(PGF_partial | PGF_dying);
	p->type = PGT_none;
	p->type_count = 0;
	p->ref_count--;
}

/* A request for the type of a partial frame: validation carries on from
 * where it stopped (Xen's _get_page_type on a PGT_partial page). */
static int carry_on(struct mm *mm, uint64_t mfn, unsigned int d)
{
	struct page_info *p = &mm->pages[mfn];
	int rc;

	if (p->flags & PGF_dying) {	/* revived: wanted again */
		queue_unlink(mm, mfn);
		p->flags &= ~PGF_dying;
	}
	rc = validate_rest(mm, mfn, d);
	if (rc == -PT_ERESTART)
		return rc;
	if (rc) {
		release_held(mm, mfn, false);
		untype(mm, mfn);
		return rc;
	}
	/* The parked type reference is now the requester's. */
	p->flags &= ~PGF_partial;
	p->ref_count--;
	return 0;
}

/* An untyped frame becomes a table: partial from entry 0, with a parked
 * pair. The type is set before validation, so a table that refers to
 * itself (at any depth) meets a type clash instead of recursion. */
static int start_validation(struct mm *mm, uint64_t mfn, unsigned int d,
			    enum page_type type)
{
	struct page_info *p = &mm->pages[mfn];

	if (d >= MM_MAX_OWNERS)
		return -XEN_EINVAL;
	p->type = type;
	p->type_count = 1;
	p->ref_count++;
	p->flags |= PGF_partial;
	p->validated = 0;
	mm->flush_needed = true;	/* see page_get_type */
	return carry_on(mm, mfn, d);
}

int page_get_type(struct mm *mm, uint64_t mfn, unsigned int d,
		  enum page_type type)
{
	struct page_info *p;

	if (mfn >= mm->nr_frames || mm->pages[mfn].owner != d || d == 0)
		return -XEN_EINVAL;
	p = &mm->pages[mfn];
	if (p->flags & PGF_partial) {
		if (p->type == type)
			return carry_on(mm, mfn, d);
		if (!(p->flags & PGF_dying))
			return -XEN_EINVAL;	/* a validation is under way */
		release_held(mm, mfn, false);	/* at most 512, no recursion */
		untype(mm, mfn);
	}
	if (p->type_count) {
		if (p->type != type || p->type_count == UINT32_MAX)
			return -XEN_EINVAL;
		p->type_count++;
		return 0;
	}
	if (is_table_type(type))
		return start_validation(mm, mfn, d, type);
	p->type = type;
	p->type_count = 1;
	/* Writable TLB entries for this frame may survive its last writable
	 * PTE; they must go before the guest can use it as a page table or
	 * descriptor page, whose contents we checked. */
	if (type != PGT_writable)
		mm->flush_needed = true;
	return 0;
}

static bool drain(struct mm *mm, unsigned int d, bool bounded)
{
	while (mm->dying[d]) {
		uint64_t mfn = mm->dying[d] - 1;

		if (!release_held(mm, mfn, bounded))
			return false;
		untype(mm, mfn);
	}
	return true;
}

/* The last type reference of a table goes: the releasing caller's pair is
 * parked and the frame queued for devalidation (Xen's _put_page_type
 * leaving PGT_partial behind, or put_old_guest_table's work). */
void page_put_type(struct mm *mm, uint64_t mfn)
{
	struct page_info *p = &mm->pages[mfn];

	if (--p->type_count)
		return;
	if (!is_table_type(p->type)) {
		p->type = PGT_none;
		return;
	}
	p->type_count = 1;
	p->ref_count++;
	p->flags |= PGF_partial | PGF_dying;
	p->validated = 512;
	queue_push(mm, mfn);
	if (!mm->preemptible && !mm->draining) {
		mm->draining = true;
		drain(mm, p->owner, false);
		mm->draining = false;
	}
}

bool page_types_drain(struct mm *mm, unsigned int d)
{
	return d >= MM_MAX_OWNERS || drain(mm, d, true);
}

void page_types_forget(struct mm *mm, unsigned int d)
{
	if (d < MM_MAX_OWNERS)
		mm->dying[d] = 0;
}

bool page_is_table(const struct mm *mm, uint64_t mfn, enum page_type level)
{
	const struct page_info *p;

	if (mfn >= mm->nr_frames)
		return false;
	p = &mm->pages[mfn];
	return p->type == level && p->type_count && !(p->flags & PGF_partial);
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

bool mm_frame_is_ram(const struct mm *mm, uint64_t mfn)
{
	return mfn < mm->nr_frames && (!mm->is_ram || mm->is_ram(mfn));
}

/* An entry for a frame that is not RAM: only the domain's device memory,
 * uncached, no reference taken (Xen's get_page_from_l1e on a frame
 * without page_info, with iomem_access_permitted and mmio_ro_ranges). */
static int get_mmio_entry(struct mm *mm, uint64_t *e, unsigned int d)
{
	uint64_t mfn = pte_mfn(*e);
	int access = mm->mmio_access ? mm->mmio_access(d, mfn) : MMIO_NONE;

	if (access == MMIO_NONE || (*e & (L1_DISALLOW & ~PTE_MMIO_ALLOWED)))
		return mfn < mm->nr_frames ? -XEN_EBUSY : -XEN_EINVAL;
	if ((*e & PTE_RW) && access != MMIO_WRITE)
		return -XEN_EPERM;
	*e |= PTE_MMIO_FORCED;
	return 0;
}

/* Xen's get_page_from_l1e: the guest may map its own frames; writable
 * only if the frame is not a page table or descriptor page. */
static int get_l1_entry(struct mm *mm, uint64_t *ep, unsigned int d)
{
	uint64_t e = *ep, mfn = pte_mfn(e);

	if (!(e & PTE_GNTTAB) && !mm_frame_is_ram(mm, mfn))
		return get_mmio_entry(mm, ep, d);
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
		rc = get_l1_entry(mm, e, d);
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
	if (!mm_frame_is_ram(mm, mfn))
		return;		/* device memory: it held nothing */
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
	/* A dying table is about to be untyped: plain_update finishes that.
	 * A table still being validated is refused there (Xen's do_mmu_update
	 * cannot lock a page that is not PGT_validated). */
	if (!is_table_type(p->type) || !page_is_table(mm, table_mfn, p->type))
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

int page_get_mapping(struct mm *mm, uint64_t mfn, unsigned int d, bool writable)
{
	if (page_get(mm, mfn, d))
		return -XEN_EINVAL;
	if (writable && page_get_type(mm, mfn, d, PGT_writable)) {
		page_put(mm, mfn);
		return -XEN_EBUSY;	/* a page table cannot be granted writable */
	}
	return 0;
}

bool page_put_mapping(struct mm *mm, uint64_t mfn, bool writable)
{
	struct page_info *p = &mm->pages[mfn];

	if (writable)
		page_put_type(mm, mfn);
	page_put(mm, mfn);
	return p->owner == MM_ORPHAN && !p->ref_count;
}

void page_orphan(struct mm *mm, uint64_t mfn, unsigned int d, bool writable)
{
	struct page_info *p = &mm->pages[mfn];

	if (p->owner == d) {
		if (p->flags & PGF_dying)
			queue_unlink(mm, mfn);
		*p = (struct page_info){ .owner = MM_ORPHAN };
	}
	p->ref_count++;
	if (writable) {
		p->type = PGT_writable;
		p->type_count++;
	}
}

int pt_grant_slot(struct mm *mm, unsigned int d, uint64_t l4_mfn, uint64_t addr,
		  bool pte_addr, uint64_t *l1_mfn, unsigned int *idx)
{
	if (pte_addr) {
		if (addr & 7)
			return -XEN_EINVAL;
		*l1_mfn = addr >> PAGE_SHIFT;
		*idx = (addr & ~PAGE_MASK) / 8;
	} else {
		if (pt_find_l1(mm, l4_mfn, addr, l1_mfn))
			return -XEN_EINVAL;
		*idx = (addr >> PAGE_SHIFT) & 511;
	}
	if (d == 0 || !page_is_table(mm, *l1_mfn, PGT_l1) ||
	    mm->pages[*l1_mfn].owner != d)
		return -XEN_EINVAL;
	return table(mm, *l1_mfn)[*idx] & PTE_P ? -XEN_EBUSY : 0;
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
