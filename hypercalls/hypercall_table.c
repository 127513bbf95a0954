/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypercall table: the single place that maps a hypercall number
 * (__HYPERVISOR_* in xen/xen.h) to its handler. A number without a handler
 * returns -ENOSYS and is reported once per domain, by its name
 * (common/hypercall_names.c). */
#include <parvus/hypercall.h>
#include <parvus/hypercall_dispatch.h>
#include <parvus/hypercall_names.h>
#include <parvus/continuation.h>
#include <parvus/domain.h>
#include <parvus/console.h>
#include <parvus/xen.h>
#include <parvus/perf_counters.h>
#include <parvus/machine_mm.h>
#include <parvus/mm_audit_run.h>

#define HYPERCALL(nr, handler) [__HYPERVISOR_##nr] = handler
#define UNIMPLEMENTED(nr) [__HYPERVISOR_##nr] = NULL

static const hypercall_fn hypercall_table[NR_HYPERCALLS] = {
	HYPERCALL(set_trap_table, do_set_trap_table),
	HYPERCALL(mmu_update, do_mmu_update),
	HYPERCALL(set_gdt, do_set_gdt),
	HYPERCALL(stack_switch, do_stack_switch),
	HYPERCALL(set_callbacks, do_set_callbacks),
	HYPERCALL(fpu_taskswitch, do_fpu_taskswitch),
	UNIMPLEMENTED(sched_op_compat),
	UNIMPLEMENTED(platform_op),
	HYPERCALL(set_debugreg, do_set_debugreg),
	HYPERCALL(get_debugreg, do_get_debugreg),
	HYPERCALL(update_descriptor, do_update_descriptor),
	HYPERCALL(memory_op, do_memory_op),
	HYPERCALL(multicall, do_multicall),
	HYPERCALL(update_va_mapping, do_update_va_mapping),
	HYPERCALL(set_timer_op, do_set_timer_op),
	UNIMPLEMENTED(event_channel_op_compat),
	HYPERCALL(xen_version, do_xen_version),
	HYPERCALL(console_io, do_console_io),
	UNIMPLEMENTED(physdev_op_compat),
	HYPERCALL(grant_table_op, do_grant_table_op),
	HYPERCALL(vm_assist, do_vm_assist),
	UNIMPLEMENTED(update_va_mapping_otherdomain),
	HYPERCALL(iret, do_iret),
	HYPERCALL(vcpu_op, do_vcpu_op),
	HYPERCALL(set_segment_base, do_set_segment_base),
	HYPERCALL(mmuext_op, do_mmuext_op),
	UNIMPLEMENTED(xsm_op),
	UNIMPLEMENTED(nmi_op),
	HYPERCALL(sched_op, do_sched_op),
	HYPERCALL(callback_op, do_callback_op),
	UNIMPLEMENTED(xenoprof_op),
	HYPERCALL(event_channel_op, do_event_channel_op),
	HYPERCALL(physdev_op, do_physdev_op),
	UNIMPLEMENTED(hvm_op),
	UNIMPLEMENTED(sysctl),
	UNIMPLEMENTED(domctl),
	UNIMPLEMENTED(kexec_op),
	UNIMPLEMENTED(tmem_op),
	UNIMPLEMENTED(argo_op),
	UNIMPLEMENTED(xenpmu_op),
	UNIMPLEMENTED(dm_op),
	UNIMPLEMENTED(hypfs_op),
};

long hypercall_nosys(struct vcpu *v, uint64_t nr, long subop)
{
	struct domain *d = v->domain;
	uint64_t bit = 1UL << MIN(nr, (uint64_t)NR_HYPERCALLS - 1);
	const char *name = hypercall_name(nr);

	/* One report per hypercall number and domain keeps a guest that
	 * probes in a loop from flooding the console. */
	if (!(d->nosys_logged & bit)) {
		d->nosys_logged |= bit;
		if (subop >= 0)
			printk("parvus: d%u: hypercall %lu (%s) sub-op %ld is "
			       "not implemented: -ENOSYS\n", d->domid,
			       (unsigned long)nr, name, subop);
		else
			printk("parvus: d%u: hypercall %lu (%s) is not "
			       "implemented: -ENOSYS\n", d->domid,
			       (unsigned long)nr, name);
	}
	return -XEN_ENOSYS;
}

/* A domain pays the page-table devalidation it owes (dying tables, see
 * page_types.h) before any hypercall of its own runs, so it can never see
 * a table it released still typed; what the budget does not cover is
 * done by continuations of this same call (Xen's put_old_guest_table at
 * the start of do_mmuext_op and do_mmu_update). */
static bool devalidation_owed(struct vcpu *v, const uint64_t *args)
{
	if (machine_mm_pay_owed(v->domain->domid))
		return false;
	hypercall_continue(v, args[0], args[1], args[2], args[3]);
	return true;
}

long hypercall_call(struct vcpu *v, uint64_t nr, const uint64_t *args)
{
	hypercall_fn fn = nr < NR_HYPERCALLS ? hypercall_table[nr] : NULL;

	perfc_hypercall(nr);
	/* iret is never continued (Xen never makes it a continuation): the
	 * guest's rsp points at its frame, not at a stack an event may use,
	 * and it touches no page table, so the queue waits for the next call. */
	if (nr != __HYPERVISOR_iret && devalidation_owed(v, args))
		return 0;	/* unused: the call continues */
	if (!fn)
		return hypercall_nosys(v, nr, -1);
	return fn(v, args[0], args[1], args[2], args[3], args[4]);
}

#define SYSCALL_INSN_LEN 2

/* A yield or block from inside a multicall, done now that the batch has
 * left the stack (see sched.c). */
static void run_deferred_sched_op(struct vcpu *v, struct cpu_regs *r)
{
	int what = v->sched_after_hypercall;

	v->sched_after_hypercall = SCHED_AFTER_NOTHING;
	if (what == SCHED_AFTER_YIELD)
		sched_yield(v, r);
	if (what == SCHED_AFTER_BLOCK && !v->vcpu_info->evtchn_upcall_pending)
		sched_block(v, r);
}

void hypercall_dispatch(struct vcpu *v, struct cpu_regs *r)
{
	const uint64_t args[5] = { r->rdi, r->rsi, r->rdx, r->r10, r->r8 };
	long ret;

	v->hypercall_regs = r;
	v->hypercall_continued = false;
	v->step_work = 0;
	machine_mm_new_step();	/* one budget for the call, multicalls included */
	ret = hypercall_call(v, r->rax, args);
	machine_mm_flush_if_needed();	/* no return to the guest with one owed */
	mm_audit_point("hypercall", r->rax);
	if (v->hypercall_continued) {
		v->hypercall_continued = false;
		r->rip -= SYSCALL_INSN_LEN;	/* rax still holds nr */
	} else {
		r->rax = ret;
	}
	run_deferred_sched_op(v, r);
}
