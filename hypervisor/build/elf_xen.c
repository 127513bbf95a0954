/* SPDX-License-Identifier: GPL-2.0-only */
/* Reads a PV kernel image: ELF64 headers, then the "Xen" ELF notes that say
 * where and how to load it (XEN_ELFNOTE_* from xen/elfnote.h). Everything in
 * the image is untrusted: every offset and size is bounds-checked before use.
 * The checks and defaults match Xen's libelf (elf_xen_note_check,
 * elf_xen_addr_calc_check) so that kernels Xen loads, we load. */
#include <parvus/elf.h>
#include <parvus/checked.h>
#include <parvus/guest_access.h>
#include <parvus/string.h>
#include <parvus/xen.h>

/* Header tables hold 64-bit fields, notes 32-bit ones (ELF64 gABI). */
#define ELF_TABLE_ALIGN	8
#define ELF_NOTE_ALIGN	4

struct parse {
	const uint8_t *img;
	size_t size;
	struct xen_elf_info *info;
	char *why;
	size_t why_len;
};

static int fail(struct parse *p, const char *fmt, ...) __printf(2, 3);
static int fail(struct parse *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->why, p->why_len, fmt, ap);
	va_end(ap);
	return -XEN_EINVAL;
}

static bool in_image(const struct parse *p, uint64_t off, uint64_t len)
{
	return off <= p->size && len <= p->size - off;
}

static const Elf64_Phdr *phdr(const struct parse *p, unsigned int i)
{
	const Elf64_Ehdr *eh = (const void *)p->img;

	return (const void *)(p->img + eh->e_phoff + i * sizeof(Elf64_Phdr));
}

static int check_header(struct parse *p)
{
	const Elf64_Ehdr *eh = (const void *)p->img;

	if (p->size < 16 || memcmp(p->img, "\177ELF", 4))
		return fail(p, "not an ELF image (bad magic)");
	if (eh->e_ident[4] == ELFCLASS32)
		return fail(p, "32-bit ELF image: only 64-bit (x86_64) PV kernels are supported");
	if (eh->e_ident[4] != ELFCLASS64 || p->size < sizeof(*eh))
		return fail(p, "unsupported ELF class %u", eh->e_ident[4]);
	if (eh->e_ident[5] != ELFDATA2LSB)
		return fail(p, "ELF image is not little-endian");
	if (eh->e_machine != EM_X86_64)
		return fail(p, "ELF machine %u is not x86_64", eh->e_machine);
	if (eh->e_type != ET_EXEC)
		return fail(p, "ELF type %u is not an executable", eh->e_type);
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
	    !in_image(p, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr)))
		return fail(p, "ELF program headers missing or outside the file");
	/* We read the tables in place: the ELF ABI aligns them, we insist. */
	if (eh->e_phoff % ELF_TABLE_ALIGN)
		return fail(p, "ELF program headers at a misaligned offset");
	return 0;
}

static uint64_t note_number(const uint8_t *desc, uint32_t len)
{
	uint64_t v = 0;

	for (uint32_t i = 0; i < len && i < 8; i++)
		v |= (uint64_t)desc[i] << (8 * i);
	return v;
}

static void note_string(char *dst, size_t size, const uint8_t *desc,
			uint32_t len)
{
	size_t n = strnlen((const char *)desc, MIN(len, size - 1));

	memcpy(dst, desc, n);
	dst[n] = '\0';
}

/* Xen's feature names (libelf elf_xen_feature_names), by XENFEAT_ bit. */
static const char *const feature_names[] = {
	[XENFEAT_writable_page_tables] = "writable_page_tables",
	[XENFEAT_writable_descriptor_tables] = "writable_descriptor_tables",
	[XENFEAT_auto_translated_physmap] = "auto_translated_physmap",
	[XENFEAT_supervisor_mode_kernel] = "supervisor_mode_kernel",
	[XENFEAT_pae_pgdir_above_4gb] = "pae_pgdir_above_4gb",
	[XENFEAT_hvm_callback_vector] = "hvm_callback_vector",
	[XENFEAT_dom0] = "dom0",
};

static int feature_bit(const char *name, size_t len)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(feature_names); i++)
		if (feature_names[i] && strlen(feature_names[i]) == len &&
		    !strncmp(feature_names[i], name, len))
			return i;
	return -1;
}

/* "a|!b|c": '!' marks a feature the kernel cannot run without. An unknown
 * optional feature is ignored, an unknown required one is an error (as in
 * Xen's elf_xen_parse_features). */
static int parse_features(struct parse *p, const char *s)
{
	while (*s) {
		bool required = *s == '!';
		const char *name = s + required;
		size_t len = 0;
		int bit;

		while (name[len] && name[len] != '|')
			len++;
		bit = feature_bit(name, len);
		if (bit < 0 && required)
			return fail(p, "kernel requires unknown feature \"%.*s\"",
				    (int)len, name);
		if (bit >= 0) {
			p->info->features_supported |= 1u << bit;
			if (required)
				p->info->features_required |= 1u << bit;
		}
		s = name + len + (name[len] == '|');
	}
	return 0;
}

static int apply_note(struct parse *p, uint32_t type, const uint8_t *desc,
		      uint32_t len)
{
	struct xen_elf_info *info = p->info;
	uint64_t *num = NULL;

	switch (type) {
	case XEN_ELFNOTE_ENTRY:		num = &info->entry; break;
	case XEN_ELFNOTE_HYPERCALL_PAGE: num = &info->hypercall_page; break;
	case XEN_ELFNOTE_VIRT_BASE:	num = &info->virt_base; break;
	case XEN_ELFNOTE_PADDR_OFFSET:	num = &info->paddr_offset; break;
	case XEN_ELFNOTE_INIT_P2M:	num = &info->init_p2m; break;
	case XEN_ELFNOTE_MOD_START_PFN:	num = &info->mod_start_pfn; break;
	case XEN_ELFNOTE_GUEST_OS:
		note_string(info->guest_os, sizeof(info->guest_os), desc, len);
		return 0;
	case XEN_ELFNOTE_LOADER:
		note_string(info->loader, sizeof(info->loader), desc, len);
		return 0;
	case XEN_ELFNOTE_XEN_VERSION:
		note_string(info->xen_version, sizeof(info->xen_version), desc, len);
		return 0;
	case XEN_ELFNOTE_FEATURES:
		note_string(info->features, sizeof(info->features), desc, len);
		return parse_features(p, info->features);
	case XEN_ELFNOTE_PAE_MODE:
		note_string(info->pae_mode, sizeof(info->pae_mode), desc, len);
		return 0;
	case XEN_ELFNOTE_SUPPORTED_FEATURES: num = &info->supported_features; break;
	case XEN_ELFNOTE_SUSPEND_CANCEL: num = &info->suspend_cancel; break;
	case XEN_ELFNOTE_L1_MFN_VALID:
		/* A mask and a value, 4 or 8 bytes each (or just a mask). */
		if (len != 4 && len != 8 && len != 16)
			return fail(p, "Xen ELF note %u has a %u-byte value", type, len);
		info->l1_mfn_valid[0] = note_number(desc, len == 16 ? 8 : len);
		if (len == 16)
			info->l1_mfn_valid[1] = note_number(desc + 8, 8);
		return 0;
	default:
		return 0;	/* informational or 32-bit only: ignored, as Xen does */
	}
	if (len != 4 && len != 8)
		return fail(p, "Xen ELF note %u has a %u-byte value (need 4 or 8)",
			    type, len);
	*num = note_number(desc, len);
	return 0;
}

/* Walks one note area; counts and applies the notes named "Xen". */
static int scan_notes(struct parse *p, uint64_t off, uint64_t size)
{
	uint64_t end = off + size;

	if (!in_image(p, off, size))
		return fail(p, "ELF note area outside the file");
	if (off % ELF_NOTE_ALIGN)
		return fail(p, "ELF note area at a misaligned offset");
	while (end - off >= sizeof(Elf64_Nhdr)) {
		const Elf64_Nhdr *nh = (const void *)(p->img + off);
		uint64_t name_sz = ROUND_UP((uint64_t)nh->n_namesz, 4);
		uint64_t desc_sz = ROUND_UP((uint64_t)nh->n_descsz, 4);
		const uint8_t *name = p->img + off + sizeof(*nh);
		int rc;

		off += sizeof(*nh);
		if (name_sz > end - off || desc_sz > end - off - name_sz)
			return fail(p, "truncated ELF note");
		if (nh->n_namesz == 4 && !memcmp(name, "Xen", 4)) {
			p->info->nr_notes++;
			rc = apply_note(p, nh->n_type, name + name_sz,
					nh->n_descsz);
			if (rc)
				return rc;
		}
		off += name_sz + desc_sz;
	}
	return 0;
}

static int scan_note_sections(struct parse *p)
{
	const Elf64_Ehdr *eh = (const void *)p->img;
	int rc;

	if (eh->e_shnum == 0 || eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    eh->e_shoff % ELF_TABLE_ALIGN ||
	    !in_image(p, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr)))
		return 0;
	for (unsigned int i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *sh = (const void *)(p->img + eh->e_shoff +
						      i * sizeof(Elf64_Shdr));
		if (sh->sh_type != SHT_NOTE)
			continue;
		rc = scan_notes(p, sh->sh_offset, sh->sh_size);
		if (rc)
			return rc;
	}
	return 0;
}

static int read_notes(struct parse *p)
{
	const Elf64_Ehdr *eh = (const void *)p->img;
	int rc;

	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = phdr(p, i);
		if (ph->p_type != PT_NOTE)
			continue;
		rc = scan_notes(p, ph->p_offset, ph->p_filesz);
		if (rc)
			return rc;
	}
	/* Like libelf, fall back to note sections when no segment has them. */
	if (p->info->nr_notes == 0)
		return scan_note_sections(p);
	return 0;
}

static int check_notes(struct parse *p)
{
	struct xen_elf_info *info = p->info;

	if (info->nr_notes == 0)
		return fail(p, "no Xen ELF notes: not a Xen PV kernel");
	if (strncmp(info->xen_version, "xen-3.0", 7))
		return fail(p, "XEN_VERSION note is \"%s\", need \"xen-3.0\"",
			    info->xen_version);
	if (strncmp(info->loader, "generic", 7) &&
	    strncmp(info->guest_os, "linux", 5))
		return fail(p, "neither GUEST_OS \"linux\" nor LOADER \"generic\" "
			    "(GUEST_OS \"%s\")", info->guest_os);
	for (unsigned int bit = 0; bit < ARRAY_SIZE(feature_names); bit++)
		if ((info->features_required & ~PARVUS_PROVIDED_FEATURES) & (1u << bit))
			return fail(p, "kernel requires feature %s, which Parvus "
				    "does not provide", feature_names[bit]);
	return 0;
}

static int compute_extent(struct parse *p)
{
	const Elf64_Ehdr *eh = (const void *)p->img;
	struct xen_elf_info *info = p->info;
	unsigned int nr_load = 0;

	info->pstart = UNSET_ADDR;
	info->pend = 0;
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = phdr(p, i);
		if (ph->p_type != PT_LOAD)
			continue;
		if (!in_image(p, ph->p_offset, ph->p_filesz) ||
		    ph->p_filesz > ph->p_memsz ||
		    ph->p_paddr + ph->p_memsz < ph->p_paddr)
			return fail(p, "PT_LOAD segment %u is malformed", i);
		info->pstart = MIN(info->pstart, ph->p_paddr);
		info->pend = MAX(info->pend, ph->p_paddr + ph->p_memsz);
		nr_load++;
	}
	if (!nr_load)
		return fail(p, "ELF image has no PT_LOAD segment");
	return 0;
}

/* Each PT_LOAD where it will be loaded: it may not wrap, leave the
 * canonical halves or touch the hypervisor's hole. Xen's
 * elf_xen_addr_calc_check checks only the whole extent; a segment whose
 * size runs to the top of the address space passes that, so we check each
 * one. The sum with virt_offset wraps on purpose (VIRT_BASE - PADDR_OFFSET
 * is "negative" for Linux-style notes); only the resulting range counts. */
static int check_segments(struct parse *p, uint64_t virt_offset)
{
	const Elf64_Ehdr *eh = (const void *)p->img;

	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = phdr(p, i);
		uint64_t va = ph->p_paddr + virt_offset, end;

		if (ph->p_type != PT_LOAD)
			continue;
		if (!checked_add(va, ph->p_memsz, &end))
			return fail(p, "PT_LOAD segment %u at 0x%lx wraps around "
				    "the address space", i, (unsigned long)va);
		if (!guest_range_ok(va, ph->p_memsz))
			return fail(p, "PT_LOAD segment %u at 0x%lx-0x%lx is not "
				    "canonical or overlaps the hypervisor's addresses",
				    i, (unsigned long)va, (unsigned long)end);
	}
	return 0;
}

/* Defaults and range checks of Xen's elf_xen_addr_calc_check. */
static int check_addresses(struct parse *p)
{
	struct xen_elf_info *info = p->info;
	const Elf64_Ehdr *eh = (const void *)p->img;
	uint64_t virt_offset;

	if (info->virt_base == UNSET_ADDR)
		info->virt_base = 0;
	if (info->paddr_offset == UNSET_ADDR)
		info->paddr_offset = 0;
	if (info->entry == UNSET_ADDR)
		info->entry = eh->e_entry;
	virt_offset = info->virt_base - info->paddr_offset;
	info->virt_kstart = info->pstart + virt_offset;
	info->virt_kend = info->pend + virt_offset;
	if (info->virt_kend <= info->virt_kstart)
		return fail(p, "kernel extent wraps around the address space");
	if (info->virt_base > info->virt_kstart)
		return fail(p, "VIRT_BASE 0x%lx is above the kernel start 0x%lx",
			    (unsigned long)info->virt_base,
			    (unsigned long)info->virt_kstart);
	if (info->entry < info->virt_kstart || info->entry >= info->virt_kend)
		return fail(p, "entry point 0x%lx is outside the kernel",
			    (unsigned long)info->entry);
	if (info->hypercall_page != UNSET_ADDR &&
	    (info->hypercall_page & ~PAGE_MASK ||
	     info->hypercall_page < info->virt_kstart ||
	     info->hypercall_page >= info->virt_kend))
		return fail(p, "HYPERCALL_PAGE 0x%lx is not a page inside the kernel",
			    (unsigned long)info->hypercall_page);
	return check_segments(p, virt_offset);
}

int elf_xen_parse(const void *image, size_t size, struct xen_elf_info *info,
		  char *why, size_t why_len)
{
	struct parse p = { image, size, info, why, why_len };
	int rc;

	memset(info, 0, sizeof(*info));
	info->entry = info->virt_base = info->paddr_offset = UNSET_ADDR;
	info->hypercall_page = info->init_p2m = UNSET_ADDR;
	info->mod_start_pfn = 0;
	if (why_len)
		why[0] = '\0';
	rc = check_header(&p);
	if (!rc)
		rc = read_notes(&p);
	if (!rc)
		rc = check_notes(&p);
	if (!rc)
		rc = compute_extent(&p);
	if (!rc)
		rc = check_addresses(&p);
	return rc;
}

int elf_xen_load(const void *image, const struct xen_elf_info *info,
		 elf_load_fn load, void *ctx)
{
	const uint8_t *img = image;
	const Elf64_Ehdr *eh = image;
	uint64_t virt_offset = info->virt_base - info->paddr_offset;

	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = (const void *)(img + eh->e_phoff +
						      i * sizeof(Elf64_Phdr));
		int rc;

		if (ph->p_type != PT_LOAD)
			continue;
		rc = load(ctx, ph->p_paddr + virt_offset, img + ph->p_offset,
			  ph->p_filesz, ph->p_memsz);
		if (rc)
			return rc;
	}
	return 0;
}
