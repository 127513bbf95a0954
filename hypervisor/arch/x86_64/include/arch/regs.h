/* SPDX-License-Identifier: GPL-2.0-only */
/* The register frame every entry into the hypervisor builds on its stack:
 * general registers pushed by entry.S, then the vector and error code, then
 * the frame the CPU pushes (rip, cs, rflags, rsp, ss). Exceptions, interrupts
 * and the syscall (hypercall) path all use this one layout so that the exit
 * path is a single iretq. Offsets for entry.S come from asm-offsets.c. */
#ifndef ARCH_REGS_H
#define ARCH_REGS_H

#include <parvus/types.h>

struct cpu_regs {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;	/* exception/interrupt vector, or VECTOR_SYSCALL */
	uint64_t error_code;
	/* Pushed by the CPU (or built by the syscall entry). */
	uint64_t rip, cs, rflags, rsp, ss;
};

/* Mark frames built by the syscall entries (not IDT vectors): syscall from
 * 64-bit code, and from 32-bit compatibility-mode code. */
#define VECTOR_SYSCALL		0x100
#define VECTOR_SYSCALL32	0x101

static inline bool regs_from_guest(const struct cpu_regs *r)
{
	return (r->cs & 3) != 0;
}

/* The general register an instruction encodes as n (ModRM/REX numbering:
 * 0 = rax, 1 = rcx, ... 15 = r15), for the emulators that decode them. */
static inline uint64_t *regs_gpr(struct cpu_regs *r, unsigned int n)
{
	uint64_t *const regs[16] = {
		&r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp, &r->rsi,
		&r->rdi, &r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13,
		&r->r14, &r->r15,
	};

	return regs[n & 15];
}

#endif
