/* SPDX-License-Identifier: GPL-2.0-only */
/* gntattack: a granter and a grantee that cooperate against the grant
 * mapping rules (issue 13, items 1 and 2). role=granter|grantee, peer=ID,
 * mode= picks the attack:
 *   uvm, mmu, ptwr, unpin  the grantee removes its writable grant PTE other
 *                          than by grant unmap (update_va_mapping, an
 *                          mmu_update that replaces it, a trapped store
 *                          into its L1, unpinning that L1);
 *   escape                 the whole review sequence: clear the writable
 *                          PTE, map the grant read-only in its place, the
 *                          granter hooks the frame in as an L1, the grantee
 *                          unmaps the first handle;
 *   pin-wrap               the pin-count wrap: one read-only mapping kept,
 *                          then map, clear, unmap 65,535 times;
 *   pin-limit              GNTTAB_PIN_MAX uses of one grant, and no more;
 *   teardown               the grantee ends with its mappings in place;
 *   pte                    GNTMAP_contains_pte aimed where it must not
 *                          write: the granter's L1, our L2, a data page, a
 *                          live PTE, a misaligned address, an L1 that the
 *                          same multicall unhooks and unpins, one PTE twice
 *                          in one batch; unmaps naming another mapping's
 *                          PTE, a free slot, the linear address;
 *   granter-dies           the granter dies while the grantee maps its
 *                          frame writable (linear), read-only (by PTE),
 *                          for a device, and one of its page tables; the
 *                          grantee writes through them, balloons through
 *                          the free pool (the frames are never handed out
 *                          while mapped), unmaps some and dies with the
 *                          rest: all frames come back;
 *   limits                 the granter's table is capped (grant_frames=2),
 *                          the grantee's maptrack (maptrack_frames=1) is
 *                          filled with device mappings;
 *   unmap-alias            the grantee's unmap batch lies in the frame its
 *                          first entry unmaps: both entries are done (read
 *                          before any unmap), their statuses fault
 *                          (-EFAULT) and never reach F, where a stale TLB
 *                          entry would have put them (the granter looks).
 * The first five must get the grantee crashed. In every mode the granter
 * checks afterwards that the grant shows unused and that its frame can be
 * a page table but then never be mapped writable: no escape.
 * The two take turns through a mailbox page (ref 12): events coalesce, a
 * step count does not. The interdomain port only tells the granter that
 * the grantee is gone: its teardown unbinds our end. */
#include "guest.h"
#include "events.h"
#include "guest_pt.h"
#include <xen/grant_table.h>
#include <xen/memory.h>
#include <parvus/grant_table.h>

#define REF_RW	8
#define REF_RO	9
#define REF_PT	10	/* granter-dies: one of the granter's L1s, read-only */
#define REF_MAILBOX 12
#define REF_RO_MORE 13	/* 13..15: more read-only grants of F */
#define REF_FAR	600	/* in the granter's second table frame (limits) */
#define WINDOW	(GUEST_VIRT_BASE + (512UL << 20))	/* a fresh L1's 2 MiB */
#define PTE_RO	0x25UL	/* present, user, accessed */
#define ALIAS_SENTINEL	0x5a5a	/* unmap-alias: the statuses as the grantee left them */

static long gnttab(int cmd, void *op, int count)
{
	return hypercall5(__HYPERVISOR_grant_table_op, cmd, (long)op, count, 0, 0);
}

static int16_t map(domid_t dom, grant_ref_t ref, uint32_t flags, uint64_t va,
		   grant_handle_t *h)
{
	struct gnttab_map_grant_ref op = { va, flags, ref, dom, 0, 0, 0 };

	CHECK_EQ(gnttab(GNTTABOP_map_grant_ref, &op, 1), 0, "map_grant_ref hypercall");
	*h = op.handle;
	return op.status;
}

static int16_t unmap(uint64_t va, grant_handle_t h)
{
	struct gnttab_unmap_grant_ref op = { va, 0, h, 0 };

	CHECK_EQ(gnttab(GNTTABOP_unmap_grant_ref, &op, 1), 0, "unmap_grant_ref hypercall");
	return op.status;
}

struct mailbox {
	volatile uint32_t grantee_step, granter_step;
	volatile uint64_t granter_hole_pte;	/* pte: an empty entry of its L1 */
	char text[64];
};

static long multicall(struct multicall_entry *e, unsigned int n)
{
	return hypercall5(__HYPERVISOR_multicall, (long)e, n, 0, 0, 0);
}

static int16_t map_op(domid_t dom, grant_ref_t ref, uint32_t flags, uint64_t addr,
		      grant_handle_t *h, uint64_t *bus)
{
	struct gnttab_map_grant_ref op = { addr, flags, ref, dom, 0, 0, 0 };

	CHECK_EQ(gnttab(GNTTABOP_map_grant_ref, &op, 1), 0, "map_grant_ref hypercall");
	*h = op.handle;
	if (bus)
		*bus = op.dev_bus_addr;
	return op.status;
}

static int16_t unmap_op(uint64_t host_addr, uint64_t bus, grant_handle_t h)
{
	struct gnttab_unmap_grant_ref op = { host_addr, bus, h, 0 };

	CHECK_EQ(gnttab(GNTTABOP_unmap_grant_ref, &op, 1), 0, "unmap_grant_ref hypercall");
	return op.status;
}

static bool peer_connected(evtchn_port_t port)
{
	struct evtchn_status st = { .dom = DOMID_SELF, .port = port };

	return evtchn_op(EVTCHNOP_status, &st) == 0 && st.status == EVTCHNSTAT_interdomain;
}

/* Until *step reaches `want`: true, or false if the peer ended first. */
static bool wait_step(volatile uint32_t *step, uint32_t want, evtchn_port_t port)
{
	while (*step < want) {
		if (!peer_connected(port))
			return *step >= want;
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	return true;
}

static void wait_peer_gone(evtchn_port_t port)
{
	while (peer_connected(port))
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

static bool mode_is(const char *mode, const char *name)
{
	return !strcmp(mode, name);
}

static bool grantee_must_die(const char *mode)
{
	return !mode_is(mode, "pin-limit") && !mode_is(mode, "teardown") &&
	       !mode_is(mode, "pte") && !mode_is(mode, "granter-dies") &&
	       !mode_is(mode, "limits") && !mode_is(mode, "unmap-alias");
}

/* ---- the granter ---- */

struct granter_state {
	volatile struct grant_entry_v1 *table;
	struct mailbox *mailbox;
	uint64_t frame_mfn;	/* F: spare page 1, granted */
	bool hooked;		/* F is an L1 in our tables */
};

static void granter_setup(struct granter_state *g, domid_t peer)
{
	struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = 1 };
	xen_pfn_t frame;

	set_xen_guest_handle(setup.frame_list, &frame);
	CHECK_EQ(gnttab(GNTTABOP_setup_table, &setup, 1), 0, "setup_table");
	g->table = spare_va(0);
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)g->table, frame << 12 | 7, UVMF_INVLPG),
		 0, "map our grant table frame");
	g->frame_mfn = spare_mfn(1);
	memset(spare_va(1), 0, 4096);	/* empty: it validates as an L1 */
	g->table[REF_RW] = (struct grant_entry_v1){ GTF_permit_access, peer,
						    (uint32_t)g->frame_mfn };
	g->table[REF_RO] = (struct grant_entry_v1){ GTF_permit_access | GTF_readonly, peer,
						    (uint32_t)g->frame_mfn };
	for (grant_ref_t r = REF_RO_MORE; r < REF_RO_MORE + 3; r++)
		g->table[r] = g->table[REF_RO];
	g->table[REF_PT] = (struct grant_entry_v1){ GTF_permit_access | GTF_readonly, peer,
		(uint32_t)table_mfn((uint64_t)spare_va(0), 1) };
	g->mailbox = spare_va(4);
	memset(g->mailbox, 0, 4096);
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)spare_va(5), 0, UVMF_INVLPG), 0,
		 "a hole in our L1 the grantee will aim at");
	g->mailbox->granter_hole_pte = pte_maddr((uint64_t)spare_va(5));
	g->table[REF_MAILBOX] = (struct grant_entry_v1){ GTF_permit_access, peer,
							 (uint32_t)spare_mfn(4) };
}

/* limits: our table may grow to 2 frames (grant_frames=2) and no more;
 * REF_FAR, in the second, grants F read-only. */
static void granter_limits(struct granter_state *g, domid_t peer)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = 3 };
	xen_pfn_t frames[3];
	volatile struct grant_entry_v1 *second = spare_va(6);

	CHECK_EQ(gnttab(GNTTABOP_query_size, &q, 1), 0, "query_size");
	CHECK(q.nr_frames == 1 && q.max_nr_frames == 2, "table %u of %u frames", q.nr_frames,
	      q.max_nr_frames);
	set_xen_guest_handle(setup.frame_list, frames);
	CHECK_EQ(gnttab(GNTTABOP_setup_table, &setup, 1), 0, "setup_table past the limit");
	CHECK_EQ(setup.status, GNTST_general_error, "refused, as Xen");
	setup.nr_frames = 2;
	CHECK_EQ(gnttab(GNTTABOP_setup_table, &setup, 1), 0, "setup_table at the limit");
	CHECK_EQ(setup.status, GNTST_okay, "grown");
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)second, frames[1] << 12 | 7, UVMF_INVLPG),
		 0, "map the second frame");
	second[REF_FAR - 512] = g->table[REF_RO];
}

/* F becomes an L1 hooked at WINDOW; our own writable mapping goes first. */
static long granter_hook(struct granter_state *g)
{
	long rc;

	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)spare_va(1), 0, UVMF_INVLPG), 0,
		 "drop our writable mapping of the granted frame");
	rc = pt_set(WINDOW, 2, g->frame_mfn << 12 | GUEST_PTE_FLAGS);
	g->hooked = rc == 0;
	return rc;
}

static uint64_t granted_frame_writable_pte(struct granter_state *g)
{
	return g->frame_mfn << 12 | 3;
}

/* While the grantee maps F writable, F cannot become a page table, and
 * F cannot be given back to the hypervisor. */
static void granter_checks_while_mapped(struct granter_state *g, const char *mode)
{
	struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };
	xen_pfn_t mfn = g->frame_mfn;

	if (mode_is(mode, "uvm") || mode_is(mode, "mmu") || mode_is(mode, "ptwr") ||
	    mode_is(mode, "unpin") || mode_is(mode, "pte") || mode_is(mode, "limits"))
		return;		/* not alive, or all unmapped again; the end says so */
	if (mode_is(mode, "unmap-alias")) {
		const struct gnttab_unmap_grant_ref *ops = spare_va(1);

		CHECK(ops[0].status == ALIAS_SENTINEL && ops[1].status == ALIAS_SENTINEL,
		      "statuses %d %d were written into F after its unmap", ops[0].status,
		      ops[1].status);
		memset(spare_va(1), 0, 4096);	/* empty again, for the L1 checks */
		return;
	}
	CHECK(g->table[REF_RO].flags & GTF_reading, "ref %u shows in use while mapped", REF_RO);
	if (!mode_is(mode, "teardown"))
		return;
	CHECK(g->table[REF_RW].flags & GTF_writing, "ref %u shows writing while mapped", REF_RW);
	CHECK(granter_hook(g) != 0, "a frame mapped writable by the grantee became our L1");
	if (g->hooked)
		pt_set(WINDOW, 2, 0);
	g->hooked = false;
	set_xen_guest_handle(r.extent_start, &mfn);
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), 0,
		 "decrease_reservation of a frame the grantee maps releases nothing");
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)spare_va(1),
					      granted_frame_writable_pte(g), UVMF_INVLPG),
		 0, "our own writable mapping of it again");
}

/* After the grantee: nothing in use, and F as an L1 is never writable. */
static void granter_checks_after(struct granter_state *g)
{
	CHECK_EQ(g->table[REF_RW].flags & (GTF_reading | GTF_writing), 0, "the writable ref unused");
	CHECK_EQ(g->table[REF_RO].flags & (GTF_reading | GTF_writing), 0, "the read-only ref unused");
	if (!g->hooked)
		CHECK_EQ(granter_hook(g), 0, "the frame becomes our L1 once the grant is unused");
	CHECK(HYPERVISOR_update_va_mapping((uint64_t)spare_va(1), granted_frame_writable_pte(g),
					   UVMF_INVLPG) != 0,
	      "ESCAPE: a live L1 of ours was mapped writable");
	CHECK_EQ(pt_set(WINDOW, 2, 0), 0, "unhook it");
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)spare_va(1), granted_frame_writable_pte(g),
					      UVMF_INVLPG), 0, "writable again once unhooked");
}

static void granter(domid_t peer, const char *mode)
{
	struct granter_state g = { 0 };
	struct evtchn_alloc_unbound a = { DOMID_SELF, peer, 0 };
	bool survived;

	granter_setup(&g, peer);
	if (mode_is(mode, "limits"))
		granter_limits(&g, peer);
	CHECK_EQ(evtchn_op(EVTCHNOP_alloc_unbound, &a), 0, "offer a port");
	while (g.mailbox->grantee_step < 1)	/* bound and mapped the mailbox */
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	survived = wait_step(&g.mailbox->grantee_step, 2, a.port);
	if (mode_is(mode, "granter-dies")) {
		CHECK(survived, "the grantee died");
		CHECK(!strcmp((char *)spare_va(1), "before the granter died"),
		      "the grantee wrote F: \"%s\"", (char *)spare_va(1));
		CHECK(g.table[REF_RW].flags & GTF_writing, "ref %u in use as we die", REF_RW);
		return;	/* with everything still mapped */
	}
	if (survived && mode_is(mode, "escape")) {
		CHECK_EQ(granter_hook(&g), 0, "hook the frame the grantee maps read-only");
		g.mailbox->granter_step = 1;
		survived = wait_step(&g.mailbox->grantee_step, 3, a.port);
	} else if (survived) {
		granter_checks_while_mapped(&g, mode);
	}
	g.mailbox->granter_step = 2;
	wait_peer_gone(a.port);
	if (grantee_must_die(mode))
		CHECK(!survived, "the grantee was not stopped (mode %s)", mode);
	else
		CHECK(survived, "the grantee died (mode %s)", mode);
	CHECK_EQ(pt_get((uint64_t)spare_va(5), 1), 0, "the hole in our L1 stayed empty");
	for (grant_ref_t r = REF_RO_MORE; r < REF_RO_MORE + 3; r++)
		CHECK(!(g.table[r].flags & (GTF_reading | GTF_writing)), "ref %u unused", r);
	granter_checks_after(&g);
}

/* ---- the grantee ---- */

/* A fresh pinned L1 (spare page 2) hooked at WINDOW. */
static void grantee_fresh_l1(void)
{
	memset(spare_va(2), 0, 4096);
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)spare_va(2), spare_mfn(2) << 12 | PTE_RO,
					      UVMF_INVLPG), 0, "the new L1 read-only");
	CHECK_EQ(mmuext_on(MMUEXT_PIN_L1_TABLE, spare_mfn(2)), 0, "pin the new L1");
	CHECK_EQ(pt_set(WINDOW, 2, spare_mfn(2) << 12 | GUEST_PTE_FLAGS), 0, "hook the new L1");
}

static void ptwr_clear(uint64_t va)
{
	volatile uint64_t *l1 = spare_va(3);

	CHECK_EQ(HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables), 0,
		 "enable writable_pagetables");
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)l1, table_mfn(va, 1) << 12 | PTE_RO,
					      UVMF_INVLPG), 0, "map our L1 read-only");
	l1[(va >> 12) & 511] = 0;	/* traps; emulated as mmu_update */
}

/* Removes the PTE at va other than by grant unmap: each must be fatal. */
static void grantee_remove(const char *mode, uint64_t va)
{
	struct mmu_update u = { (table_mfn(va, 1) << 12) + ((va >> 12) & 511) * 8,
				spare_mfn(1) << 12 | PTE_RO };

	if (mode_is(mode, "mmu"))
		HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);
	else if (mode_is(mode, "ptwr"))
		ptwr_clear(va);
	else if (mode_is(mode, "unpin")) {
		CHECK_EQ(pt_set(WINDOW, 2, 0), 0, "unhook the L1 holding the grant");
		mmuext_on(MMUEXT_UNPIN_TABLE, spare_mfn(2));
	} else
		HYPERVISOR_update_va_mapping(va, 0, UVMF_INVLPG);
	guest_fail("removed a grant PTE (mode %s) and lived on", mode);
}

static void grantee_pin_wrap(domid_t peer)
{
	uint64_t kept = WINDOW, va = WINDOW + 4096;
	grant_handle_t h0, h;

	CHECK_EQ(map(peer, REF_RO, GNTMAP_host_map | GNTMAP_readonly, kept, &h0), GNTST_okay,
		 "the mapping we keep");
	for (unsigned int i = 0; i < 65535; i++) {
		if (map(peer, REF_RO, GNTMAP_host_map | GNTMAP_readonly, va, &h) != GNTST_okay)
			break;
		HYPERVISOR_update_va_mapping(va, 0, UVMF_INVLPG);
		unmap(va, h);
	}
	CHECK_EQ(map(peer, REF_RO, GNTMAP_host_map | GNTMAP_readonly, va, &h), GNTST_okay,
		 "one proper map");
	CHECK_EQ(unmap(va, h), GNTST_okay, "and unmap");
}

static void grantee_pin_limit(domid_t peer)
{
	grant_handle_t h[GNTTAB_PIN_MAX], extra;

	for (unsigned int i = 0; i < GNTTAB_PIN_MAX; i++)
		CHECK_EQ(map(peer, REF_RO, GNTMAP_host_map | GNTMAP_readonly, WINDOW + i * 4096,
			     &h[i]), GNTST_okay, "a read-only use below the pin limit");
	CHECK_EQ(map(peer, REF_RO, GNTMAP_host_map | GNTMAP_readonly,
		     WINDOW + GNTTAB_PIN_MAX * 4096, &extra), GNTST_general_error,
		 "one use past the pin limit");
	CHECK_EQ(map(peer, REF_RW, GNTMAP_host_map | GNTMAP_readonly,
		     WINDOW + GNTTAB_PIN_MAX * 4096, &extra), GNTST_okay,
		 "another grant of the same frame still maps");
	CHECK_EQ(unmap(WINDOW + GNTTAB_PIN_MAX * 4096, extra), GNTST_okay, "unmap it");
	CHECK_EQ(unmap(WINDOW, h[0]), GNTST_okay, "give one use back");
	CHECK_EQ(map(peer, REF_RO, GNTMAP_host_map | GNTMAP_readonly, WINDOW, &h[0]), GNTST_okay,
		 "and the limit lets one more in");
}

/* pte: contains_pte aimed where no grant PTE may go; each refused, and
 * nothing written there. The pinned L1 (spare 2) is hooked at WINDOW. */
static void grantee_pte_refusals(domid_t peer, struct mailbox *mb)
{
	uint64_t *data = spare_va(5), l1 = spare_mfn(2);
	grant_handle_t h;

	CHECK_EQ(map_op(peer, REF_RW, GNTMAP_host_map | GNTMAP_contains_pte, mb->granter_hole_pte,
			&h, NULL), GNTST_general_error, "a PTE in the granter's L1");
	CHECK_EQ(map_op(peer, REF_RW, GNTMAP_host_map | GNTMAP_contains_pte,
			(table_mfn(WINDOW, 2) << 12) + ((WINDOW >> 21) & 511) * 8 + 8, &h, NULL),
		 GNTST_general_error, "an entry of our L2");
	memset(data, 0, 4096);
	CHECK_EQ(map_op(peer, REF_RW, GNTMAP_host_map | GNTMAP_contains_pte, spare_mfn(5) << 12,
			&h, NULL), GNTST_general_error, "a data page of ours");
	CHECK_EQ(data[0], 0, "nothing written into the data page");
	CHECK_EQ(map_op(peer, REF_RW, GNTMAP_host_map | GNTMAP_contains_pte,
			pte_maddr((uint64_t)spare_va(1)), &h, NULL), GNTST_general_error,
		 "a live PTE");
	strlcpy(spare_va(1), "ours", 8);	/* still our own page there */
	CHECK_EQ(map_op(peer, REF_RW, GNTMAP_host_map | GNTMAP_contains_pte, (l1 << 12) + 12, &h,
			NULL), GNTST_general_error, "a misaligned PTE address");
	CHECK_EQ(map_op(peer, REF_RW, GNTMAP_host_map | GNTMAP_contains_pte, 0xfffffffff000UL,
			&h, NULL), GNTST_general_error, "a frame past the end of memory");
}

/* One multicall unhooks and unpins our L1, then maps a grant into it by
 * PTE address: the frame is no longer an L1, so the map is refused (and
 * the frame, a plain page again, holds no grant mark). */
static void grantee_pte_batch_unpin(domid_t peer)
{
	uint64_t l1 = spare_mfn(2), l2e = (table_mfn(WINDOW, 2) << 12) + ((WINDOW >> 21) & 511) * 8;
	struct mmu_update unhook = { l2e, 0 };
	struct mmuext_op unpin = { .cmd = MMUEXT_UNPIN_TABLE, .arg1.mfn = l1 };
	struct gnttab_map_grant_ref m = { (l1 << 12) + 8, GNTMAP_host_map | GNTMAP_contains_pte,
					  REF_RW, peer, 0, 0, 0 };
	struct multicall_entry mc[3] = {
		{ __HYPERVISOR_mmu_update, 0, { (long)&unhook, 1, 0, DOMID_SELF } },
		{ __HYPERVISOR_mmuext_op, 0, { (long)&unpin, 1, 0, DOMID_SELF } },
		{ __HYPERVISOR_grant_table_op, 0, { GNTTABOP_map_grant_ref, (long)&m, 1 } },
	};

	CHECK_EQ(multicall(mc, 3), 0, "the multicall");
	CHECK(mc[0].result == 0 && mc[1].result == 0, "unhooked %ld, unpinned %ld",
	      (long)mc[0].result, (long)mc[1].result);
	CHECK_EQ(m.status, GNTST_general_error, "a map into the L1 the same batch unpinned");
	CHECK_EQ(((volatile uint64_t *)spare_va(2))[1], 0, "nothing written into the old L1");
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)spare_va(2), l1 << 12 | 7, UVMF_INVLPG),
		 0, "the old L1 is a plain page: writable");
	grantee_fresh_l1();
}

/* Two maps of one PTE address in one batch: the second meets a live
 * entry. Unmaps naming another mapping's PTE, a free slot or the
 * linear address are refused and leave both mappings whole. */
static void grantee_pte_unmaps(domid_t peer)
{
	uint64_t pte0 = pte_maddr(WINDOW), pte1 = pte_maddr(WINDOW + 4096);
	struct gnttab_map_grant_ref m[2] = {
		{ pte0, GNTMAP_host_map | GNTMAP_contains_pte, REF_RW, peer, 0, 0, 0 },
		{ pte0, GNTMAP_host_map | GNTMAP_contains_pte | GNTMAP_readonly, REF_RO, peer,
		  0, 0, 0 },
	};
	grant_handle_t h1;

	CHECK_EQ(gnttab(GNTTABOP_map_grant_ref, m, 2), 0, "a batch of two");
	CHECK_EQ(m[0].status, GNTST_okay, "the first map by PTE address");
	CHECK_EQ(m[1].status, GNTST_general_error, "the same PTE again in the batch");
	CHECK_EQ(map_op(peer, REF_RO, GNTMAP_host_map | GNTMAP_contains_pte | GNTMAP_readonly,
			pte1, &h1, NULL), GNTST_okay, "a second mapping, next slot");
	CHECK_EQ(unmap_op(pte1, 0, m[0].handle), GNTST_general_error, "unmap naming the other's PTE");
	CHECK_EQ(unmap_op(pte0 + 16, 0, m[0].handle), GNTST_general_error, "unmap naming a free slot");
	CHECK_EQ(unmap_op(WINDOW, 0, m[0].handle), GNTST_general_error, "unmap by linear address");
	strlcpy((char *)WINDOW, "through the PTE", 32);
	CHECK(!strcmp((char *)WINDOW + 4096, "through the PTE"), "both still map the frame");
	CHECK_EQ(unmap_op(pte0, 0, m[0].handle), GNTST_okay, "unmap the first");
	CHECK_EQ(unmap_op(pte1, 0, h1), GNTST_okay, "unmap the second");
	CHECK_EQ(pt_get(WINDOW, 1) | pt_get(WINDOW + 4096, 1), 0, "both entries clear");
}

static bool pt_entries_in_use(const volatile uint64_t *t)
{
	for (unsigned int i = 0; i < 512; i++)
		if (t[i] & 1)
			return true;
	return false;
}

/* granter-dies: four kinds of mapping of the granter's frames kept over
 * its death. */
struct kept {
	grant_handle_t rw, ro, dev, pt;
	uint64_t bus, pt_bus;
};

static void grantee_map_all(domid_t peer, struct kept *k, uint64_t x)
{
	uint64_t bus;

	CHECK_EQ(map_op(peer, REF_RW, GNTMAP_host_map, x, &k->rw, &k->bus), GNTST_okay,
		 "map F writable");
	CHECK_EQ(map_op(peer, REF_RO, GNTMAP_host_map | GNTMAP_contains_pte | GNTMAP_readonly,
			pte_maddr(WINDOW), &k->ro, &bus), GNTST_okay, "map F read-only by PTE");
	CHECK_EQ(bus, k->bus, "the same frame");
	CHECK_EQ(map_op(peer, REF_RW, GNTMAP_device_map, 0, &k->dev, &bus), GNTST_okay,
		 "map F for a device");
	CHECK_EQ(map_op(peer, REF_PT, GNTMAP_host_map | GNTMAP_readonly, WINDOW + 4096, &k->pt,
			&k->pt_bus), GNTST_okay, "map the granter's L1 read-only");
}

/* Gives n spare frames back and asks for n again: the pool the granter's
 * frames went to. None of ours may come back, nor change. */
static void grantee_balloon(const struct kept *k, const char *x)
{
	static xen_pfn_t pfns[256];
	struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };
	xen_pfn_t mfn;

	set_xen_guest_handle(r.extent_start, &mfn);
	for (unsigned int i = 0; i < 256; i++) {
		pfns[i] = spare_pfn(16 + i);
		mfn = spare_mfn(16 + i);
		CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)spare_va(16 + i), 0, UVMF_INVLPG), 0,
			 "unmap a spare page");
		CHECK_EQ(HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), 1, "give it back");
	}
	r.nr_extents = 256;
	set_xen_guest_handle(r.extent_start, pfns);
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 256, "ask for as many");
	for (unsigned int i = 0; i < 256; i++)
		CHECK(pfns[i] != k->bus >> 12 && pfns[i] != k->pt_bus >> 12,
		      "ESCAPE: frame 0x%lx, still mapped, was handed to us", (unsigned long)pfns[i]);
	CHECK(!strcmp(x, "after the granter died"), "the frame kept its contents: \"%s\"", x);
}

static void grantee_granter_dies(domid_t peer, struct mailbox *mb, evtchn_port_t port)
{
	char *x = spare_va(0);
	struct kept k;
	struct gnttab_copy c = { .len = 8, .flags = 0 };
	grant_handle_t h;

	grantee_map_all(peer, &k, (uint64_t)x);
	strlcpy(x, "before the granter died", 64);
	mb->grantee_step = 2;
	wait_peer_gone(port);
	CHECK(!strcmp(x, "before the granter died"), "F after its granter died: \"%s\"", x);
	strlcpy(x, "after the granter died", 64);
	CHECK(!strcmp((char *)WINDOW, "after the granter died"), "the write shows by the PTE map");
	CHECK(pt_entries_in_use((const volatile uint64_t *)(WINDOW + 4096)),
	      "the granter's old L1 still reads as it was");
	CHECK_EQ(mb->grantee_step, 2, "the mailbox, an orphan too, still ours to read");
	c.source.u.gmfn = k.bus >> 12;
	c.source.domid = DOMID_SELF;
	c.dest.u.gmfn = spare_mfn(1);
	c.dest.domid = DOMID_SELF;
	CHECK_EQ(gnttab(GNTTABOP_copy, &c, 1), 0, "copy hypercall");
	CHECK_EQ(c.status, GNTST_bad_page, "the orphan is not ours to copy from");
	CHECK_EQ(map_op(peer, REF_RW, GNTMAP_host_map, WINDOW + 8192, &h, NULL), GNTST_bad_domain,
		 "no new mapping of a dead granter");
	grantee_balloon(&k, x);
	CHECK_EQ(unmap_op((uint64_t)x, 0, k.rw), GNTST_okay, "unmap F writable");
	CHECK_EQ(unmap_op(0, k.bus, k.dev), GNTST_okay, "unmap the device mapping");
	CHECK(!strcmp((char *)WINDOW, "after the granter died"), "the last mapping still reads it");
	/* The read-only PTE map of F and the L1 map go with our death. */
}

/* limits: a ref past the granter's table, one in its grown second frame,
 * then the maptrack filled (maptrack_frames=1: 512, the mailbox one of
 * them) with device mappings, which need no PTE. */
static void grantee_limits(domid_t peer)
{
	static grant_handle_t h[GNTTAB_MAPTRACK_PER_FRAME];
	unsigned int n = 0;
	uint64_t bus = 0;
	grant_handle_t extra;
	int16_t st;

	CHECK_EQ(map_op(peer, 1100, GNTMAP_device_map | GNTMAP_readonly, 0, &extra, NULL),
		 GNTST_bad_gntref, "a ref past the granter's table");
	CHECK_EQ(map_op(peer, REF_FAR, GNTMAP_host_map | GNTMAP_readonly, WINDOW, &extra, NULL),
		 GNTST_okay, "a ref in its second frame");
	CHECK_EQ(unmap_op(WINDOW, 0, extra), GNTST_okay, "unmap it");
	while ((st = map_op(peer, n % 4 ? REF_RO_MORE + n % 4 - 1 : REF_RO,
			    GNTMAP_device_map | GNTMAP_readonly, 0, &h[n], &bus)) == GNTST_okay)
		n++;
	CHECK_EQ(st, GNTST_no_space, "the map past the maptrack");
	CHECK_EQ(n, GNTTAB_MAPTRACK_PER_FRAME - 1, "mappings besides the mailbox");
	CHECK_EQ(map_op(peer, REF_RO, GNTMAP_host_map | GNTMAP_readonly, WINDOW, &extra, NULL),
		 GNTST_no_space, "a host map past it too");
	CHECK_EQ(pt_get(WINDOW, 1), 0, "and it wrote no PTE");
	CHECK_EQ(unmap_op(0, 0, GNTTAB_MAPTRACK_PER_FRAME), GNTST_bad_handle, "a handle past it");
	for (unsigned int i = 0; i < n; i++)
		CHECK_EQ(unmap_op(0, bus, h[i]), GNTST_okay, "unmap one of many");
	CHECK_EQ(map_op(peer, REF_RO, GNTMAP_host_map | GNTMAP_readonly, WINDOW, &extra, NULL),
		 GNTST_okay, "room again");
	CHECK_EQ(unmap_op(WINDOW, 0, extra), GNTST_okay, "unmap it");
}

/* unmap-alias: F mapped writable at x and read-only at WINDOW; the batch
 * that unmaps both is written into F through x. */
static void grantee_unmap_alias(domid_t peer, uint64_t x)
{
	struct gnttab_unmap_grant_ref *ops = (void *)x;
	grant_handle_t h1, h2;

	CHECK_EQ(map(peer, REF_RW, GNTMAP_host_map, x, &h1), GNTST_okay, "map F writable");
	CHECK_EQ(map(peer, REF_RO, GNTMAP_host_map | GNTMAP_readonly, WINDOW, &h2), GNTST_okay,
		 "map F read-only too");
	ops[0] = (struct gnttab_unmap_grant_ref){ x, 0, h1, ALIAS_SENTINEL };
	ops[1] = (struct gnttab_unmap_grant_ref){ WINDOW, 0, h2, ALIAS_SENTINEL };
	CHECK_EQ(((const struct gnttab_unmap_grant_ref *)WINDOW)[1].handle, h2,
		 "the batch shows through the read-only mapping: one frame");
	CHECK_EQ(gnttab(GNTTABOP_unmap_grant_ref, ops, 2), -XEN_EFAULT,
		 "the statuses go to the page just unmapped");
	CHECK_EQ(pt_get(x, 1) | pt_get(WINDOW, 1), 0, "both entries were done");
}

static struct mailbox *grantee_map_mailbox(domid_t peer)
{
	uint64_t va = (uint64_t)spare_va(4);
	grant_handle_t h;

	CHECK_EQ(HYPERVISOR_update_va_mapping(va, 0, UVMF_INVLPG), 0, "a hole for the mailbox");
	CHECK_EQ(map(peer, REF_MAILBOX, GNTMAP_host_map, va, &h), GNTST_okay, "map the mailbox");
	return (struct mailbox *)va;
}

static void grantee(domid_t peer, const char *mode)
{
	uint64_t x = (uint64_t)spare_va(0);
	evtchn_port_t port = events_bind_offered_port(peer);
	struct mailbox *mb = grantee_map_mailbox(peer);
	grant_handle_t h1, h2;

	mb->grantee_step = 1;
	CHECK_EQ(HYPERVISOR_update_va_mapping(x, 0, UVMF_INVLPG), 0, "make a hole");
	grantee_fresh_l1();
	if (mode_is(mode, "pin-wrap")) {
		grantee_pin_wrap(peer);
	} else if (mode_is(mode, "pin-limit")) {
		grantee_pin_limit(peer);
	} else if (mode_is(mode, "pte")) {
		grantee_pte_refusals(peer, mb);
		grantee_pte_batch_unpin(peer);
		grantee_pte_unmaps(peer);
	} else if (mode_is(mode, "granter-dies")) {
		grantee_granter_dies(peer, mb, port);
		return;
	} else if (mode_is(mode, "limits")) {
		grantee_limits(peer);
	} else if (mode_is(mode, "unmap-alias")) {
		grantee_unmap_alias(peer, x);
	} else if (mode_is(mode, "teardown")) {
		CHECK_EQ(map(peer, REF_RW, GNTMAP_host_map, x, &h1), GNTST_okay, "map writable");
		CHECK_EQ(map(peer, REF_RO, GNTMAP_host_map | GNTMAP_readonly, WINDOW, &h2),
			 GNTST_okay, "map read-only into the pinned L1");
	} else if (mode_is(mode, "escape")) {
		CHECK_EQ(map(peer, REF_RW, GNTMAP_host_map, x, &h1), GNTST_okay, "map writable");
		HYPERVISOR_update_va_mapping(x, 0, UVMF_INVLPG);
		CHECK_EQ(map(peer, REF_RW, GNTMAP_host_map | GNTMAP_readonly, x, &h2), GNTST_okay,
			 "the same grant read-only in the same slot");
		mb->grantee_step = 2;
		wait_step(&mb->granter_step, 1, port);	/* it hooked the frame */
		unmap(x, h1);
	} else {
		uint64_t va = mode_is(mode, "unpin") ? WINDOW : x;

		CHECK_EQ(map(peer, REF_RW, GNTMAP_host_map, va, &h1), GNTST_okay, "map writable");
		grantee_remove(mode, va);
	}
	mb->grantee_step = mode_is(mode, "escape") ? 3 : 2;
	wait_step(&mb->granter_step, 2, port);	/* the granter has looked */
}

void guest_main(void)
{
	char role[16] = "", mode[16] = "";
	domid_t peer = guest_arg_number("peer", 0);

	guest_arg("role", role, sizeof(role));
	guest_arg("mode", mode, sizeof(mode));
	events_map_shared_info();
	CHECK_EQ(events_register_callback(), 0, "event callback");
	guest_shared_info->vcpu_info[0].evtchn_upcall_mask = 0;
	if (!strcmp(role, "granter"))
		granter(peer, mode);
	else
		grantee(peer, mode);
}
