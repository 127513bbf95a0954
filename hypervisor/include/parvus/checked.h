/* SPDX-License-Identifier: GPL-2.0-only */
/* Arithmetic on values a guest image controls (addresses, sizes, page
 * counts), which must never wrap silently: each helper says whether the
 * result is exact. The domain builder's layout and loader use only these,
 * so a reader can check every overflow in one place. */
#ifndef PARVUS_CHECKED_H
#define PARVUS_CHECKED_H

#include <parvus/types.h>

static inline bool checked_add(uint64_t a, uint64_t b, uint64_t *sum)
{
	return !__builtin_add_overflow(a, b, sum);
}

static inline bool checked_mul(uint64_t a, uint64_t b, uint64_t *product)
{
	return !__builtin_mul_overflow(a, b, product);
}

/* Pages that hold bytes: DIV_ROUND_UP without the add that wraps. */
static inline uint64_t bytes_to_pages(uint64_t bytes)
{
	return (bytes >> PAGE_SHIFT) + !!(bytes & ~PAGE_MASK);
}

/* Bytes in pages, if that fits in 64 bits. */
static inline bool pages_to_bytes(uint64_t pages, uint64_t *bytes)
{
	return checked_mul(pages, PAGE_SIZE, bytes);
}

/* True if [inner, inner + inner_len) lies inside [outer, outer + outer_len),
 * neither range wrapping. */
static inline bool range_inside(uint64_t inner, uint64_t inner_len,
				uint64_t outer, uint64_t outer_len)
{
	uint64_t inner_end, outer_end;

	return checked_add(inner, inner_len, &inner_end) &&
	       checked_add(outer, outer_len, &outer_end) &&
	       inner >= outer && inner_end <= outer_end;
}

#endif
