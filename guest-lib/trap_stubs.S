/* SPDX-License-Identifier: GPL-2.0-only */
/* Exception, event and syscall entry stubs for test guests (declared in
 * trap_stubs.h). Each
 * records what the hypervisor delivered (the bounce frame) into globals,
 * optionally redirects the return address to resume_rip, and returns with
 * HYPERVISOR_iret, the way Linux's xen-asm.S wrappers do: pop rcx and r11
 * first, then the error code if the vector has one. Interrupted code must
 * treat rax, rcx and r11 as clobbered. */
#include "guest_asm.h"

	.text
/* has_error: 1 = an error code follows r11; 2 = ds, es, fs, gs follow
 * (the failsafe frame), ds recorded as the "error". */
.macro RECORD vector, has_error
	movq	%rsp, fault_frame(%rip)
	popq	%rcx
	popq	%r11
.if \has_error
	popq	fault_error(%rip)
.else
	movq	$-1, fault_error(%rip)
.endif
.if \has_error == 2
	addq	$24, %rsp
.endif
	movq	$\vector, fault_vector(%rip)
	movq	0(%rsp), %rax
	movq	%rax, fault_rip(%rip)
	movq	8(%rsp), %rax
	movq	%rax, fault_cs(%rip)
	movq	16(%rsp), %rax
	movq	%rax, fault_rflags(%rip)
	movq	24(%rsp), %rax
	movq	%rax, fault_rsp(%rip)
	incq	fault_count(%rip)
	movq	resume_rip(%rip), %rax
	testq	%rax, %rax
	jz	1f
	movq	%rax, 0(%rsp)
	movq	$0, resume_rip(%rip)
	movq	resume_cs(%rip), %rax
	testq	%rax, %rax
	jz	1f
	movq	%rax, 8(%rsp)
	movq	$0, resume_cs(%rip)
1:
.endm

.macro STUB name, vector, has_error
	.globl \name
\name:
	RECORD \vector, \has_error
	GUEST_IRET
.endm

	STUB stub_de, 0, 0
	STUB stub_db, 1, 0
	STUB stub_nm, 7, 0
	STUB stub_bp, 3, 0
	STUB stub_ud, 6, 0
	STUB stub_gp, 13, 1
	STUB stub_pf, 14, 1
	STUB stub_int80, 0x80, 0
	/* The event callback: events arrive at any instruction, so every
	 * register the C handler may change is saved (rcx and r11 are in the
	 * bounce frame already). guest_event_upcall (events.c) records the
	 * frame and acknowledges the events, as Linux's handler does; without
	 * that the iret would deliver them again, for ever. */
	.globl stub_event
stub_event:
	movq	%rsp, fault_frame(%rip)
	PUSH_CALLER_SAVED
	leaq	56(%rsp), %rdi
	call	guest_event_upcall
	POP_CALLER_SAVED_AND_BOUNCE
	GUEST_IRET
	STUB stub_syscall, 0x101, 0
	STUB stub_failsafe, 0x102, 2

	.globl user_mode_code
user_mode_code:
	/* Runs in guest user mode: a system call for the guest kernel. */
	movq	$0x5ca11, %rax
	syscall
	ud2

	.data
	.globl fault_vector, fault_error, fault_rip, fault_cs, fault_rflags
	.globl fault_rsp, fault_count, resume_rip, resume_cs, fault_frame
fault_vector:	.quad 0
fault_error:	.quad 0
fault_rip:	.quad 0
fault_cs:	.quad 0
fault_rflags:	.quad 0
fault_rsp:	.quad 0
fault_count:	.quad 0
fault_frame:	.quad 0
resume_rip:	.quad 0
resume_cs:	.quad 0
