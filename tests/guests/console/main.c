/* SPDX-License-Identifier: GPL-2.0-only */
/* console: the console ring start_info advertises (xencons_interface and
 * its event channel), served by the hypervisor's back end. The guest
 * writes through the ring, waits for a line typed on the serial console
 * (expect=TEXT on the command line), echoes it, and finally hands the back
 * end nonsense indexes, which it must shrug off. */
#include "guest.h"
#include "events.h"
#include <xen/io/console.h>

#define VIRT_BASE	0xffffffff80000000UL
#define M2P		((const uint64_t *)MACH2PHYS_VIRT_START)

static volatile struct xencons_interface *ring;
static evtchn_port_t port;

static void notify(void)
{
	struct evtchn_send s = { port };

	evtchn_op(EVTCHNOP_send, &s);
}

static void ring_write(const char *s)
{
	uint32_t prod = ring->out_prod;

	for (; *s; s++)
		ring->out[MASK_XENCONS_IDX(prod++, ring->out)] = *s;
	barrier();	/* data before the index */
	ring->out_prod = prod;
	notify();
}

/* Reads one line of input (without the newline), waiting up to 5 s. */
static bool ring_read_line(char *buf, size_t size)
{
	uint64_t deadline = guest_now_ns() + 5000000000ULL;
	size_t n = 0;

	while (guest_now_ns() < deadline) {
		struct sched_poll poll = { .nr_ports = 1, .timeout = guest_now_ns() + 20000000 };

		while (ring->in_cons != ring->in_prod) {
			char c = ring->in[MASK_XENCONS_IDX(ring->in_cons, ring->in)];

			ring->in_cons++;
			if (c == '\r' || c == '\n') {
				buf[n] = '\0';
				return true;
			}
			if (n < size - 1)
				buf[n++] = c;
		}
		set_xen_guest_handle(poll.ports, &port);
		HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
	}
	buf[n] = '\0';
	return false;
}

void guest_main(void)
{
	char expect[32] = "", line[64];
	char msg[96];

	events_map_shared_info();
	port = start_info->console.domU.evtchn;
	CHECK(port != 0, "start_info names a console event channel");
	ring = (volatile struct xencons_interface *)
		(VIRT_BASE + M2P[start_info->console.domU.mfn] * 4096);
	ring_write("hello through the console ring\n");
	CHECK_EQ(ring->out_cons, ring->out_prod, "the back end consumed it");
	if (guest_arg("expect", expect, sizeof(expect))) {
		CHECK(ring_read_line(line, sizeof(line)), "a line of input arrived");
		snprintf(msg, sizeof(msg), "console input: \"%s\"\n", line);
		ring_write(msg);
		CHECK(!strcmp(line, expect), "input \"%s\", expected \"%s\"", line, expect);
	}
	ring->out_prod = ring->out_cons + 5000;		/* nonsense */
	notify();
	CHECK_EQ(ring->out_cons, ring->out_prod, "the back end resynchronised");
	ring_write("still talking after that\n");
}
