/* SPDX-License-Identifier: GPL-2.0-only */
/* A small set of inclusive [first, last] ranges of 64-bit numbers (Xen's
 * rangeset, in a fixed array): a domain's device frames (iomem) and
 * ports (ioport). Adjacent and overlapping ranges are merged, so the set
 * stays sorted and disjoint. Pure (hypervisor/lib/rangeset.c),
 * unit-tested. */
#ifndef PARVUS_RANGESET_H
#define PARVUS_RANGESET_H

#include <parvus/types.h>

#define RANGESET_MAX	48	/* 8 devices x 6 BARs */

struct rangeset {
	unsigned int nr;
	struct { uint64_t first, last; } r[RANGESET_MAX];
};

void rangeset_clear(struct rangeset *s);
/* Adds [first, last]. 0, or -1 (first > last, or no room: unchanged). */
int rangeset_add(struct rangeset *s, uint64_t first, uint64_t last);
/* Every number of [first, last] is in the set. */
bool rangeset_contains(const struct rangeset *s, uint64_t first, uint64_t last);
/* Some number of [first, last] is in the set. */
bool rangeset_overlaps(const struct rangeset *s, uint64_t first, uint64_t last);

#endif
