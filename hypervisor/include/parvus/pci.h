/* SPDX-License-Identifier: GPL-2.0-only */
/* PLACEHOLDER from the pirq branch: the contract's pci.h, replaced by the
 * pcicore branch's version at merge. */
#ifndef PARVUS_PCI_H
#define PARVUS_PCI_H

#include <parvus/types.h>

struct pci_bar { uint64_t base, size; bool is_io, is_64, present; };
struct pci_dev {
	uint16_t seg; uint8_t bus, devfn;
	unsigned int owner;
	struct pci_bar bars[6];
	uint8_t msix_cap;
	uint16_t msix_entries;
	uint8_t msix_table_bir, msix_pba_bir;
	uint32_t msix_table_off, msix_pba_off;
};
struct pci_dev *pci_dev_find(uint16_t seg, uint8_t bus, uint8_t devfn);
uint32_t pci_conf_read(const struct pci_dev *d, unsigned int reg, unsigned int size);
void pci_conf_write(const struct pci_dev *d, unsigned int reg, unsigned int size, uint32_t v);

#endif
