/* SPDX-License-Identifier: GPL-2.0-only */
/* Instruction emulation for PV guests (arch/x86_64/pv/emul_priv_op.c). */
#ifndef ARCH_EMULATE_H
#define ARCH_EMULATE_H

#include <parvus/types.h>
#include <arch/regs.h>

struct vcpu;

enum {
	EMUL_OK,	/* done; rip advanced past the instruction */
	EMUL_GP,	/* a recognised operation the guest may not do: #GP(0) */
	EMUL_UNHANDLED,	/* not ours to emulate: the original fault stands */
	EMUL_HALT,	/* hlt: rip advanced, the vCPU blocks until woken */
	EMUL_RETRY,	/* preempted: rip unchanged, the guest executes it again */
};

int pv_emulate_priv_op(struct vcpu *v, struct cpu_regs *r,
		       const uint8_t *insn, size_t len);
bool pv_emulate_forced_cpuid(struct vcpu *v, struct cpu_regs *r,
			     const uint8_t *insn, size_t len);

#endif
