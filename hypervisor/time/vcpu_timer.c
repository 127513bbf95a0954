/* SPDX-License-Identifier: GPL-2.0-only */
/* A vCPU's two timers: the one-shot (VCPUOP_set_singleshot_timer,
 * HYPERVISOR_set_timer_op) and the periodic (VCPUOP_set_periodic_timer),
 * deadlines on system time (the pvclock timeline). The handlers in
 * hypercalls/vcpu.c check what the guest asks for; here it takes effect,
 * and the scheduler's timer interrupt (sched/schedule.c) expires them.
 * A timer that goes off sends VIRQ_TIMER, as in Xen. */
#include <parvus/domain.h>
#include <parvus/event_channel.h>
#include <parvus/time.h>

void vcpu_timer_set_singleshot(struct vcpu *v, uint64_t deadline)
{
	v->timer_deadline = deadline;
	sched_timers_changed();
}

/* The first period ends one period from now. */
void vcpu_timer_set_periodic(struct vcpu *v, uint64_t period_ns)
{
	v->periodic_period = period_ns;
	if (period_ns)
		v->periodic_next = time_now_ns() + period_ns;
	sched_timers_changed();
}

/* VIRQ_TIMER wakes v if it is blocked. As in Xen, a vCPU that never bound
 * VIRQ_TIMER is not woken by its timer. */
void vcpu_timer_fired(struct vcpu *v)
{
	evtchn_send_virq(v, VIRQ_TIMER);
}
