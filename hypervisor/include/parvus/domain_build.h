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
};

/* initrd_len 0: no ramdisk. With MOD_START_PFN in the notes it goes
 * after the mapped region (Linux's choice), else right after the kernel.
 * With INIT_P2M the p2m list and the tables that map it at that address
 * come last, outside the bootstrap region (start_info's first_p2m_pfn and
 * nr_p2m_frames), as libxenguest's alloc_p2m_list_x86_64 places them. */
int domain_layout_compute(const struct xen_elf_info *info,
			  unsigned long nr_pages, uint64_t initrd_len,
			  struct domain_layout *l, char *why, size_t why_len);

static inline uint64_t layout_pfn_to_va(const struct domain_layout *l,
					unsigned long pfn)
{
	return l->virt_base + ((uint64_t)pfn << 12);
}

/* Returns a pointer to the contents of machine frame mfn. */
typedef void *(*map_frame_fn)(void *ctx, uint64_t mfn);

/* Writes the bootstrap page tables into pfns [pt_pfn, pt_pfn + nr_pt_pages)
 * mapping the bootstrap region with p2m[] machine frames; page-table frames
 * are mapped read-only. hv_slots (16 entries) become L4 slots 256..271.
 * Returns the MFN of the L4. */
uint64_t pt_build_bootstrap(const struct domain_layout *l, const uint64_t *p2m,
			    const uint64_t *hv_slots, map_frame_fn map,
			    void *ctx);

/* Page-table counting used by the layout (exposed for tests). */
unsigned long pt_count_tables(uint64_t va_start, uint64_t va_end);

/* Fills a hypercall page with Xen's 64-bit stubs (one per 32 bytes). */
void hypercall_page_fill(uint8_t *page);

#endif
