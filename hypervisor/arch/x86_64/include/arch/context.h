/* SPDX-License-Identifier: GPL-2.0-only */
/* Switching the CPU between vCPUs (arch/x86_64/context.c). */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#include <arch/regs.h>

struct vcpu;

/* Fresh FPU state for a new vCPU (FNINIT defaults, MXCSR 0x1f80). */
void arch_vcpu_init_fpu(struct vcpu *v);
/* Everything the running vCPU keeps in the CPU, plus its frame. */
void arch_vcpu_save(struct vcpu *v, const struct cpu_regs *frame);
/* Loads a vCPU's state and enters it; does not return. */
__noreturn void arch_vcpu_enter(struct vcpu *v);

#endif
