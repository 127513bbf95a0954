/* SPDX-License-Identifier: GPL-2.0-only */
/* Entry point and Xen ELF notes of our test guests. The builder jumps to
 * _start in ring 3 with rsi = start_info, as the PV64 ABI specifies. The
 * notes mirror Linux's layout: VIRT_BASE 0xffffffff80000000, PADDR_OFFSET 0,
 * the image at physical 1 MiB. Variants: NO_HYPERCALL_PAGE omits that note
 * (the Linux 6.1 case), NO_XEN_NOTES omits all notes (a bad image),
 * MOD_START_PFN asks for the ramdisk by pfn, unmapped (as Linux does),
 * INIT_P2M asks for the p2m list at 512 GiB, as Linux does. */
#include <xen/elfnote.h>

/* A note named "Xen": header, name, then the value between 3: and 4:. */
.macro NOTE_BEGIN type
	.pushsection .note.Xen, "a", @note
	.balign 4
	.long 2f - 1f
	.long 4f - 3f
	.long \type
1:	.asciz "Xen"
2:	.balign 4
3:
.endm
.macro NOTE_END
4:	.balign 4
	.popsection
.endm
.macro NOTE_STR type, value
	NOTE_BEGIN \type
	.asciz "\value"
	NOTE_END
.endm
.macro NOTE_NUM type, value
	NOTE_BEGIN \type
	.quad \value
	NOTE_END
.endm

#ifndef NO_XEN_NOTES
	NOTE_STR XEN_ELFNOTE_GUEST_OS, "Parvus-test"
	NOTE_STR XEN_ELFNOTE_LOADER, "generic"
	NOTE_STR XEN_ELFNOTE_XEN_VERSION, "xen-3.0"
	NOTE_NUM XEN_ELFNOTE_VIRT_BASE, 0xffffffff80000000
	NOTE_NUM XEN_ELFNOTE_PADDR_OFFSET, 0
	NOTE_NUM XEN_ELFNOTE_ENTRY, _start
#ifndef NO_HYPERCALL_PAGE
	NOTE_NUM XEN_ELFNOTE_HYPERCALL_PAGE, hypercall_page
#endif
#ifdef MOD_START_PFN
	NOTE_NUM XEN_ELFNOTE_MOD_START_PFN, 1
#endif
#ifdef INIT_P2M
	NOTE_NUM XEN_ELFNOTE_INIT_P2M, 0x8000000000	/* Linux's value */
#endif
#endif

	.section .text.head, "ax"
	.globl _start
_start:
	leaq	guest_stack_top(%rip), %rsp
	movq	%rsi, %rdi
	call	guest_start
	ud2

	/* The hypervisor overwrites this page with its stubs. Until then it
	 * is all ret-less int3, so calling it unfilled traps at once. */
	.section .text.hypercall_page, "ax"
	.balign 4096
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0xcc

	/* The boot stack, with a page of its own below it that
	 * guest_protect_image() unmaps: an overflow then faults. */
	.bss
	.balign 4096
	.globl guest_stack_guard
guest_stack_guard:
	.skip 4096
guest_stack:
	.skip 16384
guest_stack_top:
