/* SPDX-License-Identifier: GPL-2.0-only */
/* A hostile kernel image, byte for byte as issue 13's review built it: the
 * first PT_LOAD is one page at 1 MiB whose p_memsz (0xffffffffffeff001)
 * runs to the top of the address space, so rounding the kernel's end up
 * to a page wrapped to 0 and the layout "fitted"; the second PT_LOAD lies
 * at 64 TiB, and loading it indexed the domain's frame list out of bounds.
 * The builder and `parvus inspect` must refuse it with a reason. Written
 * out by hand (no linker would make it) and extracted as raw bytes. */
#include <xen/elfnote.h>

#define LOW		0x100000
#define FAR		0x400000000000
#define HUGE_MEMSZ	0xffffffffffeff001

/* One note named "Xen" with an 8-byte number or a string value. */
.macro NOTE_NUM type, value
	.long 4, 8, \type
	.asciz "Xen"
	.quad \value
.endm
.macro NOTE_STR type, value
	.long 4, 2f - 1f, \type
	.asciz "Xen"
1:	.asciz "\value"
2:	.balign 4
.endm

	.section .data, "aw"
elf:
	.byte 0x7f, 'E', 'L', 'F', 2, 1, 1, 0	/* ELFCLASS64, LSB, version 1 */
	.quad 0
	.short 2, 62				/* ET_EXEC, EM_X86_64 */
	.long 1
	.quad LOW				/* e_entry */
	.quad phdrs - elf			/* e_phoff */
	.quad 0					/* e_shoff: no sections */
	.long 0					/* e_flags */
	.short 64, 56, 3, 64, 0, 0		/* ehsize, phentsize, phnum, ... */

	/* type, flags, offset, vaddr, paddr, filesz, memsz, align */
phdrs:
	.long 1, 7
	.quad code - elf, LOW, LOW, 0x1000, HUGE_MEMSZ, 0x1000
	.long 1, 7
	.quad code - elf, FAR, FAR, 0x1000, 0x1000, 0x1000
	.long 4, 4
	.quad notes - elf, 0, 0, notes_end - notes, notes_end - notes, 4

notes:
	NOTE_STR XEN_ELFNOTE_GUEST_OS, "Parvus-hostile"
	NOTE_STR XEN_ELFNOTE_LOADER, "generic"
	NOTE_STR XEN_ELFNOTE_XEN_VERSION, "xen-3.0"
	NOTE_NUM XEN_ELFNOTE_VIRT_BASE, 0
	NOTE_NUM XEN_ELFNOTE_PADDR_OFFSET, 0
	NOTE_NUM XEN_ELFNOTE_ENTRY, LOW
notes_end:

	.balign 4096
code:
	ud2
	.fill 4094, 1, 0xcc
