/* SPDX-License-Identifier: GPL-2.0-only */
/* Grant tables v1 (see grant_table.h). The rules that keep it safe:
 * - an entry is honoured only while it says GTF_permit_access for this
 *   grantee, and writable only without GTF_readonly; GTF_reading and
 *   GTF_writing tell the granter it is in use, as in Xen;
 * - a mapping holds a reference (and, if writable, a writable type) on
 *   the granted frame, so it can neither be freed by its owner nor become
 *   a page table while mapped; the references belong to the maptrack
 *   entry, never to the PTE;
 * - the PTE carries PTE_GNTTAB, which no guest may write, and nothing but
 *   grant unmap or teardown may remove it: a grantee that tears it out
 *   any other way is crashed (page_types.c calls gnttab_implicit_unmap),
 *   so a mapping's references are released exactly once, by take_down;
 * - pins are bounded (GNTTAB_PIN_MAX), so they cannot wrap;
 * - when either side ends, the mapping is taken down.
 * PV only: the granter's frame number is its MFN. */
#include <parvus/grant_table.h>
#include <parvus/domain.h>
#include <parvus/heap.h>
#include <parvus/frame_alloc.h>
#include <parvus/guest_access.h>
#include <parvus/layout.h>
#include <parvus/machine_mm.h>
#include <parvus/page_types.h>
#include <parvus/string.h>

#define PTE_GRANT_FLAGS (PTE_P | PTE_US | PTE_A | PTE_D | PTE_GNTTAB)

static volatile struct grant_entry_v1 *entry(struct domain *d, grant_ref_t ref)
{
	struct grant_entry_v1 *frame = mfn_to_virt(d->gnttab->frame[ref / 512]);

	return &frame[ref % 512];
}

int gnttab_create(struct domain *d)
{
	d->gnttab = xzalloc(sizeof(*d->gnttab));
	if (!d->gnttab)
		return -XEN_ENOMEM;
	for (unsigned int i = 0; i < GNTTAB_FRAMES; i++) {
		uint64_t mfn = frame_alloc(&machine_frames);

		if (mfn == FRAME_NONE)
			return -XEN_ENOMEM;
		memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
		/* Shared with the guest like shared_info: never a page table. */
		machine_mm_assign(mfn, d->domid, M2P_INVALID);
		machine_mm.pages[mfn].ref_count = 1;
		machine_mm.pages[mfn].type = PGT_writable;
		machine_mm.pages[mfn].type_count = 1;
		d->gnttab->frame[i] = mfn;
	}
	return 0;
}

void gnttab_seed(struct domain *d, grant_ref_t ref, domid_t grantee,
		 uint64_t mfn)
{
	volatile struct grant_entry_v1 *e = entry(d, ref);

	e->domid = grantee;
	e->frame = (uint32_t)mfn;
	e->flags = GTF_permit_access;
}

/* Checks (granter, ref) for this grantee; on success marks it in use. */
static int16_t acquire(struct domain *granter, grant_ref_t ref, domid_t grantee,
		       bool writable, uint64_t *mfn)
{
	volatile struct grant_entry_v1 *e;
	uint16_t flags;

	if (ref >= GNTTAB_ENTRIES)
		return GNTST_bad_gntref;
	e = entry(granter, ref);
	flags = e->flags;
	if ((flags & GTF_type_mask) != GTF_permit_access || e->domid != grantee)
		return GNTST_permission_denied;
	if (writable && (flags & GTF_readonly))
		return GNTST_permission_denied;
	if ((writable ? granter->gnttab->pin_rw[ref] : granter->gnttab->pin_ro[ref]) >=
	    GNTTAB_PIN_MAX)
		return GNTST_general_error;	/* Xen: "risk of counter overflow" */
	*mfn = e->frame;
	if (page_get(&machine_mm, *mfn, granter->domid))
		return GNTST_bad_page;
	if (writable && page_get_type(&machine_mm, *mfn, granter->domid, PGT_writable)) {
		page_put(&machine_mm, *mfn);
		return GNTST_general_error;	/* a page table cannot be granted */
	}
	e->flags = flags | GTF_reading | (writable ? GTF_writing : 0);
	if (writable)
		granter->gnttab->pin_rw[ref]++;
	else
		granter->gnttab->pin_ro[ref]++;
	return GNTST_okay;
}

static void release_ref(struct domain *granter, grant_ref_t ref, uint64_t mfn,
			bool writable)
{
	struct grant_table *gt;

	if (writable)
		page_put_type(&machine_mm, mfn);
	page_put(&machine_mm, mfn);
	if (!granter)
		return;
	gt = granter->gnttab;
	if (writable && gt->pin_rw[ref])
		gt->pin_rw[ref]--;
	else if (!writable && gt->pin_ro[ref])
		gt->pin_ro[ref]--;
	if (!gt->pin_rw[ref])
		entry(granter, ref)->flags &= ~GTF_writing;
	if (!gt->pin_rw[ref] && !gt->pin_ro[ref])
		entry(granter, ref)->flags &= ~GTF_reading;
}

int16_t gnttab_map(struct vcpu *v, struct gnttab_map_grant_ref *op)
{
	struct domain *d = v->domain, *granter = domain_by_id(op->dom);
	bool writable = !(op->flags & GNTMAP_readonly);
	struct grant_mapping *m = NULL;
	uint64_t l1, *pte, mfn;
	int16_t st;

	if (!(op->flags & GNTMAP_host_map) ||
	    (op->flags & (GNTMAP_device_map | GNTMAP_contains_pte)))
		return GNTST_general_error;	/* PV host mappings only */
	if (!granter || granter == d)
		return GNTST_bad_domain;
	if (!guest_range_ok(op->host_addr, 1) || (op->host_addr & ~PAGE_MASK) ||
	    pt_find_l1(&machine_mm, v->cr3 >> PAGE_SHIFT, op->host_addr, &l1) ||
	    !page_is_table(&machine_mm, l1, PGT_l1))
		return GNTST_bad_virt_addr;
	pte = &((uint64_t *)mfn_to_virt(l1))[(op->host_addr >> 12) & 511];
	if (*pte & PTE_P)
		return GNTST_bad_virt_addr;	/* never replace a live mapping */
	for (unsigned int i = 0; i < GNTTAB_MAPTRACK && !m; i++)
		if (!d->gnttab->maptrack[i].in_use)
			m = &d->gnttab->maptrack[i];
	if (!m)
		return GNTST_no_space;
	st = acquire(granter, op->ref, d->domid, writable, &mfn);
	if (st)
		return st;
	/* XENFEAT_gnttab_map_avail_bits: the guest's bits go to PTE 9-11. */
	*pte = (mfn << PAGE_SHIFT) | PTE_GRANT_FLAGS | (writable ? PTE_RW : 0) |
	       (((uint64_t)(op->flags >> _GNTMAP_guest_avail0) & 7) << 9);
	*m = (struct grant_mapping){ true, writable, granter->domid, op->ref, mfn,
				     op->host_addr, l1, (op->host_addr >> 12) & 511,
				     *pte };
	op->handle = m - d->gnttab->maptrack;
	op->dev_bus_addr = 0;
	return GNTST_okay;
}

/* The mapping's PTE, if it is still the one we wrote in a live L1 (the
 * CPU may have set Accessed and Dirty; nothing else may change it). An L1
 * whose validation or devalidation is under way (PGF_partial) still counts:
 * the frame stays an L1, and a grant entry holds nothing to release. */
static uint64_t *live_pte(struct domain *d, const struct grant_mapping *m)
{
	struct page_info *p = &machine_mm.pages[m->l1_mfn];
	uint64_t *pte = &((uint64_t *)mfn_to_virt(m->l1_mfn))[m->l1_idx];

	if (p->owner != d->domid || p->type != PGT_l1 || !p->type_count ||
	    (*pte | PTE_A | PTE_D) != (m->pte | PTE_A | PTE_D))
		return NULL;
	return pte;
}

/* Takes a mapping down: its PTE, if still there, then its references.
 * The PTE may be cached at any alias of its L1, so a full TLB flush is
 * owed before anything touches guest memory again (Xen's unmap flushes
 * before unmap_common_complete releases the page for the same reason). */
static void take_down(struct domain *d, struct grant_mapping *m)
{
	uint64_t *pte = live_pte(d, m);

	if (pte)
		*pte = 0;
	machine_mm.flush_needed = true;
	release_ref(domain_by_id(m->granter), m->ref, m->mfn, m->writable);
	m->in_use = false;
}

int16_t gnttab_unmap(struct vcpu *v, struct gnttab_unmap_grant_ref *op)
{
	struct domain *d = v->domain;
	struct grant_mapping *m;

	if (op->handle >= GNTTAB_MAPTRACK || !d->gnttab->maptrack[op->handle].in_use)
		return GNTST_bad_handle;
	m = &d->gnttab->maptrack[op->handle];
	if (op->host_addr && op->host_addr != m->host_addr)
		return GNTST_bad_virt_addr;
	/* A live domain cannot have removed the entry (it would have been
	 * crashed); should it be missing, the references stay with the
	 * handle until teardown rather than risk releasing them early. */
	if (!live_pte(d, m))
		return GNTST_general_error;
	take_down(d, m);
	return GNTST_okay;
}

/* The page-type engine found a grant-marked entry removed other than by
 * grant unmap (Xen's put_page_from_l1e crashes that domain too). */
static void implicit_unmap(struct mm *mm, unsigned int owner)
{
	struct domain *d = domain_by_id(owner);

	(void)mm;
	if (d)	/* NULL while it is torn down: then its entries just go */
		domain_crash(d, "removed a grant mapping's PTE other than by "
			     "grant unmap");
}

void gnttab_init(void)
{
	machine_mm.implicit_grant_unmap = implicit_unmap;
}

/* One side of a copy: a granted page, or one of the caller's own. */
static int16_t copy_side(struct domain *d, const struct gnttab_copy_ptr *p,
			 bool is_gref, bool writable, uint16_t len, uint8_t **va,
			 struct domain **granter, uint64_t *mfn)
{
	int16_t st;

	if ((uint32_t)p->offset + len > PAGE_SIZE)
		return GNTST_bad_copy_arg;
	*granter = NULL;
	if (is_gref) {
		*granter = domain_by_id(p->domid == DOMID_SELF ? d->domid : p->domid);
		if (!*granter)
			return GNTST_bad_domain;
		st = acquire(*granter, p->u.ref, d->domid, writable, mfn);
		if (st)
			return st;
	} else {
		if (p->domid != DOMID_SELF && p->domid != d->domid)
			return GNTST_permission_denied;
		*mfn = p->u.gmfn;
		if (page_get(&machine_mm, *mfn, d->domid))
			return GNTST_bad_page;
		if (writable && page_get_type(&machine_mm, *mfn, d->domid, PGT_writable)) {
			page_put(&machine_mm, *mfn);
			return GNTST_general_error;
		}
	}
	*va = (uint8_t *)mfn_to_virt(*mfn) + p->offset;
	return GNTST_okay;
}

static void copy_side_done(struct domain *granter, const struct gnttab_copy_ptr *p,
			   uint64_t mfn, bool writable)
{
	if (granter) {
		release_ref(granter, p->u.ref, mfn, writable);
		return;
	}
	if (writable)
		page_put_type(&machine_mm, mfn);
	page_put(&machine_mm, mfn);
}

int16_t gnttab_copy(struct domain *d, struct gnttab_copy *op)
{
	struct domain *sg, *dg;
	uint8_t *src, *dst;
	uint64_t smfn, dmfn;
	int16_t st;

	st = copy_side(d, &op->source, op->flags & GNTCOPY_source_gref, false,
		       op->len, &src, &sg, &smfn);
	if (st)
		return st;
	st = copy_side(d, &op->dest, op->flags & GNTCOPY_dest_gref, true,
		       op->len, &dst, &dg, &dmfn);
	if (st) {
		copy_side_done(sg, &op->source, smfn, false);
		return st;
	}
	memmove(dst, src, op->len);
	copy_side_done(dg, &op->dest, dmfn, true);
	copy_side_done(sg, &op->source, smfn, false);
	return GNTST_okay;
}

void gnttab_release(struct domain *d)
{
	if (!d->gnttab)
		return;
	for (unsigned int i = 0; i < GNTTAB_MAPTRACK; i++)
		if (d->gnttab->maptrack[i].in_use)
			take_down(d, &d->gnttab->maptrack[i]);
	/* Others' mappings of our pages go before our frames are freed. */
	for (domid_t id = 1; id < 64; id++) {
		struct domain *o = domain_by_id(id);

		if (!o || o == d || !o->gnttab)
			continue;
		for (unsigned int i = 0; i < GNTTAB_MAPTRACK; i++) {
			struct grant_mapping *m = &o->gnttab->maptrack[i];

			if (m->in_use && m->granter == d->domid)
				take_down(o, m);
		}
	}
}
