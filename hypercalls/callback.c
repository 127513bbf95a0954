/* SPDX-License-Identifier: GPL-2.0-only */
/* HYPERVISOR_callback_op and HYPERVISOR_set_callbacks (xen/callback.h):
 * where the hypervisor enters the guest kernel for events, for failed
 * segment reloads, and for system calls from guest user mode (64-bit, and
 * 32-bit on AMD-style CPUs). Addresses must be the guest's own;
 * CALLBACKF_mask_events masks events on entry. Semantics follow Xen's
 * register_guest_callback. NMI callbacks are not supported yet. */
#include <parvus/hypercall.h>
#include <parvus/hypercall_dispatch.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/xen.h>

static bool is_supported_type(uint16_t type)
{
	return type == CALLBACKTYPE_event || type == CALLBACKTYPE_failsafe ||
	       type == CALLBACKTYPE_syscall || type == CALLBACKTYPE_syscall32 ||
	       type == CALLBACKTYPE_sysenter;
}

static long set_callback(struct vcpu *v, uint16_t type, uint16_t flags,
			 uint64_t address)
{
	if (type == CALLBACKTYPE_nmi)
		return hypercall_nosys(v, __HYPERVISOR_callback_op, type);
	if (!is_supported_type(type))
		return -XEN_EINVAL;
	if (address && !guest_range_ok(address, 1))
		return -XEN_EINVAL;
	v->callback[type] = address;
	v->callback_flags[type] = flags;
	return 0;
}

long do_callback_op(struct vcpu *v, uint64_t cmd, uint64_t arg,
		    uint64_t a3, uint64_t a4, uint64_t a5)
{
	struct callback_register reg;
	struct callback_unregister unreg;

	switch ((int)cmd) {
	case CALLBACKOP_register:
		if (copy_from_guest(&reg, arg, sizeof(reg)))
			return -XEN_EFAULT;
		return set_callback(v, reg.type, reg.flags, reg.address);
	case CALLBACKOP_unregister:
		if (copy_from_guest(&unreg, arg, sizeof(unreg)))
			return -XEN_EFAULT;
		return set_callback(v, unreg.type, 0, 0);
	default:
		return -XEN_ENOSYS;
	}
}

/* The older interface: event, failsafe and syscall addresses at once, the
 * last two masking events as Xen's do_set_callbacks does. */
long do_set_callbacks(struct vcpu *v, uint64_t event, uint64_t failsafe,
		      uint64_t syscall, uint64_t a4, uint64_t a5)
{
	long rc = set_callback(v, CALLBACKTYPE_event, 0, event);

	if (!rc)
		rc = set_callback(v, CALLBACKTYPE_failsafe,
				  CALLBACKF_mask_events, failsafe);
	if (!rc)
		rc = set_callback(v, CALLBACKTYPE_syscall,
				  CALLBACKF_mask_events, syscall);
	return rc;
}
