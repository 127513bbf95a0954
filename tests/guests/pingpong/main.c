/* SPDX-License-Identifier: GPL-2.0-only */
/* pingpong: two domains talking over an interdomain event channel.
 * role=pong allocates an unbound port for its peer (peer=ID); role=ping
 * binds to it (retrying with SCHEDOP_yield until the pong side has made
 * it), then both bounce an event back and forth rounds=N times, blocking
 * in between. The ping side reports the average round trip, measured with
 * the pvclock. Also checks what a hostile peer must not do with ports. */
#include "guest.h"
#include "events.h"
#include "trap_stubs.h"

static long send(evtchn_port_t port)
{
	struct evtchn_send s = { port };

	return evtchn_op(EVTCHNOP_send, &s);
}

/* Blocks until the port has fired `count` times in all. */
static void wait_for(evtchn_port_t port, uint32_t count)
{
	while (event_count[port] < count)
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

static evtchn_port_t connect(bool ping, domid_t peer)
{
	if (!ping) {
		struct evtchn_alloc_unbound a = { DOMID_SELF, peer, 0 };

		CHECK_EQ(evtchn_op(EVTCHNOP_alloc_unbound, &a), 0, "alloc_unbound for the peer");
		return a.port;
	}
	/* The peer's port number is not known: try the first few. */
	return events_bind_offered_port(peer);
}

static void check_port_rules(evtchn_port_t port, domid_t peer)
{
	struct evtchn_status st = { .dom = DOMID_SELF, .port = port };
	struct evtchn_bind_virq v = { .virq = VIRQ_DEBUG, .vcpu = 0 };
	struct evtchn_bind_interdomain steal = { peer, port, 0 };
	struct evtchn_alloc_unbound other = { peer, DOMID_SELF, 0 };

	CHECK_EQ(evtchn_op(EVTCHNOP_status, &st), 0, "status");
	CHECK_EQ(st.status, EVTCHNSTAT_interdomain, "the port is interdomain");
	CHECK_EQ(st.u.interdomain.dom, peer, "connected to the peer");
	st.dom = peer;
	CHECK_EQ(evtchn_op(EVTCHNOP_status, &st), -XEN_EPERM, "status of the peer's port");
	CHECK_EQ(send(1000), -XEN_EINVAL, "send on a port that is not ours");
	CHECK_EQ(send(0), -XEN_EINVAL, "send on port 0");
	CHECK_EQ(send(5000), -XEN_EINVAL, "send past the table");
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_virq, &v), 0, "bind VIRQ_DEBUG");
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_virq, &v), -XEN_EEXIST, "bind VIRQ_DEBUG twice");
	v.virq = 99;
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_virq, &v), -XEN_EINVAL, "VIRQ 99");
	v = (struct evtchn_bind_virq){ VIRQ_CONSOLE, 3, 0 };
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_virq, &v), -XEN_ENOENT, "VIRQ on vCPU 3");
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_interdomain, &steal), -XEN_EINVAL,
		 "bind to a port already connected");
	steal.remote_dom = 60;
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_interdomain, &steal), -XEN_ESRCH, "a domain that does not exist");
	CHECK_EQ(evtchn_op(EVTCHNOP_alloc_unbound, &other), -XEN_EPERM, "allocate in the peer's table");
	CHECK_EQ(evtchn_op(EVTCHNOP_init_control, &other), -XEN_ENOSYS, "no FIFO ABI");
	CHECK_EQ(evtchn_op(EVTCHNOP_send, (void *)0x1000), -XEN_EFAULT, "unreadable argument");
}

/* When the peer's domain ends, our end of the channel is unbound. */
static void check_peer_gone(evtchn_port_t port)
{
	struct evtchn_status st = { .dom = DOMID_SELF, .port = port };

	for (int tries = 0; tries < 1000; tries++) {
		CHECK_EQ(evtchn_op(EVTCHNOP_status, &st), 0, "status");
		if (st.status != EVTCHNSTAT_interdomain)
			break;
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	CHECK_EQ(st.status, EVTCHNSTAT_unbound, "the peer ended: our end is unbound");
	CHECK_EQ(send(port), 0, "sending into an unbound port is dropped quietly");
}

void guest_main(void)
{
	char role[8] = "";
	domid_t peer = guest_arg_number("peer", 0);
	unsigned long rounds = guest_arg_number("rounds", 100);
	bool ping;
	evtchn_port_t port;
	uint64_t t0, t1;

	guest_arg("role", role, sizeof(role));
	ping = !strcmp(role, "ping");
	events_map_shared_info();
	CHECK_EQ(events_register_callback(), 0, "event callback");
	guest_shared_info->vcpu_info[0].evtchn_upcall_mask = 0;
	port = connect(ping, peer);
	if (ping) {
		wait_for(port, 1);	/* binding notifies the new port, as in Xen */
		check_port_rules(port, peer);
	}
	t0 = guest_now_ns();
	for (unsigned long i = 1; i <= rounds; i++) {
		if (ping) {
			CHECK_EQ(send(port), 0, "send");
			wait_for(port, i + 1);
		} else {
			wait_for(port, i);
			CHECK_EQ(send(port), 0, "reply");
		}
	}
	t1 = guest_now_ns();
	if (ping) {
		guest_printf("%lu round trips, %lu ns each\n", rounds,
			     (unsigned long)((t1 - t0) / rounds));
		check_peer_gone(port);
	}
}
