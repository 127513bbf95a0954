/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's own page tables (arch/x86_64/paging.c) and the page
 * table entry bits shared with the PV memory code. */
#ifndef ARCH_PAGING_H
#define ARCH_PAGING_H

#include <parvus/types.h>
#include <parvus/boot_info.h>

#define _PAGE_PRESENT	0x001UL
#define _PAGE_RW	0x002UL
#define _PAGE_USER	0x004UL
#define _PAGE_ACCESSED	0x020UL
#define _PAGE_DIRTY	0x040UL
#define _PAGE_PSE	0x080UL
#define _PAGE_NX	(1UL << 63)
#define PTE_ADDR_MASK	0x000ffffffffff000UL

/* Builds and loads the final tables: the image with W^X permissions and a
 * direct map of all RAM. */
void paging_init(const struct boot_info *bi);
/* L4 entries 256..271 (16 of them) that every guest L4 must carry. */
const uint64_t *paging_hv_l4_slots(void);
/* Maps nr frames from mfn at va (in the hypervisor's slots) read-only for
 * guests: how every PV guest sees the M2P table. */
void paging_map_guest_readonly(uint64_t va, uint64_t mfn, uint64_t nr);
/* Maps one page of device registers at va, uncached. */
void paging_map_mmio(uint64_t va, uint64_t pa);
/* The same for the page holding register pa, at a scratch window (a
 * page-aligned va): where pa is now. */
volatile void *paging_map_mmio_window(uint64_t window, uint64_t pa);
/* Switches to the hypervisor's own L4 (no guest mappings). */
void paging_load_idle(void);

#endif
