/* SPDX-License-Identifier: GPL-2.0-only */
/* The pure half of the PV domain builder: where each piece of a new domain
 * goes in its pseudo-physical memory, and how its bootstrap page tables and
 * hypercall page look. It follows Xen's layout for a PV domU (libxenguest
 * xc_dom_build_image, alloc_magic_pages_pv, alloc_pgtables_pv), which Linux
 * depends on: one contiguous virtual region from VIRT_BASE, mapped 1:1 to
 * pfn 0.., holding kernel, p2m list, start_info, xenstore and console rings,
 * page tables and boot stack, ending on a 4 MiB boundary with at least
 * 512 KiB to spare. Machine memory is reached through a caller-supplied
 * mapping function, so this code is unit-tested against fake memory. */
#ifndef PARVUS_DOMAIN_BUILD_H
#define PARVUS_DOMAIN_BUILD_H

#include <parvus/types.h>
#include <parvus/elf.h>

/* The most memory a domain may have (1 TiB, the boot manifest's limit).
 * The layout refuses anything larger, which also bounds every page count
 * it adds up. */
#define DOMAIN_MAX_PAGES	(1UL << 28)

struct domain_layout {
	uint64_t virt_base;
	unsigned long nr_pages;		/* all memory of the domain */
	unsigned long kernel_pfn, kernel_end_pfn;
	unsigned long initrd_pfn, nr_initrd_pages;
	bool initrd_unmapped;		/* after the region, named by pfn */
	unsigned long p2m_pfn, nr_p2m_pages;
	uint64_t p2m_va;		/* where the guest sees its p2m list */
	bool p2m_separate;		/* INIT_P2M: own mapping, own tables */
	unsigned long p2m_pt_pfn, nr_p2m_pt_pages;
	unsigned long start_info_pfn, xenstore_pfn, console_pfn;
	unsigned long pt_pfn, nr_pt_pages;
	unsigned long stack_pfn;
	unsigned long nr_mapped_pages;	/* the bootstrap region [0, n) */
	unsigned long nr_needed_pages;	/* pfns [0, n) in use (n <= nr_pages) */
};

/* initrd_len 0: no ramdisk. With MOD_START_PFN in the notes it goes
 * after the mapped region (Linux's choice), else right after the kernel.
 * With INIT_P2M the p2m list and the tables that map it at that address
 * come last, outside the bootstrap region (start_info's first_p2m_pfn and
 * nr_p2m_frames), as libxenguest's alloc_p2m_list_x86_64 places them. */
int domain_layout_compute(const struct xen_elf_info *info,
			  unsigned long nr_pages, uint64_t initrd_len,
			  struct domain_layout *l, char *why, size_t why_len);

/* image_check.c: the one verdict on a kernel image, shared by the builder
 * and the parvus CLI (inspect, run): elf_xen_parse, then the layout for a
 * domain of nr_pages with a ramdisk of initrd_len bytes. 0, or a Xen errno
 * with a one-line reason in why. */
int domain_image_check(const void *image, size_t size, unsigned long nr_pages,
		       uint64_t initrd_len, struct xen_elf_info *info,
		       struct domain_layout *l, char *why, size_t why_len);
/* The same verdict for the smallest domain the image boots in: 0 with
 * *nr_pages set, or the reason it boots in none. */
int domain_image_min_pages(const void *image, size_t size, uint64_t initrd_len,
			   unsigned long *nr_pages, char *why, size_t why_len);

static inline uint64_t layout_pfn_to_va(const struct domain_layout *l,
					unsigned long pfn)
{
	return l->virt_base + ((uint64_t)pfn << 12);
}

/* Returns a pointer to the contents of machine frame mfn. */
typedef void *(*map_frame_fn)(void *ctx, uint64_t mfn);

/* Writes the bootstrap page tables into pfns [pt_pfn, pt_pfn + nr_pt_pages)
 * mapping the bootstrap region with p2m[] machine frames (l->nr_pages of
 * them); page-table frames are mapped read-only. hv_slots (16 entries)
 * become L4 slots 256..271. Sets *l4_mfn; -XEN_EINVAL if the tables would
 * need a frame outside those the layout gave them. */
int pt_build_bootstrap(const struct domain_layout *l, const uint64_t *p2m,
		       const uint64_t *hv_slots, map_frame_fn map, void *ctx,
		       uint64_t *l4_mfn);

/* loader.c: copying the kernel and ramdisk into the domain's frames p2m[]
 * (l->nr_pages of them). Every page index is checked against the layout
 * first: an error with a reason in why, never a frame outside the domain. */
struct domain_loader {
	const struct domain_layout *l;
	const uint64_t *p2m;
	map_frame_fn map;
	void *ctx;
	char *why;
	size_t why_len;
};
/* The contents of the domain's page pfn, or NULL (and a reason) if the
 * domain has no such page. */
void *loader_frame(const struct domain_loader *ld, uint64_t pfn);
/* The page at va, which must be one of the kernel's (HYPERCALL_PAGE). */
void *loader_kernel_page(const struct domain_loader *ld, uint64_t va);
/* An elf_load_fn: ctx is the struct domain_loader. */
int loader_copy_segment(void *ctx, uint64_t va, const void *src,
			uint64_t filesz, uint64_t memsz);
int loader_copy_initrd(const struct domain_loader *ld, const uint8_t *initrd,
		       uint64_t len);

/* Page-table counting used by the layout (exposed for tests). */
unsigned long pt_count_tables(uint64_t va_start, uint64_t va_end);

/* Fills a hypercall page with Xen's 64-bit stubs (one per 32 bytes). */
void hypercall_page_fill(uint8_t *page);

#endif
