/* SPDX-License-Identifier: GPL-2.0-only */
/* The fuzzer's way back from whatever it did to itself (see main.c).
 *
 * fuzz_try(fn, arg) runs fn(arg) "armed": any exception, failsafe
 * callback or guest system call that reaches one of the stubs below while
 * armed abandons fn and returns vector + 1 from fuzz_try, on fuzz_try's
 * own stack, like a longjmp. Unarmed, the stub reports an unexpected fault
 * of the fuzzer itself (fuzz_trap in main.c, which does not return).
 * #DB is different: the fuzzer's own random debug registers cause it
 * anywhere, so its stub switches them off and resumes where it was.
 *
 * The bounce frame from the hypervisor (arch/x86_64/pv/bounce.c) is, from rsp up:
 * rcx, r11, [error code | ds, es, fs, gs for failsafe], rip, cs, rflags,
 * rsp, ss. */
#include "guest_asm.h"

#define KIND_PLAIN	0
#define KIND_ERROR	1
#define KIND_FAILSAFE	2

	.text
/* vector, kind: 0 no error code, 1 error code, 2 failsafe frame. */
.macro FSTUB name, vector, kind
	.globl \name
\name:
	movq	%rsp, %rsi
	movl	$\vector, %edi
	movl	$\kind, %edx
	jmp	fuzz_trap_entry
.endm

	FSTUB fuzz_stub_0, 0, KIND_PLAIN
	FSTUB fuzz_stub_2, 2, KIND_PLAIN
	FSTUB fuzz_stub_3, 3, KIND_PLAIN
	FSTUB fuzz_stub_4, 4, KIND_PLAIN
	FSTUB fuzz_stub_5, 5, KIND_PLAIN
	FSTUB fuzz_stub_6, 6, KIND_PLAIN
	FSTUB fuzz_stub_7, 7, KIND_PLAIN
	FSTUB fuzz_stub_8, 8, KIND_ERROR
	FSTUB fuzz_stub_9, 9, KIND_PLAIN
	FSTUB fuzz_stub_10, 10, KIND_ERROR
	FSTUB fuzz_stub_11, 11, KIND_ERROR
	FSTUB fuzz_stub_12, 12, KIND_ERROR
	FSTUB fuzz_stub_13, 13, KIND_ERROR
	FSTUB fuzz_stub_14, 14, KIND_ERROR
	FSTUB fuzz_stub_15, 15, KIND_PLAIN
	FSTUB fuzz_stub_16, 16, KIND_PLAIN
	FSTUB fuzz_stub_17, 17, KIND_ERROR
	FSTUB fuzz_stub_18, 18, KIND_PLAIN
	FSTUB fuzz_stub_19, 19, KIND_PLAIN
	FSTUB fuzz_stub_20, 20, KIND_PLAIN
	FSTUB fuzz_stub_21, 21, KIND_ERROR
	FSTUB fuzz_stub_softint, 0x80, KIND_PLAIN
	FSTUB fuzz_stub_syscall, 0x101, KIND_PLAIN
	FSTUB fuzz_stub_failsafe, 0x102, KIND_FAILSAFE

/* edi = vector, rsi = frame, edx = kind. fuzz_trap returns only when the
 * fuzzer was armed: then unwind to fuzz_try. */
fuzz_trap_entry:
	cld
	andq	$-16, %rsp
	call	fuzz_trap
	leal	1(%rax), %eax
	movq	fuzz_try_rsp(%rip), %rsp
	movq	$0, fuzz_armed(%rip)
	jmp	fuzz_try_out

/* #DB: every register the C half may change is saved; rcx and r11 are in
 * the bounce frame. Returns with HYPERVISOR_iret (flags 0). */
	.globl fuzz_stub_db
fuzz_stub_db:
	PUSH_CALLER_SAVED
	cld
	call	fuzz_debug_trap
	POP_CALLER_SAVED_AND_BOUNCE
	GUEST_IRET

/* long fuzz_try(long (*fn)(void *), void *arg): 0 if fn returned. */
	.globl fuzz_try
fuzz_try:
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	subq	$8, %rsp
	movq	%rsp, fuzz_try_rsp(%rip)
	movq	$1, fuzz_armed(%rip)
	movq	%rdi, %rax
	movq	%rsi, %rdi
	call	*%rax
	movq	$0, fuzz_armed(%rip)
	xorl	%eax, %eax
fuzz_try_out:
	addq	$8, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	ret

/* HYPERVISOR_iret with the frame at rdi (rax, r11, rcx, flags, rip, cs,
 * rflags, rsp, ss): never returns here; wherever it lands must trap. */
	.globl fuzz_do_iret
fuzz_do_iret:
	movq	%rdi, %rsp
	movl	$__HYPERVISOR_iret, %eax
	syscall
	ud2

/* Where the fuzzer's iret frames send it: each traps at once, in guest
 * kernel or user mode, back to the armed stubs. */
	.globl fuzz_landing_ud2, fuzz_landing_int3
fuzz_landing_ud2:
	ud2
fuzz_landing_int3:
	int3
	ud2

/* Stores into (possibly) read-only page tables, for the writable page
 * table emulation: void store(uint64_t *addr, uint64_t val, uint64_t old). */
.macro STORE name, insn
	.globl \name
\name:
	movq	%rdx, %rax
	\insn
	ret
.endm
	STORE fuzz_store_movq, "movq %rsi, (%rdi)"
	STORE fuzz_store_movl, "movl %esi, (%rdi)"
	STORE fuzz_store_movw, "movw %si, (%rdi)"
	STORE fuzz_store_movb, "movb %sil, (%rdi)"
	STORE fuzz_store_imm, "movq $0x67, (%rdi)"
	STORE fuzz_store_xchg, "xchgq %rsi, (%rdi)"
	STORE fuzz_store_cmpxchg, "lock cmpxchgq %rsi, (%rdi)"
	STORE fuzz_store_or, "lock orq %rsi, (%rdi)"
	STORE fuzz_store_and, "lock andq %rsi, (%rdi)"
	STORE fuzz_store_orimm, "orq $2, (%rdi)"
	STORE fuzz_store_andimm, "andl $-3, (%rdi)"
	STORE fuzz_store_bts, "lock btsq $1, (%rdi)"
	STORE fuzz_store_btr, "lock btrq $0, (%rdi)"
	STORE fuzz_store_sub, "subq %rsi, (%rdi)"	/* not emulated: #PF */

/* Instructions a PV kernel may not, or may only through emulation, run. */
.macro INSN name, insn
	.globl \name
\name:
	movq	%rdi, %rcx
	movq	%rdi, %rax
	movq	%rsi, %rdx
	\insn
	ret
.endm
	INSN fuzz_insn_int3, "int3"
	INSN fuzz_insn_int80, "int $0x80"
	INSN fuzz_insn_int82, "int $0x82"
	INSN fuzz_insn_int20, "int $0x20"
	INSN fuzz_insn_ud2, "ud2"
	INSN fuzz_insn_rdmsr, "rdmsr"
	INSN fuzz_insn_cpuid, "ud2; .byte 0x78, 0x65, 0x6e; cpuid"
	INSN fuzz_insn_inb, "inb %dx, %al"
	INSN fuzz_insn_outb, "outb %al, %dx"
	INSN fuzz_insn_cli, "cli; sti"
	INSN fuzz_insn_readcr, "movq %cr2, %rax; movq %cr0, %rax; movq %cr4, %rax"
	INSN fuzz_insn_lgdt, "lgdt (%rsp)"
	INSN fuzz_insn_into_div, "xorl %ecx, %ecx; divl %ecx"
	INSN fuzz_insn_rdtscp, "rdtscp"
	INSN fuzz_insn_loadds, "movw %di, %ds; xorl %eax, %eax; movw %ax, %ds"
	INSN fuzz_insn_loades, "movw %di, %es; xorl %eax, %eax; movw %ax, %es"
	INSN fuzz_insn_hlt, "hlt"

/* wrmsr: ecx = msr (rdi), edx:eax = value (rsi). */
	.globl fuzz_insn_wrmsr
fuzz_insn_wrmsr:
	movl	%edi, %ecx
	movl	%esi, %eax
	shrq	$32, %rsi
	movl	%esi, %edx
	wrmsr
	ret

	.bss
	.align 8
	.globl fuzz_armed
fuzz_armed:	.quad 0
fuzz_try_rsp:	.quad 0
