/* SPDX-License-Identifier: GPL-2.0-only */
/* The page-type side of grant mappings (issue 15): where a map may write
 * its PTE (pt_grant_slot, for GNTMAP_contains_pte and linear addresses),
 * the references a mapping holds, and frames orphaned by their granter's
 * death: held by mappings alone, freed exactly when the last goes, seen
 * so by the memory audit. Fake machine memory: frames 1..39 belong to d1,
 * 40..49 to d2. */
#include "unit.h"
#include <parvus/page_types.h>
#include <parvus/mm_audit.h>
#include <parvus/xen.h>

#define NR 64
#define D1 1
#define D2 2
static _Alignas(4096) uint64_t frames[NR][512];
static struct page_info pages[NR];
static uint64_t hv_slots[16];
static struct mm mm;

static void *map(void *ctx, uint64_t mfn)
{
	cr_assert_lt(mfn, NR);
	return frames[mfn];
}

static void setup(void)
{
	memset(frames, 0, sizeof(frames));
	memset(pages, 0, sizeof(pages));
	for (int i = 1; i < NR; i++)
		pages[i].owner = i < 40 ? D1 : i < 50 ? D2 : 0;
	mm = (struct mm){ .pages = pages, .nr_frames = NR, .map = map, .hv_l4_slots = hv_slots };
}

TestSuite(grant_mm, .init = setup);

static uint64_t pte(uint64_t mfn, uint64_t flags) { return mfn << 12 | flags; }

/* d2: L4(40) -> L3(41) -> L2(42) -> L1(43), which maps data 44 at index 1;
 * 45 is a plain page. Pinned as a whole. */
static void build_d2(void)
{
	frames[40][0] = pte(41, PTE_P | PTE_RW);
	frames[41][0] = pte(42, PTE_P | PTE_RW);
	frames[42][0] = pte(43, PTE_P | PTE_RW);
	frames[43][1] = pte(44, PTE_P | PTE_RW);
	cr_assert_eq(page_pin(&mm, 40, D2, PGT_l4), 0);
}

Test(grant_mm, a_pte_address_must_be_an_empty_entry_of_a_complete_l1_of_the_caller)
{
	uint64_t l1 = 0;
	unsigned int idx = 0;

	build_d2();
	cr_assert_eq(pt_grant_slot(&mm, D2, 0, 43 << 12 | 2 * 8, true, &l1, &idx), 0);
	cr_assert(l1 == 43 && idx == 2);
	cr_assert_eq(pt_grant_slot(&mm, D2, 0, 43 << 12 | 1 * 8, true, &l1, &idx), -XEN_EBUSY,
		     "a live entry is never replaced");
	cr_assert_eq(pt_grant_slot(&mm, D2, 0, (43 << 12) + 2 * 8 + 4, true, &l1, &idx), -XEN_EINVAL,
		     "misaligned");
	cr_assert_eq(pt_grant_slot(&mm, D2, 0, 42 << 12 | 8, true, &l1, &idx), -XEN_EINVAL, "an L2");
	cr_assert_eq(pt_grant_slot(&mm, D2, 0, 45 << 12, true, &l1, &idx), -XEN_EINVAL,
		     "a plain page");
	cr_assert_eq(pt_grant_slot(&mm, D2, 0, (uint64_t)NR << 12, true, &l1, &idx), -XEN_EINVAL,
		     "past memory");
	cr_assert_eq(pt_grant_slot(&mm, D1, 0, 43 << 12 | 2 * 8, true, &l1, &idx), -XEN_EINVAL,
		     "another domain's L1");
	cr_assert_eq(pt_grant_slot(&mm, 0, 0, 43 << 12 | 2 * 8, true, &l1, &idx), -XEN_EINVAL);
}

Test(grant_mm, a_linear_address_finds_its_l1_the_same_way)
{
	uint64_t l1 = 0;
	unsigned int idx = 0;

	build_d2();
	cr_assert_eq(pt_grant_slot(&mm, D2, 40, 2 * 4096, false, &l1, &idx), 0);
	cr_assert(l1 == 43 && idx == 2);
	cr_assert_eq(pt_grant_slot(&mm, D2, 40, 1 * 4096, false, &l1, &idx), -XEN_EBUSY);
	cr_assert_eq(pt_grant_slot(&mm, D2, 40, 1UL << 30, false, &l1, &idx), -XEN_EINVAL,
		     "no L1 there");
}

Test(grant_mm, an_l1_being_torn_down_takes_no_grant)
{
	uint64_t l1 = 0;
	unsigned int idx = 0;

	frames[43][1] = pte(44, PTE_P | PTE_RW);
	cr_assert_eq(page_pin(&mm, 43, D2, PGT_l1), 0);
	mm.preemptible = true;	/* the unpin leaves it dying, as the hypervisor's does */
	cr_assert_eq(page_unpin(&mm, 43, D2), 0);
	cr_assert(pages[43].flags & PGF_dying);
	cr_assert_eq(pt_grant_slot(&mm, D2, 0, 43 << 12 | 2 * 8, true, &l1, &idx), -XEN_EINVAL);
	mm.work_left = 1000;
	cr_assert(page_types_drain(&mm, D2));
	cr_assert_eq(pt_grant_slot(&mm, D2, 0, 43 << 12 | 2 * 8, true, &l1, &idx), -XEN_EINVAL,
		     "nor once it is a plain page");
}

Test(grant_mm, a_mapping_holds_a_reference_and_a_writable_type)
{
	cr_assert_eq(page_get_mapping(&mm, 20, D1, true), 0);
	cr_assert(pages[20].ref_count == 1 && pages[20].type == PGT_writable);
	cr_assert_eq(page_get_mapping(&mm, 20, D2, false), -XEN_EINVAL, "not the granter's frame");
	frames[21][0] = 0;
	cr_assert_eq(page_pin(&mm, 21, D1, PGT_l1), 0);
	cr_assert_eq(page_get_mapping(&mm, 21, D1, true), -XEN_EBUSY, "a page table, writable");
	cr_assert_eq(pages[21].ref_count, 1, "nothing kept from the failed attempt");
	cr_assert_eq(page_get_mapping(&mm, 21, D1, false), 0, "read-only it may be");
	cr_assert_not(page_put_mapping(&mm, 21, false));
	cr_assert_not(page_put_mapping(&mm, 20, true), "an owned frame is never the caller's to free");
	cr_assert(pages[20].ref_count == 0 && pages[20].type == PGT_none);
}

/* The granter (d1) dies with frame 20 mapped writable twice and frame 21,
 * one of its L1s, mapped read-only: both become orphans with exactly the
 * mappings' references, and each is to be freed with its last mapping. */
Test(grant_mm, orphans_are_held_by_their_mappings_alone)
{
	frames[21][0] = pte(20, PTE_P | PTE_RW);
	cr_assert_eq(page_get_mapping(&mm, 20, D1, true), 0);
	cr_assert_eq(page_get_mapping(&mm, 20, D1, true), 0);
	cr_assert_eq(page_pin(&mm, 21, D1, PGT_l1), 0);	/* holds 20 too */
	cr_assert_eq(page_get_mapping(&mm, 21, D1, false), 0);

	page_orphan(&mm, 20, D1, true);
	page_orphan(&mm, 20, D1, true);
	page_orphan(&mm, 21, D1, false);
	cr_assert(pages[20].owner == MM_ORPHAN && pages[20].ref_count == 2 &&
		  pages[20].type == PGT_writable && pages[20].type_count == 2);
	cr_assert(pages[21].owner == MM_ORPHAN && pages[21].ref_count == 1 &&
		  pages[21].type == PGT_none && pages[21].flags == 0,
		  "no longer a table, nor pinned: its entries are just data now");
	cr_assert_eq(page_get(&mm, 20, D1), -XEN_EINVAL, "nobody's, not even the old owner's");
	cr_assert_eq(page_get_mapping(&mm, 20, D2, false), -XEN_EINVAL);
	cr_assert_not(page_put_mapping(&mm, 20, true), "one mapping left");
	cr_assert(page_put_mapping(&mm, 20, true), "the last: free it");
	cr_assert(page_put_mapping(&mm, 21, false));
}

Test(grant_mm, a_dying_table_orphaned_leaves_its_queue)
{
	frames[21][0] = 0;
	frames[22][0] = 0;
	mm.preemptible = true;
	mm.work_left = 10000;
	cr_assert_eq(page_pin(&mm, 21, D1, PGT_l1), 0);
	cr_assert_eq(page_pin(&mm, 22, D1, PGT_l1), 0);
	cr_assert_eq(page_get_mapping(&mm, 21, D1, false), 0);
	cr_assert_eq(page_unpin(&mm, 21, D1), 0);
	cr_assert_eq(page_unpin(&mm, 22, D1), 0);
	cr_assert(pages[21].flags & PGF_dying);
	page_orphan(&mm, 21, D1, false);
	cr_assert_eq(pages[21].flags, 0);
	mm.work_left = 1000;
	cr_assert(page_types_drain(&mm, D1), "the queue holds 22 alone");
	cr_assert(pages[22].type == PGT_none && pages[22].ref_count == 0);
	cr_assert(pages[21].owner == MM_ORPHAN && pages[21].ref_count == 1);
}

static char lines[2048];

static void record(void *ctx, const char *line)
{
	strncat(lines, line, sizeof(lines) - strlen(lines) - 2);
	strcat(lines, "\n");
}

/* The audit: an orphan is held by grant mappings only, and by one at
 * least; a device mapping (no PTE) counts without an L1 entry. */
Test(grant_mm, the_audit_knows_orphans)
{
	static struct mm_audit_grant grants[4];
	void *scratch = calloc(1, mm_audit_scratch_bytes(NR, 8));
	uint16_t pins[16] = { 0 };
	struct mm_audit a;
	struct mm_audit_grant dev = { .grantee = D2, .granter = MM_ORPHAN, .ref = 3,
				      .writable = true, .mfn = 20, .no_pte = true };

	cr_assert_eq(page_get_mapping(&mm, 20, D1, true), 0);
	page_orphan(&mm, 20, D1, true);
	mm_audit_begin(&a, &mm, scratch, grants, 4, 8, record, NULL);
	mm_audit_grant(&a, &dev);
	mm_audit_pins(&a, D1, pins, pins + 8, 8);
	cr_assert_eq(mm_audit_finish(&a), 0, "%s", lines);

	pages[30].owner = MM_ORPHAN;	/* leaked: nothing holds it */
	mm_audit_begin(&a, &mm, scratch, grants, 4, 8, record, NULL);
	mm_audit_grant(&a, &dev);
	cr_assert_eq(mm_audit_finish(&a), 1, "%s", lines);
	cr_assert(strstr(lines, "orphaned mfn 0x1e: ref_count 0"), "%s", lines);
	free(scratch);
}
