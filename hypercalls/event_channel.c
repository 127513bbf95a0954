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
#include <parvus/xen.h>

/* Reads the argument, runs body (which sets rc), writes it back if
 * rc == 0 and out is set. */
#define EVTCHN_OP(type, out, body)					\
	do {								\
		type a;							\
		if (copy_from_guest(&a, arg, sizeof(a)))		\
			return -XEN_EFAULT;				\
		body;							\
		if (rc == 0 && (out) && copy_to_guest(arg, &a, sizeof(a)))\
			return -XEN_EFAULT;				\
		return rc;						\
	} while (0)

long do_event_channel_op(struct vcpu *v, uint64_t cmd, uint64_t arg,
			 uint64_t a3, uint64_t a4, uint64_t a5)
{
	struct domain *d = v->domain;
	int rc;

	switch ((uint32_t)cmd) {
	case EVTCHNOP_alloc_unbound:
		EVTCHN_OP(struct evtchn_alloc_unbound, true,
			  rc = a.dom != DOMID_SELF && a.dom != d->domid ? -XEN_EPERM :
			       evtchn_alloc_unbound(d, a.remote_dom, &a.port));
	case EVTCHNOP_bind_interdomain:
		EVTCHN_OP(struct evtchn_bind_interdomain, true,
			  rc = evtchn_bind_interdomain(d, a.remote_dom, a.remote_port,
						       &a.local_port));
	case EVTCHNOP_bind_virq:
		EVTCHN_OP(struct evtchn_bind_virq, true,
			  rc = evtchn_bind_virq(d, a.virq, a.vcpu, &a.port));
	case EVTCHNOP_bind_ipi:
		EVTCHN_OP(struct evtchn_bind_ipi, true,
			  rc = evtchn_bind_ipi(d, a.vcpu, &a.port));
	case EVTCHNOP_close:
		EVTCHN_OP(struct evtchn_close, false, rc = evtchn_close(d, a.port));
	case EVTCHNOP_send:
		EVTCHN_OP(struct evtchn_send, false, rc = evtchn_send(d, a.port));
	case EVTCHNOP_status:
		EVTCHN_OP(struct evtchn_status, true, rc = evtchn_status(d, &a));
	case EVTCHNOP_unmask:
		EVTCHN_OP(struct evtchn_unmask, false, rc = evtchn_unmask(d, a.port));
	case EVTCHNOP_bind_vcpu:
		EVTCHN_OP(struct evtchn_bind_vcpu, false,
			  rc = evtchn_bind_vcpu(d, a.port, a.vcpu));
	case EVTCHNOP_reset:
		EVTCHN_OP(struct evtchn_reset, false,
			  rc = a.dom != DOMID_SELF && a.dom != d->domid ? -XEN_EPERM :
			       (evtchn_reset(d), 0));
	case EVTCHNOP_init_control:
	case EVTCHNOP_expand_array:
	case EVTCHNOP_set_priority:
		return -XEN_ENOSYS;	/* FIFO ABI: use 2-level */
	default:
		return hypercall_nosys(v, __HYPERVISOR_event_channel_op, (long)cmd);
	}
}
