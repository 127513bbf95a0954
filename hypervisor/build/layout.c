/* SPDX-License-Identifier: GPL-2.0-only */
/* Placement of a PV domain's boot-time pieces in its pseudo-physical
 * memory (see domain_build.h for the rules and where they come from).
 * Every input comes from the kernel image or the boot modules, so each is
 * bounded first (no count of pages above DOMAIN_MAX_PAGES, so sums of a
 * few of them stay far below 2^64) and every virtual address is computed
 * with checked.h: an image gets a layout inside its domain or a reason. */
#include <parvus/domain_build.h>
#include <parvus/checked.h>
#include <parvus/string.h>
#include <parvus/guest_access.h>
#include <parvus/xen.h>

#define PAGES_PER_4M	1024
#define SLACK_PAGES	128	/* 512 KiB, as alloc_pgtables_pv adds */

/* Tables needed to map [va_start, va_end) with 4 KiB pages: one L4, and an
 * L3, L2 and L1 for each 512 GiB, 1 GiB and 2 MiB region touched. */
unsigned long pt_count_tables(uint64_t va_start, uint64_t va_end)
{
	unsigned long n = 1;
	static const unsigned int shifts[] = { 39, 30, 21 };

	if (va_end <= va_start)
		return n;
	for (unsigned int i = 0; i < ARRAY_SIZE(shifts); i++)
		n += ((va_end - 1) >> shifts[i]) - (va_start >> shifts[i]) + 1;
	return n;
}

static unsigned long mapped_end_pfn(unsigned long stack_pfn)
{
	return ROUND_UP(stack_pfn + 1 + SLACK_PAGES, PAGES_PER_4M);
}

/* The end of the first nr pages from VIRT_BASE, if that range neither
 * wraps nor leaves the guest's addresses. */
static bool region_end(const struct domain_layout *l, unsigned long nr,
		       uint64_t *end)
{
	uint64_t len;

	return pages_to_bytes(nr, &len) && guest_range_ok(l->virt_base, len) &&
	       checked_add(l->virt_base, len, end);
}

/* The kernel's pages, counted from VIRT_BASE: segments far apart (or far
 * above VIRT_BASE) would need more memory than any domain has. */
static int place_kernel(const struct xen_elf_info *info,
			struct domain_layout *l, char *why, size_t why_len)
{
	if (info->virt_kstart < info->virt_base ||
	    info->virt_kend <= info->virt_kstart) {
		snprintf(why, why_len, "kernel at 0x%lx-0x%lx does not lie "
			 "above VIRT_BASE 0x%lx", (unsigned long)info->virt_kstart,
			 (unsigned long)info->virt_kend,
			 (unsigned long)info->virt_base);
		return -XEN_EINVAL;
	}
	l->kernel_pfn = (info->virt_kstart - info->virt_base) >> PAGE_SHIFT;
	l->kernel_end_pfn = bytes_to_pages(info->virt_kend - info->virt_base);
	if (l->kernel_end_pfn > DOMAIN_MAX_PAGES) {
		snprintf(why, why_len, "kernel at 0x%lx-0x%lx spans %lu MiB from "
			 "VIRT_BASE 0x%lx, more than a domain may have (%lu MiB)",
			 (unsigned long)info->virt_kstart,
			 (unsigned long)info->virt_kend,
			 l->kernel_end_pfn >> 8, (unsigned long)info->virt_base,
			 DOMAIN_MAX_PAGES >> 8);
		return -XEN_EINVAL;
	}
	return 0;
}

/* The domain's size and the ramdisk's, before any pfn is added up. */
static int check_sizes(unsigned long nr_pages, uint64_t initrd_len,
		       char *why, size_t why_len)
{
	if (nr_pages > DOMAIN_MAX_PAGES) {
		snprintf(why, why_len, "domain memory of %lu MiB is more than "
			 "a domain may have (%lu MiB)", nr_pages >> 8,
			 DOMAIN_MAX_PAGES >> 8);
		return -XEN_EINVAL;
	}
	if (bytes_to_pages(initrd_len) > DOMAIN_MAX_PAGES) {
		snprintf(why, why_len, "ramdisk of %lu MiB is more than a domain "
			 "may have (%lu MiB)", (unsigned long)(initrd_len >> 20),
			 DOMAIN_MAX_PAGES >> 8);
		return -XEN_EINVAL;
	}
	return 0;
}

/* INIT_P2M: the list at its own address, its tables after it. The range
 * must be the guest's and clear of the bootstrap region. */
static int place_separate_p2m(const struct xen_elf_info *info,
			      struct domain_layout *l, unsigned long *needed,
			      char *why, size_t why_len)
{
	uint64_t start = info->init_p2m, len, end, region_va_end;

	if (!pages_to_bytes(l->nr_p2m_pages, &len) ||
	    !checked_add(start, len, &end) ||
	    !region_end(l, l->nr_mapped_pages, &region_va_end) ||
	    (start & ~PAGE_MASK) || !guest_range_ok(start, len) ||
	    (start < region_va_end && end > l->virt_base)) {
		snprintf(why, why_len, "INIT_P2M address 0x%lx is unusable",
			 (unsigned long)start);
		return -XEN_EINVAL;
	}
	l->p2m_va = start;
	l->p2m_pfn = *needed;
	l->p2m_pt_pfn = l->p2m_pfn + l->nr_p2m_pages;
	/* Its own L3, L2 and L1 tables; the L4 is the bootstrap one. */
	l->nr_p2m_pt_pages = pt_count_tables(start, end) - 1;
	*needed = l->p2m_pt_pfn + l->nr_p2m_pt_pages;
	return 0;
}

/* The page tables map the whole region, themselves included, so their
 * count and the region's end are found together: iterate until the count
 * settles (it only grows, and by far less than the region). */
static int place_page_tables(struct domain_layout *l, char *why,
			     size_t why_len)
{
	unsigned long nr_pt = 1, prev;
	uint64_t end;

	do {
		prev = nr_pt;
		l->stack_pfn = l->pt_pfn + nr_pt;
		if (!region_end(l, mapped_end_pfn(l->stack_pfn), &end)) {
			snprintf(why, why_len, "bootstrap region at 0x%lx is not "
				 "canonical or overlaps the hypervisor's addresses",
				 (unsigned long)l->virt_base);
			return -XEN_EINVAL;
		}
		nr_pt = pt_count_tables(l->virt_base, end);
	} while (nr_pt != prev);
	l->nr_pt_pages = nr_pt;
	l->stack_pfn = l->pt_pfn + nr_pt;
	l->nr_mapped_pages = mapped_end_pfn(l->stack_pfn);
	return 0;
}

int domain_layout_compute(const struct xen_elf_info *info,
			  unsigned long nr_pages, uint64_t initrd_len,
			  struct domain_layout *l, char *why, size_t why_len)
{
	unsigned long pfn, needed;
	int rc;

	memset(l, 0, sizeof(*l));
	l->virt_base = info->virt_base;
	l->nr_pages = nr_pages;
	rc = check_sizes(nr_pages, initrd_len, why, why_len);
	if (!rc)
		rc = place_kernel(info, l, why, why_len);
	if (rc)
		return rc;
	pfn = l->kernel_end_pfn;
	l->nr_initrd_pages = bytes_to_pages(initrd_len);
	l->initrd_unmapped = initrd_len && info->mod_start_pfn;
	if (initrd_len && !l->initrd_unmapped) {
		l->initrd_pfn = pfn;
		pfn += l->nr_initrd_pages;
	}
	l->nr_p2m_pages = bytes_to_pages((uint64_t)nr_pages * sizeof(uint64_t));
	l->p2m_separate = info->init_p2m != UNSET_ADDR;
	if (!l->p2m_separate) {
		l->p2m_pfn = pfn;
		pfn += l->nr_p2m_pages;
	}
	l->start_info_pfn = pfn++;
	l->xenstore_pfn = pfn++;
	l->console_pfn = pfn++;
	l->pt_pfn = pfn;
	rc = place_page_tables(l, why, why_len);
	if (rc)
		return rc;
	needed = l->nr_mapped_pages;
	if (l->initrd_unmapped) {
		l->initrd_pfn = l->nr_mapped_pages;
		needed += l->nr_initrd_pages;
	}
	if (l->p2m_separate) {
		rc = place_separate_p2m(info, l, &needed, why, why_len);
		if (rc)
			return rc;
	} else {
		l->p2m_va = layout_pfn_to_va(l, l->p2m_pfn);
	}
	l->nr_needed_pages = needed;
	if (needed > nr_pages) {
		snprintf(why, why_len, "image%s needs %lu KiB of domain memory "
			 "to boot, the domain has %lu KiB",
			 initrd_len ? " and ramdisk" : "", needed * 4, nr_pages * 4);
		return -XEN_ENOMEM;
	}
	return 0;
}
