/* SPDX-License-Identifier: GPL-2.0-only */
/* Recording exception stubs for test guests (trap_stubs.S): each handler
 * stores what was delivered in the fault_* variables and returns with
 * HYPERVISOR_iret, to resume_rip if that is set. EXPECT_FAULT runs one
 * instruction sequence with resume_rip pointing just past it. */
#ifndef TRAP_STUBS_H
#define TRAP_STUBS_H

#include <stdint.h>

extern char stub_de[], stub_db[], stub_nm[], stub_bp[], stub_ud[], stub_gp[], stub_pf[];
extern char stub_int80[], stub_event[], stub_syscall[], stub_failsafe[], user_mode_code[];
extern volatile uint64_t fault_vector, fault_error, fault_rip, fault_cs;
extern volatile uint64_t fault_rflags, fault_rsp, fault_count, resume_rip, resume_cs;
extern volatile uint64_t fault_frame;	/* where the bounce frame was */

#define EXPECT_FAULT(insn)						\
	asm volatile("leaq 9f(%%rip), %%rax\n\t"			\
		     "movq %%rax, resume_rip(%%rip)\n\t"		\
		     insn "\n"						\
		     "9: movq $0, resume_rip(%%rip)"			\
		     : : : "rax", "rcx", "rdx", "r11", "memory")

/* The same with inputs: `insn` may use %%rbx and %%rsi, set from b, s.
 * (rax, rcx, rdx and r11 belong to the stub's return path.) */
#define EXPECT_FAULT_WITH(insn, b, s)					\
	asm volatile("leaq 9f(%%rip), %%rax\n\t"			\
		     "movq %%rax, resume_rip(%%rip)\n\t"		\
		     insn "\n"						\
		     "9: movq $0, resume_rip(%%rip)"			\
		     : : "b"(b), "S"(s) : "rax", "rcx", "rdx", "r11", "memory")

#endif
