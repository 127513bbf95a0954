/* SPDX-License-Identifier: GPL-2.0-only */
/* HYPERVISOR_event_channel_op (xen/event_channel.h, EVTCHNOP_*): the
 * guest's interface to event channels. Each sub-op copies its argument
 * in, calls the core (common/event_channel.c), and copies results out.
 * The FIFO ABI is not offered: init_control answers -ENOSYS, which makes
 * Linux use the 2-level ABI, as the issue and Xen's fallback intend. */
#include <parvus/hypercall.h>
#include <parvus/hypercall_dispatch.h>
#include <parvus/domain.h>
#include <parvus/event_channel.h>
#include <parvus/guest_access.h>
#include <parvus/perf_counters.h>
#include <parvus/xen.h>

/* Each sub-op below copies its argument in, calls the core, and copies
 * the argument back (with the port or status filled in) only when the
 * call succeeded, as Xen does. */
static long copy_back_on_success(uint64_t arg, const void *a, size_t size,
				 int rc)
{
	if (rc == 0 && copy_to_guest(arg, a, size))
		return -XEN_EFAULT;
	return rc;
}

/* With no control domain, the only domain a guest may name is itself. */
static bool names_self(const struct domain *d, domid_t dom)
{
	return dom == DOMID_SELF || dom == d->domid;
}

static long op_alloc_unbound(struct domain *d, uint64_t arg)
{
	struct evtchn_alloc_unbound a;
	int rc;

	if (copy_from_guest(&a, arg, sizeof(a)))
		return -XEN_EFAULT;
	if (!names_self(d, a.dom))
		return -XEN_EPERM;
	rc = evtchn_alloc_unbound(d, a.remote_dom, &a.port);
	return copy_back_on_success(arg, &a, sizeof(a), rc);
}

static long op_bind_interdomain(struct domain *d, uint64_t arg)
{
	struct evtchn_bind_interdomain a;
	int rc;

	if (copy_from_guest(&a, arg, sizeof(a)))
		return -XEN_EFAULT;
	rc = evtchn_bind_interdomain(d, a.remote_dom, a.remote_port,
				     &a.local_port);
	return copy_back_on_success(arg, &a, sizeof(a), rc);
}

static long op_bind_virq(struct domain *d, uint64_t arg)
{
	struct evtchn_bind_virq a;
	int rc;

	if (copy_from_guest(&a, arg, sizeof(a)))
		return -XEN_EFAULT;
	rc = evtchn_bind_virq(d, a.virq, a.vcpu, &a.port);
	return copy_back_on_success(arg, &a, sizeof(a), rc);
}

static long op_bind_ipi(struct domain *d, uint64_t arg)
{
	struct evtchn_bind_ipi a;
	int rc;

	if (copy_from_guest(&a, arg, sizeof(a)))
		return -XEN_EFAULT;
	rc = evtchn_bind_ipi(d, a.vcpu, &a.port);
	return copy_back_on_success(arg, &a, sizeof(a), rc);
}

/* Only a pirq mapped for this domain (by the pciback service) binds. */
static long op_bind_pirq(struct domain *d, uint64_t arg)
{
	struct evtchn_bind_pirq a;
	int rc;

	if (copy_from_guest(&a, arg, sizeof(a)))
		return -XEN_EFAULT;
	rc = evtchn_bind_pirq(d, a.pirq, &a.port);
	return copy_back_on_success(arg, &a, sizeof(a), rc);
}

static long op_status(struct domain *d, uint64_t arg)
{
	struct evtchn_status a;
	int rc;

	if (copy_from_guest(&a, arg, sizeof(a)))
		return -XEN_EFAULT;
	rc = evtchn_status(d, &a);
	return copy_back_on_success(arg, &a, sizeof(a), rc);
}

/* The sub-ops that return nothing but rc. */
static long op_close(struct domain *d, uint64_t arg)
{
	struct evtchn_close a;

	if (copy_from_guest(&a, arg, sizeof(a)))
		return -XEN_EFAULT;
	return evtchn_close(d, a.port);
}

static long op_send(struct domain *d, uint64_t arg)
{
	struct evtchn_send a;

	if (copy_from_guest(&a, arg, sizeof(a)))
		return -XEN_EFAULT;
	perfc_event(PERFC_EVTCHN_SEND);
	return evtchn_send(d, a.port);
}

static long op_unmask(struct domain *d, uint64_t arg)
{
	struct evtchn_unmask a;

	if (copy_from_guest(&a, arg, sizeof(a)))
		return -XEN_EFAULT;
	return evtchn_unmask(d, a.port);
}

static long op_bind_vcpu(struct domain *d, uint64_t arg)
{
	struct evtchn_bind_vcpu a;

	if (copy_from_guest(&a, arg, sizeof(a)))
		return -XEN_EFAULT;
	return evtchn_bind_vcpu(d, a.port, a.vcpu);
}

static long op_reset(struct domain *d, uint64_t arg)
{
	struct evtchn_reset a;

	if (copy_from_guest(&a, arg, sizeof(a)))
		return -XEN_EFAULT;
	if (!names_self(d, a.dom))
		return -XEN_EPERM;
	evtchn_reset(d);
	return 0;
}

long do_event_channel_op(struct vcpu *v, uint64_t cmd, uint64_t arg,
			 uint64_t a3, uint64_t a4, uint64_t a5)
{
	struct domain *d = v->domain;

	switch ((uint32_t)cmd) {
	case EVTCHNOP_alloc_unbound:
		return op_alloc_unbound(d, arg);
	case EVTCHNOP_bind_interdomain:
		return op_bind_interdomain(d, arg);
	case EVTCHNOP_bind_virq:
		return op_bind_virq(d, arg);
	case EVTCHNOP_bind_ipi:
		return op_bind_ipi(d, arg);
	case EVTCHNOP_bind_pirq:
		return op_bind_pirq(d, arg);
	case EVTCHNOP_close:
		return op_close(d, arg);
	case EVTCHNOP_send:
		return op_send(d, arg);
	case EVTCHNOP_status:
		return op_status(d, arg);
	case EVTCHNOP_unmask:
		return op_unmask(d, arg);
	case EVTCHNOP_bind_vcpu:
		return op_bind_vcpu(d, arg);
	case EVTCHNOP_reset:
		return op_reset(d, arg);
	case EVTCHNOP_init_control:
	case EVTCHNOP_expand_array:
	case EVTCHNOP_set_priority:
		return -XEN_ENOSYS;	/* FIFO ABI: use 2-level */
	default:
		return hypercall_nosys(v, __HYPERVISOR_event_channel_op, (long)cmd);
	}
}
