/* SPDX-License-Identifier: GPL-2.0-only */
/* XENMEM_exchange's chunks (mm/frame_exchange.c) over fake machine memory:
 * a frame is taken only when decrease_reservation could give it back; a
 * refused take, a failed allocation and an undo leave every page_info, M2P
 * entry and allocator bit as they were; a commit frees the inputs and
 * hands over zeroed, aligned outputs at the pfns asked for, the domain's
 * page count unchanged. Frames 16..47 are d1's, 48..55 d2's, 64..127 free. */
#include "unit.h"
#include <parvus/frame_alloc.h>
#include <parvus/frame_exchange.h>
#include <parvus/machine_mm.h>
#include <parvus/xen.h>
#include <stdlib.h>
#include <string.h>

#define NR 128
#define D1 1
#define D2 2

/* What the hypervisor's machine_mm.c and frames.c provide. */
struct mm machine_mm;
uint64_t *m2p;
struct frame_allocator machine_frames;

void machine_mm_assign(uint64_t mfn, unsigned int d, uint64_t pfn)
{
	machine_mm.pages[mfn] = (struct page_info){ .owner = d };
	m2p[mfn] = pfn;
}

void machine_mm_reclaim(uint64_t mfn)
{
	machine_mm.pages[mfn] = (struct page_info){ 0 };
	m2p[mfn] = M2P_INVALID;
	machine_mm.flush_needed = true;
}

static _Alignas(4096) uint8_t memory[NR][4096];
static struct page_info pages[NR], pages_before[NR];
static uint64_t m2p_table[NR], m2p_before[NR], bitmap[NR / 64], bitmap_before[NR / 64];
static struct exchange_chunk c;

static void *map(void *ctx, uint64_t mfn)
{
	cr_assert_lt(mfn, NR);
	return memory[mfn];
}

static void setup(void)
{
	memset(pages, 0, sizeof(pages));
	memset(memory, 0xaa, sizeof(memory));
	machine_mm = (struct mm){ .pages = pages, .nr_frames = NR, .map = map };
	m2p = m2p_table;
	frame_alloc_init(&machine_frames, bitmap, NR);
	frame_alloc_add_range(&machine_frames, 64 * 4096, NR * 4096);
	for (uint64_t mfn = 0; mfn < NR; mfn++) {
		m2p[mfn] = M2P_INVALID;
		if (mfn >= 16 && mfn < 48)
			machine_mm_assign(mfn, D1, mfn - 16);
		else if (mfn >= 48 && mfn < 56)
			machine_mm_assign(mfn, D2, mfn - 48);
	}
	c = (struct exchange_chunk){ .domid = D1, .limit = ~0UL };
}

TestSuite(frame_exchange, .init = setup);

static void snapshot(void)
{
	memcpy(pages_before, pages, sizeof(pages));
	memcpy(m2p_before, m2p_table, sizeof(m2p_table));
	memcpy(bitmap_before, bitmap, sizeof(bitmap));
}

static void assert_unchanged(const char *after)
{
	cr_assert(!memcmp(pages, pages_before, sizeof(pages)), "page_info changed after %s", after);
	cr_assert(!memcmp(m2p_table, m2p_before, sizeof(m2p_table)), "M2P changed after %s", after);
	cr_assert(!memcmp(bitmap, bitmap_before, sizeof(bitmap)),
		  "allocator changed after %s", after);
}

/* One input extent of order 0 or more and one output extent. */
static void one(uint64_t in, unsigned int in_order, unsigned int out_order)
{
	c.in_order = in_order;
	c.out_order = out_order;
	c.nr_in = c.nr_out = 1;
	c.in[0] = in;
	c.gpfn[0] = 100;
}

static void assert_refused(uint64_t in, unsigned int order, const char *what)
{
	one(in, order, order);
	snapshot();
	cr_assert_eq(exchange_take_inputs(&c), -XEN_EINVAL, "%s was taken", what);
	assert_unchanged(what);
}

Test(frame_exchange, takes_only_what_decrease_reservation_could_give)
{
	pages[20].ref_count = 1;		/* mapped */
	pages[21].type = PGT_writable;
	pages[21].type_count = 1;		/* mapped writable */
	pages[22].type = PGT_l1;
	pages[22].type_count = 1;
	pages[22].flags = PGF_pinned;		/* a pinned L1 */
	pages[23].ref_count = 1;
	pages[23].type = PGT_l2;
	pages[23].type_count = 1;
	pages[23].flags = PGF_partial;		/* being validated */
	assert_refused(20, 0, "a mapped frame");
	assert_refused(21, 0, "a writable-mapped frame");
	assert_refused(22, 0, "a pinned L1");
	assert_refused(23, 0, "a partial table");
	assert_refused(48, 0, "another domain's frame");
	assert_refused(64, 0, "a free frame");
	assert_refused(3, 0, "a frame of nobody's");
	assert_refused(NR, 0, "a frame past the end");
	assert_refused(~0UL, 0, "frame ~0");
	assert_refused(NR - 1, 1, "an extent running past the end");
	assert_refused(18, 2, "an order-2 extent with a mapped frame inside (20)");
	assert_refused(44, 3, "an order-3 extent ending in d2's frames");
}

Test(frame_exchange, a_frame_named_twice_is_refused_and_nothing_kept)
{
	c.in_order = 0;
	c.out_order = 2;
	c.nr_in = 4;
	c.nr_out = 1;
	c.in[0] = 24;
	c.in[1] = 25;
	c.in[2] = 24;
	c.in[3] = 26;
	snapshot();
	cr_assert_eq(exchange_take_inputs(&c), -XEN_EINVAL);
	assert_unchanged("a duplicate");
	/* Overlapping extents: 24..25 and 25..26. */
	c.in_order = 1;
	c.out_order = 2;
	c.nr_in = 2;
	c.in[0] = 24;
	c.in[1] = 25;
	cr_assert_eq(exchange_take_inputs(&c), -XEN_EINVAL);
	assert_unchanged("overlapping extents");
}

Test(frame_exchange, taking_owes_a_flush)
{
	one(30, 0, 0);
	cr_assert_eq(exchange_take_inputs(&c), 0);
	cr_assert(machine_mm.flush_needed, "no flush owed after a take");
	cr_assert_eq(pages[30].owner, 0, "a taken frame is nobody's");
	{
		struct exchange_chunk *again = calloc(1, sizeof(*again));

		*again = c;
		cr_assert_eq(exchange_take_inputs(again), -XEN_EINVAL, "taken by a second chunk");
		free(again);
	}
	exchange_undo(&c);
	cr_assert_eq(pages[30].owner, D1, "undone, it is ours again");
}

Test(frame_exchange, no_room_below_the_limit_undoes_everything)
{
	c.in_order = 0;
	c.out_order = 0;
	c.nr_in = c.nr_out = 4;
	for (int i = 0; i < 4; i++)
		c.in[i] = 30 + i;
	c.limit = 66;				/* only 64 and 65 fit */
	snapshot();
	cr_assert_eq(exchange_take_inputs(&c), 0);
	cr_assert_eq(exchange_alloc_outputs(&c), -XEN_ENOMEM);
	machine_mm.flush_needed = false;
	assert_unchanged("a failed allocation");
	cr_assert_eq(c.nr_taken + c.nr_allocated, 0, "the chunk holds nothing");
}

Test(frame_exchange, undo_after_allocation_restores_everything)
{
	one(32, 0, 0);
	c.in_order = 2;
	c.out_order = 2;
	snapshot();
	cr_assert_eq(exchange_take_inputs(&c), 0);
	cr_assert_eq(exchange_alloc_outputs(&c), 0);
	cr_assert_eq(c.out[0], 64);
	exchange_undo(&c);
	machine_mm.flush_needed = false;
	assert_unchanged("an undo");
}

Test(frame_exchange, commit_trades_frames_for_an_aligned_zeroed_extent)
{
	uint64_t free_before;

	frame_alloc_reserve_range(&machine_frames, 64 * 4096, 65 * 4096);	/* 64 used */
	free_before = machine_frames.nr_free;
	c.in_order = 0;
	c.out_order = 3;
	c.nr_in = 8;
	c.nr_out = 1;
	for (int i = 0; i < 8; i++)
		c.in[i] = 16 + 2 * i;		/* scattered */
	c.gpfn[0] = 200;
	c.limit = 80;
	cr_assert_eq(exchange_take_inputs(&c), 0);
	cr_assert_eq(exchange_alloc_outputs(&c), 0);
	cr_assert_eq(c.out[0], 72, "the first 8-aligned 8 free frames past 64");
	exchange_commit(&c);
	for (int k = 0; k < 8; k++) {
		uint64_t out = 72 + k, in = 16 + 2 * k;

		cr_assert_eq(pages[out].owner, D1);
		cr_assert_eq(m2p[out], 200 + k, "output frame %d at its pfn", k);
		for (int b = 0; b < 4096; b++)
			cr_assert_eq(memory[out][b], 0, "output frame %d byte %d not zeroed", k, b);
		cr_assert_eq(pages[in].owner, 0, "input %lu still owned", (unsigned long)in);
		cr_assert_eq(m2p[in], M2P_INVALID);
		cr_assert(frame_is_free(&machine_frames, in), "input %lu not freed",
			  (unsigned long)in);
	}
	cr_assert_eq(machine_frames.nr_free, free_before, "as many frames free as before");
	cr_assert(machine_mm.flush_needed);
}

Test(frame_exchange, frame_limits_for_address_widths)
{
	cr_assert_eq(exchange_frame_limit(0), ~0UL, "0: no limit");
	cr_assert_eq(exchange_frame_limit(32), 1UL << 20);
	cr_assert_eq(exchange_frame_limit(14), 4);
	cr_assert_eq(exchange_frame_limit(13), 0, "Xen has no zone below 14 bits");
	cr_assert_eq(exchange_frame_limit(1), 0);
	cr_assert_eq(exchange_frame_limit(75), 1UL << 63);
	cr_assert_eq(exchange_frame_limit(76), ~0UL);
	cr_assert_eq(exchange_frame_limit(255), ~0UL);
}

/* Frames of nobody's are never taken in the name of domain 0. */
Test(frame_exchange, domain_zero_takes_nothing)
{
	c.domid = 0;
	assert_refused(3, 0, "a frame of nobody's, for domain 0");
	assert_refused(64, 0, "a free frame, for domain 0");
}
