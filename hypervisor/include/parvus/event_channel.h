/* SPDX-License-Identifier: GPL-2.0-only */
/* Event channels, 2-level ABI (Xen's common/event_channel.c and
 * event_2l.c): ports a domain allocates and binds (to another domain's
 * port, to a virtual IRQ, or as an IPI); sending sets the port pending in
 * the receiver's shared_info and, unless masked, flags its vCPU with
 * evtchn_pending_sel and evtchn_upcall_pending and wakes it. Pure logic
 * over domain structures (no hardware), unit-tested. */
#ifndef PARVUS_EVENT_CHANNEL_H
#define PARVUS_EVENT_CHANNEL_H

#include <parvus/types.h>
#include <parvus/xen.h>
#include <xen/event_channel.h>

#define EVTCHN_PORTS	1024	/* of the 4096 the 2-level ABI allows */
#define EVTCHN_NR_VIRQS	24

enum evtchn_state {
	ECS_FREE,
	ECS_RESERVED,		/* port 0: never valid */
	ECS_UNBOUND,		/* waiting for remote_dom to bind */
	ECS_INTERDOMAIN,
	ECS_VIRQ,
	ECS_IPI,
	ECS_CONSOLE,		/* the hypervisor's console back end */
	ECS_PIRQ,		/* a device interrupt (pirq.h) */
};

struct evtchn {
	uint8_t state;
	uint8_t vcpu;		/* the vCPU notified */
	uint16_t remote_dom;	/* unbound, interdomain */
	uint32_t remote_port;	/* interdomain; the VIRQ or pirq for those */
};

struct evtchn_table {
	struct evtchn port[EVTCHN_PORTS];
	uint16_t virq_port[EVTCHN_NR_VIRQS];	/* vCPU 0's bindings */
};

struct domain;
struct vcpu;

void evtchn_init(struct evtchn_table *t);
int evtchn_alloc_unbound(struct domain *d, domid_t remote, evtchn_port_t *port);
int evtchn_bind_interdomain(struct domain *d, domid_t remote_dom,
			    evtchn_port_t remote_port, evtchn_port_t *port);
int evtchn_bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu,
		     evtchn_port_t *port);
int evtchn_bind_ipi(struct domain *d, uint32_t vcpu, evtchn_port_t *port);
int evtchn_bind_pirq(struct domain *d, uint32_t pirq, evtchn_port_t *port);
int evtchn_close(struct domain *d, evtchn_port_t port);
int evtchn_send(struct domain *d, evtchn_port_t port);
int evtchn_status(struct domain *d, struct evtchn_status *st);
int evtchn_unmask(struct domain *d, evtchn_port_t port);
int evtchn_bind_vcpu(struct domain *d, evtchn_port_t port, uint32_t vcpu);
void evtchn_reset(struct domain *d);
/* A port of d whose other end is the hypervisor's console back end. */
int evtchn_bind_console(struct domain *d, evtchn_port_t *port);
/* Called on a send to such a port (console/console_ring.c). */
void console_ring_drain(struct domain *d);
/* Marks port pending in d (the receiving side of a send). */
void evtchn_set_pending_port(struct domain *d, evtchn_port_t port);
/* Raises virq on v if v's domain bound it; false if not bound. */
bool evtchn_send_virq(struct vcpu *v, uint32_t virq);

/* Provided by the domain layer (or by unit tests). */
struct domain *domain_by_id(domid_t domid);

#endif
