/* SPDX-License-Identifier: GPL-2.0-only */
/* The step budget and continuations of hypercalls (parvus/continuation.h):
 * how a long hypercall stops after a bounded amount of work and has the
 * guest re-execute it for the rest, as Xen's hypercall_create_continuation
 * does. The dispatcher (hypercalls/hypercall_table.c) starts each step and
 * rewinds the guest's rip when one asks to continue. */
#include <parvus/continuation.h>
#include <parvus/domain.h>

/* Inside a multicall the continuation's arguments belong to the batch
 * entry being run, not to the registers of the multicall itself. */
long hypercall_continue(struct vcpu *v, uint64_t a1, uint64_t a2,
			uint64_t a3, uint64_t a4)
{
	struct cpu_regs *r = v->hypercall_regs;

	v->hypercall_continued = true;
	if (v->multicall_args) {
		v->multicall_args[0] = a1;
		v->multicall_args[1] = a2;
		v->multicall_args[2] = a3;
		v->multicall_args[3] = a4;
		return 0;
	}
	r->rdi = a1;
	r->rsi = a2;
	r->rdx = a3;
	r->r10 = a4;
	return 0;
}

void hypercall_charge(struct vcpu *v, unsigned long units)
{
	v->step_work += units;
}

bool hypercall_preempt_check(const struct vcpu *v)
{
	return v->step_work >= HYPERCALL_STEP_BUDGET;
}

void hypercall_cancel_continuation(struct vcpu *v)
{
	v->hypercall_continued = false;
}
