/* HYPERVISOR_sched_op (xen/sched.h, SCHEDOP_*): the guest's requests to the
 * scheduler. yield lets another vCPU run; block sleeps until an event or
 * a timer; shutdown ends the domain with a reason (poweroff and reboot
 * are clean exits, crash and watchdog count as failures). Polling arrives
 * with event channels. */
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

/* Xen's vcpu_block_enable_events: events are enabled, and the vCPU
 * sleeps only if none is pending already; it returns 0 when woken. */
static long sched_block_op(struct vcpu *v)
{
	v->vcpu_info->evtchn_upcall_mask = 0;
	if (v->vcpu_info->evtchn_upcall_pending)
		return 0;
	v->hypercall_regs->rax = 0;
	sched_block(v, v->hypercall_regs);
}

long do_sched_op(struct vcpu *v, uint64_t cmd, uint64_t arg,
		 uint64_t a3, uint64_t a4, uint64_t a5)
{
	switch ((int)cmd) {
	case SCHEDOP_yield:
		v->hypercall_regs->rax = 0;
		sched_yield(v, v->hypercall_regs);
	case SCHEDOP_block:
		return sched_block_op(v);
	case SCHEDOP_shutdown:
		return sched_shutdown(v, arg);
	default:
		return hypercall_nosys(v, __HYPERVISOR_sched_op, (long)cmd);
	}
}
