/* SPDX-License-Identifier: GPL-2.0-only */
/* Issue 13 item 8: populate_physmap zero-fills 512 frames per 2 MiB
 * extent (order 9). A step of the call that counted extents (256 of
 * them) zero-filled up to 512 MiB with interrupts off; counted in frames,
 * no step does more than one such extent. The guest sees the steps: an
 * event made pending just before the call is delivered at the first
 * return to us, which, if the call was cut, is its own syscall. */
#include "preempt.h"

#define EXTENTS		4
#define ORDER		9
#define FRAMES		(EXTENTS << ORDER)

static unsigned long pages_before, frames_at_first_cut;
static bool cut;

static long current_reservation(void)
{
	struct xen_memory_domain md = { DOMID_SELF };

	return HYPERVISOR_memory_op(XENMEM_current_reservation, &md);
}

static void at_cut(void)
{
	if (cut)
		return;
	cut = true;
	frames_at_first_cut = current_reservation() - pages_before;
}

static long reservation_op(unsigned int op, uint64_t *extents, unsigned int n, unsigned int order)
{
	struct xen_memory_reservation r = { .nr_extents = n, .extent_order = order,
					    .domid = DOMID_SELF };

	set_xen_guest_handle(r.extent_start, extents);
	return watched_hypercall(__HYPERVISOR_memory_op, op, (long)&r, 0, 0);
}

/* Arms the watch: the next return to us (the first cut) records how many
 * frames had been populated by then. */
static void watch_for_cut(void)
{
	pages_before = current_reservation();
	cut = false;
	frames_at_first_cut = 0;
	watched_upcall = at_cut;
	guest_vcpu_info->evtchn_upcall_mask = 0;
	guest_vcpu_info->evtchn_upcall_pending = 1;
}

static void check_cut(const char *what)
{
	watched_upcall = NULL;
	CHECK(cut, "%s was cut into steps (an event came in between)", what);
	CHECK(frames_at_first_cut > 0 && frames_at_first_cut <= 1 << ORDER,
	      "%s: at most one 2 MiB extent before the first cut (%lu frames)", what,
	      frames_at_first_cut);
	CHECK_EQ(current_reservation(), pages_before + FRAMES, "all 8 MiB back");
	guest_printf("%s: first cut after %lu frames\n", what, frames_at_first_cut);
}

/* Four calls of one 2 MiB extent each in one multicall: each call is
 * short, the batch is not, and its steps count the work of the calls in
 * it, not only how many there are. */
static void check_multicall(uint64_t *extents)
{
	static struct xen_memory_reservation r[EXTENTS];
	static struct multicall_entry mc[EXTENTS];

	for (unsigned int i = 0; i < EXTENTS; i++) {
		r[i] = (struct xen_memory_reservation){ .nr_extents = 1, .extent_order = ORDER,
							 .domid = DOMID_SELF };
		set_xen_guest_handle(r[i].extent_start, &extents[i]);
		mc[i] = (struct multicall_entry){ __HYPERVISOR_memory_op, 99,
						  { XENMEM_populate_physmap, (unsigned long)&r[i] } };
	}
	watch_for_cut();
	CHECK_EQ(watched_hypercall(__HYPERVISOR_multicall, (long)mc, EXTENTS, 0, 0), 0, "multicall");
	for (unsigned int i = 0; i < EXTENTS; i++)
		CHECK_EQ(mc[i].result, 1, "one 2 MiB extent populated in a multicall");
	check_cut("populate in a multicall");
}

void check_populate_preempted_by_frames(void)
{
	static uint64_t frames[FRAMES];
	uint64_t extents[EXTENTS];
	unsigned long first = start_info->nr_pages - FRAMES;	/* never mapped by us */

	for (unsigned int i = 0; i < FRAMES; i++)
		frames[i] = pfn_mfn(first + i);
	CHECK_EQ(reservation_op(XENMEM_decrease_reservation, frames, FRAMES, 0), FRAMES,
		 "give back our last 8 MiB");
	for (unsigned int i = 0; i < EXTENTS; i++)
		extents[i] = first + (i << ORDER);
	watch_for_cut();
	CHECK_EQ(reservation_op(XENMEM_populate_physmap, extents, EXTENTS, ORDER), EXTENTS,
		 "populate four 2 MiB extents");
	check_cut("populate");

	/* extents[] now holds the first MFN of each: give them back. */
	CHECK_EQ(reservation_op(XENMEM_decrease_reservation, extents, EXTENTS, ORDER), EXTENTS,
		 "give the four 2 MiB extents back");
	for (unsigned int i = 0; i < EXTENTS; i++)
		extents[i] = first + (i << ORDER);
	check_multicall(extents);
}
