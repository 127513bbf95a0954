/* SPDX-License-Identifier: GPL-2.0-only */
/* libelf's check of a kernel's ELF (see image.h): it must be a 64-bit
 * x86-64 executable whose program headers libelf can read, with at least
 * one PT_LOAD. Kept apart from image_xen.c, whose ELF types are the
 * hypervisor's own. */
#include "image.h"
#include "why.h"
#include <gelf.h>
#include <libelf.h>

static int check(Elf *e, struct elf_summary *s, char *why, size_t why_len)
{
	GElf_Ehdr eh;
	size_t n;

	if (elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh))
		return why_printf(why, why_len, "not an ELF file libelf can read (%s)", elf_errmsg(-1));
	s->elf_class = gelf_getclass(e) == ELFCLASS64 ? 64 : 32;
	s->machine = eh.e_machine;
	s->entry = eh.e_entry;
	if (elf_getphdrnum(e, &n))
		return why_printf(why, why_len, "program headers unreadable (%s)", elf_errmsg(-1));
	s->nr_phdrs = (unsigned int)n;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(e, (int)i, &ph))
			return why_printf(why, why_len, "program header %zu unreadable", i);
		s->nr_loads += ph.p_type == PT_LOAD;
	}
	return 0;
}

int elf_summarize(const uint8_t *p, size_t n, struct elf_summary *s,
		  char *why, size_t why_len)
{
	Elf *e;
	int rc;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return why_printf(why, why_len, "libelf is unusable");
	e = elf_memory((char *)p, n);
	if (!e)
		return why_printf(why, why_len, "libelf: %s", elf_errmsg(-1));
	rc = check(e, s, why, why_len);
	elf_end(e);
	return rc;
}
