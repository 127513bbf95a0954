/* SPDX-License-Identifier: GPL-2.0-only */
/* The pure rules of PCI device assignment (pci.h): whether a device may
 * be given to a domain, the frames and ports that gives it, which of its
 * frames hold MSI-X structures (read-only, as Xen's mmio_ro_ranges), and
 * the memory map (XENMEM_memory_map) of a domain that owns devices. */
#include <parvus/pci.h>
#include <parvus/boot_info.h>
#include <parvus/string.h>

#define FOUR_GIB		(1ULL << 32)
/* The platform's interrupt controllers and timers: I/O APIC, HPET, the
 * local APIC and the MSI address window. A BAR there (a firmware bug)
 * would hand them to a domain. */
#define PLATFORM_START		0xfec00000ULL
#define PLATFORM_END		0xff000000ULL
#define LEGACY_PORTS_END	0x1000
#define MSIX_ENTRY_SIZE		16

static bool overlaps_ram(uint64_t base, uint64_t size, const struct boot_region *ram,
			 unsigned int nr_ram)
{
	uint64_t last = base + size - 1;

	for (unsigned int i = 0; i < nr_ram; i++)
		if (ram[i].start < ram[i].end && ram[i].start <= last &&
		    base <= ram[i].end - 1)
			return true;
	return false;
}

static int check_bar(const struct pci_bar *b, unsigned int i, const struct boot_region *ram,
		     unsigned int nr_ram, char *why, size_t why_len)
{
	if (b->base + b->size < b->base)
		return snprintf(why, why_len, "BAR %u wraps the address space", i), -1;
	if (b->is_io && b->base < LEGACY_PORTS_END)
		return snprintf(why, why_len, "I/O BAR %u at port 0x%lx is in the legacy "
				"ports (below 0x%x)", i, (unsigned long)b->base,
				LEGACY_PORTS_END), -1;
	if (!b->is_io && (b->base & ~PAGE_MASK))
		return snprintf(why, why_len, "BAR %u at 0x%lx is not page-aligned", i,
				(unsigned long)b->base), -1;
	if (!b->is_io && b->base < PLATFORM_END && PLATFORM_START < b->base + b->size)
		return snprintf(why, why_len, "BAR %u at 0x%lx overlaps the interrupt "
				"controllers (0x%llx-0x%llx)", i, (unsigned long)b->base,
				PLATFORM_START, PLATFORM_END - 1), -1;
	if (!b->is_io && overlaps_ram(b->base, b->size, ram, nr_ram))
		return snprintf(why, why_len, "BAR %u (0x%lx, %lu bytes) overlaps RAM", i,
				(unsigned long)b->base, (unsigned long)b->size), -1;
	return 0;
}

int pci_assign_check(const struct pci_dev *dev, const struct boot_region *ram,
		     unsigned int nr_ram, char *why, size_t why_len)
{
	if ((dev->header_type & 0x7f) != 0)
		return snprintf(why, why_len, "is a bridge (header type %u), not a device",
				dev->header_type & 0x7f), -1;
	for (unsigned int i = 0; i < 6; i++)
		if (dev->bars[i].present &&
		    check_bar(&dev->bars[i], i, ram, nr_ram, why, why_len))
			return -1;
	return 0;
}

int pci_assign_ranges(const struct pci_dev *dev, struct rangeset *iomem,
		      struct rangeset *ioport)
{
	for (unsigned int i = 0; i < 6; i++) {
		const struct pci_bar *b = &dev->bars[i];
		int rc;

		if (!b->present || !b->size)
			continue;
		if (b->is_io)
			rc = rangeset_add(ioport, b->base, b->base + b->size - 1);
		else
			rc = rangeset_add(iomem, b->base >> PAGE_SHIFT,
					  (b->base + b->size - 1) >> PAGE_SHIFT);
		if (rc)
			return -1;
	}
	return 0;
}

/* Does [off, off + len) of BAR bir of dev cover part of frame mfn? */
static bool bar_part_in_frame(const struct pci_dev *dev, unsigned int bir, uint64_t off,
			      uint64_t len, uint64_t mfn)
{
	const struct pci_bar *b;
	uint64_t first, last;

	if (bir >= 6 || !len)
		return false;
	b = &dev->bars[bir];
	if (!b->present || b->is_io)
		return false;
	first = (b->base + off) >> PAGE_SHIFT;
	last = (b->base + off + len - 1) >> PAGE_SHIFT;
	return first <= mfn && mfn <= last;
}

bool pci_msix_frame(const struct pci_dev *devs, unsigned int nr, unsigned int domid,
		    uint64_t mfn)
{
	for (unsigned int i = 0; i < nr; i++) {
		const struct pci_dev *d = &devs[i];
		uint64_t table = (uint64_t)d->msix_entries * MSIX_ENTRY_SIZE;
		uint64_t pba = DIV_ROUND_UP((uint64_t)d->msix_entries, 64) * 8;

		if (d->owner != domid || !d->msix_cap)
			continue;
		if (bar_part_in_frame(d, d->msix_table_bir, d->msix_table_off, table, mfn) ||
		    bar_part_in_frame(d, d->msix_pba_bir, d->msix_pba_off, pba, mfn))
			return true;
	}
	return false;
}

uint64_t pci_hole_start(const struct boot_region *ram, unsigned int nr_ram)
{
	uint64_t top = 0;

	for (unsigned int i = 0; i < nr_ram; i++)
		if (ram[i].end <= FOUR_GIB)
			top = MAX(top, ram[i].end);
	return ROUND_UP(top, PAGE_SIZE);
}

unsigned int pci_memory_map(uint64_t ram_bytes, bool hole, uint64_t hole_start,
			    struct e820_entry *out)
{
	unsigned int n = 0;

	if (!hole || hole_start >= FOUR_GIB) {
		out[0] = (struct e820_entry){ 0, ram_bytes, E820_RAM };
		return 1;
	}
	out[n++] = (struct e820_entry){ 0, MIN(ram_bytes, hole_start), E820_RAM };
	out[n++] = (struct e820_entry){ hole_start, FOUR_GIB - hole_start, E820_RESERVED };
	if (ram_bytes > hole_start)
		out[n++] = (struct e820_entry){ FOUR_GIB, ram_bytes - hole_start, E820_RAM };
	return n;
}
