/* HYPERVISOR_vcpu_op (xen/vcpu.h, VCPUOP_*) and HYPERVISOR_set_timer_op:
 * the per-vCPU operations a PV kernel uses to learn which vCPUs exist and
 * to program its timers. Timers run on system time (the pvclock timeline);
 * a deadline already past fires at once unless VCPU_SSHOTTMR_future asks
 * for -ETIME instead. Semantics follow Xen's common_vcpu_op. Each domain
 * has one vCPU for now, so any other ID is -ENOENT, as Xen says for a vCPU
 * that does not exist. */
#include <parvus/hypercall.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/time.h>
#include <parvus/event_channel.h>
#include <parvus/xen.h>
#include <xen/vcpu.h>

#define MIN_PERIOD_NS 1000000ULL	/* 1 ms, Xen's lower bound */

static long set_singleshot(struct vcpu *v, uint64_t arg)
{
	struct vcpu_set_singleshot_timer t;

	if (copy_from_guest(&t, arg, sizeof(t)))
		return -XEN_EFAULT;
	if ((t.flags & VCPU_SSHOTTMR_future) && t.timeout_abs_ns < time_now_ns())
		return -XEN_ETIME;
	v->timer_deadline = t.timeout_abs_ns ? t.timeout_abs_ns : 1;
	sched_timers_changed();
	return 0;
}

static long set_periodic(struct vcpu *v, uint64_t arg)
{
	struct vcpu_set_periodic_timer t;

	if (copy_from_guest(&t, arg, sizeof(t)))
		return -XEN_EFAULT;
	if (t.period_ns < MIN_PERIOD_NS)
		return -XEN_EINVAL;
	v->periodic_period = t.period_ns;
	v->periodic_next = time_now_ns() + t.period_ns;
	sched_timers_changed();
	return 0;
}

long do_vcpu_op(struct vcpu *v, uint64_t cmd, uint64_t vcpuid, uint64_t arg,
		uint64_t a4, uint64_t a5)
{
	if ((uint32_t)vcpuid != 0)
		return -XEN_ENOENT;
	switch ((uint32_t)cmd) {
	case VCPUOP_is_up:
		return v->state != VCPU_DOWN;
	case VCPUOP_set_singleshot_timer:
		return set_singleshot(v, arg);
	case VCPUOP_stop_singleshot_timer:
		v->timer_deadline = 0;
		sched_timers_changed();
		return 0;
	case VCPUOP_set_periodic_timer:
		return set_periodic(v, arg);
	case VCPUOP_stop_periodic_timer:
		v->periodic_period = 0;
		sched_timers_changed();
		return 0;
	default:
		return hypercall_nosys(v, __HYPERVISOR_vcpu_op, (long)cmd);
	}
}

/* The older one-shot timer: an absolute deadline, 0 to cancel. */
long do_set_timer_op(struct vcpu *v, uint64_t timeout, uint64_t a2,
		     uint64_t a3, uint64_t a4, uint64_t a5)
{
	v->timer_deadline = timeout;
	sched_timers_changed();
	return 0;
}

/* A timer of v went off: VIRQ_TIMER, which wakes v if it is blocked. As in
 * Xen, a vCPU that never bound VIRQ_TIMER is not woken by its timer. */
void vcpu_timer_fired(struct vcpu *v)
{
	evtchn_send_virq(v, VIRQ_TIMER);
}
