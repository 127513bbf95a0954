/* SPDX-License-Identifier: GPL-2.0-only */
/* copy_from_guest/copy_to_guest: a rep movsb whose possible page fault is
 * listed in the exception table (__ex_table), so handle_trap() resumes at
 * the fixup label and we report -XEN_EFAULT instead of dying. With SMAP on
 * (cpu_setup.c) this is the only code that may touch guest pages: the
 * copy is bracketed by stac/clac.
 *
 * Both first pay any TLB flush the page-type engine owes: after a frame
 * became a page table, changed owner or lost a grant mapping, a stale TLB
 * entry may still map it writable, and a guest pointer that goes through
 * it would let us write a validated page table, or another domain's page,
 * for the guest (Xen flushes in _get_page_type before the type change
 * takes effect, for the same reason). */
#include <parvus/guest_access.h>
#include <parvus/machine_mm.h>
#include <parvus/xen.h>
#include <arch/cpu.h>

/* Returns the number of bytes NOT copied. */
static size_t copy_with_fixup(void *dst, const void *src, size_t len)
{
	stac_if_smap();
	asm volatile("1: rep movsb\n"
		     "2:\n"
		     ".pushsection __ex_table, \"a\"\n"
		     ".balign 8\n"
		     ".quad 1b, 2b\n"
		     ".popsection\n"
		     : "+D"(dst), "+S"(src), "+c"(len) : : "memory");
	clac_if_smap();
	return len;
}

int copy_from_guest(void *dst, uint64_t guest_src, size_t len)
{
	if (!guest_range_ok(guest_src, len))
		return -XEN_EFAULT;
	machine_mm_flush_if_needed();
	return copy_with_fixup(dst, (const void *)guest_src, len) ?
	       -XEN_EFAULT : 0;
}

int copy_to_guest(uint64_t guest_dst, const void *src, size_t len)
{
	if (!guest_range_ok(guest_dst, len))
		return -XEN_EFAULT;
	machine_mm_flush_if_needed();
	return copy_with_fixup((void *)guest_dst, src, len) ? -XEN_EFAULT : 0;
}
