/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel images as the parvus CLI takes them: an ELF PV kernel, or a
 * Linux bzImage whose compressed payload is that ELF (how Debian ships
 * vmlinuz; Xen's libxc unpacks it the same way). Loading checks the ELF
 * with libelf, then asks the hypervisor's own note parser (elf_xen.c)
 * whether Parvus can boot it. Truncated or corrupt images are errors with
 * a reason. */
#ifndef PARVUS_IMAGE_H
#define PARVUS_IMAGE_H

#include "decompress.h"
#include <stdbool.h>
#include <stdio.h>

struct elf_summary {
	int elf_class;		/* 32 or 64 */
	unsigned int machine;	/* e_machine */
	uint64_t entry;
	unsigned int nr_phdrs, nr_loads;
};

struct kernel_image {
	const char *path;
	bool bzimage;
	unsigned int boot_protocol;	/* bzImage header version, e.g. 0x20f */
	enum compression comp;
	size_t file_len, payload_len;
	uint8_t *file;
	uint8_t *elf;			/* into file, or decompressed */
	size_t elf_len;
	struct elf_summary elf_info;
	bool bootable;
	unsigned long min_memory_mib;	/* the smallest domain it boots in */
	char why_not[256];		/* when !bootable */
};

/* -1 (reason in why) if the file cannot be read or is not a kernel at
 * all; 0 otherwise, with bootable/why_not saying if Parvus can boot it. */
int image_load(const char *path, struct kernel_image *img, char *why, size_t why_len);
/* The same for bytes already read: img->file (malloc'ed), file_len and
 * path set, everything else zero. Pure, so it is fuzzed. */
int image_parse(struct kernel_image *img, char *why, size_t why_len);
void image_free(struct kernel_image *img);
/* parvus inspect: what the image is, each Xen note, the verdict. */
void image_describe(FILE *out, const struct kernel_image *img);

/* elf_libelf.c: libelf's view of an ELF file. */
int elf_summarize(const uint8_t *p, size_t n, struct elf_summary *s,
		  char *why, size_t why_len);
/* image_xen.c: the hypervisor's verdict and the notes, decoded. */
int image_xen_check(struct kernel_image *img);
void image_print_xen_notes(FILE *out, const struct kernel_image *img);
/* The builder's verdict for a domain of memory_mib with a ramdisk of
 * ramdisk_len bytes: 0, or -1 with the reason it would print. */
int image_xen_fits(const struct kernel_image *img, unsigned long memory_mib,
		   uint64_t ramdisk_len, char *why, size_t why_len);

#endif
