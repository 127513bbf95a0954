/* SPDX-License-Identifier: GPL-2.0-only */
/* Preemptible validation and devalidation (page_types.h, "Partial and
 * dying frames"; Xen's PGT_partial): a tree larger than one step's budget
 * is validated and devalidated over several steps with the same end state
 * as in one go, and a partial or dying frame behaves consistently whatever
 * the guest asks of it next. Fake memory: frames 1..39 belong to d1.
 * Tree: L4 1 -> L3 2 -> L2 3 -> L1s 4..11 -> data 12..35, every L1 full. */
#include "unit.h"
#include <parvus/page_types.h>
#include <parvus/xen.h>

#define NR 48
#define D1 1
#define L4 1
#define L3 2
#define L2 3
#define FIRST_L1 4
#define NR_L1 8
#define FIRST_DATA 12
#define NR_DATA 24
#define STEP 700	/* entries a step may check: the tree needs ~6000 */

static _Alignas(4096) uint64_t frames[NR][512];
static struct page_info pages[NR], in_one_go[NR];
static uint64_t hv_slots[16];
static struct mm mm;

static void *map(void *ctx, uint64_t mfn)
{
	cr_assert_lt(mfn, NR);
	return frames[mfn];
}

static uint64_t pte(uint64_t mfn, uint64_t flags) { return mfn << 12 | flags; }

static void build_big_tree(void)
{
	frames[L4][0] = pte(L3, PTE_P | PTE_RW);
	frames[L3][0] = pte(L2, PTE_P | PTE_RW);
	for (unsigned int i = 0; i < NR_L1; i++) {
		frames[L2][i] = pte(FIRST_L1 + i, PTE_P | PTE_RW);
		for (unsigned int j = 0; j < 512; j++)
			frames[FIRST_L1 + i][j] =
				pte(FIRST_DATA + (i * 512 + j) % NR_DATA,
				    PTE_P | (j & 1 ? PTE_RW : 0));
	}
}

static void setup(void)
{
	memset(frames, 0, sizeof(frames));
	memset(pages, 0, sizeof(pages));
	for (int i = 1; i < NR; i++)
		pages[i].owner = i < 40 ? D1 : 0;
	for (int i = 0; i < 16; i++)
		hv_slots[i] = 0x7000000 + i;
	mm = (struct mm){ .pages = pages, .nr_frames = NR, .map = map,
			  .hv_l4_slots = hv_slots, .preemptible = true };
	build_big_tree();
}

TestSuite(page_types_partial, .init = setup);

/* Repeats a preemptible request, as a hypercall continuation would, with
 * a fresh budget each time; *steps counts the calls. */
#define IN_STEPS(steps, call) ({					\
	int rc_;							\
	do {								\
		mm.work_left = STEP;					\
		(steps)++;						\
		rc_ = (call);						\
	} while (rc_ == -PT_ERESTART);					\
	rc_;								\
})

static unsigned int drain_in_steps(void)
{
	unsigned int steps = 1;

	for (mm.work_left = STEP; !page_types_drain(&mm, D1); mm.work_left = STEP)
		steps++;
	return steps;
}

static void assert_all_counts_zero(void)
{
	for (int i = 0; i < NR; i++) {
		cr_assert_eq(pages[i].ref_count, 0, "frame %d ref_count %u", i, pages[i].ref_count);
		cr_assert_eq(pages[i].type_count, 0, "frame %d type_count %u", i, pages[i].type_count);
		cr_assert_eq(pages[i].type, PGT_none, "frame %d type %u", i, pages[i].type);
		cr_assert_eq(pages[i].flags, 0, "frame %d flags %u", i, pages[i].flags);
	}
	cr_assert_eq(mm.dying[D1], 0, "no frame left queued");
}

static void assert_same_as_in_one_go(void)
{
	for (int i = 0; i < NR; i++) {
		cr_assert_eq(pages[i].type, in_one_go[i].type, "frame %d", i);
		cr_assert_eq(pages[i].type_count, in_one_go[i].type_count, "frame %d", i);
		cr_assert_eq(pages[i].ref_count, in_one_go[i].ref_count, "frame %d", i);
		cr_assert_eq(pages[i].flags, in_one_go[i].flags, "frame %d", i);
	}
}

static void record_pin_in_one_go(void)
{
	mm.preemptible = false;
	cr_assert_eq(page_pin(&mm, L4, D1, PGT_l4), 0);
	memcpy(in_one_go, pages, sizeof(pages));
	cr_assert_eq(page_unpin(&mm, L4, D1), 0);
	assert_all_counts_zero();
	mm.preemptible = true;
}

Test(page_types_partial, a_big_tree_validates_over_several_steps_as_in_one_go)
{
	unsigned int steps = 0;

	record_pin_in_one_go();
	cr_assert_eq(IN_STEPS(steps, page_pin(&mm, L4, D1, PGT_l4)), 0);
	cr_assert_gt(steps, 5, "one step may not check the whole tree (%u)", steps);
	assert_same_as_in_one_go();
	cr_assert_eq(frames[L4][256], hv_slots[0], "a complete L4 has our slots");
	cr_assert(page_is_table(&mm, FIRST_L1 + 7, PGT_l1));
}

Test(page_types_partial, the_budget_counts_the_whole_recursion)
{
	mm.work_left = STEP;
	cr_assert_eq(page_pin(&mm, L4, D1, PGT_l4), -PT_ERESTART);
	cr_assert_eq(mm.work_left, 0, "stopped when the budget was spent");
	cr_assert_eq(pages[L4].flags, PGF_partial, "not pinned yet");
	cr_assert_eq(pages[L4].type_count, 1, "the parked type reference");
	cr_assert_eq(pages[L4].ref_count, 1, "the parked general reference");
	cr_assert_eq(pages[L4].validated, 0, "entry 0 leads to the partial L3");
	cr_assert_eq(pages[L2].flags, PGF_partial);
	cr_assert_eq(pages[L2].validated, 1);
	cr_assert_eq(pages[FIRST_L1].flags, 0, "the first L1 completed");
	cr_assert_eq(pages[FIRST_L1 + 1].flags, PGF_partial, "the second did not");
	cr_assert_eq(pages[FIRST_L1 + 1].validated, STEP - 4 - 512);
	cr_assert_eq(pages[FIRST_L1 + 2].type, PGT_none, "not reached");
	cr_assert_not(page_is_table(&mm, L4, PGT_l4), "a partial L4 is no table");
}

Test(page_types_partial, a_big_tree_devalidates_over_several_steps)
{
	unsigned int steps = 0;

	cr_assert_eq(IN_STEPS(steps, page_pin(&mm, L4, D1, PGT_l4)), 0);
	cr_assert_eq(page_unpin(&mm, L4, D1), 0);
	cr_assert_eq(pages[L4].flags, PGF_partial | PGF_dying, "queued, not devalidated");
	cr_assert_eq(pages[L3].type, PGT_l3, "nothing released yet");
	cr_assert_not(page_is_table(&mm, L4, PGT_l4));
	cr_assert_gt(drain_in_steps(), 5);
	assert_all_counts_zero();
	cr_assert_eq(frames[L4][256], 0, "our slots do not stay with the guest");
}

/* The pin is abandoned half-way (the guest never retries): each thing it
 * might do next with the partial frames is consistent. */
static void abandon_pin_half_way(void)
{
	mm.work_left = 3 * 512;
	cr_assert_eq(page_pin(&mm, L4, D1, PGT_l4), -PT_ERESTART);
	cr_assert_eq(pages[FIRST_L1 + 2].flags, PGF_partial);
}

Test(page_types_partial, a_partial_frame_cannot_be_mapped_writable)
{
	unsigned int steps = 0;
	uint64_t other_l1 = 38;

	abandon_pin_half_way();
	cr_assert_eq(page_get_typed(&mm, L2, D1, PGT_writable), -XEN_EINVAL);
	cr_assert_eq(IN_STEPS(steps, page_pin(&mm, other_l1, D1, PGT_l1)), 0);
	cr_assert_eq(pt_update_entry(&mm, other_l1, 0, pte(FIRST_L1 + 2, PTE_P | PTE_RW),
				     D1, false), -XEN_EBUSY);
	cr_assert_eq(pt_update_entry(&mm, L2, 0, 0, D1, false), -XEN_EINVAL,
		     "no update through a table still being validated");
	cr_assert_eq(page_unpin(&mm, L4, D1), -XEN_EINVAL, "not pinned");
	cr_assert_eq(page_pin(&mm, L2, D1, PGT_l3), -XEN_EINVAL, "pin at another level");
	cr_assert_eq(page_pin(&mm, FIRST_L1 + 2, D1, PGT_l2), -XEN_EINVAL);
	/* The abandoned pin, made again, carries on and completes. */
	cr_assert_eq(IN_STEPS(steps, page_pin(&mm, L4, D1, PGT_l4)), 0);
	cr_assert_eq(page_unpin(&mm, L4, D1), 0);
	cr_assert_eq(page_unpin(&mm, other_l1, D1), 0);
	drain_in_steps();
	assert_all_counts_zero();
}

Test(page_types_partial, hooking_a_partial_frame_elsewhere_carries_on)
{
	unsigned int steps = 0;
	uint64_t other_l3 = 37;

	abandon_pin_half_way();
	cr_assert_eq(IN_STEPS(steps, page_pin(&mm, other_l3, D1, PGT_l3)), 0);
	/* The partial L2 hooked into another L3: validation goes on there. */
	cr_assert_eq(IN_STEPS(steps, pt_update_entry(&mm, other_l3, 5, pte(L2, PTE_P),
						     D1, false)), 0);
	cr_assert(page_is_table(&mm, L2, PGT_l2));
	cr_assert_eq(pages[L2].type_count, 1, "held by the other L3 only");
	cr_assert_eq(pages[L2].ref_count, 1);
	cr_assert_eq(pages[L3].flags, PGF_partial, "the abandoned L3 is still partial");
	cr_assert_eq(page_unpin(&mm, other_l3, D1), 0);
	drain_in_steps();
	/* Only the abandoned partial L4 and L3 hold anything now. */
	cr_assert_eq(pages[L2].type, PGT_none);
	cr_assert_eq(IN_STEPS(steps, page_pin(&mm, L4, D1, PGT_l4)), 0);
	cr_assert_eq(page_unpin(&mm, L4, D1), 0);
	drain_in_steps();
	assert_all_counts_zero();
}

Test(page_types_partial, a_failing_entry_releases_what_the_partial_frame_held)
{
	unsigned int steps = 0;

	frames[FIRST_L1 + 7][511] = pte(L2, PTE_P | PTE_RW);	/* a table, writable */
	cr_assert_eq(IN_STEPS(steps, page_pin(&mm, L4, D1, PGT_l4)), -XEN_EBUSY);
	cr_assert_gt(steps, 5, "it failed only at the end");
	drain_in_steps();
	assert_all_counts_zero();
}

Test(page_types_partial, a_dying_table_is_revived_by_a_request_for_its_type)
{
	unsigned int steps = 0;

	cr_assert_eq(IN_STEPS(steps, page_pin(&mm, L4, D1, PGT_l4)), 0);
	memcpy(in_one_go, pages, sizeof(pages));
	cr_assert_eq(page_unpin(&mm, L4, D1), 0);
	mm.work_left = 100;
	cr_assert_not(page_types_drain(&mm, D1), "devalidation under way");
	steps = 0;
	cr_assert_eq(IN_STEPS(steps, page_pin(&mm, L4, D1, PGT_l4)), 0);
	cr_assert_eq(steps, 1, "only the released entries are checked again");
	cr_assert(page_types_drain(&mm, D1), "the revived frames left the queue");
	assert_same_as_in_one_go();
	cr_assert_eq(page_unpin(&mm, L4, D1), 0);
	drain_in_steps();
	assert_all_counts_zero();
}

Test(page_types_partial, another_type_on_a_dying_table_finishes_its_devalidation)
{
	unsigned int steps = 0;

	cr_assert_eq(IN_STEPS(steps, page_pin(&mm, FIRST_L1, D1, PGT_l1)), 0);
	cr_assert_eq(page_unpin(&mm, FIRST_L1, D1), 0);
	cr_assert_eq(pages[FIRST_L1].flags, PGF_partial | PGF_dying);
	mm.work_left = 10;	/* at most 512 releases: never stopped, but counted */
	cr_assert_eq(page_get_typed(&mm, FIRST_L1, D1, PGT_writable), 0);
	cr_assert_eq(mm.work_left, 0, "what follows in the step stops sooner");
	cr_assert_eq(pages[FIRST_L1].ref_count, 1);
	cr_assert_eq(pages[FIRST_DATA].ref_count, 0, "its entries were released");
	cr_assert_eq(mm.dying[D1], 0, "and it left the queue");
	page_put_typed(&mm, FIRST_L1);
	/* A plain store into a dying table, as mmu_update makes one. */
	cr_assert_eq(IN_STEPS(steps, page_pin(&mm, FIRST_L1, D1, PGT_l1)), 0);
	cr_assert_eq(page_unpin(&mm, FIRST_L1, D1), 0);
	cr_assert_eq(pt_update_entry(&mm, FIRST_L1, 3, 0x1234, D1, false), 0);
	cr_assert_eq(frames[FIRST_L1][3], 0x1234, "stored as is: no longer a table");
	assert_all_counts_zero();
}

Test(page_types_partial, a_new_table_still_owes_a_flush_when_done_in_steps)
{
	unsigned int steps = 0;

	mm.flush_needed = false;
	cr_assert_eq(IN_STEPS(steps, page_pin(&mm, L4, D1, PGT_l4)), 0);
	cr_assert(mm.flush_needed);
}
