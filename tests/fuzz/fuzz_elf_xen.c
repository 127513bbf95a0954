/* SPDX-License-Identifier: GPL-2.0-only */
/* Fuzzes the PV kernel image reader (hypervisor/build/elf_xen.c): any
 * bytes are either refused with a one-line reason or accepted with an
 * extent, entry and notes that obey the rules the domain builder relies
 * on, and every segment elf_xen_load hands out lies inside the image and
 * inside that extent. */
#include <parvus/elf.h>
#include <parvus/string.h>
#include <parvus/xen.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond); \
	abort(); } } while (0)

struct image {
	const uint8_t *p;
	size_t size;
	const struct xen_elf_info *info;
	unsigned int segments;
	uint8_t checksum;
};

static bool terminated(const char *s, size_t size)
{
	return strnlen(s, size) < size;
}

/* Each PT_LOAD: its file bytes inside the image, its memory inside the
 * kernel's virtual extent. Reading every byte lets ASan check the first. */
static int check_segment(void *ctx, uint64_t va, const void *src,
			 uint64_t filesz, uint64_t memsz)
{
	struct image *im = ctx;
	const uint8_t *s = src;
	uint8_t sum = 0;

	CHECK(s >= im->p && filesz <= im->size && s - im->p <= (ptrdiff_t)(im->size - filesz));
	CHECK(filesz <= memsz);
	CHECK(va >= im->info->virt_kstart && memsz <= im->info->virt_kend - va);
	for (uint64_t i = 0; i < filesz; i++)
		sum += s[i];
	im->checksum ^= sum;
	im->segments++;
	return 0;
}

static void check_accepted(const uint8_t *img, size_t size, const struct xen_elf_info *info)
{
	struct image im = { img, size, info, 0, 0 };

	CHECK(info->nr_notes > 0);
	CHECK(info->virt_kstart < info->virt_kend);
	CHECK(info->virt_kend - info->virt_kstart == info->pend - info->pstart);
	CHECK(info->virt_base <= info->virt_kstart);
	CHECK(info->entry >= info->virt_kstart && info->entry < info->virt_kend);
	CHECK(info->hypercall_page == UNSET_ADDR ||
	      (!(info->hypercall_page & ~PAGE_MASK) &&
	       info->hypercall_page >= info->virt_kstart &&
	       info->hypercall_page < info->virt_kend));
	CHECK(!(info->features_required & ~info->features_supported));
	CHECK(!(info->features_required & ~PARVUS_PROVIDED_FEATURES));
	CHECK(terminated(info->guest_os, sizeof(info->guest_os)));
	CHECK(terminated(info->loader, sizeof(info->loader)));
	CHECK(terminated(info->xen_version, sizeof(info->xen_version)));
	CHECK(terminated(info->features, sizeof(info->features)));
	CHECK(terminated(info->pae_mode, sizeof(info->pae_mode)));
	CHECK(!strncmp(info->xen_version, "xen-3.0", 7));
	CHECK(elf_xen_load(img, info, check_segment, &im) == 0);
	CHECK(im.segments > 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Exact-size buffers, so ASan sees a byte read or written past them. */
	uint8_t *img = malloc(size ? size : 1);
	size_t small_len = size ? 1 + data[size - 1] % 16 : 1;
	char *why = malloc(160), *small = malloc(small_len);
	struct xen_elf_info info, again;
	int rc, rc2;

	memcpy(img, data, size);
	rc = elf_xen_parse(img, size, &info, why, 160);
	CHECK(rc == 0 || rc == -XEN_EINVAL);
	if (rc)
		CHECK(why[0] && terminated(why, 160));
	else
		check_accepted(img, size, &info);
	/* The verdict is the same whatever room there is for the reason. */
	rc2 = elf_xen_parse(img, size, &again, small, small_len);
	CHECK(rc2 == rc && terminated(small, small_len));
	CHECK(rc || !memcmp(&info, &again, sizeof(info)));
	CHECK(!memcmp(img, data, size));	/* the image is only read */
	free(img);
	free(why);
	free(small);
	return 0;
}
