/* SPDX-License-Identifier: GPL-2.0-only */
/* Boot information: multiboot v1 and v2 structures built in a buffer
 * whose offsets stand for physical addresses. */
#include "unit.h"
#include <parvus/boot_info.h>

static _Alignas(8) uint8_t mem[8192];

static const void *phys(uint64_t pa, size_t len)
{
	cr_assert(pa + len <= sizeof(mem), "parser read outside the fake memory");
	return mem + pa;
}

static void put32(uint64_t pa, uint32_t v) { memcpy(mem + pa, &v, 4); }
static void put64(uint64_t pa, uint64_t v) { memcpy(mem + pa, &v, 8); }

/* mb1: info at 0x100, mmap at 0x200, modules at 0x300, strings at 0x400. */
static void build_mb1(void)
{
	memset(mem, 0, sizeof(mem));
	put32(0x100, (1u << 2) | (1u << 3) | (1u << 6) | (1u << 9));
	put32(0x100 + 16, 0x400);			/* cmdline */
	put32(0x100 + 20, 2);				/* mods_count */
	put32(0x100 + 24, 0x300);			/* mods_addr */
	put32(0x100 + 44, 3 * 24);			/* mmap_length */
	put32(0x100 + 48, 0x200);			/* mmap_addr */
	put32(0x100 + 64, 0x480);			/* boot_loader_name */
	for (int i = 0; i < 3; i++) {
		uint64_t e = 0x200 + i * 24;
		put32(e, 20);
		put64(e + 4, i == 0 ? 0 : i == 1 ? 0x100000 : 0xfffc0000);
		put64(e + 12, i == 0 ? 0x9fc00 : i == 1 ? 0x7f00000 : 0x40000);
		put32(e + 20, i == 2 ? 2 : 1);	/* the last is reserved */
	}
	put32(0x300, 0x1000); put32(0x304, 0x1800); put32(0x308, 0x440);
	put32(0x310, 0x1800); put32(0x314, 0x1900); put32(0x318, 0);
	strcpy((char *)mem + 0x400, "parvus.elf dom_mem=64M");
	strcpy((char *)mem + 0x440, "hello.elf greeting");
	strcpy((char *)mem + 0x480, "qemu");
}

Test(multiboot, v1_memory_modules_cmdlines)
{
	struct boot_info bi;
	char why[64];

	build_mb1();
	cr_assert_eq(boot_info_parse(MULTIBOOT1_BOOT_MAGIC, 0x100, phys, &bi, why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(bi.multiboot_version, 1);
	cr_assert_eq(bi.nr_ram, 2, "reserved regions are not RAM");
	cr_assert_eq(bi.ram[1].start, 0x100000);
	cr_assert_eq(bi.ram[1].end, 0x8000000);
	cr_assert_eq(bi.nr_modules, 2);
	cr_assert_eq(bi.modules[0].start, 0x1000);
	cr_assert_eq(bi.modules[0].end, 0x1800);
	cr_assert_str_eq(bi.modules[0].cmdline, "hello.elf greeting");
	cr_assert_str_eq(bi.modules[1].cmdline, "");
	cr_assert_str_eq(bi.cmdline, "parvus.elf dom_mem=64M");
	cr_assert_str_eq(bi.loader, "qemu");
	cr_assert_str_eq(cmdline_skip_image_name(&bi, bi.modules[0].cmdline), "greeting");
}

Test(multiboot, v1_without_memory_map_is_refused)
{
	struct boot_info bi;
	char why[64];

	build_mb1();
	put32(0x100, 1u << 3);
	cr_assert_neq(boot_info_parse(MULTIBOOT1_BOOT_MAGIC, 0x100, phys, &bi, why, sizeof(why)), 0);
	cr_assert_str_eq(why, "boot loader gave no memory map");
}

Test(multiboot, module_ending_before_start_is_refused)
{
	struct boot_info bi;
	char why[64];

	build_mb1();
	put32(0x304, 0x800);
	cr_assert_neq(boot_info_parse(MULTIBOOT1_BOOT_MAGIC, 0x100, phys, &bi, why, sizeof(why)), 0);
	cr_assert_str_eq(why, "module 0 ends before it starts");
}

Test(multiboot, unknown_magic_is_refused)
{
	struct boot_info bi;
	char why[64];

	cr_assert_neq(boot_info_parse(0x12345678, 0, phys, &bi, why, sizeof(why)), 0);
	cr_assert_str_eq(why, "not started by a multiboot loader (magic 0x12345678)");
}

static uint32_t tag_at;

static void mb2_tag(uint32_t type, uint32_t size)
{
	put32(tag_at, type);
	put32(tag_at + 4, size);
}

static void mb2_next(uint32_t size)
{
	tag_at += (size + 7) & ~7u;
}

Test(multiboot, v2_tags)
{
	struct boot_info bi;
	char why[64];

	memset(mem, 0, sizeof(mem));
	tag_at = 0x108;
	mb2_tag(1, 8 + 7); strcpy((char *)mem + tag_at + 8, "a=1 b2"); mb2_next(15);
	mb2_tag(2, 8 + 10); strcpy((char *)mem + tag_at + 8, "GRUB 2.06"); mb2_next(18);
	mb2_tag(6, 16 + 2 * 24);
	put32(tag_at + 8, 24); put32(tag_at + 12, 0);
	put64(tag_at + 16, 0x100000); put64(tag_at + 24, 0x1000000); put32(tag_at + 32, 1);
	put64(tag_at + 40, 0xfee00000); put64(tag_at + 48, 0x1000); put32(tag_at + 56, 2);
	mb2_next(16 + 2 * 24);
	mb2_tag(3, 16 + 9); put32(tag_at + 8, 0x2000); put32(tag_at + 12, 0x3000);
	strcpy((char *)mem + tag_at + 16, "insn=cli"); mb2_next(25);
	mb2_tag(0, 8); mb2_next(8);
	put32(0x100, tag_at - 0x100);

	cr_assert_eq(boot_info_parse(MULTIBOOT2_BOOT_MAGIC, 0x100, phys, &bi, why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(bi.multiboot_version, 2);
	cr_assert_str_eq(bi.cmdline, "a=1 b2");
	cr_assert_str_eq(bi.loader, "GRUB 2.06");
	cr_assert_eq(bi.nr_ram, 1);
	cr_assert_eq(bi.ram[0].end, 0x1100000);
	cr_assert_eq(bi.nr_modules, 1);
	cr_assert_eq(bi.modules[0].start, 0x2000);
	cr_assert_str_eq(bi.modules[0].cmdline, "insn=cli");
	cr_assert_str_eq(cmdline_skip_image_name(&bi, bi.modules[0].cmdline), "insn=cli");
}

Test(multiboot, v2_tag_overrunning_the_structure_is_refused)
{
	struct boot_info bi;
	char why[64];

	memset(mem, 0, sizeof(mem));
	put32(0x100, 64);
	put32(0x108, 1);
	put32(0x10c, 4000);
	cr_assert_neq(boot_info_parse(MULTIBOOT2_BOOT_MAGIC, 0x100, phys, &bi, why, sizeof(why)), 0);
	cr_assert_str_eq(why, "malformed multiboot2 tag 1");
}
