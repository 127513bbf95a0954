/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypercall handlers, one file per family in hypercalls/, for the
 * dispatcher's table (hypercalls/hypercall_table.c) only: nothing in the
 * core calls a handler. Every handler has the shape of the hardware ABI:
 * up to five untrusted 64-bit arguments (rdi, rsi, rdx, r10, r8), a
 * result for rax that is >= 0 or a negative Xen errno. The dispatcher's
 * own API is parvus/hypercall_dispatch.h, the step budget and
 * continuations parvus/continuation.h. */
#ifndef PARVUS_HYPERCALL_H
#define PARVUS_HYPERCALL_H

#include <parvus/types.h>

struct vcpu;

typedef long (*hypercall_fn)(struct vcpu *v, uint64_t a1, uint64_t a2,
			     uint64_t a3, uint64_t a4, uint64_t a5);

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
