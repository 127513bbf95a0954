/* SPDX-License-Identifier: GPL-2.0-only */
/* Two cooperating domains against XENMEM_exchange's ownership rules. The
 * granter grants F; while the grantee maps it (writable, then read-only)
 * the granter's exchange of F is refused and F stays the granter's; once
 * unmapped, F may go, and the grant, still naming F, then maps and copies
 * nothing. The grantee meanwhile tries to exchange F itself, as a frame of
 * its own and in the granter's name. The granter also offers its grant
 * table frame and an L1 it pinned. They take turns through a granted
 * mailbox page: events coalesce, a step count does not. */
#include "exchange.h"
#include "events.h"
#include <xen/grant_table.h>

#define REF_F		8
#define REF_MAILBOX	12
#define SPARE_TABLE	2	/* our grant table frame's mapping */
#define SPARE_F		3
#define SPARE_MAILBOX	4
#define SPARE_L1	5
#define MAGIC		0x6772616e74656421UL

struct mailbox {
	volatile uint32_t grantee_step, granter_step;
	volatile uint64_t f_mfn;
};

static long gnttab(int cmd, void *op, int count)
{
	return hypercall5(__HYPERVISOR_grant_table_op, cmd, (long)op, count, 0, 0);
}

static bool peer_connected(evtchn_port_t port)
{
	struct evtchn_status st = { .dom = DOMID_SELF, .port = port };

	return evtchn_op(EVTCHNOP_status, &st) == 0 && st.status == EVTCHNSTAT_interdomain;
}

/* Until *step reaches want; false if the peer ended first. */
static bool wait_step(volatile uint32_t *step, uint32_t want, evtchn_port_t port)
{
	while (*step < want) {
		if (!peer_connected(port))
			return *step >= want;
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	return true;
}

/* Exchange one frame of ours for one anywhere; the new MFN, or 0 with
 * the error in *rc. */
static uint64_t exchange_one(uint64_t mfn, unsigned long pfn, domid_t dom, long *rc)
{
	xen_pfn_t in = mfn, out = pfn;
	struct xen_memory_exchange x;

	xch_set(&x, &in, 1, 0, &out, 1, 0, 0);
	x.in.domid = x.out.domid = dom;
	*rc = xch(&x);
	if (*rc == 0)
		CHECK_EQ(x.nr_exchanged, 1, "one exchanged");
	else
		CHECK_EQ(x.nr_exchanged, 0, "none exchanged");
	return *rc ? 0 : out;
}

static void refused(uint64_t mfn, unsigned long pfn, long want, const char *what)
{
	long rc;

	exchange_one(mfn, pfn, DOMID_SELF, &rc);
	CHECK_EQ(rc, want, what);
}

/* ---- the granter ---- */

static volatile struct grant_entry_v1 *granter_setup(domid_t peer, struct mailbox **mb,
						     uint64_t *table_mfn)
{
	struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = 1 };
	volatile struct grant_entry_v1 *t = spare_va(SPARE_TABLE);
	xen_pfn_t frame;

	set_xen_guest_handle(setup.frame_list, &frame);
	CHECK_EQ(gnttab(GNTTABOP_setup_table, &setup, 1), 0, "setup_table");
	CHECK_EQ(remap((void *)t, frame, PTE_P | PTE_RW), 0, "map our grant table frame");
	*table_mfn = frame;
	*mb = spare_va(SPARE_MAILBOX);
	memset(*mb, 0, 4096);
	(*mb)->f_mfn = spare_mfn(SPARE_F);
	*(volatile uint64_t *)spare_va(SPARE_F) = 0;
	t[REF_F] = (struct grant_entry_v1){ GTF_permit_access, peer, (uint32_t)spare_mfn(SPARE_F) };
	t[REF_MAILBOX] = (struct grant_entry_v1){ GTF_permit_access, peer,
						  (uint32_t)spare_mfn(SPARE_MAILBOX) };
	return t;
}

/* The grant table frame: the hypervisor's reference keeps it, mapped by
 * us or not. */
static void granter_offers_table(volatile struct grant_entry_v1 *t, uint64_t table_mfn)
{
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)t, 0, UVMF_INVLPG), 0,
		 "unmap our grant table frame");
	refused(table_mfn, spare_pfn(SPARE_TABLE), -XEN_EINVAL, "our grant table frame");
	CHECK_EQ(remap((void *)t, table_mfn, PTE_P | PTE_RW), 0, "map it again");
}

/* An L1 we pinned is held by the pin; unpinned and unmapped, it may go. */
static void granter_offers_pinned_l1(void)
{
	uint64_t l1 = spare_mfn(SPARE_L1), got;
	unsigned long pfn = spare_pfn(SPARE_L1);
	long rc;

	memset(spare_va(SPARE_L1), 0, 4096);
	CHECK_EQ(remap(spare_va(SPARE_L1), l1, PTE_P), 0, "the L1 read-only");
	CHECK_EQ(mmuext_on(MMUEXT_PIN_L1_TABLE, l1), 0, "pin it");
	refused(l1, pfn, -XEN_EINVAL, "an L1 we pinned and map read-only");
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)spare_va(SPARE_L1), 0, UVMF_INVLPG), 0,
		 "unmap it");
	refused(l1, pfn, -XEN_EINVAL, "an L1 we pinned and do not map");
	CHECK_EQ(M2P[l1], pfn, "it is still ours");
	CHECK_EQ(mmuext_on(MMUEXT_UNPIN_TABLE, l1), 0, "unpin it");
	got = exchange_one(l1, pfn, DOMID_SELF, &rc);
	CHECK_EQ(rc, 0, "unpinned and unmapped, it may go");
	if (!rc)
		p2m[pfn] = got;
}

static void granter(domid_t peer)
{
	uint64_t f = spare_mfn(SPARE_F), table_mfn, got;
	unsigned long f_pfn = spare_pfn(SPARE_F);
	struct evtchn_alloc_unbound a = { DOMID_SELF, peer, 0 };
	volatile struct grant_entry_v1 *t;
	struct mailbox *mb;
	long rc;

	t = granter_setup(peer, &mb, &table_mfn);
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)spare_va(SPARE_F), 0, UVMF_INVLPG), 0,
		 "drop our own mapping of F: only the grantee's is left");
	CHECK_EQ(evtchn_op(EVTCHNOP_alloc_unbound, &a), 0, "offer a port");
	while (!peer_connected(a.port))	/* the grantee binds it first */
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	CHECK(wait_step(&mb->grantee_step, 1, a.port), "the grantee mapped F writable");
	refused(f, f_pfn, -XEN_EINVAL, "F while the grantee maps it writable");
	CHECK(frame_is_ours(f, f_pfn), "F is still ours");
	CHECK(t[REF_F].flags & GTF_writing, "the grant shows writing");
	granter_offers_table(t, table_mfn);
	mb->granter_step = 1;

	CHECK(wait_step(&mb->grantee_step, 2, a.port), "the grantee mapped F read-only");
	refused(f, f_pfn, -XEN_EINVAL, "F while the grantee maps it read-only");
	CHECK(frame_is_ours(f, f_pfn), "F is still ours");
	if (remap(spare_va(SPARE_F), f, PTE_P) == 0)
		CHECK_EQ(*(volatile uint64_t *)spare_va(SPARE_F), MAGIC,
			 "what the grantee wrote is there");
	else
		guest_fail("cannot map F to read it");
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)spare_va(SPARE_F), 0, UVMF_INVLPG), 0,
		 "and unmap it again");
	mb->granter_step = 2;

	CHECK(wait_step(&mb->grantee_step, 3, a.port), "the grantee unmapped F");
	CHECK_EQ(t[REF_F].flags & (GTF_reading | GTF_writing), 0, "the grant shows unused");
	got = exchange_one(f, f_pfn, DOMID_SELF, &rc);
	CHECK_EQ(rc, 0, "F, granted but mapped by nobody, may go");
	CHECK_EQ(M2P[f], M2P_INVALID, "F is gone");
	if (!rc) {
		p2m[f_pfn] = got;
		CHECK_EQ(remap(spare_va(SPARE_F), got, PTE_P | PTE_RW), 0, "its replacement mapped");
	}
	mb->granter_step = 3;

	/* Nothing allocated until the grantee has looked: the first-fit
	 * allocator would hand F straight back to us. */
	CHECK(wait_step(&mb->grantee_step, 4, a.port), "the grantee finished");
	granter_offers_pinned_l1();
	while (peer_connected(a.port))
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

/* ---- the grantee ---- */

static int16_t map(domid_t peer, grant_ref_t ref, uint32_t flags, void *va,
		   grant_handle_t *h)
{
	struct gnttab_map_grant_ref op = { (uint64_t)va, flags, ref, peer, 0, 0, 0 };

	CHECK_EQ(gnttab(GNTTABOP_map_grant_ref, &op, 1), 0, "map_grant_ref hypercall");
	*h = op.handle;
	return op.status;
}

static int16_t unmap(void *va, grant_handle_t h)
{
	struct gnttab_unmap_grant_ref op = { (uint64_t)va, 0, h, 0 };

	CHECK_EQ(gnttab(GNTTABOP_unmap_grant_ref, &op, 1), 0, "unmap_grant_ref hypercall");
	return op.status;
}

static struct mailbox *grantee_map_mailbox(domid_t peer)
{
	void *va = spare_va(SPARE_MAILBOX);
	grant_handle_t h;

	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)va, 0, UVMF_INVLPG), 0,
		 "a hole for the mailbox");
	CHECK_EQ(map(peer, REF_MAILBOX, GNTMAP_host_map, va, &h), GNTST_okay, "map the mailbox");
	return va;
}

/* F is the granter's: not ours to give, nor to give in its name. */
static void grantee_tries_f(uint64_t f, domid_t peer)
{
	unsigned long pfn = pool_take(1);
	long rc;

	refused(f, pfn, -XEN_EINVAL, "the granter's F, mapped by us, as ours");
	exchange_one(f, pfn, peer, &rc);
	CHECK_EQ(rc, -XEN_EPERM, "F in the granter's name");
}

/* The grant still names F, which left the granter: nothing to map or copy. */
static void grantee_after_f_left(domid_t peer, void *va)
{
	struct gnttab_copy c = { .len = 8, .flags = GNTCOPY_source_gref };
	grant_handle_t h;
	int16_t st = map(peer, REF_F, GNTMAP_host_map | GNTMAP_readonly, va, &h);

	CHECK(st != GNTST_okay, "a grant of a frame that left the granter mapped");
	if (st == GNTST_okay)
		unmap(va, h);
	c.source.u.ref = REF_F;
	c.source.domid = peer;
	c.dest.u.gmfn = p2m[pool_take(1)];
	c.dest.domid = DOMID_SELF;
	CHECK_EQ(gnttab(GNTTABOP_copy, &c, 1), 0, "copy hypercall");
	CHECK(c.status != GNTST_okay, "a copy from a grant of a frame that left the granter");
}

static void grantee(domid_t peer)
{
	evtchn_port_t port = events_bind_offered_port(peer);
	struct mailbox *mb = grantee_map_mailbox(peer);
	void *va = spare_va(SPARE_F);
	grant_handle_t h;

	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)va, 0, UVMF_INVLPG), 0, "a hole for F");
	CHECK_EQ(map(peer, REF_F, GNTMAP_host_map, va, &h), GNTST_okay, "map F writable");
	*(volatile uint64_t *)va = MAGIC;
	grantee_tries_f(mb->f_mfn, peer);
	mb->grantee_step = 1;

	wait_step(&mb->granter_step, 1, port);
	CHECK_EQ(unmap(va, h), GNTST_okay, "unmap F");
	CHECK_EQ(map(peer, REF_F, GNTMAP_host_map | GNTMAP_readonly, va, &h), GNTST_okay,
		 "map F read-only");
	grantee_tries_f(mb->f_mfn, peer);
	mb->grantee_step = 2;

	wait_step(&mb->granter_step, 2, port);
	CHECK_EQ(unmap(va, h), GNTST_okay, "unmap F again");
	mb->grantee_step = 3;

	wait_step(&mb->granter_step, 3, port);
	grantee_after_f_left(peer, va);
	mb->grantee_step = 4;
}

void pair_main(const char *role, domid_t peer)
{
	events_map_shared_info();
	CHECK_EQ(events_register_callback(), 0, "event callback");
	guest_shared_info->vcpu_info[0].evtchn_upcall_mask = 0;
	if (!strcmp(role, "granter"))
		granter(peer);
	else
		grantee(peer);
}
