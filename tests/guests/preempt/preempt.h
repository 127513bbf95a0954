/* SPDX-License-Identifier: GPL-2.0-only */
/* preempt: hypercalls whose work grows with an argument are cut into
 * bounded steps (continuations), and "continue" is said out of band, never
 * through a value the guest controls (issue 13, items 3, 7 and 8). The
 * helpers shared by the checks live in main.c. */
#ifndef PREEMPT_H
#define PREEMPT_H

#include "guest.h"
#include "events.h"
#include "trap_stubs.h"

#define VIRT_BASE	0xffffffff80000000UL
#define ALIAS_BASE	0x0000008000000000UL	/* L4 slot 1: unused by us */
#define PTE_P		0x001UL
#define PTE_RW		0x002UL

extern const uint64_t *p2m;
/* The first of the spare pfns past our stack (mapped by the builder). */
extern unsigned long scratch_pfn;

void *pfn_va(unsigned long pfn);
uint64_t pfn_mfn(unsigned long pfn);

/* Maps the page at data_pfn at every 4 KiB of [ALIAS_BASE, +size), with
 * three page-table pages at table_pfn.. (one L1 full of the page, one L2
 * full of that L1, one L3 whose entries all name that L2): the aliasing
 * that let one page look like gigabytes of guest buffer. */
void alias_one_page(unsigned long data_pfn, unsigned long table_pfn, uint64_t size);

/* One hypercall through a syscall instruction at a known address, so an
 * event upcall that interrupts it (between its continuations) shows up
 * with that rip in its frame. */
long watched_hypercall(long nr, long a1, long a2, long a3, long a4);
extern char watched_syscall[];
/* Called by each event upcall that interrupted the watched syscall. */
extern void (*watched_upcall)(void);

void check_restart_out_of_band(void);
void check_populate_preempted_by_frames(void);
void check_exchange_preempted_by_chunks(void);
void check_ldt_batch_counts_frames(void);
void console_hog(void);
void console_neighbour(void);
void console_flood(void);

#endif
