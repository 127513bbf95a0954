/* HYPERVISOR_sched_op (xen/sched.h, SCHEDOP_*): the guest's requests to the
 * scheduler. SCHEDOP_shutdown ends the domain with a reason; poweroff and
 * reboot are clean exits, crash and watchdog count as failures. Blocking
 * and polling arrive with event channels. */
#include <parvus/hypercall.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/xen.h>

static long sched_shutdown(struct vcpu *v, uint64_t arg)
{
	struct sched_shutdown s;

	if (copy_from_guest(&s, arg, sizeof(s)))
		return -XEN_EFAULT;
	switch (s.reason) {
	case SHUTDOWN_poweroff:
	case SHUTDOWN_reboot:
	case SHUTDOWN_crash:
	case SHUTDOWN_watchdog:
		domain_shutdown(v->domain, s.reason);
	case SHUTDOWN_suspend:
	case SHUTDOWN_soft_reset:
		/* Both need a toolstack to resume or rebuild the domain. */
		return hypercall_nosys(v, __HYPERVISOR_sched_op, SCHEDOP_shutdown);
	default:
		return -XEN_EINVAL;
	}
}

long do_sched_op(struct vcpu *v, uint64_t cmd, uint64_t arg,
		 uint64_t a3, uint64_t a4, uint64_t a5)
{
	switch ((int)cmd) {
	case SCHEDOP_yield:
		return 0;	/* one vCPU per domain, run to completion */
	case SCHEDOP_shutdown:
		return sched_shutdown(v, arg);
	default:
		return hypercall_nosys(v, __HYPERVISOR_sched_op, (long)cmd);
	}
}
