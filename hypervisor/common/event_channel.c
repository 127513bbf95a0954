/* SPDX-License-Identifier: GPL-2.0-only */
/* 2-level event channels (see event_channel.h). Every port number and
 * domain ID comes from a guest and is checked here; errors follow Xen's
 * common/event_channel.c: -EINVAL for a bad or wrong-state port, -ESRCH
 * for a domain that does not exist, -EEXIST for a VIRQ bound twice,
 * -ENOSPC when the table is full, -EPERM for another domain's table. A
 * pirq port's interrupt side is pirq.c's. */
#include <parvus/event_channel.h>
#include <parvus/domain.h>
#include <parvus/string.h>
#include <parvus/pirq.h>

#define BITS_PER_WORD 64

static struct evtchn *port_of(struct domain *d, evtchn_port_t port)
{
	if (port == 0 || port >= EVTCHN_PORTS)
		return NULL;
	return &d->evtchn->port[port];
}

void evtchn_init(struct evtchn_table *t)
{
	memset(t, 0, sizeof(*t));
	t->port[0].state = ECS_RESERVED;
}

static int alloc_port(struct domain *d, evtchn_port_t *port)
{
	for (evtchn_port_t p = 1; p < EVTCHN_PORTS; p++) {
		if (d->evtchn->port[p].state == ECS_FREE) {
			*port = p;
			return 0;
		}
	}
	return -XEN_ENOSPC;
}

static domid_t resolve(struct domain *d, domid_t dom)
{
	return dom == DOMID_SELF ? d->domid : dom;
}

int evtchn_alloc_unbound(struct domain *d, domid_t remote, evtchn_port_t *port)
{
	struct evtchn *e;
	int rc;

	/* Like Xen, the remote domain need not exist yet: the builder
	 * allocates each guest's store port before the xenstore domain is
	 * built. Only that domain ID can ever bind it. */
	remote = resolve(d, remote);
	if (remote >= DOMID_FIRST_RESERVED)
		return -XEN_EINVAL;
	rc = alloc_port(d, port);
	if (rc)
		return rc;
	e = &d->evtchn->port[*port];
	*e = (struct evtchn){ .state = ECS_UNBOUND, .remote_dom = remote };
	return 0;
}

int evtchn_bind_interdomain(struct domain *d, domid_t remote_dom,
			    evtchn_port_t remote_port, evtchn_port_t *port)
{
	struct domain *rd = domain_by_id(resolve(d, remote_dom));
	struct evtchn *re, *e;
	int rc;

	if (!rd)
		return -XEN_ESRCH;
	re = port_of(rd, remote_port);
	if (!re || re->state != ECS_UNBOUND || re->remote_dom != d->domid)
		return -XEN_EINVAL;
	rc = alloc_port(d, port);
	if (rc)
		return rc;
	e = &d->evtchn->port[*port];
	*e = (struct evtchn){ .state = ECS_INTERDOMAIN, .remote_dom = rd->domid,
			      .remote_port = remote_port };
	re->state = ECS_INTERDOMAIN;
	re->remote_port = *port;
	/* Notifications sent while the remote port was unbound were lost:
	 * like Xen, conservatively mark the new local port pending. */
	evtchn_set_pending_port(d, *port);
	return 0;
}

int evtchn_bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu,
		     evtchn_port_t *port)
{
	int rc;

	if (virq >= EVTCHN_NR_VIRQS)
		return -XEN_EINVAL;
	if (vcpu != 0)
		return -XEN_ENOENT;
	if (d->evtchn->virq_port[virq])
		return -XEN_EEXIST;
	rc = alloc_port(d, port);
	if (rc)
		return rc;
	d->evtchn->port[*port] = (struct evtchn){ .state = ECS_VIRQ,
						  .remote_port = virq };
	d->evtchn->virq_port[virq] = *port;
	return 0;
}

int evtchn_bind_console(struct domain *d, evtchn_port_t *port)
{
	int rc = alloc_port(d, port);

	if (!rc)
		d->evtchn->port[*port] = (struct evtchn){ .state = ECS_CONSOLE,
							  .remote_dom = DOMID_XEN };
	return rc;
}

int evtchn_bind_ipi(struct domain *d, uint32_t vcpu, evtchn_port_t *port)
{
	int rc;

	if (vcpu != 0)
		return -XEN_ENOENT;
	rc = alloc_port(d, port);
	if (rc)
		return rc;
	d->evtchn->port[*port] = (struct evtchn){ .state = ECS_IPI };
	return 0;
}

/* A pirq the domain was given (pirq.c checks it is mapped and unbound). */
int evtchn_bind_pirq(struct domain *d, uint32_t pirq, evtchn_port_t *port)
{
	int rc = alloc_port(d, port);

	if (rc)
		return rc;
	rc = pirq_bind(d, pirq, *port);
	if (rc)
		return rc;	/* the port stays free */
	d->evtchn->port[*port] = (struct evtchn){ .state = ECS_PIRQ,
						  .remote_port = pirq };
	return 0;
}

int evtchn_close(struct domain *d, evtchn_port_t port)
{
	struct evtchn *e = port_of(d, port);
	struct domain *rd;

	if (!e || e->state == ECS_FREE)
		return -XEN_EINVAL;
	if (e->state == ECS_VIRQ)
		d->evtchn->virq_port[e->remote_port] = 0;
	if (e->state == ECS_PIRQ)
		pirq_unbind(d, e->remote_port);
	if (e->state == ECS_INTERDOMAIN && (rd = domain_by_id(e->remote_dom))) {
		/* The peer's end waits for a new connection, as in Xen. */
		struct evtchn *re = port_of(rd, e->remote_port);

		if (re && re->state == ECS_INTERDOMAIN)
			*re = (struct evtchn){ .state = ECS_UNBOUND,
					       .vcpu = re->vcpu,
					       .remote_dom = d->domid };
	}
	*e = (struct evtchn){ .state = ECS_FREE };
	/* Like Xen's evtchn_free: a pending bit left behind would make the
	 * next binding of this port look pending already, and a send to it
	 * then never raises the selector or the upcall (set_pending stops at
	 * a bit that is set), so that port would never be delivered. */
	if (d->shared_info)	/* a build that failed before it had one */
		__atomic_fetch_and(&d->shared_info->evtchn_pending[port / BITS_PER_WORD],
				   ~(1UL << (port % BITS_PER_WORD)), __ATOMIC_SEQ_CST);
	return 0;
}

/* Flags the port's word in the vCPU's selector and raises its upcall
 * (evtchn_upcall_pending), waking it if blocked. A word already flagged
 * means the upcall is raised and the guest has yet to scan that word. */
static void raise_upcall(struct vcpu *v, unsigned int word)
{
	struct vcpu_info *vi = v->vcpu_info;

	if (vi->evtchn_pending_sel & (1UL << word))
		return;
	vi->evtchn_pending_sel |= 1UL << word;
	vi->evtchn_upcall_pending = 1;
	vcpu_wake(v);
}

/* Xen's evtchn_2l_set_pending: pending bit, then the selector and the
 * vCPU's upcall flag unless the port is masked; a blocked vCPU wakes. */
void evtchn_set_pending_port(struct domain *d, evtchn_port_t port)
{
	struct shared_info *si = d->shared_info;
	struct vcpu *v = &d->vcpu0;
	unsigned int word = port / BITS_PER_WORD;
	xen_ulong_t bit = 1UL << (port % BITS_PER_WORD);

	if (si->evtchn_pending[word] & bit)
		return;
	si->evtchn_pending[word] |= bit;
	if (v->polling)
		vcpu_wake(v);	/* SCHEDOP_poll wakes on any port, masked or not */
	if (si->evtchn_mask[word] & bit)
		return;
	raise_upcall(v, word);
}

int evtchn_send(struct domain *d, evtchn_port_t port)
{
	struct evtchn *e = port_of(d, port);
	struct domain *rd;

	if (!e)
		return -XEN_EINVAL;
	switch (e->state) {
	case ECS_INTERDOMAIN:
		rd = domain_by_id(e->remote_dom);
		if (rd)
			evtchn_set_pending_port(rd, e->remote_port);
		return 0;
	case ECS_IPI:
		evtchn_set_pending_port(d, port);
		return 0;
	case ECS_UNBOUND:
		return 0;	/* nobody listens yet: dropped, as in Xen */
	case ECS_CONSOLE:
		console_ring_drain(d);
		return 0;
	default:
		return -XEN_EINVAL;
	}
}

int evtchn_status(struct domain *d, struct evtchn_status *st)
{
	struct evtchn *e;

	if (resolve(d, st->dom) != d->domid)
		return -XEN_EPERM;	/* no rights over other domains */
	e = port_of(d, st->port);
	if (!e && st->port != 0)
		return -XEN_EINVAL;
	memset(&st->u, 0, sizeof(st->u));
	st->vcpu = e ? e->vcpu : 0;
	switch (e ? e->state : ECS_RESERVED) {
	case ECS_UNBOUND:
		st->status = EVTCHNSTAT_unbound;
		st->u.unbound.dom = e->remote_dom;
		break;
	case ECS_INTERDOMAIN:
		st->status = EVTCHNSTAT_interdomain;
		st->u.interdomain.dom = e->remote_dom;
		st->u.interdomain.port = e->remote_port;
		break;
	case ECS_VIRQ:
		st->status = EVTCHNSTAT_virq;
		st->u.virq = e->remote_port;
		break;
	case ECS_IPI:
		st->status = EVTCHNSTAT_ipi;
		break;
	case ECS_PIRQ:
		st->status = EVTCHNSTAT_pirq;
		st->u.pirq = e->remote_port;
		break;
	case ECS_CONSOLE:	/* looks like a connection to the back end */
		st->status = EVTCHNSTAT_interdomain;
		st->u.interdomain.dom = DOMID_XEN;
		break;
	default:
		st->status = EVTCHNSTAT_closed;
		break;
	}
	return 0;
}

/* Unmasking a pending port re-delivers it (Xen's evtchn_2l_unmask). */
int evtchn_unmask(struct domain *d, evtchn_port_t port)
{
	struct shared_info *si = d->shared_info;
	unsigned int word = port / BITS_PER_WORD;
	xen_ulong_t bit = 1UL << (port % BITS_PER_WORD);

	if (!port_of(d, port))
		return -XEN_EINVAL;
	si->evtchn_mask[word] &= ~bit;
	if (si->evtchn_pending[word] & bit)
		raise_upcall(&d->vcpu0, word);
	return 0;
}

int evtchn_bind_vcpu(struct domain *d, evtchn_port_t port, uint32_t vcpu)
{
	struct evtchn *e = port_of(d, port);

	if (!e || e->state == ECS_FREE)
		return -XEN_EINVAL;
	if (vcpu != 0)
		return -XEN_ENOENT;
	e->vcpu = vcpu;
	return 0;
}

void evtchn_reset(struct domain *d)
{
	for (evtchn_port_t p = 1; p < EVTCHN_PORTS; p++)
		if (d->evtchn->port[p].state != ECS_FREE)
			evtchn_close(d, p);
}

bool evtchn_send_virq(struct vcpu *v, uint32_t virq)
{
	struct domain *d = v->domain;
	evtchn_port_t port = virq < EVTCHN_NR_VIRQS ? d->evtchn->virq_port[virq] : 0;

	if (!port)
		return false;
	evtchn_set_pending_port(d, port);
	return true;
}
