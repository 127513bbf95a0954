/* SPDX-License-Identifier: GPL-2.0-only */
/* ELF64 structures (from the System V ABI) and the result of reading a PV
 * kernel's Xen ELF notes (xen/elfnote.h). Parsing is pure logic in
 * hypervisor/build/elf_xen.c, unit-tested hosted and reused by the
 * toolstack. Semantics follow Xen's libelf (elf_xen_parse,
 * elf_xen_addr_calc_check). */
#ifndef PARVUS_ELF_H
#define PARVUS_ELF_H

#include <parvus/types.h>

#define ELFCLASS32	1
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define ET_EXEC		2
#define EM_X86_64	62
#define PT_LOAD		1
#define PT_NOTE		4
#define SHT_NOTE	7

typedef struct {
	unsigned char e_ident[16];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} Elf64_Ehdr;

typedef struct {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
} Elf64_Phdr;

typedef struct {
	uint32_t sh_name, sh_type;
	uint64_t sh_flags, sh_addr, sh_offset, sh_size;
	uint32_t sh_link, sh_info;
	uint64_t sh_addralign, sh_entsize;
} Elf64_Shdr;

typedef struct {
	uint32_t n_namesz, n_descsz, n_type;
} Elf64_Nhdr;

#define XEN_NOTE_STR_MAX 64

struct xen_elf_info {
	/* From the notes; UNSET_ADDR until seen. */
	uint64_t entry;
	uint64_t virt_base;
	uint64_t paddr_offset;
	uint64_t hypercall_page;
	uint64_t init_p2m;
	uint64_t mod_start_pfn;
	char guest_os[XEN_NOTE_STR_MAX];
	char loader[XEN_NOTE_STR_MAX];
	char xen_version[XEN_NOTE_STR_MAX];
	char features[XEN_NOTE_STR_MAX * 2];
	char pae_mode[XEN_NOTE_STR_MAX];
	uint32_t features_supported;	/* XENFEAT_* bits named in FEATURES */
	uint32_t features_required;	/* ... of those, marked '!' */
	uint64_t supported_features;	/* SUPPORTED_FEATURES bitmap */
	uint64_t l1_mfn_valid[2];	/* mask, value (save/restore only) */
	uint64_t suspend_cancel;
	unsigned int nr_notes;
	/* Computed: the kernel's physical and virtual extent. */
	uint64_t pstart, pend;
	uint64_t virt_kstart, virt_kend;
};

#define UNSET_ADDR ((uint64_t)-1)

/* XENFEAT_* a PV guest may require of Parvus: writable page tables (ptwr)
 * and pae_pgdir_above_4gb (meaningless, so harmless, for 64-bit). */
#define PARVUS_PROVIDED_FEATURES ((1u << 0) | (1u << 4))

/* Checks the image and its Xen notes. On error returns -XEN_EINVAL and
 * writes a one-line reason into why. The image must be 8-byte aligned;
 * its header tables and notes are read in place. */
int elf_xen_parse(const void *image, size_t size, struct xen_elf_info *info,
		  char *why, size_t why_len);

/* Calls load(ctx, va, src, filesz, memsz) for each PT_LOAD segment, with va
 * derived from p_paddr as Xen's elf_load_binary does (p_vaddr may be 0 for
 * Linux's percpu segment). The image must have passed elf_xen_parse. */
typedef int (*elf_load_fn)(void *ctx, uint64_t va, const void *src,
			   uint64_t filesz, uint64_t memsz);
int elf_xen_load(const void *image, const struct xen_elf_info *info,
		 elf_load_fn load, void *ctx);

#endif
