/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's PCI devices (pci.h): found once at boot on segment 0
 * (bus 0 and the buses behind its bridges), each BAR's size probed then
 * (and never again: no domain runs yet, and the BAR is restored at once),
 * with its MSI and MSI-X capabilities. Devices are given to domains by
 * the boot manifest (pci=) and taken back when the owner is destroyed,
 * bus mastering off. Also the glue between domains and the pure rules:
 * what a domain may map of a non-RAM frame, the pciback domain's conf1
 * accesses, a device owner's memory map. Config space is reached only
 * through pci_conf_read/pci_conf_write (arch/x86_64/pci_conf1.c). */
#include <parvus/pci.h>
#include <parvus/boot_info.h>
#include <parvus/console.h>
#include <parvus/domain.h>
#include <parvus/page_types.h>
#include <parvus/string.h>

#define MAX_CAPS	48	/* a capability list is at most this long */

struct pci_dev pci_devs[PCI_MAX_DEVS];
unsigned int pci_nr_devs;
static const struct boot_region *boot_ram;
static unsigned int boot_nr_ram;
static uint64_t hole_start;

struct pci_dev *pci_dev_find(uint16_t seg, uint8_t bus, uint8_t devfn)
{
	for (unsigned int i = 0; i < pci_nr_devs; i++)
		if (pci_devs[i].seg == seg && pci_devs[i].bus == bus &&
		    pci_devs[i].devfn == devfn)
			return &pci_devs[i];
	return NULL;
}

/* ---- the boot scan ---- */

/* What BAR register reg reads back after all-ones; the register is
 * restored. Decoding is off meanwhile (probe_bars). */
static uint32_t probe_register(const struct pci_dev *d, unsigned int reg, uint32_t ones)
{
	uint32_t old = pci_conf_read(d, reg, 4), mask;

	pci_conf_write(d, reg, 4, ones);
	mask = pci_conf_read(d, reg, 4);
	pci_conf_write(d, reg, 4, old);
	return mask;
}

/* BAR i from the register values (lo, and hi of a 64-bit BAR) and the
 * probed masks. Returns how many registers it used (2 for a 64-bit BAR). */
static unsigned int decode_bar(struct pci_dev *d, unsigned int i)
{
	struct pci_bar *b = &d->bars[i];
	uint32_t lo = pci_conf_read(d, PCI_BAR0 + 4 * i, 4), m = d->bar_mask[i];
	uint64_t mask;

	b->is_io = lo & 1;
	if (b->is_io) {
		mask = m & ~3u;
		if (!(mask >> 16))
			mask |= 0xffff0000u;	/* 16-bit I/O decoders */
		b->base = lo & ~3u;
		b->size = m & ~3u ? (uint32_t)(~(uint32_t)mask + 1) : 0;
	} else {
		b->is_64 = (lo & 6) == 4 && i < 5;
		mask = m & ~0xfu;
		b->base = lo & ~0xfu;
		if (b->is_64) {
			mask |= (uint64_t)d->bar_mask[i + 1] << 32;
			b->base |= (uint64_t)pci_conf_read(d, PCI_BAR0 + 4 * (i + 1), 4) << 32;
		} else {
			mask |= 0xffffffff00000000ULL;
		}
		b->size = (m & ~0xfu) || (b->is_64 && d->bar_mask[i + 1]) ? ~mask + 1 : 0;
	}
	b->present = b->size != 0;
	return b->is_64 ? 2 : 1;
}

static void probe_bars(struct pci_dev *d)
{
	uint32_t cmd = pci_conf_read(d, PCI_COMMAND, 2);

	pci_conf_write(d, PCI_COMMAND, 2, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (unsigned int i = 0; i < 6; i++)
		d->bar_mask[i] = probe_register(d, PCI_BAR0 + 4 * i, 0xffffffffu);
	d->bar_mask[6] = probe_register(d, PCI_ROM_BAR, PCI_ROM_MASK);
	pci_conf_write(d, PCI_COMMAND, 2, cmd);
	for (unsigned int i = 0; i < 6; i += decode_bar(d, i))
		;
}

static void record_msi(struct pci_dev *d, uint8_t cap)
{
	uint16_t ctrl = (uint16_t)pci_conf_read(d, cap + 2, 2);

	d->msi_cap = cap;
	d->msi_len = (uint8_t)(10 + (ctrl & 0x80 ? 4 : 0) + (ctrl & 0x100 ? 10 : 0));
}

static void record_msix(struct pci_dev *d, uint8_t cap)
{
	uint32_t table = pci_conf_read(d, cap + 4, 4), pba = pci_conf_read(d, cap + 8, 4);

	d->msix_cap = cap;
	d->msix_entries = (uint16_t)((pci_conf_read(d, cap + 2, 2) & 0x7ff) + 1);
	d->msix_table_bir = table & 7;
	d->msix_table_off = table & ~7u;
	d->msix_pba_bir = pba & 7;
	d->msix_pba_off = pba & ~7u;
}

/* Virtio's vendor capabilities (virtio spec 4.1.4): cfg_type at +3, the
 * BAR at +4, the offset in it at +8. The first common one counts. */
static void record_virtio(struct pci_dev *d, uint8_t cap)
{
	if (d->vendor != PCI_VENDOR_VIRTIO || d->virtio_common ||
	    pci_conf_read(d, cap + 3, 1) != VIRTIO_PCI_CAP_COMMON_CFG)
		return;
	d->virtio_common_bar = (uint8_t)pci_conf_read(d, cap + 4, 1);
	d->virtio_common_off = pci_conf_read(d, cap + 8, 4);
	d->virtio_common = d->virtio_common_bar < 6;
}

static void walk_caps(struct pci_dev *d)
{
	uint8_t cap;

	if (!(pci_conf_read(d, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
		return;
	cap = (uint8_t)pci_conf_read(d, PCI_CAP_PTR, 1) & ~3u;
	for (unsigned int n = 0; cap >= 0x40 && n < MAX_CAPS; n++) {
		uint8_t id = (uint8_t)pci_conf_read(d, cap, 1);

		if (id == PCI_CAP_ID_MSI && !d->msi_cap)
			record_msi(d, cap);
		else if (id == PCI_CAP_ID_MSIX && !d->msix_cap)
			record_msix(d, cap);
		else if (id == PCI_CAP_ID_VNDR)
			record_virtio(d, cap);
		cap = (uint8_t)pci_conf_read(d, cap + 1, 1) & ~3u;
	}
}

static void print_dev(const struct pci_dev *d)
{
	char bdf[16], line[320];
	size_t n;

	pci_format_bdf(bdf, sizeof(bdf), &(struct pci_bdf){ d->seg, d->bus, d->devfn });
	n = (size_t)snprintf(line, sizeof(line), "%04x:%04x%s", d->vendor, d->device,
			     d->header_type & 0x7f ? " bridge" : "");
	for (unsigned int i = 0; i < 6 && n < sizeof(line); i++) {
		const struct pci_bar *b = &d->bars[i];

		if (b->present)
			n += (size_t)snprintf(line + n, sizeof(line) - n, " bar%u=%s:0x%lx+0x%lx",
					      i, b->is_io ? "io" : b->is_64 ? "mem64" : "mem",
					      (unsigned long)b->base, (unsigned long)b->size);
	}
	if (d->msix_cap && n < sizeof(line))
		n += (size_t)snprintf(line + n, sizeof(line) - n, " msix=%u@bar%u+0x%x",
				      d->msix_entries, d->msix_table_bir, d->msix_table_off);
	if (d->virtio_common && n < sizeof(line))
		snprintf(line + n, sizeof(line) - n, " virtio=bar%u+0x%x", d->virtio_common_bar,
			 d->virtio_common_off);
	printk("parvus: pci %s %s\n", bdf, line);
}

/* Records the function at bus/devfn (present: its vendor is not 0xffff);
 * returns its header type, or 0xff when there is nothing. */
static uint8_t scan_function(uint8_t bus, uint8_t devfn)
{
	struct pci_dev probe = { .bus = bus, .devfn = devfn }, *d;
	uint32_t id = pci_conf_read(&probe, PCI_VENDOR_ID, 4);

	if ((id & 0xffff) == 0xffff || (id & 0xffff) == 0)
		return 0xff;
	if (pci_nr_devs == PCI_MAX_DEVS) {
		printk("parvus: pci: more than %d devices, the rest ignored\n", PCI_MAX_DEVS);
		return 0xff;
	}
	d = &pci_devs[pci_nr_devs++];
	*d = probe;
	d->vendor = (uint16_t)id;
	d->device = (uint16_t)(id >> 16);
	d->header_type = (uint8_t)pci_conf_read(d, PCI_HEADER_TYPE, 1);
	if (!(d->header_type & 0x7f)) {
		probe_bars(d);
		walk_caps(d);
	}
	print_dev(d);
	return d->header_type;
}

static void scan_bus(uint8_t bus, unsigned int depth)
{
	for (unsigned int dev = 0; dev < 32; dev++) {
		uint8_t ht = scan_function(bus, PCI_DEVFN(dev, 0));

		if (ht == 0xff)
			continue;
		for (unsigned int fn = 1; fn < 8 && (ht & 0x80); fn++)
			scan_function(bus, PCI_DEVFN(dev, fn));
	}
	for (unsigned int i = 0; i < pci_nr_devs && depth < 4; i++) {
		struct pci_dev *d = &pci_devs[i];
		uint8_t secondary;

		if (d->bus != bus || (d->header_type & 0x7f) != 1)
			continue;
		secondary = (uint8_t)pci_conf_read(d, 0x19, 1);
		if (secondary > bus)
			scan_bus(secondary, depth + 1);
	}
}

void pci_scan(const struct boot_region *ram, unsigned int nr_ram)
{
	boot_ram = ram;
	boot_nr_ram = nr_ram;
	hole_start = pci_hole_start(ram, nr_ram);
	scan_bus(0, 0);
	printk("parvus: pci: %u devices; PCI hole 0x%lx-0xffffffff\n", pci_nr_devs,
	       (unsigned long)hole_start);
}

/* ---- assignment ---- */

int pci_check_assignable(const struct pci_bdf *bdf, char *why, size_t why_len)
{
	struct pci_dev *d = pci_dev_find(bdf->seg, bdf->bus, bdf->devfn);
	char name[16], reason[128];

	pci_format_bdf(name, sizeof(name), bdf);
	if (!d)
		return snprintf(why, why_len, "pci=%s: no such device on this machine", name), -1;
	if (pci_assign_check(d, boot_ram, boot_nr_ram, reason, sizeof(reason)))
		return snprintf(why, why_len, "pci=%s: %s", name, reason), -1;
	return 0;
}

int pci_assign(struct domain *dom, const struct pci_bdf *bdfs, unsigned int n,
	       char *why, size_t why_len)
{
	for (unsigned int i = 0; i < n; i++) {
		struct pci_dev *d = pci_dev_find(bdfs[i].seg, bdfs[i].bus, bdfs[i].devfn);
		char name[16];

		pci_format_bdf(name, sizeof(name), &bdfs[i]);
		if (!d || d->owner)
			return snprintf(why, why_len, "pci=%s: not assignable", name), -1;
		if (pci_assign_ranges(d, &dom->iomem, &dom->ioport))
			return snprintf(why, why_len, "pci=%s: too many BARs", name), -1;
		d->owner = dom->domid;
		d->sizing = 0;
		dom->has_pci = true;
		printk("parvus: pci %s assigned to d%u (%s)\n", name, dom->domid, dom->name);
	}
	return 0;
}

/* After bus mastering is off (what the device finishes meanwhile cannot
 * reach memory): a virtio device forgets the dead owner's queues, so the
 * next owner's bus mastering cannot revive them. Memory decoding is on
 * for the write, and stays as the owner left it. What it did, for the log. */
static const char *pci_reset_device(struct pci_dev *d)
{
	uint32_t cmd = pci_conf_read(d, PCI_COMMAND, 2);
	int rc;

	if (!d->virtio_common)
		return ", no reset known for it";
	pci_conf_write(d, PCI_COMMAND, 2, cmd | PCI_COMMAND_MEMORY);
	rc = arch_virtio_reset(d);
	pci_conf_write(d, PCI_COMMAND, 2, cmd);
	return rc ? ", virtio reset FAILED" : ", virtio reset";
}

void pci_release(struct domain *dom)
{
	for (unsigned int i = 0; i < pci_nr_devs; i++) {
		struct pci_dev *d = &pci_devs[i];
		char name[16];

		if (d->owner != dom->domid)
			continue;
		pci_conf_write(d, PCI_COMMAND, 2,
			       pci_conf_read(d, PCI_COMMAND, 2) & ~PCI_COMMAND_MASTER);
		d->owner = 0;
		d->sizing = 0;
		pci_format_bdf(name, sizeof(name), &(struct pci_bdf){ d->seg, d->bus, d->devfn });
		printk("parvus: pci %s released from d%u, bus mastering off (command 0x%04x)%s\n",
		       name, dom->domid, pci_conf_read(d, PCI_COMMAND, 2), pci_reset_device(d));
	}
	rangeset_clear(&dom->iomem);
	rangeset_clear(&dom->ioport);
}

int pci_frame_access(unsigned int domid, uint64_t mfn)
{
	struct domain *dom = domain_by_id((domid_t)domid);

	if (!dom || !rangeset_contains(&dom->iomem, mfn, mfn))
		return MMIO_NONE;
	return pci_msix_frame(pci_devs, pci_nr_devs, domid, mfn) ? MMIO_READ : MMIO_WRITE;
}

/* ---- the pciback domain's conf1 ---- */

static const struct pci_conf_ops hw_ops = { pci_conf_read, pci_conf_write };

uint32_t pci_conf1_in(struct domain *dom, uint32_t *cf8, uint16_t port, unsigned int size)
{
	if (!dom->is_pciback)
		return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
	return pci_conf1_read(pci_devs, pci_nr_devs, cf8, port, size, &hw_ops);
}

void pci_conf1_out(struct domain *dom, uint32_t *cf8, uint16_t port, unsigned int size,
		   uint32_t v)
{
	if (dom->is_pciback)
		pci_conf1_write(pci_devs, pci_nr_devs, cf8, port, size, v, &hw_ops);
}

unsigned int pci_domain_memory_map(const struct domain *dom, struct e820_entry *out)
{
	return pci_memory_map((uint64_t)dom->nr_pages << PAGE_SHIFT, dom->has_pci,
			      hole_start, out);
}
