/* SPDX-License-Identifier: GPL-2.0-only */
/* Issue 13 item 3: one CONSOLEIO_write of a page aliased over a large
 * range once held the only CPU, interrupts off, for as long as the count
 * said. Now the write goes in bounded steps, so a neighbour runs while
 * one write is still going (the hog counts the neighbour's events that
 * arrive between the steps of that one call), and a domain's output is
 * rate-limited, so a flood of text is cut short with a notice while the
 * write still returns 0. */
#include "preempt.h"

#define HOG_BYTES	(64UL << 20)	/* one page, seen 16384 times */
#define ROUNDS_WANTED	3
#define FLOOD_BYTES	(1UL << 20)
#define FLOOD_LINE	64
#define PAUSE_NS	1500000000UL	/* for the rate limit's tokens to come back */

static evtchn_port_t port;
static uint32_t events_before;
static unsigned int neighbour_rounds_inside;

static long send(evtchn_port_t p)
{
	struct evtchn_send s = { p };

	return evtchn_op(EVTCHNOP_send, &s);
}

/* An upcall between two steps of the hog's write: did the neighbour run? */
static void count_neighbour(void)
{
	if (event_count[port] != events_before)
		neighbour_rounds_inside++;
	events_before = event_count[port];
}

/* The write's page is all '\r', which prints nothing: every bit of the
 * call's time is the hypervisor's copying, none of it serial output. */
void console_hog(void)
{
	struct evtchn_alloc_unbound a = { DOMID_SELF, (domid_t)guest_arg_number("peer", 2), 0 };
	long rc;

	memset(pfn_va(scratch_pfn), '\r', 4096);
	alias_one_page(scratch_pfn, scratch_pfn + 1, HOG_BYTES);
	CHECK_EQ(evtchn_op(EVTCHNOP_alloc_unbound, &a), 0, "a port for the neighbour");
	port = a.port;
	while (event_count[port] == 0)
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);	/* its first round */
	events_before = event_count[port];
	watched_upcall = count_neighbour;
	rc = watched_hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, HOG_BYTES, ALIAS_BASE, 0);
	watched_upcall = NULL;
	CHECK_EQ(rc, 0, "console_io write of 64 MiB (one page, aliased)");
	guest_printf("hog: the neighbour ran %u times during one 64 MiB console write\n",
		     neighbour_rounds_inside);
	CHECK(neighbour_rounds_inside >= ROUNDS_WANTED,
	      "the neighbour ran at least %u times during the write", ROUNDS_WANTED);
	CHECK_EQ(send(port), 0, "tell the neighbour we are done");
}

/* One event per turn on the CPU, until the hog says it is done (or
 * has gone). */
void console_neighbour(void)
{
	evtchn_port_t p = events_bind_offered_port((domid_t)guest_arg_number("peer", 1));
	uint32_t before = event_count[p];	/* binding made the port pending once */
	unsigned long rounds = 0;

	while (p && event_count[p] == before && send(p) == 0) {
		rounds++;
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	guest_printf("neighbour: %lu rounds until the hog was done\n", rounds);
}

static void sleep_ns(uint64_t ns)
{
	struct sched_poll poll = { .nr_ports = 0, .timeout = guest_now_ns() + ns };

	HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
}

/* 1 MiB of "flood:" lines in one write: the rate limit lets the first
 * part through, says what it dropped, and the write returns 0. */
void console_flood(void)
{
	static const char text[] = "flood: 0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ";
	char *page = pfn_va(scratch_pfn);

	for (unsigned int i = 0; i < 4096; i += FLOOD_LINE) {
		memcpy(page + i, text, FLOOD_LINE - 1);
		page[i + FLOOD_LINE - 1] = '\n';
	}
	alias_one_page(scratch_pfn, scratch_pfn + 1, 2UL << 20);
	CHECK_EQ(HYPERVISOR_console_io(CONSOLEIO_write, FLOOD_BYTES, (void *)ALIAS_BASE), 0,
		 "a 1 MiB console write returns 0, whatever was dropped");
	sleep_ns(PAUSE_NS);
	guest_printf("flood: after the pause\n");
}
