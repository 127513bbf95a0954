/* SPDX-License-Identifier: GPL-2.0-only */
/* sched: time and scheduling as a guest sees them. The pvclock in
 * vcpu_info gives system time; the wallclock in shared_info gives the date.
 * Timers (VCPUOP singleshot and periodic, set_timer_op) raise VIRQ_TIMER,
 * which wakes a vCPU that blocked (SCHEDOP_block) or halted (hlt,
 * emulated) and enters its event callback. With spin=MS on the
 * command line the guest also busy-waits, with its FPU/SSE registers
 * holding a pattern of its own, so that two such guests side by side show
 * preemption (each prints when it started and ended, in system time) and
 * that the FPU state of each survives the other. */
#include "guest.h"
#include <xen/vcpu.h>
#include "events.h"

#define VIRT_BASE 0xffffffff80000000UL

#define shinfo guest_shared_info
#define now_ns guest_now_ns

static evtchn_port_t timer_port;

static long vcpu_op(int cmd, int id, void *arg)
{
	return hypercall5(__HYPERVISOR_vcpu_op, cmd, id, (long)arg, 0, 0);
}

static void check_clock(void)
{
	uint64_t a = now_ns(), b = now_ns();

	CHECK(b >= a, "pvclock goes forward");
	CHECK(shinfo->vcpu_info[0].time.tsc_to_system_mul != 0, "pvclock has a scale");
	CHECK(!(shinfo->wc_version & 1), "wallclock not mid-update");
	CHECK(shinfo->wc_sec > 1600000000, "wallclock looks like a date (%u)", shinfo->wc_sec);
	CHECK_EQ(vcpu_op(VCPUOP_is_up, 0, NULL), 1, "vCPU 0 is up");
	CHECK_EQ(vcpu_op(VCPUOP_is_up, 1, NULL), -XEN_ENOENT, "vCPU 1 does not exist");
}

static void check_timers(void)
{
	struct vcpu_set_singleshot_timer ss;
	struct vcpu_set_periodic_timer per = { 5000000 };
	uint64_t t0, t1;

	t0 = now_ns();
	ss = (struct vcpu_set_singleshot_timer){ t0 + 20000000, 0 };
	CHECK_EQ(vcpu_op(VCPUOP_set_singleshot_timer, 0, &ss), 0, "singleshot timer");
	CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_block, NULL), 0, "block");
	t1 = now_ns();
	CHECK(t1 - t0 >= 20000000, "blocked at least 20 ms (%lu ns)", (unsigned long)(t1 - t0));
	CHECK(t1 - t0 < 1000000000, "and woke within a second (%lu ns)", (unsigned long)(t1 - t0));
	CHECK_EQ(event_count[timer_port], 1, "woken by VIRQ_TIMER");
	CHECK_EQ(shinfo->vcpu_info[0].evtchn_upcall_mask, 0, "block turned events on");

	ss = (struct vcpu_set_singleshot_timer){ t1 - 1000, VCPU_SSHOTTMR_future };
	CHECK_EQ(vcpu_op(VCPUOP_set_singleshot_timer, 0, &ss), -XEN_ETIME, "a deadline in the past");
	CHECK_EQ(vcpu_op(VCPUOP_set_singleshot_timer, 1, &ss), -XEN_ENOENT, "another vCPU's timer");
	CHECK_EQ(vcpu_op(VCPUOP_set_singleshot_timer, 0, (void *)0x1000), -XEN_EFAULT,
		 "unreadable timer argument");

	t0 = now_ns();
	CHECK_EQ(hypercall5(__HYPERVISOR_set_timer_op, t0 + 10000000, 0, 0, 0, 0), 0, "set_timer_op");
	asm volatile("hlt");				/* emulated: blocks */
	t1 = now_ns();
	CHECK(t1 - t0 >= 10000000, "hlt slept until the timer (%lu ns)", (unsigned long)(t1 - t0));
	CHECK_EQ(event_count[timer_port], 2, "VIRQ_TIMER again");

	/* Found by the fuzzer: hlt with an event already pending (masked, so
	 * not delivered) slept for ever: the timer's VIRQ met a selector bit
	 * that was set and woke nobody. hlt does not sleep then. */
	{
		struct evtchn_bind_ipi ipi = { .vcpu = 0 };
		struct evtchn_send send;
		struct evtchn_close close;

		shinfo->vcpu_info[0].evtchn_upcall_mask = 1;
		CHECK_EQ(evtchn_op(EVTCHNOP_bind_ipi, &ipi), 0, "bind an IPI");
		send.port = close.port = ipi.port;
		CHECK_EQ(evtchn_op(EVTCHNOP_send, &send), 0, "send it: pending, masked");
		t0 = now_ns();
		CHECK_EQ(hypercall5(__HYPERVISOR_set_timer_op, t0 + 10000000, 0, 0, 0, 0), 0,
			 "a timer");
		asm volatile("hlt");
		t1 = now_ns();
		CHECK(t1 - t0 < 1000000000, "hlt with an event pending returned (%lu ns)",
		      (unsigned long)(t1 - t0));
		shinfo->vcpu_info[0].evtchn_upcall_mask = 0;
		CHECK_EQ(evtchn_op(EVTCHNOP_close, &close), 0, "close the IPI");
		while (event_count[timer_port] < 3)
			HYPERVISOR_sched_op(SCHEDOP_block, NULL);
	}

	per.period_ns = 100000;
	CHECK_EQ(vcpu_op(VCPUOP_set_periodic_timer, 0, &per), -XEN_EINVAL, "a 100 us period");
	/* Found by the fuzzer: a period near 2^64 wrapped now + period into
	 * the past, and the hypervisor stepped it forward one wrapping period
	 * at a time for seconds, with every domain stalled. Xen refuses
	 * periods above STIME_DELTA_MAX (2^63 - 1). */
	per.period_ns = ~0UL - 1;
	CHECK_EQ(vcpu_op(VCPUOP_set_periodic_timer, 0, &per), -XEN_EINVAL, "a period of 2^64 - 2 ns");
	per.period_ns = 1UL << 63;
	CHECK_EQ(vcpu_op(VCPUOP_set_periodic_timer, 0, &per), -XEN_EINVAL, "a period of 2^63 ns");
	per.period_ns = 5000000;
	CHECK_EQ(vcpu_op(VCPUOP_set_periodic_timer, 0, &per), 0, "periodic timer");
	t0 = now_ns();
	for (int i = 0; i < 3; i++)
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
	t1 = now_ns();
	CHECK(t1 - t0 >= 14000000, "three periods (%lu ns)", (unsigned long)(t1 - t0));
	CHECK(event_count[timer_port] >= 5, "one VIRQ_TIMER per period");
	CHECK_EQ(vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0, "stop periodic");
	CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0, "yield");
}

static void check_poll_and_more(void)
{
	struct evtchn_alloc_unbound a = { DOMID_SELF, DOMID_SELF, 0 };
	struct sched_poll poll;
	struct sched_shutdown code = { 99 };
	struct sched_remote_shutdown remote = { 1, SHUTDOWN_poweroff };
	evtchn_port_t ports[1];
	uint64_t t0, t1;

	CHECK_EQ(evtchn_op(EVTCHNOP_alloc_unbound, &a), 0, "a port nobody will send on");
	ports[0] = a.port;
	set_xen_guest_handle(poll.ports, ports);
	poll.nr_ports = 1;
	t0 = now_ns();
	poll.timeout = t0 + 10000000;
	CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), 0, "poll until the timeout");
	t1 = now_ns();
	CHECK(t1 - t0 >= 10000000, "poll waited for its timeout (%lu ns)", (unsigned long)(t1 - t0));
	ports[0] = timer_port;
	shinfo->evtchn_pending[timer_port / 64] |= 1UL << (timer_port % 64);
	poll.timeout = 0;
	CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), 0, "poll on a pending port returns");
	shinfo->evtchn_pending[timer_port / 64] &= ~(1UL << (timer_port % 64));
	poll.nr_ports = 129;
	CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), -XEN_EINVAL, "poll on 129 ports");
	CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_shutdown_code, &code), -XEN_EINVAL, "shutdown code 99");
	code.reason = SHUTDOWN_reboot;
	CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_shutdown_code, &code), 0, "shutdown code");
	CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &remote), -XEN_EPERM,
		 "stopping another domain");
}

/* The copy is rewritten when we next enter after a switch or a tick. */
static void spin_for_update(volatile struct vcpu_time_info *t, uint32_t version)
{
	uint64_t start = now_ns();

	while (t->version == version && now_ns() - start < 200000000)
		;
	CHECK(t->version != version && !(t->version & 1), "the copy was refreshed");
}

/* The pvclock record is stable (one pCPU, TSC time) and fixed; a copy of
 * it goes to an area we register, as Linux's vDSO wants. */
static void check_time_area(volatile struct vcpu_info *vi)
{
	static volatile struct vcpu_time_info copy;
	struct vcpu_register_time_memory_area area = { .addr.p = (uint64_t)&copy };
	uint32_t version;

	CHECK(vi->time.flags & XEN_PVCLOCK_TSC_STABLE_BIT, "the TSC is stable");
	CHECK_EQ(vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0, &area), 0, "time area");
	CHECK(copy.version && !(copy.version & 1), "the copy is complete (version %u)", copy.version);
	CHECK_EQ(copy.tsc_to_system_mul, vi->time.tsc_to_system_mul, "same scale");
	CHECK_EQ(copy.tsc_timestamp, vi->time.tsc_timestamp, "same timestamp");
	CHECK_EQ(copy.flags, vi->time.flags, "same flags");
	version = copy.version;
	HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	spin_for_update(&copy, version);
	area.addr.p = 0xffff830000000000UL;
	CHECK_EQ(vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0, &area), -XEN_EFAULT,
		 "a time area in the hypervisor");
	area.addr.p = 0;
	CHECK_EQ(vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0, &area), 0, "no time area");
}

/* vcpu_info moves into our own page; runstate is published to us. */
static void check_vcpu_areas(void)
{
	static struct vcpu_runstate_info rs_area, rs;
	unsigned long pfn = ((start_info->pt_base - VIRT_BASE) >> 12) + start_info->nr_pt_frames + 6;
	struct vcpu_register_vcpu_info reg = {
		((const uint64_t *)start_info->mfn_list)[pfn], 64, 0 };
	struct vcpu_register_runstate_memory_area area;
	volatile struct vcpu_info *vi = (volatile struct vcpu_info *)(VIRT_BASE + pfn * 4096 + 64);
	uint64_t before = event_upcalls;

	reg.offset = 4090;
	CHECK_EQ(vcpu_op(VCPUOP_register_vcpu_info, 0, &reg), -XEN_EINVAL, "vcpu_info across a page");
	reg.offset = 64;
	guest_vcpu_info = vi;	/* the upcall that follows must find it there */
	CHECK_EQ(vcpu_op(VCPUOP_register_vcpu_info, 0, &reg), 0, "register_vcpu_info");
	CHECK(event_upcalls > before, "moving it raised an upcall, as in Xen");
	CHECK(vi->time.version && !(vi->time.version & 1), "the new vcpu_info has the time");
	CHECK_EQ(vcpu_op(VCPUOP_register_vcpu_info, 0, &reg), -XEN_EINVAL, "only once");
	area.addr.p = (uint64_t)&rs_area;
	CHECK_EQ(vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area), 0, "runstate area");
	CHECK_EQ(rs_area.state, RUNSTATE_running, "published: running");
	area.addr.p = 0xffff830000000000UL;
	CHECK_EQ(vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area), -XEN_EINVAL,
		 "runstate area in the hypervisor");
	CHECK_EQ(vcpu_op(VCPUOP_get_runstate_info, 0, &rs), 0, "get_runstate_info");
	CHECK(rs.time[RUNSTATE_running] > 0, "some time running");
	CHECK(rs.time[RUNSTATE_blocked] >= 20000000, "and the blocked time of the timer tests");
	check_time_area(vi);
}

/* Busy for ms milliseconds with xmm0 and xmm1 holding our pattern, then
 * check that no other vCPU's FPU state leaked into ours. */
static void spin(uint64_t ms, uint64_t pattern)
{
	uint64_t start = now_ns(), end, x0, x1;

	asm volatile("movq %0, %%xmm0\n\tmovq %1, %%xmm1" : : "r"(pattern), "r"(~pattern));
	while (now_ns() - start < ms * 1000000)
		;
	asm volatile("movq %%xmm0, %0\n\tmovq %%xmm1, %1" : "=r"(x0), "=r"(x1));
	end = now_ns();
	CHECK_EQ(x0, pattern, "xmm0 kept across preemptions");
	CHECK_EQ(x1, ~pattern, "xmm1 kept across preemptions");
	guest_printf("spun from %lu to %lu\n", (unsigned long)(start / 1000000),
		     (unsigned long)(end / 1000000));
}

void guest_main(void)
{
	struct evtchn_bind_virq bind = { .virq = VIRQ_TIMER, .vcpu = 0 };
	char value[16];

	events_map_shared_info();
	CHECK_EQ(events_register_callback(), 0, "event callback");
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_virq, &bind), 0, "bind VIRQ_TIMER");
	timer_port = bind.port;
	check_clock();
	check_timers();
	check_poll_and_more();
	check_vcpu_areas();
	if (guest_arg("yields", value, sizeof(value))) {
		/* With a peer doing the same, every yield is a switch to it and
		 * back: the time per yield is two context switches. */
		uint64_t n = 0, t0, t1;

		for (char *p = value; *p; p++)
			n = n * 10 + (*p - '0');
		t0 = now_ns();
		for (uint64_t i = 0; i < n; i++)
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
		t1 = now_ns();
		guest_printf("%lu yields, %lu ns each\n", (unsigned long)n,
			     (unsigned long)((t1 - t0) / n));
	}
	if (guest_arg("spin", value, sizeof(value))) {
		uint64_t ms = 0;

		for (char *p = value; *p; p++)
			ms = ms * 10 + (*p - '0');
		spin(ms, 0x1234567800000000UL | start_info->nr_pages);
	}
}
