/* SPDX-License-Identifier: GPL-2.0-only */
/* Generates build/include/asm-offsets.h: struct offsets that entry.S needs,
 * taken from the C definitions so the two can never disagree. Compiled to
 * assembly only; the Makefile extracts the "->NAME value" markers. */
#include <parvus/types.h>
#include <arch/regs.h>

#define DEFINE(name, value) \
	asm volatile("\n->" #name " %0" : : "i"(value))
#define OFFSET(name, type, member) DEFINE(name, offsetof(type, member))

void asm_offsets(void);
void asm_offsets(void)
{
	OFFSET(REGS_r15, struct cpu_regs, r15);
	OFFSET(REGS_rax, struct cpu_regs, rax);
	OFFSET(REGS_vector, struct cpu_regs, vector);
	OFFSET(REGS_rip, struct cpu_regs, rip);
	OFFSET(REGS_ss, struct cpu_regs, ss);
	DEFINE(REGS_SIZE, sizeof(struct cpu_regs));
	DEFINE(VECTOR_SYSCALL_NR, VECTOR_SYSCALL);
	DEFINE(VECTOR_SYSCALL32_NR, VECTOR_SYSCALL32);
}
