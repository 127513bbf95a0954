/* SPDX-License-Identifier: GPL-2.0-only */
/* Generators for time, scheduling, vCPU and event-channel calls, with
 * now_ns() (the guest's clock from vcpu_info) they take timeouts from.
 * Shutdown only with reasons that leave us running; block and poll only
 * when a timer will wake us (CALL_BLOCKS); vcpu_info and the runstate and
 * time areas only ever on pages set aside for them. */
#include "fuzz.h"

/* ---- time, scheduling, vCPUs ---- */
uint64_t fuzz_now_ns(void)
{
	volatile struct vcpu_time_info *t = &vcpu_info_now->time;
	uint64_t ns, delta;
	uint32_t version, lo, hi;

	for (unsigned int tries = 0;; tries++) {
		version = t->version;
		asm volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
		delta = ((uint64_t)hi << 32 | lo) - t->tsc_timestamp;
		delta = t->tsc_shift < 0 ? delta >> -t->tsc_shift : delta << t->tsc_shift;
		ns = t->system_time + (uint64_t)(((unsigned __int128)delta *
						  t->tsc_to_system_mul) >> 32);
		barrier();	/* the record before the version again */
		if ((!(version & 1) && version == t->version) || tries > 1000)
			return ns;
	}
}

void fuzz_gen_set_timer_op(struct call *c, bool in_batch)
{
	uint64_t now = fuzz_now_ns();

	c->a[0] = PICK(0, 1, now, now + 1000000, now - 1, now + rn(5000000), fuzz_edge());
}

/* What shutdown and poll read must stay what we wrote, but the pool is a
 * ring of 32 buffers that a later entry of the same multicall may refill
 * with random words (a reason 1 is a reboot, which ends us): their
 * arguments live apart. Entries of one batch share them; every value
 * written is a safe one. */
static void keep_apart(struct call *c, void *buf)
{
	static struct sched_shutdown shutdown_arg;
	static struct sched_poll poll_arg;

	if (c->a[1] != (long)buf)
		return;
	if (c->a[0] == SCHEDOP_shutdown) {
		shutdown_arg = *(struct sched_shutdown *)buf;
		c->a[1] = (long)&shutdown_arg;
	} else if (c->a[0] == SCHEDOP_poll) {
		poll_arg = *(struct sched_poll *)buf;
		c->a[1] = (long)&poll_arg;
	}
}

void fuzz_gen_sched_op(struct call *c, bool in_batch)
{
	void *buf;
	uint32_t *w;

	c->a[0] = PICK(SCHEDOP_yield, SCHEDOP_block, SCHEDOP_shutdown, SCHEDOP_poll,
		       SCHEDOP_remote_shutdown, SCHEDOP_shutdown_code, SCHEDOP_pin_override,
		       8, 9, 100, fuzz_edge());
	if (c->a[0] == SCHEDOP_watchdog)
		c->a[0] = SCHEDOP_yield;	/* a watchdog would end us later */
	c->a[1] = fuzz_ptr_arg(&buf);
	/* What shutdown and poll read must be what we wrote (a reason that
	 * leaves us running, a timeout), or nothing readable at all. */
	if ((c->a[0] == SCHEDOP_poll || c->a[0] == SCHEDOP_shutdown) &&
	    buf != pool_mem[(pool_next - 1) % ARRAY_SIZE(pool_mem)])
		c->a[1] = PICK(0, 0x1000, GUARD_A, 0xffff830000200000UL);
	w = buf;
	switch (c->a[0]) {
	case SCHEDOP_block:
		c->flags |= CALL_BLOCKS;
		break;
	case SCHEDOP_shutdown:
		/* Only reasons that leave us running: suspend and soft_reset
		 * need a toolstack, the rest are not reasons at all. */
		w[0] = (uint32_t)PICK(SHUTDOWN_suspend, SHUTDOWN_soft_reset, 6, 7, 255, 0x80000000,
				      0xffffffff);
		break;
	case SCHEDOP_remote_shutdown: {
		struct sched_remote_shutdown *r = buf;

		r->domain_id = fuzz_rand_domid();
		r->reason = (unsigned int)PICK(0, 1, 2, 3, 4, 5, fuzz_edge());
		break;
	}
	case SCHEDOP_poll: {
		struct sched_poll *p = buf;
		evtchn_port_t *ports = (evtchn_port_t *)fuzz_pool();

		for (unsigned int i = 0; i < 16; i++)
			ports[i] = (evtchn_port_t)PICK(timer_port, 0, 1, 2, 3, 1023, 1024, 4096,
						       fuzz_edge());
		set_xen_guest_handle(p->ports, chance(80) ? ports : (void *)fuzz_bad_pointer());
		p->nr_ports = (unsigned int)PICK(0, 1, 2, 16, 128, 129, fuzz_edge());
		if (p->nr_ports > 16 && p->nr_ports <= 128)
			p->nr_ports = 16;
		p->timeout = fuzz_now_ns() + PICK(0, 100000, 1000000, 2000000) -
			     PICK(0, 0, 5000000);
		break;
	}
	}
	keep_apart(c, buf);
}

void fuzz_gen_vcpu_op(struct call *c, bool in_batch)
{
	void *buf;

	c->a[0] = PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, fuzz_edge());
	c->a[1] = chance(85) ? 0 : (long)PICK(1, 2, 31, 32, fuzz_edge());
	if (c->a[0] == VCPUOP_down && c->a[1] == 0)
		c->a[1] = 1;	/* taking our only vCPU down would end us */
	c->a[2] = fuzz_ptr_arg(&buf);
	switch (c->a[0]) {
	case VCPUOP_set_singleshot_timer: {
		struct vcpu_set_singleshot_timer *t = buf;

		t->timeout_abs_ns = fuzz_now_ns() + PICK(0, 1000000, 50000000) -
				    PICK(0, 0, 10000000);
		t->flags = (uint32_t)PICK(0, VCPU_SSHOTTMR_future, fuzz_edge());
		break;
	}
	case VCPUOP_set_periodic_timer: {
		struct vcpu_set_periodic_timer *t = buf;

		t->period_ns = PICK(0, 1, 999999, 1000000, 10000000, fuzz_edge());
		break;
	}
	case VCPUOP_register_vcpu_info: {
		/* Only our spare page may really take it: the hypervisor
		 * writes vcpu_info there from now on, and we read it there. */
		struct vcpu_register_vcpu_info *r = buf;

		/* The move marks every event pending in the new place, which
		 * our upcall would only see once we point at it. */
		c->flags |= CALL_MASKED;

		r->mfn = chance(50) ? fuzz_mfn_of_va(vcpu_info_page) : fuzz_rand_mfn(USE_ANY);
		r->offset = (uint32_t)PICK(0, 64, 4096 - 64, 4032, 4033, 4096, 3, fuzz_edge());
		/* Any other frame (even one not ours now: populate_physmap may
		 * make it ours) gets a misaligned offset, which is refused. */
		if (r->mfn != fuzz_mfn_of_va(vcpu_info_page) || in_batch)
			r->offset |= 1;
		break;
	}
	case VCPUOP_register_runstate_memory_area:
	case VCPUOP_register_vcpu_time_memory_area:
		/* Written at every switch: only our spare page, or addresses
		 * that cannot be written at all. */
		*(uint64_t *)buf = chance(50) ? (uint64_t)area_page + rn(PAGE - 64) :
				   PICK(0, fuzz_bad_pointer() & 0xffff800000000000UL,
					0x0000800000000000UL, HV_START + rn(1UL << 30));
		break;
	}
}

/* ---- event channels ---- */
static evtchn_port_t rand_port(void)
{
	return (evtchn_port_t)PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, timer_port,
				   start_info->console.domU.evtchn, start_info->store_evtchn,
				   1023, 1024, 4095, 4096, fuzz_edge());
}

void fuzz_gen_event_channel_op(struct call *c, bool in_batch)
{
	void *buf;
	uint32_t *w;

	c->a[0] = PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
		       EVTCHNOP_send, EVTCHNOP_alloc_unbound, EVTCHNOP_bind_interdomain,
		       fuzz_edge());
	c->a[1] = fuzz_ptr_arg(&buf);
	w = buf;
	switch (c->a[0]) {
	case EVTCHNOP_alloc_unbound: {
		struct evtchn_alloc_unbound *a = buf;

		a->dom = chance(70) ? DOMID_SELF : fuzz_rand_domid();
		a->remote_dom = fuzz_rand_domid();
		break;
	}
	case EVTCHNOP_bind_interdomain: {
		struct evtchn_bind_interdomain *b = buf;

		b->remote_dom = chance(50) ? witness_id : chance(50) ? DOMID_SELF :
				fuzz_rand_domid();
		b->remote_port = rand_port();
		break;
	}
	case EVTCHNOP_bind_virq:
		w[0] = (uint32_t)PICK(0, 1, 2, 3, 7, 8, 9, 23, 24, 31, fuzz_edge());
		w[1] = (uint32_t)PICK(0, 0, 1, fuzz_edge());
		break;
	case EVTCHNOP_status:
		w[0] = chance(70) ? DOMID_SELF : fuzz_rand_domid();
		w[1] = rand_port();
		break;
	case EVTCHNOP_reset:
		w[0] = chance(70) ? DOMID_SELF : fuzz_rand_domid();
		break;
	default:
		w[0] = rand_port();
		w[1] = (uint32_t)PICK(0, 1, fuzz_edge());
	}
}
