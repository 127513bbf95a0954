/* SPDX-License-Identifier: GPL-2.0-only */
/* HYPERVISOR_sched_op (xen/sched.h, SCHEDOP_*): the guest's requests to the
 * scheduler. yield lets another vCPU run; block sleeps until an event or
 * a timer; shutdown ends the domain with a reason (poweroff and reboot
 * are clean exits, crash and watchdog count as failures); poll waits for
 * given ports. Inside a multicall, yield and block take effect once the
 * batch has returned (as Xen's do via the schedule softirq): sleeping in
 * the middle would abandon the batch's hypervisor stack and the entries
 * after it. */
#include <parvus/hypercall.h>
#include <parvus/hypercall_dispatch.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/xen.h>
#include <parvus/event_channel.h>
#include <parvus/time.h>

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
	if (v->multicall_args) {
		v->sched_after_hypercall = SCHED_AFTER_BLOCK;
		return 0;
	}
	v->hypercall_regs->rax = 0;
	sched_block(v, v->hypercall_regs);
}

#define MAX_POLL_PORTS 128	/* Xen's limit */

/* SCHEDOP_poll: sleep until one of the ports is pending (masked or not) or
 * the absolute timeout passes; returns 0 either way, as in Xen. A timeout
 * already past is a yield. */
static long sched_poll(struct vcpu *v, uint64_t arg)
{
	struct sched_poll p;
	struct shared_info *si = v->domain->shared_info;

	if (copy_from_guest(&p, arg, sizeof(p)))
		return -XEN_EFAULT;
	if (p.nr_ports > MAX_POLL_PORTS)
		return -XEN_EINVAL;
	if (v->multicall_args)
		return -XEN_EINVAL;	/* its wake-up test cannot be deferred */
	for (unsigned int i = 0; i < p.nr_ports; i++) {
		evtchn_port_t port;

		if (copy_from_guest(&port, (uint64_t)p.ports.p + i * sizeof(port),
				    sizeof(port)))
			return -XEN_EFAULT;
		if (port >= EVTCHN_PORTS)
			return -XEN_EINVAL;
		if (si->evtchn_pending[port / 64] & (1UL << (port % 64)))
			return 0;
	}
	/* Xen blocks even here and its timer wakes the vCPU at once, so the
	 * others run first: Linux's pcifront polls with a timeout long past
	 * (jiffies where nanoseconds are meant) while it waits for pciback. */
	if (p.timeout && p.timeout <= time_now_ns()) {
		v->hypercall_regs->rax = 0;
		sched_yield(v, v->hypercall_regs);
	}
	v->polling = true;
	v->poll_deadline = p.timeout;
	sched_timers_changed();
	v->hypercall_regs->rax = 0;
	sched_block(v, v->hypercall_regs);
}

/* Only a privileged domain may stop another; there is none yet. */
static long sched_remote_shutdown(uint64_t arg)
{
	struct sched_remote_shutdown r;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return -XEN_EFAULT;
	return -XEN_EPERM;
}

static long sched_shutdown_code(struct vcpu *v, uint64_t arg)
{
	struct sched_shutdown s;

	if (copy_from_guest(&s, arg, sizeof(s)))
		return -XEN_EFAULT;
	if (s.reason > SHUTDOWN_MAX)
		return -XEN_EINVAL;
	v->domain->shutdown_code = s.reason;
	return 0;
}

long do_sched_op(struct vcpu *v, uint64_t cmd, uint64_t arg,
		 uint64_t a3, uint64_t a4, uint64_t a5)
{
	switch ((int)cmd) {
	case SCHEDOP_yield:
		if (v->multicall_args) {
			v->sched_after_hypercall = SCHED_AFTER_YIELD;
			return 0;
		}
		v->hypercall_regs->rax = 0;
		sched_yield(v, v->hypercall_regs);
	case SCHEDOP_block:
		return sched_block_op(v);
	case SCHEDOP_shutdown:
		return sched_shutdown(v, arg);
	case SCHEDOP_poll:
		return sched_poll(v, arg);
	case SCHEDOP_remote_shutdown:
		return sched_remote_shutdown(arg);
	case SCHEDOP_shutdown_code:
		return sched_shutdown_code(v, arg);
	default:
		return hypercall_nosys(v, __HYPERVISOR_sched_op, (long)cmd);
	}
}
