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
 *   teardown               the grantee ends with its mappings in place.
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
#define REF_MAILBOX 12
#define WINDOW	(GUEST_VIRT_BASE + (512UL << 20))	/* a fresh L1's 2 MiB */
#define PTE_RO	0x25UL	/* present, user, accessed */

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
};

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
	return !mode_is(mode, "pin-limit") && !mode_is(mode, "teardown");
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
	g->mailbox = spare_va(4);
	memset(g->mailbox, 0, 4096);
	g->table[REF_MAILBOX] = (struct grant_entry_v1){ GTF_permit_access, peer,
							 (uint32_t)spare_mfn(4) };
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
	    mode_is(mode, "unpin"))
		return;		/* it should not be alive; the end says so */
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
	CHECK_EQ(evtchn_op(EVTCHNOP_alloc_unbound, &a), 0, "offer a port");
	while (g.mailbox->grantee_step < 1)	/* bound and mapped the mailbox */
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	survived = wait_step(&g.mailbox->grantee_step, 2, a.port);
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
	char role[12] = "", mode[12] = "";
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
