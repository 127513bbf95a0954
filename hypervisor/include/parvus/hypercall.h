/* Hypercall dispatch (hypercalls/hypercall_table.c) and the handlers, one
 * file per family in hypercalls/. Every handler has the shape of the
 * hardware ABI: up to five untrusted 64-bit arguments (rdi, rsi, rdx, r10,
 * r8), a result for rax that is >= 0 or a negative Xen errno. */
#ifndef PARVUS_HYPERCALL_H
#define PARVUS_HYPERCALL_H

#include <parvus/types.h>
#include <arch/regs.h>

struct vcpu;

typedef long (*hypercall_fn)(struct vcpu *v, uint64_t a1, uint64_t a2,
			     uint64_t a3, uint64_t a4, uint64_t a5);

void hypercall_dispatch(struct vcpu *v, struct cpu_regs *r);
/* Runs hypercall nr with args[0..4] (from registers or a multicall). */
long hypercall_call(struct vcpu *v, uint64_t nr, const uint64_t *args);

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

/* Reports an unimplemented hypercall or sub-op once per domain and returns
 * -XEN_ENOSYS: nothing we lack may silently "succeed". */
long hypercall_nosys(struct vcpu *v, uint64_t nr, long subop);

long do_console_io(struct vcpu *v, uint64_t cmd, uint64_t count,
		   uint64_t buffer, uint64_t a4, uint64_t a5);
long do_xen_version(struct vcpu *v, uint64_t cmd, uint64_t arg,
		    uint64_t a3, uint64_t a4, uint64_t a5);
long do_physdev_op(struct vcpu *v, uint64_t cmd, uint64_t arg,
		   uint64_t a3, uint64_t a4, uint64_t a5);
long do_sched_op(struct vcpu *v, uint64_t cmd, uint64_t arg,
		 uint64_t a3, uint64_t a4, uint64_t a5);

long do_mmu_update(struct vcpu *v, uint64_t reqs, uint64_t count,
		   uint64_t pdone, uint64_t foreigndom, uint64_t a5);
long do_mmuext_op(struct vcpu *v, uint64_t ops, uint64_t count,
		  uint64_t pdone, uint64_t foreigndom, uint64_t a5);
long do_update_va_mapping(struct vcpu *v, uint64_t va, uint64_t val,
			  uint64_t flags, uint64_t a4, uint64_t a5);
long do_memory_op(struct vcpu *v, uint64_t cmd, uint64_t arg,
		  uint64_t a3, uint64_t a4, uint64_t a5);
long memory_reservation(struct vcpu *v, unsigned int op, uint64_t cmd,
			uint64_t arg);
long do_vm_assist(struct vcpu *v, uint64_t cmd, uint64_t type,
		  uint64_t a3, uint64_t a4, uint64_t a5);
long do_set_trap_table(struct vcpu *v, uint64_t table, uint64_t a2,
		       uint64_t a3, uint64_t a4, uint64_t a5);
long do_stack_switch(struct vcpu *v, uint64_t ss, uint64_t sp,
		     uint64_t a3, uint64_t a4, uint64_t a5);
long do_fpu_taskswitch(struct vcpu *v, uint64_t set, uint64_t a2,
		       uint64_t a3, uint64_t a4, uint64_t a5);
long do_iret(struct vcpu *v, uint64_t a1, uint64_t a2, uint64_t a3,
	     uint64_t a4, uint64_t a5);
long do_callback_op(struct vcpu *v, uint64_t cmd, uint64_t arg,
		    uint64_t a3, uint64_t a4, uint64_t a5);
long do_set_callbacks(struct vcpu *v, uint64_t event, uint64_t failsafe,
		      uint64_t syscall, uint64_t a4, uint64_t a5);
long do_set_gdt(struct vcpu *v, uint64_t list, uint64_t entries,
		uint64_t a3, uint64_t a4, uint64_t a5);
long do_update_descriptor(struct vcpu *v, uint64_t maddr, uint64_t desc,
			  uint64_t a3, uint64_t a4, uint64_t a5);
void descriptor_tables_install(struct vcpu *v);
int descriptor_set_ldt(struct vcpu *v, uint64_t base, uint32_t nr_ents);
long do_set_debugreg(struct vcpu *v, uint64_t reg, uint64_t value,
		     uint64_t a3, uint64_t a4, uint64_t a5);
long do_get_debugreg(struct vcpu *v, uint64_t reg, uint64_t a2,
		     uint64_t a3, uint64_t a4, uint64_t a5);
long do_vcpu_op(struct vcpu *v, uint64_t cmd, uint64_t vcpuid, uint64_t arg,
		uint64_t a4, uint64_t a5);
long do_set_timer_op(struct vcpu *v, uint64_t timeout, uint64_t a2,
		     uint64_t a3, uint64_t a4, uint64_t a5);
long do_event_channel_op(struct vcpu *v, uint64_t cmd, uint64_t arg,
			 uint64_t a3, uint64_t a4, uint64_t a5);
long do_grant_table_op(struct vcpu *v, uint64_t cmd, uint64_t uop,
		       uint64_t count, uint64_t a4, uint64_t a5);
long do_multicall(struct vcpu *v, uint64_t list, uint64_t count,
		  uint64_t a3, uint64_t a4, uint64_t a5);
long do_set_segment_base(struct vcpu *v, uint64_t which, uint64_t base,
			 uint64_t a3, uint64_t a4, uint64_t a5);

#endif
