/* The hypervisor's view of a kernel's ELF (see image.h): the Xen ELF
 * notes (xen/elfnote.h), listed by name, and elf_xen_parse's verdict,
 * the same code the hypervisor's domain builder runs at boot. */
#include "image.h"
#include <parvus/elf.h>
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
	struct xen_elf_info info;

	img->bootable = !elf_xen_parse(img->elf, img->elf_len, &info, img->why_not,
				       sizeof(img->why_not));
	return img->bootable ? 0 : -1;
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

/* Walks every PT_NOTE segment; bounds come from the checks libelf made
 * and are rechecked here for each note. */
void image_print_xen_notes(FILE *out, const struct kernel_image *img)
{
	const Elf64_Ehdr *eh = (const void *)img->elf;
	unsigned int count = 0;

	if (img->elf_info.elf_class != 64)
		return;
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = (const void *)(img->elf + eh->e_phoff + i * sizeof(*ph));
		uint64_t off, end;

		if (eh->e_phoff + (i + 1) * sizeof(*ph) > img->elf_len)
			break;
		off = ph->p_offset;
		end = ph->p_offset + ph->p_filesz;

		if (ph->p_type != PT_NOTE || end > img->elf_len || end < off)
			continue;
		while (off + sizeof(Elf64_Nhdr) <= end) {
			const Elf64_Nhdr *nh = (const void *)(img->elf + off);
			uint64_t name_off = off + sizeof(*nh);
			uint64_t desc_off = name_off + ((nh->n_namesz + 3) & ~3u);
			uint64_t next = desc_off + ((nh->n_descsz + 3) & ~3u);

			if (next > end)
				break;
			if (nh->n_namesz == 4 && !memcmp(img->elf + name_off, "Xen", 4)) {
				if (!count++)
					fprintf(out, "Xen ELF notes:\n");
				print_note(out, nh, img->elf + desc_off);
			}
			off = next;
		}
	}
	if (!count)
		fprintf(out, "Xen ELF notes: none\n");
}
