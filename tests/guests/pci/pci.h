/* SPDX-License-Identifier: GPL-2.0-only */
/* The pci test guest's shared pieces (main.c): port I/O (trapped and
 * emulated by the hypervisor), conf1 accesses, hex arguments, mapping a
 * frame at a spare page. */
#ifndef PCI_GUEST_H
#define PCI_GUEST_H

#include "guest.h"
#include "guest_pt.h"

#define PTE_P		0x001UL
#define PTE_RW		0x002UL
#define PTE_US		0x004UL
#define PTE_PWT		0x008UL
#define PTE_PCD		0x010UL
#define PTE_A		0x020UL
#define PTE_PAT		0x080UL
#define ONES		0xffffffffu

#define DEV_A		0x20	/* 00:04.0, virtio-rng modern only (the owner's) */
#define DEV_B		0x28	/* 00:05.0, virtio-rng with an I/O BAR (the owner's) */
#define DEV_U		0x30	/* 00:06.0, assigned to nobody */

uint32_t port_in(uint16_t port, unsigned int size);
void port_out(uint16_t port, unsigned int size, uint32_t v);
uint32_t conf_read(uint8_t devfn, unsigned int reg, unsigned int size);
void conf_write(uint8_t devfn, unsigned int reg, unsigned int size, uint32_t v);
/* A hex argument (name=febf0000); 0 if absent. */
uint64_t hex_arg(const char *name);
/* update_va_mapping of spare page n to maddr with flags; its result. */
long map_at(int n, uint64_t maddr, uint64_t flags);
/* Spare page n back to its own frame. */
void unmap_at(int n);
/* XENMEM_memory_map: the number of entries, filled into e[0..3]. */
struct e820 { uint64_t addr, size; uint32_t type; } __packed;
long memory_map(struct e820 *e);

void pciback_main(void);
void owner_main(void);
void plain_main(void);

#endif
