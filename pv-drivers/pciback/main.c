/* SPDX-License-Identifier: GPL-2.0-only */
/* The pciback service domain: a small PV guest on the guest library that
 * serves Linux's xen-pcifront (xen/io/pciif.h) in "passthrough" mode for
 * the devices the toolstack lists under its backend/pci directory. The
 * driver domain is an unprivileged domU: its Linux reaches PCI only
 * through pcifront, and this domain answers it with conf1 accesses the
 * hypervisor filters to the assigned devices (README.md).
 *
 * It maps its code read-only first (as xenstored), then watches
 * backend/pci and each frontend's state (frontend.c), and sleeps in
 * SCHEDOP_poll on the store port and every frontend's port, waking at
 * least every POLL_NS to see whether a frontend's domain has gone
 * (XS_IS_DOMAIN_INTRODUCED: the only word of a domain's end an
 * unprivileged domain gets). A frontend that died without closing is
 * waited for (restart_wait=, 60 s): a restarted driver domain keeps its
 * domid. When every frontend has gone, it powers off.
 * Command line: trace=1 prints every operation served; restart_wait=S. */
#include "guest.h"
#include "events.h"
#include "xs_client.h"
#include "pciback.h"

#define POLL_NS 100000000ull	/* 100 ms */

static char home[64];

static void clear_pending(evtchn_port_t port)
{
	__atomic_and_fetch(&guest_shared_info->evtchn_pending[port / 64],
			   ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
}

/* Watch events: for backend/pci, look for new frontends; for a
 * frontend's state, follow it. Every slot is looked at either way. */
static void xenstore_events(void)
{
	char path[PCIBACK_PATH_MAX + 16], token[8];
	bool any = false, scan = false;

	clear_pending(xs_client_port());
	while (!xs_poll_watch(path, sizeof(path), token, sizeof(token))) {
		any = true;
		scan |= strcmp(token, "fe") != 0;	/* "be", or events dropped */
	}
	if (scan)
		pciback_scan(home);
	if (any)
		for (unsigned int i = 0; i < PCIBACK_MAX_FRONTENDS; i++)
			pciback_follow(&pciback_slots[i]);
}

static void serve_all(void)
{
	for (unsigned int i = 0; i < PCIBACK_MAX_FRONTENDS; i++) {
		struct pciback_slot *s = &pciback_slots[i];

		if (!s->attached)
			continue;
		clear_pending(s->port);
		pciback_slot_serve(s);
	}
}

static bool introduced(domid_t domid)
{
	char id[8], answer[4];

	snprintf(id, sizeof(id), "%u", domid);
	return xs_request(XS_IS_DOMAIN_INTRODUCED, 0, id, strlen(id) + 1, answer,
			  sizeof(answer)) > 0 && answer[0] == 'T';
}

/* How many frontends are still there (those gone are taken down). A
 * store round trip each: asked at most every POLL_NS, not once per
 * operation served (Linux's probe sends thousands). */
static unsigned int departures(unsigned int left_before)
{
	static uint64_t next;
	unsigned int left = 0;

	if (guest_now_ns() < next)
		return left_before;
	next = guest_now_ns() + POLL_NS;
	for (unsigned int i = 0; i < PCIBACK_MAX_FRONTENDS; i++) {
		struct pciback_slot *s = &pciback_slots[i];

		if (!s->used || s->gone)
			continue;
		if (introduced(s->fe.domid)) {
			pciback_slot_alive(s);
			left++;
		} else if (pciback_slot_absent(s)) {
			left++;		/* waited for: it may be restarted */
		}
	}
	return left;
}

/* Sleeps until the store or a frontend has something, or POLL_NS. */
static void wait_for_work(void)
{
	evtchn_port_t ports[PCIBACK_MAX_FRONTENDS + 1];
	struct sched_poll poll = { .timeout = guest_now_ns() + POLL_NS };
	unsigned int n = 0;

	ports[n++] = xs_client_port();
	for (unsigned int i = 0; i < PCIBACK_MAX_FRONTENDS; i++)
		if (pciback_slots[i].attached)
			ports[n++] = pciback_slots[i].port;
	set_xen_guest_handle(poll.ports, ports);
	poll.nr_ports = n;
	HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
}

static bool start(void)
{
	char me[8];
	long rc = guest_protect_image();

	if (rc) {
		guest_fail("pciback: cannot map our code read-only: %ld", rc);
		return false;
	}
	pciback_trace = guest_arg_number("trace", 0) != 0;
	pciback_restart_wait_ns = (uint64_t)guest_arg_number("restart_wait", 60) * 1000000000ull;
	xs_client_init();
	xs_client_lossy_watches();
	if (xs_read("domid", me, sizeof(me)) <= 0) {
		guest_fail("pciback: no xenstore (cannot read domid)");
		return false;
	}
	snprintf(home, sizeof(home), "/local/domain/%s/backend/pci", me);
	rc = pciback_windows_init();
	if (rc || xs_watch(home, "be")) {
		guest_fail("pciback: cannot set up (windows %ld) or watch %s", rc, home);
		return false;
	}
	xenstore_events();		/* the watch fires once when set */
	return true;
}

void guest_main(void)
{
	unsigned int left;

	if (!start())
		return;
	left = departures(0);
	guest_printf("pciback: serving %u frontend(s) from %s\n", left, home);
	while (left) {
		xenstore_events();
		serve_all();
		wait_for_work();
		left = departures(left);
	}
	guest_printf("pciback: every frontend has gone; stopping\n");
}
