/* SPDX-License-Identifier: GPL-2.0-only */
/* Bitmap frame allocator (see frame_alloc.h). Allocation is first-fit from
 * the lowest free frame, so early boot allocations come from low memory,
 * which the boot page tables already map. */
#include <parvus/frame_alloc.h>
#include <parvus/string.h>

#define BITS 64

static void set_free(struct frame_allocator *fa, uint64_t mfn, bool free)
{
	uint64_t bit = 1UL << (mfn % BITS);

	if (free == !!(fa->bitmap[mfn / BITS] & bit))
		return;
	if (free) {
		fa->bitmap[mfn / BITS] |= bit;
		fa->nr_free++;
		if (mfn < fa->hint)
			fa->hint = mfn;
	} else {
		fa->bitmap[mfn / BITS] &= ~bit;
		fa->nr_free--;
	}
}

bool frame_is_free(const struct frame_allocator *fa, uint64_t mfn)
{
	return mfn < fa->nr_frames &&
	       (fa->bitmap[mfn / BITS] >> (mfn % BITS)) & 1;
}

void frame_alloc_init(struct frame_allocator *fa, uint64_t *bitmap,
		      uint64_t nr_frames)
{
	fa->bitmap = bitmap;
	fa->nr_frames = nr_frames;
	fa->nr_free = 0;
	fa->hint = nr_frames;
	memset(bitmap, 0, DIV_ROUND_UP(nr_frames, BITS) * sizeof(uint64_t));
}

void frame_alloc_add_range(struct frame_allocator *fa, uint64_t start,
			   uint64_t end)
{
	uint64_t first = DIV_ROUND_UP(start, PAGE_SIZE);
	uint64_t last = MIN(end / PAGE_SIZE, fa->nr_frames);

	for (uint64_t mfn = first; mfn < last; mfn++)
		set_free(fa, mfn, true);
}

void frame_alloc_reserve_range(struct frame_allocator *fa, uint64_t start,
			       uint64_t end)
{
	uint64_t first = start / PAGE_SIZE;
	uint64_t last = MIN(DIV_ROUND_UP(end, PAGE_SIZE), fa->nr_frames);

	for (uint64_t mfn = first; mfn < last; mfn++)
		set_free(fa, mfn, false);
}

uint64_t frame_alloc(struct frame_allocator *fa)
{
	for (uint64_t mfn = fa->hint; mfn < fa->nr_frames; mfn++) {
		if (!(fa->bitmap[mfn / BITS])) {
			mfn = ROUND_UP(mfn + 1, BITS) - 1;	/* skip a full word */
			continue;
		}
		if (frame_is_free(fa, mfn)) {
			set_free(fa, mfn, false);
			fa->hint = mfn + 1;
			return mfn;
		}
	}
	fa->hint = fa->nr_frames;
	return FRAME_NONE;
}

uint64_t frame_alloc_contig(struct frame_allocator *fa, uint64_t n)
{
	uint64_t run = 0;

	if (n == 0)
		return FRAME_NONE;
	for (uint64_t mfn = fa->hint; mfn < fa->nr_frames; mfn++) {
		run = frame_is_free(fa, mfn) ? run + 1 : 0;
		if (run == n) {
			uint64_t first = mfn + 1 - n;
			for (uint64_t m = first; m <= mfn; m++)
				set_free(fa, m, false);
			return first;
		}
	}
	return FRAME_NONE;
}

/* frame_alloc_block looks at whole words of the bitmap, never frame by
 * frame, so that a search costs at most one pass over the bitmap's words
 * however fragmented free memory is (a guest can free every other frame of
 * its own). */

/* The bits at the multiples of n (a power of two below 64) of a word. */
static uint64_t aligned_bits(uint64_t n)
{
	uint64_t m = 1;

	for (uint64_t s = n; s < BITS; s <<= 1)
		m |= m << s;
	return m;
}

/* The first n-aligned block of n (< 64) free frames in the word holding
 * mfn, at mfn or after it; FRAME_NONE if the word has none. */
static uint64_t block_in_word(const struct frame_allocator *fa, uint64_t mfn,
			      uint64_t n)
{
	uint64_t r = fa->bitmap[mfn / BITS];

	for (uint64_t s = 1; s < n; s <<= 1)
		r &= r >> s;	/* bit p: frames p .. p + 2s - 1 all free */
	r &= aligned_bits(n) & (~0UL << (mfn % BITS));
	return r ? ROUND_DOWN(mfn, BITS) + __builtin_ctzl(r) : FRAME_NONE;
}

static uint64_t find_small(const struct frame_allocator *fa, uint64_t mfn,
			   uint64_t n, uint64_t end)
{
	for (; mfn < end; mfn = ROUND_DOWN(mfn, BITS) + BITS) {
		uint64_t first = block_in_word(fa, mfn, n);

		if (first != FRAME_NONE)
			return first + n <= end ? first : FRAME_NONE;
	}
	return FRAME_NONE;
}

/* n >= 64: n / 64 whole words, all free, the first at a multiple of n. */
static uint64_t find_large(const struct frame_allocator *fa, uint64_t mfn,
			   uint64_t n, uint64_t end)
{
	for (mfn = ROUND_UP(mfn, n); mfn < end && end - mfn >= n;) {
		uint64_t w = mfn / BITS, last = (mfn + n) / BITS;

		while (w < last && fa->bitmap[w] == ~0UL)
			w++;
		if (w == last)
			return mfn;
		mfn = ROUND_UP((w + 1) * BITS, n);
	}
	return FRAME_NONE;
}

uint64_t frame_alloc_block(struct frame_allocator *fa, unsigned int order,
			   uint64_t limit)
{
	uint64_t n, end = MIN(limit, fa->nr_frames), first;

	if (order > FRAME_BLOCK_MAX_ORDER)
		return FRAME_NONE;
	n = 1UL << order;
	first = n < BITS ? find_small(fa, fa->hint, n, end) : find_large(fa, fa->hint, n, end);
	if (first == FRAME_NONE)
		return FRAME_NONE;
	for (uint64_t m = first; m < first + n; m++)
		set_free(fa, m, false);
	return first;
}

bool frame_free(struct frame_allocator *fa, uint64_t mfn)
{
	if (mfn >= fa->nr_frames || frame_is_free(fa, mfn))
		return false;
	set_free(fa, mfn, true);
	return true;
}
