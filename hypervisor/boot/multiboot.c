/* SPDX-License-Identifier: GPL-2.0-only */
/* Reads multiboot v1 (QEMU -kernel) and multiboot2 (GRUB) boot information
 * into struct boot_info. All addresses come from the loader and are read
 * through a translation callback, so this is pure and unit-tested; sizes are
 * bounds-checked so a malformed structure yields an error, not a crash. */
#include <parvus/boot_info.h>
#include <parvus/string.h>

#define MB1_FLAG_CMDLINE	(1u << 2)
#define MB1_FLAG_MODS		(1u << 3)
#define MB1_FLAG_MMAP		(1u << 6)
#define MB1_FLAG_LOADER		(1u << 9)
#define MB_MEMORY_AVAILABLE	1

#define MB2_TAG_END		0
#define MB2_TAG_CMDLINE		1
#define MB2_TAG_LOADER		2
#define MB2_TAG_MODULE		3
#define MB2_TAG_MMAP		6

struct __packed mb1_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr, config_table, boot_loader_name;
};

struct __packed mb1_module {
	uint32_t start, end, cmdline, reserved;
};

struct __packed mb1_mmap_entry {
	uint32_t size;
	uint64_t addr, len;
	uint32_t type;
};

struct __packed mb2_tag {
	uint32_t type, size;
};

struct __packed mb2_mmap {
	uint32_t type, size, entry_size, entry_version;
};

struct __packed mb2_mmap_entry {
	uint64_t addr, len;
	uint32_t type, reserved;
};

struct __packed mb2_module {
	uint32_t type, size, start, end;
	char cmdline[];
};

static void copy_cstr(char *dst, size_t size, phys_ptr_fn ptr, uint64_t pa)
{
	const char *s = pa ? ptr(pa, 1) : NULL;

	dst[0] = '\0';
	if (s)
		strlcpy(dst, s, size);
}

static void add_ram(struct boot_info *bi, uint64_t addr, uint64_t len)
{
	if (bi->nr_ram < BOOT_MAX_REGIONS && len && addr + len > addr)
		bi->ram[bi->nr_ram++] = (struct boot_region){ addr, addr + len };
}

static int add_module(struct boot_info *bi, uint64_t start, uint64_t end,
		      char *why, size_t why_len)
{
	if (end < start) {
		snprintf(why, why_len, "module %u ends before it starts",
			 bi->nr_modules);
		return -1;
	}
	if (bi->nr_modules == BOOT_MAX_MODULES) {
		snprintf(why, why_len, "more than %d boot modules",
			 BOOT_MAX_MODULES);
		return -1;
	}
	bi->modules[bi->nr_modules].start = start;
	bi->modules[bi->nr_modules].end = end;
	return 0;
}

static int parse_mb1(uint64_t info_pa, phys_ptr_fn ptr, struct boot_info *bi,
		     char *why, size_t why_len)
{
	const struct mb1_info *mbi = ptr(info_pa, sizeof(*mbi));
	const struct mb1_module *mods;

	bi->info_start = info_pa;
	bi->info_end = info_pa + sizeof(*mbi);
	if (mbi->flags & MB1_FLAG_CMDLINE)
		copy_cstr(bi->cmdline, sizeof(bi->cmdline), ptr, mbi->cmdline);
	if (mbi->flags & MB1_FLAG_LOADER)
		copy_cstr(bi->loader, sizeof(bi->loader), ptr,
			  mbi->boot_loader_name);
	if (!(mbi->flags & MB1_FLAG_MMAP)) {
		snprintf(why, why_len, "boot loader gave no memory map");
		return -1;
	}
	for (uint64_t off = 0; off + sizeof(struct mb1_mmap_entry) <= mbi->mmap_length;) {
		const struct mb1_mmap_entry *e =
			ptr(mbi->mmap_addr + off, sizeof(*e));
		if (e->type == MB_MEMORY_AVAILABLE)
			add_ram(bi, e->addr, e->len);
		off += e->size + sizeof(e->size);
	}
	if (!(mbi->flags & MB1_FLAG_MODS))
		return 0;
	mods = ptr(mbi->mods_addr, mbi->mods_count * sizeof(*mods));
	for (uint32_t i = 0; i < mbi->mods_count; i++) {
		if (add_module(bi, mods[i].start, mods[i].end, why, why_len))
			return -1;
		copy_cstr(bi->modules[bi->nr_modules++].cmdline,
			  BOOT_CMDLINE_MAX, ptr, mods[i].cmdline);
	}
	return 0;
}

static void mb2_mmap(const struct mb2_mmap *m, struct boot_info *bi)
{
	const uint8_t *p = (const uint8_t *)(m + 1);
	const uint8_t *end = (const uint8_t *)m + m->size;

	if (m->entry_size < sizeof(struct mb2_mmap_entry))
		return;
	for (; p + m->entry_size <= end; p += m->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;
		if (e->type == MB_MEMORY_AVAILABLE)
			add_ram(bi, e->addr, e->len);
	}
}

static int mb2_tag(const struct mb2_tag *t, struct boot_info *bi,
		   char *why, size_t why_len)
{
	const char *str = (const char *)(t + 1);
	size_t str_len = t->size - sizeof(*t);

	switch (t->type) {
	case MB2_TAG_CMDLINE:
		strlcpy(bi->cmdline, str, MIN(sizeof(bi->cmdline), str_len));
		break;
	case MB2_TAG_LOADER:
		strlcpy(bi->loader, str, MIN(sizeof(bi->loader), str_len));
		break;
	case MB2_TAG_MMAP:
		mb2_mmap((const void *)t, bi);
		break;
	case MB2_TAG_MODULE: {
		const struct mb2_module *m = (const void *)t;
		if (t->size < sizeof(*m))
			break;
		if (add_module(bi, m->start, m->end, why, why_len))
			return -1;
		strlcpy(bi->modules[bi->nr_modules++].cmdline, m->cmdline,
			MIN((size_t)BOOT_CMDLINE_MAX, t->size - sizeof(*m)));
		break;
	}
	}
	return 0;
}

static int parse_mb2(uint64_t info_pa, phys_ptr_fn ptr, struct boot_info *bi,
		     char *why, size_t why_len)
{
	const uint32_t *hdr = ptr(info_pa, 8);
	uint32_t total = hdr[0];
	const uint8_t *base = ptr(info_pa, total);

	bi->info_start = info_pa;
	bi->info_end = info_pa + total;
	for (uint32_t off = 8; off + sizeof(struct mb2_tag) <= total;) {
		const struct mb2_tag *t = (const void *)(base + off);
		if (t->type == MB2_TAG_END)
			return 0;
		if (t->size < sizeof(*t) || t->size > total - off) {
			snprintf(why, why_len, "malformed multiboot2 tag %u",
				 t->type);
			return -1;
		}
		if (mb2_tag(t, bi, why, why_len))
			return -1;
		off += ROUND_UP(t->size, 8);
	}
	return 0;
}

int boot_info_parse(uint32_t magic, uint64_t info_paddr, phys_ptr_fn ptr,
		    struct boot_info *bi, char *why, size_t why_len)
{
	int rc;

	memset(bi, 0, sizeof(*bi));
	if (magic == MULTIBOOT1_BOOT_MAGIC) {
		bi->multiboot_version = 1;
		rc = parse_mb1(info_paddr, ptr, bi, why, why_len);
	} else if (magic == MULTIBOOT2_BOOT_MAGIC) {
		bi->multiboot_version = 2;
		rc = parse_mb2(info_paddr, ptr, bi, why, why_len);
	} else {
		snprintf(why, why_len, "not started by a multiboot loader "
			 "(magic 0x%x)", magic);
		return -1;
	}
	if (!rc && bi->nr_ram == 0) {
		snprintf(why, why_len, "memory map lists no usable RAM");
		rc = -1;
	}
	return rc;
}
