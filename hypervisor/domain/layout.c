/* Placement of a PV domain's boot-time pieces in its pseudo-physical
 * memory (see domain_build.h for the rules and where they come from). */
#include <parvus/domain_build.h>
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

/* INIT_P2M: the list at its own address, its tables after it. The range
 * must be the guest's and clear of the bootstrap region. */
static int place_separate_p2m(const struct xen_elf_info *info,
			      struct domain_layout *l, unsigned long *needed,
			      char *why, size_t why_len)
{
	uint64_t start = info->init_p2m, len = l->nr_p2m_pages * PAGE_SIZE;
	uint64_t region_end = layout_pfn_to_va(l, l->nr_mapped_pages);

	if ((start & ~PAGE_MASK) || !guest_range_ok(start, len) ||
	    (start < region_end && start + len > l->virt_base)) {
		snprintf(why, why_len, "INIT_P2M address 0x%lx is unusable",
			 (unsigned long)start);
		return -XEN_EINVAL;
	}
	l->p2m_va = start;
	l->p2m_pfn = *needed;
	l->p2m_pt_pfn = l->p2m_pfn + l->nr_p2m_pages;
	/* Its own L3, L2 and L1 tables; the L4 is the bootstrap one. */
	l->nr_p2m_pt_pages = pt_count_tables(start, start + len) - 1;
	*needed = l->p2m_pt_pfn + l->nr_p2m_pt_pages;
	return 0;
}

int domain_layout_compute(const struct xen_elf_info *info,
			  unsigned long nr_pages, uint64_t initrd_len,
			  struct domain_layout *l, char *why, size_t why_len)
{
	unsigned long pfn, nr_pt = 1, prev, needed;

	memset(l, 0, sizeof(*l));
	l->virt_base = info->virt_base;
	l->nr_pages = nr_pages;
	l->kernel_pfn = (info->virt_kstart - info->virt_base) >> 12;
	l->kernel_end_pfn = DIV_ROUND_UP(info->virt_kend - info->virt_base,
					 PAGE_SIZE);
	pfn = l->kernel_end_pfn;
	l->nr_initrd_pages = DIV_ROUND_UP(initrd_len, PAGE_SIZE);
	l->initrd_unmapped = initrd_len && info->mod_start_pfn;
	if (initrd_len && !l->initrd_unmapped) {
		l->initrd_pfn = pfn;
		pfn += l->nr_initrd_pages;
	}
	l->nr_p2m_pages = DIV_ROUND_UP(nr_pages * sizeof(uint64_t), PAGE_SIZE);
	l->p2m_separate = info->init_p2m != UNSET_ADDR;
	if (!l->p2m_separate) {
		l->p2m_pfn = pfn;
		pfn += l->nr_p2m_pages;
	}
	l->start_info_pfn = pfn++;
	l->xenstore_pfn = pfn++;
	l->console_pfn = pfn++;
	l->pt_pfn = pfn;

	/* The tables map themselves, so iterate until their count settles. */
	do {
		prev = nr_pt;
		l->stack_pfn = l->pt_pfn + nr_pt;
		nr_pt = pt_count_tables(l->virt_base, layout_pfn_to_va(l,
					mapped_end_pfn(l->stack_pfn)));
	} while (nr_pt != prev);
	l->nr_pt_pages = nr_pt;
	l->stack_pfn = l->pt_pfn + nr_pt;
	l->nr_mapped_pages = mapped_end_pfn(l->stack_pfn);
	needed = l->nr_mapped_pages;
	if (l->initrd_unmapped) {
		l->initrd_pfn = l->nr_mapped_pages;
		needed += l->nr_initrd_pages;
	}
	if (l->p2m_separate) {
		int rc = place_separate_p2m(info, l, &needed, why, why_len);
		if (rc)
			return rc;
	} else {
		l->p2m_va = layout_pfn_to_va(l, l->p2m_pfn);
	}
	if (needed > nr_pages) {
		snprintf(why, why_len, "image%s needs %lu KiB of domain memory "
			 "to boot, the domain has %lu KiB",
			 initrd_len ? " and ramdisk" : "", needed * 4, nr_pages * 4);
		return -XEN_ENOMEM;
	}
	if (!guest_range_ok(l->virt_base, l->nr_mapped_pages * PAGE_SIZE)) {
		snprintf(why, why_len, "bootstrap region at 0x%lx is not "
			 "canonical or overlaps the hypervisor's addresses",
			 (unsigned long)l->virt_base);
		return -XEN_EINVAL;
	}
	return 0;
}
