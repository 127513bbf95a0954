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
 * - when the grantee ends, its mappings are taken down; when the granter
 *   ends first, the frames still mapped become orphans (gnttab_orphan),
 *   nobody's, freed when their last mapping goes.
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
#define MAX_GRANTEES 64		/* domain IDs that may hold mappings */
_Static_assert(GNTTAB_ORPHAN == MM_ORPHAN, "an orphan's mappings name its owner");

static volatile struct grant_entry_v1 *entry(struct domain *d, grant_ref_t ref)
{
	struct grant_entry_v1 *frame =
		mfn_to_virt(d->gnttab->frame[ref / GNTTAB_ENTRIES_PER_FRAME]);

	return &frame[ref % GNTTAB_ENTRIES_PER_FRAME];
}

int gnttab_create(struct domain *d)
{
	d->gnttab = xzalloc(sizeof(*d->gnttab));
	if (!d->gnttab)
		return -XEN_ENOMEM;
	d->gnttab->max_frames = GNTTAB_DEFAULT_FRAMES;
	d->gnttab->max_maptrack = GNTTAB_DEFAULT_MAPTRACK_FRAMES * GNTTAB_MAPTRACK_PER_FRAME;
	return gnttab_grow(d, 1) ? -XEN_ENOMEM : 0;
}

int gnttab_set_limits(struct domain *d, unsigned int frames,
		      unsigned int maptrack_frames)
{
	struct grant_table *gt = d->gnttab;

	frames = frames ? frames : GNTTAB_DEFAULT_FRAMES;
	maptrack_frames = maptrack_frames ? maptrack_frames : GNTTAB_DEFAULT_MAPTRACK_FRAMES;
	if (frames < gt->nr_frames || frames > GNTTAB_MAX_FRAMES ||
	    maptrack_frames * GNTTAB_MAPTRACK_PER_FRAME < gt->nr_maptrack ||
	    maptrack_frames > GNTTAB_MAX_MAPTRACK_FRAMES)
		return -XEN_EINVAL;
	gt->max_frames = frames;
	gt->max_maptrack = maptrack_frames * GNTTAB_MAPTRACK_PER_FRAME;
	return 0;
}

/* The pin counts of n entries, the old ones kept. */
static bool grow_pins(struct grant_table *gt, unsigned int n)
{
	size_t old = (size_t)gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME * sizeof(uint16_t);
	uint16_t *ro = xzalloc(n * sizeof(uint16_t)), *rw = xzalloc(n * sizeof(uint16_t));

	if (!ro || !rw) {
		xfree(ro);
		xfree(rw);
		return false;
	}
	if (gt->pin_ro) {
		memcpy(ro, gt->pin_ro, old);
		memcpy(rw, gt->pin_rw, old);
	}
	xfree(gt->pin_ro);
	xfree(gt->pin_rw);
	gt->pin_ro = ro;
	gt->pin_rw = rw;
	return true;
}

int16_t gnttab_grow(struct domain *d, unsigned int nr_frames)
{
	struct grant_table *gt = d->gnttab;

	if (nr_frames > gt->max_frames)
		return GNTST_general_error;	/* Xen's setup_table past the limit */
	if (nr_frames <= gt->nr_frames)
		return GNTST_okay;
	if (!grow_pins(gt, nr_frames * GNTTAB_ENTRIES_PER_FRAME))
		return GNTST_general_error;
	while (gt->nr_frames < nr_frames) {
		uint64_t mfn = frame_alloc(&machine_frames);

		if (mfn == FRAME_NONE)
			return GNTST_general_error;
		memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
		/* Shared with the guest like shared_info: never a page table. */
		machine_mm_assign(mfn, d->domid, M2P_INVALID);
		machine_mm.pages[mfn].ref_count = 1;
		machine_mm.pages[mfn].type = PGT_writable;
		machine_mm.pages[mfn].type_count = 1;
		gt->frame[gt->nr_frames++] = mfn;
	}
	return GNTST_okay;
}

void gnttab_free(struct domain *d)
{
	if (!d->gnttab)
		return;
	xfree(d->gnttab->maptrack);
	xfree(d->gnttab->pin_ro);
	xfree(d->gnttab->pin_rw);
	xfree(d->gnttab);
	d->gnttab = NULL;
}

void gnttab_seed(struct domain *d, grant_ref_t ref, domid_t grantee,
		 uint64_t mfn)
{
	volatile struct grant_entry_v1 *e = entry(d, ref);

	e->domid = grantee;
	e->frame = (uint32_t)mfn;
	e->flags = GTF_permit_access;
}

/* ---- the maptrack: a free list, grown by a maptrack frame's worth of
 * entries when empty, up to the domain's limit (handles are indexes, so
 * the array may move) ---- */

static void maptrack_put(struct grant_table *gt, struct grant_mapping *m)
{
	m->in_use = false;
	m->next_free = gt->maptrack_free;
	gt->maptrack_free = (uint32_t)(m - gt->maptrack) + 1;
}

static bool maptrack_grow(struct grant_table *gt)
{
	unsigned int n = gt->nr_maptrack + GNTTAB_MAPTRACK_PER_FRAME;
	struct grant_mapping *mt;

	if (n > gt->max_maptrack)
		return false;
	mt = xzalloc(n * sizeof(*mt));
	if (!mt)
		return false;
	if (gt->maptrack)
		memcpy(mt, gt->maptrack, gt->nr_maptrack * sizeof(*mt));
	xfree(gt->maptrack);
	gt->maptrack = mt;
	for (unsigned int i = n; i-- > gt->nr_maptrack;)	/* lowest first */
		maptrack_put(gt, &mt[i]);
	gt->nr_maptrack = n;
	return true;
}

static struct grant_mapping *maptrack_get(struct grant_table *gt)
{
	struct grant_mapping *m;

	if (!gt->maptrack_free && !maptrack_grow(gt))
		return NULL;
	m = &gt->maptrack[gt->maptrack_free - 1];
	gt->maptrack_free = m->next_free;
	return m;
}

/* Checks (granter, ref) for this grantee; on success marks it in use and
 * takes the mapping's references (page_get_mapping). */
static int16_t acquire(struct domain *granter, grant_ref_t ref, domid_t grantee,
		       bool writable, uint64_t *mfn)
{
	volatile struct grant_entry_v1 *e;
	uint16_t flags;
	int rc;

	if (ref >= granter->gnttab->nr_frames * GNTTAB_ENTRIES_PER_FRAME)
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
	rc = page_get_mapping(&machine_mm, *mfn, granter->domid, writable);
	if (rc)	/* not the granter's, or a page table asked for writable */
		return rc == -XEN_EBUSY ? GNTST_general_error : GNTST_bad_page;
	e->flags = flags | GTF_reading | (writable ? GTF_writing : 0);
	if (writable)
		granter->gnttab->pin_rw[ref]++;
	else
		granter->gnttab->pin_ro[ref]++;
	return GNTST_okay;
}

/* The mapping's references go; an orphan frame (its granter died) that
 * nothing holds any more is freed here. */
static void release_ref(struct domain *granter, grant_ref_t ref, uint64_t mfn,
			bool writable)
{
	struct grant_table *gt;

	if (page_put_mapping(&machine_mm, mfn, writable))
		machine_mm_free_frame(mfn);
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

/* Where the PTE of a GNTMAP_host_map goes: a linear address, or with
 * GNTMAP_contains_pte the machine address of the entry itself (Xen's
 * create_grant_pv_mapping; its errors there are all general_error). */
static int16_t host_slot(struct vcpu *v, const struct gnttab_map_grant_ref *op,
			 uint64_t *l1, unsigned int *idx)
{
	bool pte_addr = op->flags & GNTMAP_contains_pte;

	if (!pte_addr && (!guest_range_ok(op->host_addr, 1) || (op->host_addr & ~PAGE_MASK)))
		return GNTST_bad_virt_addr;
	if (!pt_grant_slot(&machine_mm, v->domain->domid, v->cr3 >> PAGE_SHIFT,
			   op->host_addr, pte_addr, l1, idx))
		return GNTST_okay;
	/* No L1 of ours there, or a live entry: never replaced. */
	return pte_addr ? GNTST_general_error : GNTST_bad_virt_addr;
}

/* acquire may finish devalidating a dying table of the granter's; when
 * the granter is the caller (a self-map), that table's entries may have
 * held the L1 chosen: the slot is checked again before the PTE goes in. */
static bool slot_still_free(domid_t d, uint64_t l1, unsigned int idx)
{
	return page_is_table(&machine_mm, l1, PGT_l1) && machine_mm.pages[l1].owner == d &&
	       !(((uint64_t *)mfn_to_virt(l1))[idx] & PTE_P);
}

/* A domain may map its own grants, as in Xen. GNTMAP_device_map alone
 * writes no PTE; either way dev_bus_addr is the frame's machine address
 * (Xen's map_grant_ref; Linux's p2m takes the MFN from it). */
int16_t gnttab_map(struct vcpu *v, struct gnttab_map_grant_ref *op)
{
	struct domain *d = v->domain, *granter = domain_by_id(op->dom);
	bool writable = !(op->flags & GNTMAP_readonly), host = op->flags & GNTMAP_host_map;
	struct grant_mapping *m;
	uint64_t l1 = 0, mfn;
	unsigned int idx = 0;
	int16_t st;

	if (!(op->flags & (GNTMAP_host_map | GNTMAP_device_map)))
		return GNTST_bad_gntref;	/* Xen: no use asked for */
	if (!granter)
		return GNTST_bad_domain;
	st = host ? host_slot(v, op, &l1, &idx) : GNTST_okay;
	if (st)
		return st;
	m = maptrack_get(d->gnttab);
	if (!m)
		return GNTST_no_space;	/* Xen's answer when the maptrack is full */
	st = acquire(granter, op->ref, d->domid, writable, &mfn);
	if (!st && host && !slot_still_free(d->domid, l1, idx)) {
		release_ref(granter, op->ref, mfn, writable);
		st = GNTST_general_error;
	}
	if (st) {
		maptrack_put(d->gnttab, m);
		return st;
	}
	*m = (struct grant_mapping){ .in_use = true, .writable = writable, .has_pte = host,
				     .device_map = op->flags & GNTMAP_device_map,
				     .pte_addr = host && (op->flags & GNTMAP_contains_pte),
				     .granter = granter->domid, .ref = op->ref, .mfn = mfn,
				     .host_addr = op->host_addr, .l1_mfn = l1, .l1_idx = idx };
	if (host) {
		uint64_t *pte = &((uint64_t *)mfn_to_virt(l1))[idx];

		/* XENFEAT_gnttab_map_avail_bits: the guest's bits go to PTE 9-11. */
		*pte = (mfn << PAGE_SHIFT) | PTE_GRANT_FLAGS | (writable ? PTE_RW : 0) |
		       (((uint64_t)(op->flags >> _GNTMAP_guest_avail0) & 7) << 9);
		m->pte = *pte;
	}
	op->handle = m - d->gnttab->maptrack;
	op->dev_bus_addr = mfn << PAGE_SHIFT;
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

	if (!m->has_pte || p->owner != d->domid || p->type != PGT_l1 || !p->type_count ||
	    (*pte | PTE_A | PTE_D) != (m->pte | PTE_A | PTE_D))
		return NULL;
	return pte;
}

/* Takes a mapping down: its PTE, if still there, then its references.
 * The PTE may be cached at any alias of its L1, so a full TLB flush is
 * owed before anything touches guest memory again (Xen's unmap flushes
 * before unmap_common_complete releases the page for the same reason);
 * an orphan frame freed here is reused only after it too. */
static void take_down(struct domain *d, struct grant_mapping *m)
{
	uint64_t *pte = live_pte(d, m);

	if (pte)
		*pte = 0;
	machine_mm.flush_needed = true;
	release_ref(domain_by_id(m->granter), m->ref, m->mfn, m->writable);
	maptrack_put(d->gnttab, m);
}

/* Xen's unmap_common, with one simplification: a handle is unmapped
 * whole (host and device use together, as Linux always asks), and a
 * host_addr of 0 names the whole mapping too. A host_addr (a PTE's
 * machine address with GNTMAP_contains_pte) or dev_bus_addr given must
 * be the mapping's. */
int16_t gnttab_unmap(struct vcpu *v, struct gnttab_unmap_grant_ref *op)
{
	struct domain *d = v->domain;
	struct grant_mapping *m;

	if (op->handle >= d->gnttab->nr_maptrack || !d->gnttab->maptrack[op->handle].in_use)
		return GNTST_bad_handle;
	m = &d->gnttab->maptrack[op->handle];
	if (op->dev_bus_addr && m->device_map && op->dev_bus_addr != m->mfn << PAGE_SHIFT)
		return GNTST_bad_dev_addr;
	if (op->host_addr && m->has_pte && op->host_addr != m->host_addr)
		return m->pte_addr ? GNTST_general_error : GNTST_bad_virt_addr;
	/* A live domain cannot have removed the entry (it would have been
	 * crashed); should it be missing, the references stay with the
	 * handle until teardown rather than risk releasing them early. */
	if (m->has_pte && !live_pte(d, m))
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
		int rc;

		*mfn = p->u.gmfn;
		rc = page_get_mapping(&machine_mm, *mfn, d->domid, writable);
		if (rc)
			return rc == -XEN_EBUSY ? GNTST_general_error : GNTST_bad_page;
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
	page_put_mapping(&machine_mm, mfn, writable);	/* our own: never an orphan */
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
	for (unsigned int i = 0; i < d->gnttab->nr_maptrack; i++)
		if (d->gnttab->maptrack[i].in_use)
			take_down(d, &d->gnttab->maptrack[i]);
}

/* Xen keeps a dying domain's page while a grantee maps it (the mapping's
 * references keep it); here it changes owner to MM_ORPHAN so that no
 * domain, not even a new one with the same ID, can reach it, and the
 * mapping forgets its granter (no pins of a later domain to touch). Its
 * contents stay: the grantee may be in the middle of using them. */
void gnttab_orphan(struct domain *d)
{
	for (domid_t id = 1; id < MAX_GRANTEES; id++) {
		struct domain *o = domain_by_id(id);

		if (!o || o == d || !o->gnttab)
			continue;
		for (unsigned int i = 0; i < o->gnttab->nr_maptrack; i++) {
			struct grant_mapping *m = &o->gnttab->maptrack[i];

			if (!m->in_use || m->granter != d->domid)
				continue;
			page_orphan(&machine_mm, m->mfn, d->domid, m->writable);
			m2p[m->mfn] = M2P_INVALID;
			m->granter = GNTTAB_ORPHAN;
		}
	}
}
