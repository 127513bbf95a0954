/* SPDX-License-Identifier: GPL-2.0-only */
/* Copies a PV kernel's PT_LOAD segments and its ramdisk into a new
 * domain's frames, page by page (the frames need not be contiguous), as
 * Xen's elf_load_binary and the domain builder's ramdisk copy do. The
 * layout already keeps both inside the domain; every page index is checked
 * here again before a frame is touched, so a mistake there (or in the
 * image checks) is an error, never a write to a frame the domain does not
 * own. Pure logic: frames are reached through map(), as in pt_build.c. */
#include <parvus/domain_build.h>
#include <parvus/checked.h>
#include <parvus/string.h>
#include <parvus/xen.h>

static void *refuse(const struct domain_loader *ld, const char *what,
		    uint64_t where)
{
	snprintf(ld->why, ld->why_len, "%s at 0x%lx lies outside the pages "
		 "the layout gave it", what, (unsigned long)where);
	return NULL;
}

void *loader_frame(const struct domain_loader *ld, uint64_t pfn)
{
	if (pfn >= ld->l->nr_pages) {
		snprintf(ld->why, ld->why_len, "pfn 0x%lx is outside the "
			 "domain's %lu pages", (unsigned long)pfn, ld->l->nr_pages);
		return NULL;
	}
	return ld->map(ld->ctx, ld->p2m[pfn]);
}

/* True if [va, va + len) lies inside the kernel's pages of the layout. */
static bool in_kernel_pages(const struct domain_layout *l, uint64_t va,
			    uint64_t len)
{
	uint64_t off, size, start;

	return l->kernel_pfn <= l->kernel_end_pfn &&
	       pages_to_bytes(l->kernel_pfn, &off) &&
	       pages_to_bytes(l->kernel_end_pfn - l->kernel_pfn, &size) &&
	       checked_add(l->virt_base, off, &start) &&
	       range_inside(va, len, start, size);
}

void *loader_kernel_page(const struct domain_loader *ld, uint64_t va)
{
	if ((va & ~PAGE_MASK) || !in_kernel_pages(ld->l, va, PAGE_SIZE))
		return refuse(ld, "kernel page", va);
	return loader_frame(ld, (va - ld->l->virt_base) >> PAGE_SHIFT);
}

/* Only the file part is copied: the rest (bss) of a fresh frame is zero. */
int loader_copy_segment(void *ctx, uint64_t va, const void *src,
			uint64_t filesz, uint64_t memsz)
{
	const struct domain_loader *ld = ctx;
	uint64_t off = 0;

	if (filesz > memsz || !in_kernel_pages(ld->l, va, memsz)) {
		refuse(ld, "PT_LOAD segment", va);
		return -XEN_EINVAL;
	}
	while (off < filesz) {
		uint64_t cur = va + off;
		uint64_t chunk = MIN(PAGE_SIZE - (cur & ~PAGE_MASK), filesz - off);
		uint8_t *page = loader_frame(ld, (cur - ld->l->virt_base) >> PAGE_SHIFT);

		if (!page)
			return -XEN_EINVAL;
		memcpy(page + (cur & ~PAGE_MASK), (const uint8_t *)src + off, chunk);
		off += chunk;
	}
	return 0;
}

int loader_copy_initrd(const struct domain_loader *ld, const uint8_t *initrd,
		       uint64_t len)
{
	const struct domain_layout *l = ld->l;

	if (bytes_to_pages(len) != l->nr_initrd_pages) {
		refuse(ld, "ramdisk", l->initrd_pfn);
		return -XEN_EINVAL;
	}
	for (uint64_t i = 0; i < l->nr_initrd_pages; i++) {
		uint64_t off = i * PAGE_SIZE;
		uint8_t *page = loader_frame(ld, (uint64_t)l->initrd_pfn + i);

		if (!page)
			return -XEN_EINVAL;
		memcpy(page, initrd + off, MIN(PAGE_SIZE, len - off));
	}
	return 0;
}
