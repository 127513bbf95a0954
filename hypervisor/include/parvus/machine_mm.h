/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's per-frame state: the page_info array that the page-type
 * engine works on, and the machine-to-phys table (M2P) that every PV guest
 * can read at MACH2PHYS_VIRT_START (mm/machine_mm.c). */
#ifndef PARVUS_MACHINE_MM_H
#define PARVUS_MACHINE_MM_H

#include <parvus/page_types.h>
#include <parvus/boot_info.h>

#define M2P_INVALID (~0UL)

extern struct mm machine_mm;
extern uint64_t *m2p;		/* writable view, indexed by MFN */
extern uint64_t m2p_first_mfn;	/* the table's frames are contiguous */

void machine_mm_init(const struct boot_info *bi);

/* Hands a frame to domain d as pseudo-physical page pfn. */
void machine_mm_assign(uint64_t mfn, unsigned int d, uint64_t pfn);
/* Gives a domain's frame back: ownership, counts and M2P entry cleared. */
void machine_mm_reclaim(uint64_t mfn);
/* A frame nothing holds any more goes back to the free pool: scrubbed,
 * reclaimed (a TLB flush owed), freed. */
void machine_mm_free_frame(uint64_t mfn);
/* Flushes the TLB if a frame became a page table since the last call. */
void machine_mm_flush_if_needed(void);
/* A fresh budget of page-table work (MM_WORK_BUDGET entries) for one
 * preemptible step: a hypercall, or one emulated instruction. */
void machine_mm_new_step(void);
/* Domain d's dying tables are devalidated within the step's budget; false
 * if some are left, and the caller must continue later. */
bool machine_mm_pay_owed(unsigned int d);

#endif
