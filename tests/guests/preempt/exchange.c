/* SPDX-License-Identifier: GPL-2.0-only */
/* XENMEM_exchange is cut between chunks: 2048 frames for four 2 MiB
 * extents is four chunks of 512 frames (zeroed each), one a step. Between
 * steps the progress sits in the guest's own nr_exchanged, as in Xen: the
 * event delivered at the first cut (on our own syscall, rewound) reads it
 * there, with the first chunk's MFN already written back. */
#include "preempt.h"

#define EXTENTS		4
#define ORDER		9
#define FRAMES		(EXTENTS << ORDER)

static struct xen_memory_exchange x;
static xen_pfn_t in[FRAMES], out[EXTENTS];
static unsigned long first;
static bool cut;
static uint64_t exchanged_at_cut, out0_at_cut;

static void at_cut(void)
{
	if (cut)
		return;
	cut = true;
	exchanged_at_cut = x.nr_exchanged;
	out0_at_cut = out[0];
}

void check_exchange_preempted_by_chunks(void)
{
	first = start_info->nr_pages - FRAMES;	/* never mapped by us */
	for (unsigned int i = 0; i < FRAMES; i++)
		in[i] = pfn_mfn(first + i);
	for (unsigned int i = 0; i < EXTENTS; i++)
		out[i] = first + (i << ORDER);
	x = (struct xen_memory_exchange){
		.in = { .nr_extents = FRAMES, .extent_order = 0, .domid = DOMID_SELF },
		.out = { .nr_extents = EXTENTS, .extent_order = ORDER, .domid = DOMID_SELF },
	};
	set_xen_guest_handle(x.in.extent_start, in);
	set_xen_guest_handle(x.out.extent_start, out);
	watched_upcall = at_cut;
	guest_vcpu_info->evtchn_upcall_mask = 0;
	guest_vcpu_info->evtchn_upcall_pending = 1;
	CHECK_EQ(watched_hypercall(__HYPERVISOR_memory_op, XENMEM_exchange, (long)&x, 0, 0), 0,
		 "2048 frames for four 2 MiB extents");
	watched_upcall = NULL;
	CHECK_EQ(x.nr_exchanged, FRAMES, "all of them");
	CHECK(cut, "the exchange was cut into steps (an event came in between)");
	CHECK_EQ(exchanged_at_cut, 1 << ORDER, "one chunk of 512 frames before the first cut");
	CHECK(out0_at_cut != first, "the first extent's MFN was written back by then");
	CHECK_EQ(out0_at_cut, out[0], "and it is the one the call ends with");
	guest_printf("exchange: first cut after %lu frames\n", (unsigned long)exchanged_at_cut);
}
