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
