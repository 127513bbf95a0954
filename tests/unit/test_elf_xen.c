/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading PV kernel images: the real test guests built by make, and
 * synthetic images that break one rule each. */
#include "unit.h"
#include <parvus/domain_build.h>
#include <parvus/elf.h>
#include <parvus/xen.h>
#include <stdio.h>
#include <stdlib.h>

static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;

	cr_assert_not_null(f, "%s missing: run make first", path);
	fseek(f, 0, SEEK_END);
	*size = ftell(f);
	rewind(f);
	buf = malloc(*size);
	cr_assert_eq(fread(buf, 1, *size, f), *size);
	fclose(f);
	return buf;
}

static int parse_file(const char *path, struct xen_elf_info *info, char *why, size_t len)
{
	size_t size;
	uint8_t *img = read_file(path, &size);
	int rc = elf_xen_parse(img, size, info, why, len);

	free(img);
	return rc;
}

Test(elf_xen, real_guest_with_hypercall_page)
{
	struct xen_elf_info info;
	char why[160];

	cr_assert_eq(parse_file("build/guests/hello.elf", &info, why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(info.virt_base, 0xffffffff80000000UL);
	cr_assert_eq(info.paddr_offset, 0);
	cr_assert_eq(info.virt_kstart, 0xffffffff80100000UL);
	cr_assert_eq(info.entry, info.virt_kstart, "_start is first in .text");
	cr_assert_neq(info.hypercall_page, UNSET_ADDR);
	cr_assert_eq(info.hypercall_page % 4096, 0);
	cr_assert_str_eq(info.guest_os, "Parvus-test");
	cr_assert_str_eq(info.loader, "generic");
	cr_assert_str_eq(info.xen_version, "xen-3.0");
}

Test(elf_xen, real_guest_without_hypercall_page)
{
	struct xen_elf_info info;
	char why[160];

	cr_assert_eq(parse_file("build/guests/hello-nopage.elf", &info, why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(info.hypercall_page, UNSET_ADDR);
}

Test(elf_xen, real_bad_images)
{
	struct xen_elf_info info;
	char why[160];

	cr_assert_eq(parse_file("build/guests/bad-nonotes.elf", &info, why, sizeof(why)), -XEN_EINVAL);
	cr_assert_str_eq(why, "no Xen ELF notes: not a Xen PV kernel");
	cr_assert_eq(parse_file("build/guests/bad-elf32.elf", &info, why, sizeof(why)), -XEN_EINVAL);
	cr_assert_str_eq(why, "32-bit ELF image: only 64-bit (x86_64) PV kernels are supported");
	cr_assert_eq(parse_file("build/guests/bad-not-elf.elf", &info, why, sizeof(why)), -XEN_EINVAL);
	cr_assert_str_eq(why, "not an ELF image (bad magic)");
}

Test(elf_xen, every_truncation_of_a_real_image_is_safe)
{
	struct xen_elf_info info;
	char why[160];
	size_t size;
	uint8_t *img = read_file("build/guests/hello.elf", &size);

	/* Each prefix is parsed from its own exact-size copy, so ASan catches
	 * any read past the end. */
	for (size_t n = 0; n < 4096 && n < size; n++) {
		uint8_t *copy = malloc(n ? n : 1);
		memcpy(copy, img, n);
		if (elf_xen_parse(copy, n, &info, why, sizeof(why)) == 0)
			cr_assert_fail("a %zu-byte prefix parsed as a complete image", n);
		free(copy);
	}
	free(img);
}

/* Synthetic images: ELF header, PT_LOAD + PT_NOTE headers, notes at 256,
 * a 512-byte payload at 1024 with p_paddr 0x100000. */
struct image {
	_Alignas(8) uint8_t buf[2048];
	size_t note_end;
};

static Elf64_Ehdr *ehdr(struct image *im) { return (Elf64_Ehdr *)im->buf; }
static Elf64_Phdr *phdr(struct image *im, int i) { return (Elf64_Phdr *)(im->buf + 64) + i; }

static void add_note(struct image *im, uint32_t type, const void *desc, uint32_t len)
{
	uint8_t *p = im->buf + im->note_end;
	Elf64_Nhdr nh = { 4, len, type };

	memcpy(p, &nh, sizeof(nh));
	memcpy(p + 12, "Xen", 4);
	memcpy(p + 16, desc, len);
	im->note_end += 16 + ((len + 3) & ~3u);
	phdr(im, 1)->p_filesz = im->note_end - 256;
}

static void add_str(struct image *im, uint32_t type, const char *s)
{
	add_note(im, type, s, strlen(s) + 1);
}

static void add_num(struct image *im, uint32_t type, uint64_t v)
{
	add_note(im, type, &v, 8);
}

static void build(struct image *im, bool linux_style)
{
	memset(im, 0, sizeof(*im));
	memcpy(im->buf, "\177ELF", 4);
	im->buf[4] = ELFCLASS64;
	im->buf[5] = ELFDATA2LSB;
	ehdr(im)->e_type = ET_EXEC;
	ehdr(im)->e_machine = EM_X86_64;
	ehdr(im)->e_entry = 0x1000000;		/* physical, as in vmlinux */
	ehdr(im)->e_phoff = 64;
	ehdr(im)->e_phentsize = sizeof(Elf64_Phdr);
	ehdr(im)->e_phnum = 2;
	*phdr(im, 0) = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = 1024,
		.p_vaddr = 0, .p_paddr = 0x100000, .p_filesz = 512, .p_memsz = 0x3000 };
	*phdr(im, 1) = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = 256 };
	im->note_end = 256;
	if (linux_style) {
		add_str(im, XEN_ELFNOTE_GUEST_OS, "linux");
	} else {
		add_str(im, XEN_ELFNOTE_LOADER, "generic");
		add_str(im, XEN_ELFNOTE_GUEST_OS, "test");
	}
	add_str(im, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	add_num(im, XEN_ELFNOTE_VIRT_BASE, 0xffffffff80000000UL);
	for (int i = 0; i < 512; i++)
		im->buf[1024 + i] = (uint8_t)i;
}

static int parse(struct image *im, struct xen_elf_info *info, char *why)
{
	return elf_xen_parse(im->buf, sizeof(im->buf), info, why, 160);
}

Test(elf_xen, linux_style_defaults)
{
	struct image im;
	struct xen_elf_info info;
	char why[160];

	build(&im, true);
	add_num(&im, XEN_ELFNOTE_ENTRY, 0xffffffff80100040UL);
	cr_assert_eq(parse(&im, &info, why), 0, "%s", why);
	cr_assert_eq(info.paddr_offset, 0, "PADDR_OFFSET defaults to 0 with notes");
	cr_assert_eq(info.virt_kstart, 0xffffffff80100000UL);
	cr_assert_eq(info.virt_kend, 0xffffffff80103000UL);
	cr_assert_eq(info.entry, 0xffffffff80100040UL);
}

Test(elf_xen, entry_defaults_to_e_entry_and_must_be_inside)
{
	struct image im;
	struct xen_elf_info info;
	char why[160];

	build(&im, false);
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL, "physical e_entry is outside");
	cr_assert_str_eq(why, "entry point 0x1000000 is outside the kernel");
	ehdr(&im)->e_entry = 0xffffffff80100010UL;
	cr_assert_eq(parse(&im, &info, why), 0, "%s", why);
	cr_assert_eq(info.entry, 0xffffffff80100010UL);
}

Test(elf_xen, note_rules)
{
	struct image im;
	struct xen_elf_info info;
	char why[160];
	uint8_t three[3] = { 1, 2, 3 };

	build(&im, false);
	memcpy(im.buf + 256 + 64, "xen-2.0", 7);	/* XEN_VERSION value */
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL);
	cr_assert_str_eq(why, "XEN_VERSION note is \"xen-2.0\", need \"xen-3.0\"");

	build(&im, false);
	memcpy(im.buf + 256 + 16, "xxxxxxx", 7);		/* LOADER value */
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL);
	cr_assert_str_eq(why, "neither GUEST_OS \"linux\" nor LOADER \"generic\" (GUEST_OS \"test\")");

	build(&im, false);
	add_note(&im, XEN_ELFNOTE_ENTRY, three, 3);
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL);
	cr_assert_str_eq(why, "Xen ELF note 1 has a 3-byte value (need 4 or 8)");
}

Test(elf_xen, truncated_note_is_refused)
{
	struct image im;
	struct xen_elf_info info;
	char why[160];

	build(&im, false);
	((Elf64_Nhdr *)(im.buf + 256))->n_descsz = 0x7fffffff;
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL);
	cr_assert_str_eq(why, "truncated ELF note");
	build(&im, false);
	phdr(&im, 1)->p_filesz = 1u << 20;
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL);
	cr_assert_str_eq(why, "ELF note area outside the file");
}

Test(elf_xen, address_rules)
{
	struct image im;
	struct xen_elf_info info;
	char why[160];

	build(&im, false);
	add_num(&im, XEN_ELFNOTE_ENTRY, 0xffffffff80100000UL);
	add_num(&im, XEN_ELFNOTE_HYPERCALL_PAGE, 0xffffffff80101008UL);
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL);
	cr_assert_str_eq(why, "HYPERCALL_PAGE 0xffffffff80101008 is not a page inside the kernel");

	build(&im, false);
	add_num(&im, XEN_ELFNOTE_ENTRY, 0xffffffff80100000UL);
	add_num(&im, XEN_ELFNOTE_PADDR_OFFSET, 0x200000);	/* kstart below VIRT_BASE */
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL);
	cr_assert(strstr(why, "is above the kernel start"), "%s", why);
}

Test(elf_xen, segment_rules)
{
	struct image im;
	struct xen_elf_info info;
	char why[160];

	build(&im, false);
	phdr(&im, 0)->p_filesz = 0x4000;			/* > p_memsz and past EOF */
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL);
	cr_assert_str_eq(why, "PT_LOAD segment 0 is malformed");

	build(&im, false);
	phdr(&im, 0)->p_type = 0;
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL);
	cr_assert_str_eq(why, "ELF image has no PT_LOAD segment");

	build(&im, false);
	ehdr(&im)->e_machine = 3;
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL);
	cr_assert_str_eq(why, "ELF machine 3 is not x86_64");
}

/* Issue 13's hostile images: VIRT_BASE 0 (so virtual = physical), the
 * usual first segment at 1 MiB, and a second PT_LOAD at paddr of memsz. */
static void build_two_segments(struct image *im, uint64_t paddr, uint64_t memsz)
{
	build(im, false);
	add_num(im, XEN_ELFNOTE_VIRT_BASE, 0);		/* the last note counts */
	add_num(im, XEN_ELFNOTE_ENTRY, 0x100000);
	ehdr(im)->e_phnum = 3;
	*phdr(im, 2) = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = 1024,
		.p_paddr = paddr, .p_filesz = 512, .p_memsz = memsz };
}

Test(elf_xen, segment_running_to_the_top_of_the_address_space)
{
	struct image im;
	struct xen_elf_info info;
	char why[160];

	/* The review's p_memsz: the kernel's end rounded up to a page was 0. */
	build_two_segments(&im, 0x400000000000UL, 0x1000);
	phdr(&im, 0)->p_memsz = 0xffffffffffeff001UL;
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL);
	cr_assert_str_eq(why, "PT_LOAD segment 0 at 0x100000-0xfffffffffffff001 is not "
			 "canonical or overlaps the hypervisor's addresses");
}

Test(elf_xen, segment_outside_the_guest_addresses)
{
	struct image im;
	struct xen_elf_info info;
	char why[160];

	build_two_segments(&im, 0x0000800000000000UL, 0x1000);	/* non-canonical */
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL);
	cr_assert_str_eq(why, "PT_LOAD segment 2 at 0x800000000000-0x800000001000 is not "
			 "canonical or overlaps the hypervisor's addresses");
	build_two_segments(&im, 0x00007ffffffff000UL, 0x2000);	/* runs off the low half */
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL);
	cr_assert(strstr(why, "PT_LOAD segment 2 at 0x7ffffffff000-"), "%s", why);
	build_two_segments(&im, 0xffff830000000000UL, 0x1000);	/* the hypervisor's direct map */
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL);
	cr_assert(strstr(why, "PT_LOAD segment 2 at 0xffff830000000000-"), "%s", why);
	build_two_segments(&im, 0xffff880000000000UL, 0x1000);	/* past the hole: a guest's */
	cr_assert_eq(parse(&im, &info, why), 0, "%s", why);
}

/* Segments that are each fine but far apart: the layout (shared by the
 * builder and parvus inspect) refuses them, whatever the domain's size. */
Test(elf_xen, segments_far_apart_fit_no_domain)
{
	struct image im;
	struct xen_elf_info info;
	struct domain_layout l;
	unsigned long pages;
	char why[160];

	build_two_segments(&im, 0x400000000000UL, 0x1000);
	cr_assert_eq(parse(&im, &info, why), 0, "%s", why);
	cr_assert_eq(domain_image_check(im.buf, sizeof(im.buf), 8192, 0, &info, &l, why,
					sizeof(why)), -XEN_EINVAL);
	cr_assert_str_eq(why, "kernel at 0x100000-0x400000001000 spans 67108864 MiB from "
			 "VIRT_BASE 0x0, more than a domain may have (1048576 MiB)");
	cr_assert_eq(domain_image_min_pages(im.buf, sizeof(im.buf), 0, &pages, why,
					    sizeof(why)), -XEN_EINVAL, "inspect's verdict too");
	cr_assert(strstr(why, "spans 67108864 MiB"), "%s", why);
}

/* parvus inspect's smallest domain is exactly where the builder starts
 * to accept the image. */
Test(elf_xen, smallest_domain_is_the_builders_limit)
{
	struct image im;
	struct xen_elf_info info;
	struct domain_layout l;
	unsigned long pages;
	char why[160];

	build_two_segments(&im, 0x200000, 0x1000);
	cr_assert_eq(domain_image_min_pages(im.buf, sizeof(im.buf), 10000, &pages, why,
					    sizeof(why)), 0, "%s", why);
	cr_assert_eq(domain_image_check(im.buf, sizeof(im.buf), pages, 10000, &info, &l,
					why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(domain_image_check(im.buf, sizeof(im.buf), pages - 1, 10000, &info, &l,
					why, sizeof(why)), -XEN_ENOMEM);
	cr_assert(strstr(why, "image and ramdisk need"), "%s", why);
}

struct loaded {
	uint64_t va, filesz, memsz;
	const uint8_t *src;
	int calls;
};

static int record_load(void *ctx, uint64_t va, const void *src, uint64_t filesz, uint64_t memsz)
{
	struct loaded *l = ctx;

	l->va = va;
	l->src = src;
	l->filesz = filesz;
	l->memsz = memsz;
	l->calls++;
	return 0;
}

Test(elf_xen, load_places_segments_by_paddr)
{
	struct image im;
	struct xen_elf_info info;
	struct loaded l = { 0 };
	char why[160];

	build(&im, true);
	add_num(&im, XEN_ELFNOTE_ENTRY, 0xffffffff80100000UL);
	cr_assert_eq(parse(&im, &info, why), 0, "%s", why);
	cr_assert_eq(elf_xen_load(im.buf, &info, record_load, &l), 0);
	cr_assert_eq(l.calls, 1);
	cr_assert_eq(l.va, 0xffffffff80100000UL, "p_vaddr 0 is ignored, as for Linux's percpu");
	cr_assert_eq(l.src, im.buf + 1024);
	cr_assert_eq(l.filesz, 512);
	cr_assert_eq(l.memsz, 0x3000);
}

Test(elf_xen, features_note)
{
	struct image im;
	struct xen_elf_info info;
	char why[160];
	uint64_t l1[2] = { 1, 1 };

	build(&im, true);
	add_num(&im, XEN_ELFNOTE_ENTRY, 0xffffffff80100000UL);
	add_str(&im, XEN_ELFNOTE_FEATURES, "!writable_page_tables|pae_pgdir_above_4gb|frobnicate");
	add_note(&im, XEN_ELFNOTE_L1_MFN_VALID, l1, 16);
	cr_assert_eq(parse(&im, &info, why), 0, "Linux's notes: %s", why);
	cr_assert_eq(info.features_required, 1u << XENFEAT_writable_page_tables);
	cr_assert_eq(info.features_supported,
		     (1u << XENFEAT_writable_page_tables) | (1u << XENFEAT_pae_pgdir_above_4gb),
		     "unknown optional features are ignored");
	cr_assert_eq(info.l1_mfn_valid[0], 1);
	cr_assert_eq(info.l1_mfn_valid[1], 1);

	build(&im, true);
	add_num(&im, XEN_ELFNOTE_ENTRY, 0xffffffff80100000UL);
	add_str(&im, XEN_ELFNOTE_FEATURES, "writable_page_tables|!supervisor_mode_kernel");
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL);
	cr_assert_str_eq(why, "kernel requires feature supervisor_mode_kernel, which Parvus does not provide");

	build(&im, true);
	add_num(&im, XEN_ELFNOTE_ENTRY, 0xffffffff80100000UL);
	add_str(&im, XEN_ELFNOTE_FEATURES, "!frobnicate");
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL);
	cr_assert_str_eq(why, "kernel requires unknown feature \"frobnicate\"");
}

/* Found by fuzzing: header tables and notes are read in place, so an
 * offset that breaks their alignment is refused (UBSan saw misaligned
 * reads before), and a misaligned section table is not searched. */
Test(elf_xen, misaligned_tables_and_notes_are_refused)
{
	struct image im;
	struct xen_elf_info info;
	char why[160];

	build(&im, true);
	add_num(&im, XEN_ELFNOTE_ENTRY, 0xffffffff80100040UL);
	cr_assert_eq(parse(&im, &info, why), 0, "%s", why);

	memmove(im.buf + 65, im.buf + 64, 2 * sizeof(Elf64_Phdr));
	ehdr(&im)->e_phoff = 65;
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL);
	cr_assert_str_eq(why, "ELF program headers at a misaligned offset");

	build(&im, true);
	add_num(&im, XEN_ELFNOTE_ENTRY, 0xffffffff80100040UL);
	phdr(&im, 1)->p_offset = 258;
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL);
	cr_assert_str_eq(why, "ELF note area at a misaligned offset");

	/* No PT_NOTE, and the section table that would name the notes sits
	 * at an odd offset: it is not read, so there are no notes. */
	build(&im, true);
	phdr(&im, 1)->p_type = PT_LOAD + 100;
	ehdr(&im)->e_shoff = 1601;
	ehdr(&im)->e_shentsize = sizeof(Elf64_Shdr);
	ehdr(&im)->e_shnum = 1;
	*(Elf64_Shdr *)(im.buf + 1600) = (Elf64_Shdr){ .sh_type = SHT_NOTE,
		.sh_offset = 256, .sh_size = im.note_end - 256 };
	memmove(im.buf + 1601, im.buf + 1600, sizeof(Elf64_Shdr));
	cr_assert_eq(parse(&im, &info, why), -XEN_EINVAL);
	cr_assert_str_eq(why, "no Xen ELF notes: not a Xen PV kernel");
	ehdr(&im)->e_shoff = 1600;
	memmove(im.buf + 1600, im.buf + 1601, sizeof(Elf64_Shdr));
	add_num(&im, XEN_ELFNOTE_ENTRY, 0xffffffff80100040UL);
	((Elf64_Shdr *)(im.buf + 1600))->sh_size = im.note_end - 256;
	cr_assert_eq(parse(&im, &info, why), 0, "aligned, the section's notes count: %s", why);
}
