/* SPDX-License-Identifier: GPL-2.0-only */
/* Every way into and out of ring 0 while guests run: the 256 IDT stubs,
 * the syscall entry (a guest kernel's hypercall), and the single exit path
 * that restores a struct cpu_regs frame and iretqs. The frame layout is
 * checked against the C struct through asm-offsets.h. */
#include <parvus/layout.h>
#include <asm-offsets.h>
#include <xen/xen.h>

/* The push order below must produce struct cpu_regs. */
.if REGS_r15 != 0 || REGS_rax != 14 * 8 || REGS_vector != 15 * 8 || REGS_rip != 17 * 8
.error "struct cpu_regs does not match the push order in entry.S"
.endif

.macro SAVE_GPRS
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
.endm

.macro RESTORE_GPRS
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
.endm

/* RFLAGS.AC is not cleared by an interrupt or exception (syscall clears it
 * through SFMASK), and a guest may set it in ring 3: with SMAP on, ring 0
 * starts every entry with AC clear, so only guest_access.c's stac opens
 * guest memory. iretq restores whatever the interrupted code had. */
.macro CLAC_IF_SMAP
	testb	$1, cpu_smap_on(%rip)
	jz	.Lno_clac\@
	clac
.Lno_clac\@:
.endm

	.text
/* One 16-byte stub per vector. The CPU pushes an error code for vectors
 * 8, 10-14, 17, 21, 29 and 30; the others push a zero so that every frame
 * has the same shape. */
	.align 16
	.globl exception_stubs
exception_stubs:
vector = 0
.rept 256
	.align 16
.if vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 || vector == 21 || vector == 29 || vector == 30
.else
	pushq	$0
.endif
	pushq	$vector
.if vector == 1
	jmp	debug_entry
.else
	jmp	trap_common
.endif
vector = vector + 1
.endr

/* #DB runs on its own IST stack (see descriptors.c). Taken in ring 0, it
 * stays there: its handler only clears DR6. Taken from a guest, its frame
 * moves to the top of the (then empty) hypervisor stack before anything
 * else runs, because handling it writes a bounce frame to guest memory,
 * which may itself be watched: a nested #DB would restart at the top of
 * the IST stack and overwrite the frame of the one being handled. */
debug_entry:
	testb	$3, 24(%rsp)		/* the interrupted cs */
	jz	trap_common
	pushq	%rax
	movq	%rsp, %rax		/* rax, vector, error, rip, cs, rflags, rsp, ss */
	leaq	hv_stack_top(%rip), %rsp
	pushq	56(%rax)
	pushq	48(%rax)
	pushq	40(%rax)
	pushq	32(%rax)
	pushq	24(%rax)
	pushq	16(%rax)
	pushq	8(%rax)
	movq	(%rax), %rax
trap_common:
	cld
	CLAC_IF_SMAP
	SAVE_GPRS
	movq	%rsp, %rdi
	call	handle_trap
	jmp	exit_to_frame

/* syscall from ring 3: from the guest kernel, a hypercall (rax = number,
 * arguments in rdi, rsi, rdx, r10, r8); from guest user mode, a system call
 * for the guest kernel. The CPU left rip in rcx, rflags in r11 and the
 * guest's rsp in place, with IF, TF, DF, AC and NT masked by SFMASK. The
 * hypervisor stack is empty whenever a guest runs, so we build a full trap
 * frame at its top and share the exit path. The vector slot says which
 * syscall it was: 64-bit (LSTAR) or from 32-bit code (CSTAR; AMD CPUs allow
 * syscall in compatibility mode, and it must never reach address 0). */
.macro SYSCALL_ENTRY name, cs, marker
	.globl \name
\name:
	movq	%rsp, syscall_guest_rsp(%rip)
	leaq	hv_stack_top(%rip), %rsp
	pushq	$FLAT_KERNEL_SS
	pushq	syscall_guest_rsp(%rip)
	pushq	%r11
	pushq	$\cs
	pushq	%rcx
	pushq	$0
	pushq	$\marker
	SAVE_GPRS
	movq	%rsp, %rdi
	call	handle_syscall
	jmp	exit_to_frame
.endm

	SYSCALL_ENTRY syscall_entry, FLAT_KERNEL_CS, VECTOR_SYSCALL_NR
	SYSCALL_ENTRY syscall32_entry, FLAT_RING3_CS32, VECTOR_SYSCALL32_NR

/* return_to_guest_frame(frame): make frame the top of the stack and leave. */
	.globl return_to_guest_frame
return_to_guest_frame:
	movq	%rdi, %rsp
exit_to_frame:
	RESTORE_GPRS
	addq	$16, %rsp		/* vector and error code */
1:	iretq

/* iretq faults (in ring 0) when a guest-supplied frame is unusable: a
 * selector it may not load, a non-canonical rip. The exception table sends
 * that fault here, with rsp back at the rejected frame and the guest's
 * registers still live: rebuilding the struct cpu_regs around it gives
 * pv_bad_iret the exact state, to hand to the guest's failsafe callback. */
	.pushsection __ex_table, "a"
	.balign 8
	.quad 1b, bad_iret_fixup
	.popsection
bad_iret_fixup:
	subq	$16, %rsp		/* vector and error code */
	SAVE_GPRS
	movq	%rsp, %rdi
	call	pv_bad_iret
	jmp	exit_to_frame

	.bss
	.align 8
syscall_guest_rsp:
	.quad 0
