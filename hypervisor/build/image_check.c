/* SPDX-License-Identifier: GPL-2.0-only */
/* The one verdict on whether a kernel image can become a PV domain: the
 * builder runs it at boot, the parvus CLI on the host (inspect, run), so
 * the two never disagree. An image is refused here or not at all: what
 * the builder does after it (loader.c, pt_build.c) only re-checks. */
#include <parvus/domain_build.h>
#include <parvus/string.h>
#include <parvus/xen.h>

int domain_image_check(const void *image, size_t size, unsigned long nr_pages,
		       uint64_t initrd_len, struct xen_elf_info *info,
		       struct domain_layout *l, char *why, size_t why_len)
{
	int rc = elf_xen_parse(image, size, info, why, why_len);

	if (!rc)
		rc = domain_layout_compute(info, nr_pages, initrd_len, l, why,
					   why_len);
	return rc;
}

/* The layout of a larger domain needs a larger p2m list, so grow the
 * domain to what the last attempt needed until it fits: a few rounds, as
 * the p2m is 1/512 of the memory it describes. Every other rule only gets
 * stricter with size, so the smallest fit is the verdict for all sizes. */
int domain_image_min_pages(const void *image, size_t size, uint64_t initrd_len,
			   unsigned long *nr_pages, char *why, size_t why_len)
{
	struct xen_elf_info info;
	struct domain_layout l;
	unsigned long n = 1;
	int rc;

	for (;;) {
		rc = domain_image_check(image, size, n, initrd_len, &info, &l,
					why, why_len);
		if (rc != -XEN_ENOMEM || l.nr_needed_pages <= n)
			break;
		if (l.nr_needed_pages > DOMAIN_MAX_PAGES) {
			snprintf(why, why_len, "image%s needs %lu MiB of domain "
				 "memory to boot, more than a domain may have "
				 "(%lu MiB)", initrd_len ? " and ramdisk" : "",
				 l.nr_needed_pages >> 8, DOMAIN_MAX_PAGES >> 8);
			break;
		}
		n = l.nr_needed_pages;
	}
	*nr_pages = n;
	return rc;
}
