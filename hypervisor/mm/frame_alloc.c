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

/* The lowest free frame in [mfn, end), or end; a word with no free frame
 * is passed over whole. */
static uint64_t next_free(const struct frame_allocator *fa, uint64_t mfn,
			  uint64_t end)
{
	while (mfn < end && !frame_is_free(fa, mfn)) {
		if (mfn % BITS == 0 && !fa->bitmap[mfn / BITS])
			mfn += BITS;
		else
			mfn++;
	}
	return MIN(mfn, end);
}

/* The lowest frame in [mfn, end) that is in use, or end. */
static uint64_t next_used(const struct frame_allocator *fa, uint64_t mfn,
			  uint64_t end)
{
	while (mfn < end && frame_is_free(fa, mfn)) {
		if (mfn % BITS == 0 && end - mfn >= BITS && fa->bitmap[mfn / BITS] == ~0UL)
			mfn += BITS;
		else
			mfn++;
	}
	return MIN(mfn, end);
}

/* Candidates are the multiples of n from the hint up; one that holds a used
 * frame moves the search past that frame, so each frame is looked at about
 * once (a word at a time where a word is all used or all free). */
uint64_t frame_alloc_block(struct frame_allocator *fa, unsigned int order,
			   uint64_t limit)
{
	uint64_t n, end = MIN(limit, fa->nr_frames), mfn;

	if (order > FRAME_BLOCK_MAX_ORDER)
		return FRAME_NONE;
	n = 1UL << order;
	mfn = ROUND_UP(next_free(fa, fa->hint, end), n);
	while (mfn < end && end - mfn >= n) {
		uint64_t used = next_used(fa, mfn, mfn + n);

		if (used == mfn + n) {
			for (uint64_t m = mfn; m < mfn + n; m++)
				set_free(fa, m, false);
			return mfn;
		}
		mfn = ROUND_UP(next_free(fa, used, end), n);
	}
	return FRAME_NONE;
}

bool frame_free(struct frame_allocator *fa, uint64_t mfn)
{
	if (mfn >= fa->nr_frames || frame_is_free(fa, mfn))
		return false;
	set_free(fa, mfn, true);
	return true;
}
