/* SPDX-License-Identifier: GPL-2.0-only */
/* A 32-bit ELF with valid-looking Xen notes: the builder must refuse it
 * (Parvus runs only 64-bit PV guests) with a one-line reason. */
	.section .note.Xen, "a", @note
	.balign 4
	.long 4, 8, 5		/* namesz, descsz, XEN_ELFNOTE_XEN_VERSION */
	.asciz "Xen"
	.asciz "xen-3.0"
	.text
	.globl _start
_start:
	hlt
