/* SPDX-License-Identifier: GPL-2.0-only */
/* gnt-probe: what a Linux driver domain's grant path meets on this
 * hypervisor, tried from user space in one domain. It grants one page to
 * itself with /dev/xen/gntalloc (GNTTABOP grant entries), then through
 * /dev/xen/gntdev copies it (GNTTABOP_copy) and maps it: the map ioctl
 * takes pages from gnttab_alloc_pages (unpopulated-alloc under PV) and
 * mmap maps the grant as back ends do under PV (GNTMAP_host_map |
 * GNTMAP_contains_pte into the PTE, the p2m set from dev_bus_addr). Each
 * step prints "gnt-probe: STEP: ok" or the errno; it never stops early
 * except when a step's result is needed by the next. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xen/sys/gntalloc.h>
#include <xen/sys/gntdev.h>

#define PAGE	4096
#define GNTCOPY_SOURCE_GREF	1	/* GNTCOPY_source_gref, xen/grant_table.h */
static const char pattern[] = "parvus grant probe";

static int step(const char *what, int rc)
{
	if (rc < 0)
		printf("gnt-probe: %s: failed: %s\n", what, strerror(errno));
	else
		printf("gnt-probe: %s: ok\n", what);
	fflush(stdout);
	return rc;
}

/* One page granted to ourselves (writable), the pattern written in it. */
static int grant_own_page(uint16_t self, uint32_t *ref)
{
	struct ioctl_gntalloc_alloc_gref a = { .domid = self, .flags = GNTALLOC_FLAG_WRITABLE,
					       .count = 1 };
	int fd = open("/dev/xen/gntalloc", O_RDWR);

	if (step("open /dev/xen/gntalloc", fd) < 0 ||
	    step("IOCTL_GNTALLOC_ALLOC_GREF", ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, &a)) < 0)
		return -1;
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, a.index);

	if (step("mmap the granted page", p == MAP_FAILED ? -1 : 0) < 0)
		return -1;
	strcpy(p, pattern);
	*ref = a.gref_ids[0];
	printf("gnt-probe: granted page: ref %u to d%u\n", *ref, self);
	return 0;		/* fd and mapping stay open: the grant lives */
}

static void copy_grant(int dev, uint16_t self, uint32_t ref)
{
	char buf[64] = "";
	struct ioctl_gntdev_grant_copy_segment seg = {
		.source.foreign = { .ref = ref, .offset = 0, .domid = self },
		.dest.virt = buf, .len = sizeof(pattern), .flags = GNTCOPY_SOURCE_GREF,
	};
	struct ioctl_gntdev_grant_copy c = { .count = 1, .segments = &seg };

	if (step("IOCTL_GNTDEV_GRANT_COPY (GNTTABOP_copy)", ioctl(dev, IOCTL_GNTDEV_GRANT_COPY, &c)) < 0)
		return;
	printf("gnt-probe: copy status %d, %s\n", seg.status,
	       strcmp(buf, pattern) ? "data differs" : "data matches");
}

static void map_grant(int dev, uint16_t self, uint32_t ref)
{
	struct ioctl_gntdev_map_grant_ref m = { .count = 1, .refs[0] = { .domid = self, .ref = ref } };

	if (step("IOCTL_GNTDEV_MAP_GRANT_REF (gnttab_alloc_pages)",
		 ioctl(dev, IOCTL_GNTDEV_MAP_GRANT_REF, &m)) < 0)
		return;
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, dev, m.index);

	if (step("mmap the grant (GNTTABOP_map_grant_ref, contains_pte)", p == MAP_FAILED ? -1 : 0) < 0)
		return;
	printf("gnt-probe: mapped page %s\n", strcmp(p, pattern) ? "differs" : "matches");
	step("munmap (GNTTABOP_unmap_grant_ref)", munmap(p, PAGE));
}

int main(int argc, char **argv)
{
	uint32_t ref;
	uint16_t self = argc > 1 ? (uint16_t)atoi(argv[1]) : 0;

	if (argc != 2) {
		fprintf(stderr, "usage: gnt-probe SELF-DOMID\n");
		return 2;
	}
	if (grant_own_page(self, &ref))
		return 1;
	int dev = open("/dev/xen/gntdev", O_RDWR);

	if (step("open /dev/xen/gntdev", dev) < 0)
		return 1;
	copy_grant(dev, self, ref);
	map_grant(dev, self, ref);
	return 0;
}
