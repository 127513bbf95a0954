/* SPDX-License-Identifier: GPL-2.0-only */
/* The exchange guest's shared helpers (main.c): XENMEM_exchange calls,
 * the pool of frames it trades, and what "still ours" means. */
#ifndef EXCHANGE_GUEST_H
#define EXCHANGE_GUEST_H

#include "guest.h"
#include "guest_pt.h"

#define M2P		((const uint64_t *)MACH2PHYS_VIRT_START)
#define M2P_INVALID	(~0UL)
#define PTE_P		0x001UL
#define PTE_RW		0x002UL

extern uint64_t *p2m;		/* our own pfn -> mfn list, kept up to date */

/* n pfns from the top of our memory: unmapped, unused, ours to trade. */
unsigned long pool_take(unsigned long n);
void xch_set(struct xen_memory_exchange *x, xen_pfn_t *in, unsigned long nr_in,
	     unsigned int in_order, xen_pfn_t *out, unsigned long nr_out,
	     unsigned int out_order, unsigned int mem_flags);
long xch(struct xen_memory_exchange *x);
/* After a successful exchange: pfn.. now has the frames from mfn on. */
void p2m_set(unsigned long pfn, uint64_t mfn, unsigned long n);
/* Ours as pfn: the M2P says so and we can map it. */
bool frame_is_ours(uint64_t mfn, unsigned long pfn);
long remap(void *va, uint64_t mfn, uint64_t flags);
long current_reservation(void);

void check_stale_tlb(void);			/* stale.c */
void pair_main(const char *role, domid_t peer);	/* pair.c */

#endif
