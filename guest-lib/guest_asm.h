/* SPDX-License-Identifier: GPL-2.0-only */
/* Assembler macros shared by the test guests' entry stubs
 * (trap_stubs.S, fuzz/fuzz_entry.S): the PV return path every stub ends
 * with. The hypervisor's bounce frame starts with rcx and r11 (arch/x86_64/pv/bounce.c),
 * so a stub that calls C saves the other caller-saved registers above them
 * and pops all of them back before HYPERVISOR_iret. */
#ifndef GUEST_ASM_H
#define GUEST_ASM_H

#include <xen/xen.h>

/* rax, rdx, rsi, rdi, r8-r10: what a C call may change besides rcx, r11. */
.macro PUSH_CALLER_SAVED
	pushq	%rax
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%r8
	pushq	%r9
	pushq	%r10
.endm

/* The registers above, then the bounce frame's rcx and r11. */
.macro POP_CALLER_SAVED_AND_BOUNCE
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rax
	popq	%rcx
	popq	%r11
.endm

/* HYPERVISOR_iret: push flags, rcx, r11, rax over the iret frame. */
.macro GUEST_IRET
	pushq	$0
	pushq	%rcx
	pushq	%r11
	pushq	%rax
	movl	$__HYPERVISOR_iret, %eax
	syscall
	ud2
.endm

#endif
