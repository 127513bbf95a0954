/* SPDX-License-Identifier: GPL-2.0-only */
/* The scheduler: weighted round robin over runnable vCPUs (one per domain
 * for now), each running for a time slice that grows with its domain's
 * weight (SLICE_NS at 256) before the local APIC timer preempts it if
 * another vCPU is waiting. A blocked vCPU (SCHEDOP_block,
 * hlt) waits for its timer or an event; with nothing runnable the CPU
 * halts until the next timer interrupt. When no domain is left the machine
 * stops: with "success" if every domain powered off cleanly, with "guest
 * failure" otherwise, so a run's exit status tells what happened. When
 * every domain waits and no timer is set, only typed input can wake one:
 * the machine idles until it comes (idle_deadlock=wait, the default: a
 * xenstored waiting for requests is idle, not dead), or, for tests, stops
 * as deadlocked (idle_deadlock=shutdown). */
#include <parvus/domain.h>
#include <parvus/console.h>
#include <parvus/time.h>
#include <parvus/console_ring.h>
#include <parvus/pirq.h>
#include <parvus/perf_counters.h>
#include <arch/context.h>
#include <arch/cpu.h>
#include <arch/machine.h>
#include <arch/timer.h>

#define MAX_VCPUS	16
#define SLICE_NS	10000000ULL	/* 10 ms at the default weight */
#define MIN_SLICE_NS	1000000ULL
#define MAX_SLICE_NS	100000000ULL

static struct vcpu *vcpus[MAX_VCPUS];
static unsigned int nr_vcpus, last_run;
static uint64_t slice_end;
static bool idle_deadlock_shutdown;

void sched_set_idle_deadlock_shutdown(bool shutdown)
{
	idle_deadlock_shutdown = shutdown;
}

void sched_add_domain(struct domain *d)
{
	if (nr_vcpus == MAX_VCPUS)
		panic("too many vCPUs");
	d->vcpu0.state = VCPU_RUNNABLE;
	arch_vcpu_init_fpu(&d->vcpu0);
	vcpus[nr_vcpus++] = &d->vcpu0;
}

void sched_vcpu_restart(struct domain *d)
{
	d->vcpu0.state = VCPU_RUNNABLE;
	arch_vcpu_init_fpu(&d->vcpu0);
}

/* The next runnable vCPU after the one that ran last, or NULL. */
static struct vcpu *pick_next(void)
{
	for (unsigned int i = 1; i <= nr_vcpus; i++) {
		unsigned int n = (last_run + i) % nr_vcpus;

		if (vcpus[n]->state == VCPU_RUNNABLE &&
		    vcpus[n]->domain->state == DOMAIN_RUNNING) {
			last_run = n;
			return vcpus[n];
		}
	}
	return NULL;
}

/* Whether a vCPU other than v waits for the CPU. */
static bool others_runnable(const struct vcpu *v)
{
	for (unsigned int i = 0; i < nr_vcpus; i++)
		if (vcpus[i] != v && vcpus[i]->state == VCPU_RUNNABLE)
			return true;
	return false;
}

/* The nearest vCPU timer, or a crashed domain's rebuild. */
static uint64_t earliest_timer(void)
{
	uint64_t t = domain_restart_next_due();

	for (unsigned int i = 0; i < nr_vcpus; i++) {
		const struct vcpu *v = vcpus[i];

		if (v->state == VCPU_DOWN)
			continue;
		if (v->timer_deadline && (!t || v->timer_deadline < t))
			t = v->timer_deadline;
		if (v->periodic_period && (!t || v->periodic_next < t))
			t = v->periodic_next;
		if (v->poll_deadline && (!t || v->poll_deadline < t))
			t = v->poll_deadline;
	}
	return t;
}

/* One-shot hardware timer for the earlier of the slice end (when a guest
 * runs) and the nearest vCPU timer. */
void sched_timers_changed(void)
{
	uint64_t now = time_now_ns(), deadline = earliest_timer();

	if (current && (!deadline || slice_end < deadline))
		deadline = slice_end;
	if (!deadline) {
		lapic_timer_oneshot(0);
		return;
	}
	lapic_timer_oneshot(time_ns_to_lapic_ticks(deadline > now ? deadline - now : 0));
}

/* A vCPU timer went off: the vCPU wakes (VIRQ_TIMER comes with events). */
static void expire_timers(uint64_t now)
{
	for (unsigned int i = 0; i < nr_vcpus; i++) {
		struct vcpu *v = vcpus[i];
		bool fired = false;

		if (v->state == VCPU_DOWN)
			continue;
		if (v->timer_deadline && v->timer_deadline <= now) {
			v->timer_deadline = 0;
			fired = true;
		}
		if (v->periodic_period && v->periodic_next <= now) {
			while (v->periodic_next <= now)
				v->periodic_next += v->periodic_period;
			fired = true;
		}
		if (fired)
			vcpu_timer_fired(v);
		if (v->poll_deadline && v->poll_deadline <= now) {
			v->poll_deadline = 0;
			vcpu_wake(v);
		}
	}
}

void vcpu_wake(struct vcpu *v)
{
	if (v->state != VCPU_BLOCKED)
		return;
	v->state = VCPU_RUNNABLE;
	v->polling = false;
	v->poll_deadline = 0;
}

static bool any_domain_left(bool *all_clean)
{
	bool left = false;

	*all_clean = true;
	for (unsigned int i = 0; i < nr_vcpus; i++) {
		const struct domain *d = vcpus[i]->domain;

		if (d->state == DOMAIN_RUNNING || d->state == DOMAIN_RESTARTING)
			left = true;
		else if (d->state == DOMAIN_CRASHED)
			*all_clean = false;
	}
	return left;
}

/* Nothing but serial input can wake a domain now. Returns whether the
 * machine stops as deadlocked; otherwise the serial interrupt is switched
 * on (once) so that input ends the wait. */
static bool nothing_can_wake(void)
{
	static bool waiting_reported;

	if (idle_deadlock_shutdown) {
		printk("parvus: every domain is blocked and no timer is set: "
		       "nothing can wake them\n");
		return true;
	}
	if (!waiting_reported) {
		printk("parvus: every domain is blocked and no timer is set; "
		       "idle until serial input\n");
		console_ring_wake_on_input();
		waiting_reported = true;
	}
	return false;
}

/* Weighted round robin: each turn a vCPU runs for a slice in proportion
 * to its domain's weight (SLICE_NS at the default), so over time the
 * CPU is shared by weight among those that want it. */
static uint64_t slice_of(const struct vcpu *v)
{
	uint64_t slice = SLICE_NS * v->domain->weight / SCHED_DEFAULT_WEIGHT;

	return MAX(MIN(slice, MAX_SLICE_NS), MIN_SLICE_NS);
}

__noreturn void schedule(void)
{
	bool all_clean;

	for (;;) {
		struct vcpu *next;

		/* Here no domain's trap or hypercall is in progress: a domain
		 * to kill or to rebuild (on_crash=restart) is dealt with. */
		domain_kills_run();
		domain_restarts_run(time_now_ns());
		next = pick_next();

		if (next) {
			/* Entering the guest abandons this stack, and with it
			 * any batch that was running (a shutdown in a
			 * multicall): nothing may point into it afterwards. */
			next->multicall_args = NULL;
			slice_end = time_now_ns() + slice_of(next);
			current = next;
			sched_timers_changed();
			perfc_event(PERFC_VCPU_ENTRY);
			arch_vcpu_enter(next);
		}
		if (!any_domain_left(&all_clean))
			break;
		if (!earliest_timer() && !console_ring_input_possible() &&
		    !pirq_any_bound() && nothing_can_wake()) {
			all_clean = false;
			break;
		}
		/* Idle: every vCPU is blocked; a timer interrupt may wake one. */
		current = NULL;
		sched_timers_changed();
		wait_for_interrupt();
	}
	perfc_exit_report();
	printk("parvus: no domains left to run; %s\n",
	       all_clean ? "all powered off cleanly" : "a domain failed");
	machine_exit(all_clean ? PARVUS_EXIT_SUCCESS : PARVUS_EXIT_GUEST_FAIL);
}

__noreturn void sched_block(struct vcpu *v, struct cpu_regs *r)
{
	arch_vcpu_save(v, r);
	runstate_account(v, RUNSTATE_blocked);
	v->state = VCPU_BLOCKED;
	current = NULL;
	schedule();
}

__noreturn void sched_yield(struct vcpu *v, struct cpu_regs *r)
{
	arch_vcpu_save(v, r);
	current = NULL;
	schedule();
}

void sched_timer_interrupt(struct cpu_regs *r)
{
	uint64_t now = time_now_ns();
	struct vcpu *v = current;

	lapic_eoi();
	expire_timers(now);
	console_ring_poll();
	if (v && regs_from_guest(r) && (domain_kill_pending() || domain_restart_due(now))) {
		arch_vcpu_save(v, r);	/* the scheduler deals with them */
		current = NULL;
		schedule();
	}
	if (v && regs_from_guest(r)) {
		vcpu_time_update(v);
		if (now >= slice_end && !others_runnable(v)) {
			/* Alone, it keeps the CPU with no context switch, as Xen's
			 * schedule() skips context_switch() when it picks the vCPU
			 * that was running: reloading the same state would only
			 * flush the TLB (CR3), 100 times a second. */
			slice_end = now + slice_of(v);
		} else if (now >= slice_end) {
			arch_vcpu_save(v, r);
			current = NULL;
			schedule();
		}
	}
	sched_timers_changed();
}
