/* SPDX-License-Identifier: GPL-2.0-only */
/* Page-table helpers for test guests that build their own mappings: the
 * spare pages after the bootstrap tables, the bootstrap table at each
 * level, and the mmu_update/mmuext_op calls the grant tests repeat. */
#ifndef GUEST_PT_H
#define GUEST_PT_H

#include "guest.h"

#define GUEST_VIRT_BASE	0xffffffff80000000UL
#define GUEST_PTE_FLAGS	0x27UL	/* present, writable, user, accessed */

/* Spare page n: mapped writable by the builder, unused by the runtime. */
unsigned long spare_pfn(int n);
void *spare_va(int n);
uint64_t spare_mfn(int n);
/* The bootstrap table that maps va at the given level (4 = the L4). */
uint64_t table_mfn(uint64_t va, int level);
/* MMUEXT_PIN_Ln_TABLE / MMUEXT_UNPIN_TABLE and friends on one frame. */
long mmuext_on(unsigned int cmd, uint64_t mfn);
/* The entry that maps va in the bootstrap table of `level` (a table the
 * builder made, or one hooked in since whose frame is in our P2M). */
uint64_t pt_get(uint64_t va, int level);
/* The machine address of the L1 entry that maps va (GNTMAP_contains_pte). */
uint64_t pte_maddr(uint64_t va);
/* Sets the entry that maps va in the bootstrap table of `level`. */
long pt_set(uint64_t va, int level, uint64_t val);

#endif
