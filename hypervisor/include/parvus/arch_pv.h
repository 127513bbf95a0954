/* SPDX-License-Identifier: GPL-2.0-only */
/* The CPU state a PV guest programs through hypercalls, as entry points
 * of the arch layer (arch/x86_64/pv/guest_state.c), in the spirit of
 * Jailhouse's arch_* functions: a handler in hypercalls/ checks the
 * guest's arguments and calls one of these, which keep the vCPU's copy
 * and load the hardware. No handler touches the hardware itself. */
#ifndef PARVUS_ARCH_PV_H
#define PARVUS_ARCH_PV_H

#include <parvus/types.h>

struct vcpu;
struct cpu_regs;
struct iret_context;

/* CR3 becomes the L4 of the vCPU's current mode (kernel or user). */
void arch_load_guest_cr3(struct vcpu *v);
/* The guest's TLB entries: all of them, or those of one address. */
void arch_flush_tlb(void);
void arch_flush_tlb_va(uint64_t va);

/* which: SEGBASE_FS, SEGBASE_GS_KERNEL or SEGBASE_GS_USER; base is
 * canonical. The base of the mode not running is kept in the vCPU. */
void arch_set_segment_base(struct vcpu *v, unsigned int which, uint64_t base);
/* Loads sel (null, or a ring-3 GDT selector) into %gs for guest user
 * mode; false if its descriptor cannot be loaded (%gs is then null). */
bool arch_load_user_gs_selector(struct vcpu *v, uint16_t sel);

/* DR0-3, DR6 or DR7 (reg), with a value already checked. */
void arch_set_debugreg(struct vcpu *v, unsigned int reg, uint64_t value);
/* The virtual CR0.TS (fpu_taskswitch, clts, mov to %cr0). */
void arch_set_guest_ts(struct vcpu *v, bool ts);

/* The guest continues where a checked HYPERVISOR_iret frame says: r is
 * its hypercall frame, and a ring-3 cs means guest user mode. */
void arch_load_iret_frame(struct vcpu *v, struct cpu_regs *r,
			  const struct iret_context *ctx);

#endif
