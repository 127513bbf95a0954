/* SPDX-License-Identifier: GPL-2.0-only */
/* Making a generated call: events masked and a wakeup timer armed when
 * it needs them, logged in the ring, made through the hypercall page or
 * syscall, timed, counted, then followed by what the fuzzer must put back
 * or learn (our handlers, a moved vcpu_info) and the checks (checks.c).
 * The ring holds the last calls and other operations alike: each goes in
 * before it is made and gets its result after, so when the fuzzer faults
 * or a call wrongly succeeds, the calls that led there can be printed.
 * With trace=1 each call is printed as it goes in. */
#include "fuzz.h"

/* ---- the ring buffer of calls ---- */
static struct logged_call ring[RING];
static uint64_t ring_next;

struct logged_call *fuzz_log_call(long nr, const long a[5])
{
	struct logged_call *l = &ring[ring_next++ % RING];

	*l = (struct logged_call){ .iter = now_iter, .nr = nr,
				   .a = { a[0], a[1], a[2], a[3], a[4] } };
	if (trace)
		guest_printf("fuzz: #%lu call %ld(0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx)\n",
			     (unsigned long)now_iter, nr, a[0], a[1], a[2], a[3], a[4]);
	return l;
}

void fuzz_print_last_calls(unsigned int n)
{
	uint64_t first = ring_next > n ? ring_next - n : 0;

	guest_printf("fuzz: last %lu calls (oldest first):\n",
		     (unsigned long)(ring_next - first));
	for (uint64_t i = first; i < ring_next; i++) {
		const struct logged_call *l = &ring[i % RING];

		guest_printf("fuzz:   #%lu call %ld(0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx) %s %ld\n",
			     (unsigned long)l->iter, l->nr, l->a[0], l->a[1], l->a[2],
			     l->a[3], l->a[4], l->done ? "=" : "did not return;",
			     l->done ? l->rc : 0);
	}
}

/* ---- making the calls ---- */

/* Before anything that may sleep: VIRQ_TIMER bound (the fuzzer may have
 * closed it) and a timer due soon, so block always returns. */
void fuzz_arm_wakeup(void)
{
	struct evtchn_bind_virq bind = { VIRQ_TIMER, 0, 0 };
	struct vcpu_set_singleshot_timer t = { fuzz_now_ns() + 1000000, 0 };
	struct evtchn_reset reset = { DOMID_SELF };
	long rc = evtchn_op(EVTCHNOP_bind_virq, &bind);

	if (rc == -XEN_ENOSPC) {	/* the fuzzer used every port */
		evtchn_op(EVTCHNOP_reset, &reset);
		rc = evtchn_op(EVTCHNOP_bind_virq, &bind);
	}
	if (rc == 0)
		timer_port = bind.port;
	hypercall5(__HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0, (long)&t, 0, 0);
}

static void count_result(long nr, long rc)
{
	struct hc_stats *s = &stats[nr < 64 ? nr : 63];

	s->calls++;
	if (rc >= 0) {
		s->ok++;
	} else if (-rc < (long)ARRAY_SIZE(errno_count)) {
		errno_count[-rc]++;
	} else {
		errno_other++;
	}
}

/* After the call: what the fuzzer itself must learn or put back. */
static void after_call(const struct call *c, long rc)
{
	if (c->flags & CALL_RESTORE)
		fuzz_install_handlers();
	if (c->nr == __HYPERVISOR_vcpu_op && c->a[0] == VCPUOP_register_vcpu_info && rc == 0) {
		const struct vcpu_register_vcpu_info *r = (const void *)c->a[2];

		vcpu_info_now = (volatile struct vcpu_info *)(vcpu_info_page + r->offset);
		guest_vcpu_info = vcpu_info_now;
		guest_printf("fuzz: vcpu_info moved to our page, offset %u\n", r->offset);
	}
	if (c->nr == __HYPERVISOR_stack_switch || c->nr == __HYPERVISOR_multicall)
		fuzz_install_handlers();
}

#define SLOW_CALL_NS 500000000UL

long fuzz_issue(struct call *c)
{
	struct logged_call *l;
	uint64_t start, took;
	long rc;

	/* Masked first, as a kernel blocks: the timer may fire before the
	 * block, and its event must still be pending then (block unmasks and
	 * tests for it at once), not consumed by our upcall. */
	if (c->flags & CALL_BLOCKS)
		c->flags |= CALL_MASKED;
	if (c->flags & CALL_MASKED)
		vcpu_info_now->evtchn_upcall_mask = 1;
	if (c->flags & CALL_BLOCKS)
		fuzz_arm_wakeup();
	l = fuzz_log_call(c->nr, c->a);
	start = fuzz_now_ns();
	if (c->flags & CALL_VIA_PAGE)
		rc = hypercall_via_page(c->nr, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4]);
	else
		rc = hypercall_syscall(c->nr, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4]);
	l->rc = rc;
	l->done = true;
	took = fuzz_now_ns() - start;
	if (trace)
		guest_printf("fuzz: #%lu   = %ld\n", (unsigned long)now_iter, rc);
	if (took > SLOW_CALL_NS)	/* the hypervisor held the CPU, or we slept */
		guest_printf("\nfuzz: #%lu call %ld(0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx) took %lu ms\n",
			     (unsigned long)now_iter, c->nr, c->a[0], c->a[1], c->a[2], c->a[3],
			     c->a[4], (unsigned long)(took / 1000000));
	after_call(c, rc);
	if (c->flags & CALL_MASKED)
		vcpu_info_now->evtchn_upcall_mask = 0;
	count_result(c->nr, rc);
	fuzz_check_result(c, rc);
	return rc;
}
