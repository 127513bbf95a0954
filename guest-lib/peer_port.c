/* SPDX-License-Identifier: GPL-2.0-only */
/* events_bind_offered_port (events.h): the two-domain test guests' way to
 * meet. One side offers a port with EVTCHNOP_alloc_unbound; the other does
 * not know its number and binds the first of the low ports that takes.
 * Kept out of events.c, which the fuzz guest links: its layout is its
 * seeds' behaviour (docs/fuzzing.md). */
#include "guest.h"
#include "events.h"

evtchn_port_t events_bind_offered_port(domid_t peer)
{
	for (int tries = 0; tries < 1000; tries++) {
		for (evtchn_port_t p = 1; p < 16; p++) {
			struct evtchn_bind_interdomain b = { peer, p, 0 };

			if (evtchn_op(EVTCHNOP_bind_interdomain, &b) == 0)
				return b.local_port;
		}
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	guest_fail("d%u never offered a port", peer);
	return 0;
}
