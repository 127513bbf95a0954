/* SPDX-License-Identifier: GPL-2.0-only */
/* grants: two domains share a page through a v1 grant table.
 * role=granter (peer=ID of the grantee) fills a page, grants it writable
 * (ref 8) and read-only (ref 9), grants one of its page tables (ref 10,
 * which must never be mappable writable), then offers an event channel
 * and waits. role=grantee maps, checks and writes the page, tries every
 * refusal (read-only as writable, page table, ungranted, wrong domain,
 * bad handles, copies out of bounds or into read-only grants), copies
 * with GNTTABOP_copy, unmaps and tells the granter, which checks the
 * reply and that the in-use flags are clear again. The grantee also checks
 * what Linux back ends rely on (dev_bus_addr, GNTMAP_device_map,
 * GNTMAP_contains_pte maps and unmaps, mapping its own grant: self=its
 * own ID) and runs into the per-domain caps a guest could otherwise use
 * to exhaust the hypervisor's memory: grant mappings (maptrack_frames=1
 * in its manifest line: 512) and event channel ports. */
#include "guest.h"
#include "events.h"
#include "guest_pt.h"
#include <xen/grant_table.h>
#include <parvus/event_channel.h>
#include <parvus/grant_table.h>

#define VIRT_BASE GUEST_VIRT_BASE
#define PTE_FLAGS GUEST_PTE_FLAGS
/* The grantee's manifest line says maptrack_frames=1: this many. */
#define MAPTRACK GNTTAB_MAPTRACK_PER_FRAME
/* Read-only grants of the page besides ref 9 (refs 12..): enough uses,
 * at GNTTAB_PIN_MAX each, to fill the maptrack. */
#define MORE_RO_REFS (MAPTRACK / GNTTAB_PIN_MAX - 2)

static long gnttab(int cmd, void *op, int count)
{
	return hypercall5(__HYPERVISOR_grant_table_op, cmd, (long)op, count, 0, 0);
}

static void wait_for(evtchn_port_t port, uint32_t count)
{
	while (event_count[port] < count)
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

static void notify(evtchn_port_t port)
{
	struct evtchn_send s = { port };

	evtchn_op(EVTCHNOP_send, &s);
}

static void granter(domid_t peer)
{
	struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = 1 };
	struct gnttab_query_size qs = { .dom = DOMID_SELF };
	struct evtchn_alloc_unbound a = { DOMID_SELF, peer, 0 };
	xen_pfn_t frame;
	volatile struct grant_entry_v1 *table = spare_va(0);
	char *page = spare_va(1);

	set_xen_guest_handle(setup.frame_list, &frame);
	CHECK_EQ(gnttab(GNTTABOP_setup_table, &setup, 1), 0, "setup_table");
	CHECK_EQ(setup.status, GNTST_okay, "setup_table status");
	CHECK_EQ(gnttab(GNTTABOP_query_size, &qs, 1), 0, "query_size");
	CHECK(qs.nr_frames >= 1 && qs.max_nr_frames >= qs.nr_frames, "table size");
	setup.nr_frames = 1000;
	CHECK_EQ(gnttab(GNTTABOP_setup_table, &setup, 1), 0, "setup_table, too big");
	CHECK_EQ(setup.status, GNTST_general_error, "refused");
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)table, frame << 12 | 7, UVMF_INVLPG), 0,
		 "map our grant table frame");
	CHECK_EQ(table[0].flags, GTF_permit_access, "the builder seeded the console entry");
	strlcpy(page, "a page from the granter", 4096);
	table[8] = (struct grant_entry_v1){ GTF_permit_access, peer, (uint32_t)spare_mfn(1) };
	table[9] = (struct grant_entry_v1){ GTF_permit_access | GTF_readonly, peer,
					    (uint32_t)spare_mfn(1) };
	for (grant_ref_t r = 12; r < 12 + MORE_RO_REFS; r++)
		table[r] = table[9];
	table[10] = (struct grant_entry_v1){ GTF_permit_access, peer,
		(uint32_t)((const uint64_t *)start_info->mfn_list)[(start_info->pt_base - VIRT_BASE) >> 12] };
	CHECK_EQ(evtchn_op(EVTCHNOP_alloc_unbound, &a), 0, "offer a port");
	wait_for(a.port, 1);		/* the grantee is done */
	CHECK(!strcmp(page, "hello back through the grant"), "the grantee wrote \"%s\"", page);
	CHECK_EQ(table[8].flags & (GTF_reading | GTF_writing), 0, "ref 8 no longer in use");
	CHECK_EQ(table[9].flags & (GTF_reading | GTF_writing), 0, "ref 9 no longer in use");
}

static int16_t map(domid_t dom, grant_ref_t ref, uint32_t flags, void *va, grant_handle_t *h)
{
	struct gnttab_map_grant_ref op = { (uint64_t)va, flags, ref, dom, 0, 0, 0 };

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

/* A map that also reports dev_bus_addr; addr as the flags say. */
static int16_t map_bus(domid_t dom, grant_ref_t ref, uint32_t flags, uint64_t addr,
		       grant_handle_t *h, uint64_t *bus)
{
	struct gnttab_map_grant_ref op = { addr, flags, ref, dom, 0, 0, 0 };

	CHECK_EQ(gnttab(GNTTABOP_map_grant_ref, &op, 1), 0, "map_grant_ref hypercall");
	*h = op.handle;
	*bus = op.dev_bus_addr;
	return op.status;
}

static int16_t unmap_full(uint64_t host_addr, uint64_t bus, grant_handle_t h)
{
	struct gnttab_unmap_grant_ref op = { host_addr, bus, h, 0 };

	CHECK_EQ(gnttab(GNTTABOP_unmap_grant_ref, &op, 1), 0, "unmap_grant_ref hypercall");
	return op.status;
}

#define PTE_FRAME(e) ((e) & 0x000ffffffffff000UL)

/* What a Linux back end relies on (issue 15): dev_bus_addr is the frame's
 * machine address; GNTMAP_device_map alone writes no PTE; with
 * GNTMAP_contains_pte host_addr is the machine address of the L1 entry,
 * for map and unmap (xenbus_map_ring_pv). win is a hole. */
static void check_back_end_flags(domid_t peer, char *win)
{
	uint64_t va = (uint64_t)win, bus, bus2;
	grant_handle_t h, h2;

	CHECK_EQ(map_bus(peer, 8, GNTMAP_host_map, va, &h, &bus), GNTST_okay, "map for the bus address");
	CHECK(bus && bus == PTE_FRAME(pt_get(va, 1)), "dev_bus_addr 0x%lx is the frame mapped (PTE 0x%lx)",
	      (unsigned long)bus, (unsigned long)pt_get(va, 1));
	CHECK_EQ(unmap(win, h), GNTST_okay, "unmap it");
	CHECK_EQ(map_bus(peer, 9, GNTMAP_device_map | GNTMAP_readonly, 0, &h, &bus2), GNTST_okay,
		 "a device mapping alone");
	CHECK_EQ(bus2, bus, "the same frame's bus address");
	CHECK_EQ(pt_get(va, 1), 0, "a device mapping writes no PTE");
	CHECK_EQ(unmap_full(0, bus + 4096, h), GNTST_bad_dev_addr, "unmap with another bus address");
	CHECK_EQ(unmap_full(0, bus, h), GNTST_okay, "unmap by its bus address");
	CHECK_EQ(map_bus(peer, 9, GNTMAP_readonly, va, &h, &bus2), GNTST_bad_gntref,
		 "neither host nor device map asked for");

	CHECK_EQ(map_bus(peer, 8, GNTMAP_host_map | GNTMAP_contains_pte, pte_maddr(va), &h, &bus2),
		 GNTST_okay, "map by PTE address");
	CHECK_EQ(bus2, bus, "its bus address");
	CHECK(!strcmp(win, "hello back through the grant"), "read through it: \"%s\"", win);
	CHECK_EQ(map_bus(peer, 8, GNTMAP_host_map | GNTMAP_contains_pte, pte_maddr(va), &h2, &bus2),
		 GNTST_general_error, "by PTE address onto a live entry");
	CHECK_EQ(map_bus(peer, 8, GNTMAP_host_map | GNTMAP_contains_pte, pte_maddr(va) + 4, &h2,
			 &bus2), GNTST_general_error, "a misaligned PTE address");
	CHECK_EQ(map_bus(peer, 8, GNTMAP_host_map | GNTMAP_contains_pte, table_mfn(va, 2) << 12,
			 &h2, &bus2), GNTST_general_error, "a PTE address in an L2");
	CHECK_EQ(unmap_full(pte_maddr(va) + 8, 0, h), GNTST_general_error,
		 "unmap by another PTE address");
	CHECK_EQ(unmap_full(va, 0, h), GNTST_general_error, "unmap by linear address");
	CHECK(!strcmp(win, "hello back through the grant"), "still mapped");
	CHECK_EQ(unmap_full(pte_maddr(va), 0, h), GNTST_okay, "unmap by its PTE address");
	CHECK_EQ(pt_get(va, 1), 0, "the entry is clear again");
}

/* A domain may map its own grant, as in Xen (ref 20 of our own table,
 * our page `mine`, at the hole win). */
static void check_self_map(char *win, char *mine)
{
	struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = 1 };
	volatile struct grant_entry_v1 *table = spare_va(3);
	domid_t self = guest_arg_number("self", 0);
	xen_pfn_t frame;
	grant_handle_t h;
	uint64_t bus;

	set_xen_guest_handle(setup.frame_list, &frame);
	CHECK_EQ(gnttab(GNTTABOP_setup_table, &setup, 1), 0, "our own setup_table");
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)table, frame << 12 | 7, UVMF_INVLPG), 0,
		 "map our grant table frame");
	table[20] = (struct grant_entry_v1){ GTF_permit_access, self, (uint32_t)spare_mfn(1) };
	CHECK_EQ(map_bus(self, 20, GNTMAP_host_map, (uint64_t)win, &h, &bus), GNTST_okay,
		 "map our own grant");
	CHECK_EQ(bus, spare_mfn(1) << 12, "its bus address");
	CHECK(!strcmp(win, mine), "our own page through the grant");
	CHECK(table[20].flags & GTF_writing, "our grant shows in use");
	CHECK_EQ(unmap(win, h), GNTST_okay, "unmap our own grant");
	CHECK_EQ(table[20].flags & (GTF_reading | GTF_writing), 0, "and unused again");
	table[20].flags = 0;
}

static int16_t copy(struct gnttab_copy *c)
{
	CHECK_EQ(gnttab(GNTTABOP_copy, c, 1), 0, "copy hypercall");
	return c->status;
}

static long pin(unsigned int cmd, uint64_t mfn)
{
	return mmuext_on(cmd, mfn);
}

static long l2_set(uint64_t va, uint64_t val)
{
	return pt_set(va, 2, val);
}

/* MAPTRACK mappings and no more (GNTST_no_space, as Xen when its
 * maptrack is full); unmapping gives the handles back. The mappings go
 * into a fresh L1 hooked 512 MiB above the kernel, 2 MiB of holes, which
 * they fill: the one past the cap is a device mapping (no PTE). */
_Static_assert(MAPTRACK == 512, "the maptrack fills one L1");
static grant_ref_t ro_ref(unsigned int n)
{
	return n % (2 + MORE_RO_REFS) < 2 ? 8 + n % 2 : 12 + n % (2 + MORE_RO_REFS) - 2;
}

static void check_maptrack_limit(domid_t peer)
{
	char *l1 = spare_va(2), *window = (char *)(VIRT_BASE + (512UL << 20));
	static grant_handle_t h[MAPTRACK];
	grant_handle_t extra;
	int16_t st = GNTST_okay;
	unsigned int n;

	memset(l1, 0, 4096);
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)l1, spare_mfn(2) << 12 | 1, UVMF_INVLPG),
		 0, "the new L1 read-only");
	CHECK_EQ(pin(MMUEXT_PIN_L1_TABLE, spare_mfn(2)), 0, "pin the new L1");
	CHECK_EQ(l2_set((uint64_t)window, spare_mfn(2) << 12 | PTE_FLAGS), 0, "hook the new L1");
	/* Grants of the same page take turns: GNTTAB_PIN_MAX uses of one
	 * grant is a smaller cap than the maptrack. */
	for (n = 0; n < MAPTRACK; n++) {
		st = map(peer, ro_ref(n), GNTMAP_host_map | GNTMAP_readonly, window + n * 4096, &h[n]);
		if (st != GNTST_okay)
			break;
	}
	CHECK_EQ(n, MAPTRACK, "mappings before the cap");
	CHECK_EQ(map(peer, 8, GNTMAP_device_map | GNTMAP_readonly, NULL, &extra), GNTST_no_space,
		 "one mapping past the cap");
	CHECK(!strcmp(window + (n - 1) * 4096, "hello back through the grant"),
	      "the last mapping reads the page the copy wrote");
	for (unsigned int i = 0; i < n; i++)
		CHECK_EQ(unmap(window + i * 4096, h[i]), GNTST_okay, "unmap one of many");
	CHECK_EQ(map(peer, 9, GNTMAP_host_map | GNTMAP_readonly, window, &extra), GNTST_okay,
		 "a handle is free again");
	CHECK(extra < MAPTRACK, "handle %u within the maptrack", extra);
	CHECK_EQ(unmap(window, extra), GNTST_okay, "unmap it");
	CHECK_EQ(l2_set((uint64_t)window, 0), 0, "unhook the L1");
	CHECK_EQ(pin(MMUEXT_UNPIN_TABLE, spare_mfn(2)), 0, "unpin it");
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)l1, spare_mfn(2) << 12 | 3, UVMF_INVLPG),
		 0, "writable again");
}

/* Ports up to EVTCHN_PORTS, then -ENOSPC (Xen's get_free_port); closed
 * ports are reused, lowest first. */
static void check_port_limit(domid_t peer)
{
	struct evtchn_alloc_unbound a = { DOMID_SELF, peer, 0 };
	evtchn_port_t first = 0, last = 0;
	long rc;

	while ((rc = evtchn_op(EVTCHNOP_alloc_unbound, &a)) == 0) {
		first = first ? first : a.port;
		last = a.port;
		CHECK(last < EVTCHN_PORTS, "port %u past the table", last);
	}
	CHECK_EQ(rc, -XEN_ENOSPC, "alloc_unbound on a full table");
	CHECK_EQ(last, EVTCHN_PORTS - 1, "the last port given");
	for (evtchn_port_t p = first; p <= last; p++) {
		struct evtchn_close c = { p };

		CHECK_EQ(evtchn_op(EVTCHNOP_close, &c), 0, "close one of many");
	}
	CHECK_EQ(evtchn_op(EVTCHNOP_alloc_unbound, &a), 0, "a port after closing");
	CHECK_EQ(a.port, first, "the lowest free port");
	CHECK_EQ(evtchn_op(EVTCHNOP_close, &(struct evtchn_close){ a.port }), 0, "close it");
}

static void grantee(domid_t peer)
{
	char *win = spare_va(0), *mine = spare_va(1);
	grant_handle_t h, h2;
	evtchn_port_t port;
	struct gnttab_copy c = { .len = 24, .flags = GNTCOPY_source_gref };

	/* An address with an L1 but nothing mapped: unmap a spare page. */
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)win, 0, UVMF_INVLPG), 0, "make a hole");
	port = events_bind_offered_port(peer);

	CHECK_EQ(map(peer, 8, GNTMAP_host_map, win, &h), GNTST_okay, "map ref 8 writable");
	CHECK(!strcmp(win, "a page from the granter"), "granted content \"%s\"", win);
	CHECK_EQ(map(peer, 8, GNTMAP_host_map, win, &h2), GNTST_bad_virt_addr,
		 "map over a live mapping");
	CHECK_EQ(map(peer, 9, GNTMAP_host_map, mine, &h2), GNTST_bad_virt_addr,
		 "map over our own page");
	CHECK_EQ(unmap(win, h), GNTST_okay, "unmap");
	CHECK_EQ(unmap(win, h), GNTST_bad_handle, "unmap twice");
	CHECK_EQ(map(peer, 9, GNTMAP_host_map, win, &h), GNTST_permission_denied,
		 "a read-only grant mapped writable");
	CHECK_EQ(map(peer, 9, GNTMAP_host_map | GNTMAP_readonly, win, &h), GNTST_okay,
		 "a read-only grant mapped read-only");
	CHECK_EQ(unmap(win, h), GNTST_okay, "unmap the read-only one");
	CHECK_EQ(map(peer, 10, GNTMAP_host_map, win, &h), GNTST_general_error,
		 "a granted page table mapped writable");
	CHECK_EQ(map(peer, 11, GNTMAP_host_map, win, &h), GNTST_permission_denied, "an ungranted ref");
	CHECK_EQ(map(peer, 99999, GNTMAP_host_map, win, &h), GNTST_bad_gntref, "a ref past the table");
	CHECK_EQ(map(77, 8, GNTMAP_host_map, win, &h), GNTST_bad_domain, "a domain that does not exist");
	CHECK_EQ(map(peer, 8, GNTMAP_host_map, (void *)0xffff830000000000UL, &h),
		 GNTST_bad_virt_addr, "mapping into the hypervisor's range");
	CHECK_EQ(unmap(win, 5000), GNTST_bad_handle, "a handle never given");

	c.source.u.ref = 8;
	c.source.domid = peer;
	c.dest.u.gmfn = spare_mfn(1);
	c.dest.domid = DOMID_SELF;
	CHECK_EQ(copy(&c), GNTST_okay, "copy from the grant");
	CHECK(!strcmp(mine, "a page from the granter"), "copied \"%s\"", mine);
	c.source.offset = 4090;
	CHECK_EQ(copy(&c), GNTST_bad_copy_arg, "a copy across the page end");
	c.source.offset = 0;
	c.flags = GNTCOPY_dest_gref;
	c.dest.u.ref = 9;
	c.dest.domid = peer;
	c.source.u.gmfn = spare_mfn(1);
	c.source.domid = DOMID_SELF;
	CHECK_EQ(copy(&c), GNTST_permission_denied, "a copy into a read-only grant");
	c.dest.u.ref = 8;
	strlcpy(mine, "hello back through the grant", 4096);
	c.len = 29;
	CHECK_EQ(copy(&c), GNTST_okay, "a copy into the writable grant");
	c.flags = 0;
	c.source.u.gmfn = 0x200;		/* the hypervisor's */
	c.dest.u.gmfn = spare_mfn(1);
	c.dest.domid = DOMID_SELF;
	CHECK_EQ(copy(&c), GNTST_bad_page, "a copy from a frame that is not ours");
	check_back_end_flags(peer, win);
	check_self_map(win, mine);
	check_maptrack_limit(peer);
	check_port_limit(peer);
	notify(port);
}

void guest_main(void)
{
	char role[12] = "";
	domid_t peer = guest_arg_number("peer", 0);

	guest_arg("role", role, sizeof(role));
	events_map_shared_info();
	CHECK_EQ(events_register_callback(), 0, "event callback");
	guest_shared_info->vcpu_info[0].evtchn_upcall_mask = 0;
	if (!strcmp(role, "granter"))
		granter(peer);
	else
		grantee(peer);
}
