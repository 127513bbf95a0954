/* SPDX-License-Identifier: GPL-2.0-only */
/* The device side of pirqs (pirq.h): an assigned device's MSI-X table
 * entries, written by the hypervisor only (the owner maps the table pages
 * read-only, and the pciback service cannot write the capability). Each
 * entry sends its vector to this CPU's local APIC: fixed delivery, edge,
 * physical destination. The table page is mapped uncached at a scratch
 * window for each access; one CPU, so nothing else uses the window. */
#include <parvus/pci.h>
#include <parvus/pirq.h>
#include <parvus/layout.h>
#include <arch/paging.h>
#include <arch/timer.h>

#define MSIX_WINDOW_VIRT	(LAPIC_VIRT + PAGE_SIZE)
#define MSIX_ENTRY_SIZE		16
#define MSIX_ADDR_LO		0
#define MSIX_ADDR_HI		4
#define MSIX_DATA		8
#define MSIX_VECTOR_CTRL	12
#define MSIX_CTRL_MASKED	1u
#define MSI_ADDR_BASE		0xfee00000u
#define PCI_MSIX_FLAGS		2	/* message control, in the capability */
#define PCI_MSIX_ENABLE		0x8000
#define PCI_MSIX_MASKALL	0x4000

static volatile uint32_t *msix_entry(const struct pci_dev *dev, unsigned int entry)
{
	return paging_map_mmio_window(MSIX_WINDOW_VIRT, dev->bars[dev->msix_table_bir].base +
				      dev->msix_table_off + (uint64_t)entry * MSIX_ENTRY_SIZE);
}

void arch_msix_program(const struct pci_dev *dev, unsigned int entry,
		       unsigned int vector)
{
	volatile uint32_t *e = msix_entry(dev, entry);

	e[MSIX_ADDR_LO / 4] = MSI_ADDR_BASE | (lapic_id() << 12);
	e[MSIX_ADDR_HI / 4] = 0;
	e[MSIX_DATA / 4] = vector;	/* fixed delivery, edge */
}

void arch_msix_mask(const struct pci_dev *dev, unsigned int entry, bool masked)
{
	volatile uint32_t *e = msix_entry(dev, entry);
	uint32_t ctrl = e[MSIX_VECTOR_CTRL / 4];

	e[MSIX_VECTOR_CTRL / 4] = masked ? ctrl | MSIX_CTRL_MASKED
					 : ctrl & ~MSIX_CTRL_MASKED;
	(void)e[MSIX_VECTOR_CTRL / 4];	/* the write has reached the device */
}

/* Enabled with the function mask clear: each entry's own mask decides. */
void arch_msix_enable(const struct pci_dev *dev, bool on)
{
	uint32_t ctrl = pci_conf_read(dev, dev->msix_cap + PCI_MSIX_FLAGS, 2);

	ctrl &= ~(uint32_t)(PCI_MSIX_ENABLE | PCI_MSIX_MASKALL);
	if (on)
		ctrl |= PCI_MSIX_ENABLE;
	pci_conf_write(dev, dev->msix_cap + PCI_MSIX_FLAGS, 2, ctrl);
}
