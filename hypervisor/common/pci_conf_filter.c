/* SPDX-License-Identifier: GPL-2.0-only */
/* The config-space filter of the pciback service domain (pci.h): conf1
 * (0xCF8 address latch, 0xCFC-0xCFF data) decoded, and which registers of
 * an assigned device it may read and write. Reads pass; writes pass but
 * to the BARs (0x10-0x27), the ROM BAR (0x30) and the MSI and MSI-X
 * capability structures, which the hypervisor owns: a BAR moved over RAM
 * or another device, or MSI programmed behind the hypervisor's back,
 * would undo the assignment's isolation. Linux sizes a BAR by writing
 * all-ones and reading it back (pcifront forwards exactly that): such a
 * write marks the register, and reads of it return what the hardware
 * gave at boot for the same write, until any other write to it. Pure:
 * the device is reached through pci_conf_ops, so the rules are
 * unit-tested against a fake device. */
#include <parvus/pci.h>

#define ROM_SIZING_BIT	6

bool pci_conf1_decode(uint32_t cf8, uint16_t port, unsigned int size,
		      struct pci_bdf *bdf, unsigned int *reg)
{
	unsigned int off = (unsigned int)port - PCI_CONF1_DATA;

	if (port < PCI_CONF1_DATA || port > PCI_CONF1_DATA + 3 ||
	    (size != 1 && size != 2 && size != 4) || off % size)
		return false;
	if (!(cf8 & PCI_CONF1_ENABLE) || (cf8 & 0x0f000000))
		return false;
	*bdf = (struct pci_bdf){ .seg = 0, .bus = (uint8_t)(cf8 >> 16),
				 .devfn = (uint8_t)(cf8 >> 8) };
	*reg = (cf8 & 0xfc) + off;
	return true;
}

static bool overlap(unsigned int reg, unsigned int size, unsigned int start,
		    unsigned int len)
{
	return len && reg < start + len && start < reg + size;
}

/* The BAR register (0-5, 6 for the ROM BAR) the dword at reg is, or -1. */
static int bar_register(unsigned int reg)
{
	unsigned int dword = reg & ~3u;

	if (dword >= PCI_BAR0 && dword < PCI_BAR_END)
		return (int)((dword - PCI_BAR0) / 4);
	return dword == PCI_ROM_BAR ? ROM_SIZING_BIT : -1;
}

bool pci_filter_refuses(const struct pci_dev *d, unsigned int reg, unsigned int size)
{
	return overlap(reg, size, PCI_BAR0, PCI_BAR_END - PCI_BAR0) ||
	       overlap(reg, size, PCI_ROM_BAR, 4) ||
	       (d->msi_cap && overlap(reg, size, d->msi_cap, d->msi_len)) ||
	       (d->msix_cap && overlap(reg, size, d->msix_cap, PCI_MSIX_LEN));
}

static uint32_t size_mask(unsigned int size)
{
	return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

uint32_t pci_filter_read(struct pci_dev *d, unsigned int reg, unsigned int size,
			 const struct pci_conf_ops *ops)
{
	int bar = bar_register(reg);

	if (bar >= 0 && (d->sizing & (1u << bar)))
		return (d->bar_mask[bar] >> (8 * (reg & 3))) & size_mask(size);
	return ops->read(d, reg, size);
}

/* A write to a BAR register: all-ones (for the ROM BAR, its address
 * bits) starts sizing it, anything else stops; neither reaches it. */
static void bar_write(struct pci_dev *d, int bar, unsigned int size, uint32_t v)
{
	uint32_t all = bar == ROM_SIZING_BIT ? PCI_ROM_MASK : 0xffffffffu;

	if (size == 4 && (v & all) == all)
		d->sizing |= (uint8_t)(1u << bar);
	else
		d->sizing &= (uint8_t)~(1u << bar);
}

void pci_filter_write(struct pci_dev *d, unsigned int reg, unsigned int size,
		      uint32_t v, const struct pci_conf_ops *ops)
{
	int bar = bar_register(reg);

	if (bar >= 0) {
		bar_write(d, bar, size, v);
		return;
	}
	if (pci_filter_refuses(d, reg, size))
		return;
	ops->write(d, reg, size, v);
}

/* The assigned device (owner set) among devs that the latch and port
 * reach, with the register. */
static struct pci_dev *conf1_target(struct pci_dev *devs, unsigned int nr, uint32_t cf8,
				    uint16_t port, unsigned int size, unsigned int *reg)
{
	struct pci_bdf bdf;

	if (!pci_conf1_decode(cf8, port, size, &bdf, reg))
		return NULL;
	for (unsigned int i = 0; i < nr; i++)
		if (devs[i].seg == bdf.seg && devs[i].bus == bdf.bus &&
		    devs[i].devfn == bdf.devfn)
			return devs[i].owner ? &devs[i] : NULL;
	return NULL;
}

uint32_t pci_conf1_read(struct pci_dev *devs, unsigned int nr, const uint32_t *cf8,
			uint16_t port, unsigned int size, const struct pci_conf_ops *ops)
{
	struct pci_dev *d;
	unsigned int reg;

	if (port == PCI_CONF1_ADDR && size == 4)
		return *cf8;
	d = conf1_target(devs, nr, *cf8, port, size, &reg);
	return d ? pci_filter_read(d, reg, size, ops) : size_mask(size);
}

void pci_conf1_write(struct pci_dev *devs, unsigned int nr, uint32_t *cf8, uint16_t port,
		     unsigned int size, uint32_t v, const struct pci_conf_ops *ops)
{
	struct pci_dev *d;
	unsigned int reg;

	if (port == PCI_CONF1_ADDR && size == 4) {
		*cf8 = v;
		return;
	}
	d = conf1_target(devs, nr, *cf8, port, size, &reg);
	if (d)
		pci_filter_write(d, reg, size, v, ops);
}
