/* SPDX-License-Identifier: GPL-2.0-only */
/* Fuzzes the domain builder's arithmetic (hypervisor/build/layout.c,
 * loader.c, pt_build.c, image_check.c) with 64-bit extremes, the class of
 * issue 13's ring-0 write. First byte even: a struct xen_elf_info, domain
 * and ramdisk size and a few segments, each value an extreme (0, 2^47,
 * the hypervisor's hole, 2^64 - 1, ...), an extreme plus a small offset,
 * or raw. Odd: the rest is a kernel image for domain_image_check. Either
 * way, a layout that is accepted must keep every piece inside the domain,
 * disjoint and inside the guest's addresses; when the domain is small
 * enough to fake, the loader and pt_build then run on fake memory where
 * every frame index is checked, and a write outside the pages the layout
 * gave is caught. Segments the layout does not hold must be refused. */
#include <parvus/domain_build.h>
#include <parvus/guest_access.h>
#include <parvus/string.h>
#include <parvus/xen.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond); \
	abort(); } } while (0)

#define FAKE_MAX_PAGES	1280		/* domains up to 5 MiB are built */
#define FAKE_MFN_BASE	0x10000UL

typedef unsigned __int128 u128;

struct input {
	const uint8_t *p;
	size_t left;
};

static uint8_t take_byte(struct input *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

static uint64_t take_raw(struct input *in, unsigned int bytes)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < bytes; i++)
		v |= (uint64_t)take_byte(in) << (8 * i);
	return v;
}

static const uint64_t extremes[] = {
	0, 1, 0xfff, 0x1000, 0x100000, 0x200000, 0x400000, 1024, 1100, 1280, 8192,
	DOMAIN_MAX_PAGES, DOMAIN_MAX_PAGES + 1, 0x8000000000UL,
	0x00007ffffffff000UL, 0x0000800000000000UL, 0x400000000000UL,
	0xffff800000000000UL, 0xffff830000000000UL, 0xffff880000000000UL,
	0xffffffff80000000UL, 0xffffffff80100000UL, 0xfffffffffff00000UL,
	0xfffffffffffff000UL, 0xfffffffffffff001UL, 0xffffffffffeff001UL,
	UINT64_MAX, UINT64_MAX - 0xfff, 1UL << 61, 1UL << 63,
};

/* An extreme, an extreme plus or minus a few bytes or pages, or raw. */
static uint64_t take_u64(struct input *in)
{
	uint8_t sel = take_byte(in);
	uint64_t base = extremes[(sel >> 2) % ARRAY_SIZE(extremes)];
	int16_t delta;

	switch (sel & 3) {
	case 0:
		return take_raw(in, 8);
	case 1:
		return base;
	case 2:
		delta = (int16_t)take_raw(in, 2);
		return base + (uint64_t)(int64_t)delta;
	default:
		delta = (int16_t)take_raw(in, 2);
		return base + (uint64_t)(int64_t)delta * PAGE_SIZE;
	}
}

/* ---- properties of an accepted layout ---- */

struct span {
	uint64_t start, len;
};

static void check_disjoint(const struct span *s, unsigned int n, uint64_t limit)
{
	for (unsigned int i = 0; i < n; i++) {
		CHECK((u128)s[i].start + s[i].len <= limit);
		for (unsigned int j = 0; j < i; j++)
			CHECK(s[i].start + s[i].len <= s[j].start ||
			      s[j].start + s[j].len <= s[i].start || !s[i].len || !s[j].len);
	}
}

static void check_layout(const struct xen_elf_info *info, unsigned long nr_pages,
			 uint64_t initrd_len, const struct domain_layout *l)
{
	u128 base = l->virt_base, region_end = base + ((u128)l->nr_mapped_pages << 12);
	struct span pieces[10];
	unsigned int n = 0;

	/* The kernel's pages hold the kernel's whole extent. */
	CHECK(l->kernel_pfn < l->kernel_end_pfn);
	CHECK(base + ((u128)l->kernel_pfn << 12) <= info->virt_kstart);
	CHECK(info->virt_kend <= base + ((u128)l->kernel_end_pfn << 12));
	CHECK(nr_pages <= DOMAIN_MAX_PAGES && l->nr_pages == nr_pages);
	CHECK(l->nr_needed_pages <= nr_pages && l->nr_mapped_pages <= l->nr_needed_pages);
	/* The region is the guest's: no wrap, canonical, not the hole. */
	CHECK(region_end <= (u128)UINT64_MAX);
	CHECK(guest_range_ok(l->virt_base, l->nr_mapped_pages * PAGE_SIZE));
	CHECK(l->nr_mapped_pages % 1024 == 0 && l->stack_pfn + 1 + 128 <= l->nr_mapped_pages);
	CHECK(l->nr_pt_pages == pt_count_tables(l->virt_base, (uint64_t)region_end));
	pieces[n++] = (struct span){ l->kernel_pfn, l->kernel_end_pfn - l->kernel_pfn };
	pieces[n++] = (struct span){ l->initrd_pfn, initrd_len ? l->nr_initrd_pages : 0 };
	pieces[n++] = (struct span){ l->p2m_pfn, l->nr_p2m_pages };
	pieces[n++] = (struct span){ l->p2m_pt_pfn, l->p2m_separate ? l->nr_p2m_pt_pages : 0 };
	pieces[n++] = (struct span){ l->start_info_pfn, 1 };
	pieces[n++] = (struct span){ l->xenstore_pfn, 1 };
	pieces[n++] = (struct span){ l->console_pfn, 1 };
	pieces[n++] = (struct span){ l->pt_pfn, l->nr_pt_pages };
	pieces[n++] = (struct span){ l->stack_pfn, 1 };
	check_disjoint(pieces, n, l->nr_needed_pages);
	CHECK((u128)l->nr_p2m_pages * 512 >= nr_pages);
	CHECK(initrd_len <= (u128)l->nr_initrd_pages << 12);
	if (l->p2m_separate) {
		uint64_t len = l->nr_p2m_pages * PAGE_SIZE;
		CHECK(l->p2m_va == info->init_p2m && guest_range_ok(l->p2m_va, len));
		CHECK(l->p2m_va + len <= l->virt_base || l->p2m_va >= region_end);
		CHECK(l->p2m_pfn >= l->nr_mapped_pages);
	} else {
		CHECK(l->p2m_pfn + l->nr_p2m_pages <= l->nr_mapped_pages);
	}
}

/* ---- fake domain memory: frames FAKE_MFN_BASE.. in scrambled order ---- */

struct fake {
	uint8_t frames[FAKE_MAX_PAGES][PAGE_SIZE];
	uint64_t p2m[FAKE_MAX_PAGES];
	unsigned long nr;
};

static void *fake_map(void *ctx, uint64_t mfn)
{
	struct fake *f = ctx;

	CHECK(mfn >= FAKE_MFN_BASE && mfn < FAKE_MFN_BASE + f->nr);
	return f->frames[mfn - FAKE_MFN_BASE];
}

static void fake_init(struct fake *f, unsigned long nr)
{
	f->nr = nr;
	memset(f->frames, 0, nr * PAGE_SIZE);
	for (unsigned long pfn = 0; pfn < nr; pfn++)
		f->p2m[pfn] = FAKE_MFN_BASE + (pfn * 2654435761UL) % nr;
}

/* Nothing written outside the pfns [first, end). */
static void check_untouched_outside(struct fake *f, unsigned long first, unsigned long end)
{
	static const uint8_t zero[PAGE_SIZE];

	for (unsigned long pfn = 0; pfn < f->nr; pfn++)
		if (pfn < first || pfn >= end)
			CHECK(!memcmp(fake_map(f, f->p2m[pfn]), zero, PAGE_SIZE));
}

static bool segment_fits(const struct domain_layout *l, uint64_t va, uint64_t filesz,
			 uint64_t memsz)
{
	u128 start = (u128)l->virt_base + ((u128)l->kernel_pfn << 12);
	u128 end = (u128)l->virt_base + ((u128)l->kernel_end_pfn << 12);

	return filesz <= memsz && va >= start && (u128)va + memsz <= end;
}

static const uint8_t segment_bytes[3 * PAGE_SIZE];

static void fuzz_segments(struct input *in, struct fake *f, struct domain_loader *ld)
{
	const struct domain_layout *l = ld->l;

	for (int i = 0; i < 3 && in->left; i++) {
		uint64_t va = l->virt_base + take_u64(in);
		uint64_t filesz = take_byte(in) % 4 * 0x800 + take_byte(in);
		uint64_t memsz = filesz + take_u64(in);
		bool fits = segment_fits(l, va, filesz, memsz);

		CHECK((loader_copy_segment(ld, va, segment_bytes, filesz, memsz) == 0) == fits);
		CHECK(fits || ld->why[0]);
		ld->why[0] = '\0';
	}
	check_untouched_outside(f, l->kernel_pfn, l->kernel_end_pfn);
}

static void check_tables(struct fake *f, const struct domain_layout *l)
{
	static const uint64_t hv_slots[16];
	uint64_t got;

	CHECK(pt_build_bootstrap(l, f->p2m, hv_slots, fake_map, f, &got) == 0);
	CHECK(got == f->p2m[l->pt_pfn]);
	for (unsigned long pfn = 0; pfn < l->nr_mapped_pages; pfn++) {
		uint64_t va = l->virt_base + pfn * PAGE_SIZE, e = (got << 12) | 1;
		static const int shifts[] = { 39, 30, 21, 12 };

		for (int lvl = 0; lvl < 4; lvl++) {
			const uint64_t *t = fake_map(f, (e & 0x000ffffffffff000UL) >> 12);
			e = t[(va >> shifts[lvl]) & 511];
			CHECK(e & 1);
		}
		CHECK(e >> 12 == f->p2m[pfn]);
	}
}

/* The builder's steps after the layout, on fake memory. */
static void build_fake(struct input *in, const struct domain_layout *l,
		       const struct xen_elf_info *info, const uint8_t *image,
		       uint64_t initrd_len)
{
	static struct fake f;
	char why[160] = "";
	struct domain_loader ld = { l, f.p2m, fake_map, &f, why, sizeof(why) };
	uint8_t *initrd;

	fake_init(&f, l->nr_pages);
	if (image) {
		/* An image the check accepted always loads. */
		CHECK(elf_xen_load(image, info, loader_copy_segment, &ld) == 0);
		check_untouched_outside(&f, l->kernel_pfn, l->kernel_end_pfn);
		CHECK(info->hypercall_page == UNSET_ADDR ||
		      loader_kernel_page(&ld, info->hypercall_page));
	} else {
		fuzz_segments(in, &f, &ld);
	}
	initrd = malloc(initrd_len ? initrd_len : 1);
	memset(initrd, 0x5a, initrd_len);
	memset(f.frames, 0, f.nr * PAGE_SIZE);
	CHECK(loader_copy_initrd(&ld, initrd, initrd_len) == 0);
	check_untouched_outside(&f, l->initrd_pfn, l->initrd_pfn + l->nr_initrd_pages);
	free(initrd);
	check_tables(&f, l);
}

static void fuzz_fields(struct input *in)
{
	struct xen_elf_info info = { 0 };
	struct domain_layout l;
	unsigned long nr_pages;
	uint64_t initrd_len;
	char why[160];
	int rc;

	info.virt_base = take_u64(in);
	info.virt_kstart = info.virt_base + take_u64(in);
	info.virt_kend = info.virt_kstart + take_u64(in);
	info.init_p2m = take_byte(in) & 1 ? take_u64(in) : UNSET_ADDR;
	info.mod_start_pfn = take_byte(in) & 1;
	info.hypercall_page = UNSET_ADDR;
	nr_pages = take_u64(in);
	initrd_len = take_byte(in) & 1 ? take_u64(in) : 0;
	rc = domain_layout_compute(&info, nr_pages, initrd_len, &l, why, sizeof(why));
	CHECK(rc == 0 || rc == -XEN_EINVAL || rc == -XEN_ENOMEM);
	if (rc) {
		CHECK(why[0] && strnlen(why, sizeof(why)) < sizeof(why));
		return;
	}
	check_layout(&info, nr_pages, initrd_len, &l);
	if (nr_pages <= FAKE_MAX_PAGES)
		build_fake(in, &l, &info, NULL, initrd_len);
}

static void fuzz_image(struct input *in)
{
	unsigned long nr_pages = 1024 + take_raw(in, 2) % (FAKE_MAX_PAGES - 1023), min;
	uint64_t initrd_len = take_byte(in) & 1 ? take_raw(in, 2) * 7 : 0;
	uint8_t *img = malloc(in->left ? in->left : 1);
	struct xen_elf_info info;
	struct domain_layout l;
	char why[160], why_min[160];
	int rc, rc_min;

	memcpy(img, in->p, in->left);
	rc = domain_image_check(img, in->left, nr_pages, initrd_len, &info, &l, why,
				sizeof(why));
	rc_min = domain_image_min_pages(img, in->left, initrd_len, &min, why_min,
					sizeof(why_min));
	/* parvus inspect's verdict agrees with the builder's. */
	if (!rc)
		CHECK(!rc_min && min <= nr_pages);
	if (rc_min)
		CHECK(rc && why_min[0]);
	if (!rc) {
		check_layout(&info, nr_pages, initrd_len, &l);
		build_fake(in, &l, &info, img, initrd_len);
	}
	free(img);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };

	if (take_byte(&in) & 1)
		fuzz_image(&in);
	else
		fuzz_fields(&in);
	return 0;
}
