/* SPDX-License-Identifier: GPL-2.0-only */
/* 2-level event channels over fake domains: binding, sending, masking,
 * closing, and the checks that keep one domain out of another's ports. */
#include "unit.h"
#include <parvus/domain.h>
#include <parvus/event_channel.h>

static struct domain doms[3];
static struct shared_info shinfo[3];
static struct evtchn_table tables[3];
static int wakes[3];

struct domain *domain_by_id(domid_t domid)
{
	return domid >= 1 && domid <= 2 && doms[domid].state == DOMAIN_RUNNING ?
	       &doms[domid] : NULL;
}

void vcpu_wake(struct vcpu *v)
{
	wakes[v->domain->domid]++;
}

static int drains[3];

void console_ring_drain(struct domain *d)
{
	drains[d->domid]++;
}

static void setup(void)
{
	memset(doms, 0, sizeof(doms));
	memset(shinfo, 0, sizeof(shinfo));
	memset(wakes, 0, sizeof(wakes));
	memset(drains, 0, sizeof(drains));
	for (int i = 1; i <= 2; i++) {
		doms[i].domid = i;
		doms[i].state = DOMAIN_RUNNING;
		doms[i].shared_info = &shinfo[i];
		doms[i].evtchn = &tables[i];
		doms[i].vcpu0.domain = &doms[i];
		doms[i].vcpu0.vcpu_info = &shinfo[i].vcpu_info[0];
		evtchn_init(&tables[i]);
	}
}

TestSuite(evtchn, .init = setup);

static bool pending(int d, evtchn_port_t p)
{
	return shinfo[d].evtchn_pending[p / 64] & (1UL << (p % 64));
}

Test(evtchn, interdomain_round_trip)
{
	evtchn_port_t p2, p1;

	cr_assert_eq(evtchn_alloc_unbound(&doms[2], 1, &p2), 0);
	cr_assert_eq(p2, 1, "lowest free port");
	cr_assert_eq(evtchn_bind_interdomain(&doms[1], 2, p2, &p1), 0);
	cr_assert(pending(1, p1), "the binder's new port is marked pending");
	cr_assert_eq(evtchn_send(&doms[1], p1), 0);
	cr_assert(pending(2, p2), "delivered to the peer's port");
	cr_assert_eq(shinfo[2].vcpu_info[0].evtchn_upcall_pending, 1);
	cr_assert_eq(shinfo[2].vcpu_info[0].evtchn_pending_sel, 1);
	cr_assert_eq(wakes[2], 1, "the peer's vCPU is woken");
	cr_assert_eq(evtchn_send(&doms[1], p1), 0);
	cr_assert_eq(wakes[2], 1, "a pending port is not delivered twice");
}

Test(evtchn, masked_ports_wait_for_unmask)
{
	evtchn_port_t p;

	cr_assert_eq(evtchn_bind_ipi(&doms[1], 0, &p), 0);
	shinfo[1].evtchn_mask[0] |= 1UL << p;
	cr_assert_eq(evtchn_send(&doms[1], p), 0);
	cr_assert(pending(1, p));
	cr_assert_eq(shinfo[1].vcpu_info[0].evtchn_upcall_pending, 0, "masked: no upcall");
	cr_assert_eq(evtchn_unmask(&doms[1], p), 0);
	cr_assert_eq(shinfo[1].vcpu_info[0].evtchn_upcall_pending, 1, "unmask re-delivers");
	cr_assert_eq(evtchn_unmask(&doms[1], 0), -XEN_EINVAL);
}

Test(evtchn, virqs)
{
	evtchn_port_t p, q;

	cr_assert_not(evtchn_send_virq(&doms[1].vcpu0, VIRQ_TIMER), "not bound: nothing");
	cr_assert_eq(evtchn_bind_virq(&doms[1], VIRQ_TIMER, 0, &p), 0);
	cr_assert_eq(evtchn_bind_virq(&doms[1], VIRQ_TIMER, 0, &q), -XEN_EEXIST);
	cr_assert_eq(evtchn_bind_virq(&doms[1], 99, 0, &q), -XEN_EINVAL);
	cr_assert_eq(evtchn_bind_virq(&doms[1], VIRQ_DEBUG, 1, &q), -XEN_ENOENT);
	cr_assert(evtchn_send_virq(&doms[1].vcpu0, VIRQ_TIMER));
	cr_assert(pending(1, p));
	cr_assert_eq(evtchn_send(&doms[1], p), -XEN_EINVAL, "a VIRQ port cannot be sent on");
	cr_assert_eq(evtchn_close(&doms[1], p), 0);
	cr_assert_eq(evtchn_bind_virq(&doms[1], VIRQ_TIMER, 0, &q), 0, "free again after close");
}

Test(evtchn, isolation_and_errors)
{
	evtchn_port_t p2, p1, x;
	struct evtchn_status st = { .dom = DOMID_SELF };

	cr_assert_eq(evtchn_alloc_unbound(&doms[2], 1, &p2), 0);
	cr_assert_eq(evtchn_bind_interdomain(&doms[1], 2, p2 + 1, &x), -XEN_EINVAL, "not offered");
	cr_assert_eq(evtchn_bind_interdomain(&doms[1], 7, p2, &x), -XEN_ESRCH, "no such domain");
	cr_assert_eq(evtchn_alloc_unbound(&doms[1], 9, &x), 0, "unbound for a domain still to come");
	cr_assert_eq(evtchn_close(&doms[1], x), 0);
	cr_assert_eq(evtchn_alloc_unbound(&doms[1], DOMID_IDLE, &x), -XEN_EINVAL, "a reserved domid");
	cr_assert_eq(evtchn_bind_interdomain(&doms[1], 2, p2, &p1), 0);
	cr_assert_eq(evtchn_bind_interdomain(&doms[1], 2, p2, &x), -XEN_EINVAL, "already connected");
	cr_assert_eq(evtchn_send(&doms[1], 0), -XEN_EINVAL);
	cr_assert_eq(evtchn_send(&doms[1], EVTCHN_PORTS), -XEN_EINVAL);
	cr_assert_eq(evtchn_send(&doms[1], 77), -XEN_EINVAL, "free port");
	cr_assert_eq(evtchn_close(&doms[1], 77), -XEN_EINVAL);
	st.port = p1;
	cr_assert_eq(evtchn_status(&doms[1], &st), 0);
	cr_assert_eq(st.status, EVTCHNSTAT_interdomain);
	cr_assert_eq(st.u.interdomain.port, p2);
	st.dom = 2;
	cr_assert_eq(evtchn_status(&doms[1], &st), -XEN_EPERM);
}

Test(evtchn, closing_leaves_the_peer_unbound)
{
	evtchn_port_t p2, p1;
	struct evtchn_status st = { .dom = DOMID_SELF };

	cr_assert_eq(evtchn_alloc_unbound(&doms[2], 1, &p2), 0);
	cr_assert_eq(evtchn_bind_interdomain(&doms[1], 2, p2, &p1), 0);
	evtchn_reset(&doms[1]);
	st.port = p2;
	cr_assert_eq(evtchn_status(&doms[2], &st), 0);
	cr_assert_eq(st.status, EVTCHNSTAT_unbound);
	cr_assert_eq(st.u.unbound.dom, 1, "waiting for the same peer again");
	cr_assert_eq(evtchn_send(&doms[2], p2), 0, "sending into it is dropped");
}

/* Found while chasing a fuzzer hang (tests/guests/fuzz closes and rebinds
 * VIRQ_TIMER at random): a port closed while pending and bound again kept
 * the pending bit, so the new binding's events never reached the vCPU. */
Test(evtchn, closing_clears_pending_so_a_rebound_port_delivers)
{
	evtchn_port_t p, q;
	struct vcpu_info *vi = &shinfo[1].vcpu_info[0];

	cr_assert_eq(evtchn_bind_virq(&doms[1], VIRQ_TIMER, 0, &p), 0);
	cr_assert(evtchn_send_virq(&doms[1].vcpu0, VIRQ_TIMER));
	cr_assert(pending(1, p));
	cr_assert_eq(evtchn_close(&doms[1], p), 0);
	cr_assert(!pending(1, p), "a closed port is not pending (Xen's evtchn_free)");
	vi->evtchn_upcall_pending = 0;
	vi->evtchn_pending_sel = 0;
	cr_assert_eq(evtchn_bind_virq(&doms[1], VIRQ_TIMER, 0, &q), 0);
	cr_assert_eq(q, p, "the same port is reused");
	wakes[1] = 0;
	cr_assert(evtchn_send_virq(&doms[1].vcpu0, VIRQ_TIMER));
	cr_assert(vi->evtchn_upcall_pending, "the rebound port raises the upcall");
	cr_assert_eq(wakes[1], 1, "and wakes the vCPU");
}

Test(evtchn, table_full)
{
	evtchn_port_t p;

	for (unsigned int i = 1; i < EVTCHN_PORTS; i++)
		cr_assert_eq(evtchn_bind_ipi(&doms[1], 0, &p), 0);
	cr_assert_eq(evtchn_bind_ipi(&doms[1], 0, &p), -XEN_ENOSPC);
}

Test(evtchn, console_port_reaches_the_back_end)
{
	evtchn_port_t p;
	struct evtchn_status st = { .dom = DOMID_SELF };

	cr_assert_eq(evtchn_bind_console(&doms[1], &p), 0);
	cr_assert_eq(evtchn_send(&doms[1], p), 0);
	cr_assert_eq(drains[1], 1, "a send drains the ring");
	st.port = p;
	cr_assert_eq(evtchn_status(&doms[1], &st), 0);
	cr_assert_eq(st.status, EVTCHNSTAT_interdomain, "looks like a back-end connection");
	cr_assert_eq(st.u.interdomain.dom, DOMID_XEN);
}
