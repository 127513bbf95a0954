/* SPDX-License-Identifier: GPL-2.0-only */
/* PCI configuration mechanism #1 (0xCF8 address, 0xCFC-0xCFF data), the
 * hypervisor's only way to a device's config space (pci.h's
 * pci_conf_read/pci_conf_write), and sized port I/O for the I/O BARs of
 * assigned devices. Ring 0 runs with interrupts off, so the address write
 * and the data access of one config access are never split. */
#include <parvus/pci.h>
#include <arch/cpu.h>
#include <arch/port_io.h>

uint32_t arch_port_in(uint16_t port, unsigned int size)
{
	if (size == 1)
		return inb(port);
	if (size == 2)
		return inw(port);
	return inl(port);
}

void arch_port_out(uint16_t port, unsigned int size, uint32_t v)
{
	if (size == 1)
		outb(port, (uint8_t)v);
	else if (size == 2)
		outw(port, (uint16_t)v);
	else
		outl(port, v);
}

static uint16_t conf1_select(const struct pci_dev *d, unsigned int reg)
{
	outl(PCI_CONF1_ADDR, PCI_CONF1_ENABLE | (uint32_t)d->bus << 16 |
			     (uint32_t)d->devfn << 8 | (reg & 0xfc));
	return (uint16_t)(PCI_CONF1_DATA + (reg & 3));
}

/* Only segment 0 exists through conf1; reg is naturally aligned. */
uint32_t pci_conf_read(const struct pci_dev *d, unsigned int reg, unsigned int size)
{
	if (d->seg || reg >= PCI_CONF_SIZE)
		return 0xffffffffu;
	return arch_port_in(conf1_select(d, reg), size);
}

void pci_conf_write(const struct pci_dev *d, unsigned int reg, unsigned int size, uint32_t v)
{
	if (d->seg || reg >= PCI_CONF_SIZE)
		return;
	arch_port_out(conf1_select(d, reg), size, v);
}
