/* SPDX-License-Identifier: GPL-2.0-only */
/* barrier(): the one memory barrier of the hypervisor, the guest library
 * and xenstored. It stops the compiler from moving memory accesses across
 * it and emits no instruction. On x86 that is all the shared-memory
 * protocols here need (the ring indexes of the console and xenstore, the
 * version counts of pvclock and the wallclock): the CPU keeps stores in
 * order, loads in order, and a load before a later store (TSO); only a
 * store followed by a load may pass it, and no protocol here depends on
 * that order, so none needs a fence instruction. */
#ifndef PARVUS_BARRIER_H
#define PARVUS_BARRIER_H

/* An empty asm that may touch any memory: no instruction, the one piece
 * of inline assembly outside arch/ (it assembles to nothing). */
static inline void barrier(void)
{
	asm volatile("" : : : "memory");
}

#endif
