/* SPDX-License-Identifier: GPL-2.0-only */
/* Boot: the multiboot (v1, for QEMU -kernel) and multiboot2 (for GRUB)
 * headers, and the 32-bit protected-mode entry that builds temporary page
 * tables, enables long mode and jumps to start_parvus() at the image's
 * high virtual address. The temporary tables map the first 4 GiB three
 * times with 2 MiB pages: identity (to survive enabling paging), at
 * HV_VIRT_BASE (the image) and at DIRECTMAP_BASE (early direct map).
 * paging_init() replaces them with the final tables. */
#include <parvus/layout.h>
#include <arch/exit_codes.h>

#define MB1_MAGIC	0x1badb002
#define MB1_FLAGS	0x00010003	/* page-align modules, memory map, address fields */
#define MB2_MAGIC	0xe85250d6
#define PHYS(sym)	((sym) - HV_VIRT_BASE)

	.section .multiboot, "a"
	.align 4
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long mb1_header		/* header_addr: this section is at its physical address */
	.long HV_PHYS_BASE		/* load_addr */
	.long _load_end_phys		/* load_end_addr */
	.long _bss_end_phys		/* bss_end_addr */
	.long _start32			/* entry_addr */

	.align 8
mb2_header:
	.long MB2_MAGIC
	.long 0				/* architecture: i386 protected mode */
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + (mb2_header_end - mb2_header))
	/* address tag: load the file linearly, as with multiboot v1 */
	.align 8
	.short 2, 0
	.long 24
	.long mb2_header, HV_PHYS_BASE, _load_end_phys, _bss_end_phys
	/* entry address tag */
	.align 8
	.short 3, 0
	.long 12
	.long _start32
	/* module alignment tag */
	.align 8
	.short 6, 0
	.long 8
	/* end tag */
	.align 8
	.short 0, 0
	.long 8
mb2_header_end:

	.section .boot.text, "ax"
	.code32
	.globl _start32
_start32:
	cli
	cld
	movl	$boot_stack_top, %esp
	movl	%eax, boot_magic
	movl	%ebx, boot_info

	/* Long mode present? CPUID 0x80000001 EDX bit 29. */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	no_long_mode
	movl	$0x80000001, %eax
	cpuid
	btl	$29, %edx
	jnc	no_long_mode

	/* L4 slots 0, 261 and 262 all point at the one L3. */
	movl	$(boot_l3 + 3), %eax
	movl	%eax, boot_l4 + 0 * 8
	movl	%eax, boot_l4 + ((HV_VIRT_BASE >> 39) & 511) * 8
	movl	%eax, boot_l4 + ((DIRECTMAP_BASE >> 39) & 511) * 8
	/* L3[0..3] -> the four L2s, which map 0..4 GiB with 2 MiB pages. */
	movl	$(boot_l2 + 3), %eax
	xorl	%ecx, %ecx
1:	movl	%eax, boot_l3(, %ecx, 8)
	addl	$4096, %eax
	incl	%ecx
	cmpl	$4, %ecx
	jne	1b
	movl	$0x83, %eax			/* present, writable, 2 MiB */
	xorl	%ecx, %ecx
1:	movl	%eax, boot_l2(, %ecx, 8)
	addl	$0x200000, %eax
	incl	%ecx
	cmpl	$2048, %ecx
	jne	1b

	movl	%cr4, %eax
	orl	$(1 << 5), %eax			/* PAE */
	movl	%eax, %cr4
	movl	$boot_l4, %eax
	movl	%eax, %cr3
	movl	$0xc0000080, %ecx		/* EFER.LME */
	rdmsr
	orl	$(1 << 8), %eax
	wrmsr
	movl	%cr0, %eax
	orl	$0x80010001, %eax		/* PG, WP, PE */
	movl	%eax, %cr0
	lgdt	boot_gdt_ptr
	ljmp	$8, $start64_low

no_long_mode:
	movl	$msg_no_long_mode, %esi
1:	lodsb
	testb	%al, %al
	jz	2f
	movw	$0x3f8, %dx
	outb	%al, %dx
	jmp	1b
2:	movw	$PARVUS_EXIT_IOPORT, %dx
	movl	$PARVUS_EXIT_PANIC, %eax
	outl	%eax, %dx
3:	hlt
	jmp	3b

	.code64
start64_low:
	movl	$0x10, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	movabsq	$start64, %rax
	jmp	*%rax

	.section .boot.data, "aw"
	.align 4096
boot_l4:	.fill 512, 8, 0
boot_l3:	.fill 512, 8, 0
boot_l2:	.fill 2048, 8, 0
boot_stack:	.fill 1024, 1, 0
boot_stack_top:
	.globl boot_magic, boot_info
boot_magic:	.long 0
boot_info:	.long 0
	.align 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff		/* 64-bit ring-0 code */
	.quad 0x00cf92000000ffff		/* ring-0 data */
boot_gdt_end:
boot_gdt_ptr:
	.short boot_gdt_end - boot_gdt - 1
	.long boot_gdt
msg_no_long_mode:
	.asciz "parvus: this CPU has no 64-bit long mode; cannot boot\r\n"

	/* From here on we run at the image's high address. */
	.text
start64:
	leaq	hv_stack_top(%rip), %rsp
	xorl	%ebp, %ebp
	movl	boot_magic, %edi
	movl	boot_info, %esi
	call	start_parvus
	ud2

	.bss
	.align 4096
	.globl hv_stack, hv_stack_top
hv_stack:	.skip 16384
hv_stack_top:
