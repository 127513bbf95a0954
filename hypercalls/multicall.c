/* SPDX-License-Identifier: GPL-2.0-only */
/* HYPERVISOR_multicall (xen/xen.h, struct multicall_entry): a batch of
 * hypercalls in one entry, each result written back into its entry, as
 * Xen's do_multicall does. iret and multicall itself may not be batched
 * (they return -ENOSYS in their entry). If a call in the batch asks for a
 * continuation (the vCPU's flag, whatever it returned), its new arguments
 * go back into its entry and the multicall continues from there: nothing
 * runs twice. The calls share one step's budget (parvus/continuation.h), so
 * the batch continues between calls once their work has spent it. */
#include <parvus/hypercall.h>
#include <parvus/hypercall_dispatch.h>
#include <parvus/continuation.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/xen.h>

#define ENTRY_SIZE sizeof(struct multicall_entry)
/* Each entry counts this much of the step's budget besides the work of
 * its call: 64 trivial calls a step. */
#define UNITS_PER_ENTRY 4

static bool allowed_in_batch(uint64_t op)
{
	return op != __HYPERVISOR_multicall && op != __HYPERVISOR_iret;
}

long do_multicall(struct vcpu *v, uint64_t list, uint64_t count,
		  uint64_t a3, uint64_t a4, uint64_t a5)
{
	uint32_t n = (uint32_t)count;
	struct multicall_entry e;

	for (uint32_t i = 0; i < n; i++) {
		uint64_t at = list + (uint64_t)i * ENTRY_SIZE;
		long rc;

		if (i && hypercall_preempt_check(v))
			return hypercall_continue(v, at, n - i, 0, 0);
		if (copy_from_guest(&e, at, ENTRY_SIZE))
			return -XEN_EFAULT;
		if (!allowed_in_batch(e.op)) {
			rc = -XEN_ENOSYS;
		} else {
			v->multicall_args = e.args;
			rc = hypercall_call(v, e.op, e.args);
			v->multicall_args = NULL;
		}
		hypercall_charge(v, UNITS_PER_ENTRY);
		if (v->hypercall_continued) {
			/* The entry now holds its own continuation. */
			if (copy_to_guest(at, &e, ENTRY_SIZE)) {
				hypercall_cancel_continuation(v);
				return -XEN_EFAULT;
			}
			return hypercall_continue(v, at, n - i, 0, 0);
		}
		e.result = rc;
		if (copy_to_guest(at + offsetof(struct multicall_entry, result),
				  &e.result, sizeof(e.result)))
			return -XEN_EFAULT;
	}
	return 0;
}
