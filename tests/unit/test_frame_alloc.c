/* SPDX-License-Identifier: GPL-2.0-only */
/* The machine frame allocator: built from a memory map, never hands out a
 * reserved or already allocated frame, detects double frees. */
#include "unit.h"
#include <parvus/frame_alloc.h>

#define NR 1024
static uint64_t bitmap[NR / 64];

static void setup(struct frame_allocator *fa)
{
	frame_alloc_init(fa, bitmap, NR);
	frame_alloc_add_range(fa, 0x100000, 0x300000);	/* frames 256..767 */
}

Test(frame_alloc, starts_empty_until_ranges_added)
{
	struct frame_allocator fa;

	frame_alloc_init(&fa, bitmap, NR);
	cr_assert_eq(fa.nr_free, 0);
	cr_assert_eq(frame_alloc(&fa), FRAME_NONE);
}

Test(frame_alloc, partial_pages_are_not_usable)
{
	struct frame_allocator fa;

	frame_alloc_init(&fa, bitmap, NR);
	frame_alloc_add_range(&fa, 0x1800, 0x4800);	/* only frames 2 and 3 whole */
	cr_assert_eq(fa.nr_free, 2);
	cr_assert_eq(frame_alloc(&fa), 2);
	cr_assert_eq(frame_alloc(&fa), 3);
	cr_assert_eq(frame_alloc(&fa), FRAME_NONE);
}

Test(frame_alloc, reserve_covers_touched_frames)
{
	struct frame_allocator fa;

	setup(&fa);
	frame_alloc_reserve_range(&fa, 0x100800, 0x101001);	/* frames 256, 257 */
	cr_assert_eq(fa.nr_free, 510);
	cr_assert_eq(frame_alloc(&fa), 258, "lowest free frame first");
}

Test(frame_alloc, allocates_each_frame_once)
{
	struct frame_allocator fa;
	static bool seen[NR];

	setup(&fa);
	for (int i = 0; i < 512; i++) {
		uint64_t mfn = frame_alloc(&fa);
		cr_assert_neq(mfn, FRAME_NONE);
		cr_assert(mfn >= 256 && mfn < 768, "frame %lu outside RAM", (unsigned long)mfn);
		cr_assert_not(seen[mfn], "frame %lu handed out twice", (unsigned long)mfn);
		seen[mfn] = true;
	}
	cr_assert_eq(frame_alloc(&fa), FRAME_NONE, "exhausted");
	cr_assert_eq(fa.nr_free, 0);
}

Test(frame_alloc, free_and_double_free)
{
	struct frame_allocator fa;
	uint64_t a, b;

	setup(&fa);
	a = frame_alloc(&fa);
	b = frame_alloc(&fa);
	cr_assert(frame_free(&fa, a));
	cr_assert_not(frame_free(&fa, a), "double free is refused");
	cr_assert_not(frame_free(&fa, NR + 5), "out of range is refused");
	cr_assert_eq(frame_alloc(&fa), a, "freed frame is reused first");
	cr_assert_neq(frame_alloc(&fa), b);
}

Test(frame_alloc, contiguous_runs)
{
	struct frame_allocator fa;
	uint64_t first;

	setup(&fa);
	frame_alloc_reserve_range(&fa, 0x104000, 0x105000);	/* frame 260 */
	first = frame_alloc_contig(&fa, 8);
	cr_assert_eq(first, 261, "run must skip the reserved frame");
	for (uint64_t m = first; m < first + 8; m++)
		cr_assert_not(frame_is_free(&fa, m));
	cr_assert_eq(frame_alloc_contig(&fa, 600), FRAME_NONE);
	cr_assert_eq(frame_alloc_contig(&fa, 0), FRAME_NONE);
}

/* frame_alloc_block (XENMEM_exchange's output): naturally aligned, below
 * the limit, never over a used frame, lowest first. */
static void assert_taken(const struct frame_allocator *fa, uint64_t first, uint64_t n)
{
	for (uint64_t m = first; m < first + n; m++)
		cr_assert_not(frame_is_free(fa, m), "frame %lu of the block still free",
			      (unsigned long)m);
}

Test(frame_alloc, block_is_aligned_and_skips_used_frames)
{
	struct frame_allocator fa;
	uint64_t first, before;

	setup(&fa);				/* frames 256..767 free */
	frame_alloc_reserve_range(&fa, 0x104000, 0x105000);	/* frame 260 */
	before = fa.nr_free;
	first = frame_alloc_block(&fa, 3, NR);
	cr_assert_eq(first, 264, "the first aligned 8 past frame 260");
	assert_taken(&fa, first, 8);
	cr_assert_eq(fa.nr_free, before - 8);
	cr_assert_eq(frame_alloc_block(&fa, 0, NR), 256, "order 0 takes the lowest free");
	cr_assert_eq(frame_alloc_block(&fa, 8, NR), 512, "256 aligned: 256 is broken up");
	assert_taken(&fa, 512, 256);
	cr_assert_eq(frame_alloc_block(&fa, 8, NR), FRAME_NONE, "no other aligned 256 free");
	cr_assert_eq(frame_alloc_block(&fa, 2, NR), 272,
		     "257..259 and 261..263 are free but not an aligned 4");
}

Test(frame_alloc, block_stays_below_the_limit)
{
	struct frame_allocator fa;

	setup(&fa);
	cr_assert_eq(frame_alloc_block(&fa, 0, 256), FRAME_NONE, "nothing free below 256");
	cr_assert_eq(frame_alloc_block(&fa, 4, 271), FRAME_NONE, "256..271 ends past 271");
	cr_assert_eq(frame_alloc_block(&fa, 4, 272), 256, "256..271 fits below 272");
	cr_assert_eq(frame_alloc_block(&fa, 4, 272), FRAME_NONE, "and only once");
	cr_assert_eq(frame_alloc_block(&fa, 0, 0), FRAME_NONE, "a limit of 0");
	cr_assert_eq(frame_alloc_block(&fa, 0, ~0UL), 272, "no limit beyond the machine");
}

Test(frame_alloc, block_orders_out_of_range_and_exhaustion)
{
	struct frame_allocator fa;
	uint64_t n = 0;

	setup(&fa);
	cr_assert_eq(frame_alloc_block(&fa, FRAME_BLOCK_MAX_ORDER + 1, ~0UL), FRAME_NONE);
	cr_assert_eq(frame_alloc_block(&fa, 63, ~0UL), FRAME_NONE);
	cr_assert_eq(frame_alloc_block(&fa, 10, ~0UL), FRAME_NONE, "larger than the machine");
	while (frame_alloc_block(&fa, 5, ~0UL) != FRAME_NONE)
		n++;
	cr_assert_eq(n, 16, "512 free frames are 16 blocks of 32");
	cr_assert_eq(fa.nr_free, 0);
}

/* A free frame in every other word: the word skips must not jump over a
 * free frame or into the next word's frames. */
Test(frame_alloc, block_scan_across_words)
{
	struct frame_allocator fa;

	frame_alloc_init(&fa, bitmap, NR);
	frame_alloc_add_range(&fa, 130 * 4096, 131 * 4096);	/* frame 130 */
	frame_alloc_add_range(&fa, 320 * 4096, 384 * 4096);	/* a whole word */
	frame_alloc_add_range(&fa, 448 * 4096, 512 * 4096);	/* another */
	cr_assert_eq(frame_alloc_block(&fa, 0, NR), 130);
	cr_assert_eq(frame_alloc_block(&fa, 7, NR), FRAME_NONE, "320..383 and 448..511 are apart");
	cr_assert_eq(frame_alloc_block(&fa, 6, NR), 320);
	cr_assert_eq(frame_alloc_block(&fa, 6, NR), 448);
	cr_assert_eq(frame_alloc_block(&fa, 0, NR), FRAME_NONE);
}

/* Every other frame free (what a guest that frees every other frame of its
 * own leaves): no block of 2, every single frame found in order, and a
 * block of 2 again once a neighbour is freed. */
Test(frame_alloc, block_in_fragmented_memory)
{
	struct frame_allocator fa;

	frame_alloc_init(&fa, bitmap, NR);
	for (uint64_t m = 1; m < NR; m += 2)
		frame_alloc_add_range(&fa, m * 4096, (m + 1) * 4096);
	cr_assert_eq(frame_alloc_block(&fa, 1, NR), FRAME_NONE, "no two free neighbours");
	cr_assert_eq(frame_alloc_block(&fa, 6, NR), FRAME_NONE, "nor a whole free word");
	frame_alloc_add_range(&fa, 700 * 4096, 701 * 4096);	/* 700, 701 free */
	cr_assert_eq(frame_alloc_block(&fa, 1, NR), 700);
	cr_assert_eq(frame_alloc_block(&fa, 0, NR), 1);
	cr_assert_eq(frame_alloc_block(&fa, 0, NR), 3);
	cr_assert_eq(frame_alloc_block(&fa, 0, 5), FRAME_NONE, "5 is past a limit of 5");
}

/* Blocks of 64 and more are whole words; one used frame anywhere in a
 * word rules out every block holding it. */
Test(frame_alloc, block_of_whole_words)
{
	struct frame_allocator fa;

	setup(&fa);				/* frames 256..767 free */
	frame_alloc_reserve_range(&fa, 300 * 4096, 301 * 4096);	/* frame 300 */
	cr_assert_eq(frame_alloc_block(&fa, 6, NR), 320, "frame 300 rules out 256..319");
	cr_assert_eq(frame_alloc_block(&fa, 7, NR), 384);
	cr_assert_eq(frame_alloc_block(&fa, 7, NR), 512);
	cr_assert_eq(frame_alloc_block(&fa, 7, NR), 640);
	cr_assert_eq(frame_alloc_block(&fa, 7, NR), FRAME_NONE);
	cr_assert_eq(frame_alloc_block(&fa, 5, NR), 256, "256..287 is whole");
	cr_assert_eq(frame_alloc_block(&fa, 5, NR), FRAME_NONE, "288..319 holds frame 300");
}

/* frame_alloc_block against the obvious frame-by-frame search, over random
 * bitmaps of every density, every order up to 9 and random limits. */
static uint64_t naive_block(const struct frame_allocator *fa, unsigned int order,
			    uint64_t limit)
{
	uint64_t n = 1UL << order, end = limit < fa->nr_frames ? limit : fa->nr_frames;

	for (uint64_t s = 0; s + n <= end; s += n) {
		uint64_t k = 0;

		while (k < n && frame_is_free(fa, s + k))
			k++;
		if (k == n)
			return s;
	}
	return FRAME_NONE;
}

Test(frame_alloc, block_matches_a_frame_by_frame_search)
{
	struct frame_allocator fa;
	uint64_t seed = 12345;

	for (int round = 0; round < 400; round++) {
		unsigned int density = round % 8;	/* in eighths of frames used */

		frame_alloc_init(&fa, bitmap, NR);
		for (uint64_t m = 0; m < NR; m++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			if ((seed >> 61) >= density)
				frame_alloc_add_range(&fa, m * 4096, (m + 1) * 4096);
		}
		for (unsigned int order = 0; order <= 9; order++) {
			uint64_t limit, want, got;

			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			limit = (seed >> 33) % (NR + 64);
			want = naive_block(&fa, order, limit);
			got = frame_alloc_block(&fa, order, limit);
			cr_assert_eq(got, want, "round %d order %u limit %lu: got %lx, want %lx",
				     round, order, (unsigned long)limit, (unsigned long)got,
				     (unsigned long)want);
		}
	}
}
