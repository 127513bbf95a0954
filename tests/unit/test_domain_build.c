/* SPDX-License-Identifier: GPL-2.0-only */
/* The pure half of the domain builder: layout, bootstrap page tables
 * (walked back through fake machine memory) and the hypercall page. */
#include "unit.h"
#include <parvus/domain_build.h>
#include <parvus/xen.h>
#include <stdlib.h>

#define VIRT_BASE 0xffffffff80000000UL

static struct xen_elf_info kernel(uint64_t kstart_off, uint64_t size)
{
	struct xen_elf_info info = { 0 };

	info.virt_base = VIRT_BASE;
	info.init_p2m = UNSET_ADDR;	/* no INIT_P2M note */
	info.hypercall_page = UNSET_ADDR;
	info.virt_kstart = VIRT_BASE + kstart_off;
	info.virt_kend = info.virt_kstart + size;
	return info;
}

Test(layout, xen_domu_order)
{
	struct xen_elf_info info = kernel(0x100000, 0x8434);
	struct domain_layout l;
	char why[128];

	cr_assert_eq(domain_layout_compute(&info, 8192, 0, &l, why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(l.kernel_pfn, 0x100);
	cr_assert_eq(l.kernel_end_pfn, 0x109, "kernel end rounds up to a page");
	cr_assert_eq(l.p2m_pfn, 0x109, "p2m right after the kernel");
	cr_assert_eq(l.nr_p2m_pages, 16, "8192 entries of 8 bytes");
	cr_assert_eq(l.start_info_pfn, l.p2m_pfn + 16);
	cr_assert_eq(l.xenstore_pfn, l.start_info_pfn + 1);
	cr_assert_eq(l.console_pfn, l.start_info_pfn + 2);
	cr_assert_eq(l.pt_pfn, l.start_info_pfn + 3);
	cr_assert_eq(l.stack_pfn, l.pt_pfn + l.nr_pt_pages);
	cr_assert_eq(l.nr_mapped_pages % 1024, 0, "ends on a 4 MiB boundary");
	cr_assert_geq(l.nr_mapped_pages - (l.stack_pfn + 1), 128, "at least 512 KiB slack");
	cr_assert_eq(l.nr_pt_pages, pt_count_tables(VIRT_BASE, VIRT_BASE + l.nr_mapped_pages * 4096));
}

Test(layout, table_count)
{
	cr_assert_eq(pt_count_tables(VIRT_BASE, VIRT_BASE + (4UL << 20)), 1 + 1 + 1 + 2);
	cr_assert_eq(pt_count_tables(VIRT_BASE, VIRT_BASE + (1UL << 30)), 1 + 1 + 1 + 512);
	/* Crossing a 1 GiB and a 512 GiB boundary needs more upper tables. */
	cr_assert_eq(pt_count_tables((1UL << 39) - (2UL << 20), (1UL << 39) + (2UL << 20)),
		     1 + 2 + 2 + 2);
}

Test(layout, image_larger_than_domain)
{
	struct xen_elf_info info = kernel(0x100000, 64UL << 20);
	struct domain_layout l;
	char why[128];

	cr_assert_eq(domain_layout_compute(&info, 8192, 0, &l, why, sizeof(why)), -XEN_ENOMEM);
	cr_assert(strstr(why, "the domain has 32768 KiB"), "%s", why);
}

Test(layout, region_must_not_touch_the_hypervisor_hole)
{
	struct xen_elf_info info = kernel(0, 0x1000);
	struct domain_layout l;
	char why[128];

	info.virt_base = info.virt_kstart = 0xffff800000100000UL;
	info.virt_kend = info.virt_kstart + 0x1000;
	cr_assert_eq(domain_layout_compute(&info, 8192, 0, &l, why, sizeof(why)), -XEN_EINVAL);
	info.virt_base = info.virt_kstart = 0x00007fffffe00000UL;	/* runs past the lower half */
	info.virt_kend = info.virt_kstart + 0x1000;
	cr_assert_eq(domain_layout_compute(&info, 8192, 0, &l, why, sizeof(why)), -XEN_EINVAL);
	info.virt_base = info.virt_kstart = 0x400000;			/* a low-half kernel is fine */
	info.virt_kend = info.virt_kstart + 0x1000;
	cr_assert_eq(domain_layout_compute(&info, 8192, 0, &l, why, sizeof(why)), 0, "%s", why);
}

/* Fake machine memory: frames are mfn 0x1000.. in scrambled order, so a
 * builder that assumed contiguity would be caught. */
#define NR_PAGES 4096
static uint8_t (*frames)[4096];
static uint64_t p2m[NR_PAGES];

static void *map(void *ctx, uint64_t mfn)
{
	cr_assert(mfn >= 0x1000 && mfn < 0x1000 + NR_PAGES, "mfn %lx not ours", (unsigned long)mfn);
	return frames[mfn - 0x1000];
}

static uint64_t walk(uint64_t l4_mfn, uint64_t va)
{
	uint64_t e = l4_mfn << 12 | 7;
	int shifts[] = { 39, 30, 21, 12 };

	for (int i = 0; i < 4; i++) {
		uint64_t *t = map(NULL, (e & 0x000ffffffffff000UL) >> 12);
		e = t[(va >> shifts[i]) & 511];
		if (!(e & 1))
			return 0;
		if (i < 3)
			cr_assert_eq(e & 0x7, 0x7, "upper levels must be present, writable, user");
	}
	return e;
}

Test(pt_build, maps_the_bootstrap_region_through_the_p2m)
{
	struct xen_elf_info info = kernel(0x100000, 0x8000);
	struct domain_layout l;
	uint64_t hv_slots[16], l4;
	char why[128];

	frames = calloc(NR_PAGES, 4096);
	for (unsigned long pfn = 0; pfn < NR_PAGES; pfn++)
		p2m[pfn] = 0x1000 + ((pfn * 2654435761UL) % NR_PAGES);	/* a permutation */
	for (int i = 0; i < 16; i++)
		hv_slots[i] = 0xabc000 + i;
	cr_assert_eq(domain_layout_compute(&info, NR_PAGES, 0, &l, why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(pt_build_bootstrap(&l, p2m, hv_slots, map, NULL, &l4), 0);
	cr_assert_eq(l4, p2m[l.pt_pfn], "the L4 is the first page-table frame");

	for (unsigned long pfn = 0; pfn < l.nr_mapped_pages; pfn++) {
		uint64_t e = walk(l4, VIRT_BASE + pfn * 4096);
		bool is_pt = pfn >= l.pt_pfn && pfn < l.pt_pfn + l.nr_pt_pages;

		cr_assert_eq(e >> 12, p2m[pfn], "pfn %lu maps the wrong frame", pfn);
		cr_assert(e & 4, "guest kernel pages are user pages (ring 3)");
		cr_assert_eq(!!(e & 2), !is_pt, "pfn %lu: page tables read-only, the rest writable", pfn);
	}
	cr_assert_eq(walk(l4, VIRT_BASE + l.nr_mapped_pages * 4096), 0, "nothing past the region");
	cr_assert_eq(walk(l4, 0x1000), 0, "nothing in the low half");
	cr_assert_eq(memcmp((uint64_t *)map(NULL, l4) + 256, hv_slots, sizeof(hv_slots)), 0,
		     "hypervisor slots 256..271 copied");
	free(frames);
}

Test(hypercall_page, xen_stub_layout)
{
	static uint8_t page[4096];
	static const uint8_t console_io[] = { 0x51, 0x41, 0x53, 0xb8, 18, 0, 0, 0, 0x0f, 0x05,
					      0x41, 0x5b, 0x59, 0xc3 };
	static const uint8_t iret[] = { 0x51, 0x41, 0x53, 0x50, 0xb8, 23, 0, 0, 0, 0x0f, 0x05 };

	hypercall_page_fill(page);
	cr_assert_eq(memcmp(page + 18 * 32, console_io, sizeof(console_io)), 0);
	cr_assert_eq(page[18 * 32 + sizeof(console_io)], 0xcc, "padding is int3");
	cr_assert_eq(memcmp(page + 23 * 32, iret, sizeof(iret)), 0, "iret stub pushes rax, no return");
	cr_assert_eq(page[23 * 32 + sizeof(iret)], 0xcc);
	for (int nr = 0; nr < 128; nr++) {
		uint32_t imm;
		int at = nr * 32 + (nr == 23 ? 5 : 4);
		memcpy(&imm, page + at, 4);
		cr_assert_eq(imm, (uint32_t)nr, "stub %d loads its own number", nr);
	}
}

Test(layout, ramdisk_placement)
{
	struct xen_elf_info info = kernel(0x100000, 0x8000);
	struct domain_layout l;
	char why[128];

	cr_assert_eq(domain_layout_compute(&info, 8192, 10000, &l, why, sizeof(why)), 0, "%s", why);
	cr_assert_not(l.initrd_unmapped);
	cr_assert_eq(l.initrd_pfn, l.kernel_end_pfn, "mapped right after the kernel");
	cr_assert_eq(l.nr_initrd_pages, 3);
	cr_assert_eq(l.p2m_pfn, l.initrd_pfn + 3, "p2m after the ramdisk");

	info.mod_start_pfn = 1;
	cr_assert_eq(domain_layout_compute(&info, 8192, 10000, &l, why, sizeof(why)), 0, "%s", why);
	cr_assert(l.initrd_unmapped);
	cr_assert_eq(l.initrd_pfn, l.nr_mapped_pages, "after the mapped region");
	cr_assert_eq(l.p2m_pfn, l.kernel_end_pfn, "p2m right after the kernel");

	cr_assert_eq(domain_layout_compute(&info, 8192, 40UL << 20, &l, why, sizeof(why)), -XEN_ENOMEM);
	cr_assert(strstr(why, "image and ramdisk need"), "%s", why);
}

Test(layout, init_p2m_places_the_list_last_with_its_tables)
{
	struct xen_elf_info info = kernel(0x100000, 0x8000);
	struct domain_layout l;
	char why[128];

	info.init_p2m = 0x8000000000UL;
	cr_assert_eq(domain_layout_compute(&info, 8192, 0, &l, why, sizeof(why)), 0, "%s", why);
	cr_assert(l.p2m_separate);
	cr_assert_eq(l.p2m_va, 0x8000000000UL);
	cr_assert_eq(l.start_info_pfn, l.kernel_end_pfn, "no p2m inside the region");
	cr_assert_eq(l.p2m_pfn, l.nr_mapped_pages, "the list follows the region");
	cr_assert_eq(l.p2m_pt_pfn, l.p2m_pfn + 16);
	cr_assert_eq(l.nr_p2m_pt_pages, 3, "one L3, one L2, one L1 for 64 KiB");

	info.init_p2m = 0xffffffff80000000UL;	/* on top of the region */
	cr_assert_eq(domain_layout_compute(&info, 8192, 0, &l, why, sizeof(why)), -XEN_EINVAL);
	info.init_p2m = 0xffff830000000000UL;	/* the hypervisor's */
	cr_assert_eq(domain_layout_compute(&info, 8192, 0, &l, why, sizeof(why)), -XEN_EINVAL);
	info.init_p2m = 0x8000000800UL;		/* not page-aligned */
	cr_assert_eq(domain_layout_compute(&info, 8192, 0, &l, why, sizeof(why)), -XEN_EINVAL);
}

Test(pt_build, init_p2m_mapping)
{
	struct xen_elf_info info = kernel(0x100000, 0x8000);
	struct domain_layout l;
	uint64_t hv_slots[16] = { 0 }, l4;
	char why[128];

	frames = calloc(NR_PAGES, 4096);
	for (unsigned long pfn = 0; pfn < NR_PAGES; pfn++)
		p2m[pfn] = 0x1000 + ((pfn * 2654435761UL) % NR_PAGES);
	info.init_p2m = 0x8000000000UL;
	cr_assert_eq(domain_layout_compute(&info, NR_PAGES, 0, &l, why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(pt_build_bootstrap(&l, p2m, hv_slots, map, NULL, &l4), 0);
	for (unsigned long i = 0; i < l.nr_p2m_pages; i++) {
		uint64_t e = walk(l4, l.p2m_va + i * 4096);
		cr_assert_eq(e >> 12, p2m[l.p2m_pfn + i], "p2m page %lu", i);
		cr_assert(e & 2, "the p2m list is writable");
	}
	cr_assert_eq(walk(l4, l.p2m_va + l.nr_p2m_pages * 4096), 0, "nothing after it");
	for (unsigned long pfn = l.p2m_pfn; pfn < l.p2m_pt_pfn + l.nr_p2m_pt_pages; pfn++)
		cr_assert_eq(walk(l4, VIRT_BASE + pfn * 4096), 0, "outside the bootstrap region");
	free(frames);
}

/* Issue 13: each overflow in the layout arithmetic, refused with a reason. */
static int layout_of(struct xen_elf_info *info, unsigned long nr_pages, uint64_t initrd_len,
		     char *why)
{
	struct domain_layout l;

	return domain_layout_compute(info, nr_pages, initrd_len, &l, why, 160);
}

Test(layout_overflow, kernel_end_rounded_up_past_2_pow_64)
{
	struct xen_elf_info info = kernel(0, 0x1000);
	char why[160];

	/* The review's numbers: the page count of the kernel wrapped to 0. */
	info.virt_base = 0;
	info.virt_kstart = 0x100000;
	info.virt_kend = 0xfffffffffffff001UL;
	cr_assert_eq(layout_of(&info, 8192, 0, why), -XEN_EINVAL);
	cr_assert_str_eq(why, "kernel at 0x100000-0xfffffffffffff001 spans 17592186044416 MiB "
			 "from VIRT_BASE 0x0, more than a domain may have (1048576 MiB)");
}

Test(layout_overflow, kernel_not_above_virt_base)
{
	struct xen_elf_info info = kernel(0x100000, 0x1000);
	char why[160];

	info.virt_base = info.virt_kstart + 0x1000;
	cr_assert_eq(layout_of(&info, 8192, 0, why), -XEN_EINVAL);
	cr_assert(strstr(why, "does not lie above VIRT_BASE"), "%s", why);
	info = kernel(0x100000, 0x1000);
	info.virt_kend = info.virt_kstart;			/* empty, or wrapped */
	cr_assert_eq(layout_of(&info, 8192, 0, why), -XEN_EINVAL);
}

Test(layout_overflow, ramdisk_size_near_2_pow_64)
{
	struct xen_elf_info info = kernel(0x100000, 0x8000);
	char why[160];

	/* DIV_ROUND_UP(len, 4096) wrapped to 0 pages: a fit, then a copy of len. */
	cr_assert_eq(layout_of(&info, 8192, UINT64_MAX, why), -XEN_EINVAL);
	cr_assert(strstr(why, "ramdisk of 17592186044415 MiB is more than a domain may have"),
		  "%s", why);
	info.mod_start_pfn = 1;
	cr_assert_eq(layout_of(&info, 8192, UINT64_MAX - 4094, why), -XEN_EINVAL);
}

Test(layout_overflow, domain_size_near_2_pow_64)
{
	struct xen_elf_info info = kernel(0x100000, 0x8000);
	char why[160];

	/* nr_pages * 8 for the p2m list wrapped to a few pages. */
	cr_assert_eq(layout_of(&info, 1UL << 61, 0, why), -XEN_EINVAL);
	cr_assert(strstr(why, "is more than a domain may have (1048576 MiB)"), "%s", why);
	cr_assert_eq(layout_of(&info, DOMAIN_MAX_PAGES + 1, 0, why), -XEN_EINVAL);
}

Test(layout_overflow, region_past_the_top_of_the_address_space)
{
	struct xen_elf_info info = kernel(0, 0x1000);
	char why[160];

	info.virt_base = info.virt_kstart = 0xfffffffffff00000UL;	/* 1 MiB below 2^64 */
	info.virt_kend = info.virt_kstart + 0x1000;
	cr_assert_eq(layout_of(&info, 8192, 0, why), -XEN_EINVAL);
	cr_assert(strstr(why, "bootstrap region at 0xfffffffffff00000 is not canonical"), "%s", why);
}

Test(layout_overflow, init_p2m_past_the_top_of_the_address_space)
{
	struct xen_elf_info info = kernel(0x100000, 0x8000);
	char why[160];

	info.init_p2m = 0xfffffffffffff000UL;
	cr_assert_eq(layout_of(&info, 8192, 0, why), -XEN_EINVAL);
	cr_assert_str_eq(why, "INIT_P2M address 0xfffffffffffff000 is unusable");
}

/* The loader against fake memory: every index checked, nothing written
 * outside the layout's pages. */
static struct domain_loader loader_for(struct domain_layout *l, char *why)
{
	frames = calloc(NR_PAGES, 4096);
	for (unsigned long pfn = 0; pfn < NR_PAGES; pfn++)
		p2m[pfn] = 0x1000 + ((pfn * 2654435761UL) % NR_PAGES);
	return (struct domain_loader){ l, p2m, map, NULL, why, 160 };
}

static bool all_zero(void)
{
	for (size_t i = 0; i < NR_PAGES * 4096UL; i++)
		if (((uint8_t *)frames)[i])
			return false;
	return true;
}

Test(loader, copies_segments_through_the_p2m)
{
	struct xen_elf_info info = kernel(0x100000, 0x3000);
	struct domain_layout l;
	char why[160];
	struct domain_loader ld = loader_for(&l, why);
	static uint8_t src[0x2100];

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 7 + 1);
	cr_assert_eq(domain_layout_compute(&info, NR_PAGES, 0, &l, why, 160), 0, "%s", why);
	cr_assert_eq(loader_copy_segment(&ld, VIRT_BASE + 0x100800, src, sizeof(src), 0x2800), 0,
		     "%s", why);
	for (size_t i = 0; i < sizeof(src); i++) {
		uint64_t off = 0x100800 + i;
		uint8_t *page = map(NULL, p2m[off >> 12]);
		cr_assert_eq(page[off & 0xfff], src[i], "byte %zu", i);
	}
	free(frames);
}

Test(loader, refuses_segments_outside_the_kernel_pages)
{
	struct xen_elf_info info = kernel(0x100000, 0x3000);
	struct domain_layout l;
	char why[160];
	struct domain_loader ld = loader_for(&l, why);
	static uint8_t src[0x1000];

	memset(src, 0xaa, sizeof(src));
	cr_assert_eq(domain_layout_compute(&info, NR_PAGES, 0, &l, why, 160), 0, "%s", why);
	/* The review's second segment, and the extremes of 64-bit sums. */
	cr_assert_eq(loader_copy_segment(&ld, 0x400000000000UL, src, 0x1000, 0x1000), -XEN_EINVAL);
	cr_assert(strstr(why, "PT_LOAD segment at 0x400000000000 lies outside"), "%s", why);
	cr_assert_eq(loader_copy_segment(&ld, VIRT_BASE + 0x100000, src, 0x1000,
					 0xffffffffffeff001UL), -XEN_EINVAL, "bss past the kernel");
	cr_assert_eq(loader_copy_segment(&ld, UINT64_MAX - 0xfff, src, 0x1000, 0x1000), -XEN_EINVAL);
	cr_assert_eq(loader_copy_segment(&ld, VIRT_BASE + 0x102800, src, 0x1000, 0x1000),
		     -XEN_EINVAL, "runs 2 KiB past the kernel's last page");
	cr_assert_eq(loader_copy_segment(&ld, VIRT_BASE + 0x100000, src, 0x1000, 0x800),
		     -XEN_EINVAL, "filesz > memsz");
	cr_assert_eq(loader_copy_segment(&ld, VIRT_BASE, src, 0x1000, 0x1000), -XEN_EINVAL,
		     "below the kernel");
	cr_assert(all_zero(), "nothing written");
	free(frames);
}

Test(loader, checks_every_pfn_even_if_the_layout_is_wrong)
{
	struct xen_elf_info info = kernel(0x100000, 0x3000);
	struct domain_layout l;
	char why[160];
	struct domain_loader ld = loader_for(&l, why);
	static uint8_t src[0x3000];

	cr_assert_eq(domain_layout_compute(&info, NR_PAGES, 0x2000, &l, why, 160), 0, "%s", why);
	l.nr_pages = 0x101;		/* as if the layout had miscounted */
	memset(src, 0x55, sizeof(src));
	cr_assert_eq(loader_copy_segment(&ld, VIRT_BASE + 0x100000, src, 0x3000, 0x3000),
		     -XEN_EINVAL);
	cr_assert_str_eq(why, "pfn 0x101 is outside the domain's 257 pages");
	cr_assert_null(loader_frame(&ld, UINT64_MAX));
	cr_assert_null(loader_kernel_page(&ld, VIRT_BASE + 0x103000), "past the kernel");
	cr_assert_null(loader_kernel_page(&ld, VIRT_BASE + 0x100008), "not a page");
	cr_assert_eq(loader_copy_initrd(&ld, src, 0x2000), -XEN_EINVAL, "ramdisk past nr_pages");
	l.nr_pages = NR_PAGES;
	cr_assert_eq(loader_copy_initrd(&ld, src, 0x3000), -XEN_EINVAL,
		     "longer than the layout's ramdisk pages");
	cr_assert_eq(loader_copy_initrd(&ld, src, 0x2000), 0, "%s", why);
	free(frames);
}

/* pt_build takes only the table frames the layout counted for it. */
Test(pt_build, refuses_to_take_frames_the_layout_did_not_give_it)
{
	struct xen_elf_info info = kernel(0x100000, 0x8000);
	struct domain_layout l;
	uint64_t hv_slots[16] = { 0 }, l4;
	unsigned long mapped;
	char why[160];
	struct domain_loader ld = loader_for(&l, why);

	(void)ld;
	cr_assert_eq(domain_layout_compute(&info, NR_PAGES, 0, &l, why, 160), 0, "%s", why);
	l.nr_pt_pages--;		/* one table short */
	cr_assert_eq(pt_build_bootstrap(&l, p2m, hv_slots, map, NULL, &l4), -XEN_EINVAL);
	l.nr_pt_pages++;
	mapped = l.nr_mapped_pages;
	l.nr_mapped_pages = NR_PAGES + 1;	/* a region past the domain */
	cr_assert_eq(pt_build_bootstrap(&l, p2m, hv_slots, map, NULL, &l4), -XEN_EINVAL);
	l.nr_mapped_pages = mapped;
	cr_assert_eq(pt_build_bootstrap(&l, p2m, hv_slots, map, NULL, &l4), 0);
	free(frames);
}
