/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's view of a kernel's ELF (see image.h): the Xen ELF
 * notes (xen/elfnote.h), listed by name, and the domain builder's own
 * verdict (domain_image_check: notes, segments, layout), the same code the
 * hypervisor runs at boot, for the smallest domain the kernel fits in. */
#include "image.h"
#include <parvus/domain_build.h>
#include <string.h>
#include <xen/elfnote.h>

static const char *const note_names[] = {
	[XEN_ELFNOTE_INFO] = "INFO", [XEN_ELFNOTE_ENTRY] = "ENTRY",
	[XEN_ELFNOTE_HYPERCALL_PAGE] = "HYPERCALL_PAGE", [XEN_ELFNOTE_VIRT_BASE] = "VIRT_BASE",
	[XEN_ELFNOTE_PADDR_OFFSET] = "PADDR_OFFSET", [XEN_ELFNOTE_XEN_VERSION] = "XEN_VERSION",
	[XEN_ELFNOTE_GUEST_OS] = "GUEST_OS", [XEN_ELFNOTE_GUEST_VERSION] = "GUEST_VERSION",
	[XEN_ELFNOTE_LOADER] = "LOADER", [XEN_ELFNOTE_PAE_MODE] = "PAE_MODE",
	[XEN_ELFNOTE_FEATURES] = "FEATURES", [XEN_ELFNOTE_BSD_SYMTAB] = "BSD_SYMTAB",
	[XEN_ELFNOTE_HV_START_LOW] = "HV_START_LOW", [XEN_ELFNOTE_L1_MFN_VALID] = "L1_MFN_VALID",
	[XEN_ELFNOTE_SUSPEND_CANCEL] = "SUSPEND_CANCEL", [XEN_ELFNOTE_INIT_P2M] = "INIT_P2M",
	[XEN_ELFNOTE_MOD_START_PFN] = "MOD_START_PFN",
	[XEN_ELFNOTE_SUPPORTED_FEATURES] = "SUPPORTED_FEATURES",
	[XEN_ELFNOTE_PHYS32_ENTRY] = "PHYS32_ENTRY",
};

static bool is_string_note(uint32_t type)
{
	return type == XEN_ELFNOTE_XEN_VERSION || type == XEN_ELFNOTE_GUEST_OS ||
	       type == XEN_ELFNOTE_GUEST_VERSION || type == XEN_ELFNOTE_LOADER ||
	       type == XEN_ELFNOTE_PAE_MODE || type == XEN_ELFNOTE_FEATURES;
}

int image_xen_check(struct kernel_image *img)
{
	unsigned long pages;

	img->bootable = !domain_image_min_pages(img->elf, img->elf_len, 0, &pages,
						img->why_not, sizeof(img->why_not));
	img->min_memory_mib = img->bootable ? (pages + 255) >> 8 : 0;
	return img->bootable ? 0 : -1;
}

int image_xen_fits(const struct kernel_image *img, unsigned long memory_mib,
		   uint64_t ramdisk_len, char *why, size_t why_len)
{
	struct xen_elf_info info;
	struct domain_layout l;

	return domain_image_check(img->elf, img->elf_len, memory_mib << 8, ramdisk_len,
				  &info, &l, why, why_len) ? -1 : 0;
}

static void print_note(FILE *out, const Elf64_Nhdr *nh, const uint8_t *desc)
{
	const char *name = nh->n_type < sizeof(note_names) / sizeof(note_names[0]) &&
			   note_names[nh->n_type] ? note_names[nh->n_type] : "unknown";
	uint64_t v = 0;

	fprintf(out, "  %-19s (%2u) ", name, nh->n_type);
	if (is_string_note(nh->n_type)) {
		fprintf(out, "\"%.*s\"\n", (int)strnlen((const char *)desc, nh->n_descsz), desc);
		return;
	}
	for (unsigned int i = 0; i < nh->n_descsz && i < 8; i++)
		v |= (uint64_t)desc[i] << (8 * i);
	fprintf(out, "0x%llx%s\n", (unsigned long long)v, nh->n_descsz > 8 ? " ..." : "");
}

/* Prints the Xen notes of one note area [off, end). Headers are copied
 * out (the area may sit at any offset) and every size is checked against
 * what is left before it is used: the file is untrusted. */
static void print_note_area(FILE *out, const uint8_t *elf, uint64_t off, uint64_t end,
			    unsigned int *count)
{
	while (end - off >= sizeof(Elf64_Nhdr)) {
		Elf64_Nhdr nh;
		uint64_t name_sz, desc_sz;

		memcpy(&nh, elf + off, sizeof(nh));
		off += sizeof(nh);
		name_sz = ((uint64_t)nh.n_namesz + 3) & ~3ULL;
		desc_sz = ((uint64_t)nh.n_descsz + 3) & ~3ULL;
		if (name_sz > end - off || desc_sz > end - off - name_sz)
			return;
		if (nh.n_namesz == 4 && !memcmp(elf + off, "Xen", 4)) {
			if (!(*count)++)
				fprintf(out, "Xen ELF notes:\n");
			print_note(out, &nh, elf + off + name_sz);
		}
		off += name_sz + desc_sz;
	}
}

/* Walks every PT_NOTE segment. libelf has read the program headers, but
 * they too are copied out and bounds-checked here. */
void image_print_xen_notes(FILE *out, const struct kernel_image *img)
{
	const Elf64_Ehdr *eh = (const void *)img->elf;
	unsigned int count = 0;

	if (img->elf_info.elf_class != 64 || img->elf_len < sizeof(*eh))
		return;
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;

		if (eh->e_phoff > img->elf_len ||
		    (i + 1) * sizeof(ph) > img->elf_len - eh->e_phoff)
			break;
		memcpy(&ph, img->elf + eh->e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_NOTE || ph.p_offset > img->elf_len ||
		    ph.p_filesz > img->elf_len - ph.p_offset)
			continue;
		print_note_area(out, img->elf, ph.p_offset, ph.p_offset + ph.p_filesz, &count);
	}
	if (!count)
		fprintf(out, "Xen ELF notes: none\n");
}
