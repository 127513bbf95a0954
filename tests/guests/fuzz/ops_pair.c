/* SPDX-License-Identifier: GPL-2.0-only */
/* The pair mode (pair=granter|grantee peer=ID): two fuzz domains driven
 * by one seed that cooperate against the grant rules, beside the witness.
 * The granter grants the first PAIR_FRAMES of its spare frames (refs
 * PAIR_REF0..) to its peer, read-only or writable, rewrites and revokes
 * those grants at random, and aims its ordinary page-table updates, pins,
 * unpins and decrease_reservation mostly at the same frames (frames.c).
 * The grantee maps those grants into the upper half of its grant window,
 * writes and reads through them, copies to and from them, unmaps them,
 * and lets its ordinary calls run meanwhile. The hypervisor's audit
 * (audit=mm) is the judge of the counts; what the guests check is that no
 * write goes through a read-only grant and that neither domain dies,
 * except a grantee of the seed class PAIR_FATAL_SEEDS, which once tears a
 * live grant PTE out by update_va_mapping and must be crashed for it
 * (Xen's rule), while the granter and the witness carry on. */
#include "fuzz.h"

#define PAIR_REF0	16
#define PAIR_REFS	32
#define PAIR_SLOT0	256	/* grant window slots of the pair: 256..447 */
#define PAIR_SLOTS	192
#define PAIR_GT_SLOT	511	/* the granter's view of its grant table */

enum pair_role pair_role;
domid_t pair_peer;
struct pair_stats pair_stats;

/* ---- the granter ---- */
static volatile struct grant_entry_v1 *table;

void fuzz_pair_setup(void)
{
	uint64_t va = GRANT_WINDOW_VA + PAIR_GT_SLOT * PAGE;

	if (pair_role != PAIR_GRANTER)
		return;
	if (nr_free_frames < PAIR_FRAMES + 64 ||
	    HYPERVISOR_update_va_mapping(va, fuzz_grant_table_mfn(0) << 12 | 7, UVMF_INVLPG))
		guest_fail("pair: cannot map our grant table");
	table = (volatile struct grant_entry_v1 *)va;
}

/* A grant of one of the pair frames, or a revoked or foreign one. The
 * flags go first, so the hypervisor never sees a new frame under old
 * flags. */
static void granter_write_entry(void)
{
	unsigned int ref = PAIR_REF0 + (unsigned int)rn(PAIR_REFS);
	uint16_t flags = (uint16_t)PICK(GTF_permit_access, GTF_permit_access,
					GTF_permit_access | GTF_readonly, 0,
					GTF_permit_access | GTF_readonly, rnd() & 0xff);

	__atomic_store_n(&table[ref].flags, 0, __ATOMIC_SEQ_CST);
	table[ref].domid = chance(90) ? pair_peer : fuzz_rand_domid();
	table[ref].frame = (uint32_t)(chance(95) ? free_frames[rn(PAIR_FRAMES)] :
				      fuzz_rand_mfn(USE_ANY));
	__atomic_store_n(&table[ref].flags, flags, __ATOMIC_SEQ_CST);
	pair_stats.grants_written++;
}

/* The frame under a grant, through the calls that change what it is. */
static void granter_frame_op(void)
{
	unsigned int i = (unsigned int)rn(PAIR_FRAMES);
	uint64_t mfn = free_frames[i], gpfn;
	const uint64_t *m2p = (const uint64_t *)MACH2PHYS_VIRT_START;
	struct mmuext_op op = { .cmd = PICK(MMUEXT_PIN_L1_TABLE, MMUEXT_PIN_L2_TABLE,
					    MMUEXT_PIN_L3_TABLE, MMUEXT_PIN_L4_TABLE,
					    MMUEXT_UNPIN_TABLE, MMUEXT_UNPIN_TABLE,
					    MMUEXT_CLEAR_PAGE) };
	struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };
	uint64_t ext;

	op.arg1.mfn = mfn;
	if (!chance(10)) {
		HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
		return;
	}
	/* Given back only when nothing holds it; then a fresh frame takes
	 * its place at the same gpfn and in the pair. */
	gpfn = m2p[mfn];
	ext = mfn;
	set_xen_guest_handle(r.extent_start, &ext);
	if (HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r) != 1)
		return;
	pair_stats.frames_given_back++;
	ext = gpfn < start_info->nr_pages ? gpfn : 0;
	if (HYPERVISOR_memory_op(XENMEM_populate_physmap, &r) == 1 && ext < max_mfn) {
		fuzz_adopt_free_frame(i, ext);
		pair_stats.frames_replaced++;
	}
}

static void granter_op(void)
{
	if (chance(50))
		granter_write_entry();
	else
		granter_frame_op();
}

/* ---- the grantee ---- */
struct pair_map {
	bool live;
	bool writable;
	bool by_pte;		/* GNTMAP_contains_pte: named by PTE address */
	grant_handle_t handle;
};
static struct pair_map maps[PAIR_SLOTS];

static uint64_t slot_va(unsigned int slot)
{
	return GRANT_WINDOW_VA + (PAIR_SLOT0 + slot) * PAGE;
}

/* The machine address of the slot's entry in the grant window's L1. */
static uint64_t slot_pte(unsigned int slot)
{
	return grant_window_l1 << 12 | (PAIR_SLOT0 + slot) * 8;
}

static long do_read(void *p)
{
	return *(volatile uint64_t *)p ? 0 : 0;
}

static long do_write(void *p)
{
	*(volatile uint64_t *)p = now_iter;
	return 0;
}

static void grantee_map(unsigned int slot)
{
	bool ro = chance(40), by_pte = chance(30);
	struct gnttab_map_grant_ref m = {
		.host_addr = by_pte ? slot_pte(slot) : slot_va(slot),
		.flags = GNTMAP_host_map | (ro ? GNTMAP_readonly : 0) |
			 (by_pte ? GNTMAP_contains_pte : 0) |
			 (chance(10) ? (uint32_t)rn(8) << _GNTMAP_guest_avail0 : 0),
		.ref = (grant_ref_t)(chance(95) ? PAIR_REF0 + rn(PAIR_REFS) : fuzz_edge()),
		.dom = chance(95) ? pair_peer : fuzz_rand_domid() };

	pair_stats.maps++;
	if (fuzz_grant_op(GNTTABOP_map_grant_ref, &m) || m.status != GNTST_okay)
		return;
	pair_stats.maps_ok++;
	maps[slot] = (struct pair_map){ true, !ro, by_pte, m.handle };
}

static void grantee_unmap(unsigned int slot)
{
	bool other_name = chance(5);	/* the other way to name the entry */
	bool by_pte = maps[slot].by_pte != other_name;
	struct gnttab_unmap_grant_ref u = { .host_addr = by_pte ? slot_pte(slot) : slot_va(slot),
					    .handle = maps[slot].handle };

	if (chance(5))
		u.handle = (grant_handle_t)rn(GNTTAB_MAPTRACK_GUESS);
	pair_stats.unmaps++;
	if (fuzz_grant_op(GNTTABOP_unmap_grant_ref, &u) == 0 && u.status == GNTST_okay) {
		if (other_name && maps[slot].live && u.handle == maps[slot].handle)
			guest_fail("pair: unmapped slot %u naming its entry the other way", slot);
		pair_stats.unmaps_ok++;
		maps[slot].live = false;
	}
}

/* Only our maps go into these slots, so what is there is our last map
 * or nothing (a random unmap elsewhere may have taken it): a write may
 * fault, but must never go through a read-only one. */
static void grantee_access(unsigned int slot)
{
	void *p = (void *)(slot_va(slot) + (rnd() & 0xff8));

	pair_stats.accesses++;
	fuzz_try(do_read, p);
	if (fuzz_try(do_write, p) != 0)
		return;
	pair_stats.writes_through++;
	if (!maps[slot].writable)
		guest_fail("pair: wrote through the read-only grant mapping at 0x%lx",
			   (unsigned long)slot_va(slot));
}

static void grantee_copy(void)
{
	struct gnttab_copy g = { .len = (uint16_t)PICK(8, 4096, rn(4096)) };
	bool to_peer = chance(50);
	struct gnttab_copy_ptr *peer = to_peer ? &g.dest : &g.source;
	struct gnttab_copy_ptr *own = to_peer ? &g.source : &g.dest;

	g.flags = to_peer ? GNTCOPY_dest_gref : GNTCOPY_source_gref;
	peer->domid = pair_peer;
	peer->u.ref = (grant_ref_t)(PAIR_REF0 + rn(PAIR_REFS));
	peer->offset = (uint16_t)rn(4096 - g.len + 1);
	own->domid = DOMID_SELF;
	own->u.gmfn = fuzz_rand_mfn(to_peer ? USE_ANY : USE_WRITE);
	own->offset = 0;
	pair_stats.copies++;
	if (fuzz_grant_op(GNTTABOP_copy, &g) == 0 && g.status == GNTST_okay)
		pair_stats.copies_ok++;
}

/* The seed class that tears a live grant PTE out: the hypervisor must
 * crash us (and only us) for it, so this call does not return. */
static void grantee_fatal(unsigned int slot)
{
	if (!maps[slot].live || fuzz_try(do_read, (void *)slot_va(slot)) != 0)
		return;		/* nothing there to tear out */
	guest_printf("\npair: tearing out the live grant PTE at 0x%lx by update_va_mapping, "
		     "iteration %lu: the hypervisor must crash us\n",
		     (unsigned long)slot_va(slot), (unsigned long)now_iter);
	HYPERVISOR_update_va_mapping(slot_va(slot), 0, UVMF_INVLPG);
	guest_fail("pair: survived removing a grant PTE other than by grant unmap");
}

static uint64_t fatal_at = ~0UL;

void fuzz_pair_plan(uint64_t iterations)
{
	if (pair_role == PAIR_GRANTEE && seed % PAIR_FATAL_SEEDS == PAIR_FATAL_SEEDS - 1)
		fatal_at = iterations / 2 + rn(iterations / 2 + 1);
}

static void grantee_op(void)
{
	unsigned int slot = (unsigned int)rn(PAIR_SLOTS);

	if (now_iter >= fatal_at)
		grantee_fatal(slot);
	if (!maps[slot].live)
		grantee_map(slot);
	else if (chance(40))
		grantee_access(slot);
	else if (chance(50))
		grantee_unmap(slot);
	else
		grantee_copy();
}

void fuzz_op_pair(void)
{
	long a[5] = { pair_role, 0, 0, 0, 0 };
	struct logged_call *l = fuzz_log_call(71, a);

	stats[64 + 7].calls++;
	if (pair_role == PAIR_GRANTER)
		granter_op();
	else
		grantee_op();
	l->done = true;
}

/* The granter ends only after its peer, so that its audit (even seeds)
 * finds no frame still mapped by the grantee. */
void fuzz_pair_end(void)
{
	struct evtchn_bind_interdomain b = { .remote_dom = pair_peer };

	guest_printf("fuzz: pair %s: %lu grants written, %lu frames given back (%lu "
		     "replaced); %lu maps (%lu ok), %lu unmaps (%lu ok), %lu accesses (%lu "
		     "writes through), %lu copies (%lu ok)\n",
		     pair_role == PAIR_GRANTER ? "granter" : "grantee",
		     (unsigned long)pair_stats.grants_written,
		     (unsigned long)pair_stats.frames_given_back,
		     (unsigned long)pair_stats.frames_replaced, (unsigned long)pair_stats.maps,
		     (unsigned long)pair_stats.maps_ok, (unsigned long)pair_stats.unmaps,
		     (unsigned long)pair_stats.unmaps_ok, (unsigned long)pair_stats.accesses,
		     (unsigned long)pair_stats.writes_through, (unsigned long)pair_stats.copies,
		     (unsigned long)pair_stats.copies_ok);
	if (pair_role != PAIR_GRANTER)
		return;
	while (hypercall5(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_interdomain,
			  (long)&b, 0, 0, 0) != -XEN_ESRCH)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	guest_printf("fuzz: pair granter: d%u has gone\n", pair_peer);
}
