/* SPDX-License-Identifier: GPL-2.0-only */
/* What the boot loader told us, in one loader-neutral form: the memory
 * map, the modules (guest kernels and their command lines) and our own
 * command line. Filled from multiboot v1 or v2 information by pure code
 * in hypervisor/boot/multiboot.c. */
#ifndef PARVUS_BOOT_INFO_H
#define PARVUS_BOOT_INFO_H

#include <parvus/types.h>

#define BOOT_MAX_REGIONS	64
#define BOOT_MAX_MODULES	16
#define BOOT_CMDLINE_MAX	1024

#define MULTIBOOT1_BOOT_MAGIC	0x2badb002
#define MULTIBOOT2_BOOT_MAGIC	0x36d76289

struct boot_region {
	uint64_t start, end;	/* byte addresses, end exclusive */
};

struct boot_module {
	uint64_t start, end;
	char cmdline[BOOT_CMDLINE_MAX];
};

struct boot_info {
	unsigned int multiboot_version;
	struct boot_region ram[BOOT_MAX_REGIONS];
	unsigned int nr_ram;
	struct boot_module modules[BOOT_MAX_MODULES];
	unsigned int nr_modules;
	char cmdline[BOOT_CMDLINE_MAX];
	char loader[64];
	uint64_t info_start, info_end;	/* the loader's info structure */
};

/* Translates a physical address from the loader into a pointer. */
typedef const void *(*phys_ptr_fn)(uint64_t paddr, size_t len);

/* Returns 0, or a negative value with a reason in why. */
int boot_info_parse(uint32_t magic, uint64_t info_paddr, phys_ptr_fn ptr,
		    struct boot_info *bi, char *why, size_t why_len);

/* QEMU and legacy loaders put the image's file name first in command
 * lines, GRUB 2 does not: drop it where present (as Xen's cmdline_cook). */
const char *cmdline_skip_image_name(const struct boot_info *bi,
				    const char *cmdline);

/* Finds "name=value" in a command line; copies value. */
bool cmdline_get(const char *cmdline, const char *name, char *value,
		 size_t size);
/* Parses "64M", "512K", "1G" or plain bytes; false on malformed input. */
bool parse_size(const char *s, uint64_t *bytes);

#endif
