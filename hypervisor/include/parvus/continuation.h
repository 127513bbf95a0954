/* SPDX-License-Identifier: GPL-2.0-only */
/* Bounded hypercall work (common/continuation.c): the budget of one
 * hypercall step and the continuation that re-executes the rest. Used by
 * the handlers in hypercalls/ and by the core work they call. */
#ifndef PARVUS_CONTINUATION_H
#define PARVUS_CONTINUATION_H

#include <parvus/types.h>

struct vcpu;

/* A handler that has done part of a long job calls hypercall_continue()
 * with the arguments for the rest and returns what it returns (the value
 * is ignored): the dispatcher then rewinds the guest's rip onto its
 * syscall, so the guest re-executes the same hypercall, taking interrupts
 * and events in between (Xen's hypercall_create_continuation). "Continue"
 * is the vCPU's hypercall_continued flag, set only here and consumed by
 * the dispatcher (or the multicall running the call): never a result
 * value, since results can be anything a guest chooses. */
long hypercall_continue(struct vcpu *v, uint64_t a1, uint64_t a2,
			uint64_t a3, uint64_t a4);
/* How much work one step of a hypercall may do before it continues: a
 * unit is about a page of memory written, one item of a batch, or a
 * page-table entry checked. The budget belongs to the step, not to the
 * call: the calls of a multicall share it, so a batch of many short calls
 * is cut as often as one long call. A handler charges what it has done
 * and, having done at least one item (so every step makes progress),
 * continues once hypercall_preempt_check() says the budget is spent. Xen's
 * hypercall_preempt_check asks whether something else is waiting; ours
 * counts work, so a step's length does not depend on the timer. */
#define HYPERCALL_STEP_BUDGET 256
void hypercall_charge(struct vcpu *v, unsigned long units);
bool hypercall_preempt_check(const struct vcpu *v);

/* Takes back a continuation asked for (Xen's
 * hypercall_cancel_continuation): the call ends with its result. */
void hypercall_cancel_continuation(struct vcpu *v);

#endif
