/* SPDX-License-Identifier: GPL-2.0-only */
/* Sets of inclusive ranges (see rangeset.h): a domain's iomem frames and
 * I/O ports, as Xen keeps them in d->iomem_caps and d->arch.ioport_caps. */
#include <parvus/rangeset.h>
#include <parvus/string.h>

void rangeset_clear(struct rangeset *s)
{
	s->nr = 0;
}

/* Ranges i.. that touch [first, last] (overlap or adjacent) merge into
 * one at i. */
static void merge_at(struct rangeset *s, unsigned int i, uint64_t first, uint64_t last)
{
	unsigned int j = i;

	while (j < s->nr && (last == UINT64_MAX || s->r[j].first <= last + 1)) {
		first = MIN(first, s->r[j].first);
		last = MAX(last, s->r[j].last);
		j++;
	}
	s->r[i].first = first;
	s->r[i].last = last;
	memmove(&s->r[i + 1], &s->r[j], (s->nr - j) * sizeof(s->r[0]));
	s->nr -= j - i - 1;
}

int rangeset_add(struct rangeset *s, uint64_t first, uint64_t last)
{
	unsigned int i = 0;

	if (first > last)
		return -1;
	/* The first range that ends at or after first - 1. */
	while (i < s->nr && s->r[i].last != UINT64_MAX && s->r[i].last + 1 < first)
		i++;
	if (i < s->nr && (last == UINT64_MAX || s->r[i].first <= last + 1)) {
		merge_at(s, i, first, last);
		return 0;
	}
	if (s->nr == RANGESET_MAX)
		return -1;
	memmove(&s->r[i + 1], &s->r[i], (s->nr - i) * sizeof(s->r[0]));
	s->r[i].first = first;
	s->r[i].last = last;
	s->nr++;
	return 0;
}

bool rangeset_contains(const struct rangeset *s, uint64_t first, uint64_t last)
{
	if (first > last)
		return false;
	for (unsigned int i = 0; i < s->nr; i++)
		if (s->r[i].first <= first && last <= s->r[i].last)
			return true;
	return false;
}

bool rangeset_overlaps(const struct rangeset *s, uint64_t first, uint64_t last)
{
	if (first > last)
		return false;
	for (unsigned int i = 0; i < s->nr; i++)
		if (s->r[i].first <= last && first <= s->r[i].last)
			return true;
	return false;
}
