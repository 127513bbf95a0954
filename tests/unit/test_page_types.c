/* SPDX-License-Identifier: GPL-2.0-only */
/* The page-type state machine: ownership, validation of entries at every
 * level, type clashes, pinning, and sequences that must leave every count
 * back at zero. Fake machine memory: frames 1..39 belong to d1, 40..49 to
 * d2, the rest to nobody (the hypervisor). */
#include "unit.h"
#include <parvus/page_types.h>
#include <parvus/xen.h>

#define NR 64
#define D1 1
#define D2 2
static _Alignas(4096) uint64_t frames[NR][512];
static struct page_info pages[NR];
static uint64_t hv_slots[16];
static struct mm mm;
static unsigned int implicit_unmaps, implicit_unmap_owner;

static void record_implicit_unmap(struct mm *m, unsigned int owner)
{
	implicit_unmaps++;
	implicit_unmap_owner = owner;
}

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
	for (int i = 0; i < 16; i++)
		hv_slots[i] = 0x7000000 + i;
	mm = (struct mm){ .pages = pages, .nr_frames = NR, .map = map,
			  .hv_l4_slots = hv_slots,
			  .implicit_grant_unmap = record_implicit_unmap };
	implicit_unmaps = implicit_unmap_owner = 0;
}

TestSuite(page_types, .init = setup);

static uint64_t pte(uint64_t mfn, uint64_t flags) { return mfn << 12 | flags; }

/* L4(10) -> L3(11) -> L2(12) -> L1(13) -> data 20 (rw), 21 (ro), 13 (ro). */
static void build_tree(void)
{
	frames[10][0] = pte(11, PTE_P | PTE_RW);
	frames[11][0] = pte(12, PTE_P | PTE_RW);
	frames[12][0] = pte(13, PTE_P | PTE_RW);
	frames[13][0] = pte(20, PTE_P | PTE_RW);
	frames[13][1] = pte(21, PTE_P);
	frames[13][2] = pte(13, PTE_P);		/* the L1 maps itself read-only */
}

static void assert_all_counts_zero(void)
{
	for (int i = 0; i < NR; i++) {
		cr_assert_eq(pages[i].ref_count, 0, "frame %d ref_count %u", i, pages[i].ref_count);
		cr_assert_eq(pages[i].type_count, 0, "frame %d type_count %u", i, pages[i].type_count);
		cr_assert_eq(pages[i].type, PGT_none, "frame %d type %u", i, pages[i].type);
	}
}

Test(page_types, pin_validates_recursively_and_unpin_releases_everything)
{
	build_tree();
	cr_assert_eq(page_pin(&mm, 10, D1, PGT_l4), 0);
	cr_assert_eq(pages[10].type, PGT_l4);
	cr_assert_eq(pages[11].type, PGT_l3);
	cr_assert_eq(pages[12].type, PGT_l2);
	cr_assert_eq(pages[13].type, PGT_l1);
	cr_assert_eq(pages[20].type, PGT_writable);
	cr_assert_eq(pages[21].type, PGT_none, "read-only mappings take no type");
	cr_assert_eq(pages[21].ref_count, 1);
	cr_assert_eq(pages[13].ref_count, 2, "referenced by the L2 and by itself");
	cr_assert(mm.flush_needed, "new page tables need a TLB flush");
	cr_assert(frames[13][0] & PTE_US, "_PAGE_USER forced on");
	cr_assert_eq(frames[10][256], hv_slots[0], "hypervisor slots installed");
	cr_assert_eq(frames[10][271], hv_slots[15]);
	cr_assert_eq(page_unpin(&mm, 10, D1), 0);
	assert_all_counts_zero();
	cr_assert_eq(frames[10][256], 0, "hypervisor slots removed on release");
}

Test(page_types, pin_rules)
{
	build_tree();
	cr_assert_eq(page_pin(&mm, 10, D1, PGT_l4), 0);
	cr_assert_eq(page_pin(&mm, 10, D1, PGT_l4), -XEN_EINVAL, "already pinned");
	cr_assert_eq(page_pin(&mm, 11, D1, PGT_l2), -XEN_EINVAL, "an L3 cannot be pinned as L2");
	cr_assert_eq(page_pin(&mm, 11, D1, PGT_l3), 0, "but may be pinned as what it is");
	cr_assert_eq(page_unpin(&mm, 12, D1), -XEN_EINVAL, "not pinned");
	cr_assert_eq(page_unpin(&mm, 10, D2), -XEN_EINVAL, "not d2's frame");
	cr_assert_eq(page_pin(&mm, 40, D1, PGT_l1), -XEN_EINVAL, "d2's frame");
	cr_assert_eq(page_pin(&mm, 55, D1, PGT_l1), -XEN_EINVAL, "the hypervisor's frame");
	cr_assert_eq(page_pin(&mm, 999, D1, PGT_l1), -XEN_EINVAL, "beyond memory");
	cr_assert_eq(page_pin(&mm, 30, D1, PGT_writable), -XEN_EINVAL, "not a table type");
	cr_assert_eq(page_unpin(&mm, 11, D1), 0);
	cr_assert_eq(page_unpin(&mm, 10, D1), 0);
	assert_all_counts_zero();
}

Test(page_types, l1_entry_rules)
{
	uint64_t e;

	e = pte(20, PTE_P | PTE_RW);
	cr_assert_eq(pt_get_entry(&mm, 1, &e, D1), 0);
	pt_put_entry(&mm, 1, e, D1);
	e = pte(40, PTE_P);
	cr_assert_eq(pt_get_entry(&mm, 1, &e, D1), -XEN_EBUSY, "another domain's frame");
	e = pte(55, PTE_P);
	cr_assert_eq(pt_get_entry(&mm, 1, &e, D1), -XEN_EBUSY, "a hypervisor frame");
	e = pte(1UL << 30, PTE_P);
	cr_assert_eq(pt_get_entry(&mm, 1, &e, D1), -XEN_EINVAL, "not RAM");
	e = pte(20, PTE_P | PTE_PCD);
	cr_assert_eq(pt_get_entry(&mm, 1, &e, D1), -XEN_EINVAL, "cache attributes");
	e = pte(20, PTE_P | PTE_PSE);
	cr_assert_eq(pt_get_entry(&mm, 1, &e, D1), -XEN_EINVAL, "PAT bit");
	e = pte(20, PTE_P | PTE_G | PTE_NX | (1UL << 52) | (1UL << 9));
	cr_assert_eq(pt_get_entry(&mm, 1, &e, D1), 0, "G, NX and software bits are allowed");
	pt_put_entry(&mm, 1, e, D1);
	e = pte(20, 0xfff & ~PTE_P);
	cr_assert_eq(pt_get_entry(&mm, 1, &e, D1), 0, "not present: anything goes");
	assert_all_counts_zero();
}

Test(page_types, a_page_table_can_never_be_writable)
{
	uint64_t e;

	build_tree();
	cr_assert_eq(page_pin(&mm, 10, D1, PGT_l4), 0);
	e = pte(13, PTE_P | PTE_RW);
	cr_assert_eq(pt_get_entry(&mm, 1, &e, D1), -XEN_EBUSY, "writable alias of an L1");
	e = pte(10, PTE_P | PTE_RW);
	cr_assert_eq(pt_get_entry(&mm, 1, &e, D1), -XEN_EBUSY, "writable alias of the L4");
	/* ...and a writable frame cannot become a page table. */
	cr_assert_eq(page_pin(&mm, 20, D1, PGT_l1), -XEN_EINVAL);
	/* An L1 that maps itself writable can never be validated. */
	frames[14][0] = pte(14, PTE_P | PTE_RW);
	cr_assert_eq(page_pin(&mm, 14, D1, PGT_l1), -XEN_EBUSY);
	cr_assert_eq(pages[14].type, PGT_none);
	cr_assert_eq(page_unpin(&mm, 10, D1), 0);
	assert_all_counts_zero();
}

Test(page_types, upper_level_rules)
{
	uint64_t e;

	build_tree();
	e = pte(12, PTE_P | PTE_RW | PTE_PSE);
	cr_assert_eq(pt_get_entry(&mm, 3, &e, D1), -XEN_EINVAL, "1 GiB superpage");
	e = pte(13, PTE_P | PTE_RW | PTE_PSE);
	cr_assert_eq(pt_get_entry(&mm, 2, &e, D1), -XEN_EINVAL, "2 MiB superpage");
	e = pte(13, PTE_P | PTE_G);
	cr_assert_eq(pt_get_entry(&mm, 2, &e, D1), -XEN_EINVAL, "global above L1");
	e = pte(41, PTE_P);
	cr_assert_eq(pt_get_entry(&mm, 2, &e, D1), -XEN_EINVAL, "another domain's table");
	/* A table that points at itself one level down is a type clash. */
	frames[15][0] = pte(15, PTE_P);
	cr_assert_eq(page_pin(&mm, 15, D1, PGT_l2), -XEN_EINVAL);
	/* A failure deep down unwinds everything taken so far. */
	frames[13][3] = pte(45, PTE_P);
	cr_assert_eq(page_pin(&mm, 10, D1, PGT_l4), -XEN_EBUSY);
	assert_all_counts_zero();
}

Test(page_types, guest_values_in_hypervisor_slots_are_ignored)
{
	build_tree();
	frames[10][256] = pte(55, PTE_P | PTE_RW);	/* would map hypervisor memory */
	cr_assert_eq(page_pin(&mm, 10, D1, PGT_l4), 0);
	cr_assert_eq(frames[10][256], hv_slots[0]);
	cr_assert_eq(pages[55].ref_count, 0);
	cr_assert_eq(pt_update_entry(&mm, 10, 256, pte(11, PTE_P), D1, false), -XEN_EINVAL,
		     "a guest cannot write a hypervisor slot");
	cr_assert_eq(pt_update_entry(&mm, 10, 300, pte(11, PTE_P), D1, false), 0);
	cr_assert_eq(pages[11].type_count, 2);
	cr_assert_eq(pt_update_entry(&mm, 10, 300, 0, D1, false), 0);
	cr_assert_eq(page_unpin(&mm, 10, D1), 0);
	assert_all_counts_zero();
}

Test(page_types, update_entry_swaps_references)
{
	build_tree();
	cr_assert_eq(page_pin(&mm, 10, D1, PGT_l4), 0);
	/* Remap L1 slot 0 from frame 20 (rw) to 22 (rw). */
	cr_assert_eq(pt_update_entry(&mm, 13, 0, pte(22, PTE_P | PTE_RW), D1, false), 0);
	cr_assert_eq(pages[20].ref_count, 0);
	cr_assert_eq(pages[20].type, PGT_none, "20 no longer writable-mapped");
	cr_assert_eq(pages[22].type, PGT_writable);
	/* A rejected update leaves the old entry in place. */
	cr_assert_eq(pt_update_entry(&mm, 13, 0, pte(12, PTE_P | PTE_RW), D1, false), -XEN_EBUSY);
	cr_assert_eq(pte_mfn(frames[13][0]), 22);
	cr_assert_eq(pages[22].ref_count, 1);
	cr_assert_eq(pt_update_entry(&mm, 13, 600, 0, D1, false), -XEN_EINVAL, "index past the table");
	cr_assert_eq(pt_update_entry(&mm, 13, 0, 0, D2, false), -XEN_EINVAL, "d2 cannot write d1's table");
	cr_assert_eq(page_unpin(&mm, 10, D1), 0);
	assert_all_counts_zero();
}

Test(page_types, preserve_ad_keeps_hardware_bits)
{
	build_tree();
	cr_assert_eq(page_pin(&mm, 13, D1, PGT_l1), 0);
	frames[13][0] |= PTE_A | PTE_D;			/* as the CPU would set them */
	cr_assert_eq(pt_update_entry(&mm, 13, 0, pte(20, PTE_P), D1, true), 0);
	cr_assert_eq(frames[13][0] & (PTE_A | PTE_D), PTE_A | PTE_D);
	cr_assert_eq(frames[13][0] & PTE_RW, 0);
	cr_assert_eq(pages[20].type, PGT_none, "write access dropped with RW");
	cr_assert_eq(page_unpin(&mm, 13, D1), 0);
	assert_all_counts_zero();
}

Test(page_types, plain_writes_to_frames_that_are_not_tables)
{
	cr_assert_eq(pt_update_entry(&mm, 25, 7, 0x1234, D1, false), 0);
	cr_assert_eq(frames[25][7], 0x1234, "stored as is: not a live table");
	assert_all_counts_zero();
	pages[26].type = PGT_seg_desc;
	pages[26].type_count = 1;
	cr_assert_eq(pt_update_entry(&mm, 26, 0, 1, D1, false), -XEN_EINVAL, "a live descriptor page");
}

Test(page_types, cr3_style_reference_outlives_unpin)
{
	build_tree();
	cr_assert_eq(page_pin(&mm, 10, D1, PGT_l4), 0);
	cr_assert_eq(page_get_typed(&mm, 10, D1, PGT_l4), 0, "as NEW_BASEPTR takes it");
	cr_assert_eq(page_unpin(&mm, 10, D1), 0);
	cr_assert_eq(pages[10].type, PGT_l4, "still the current L4");
	cr_assert_eq(pages[13].type, PGT_l1);
	page_put_typed(&mm, 10);
	assert_all_counts_zero();
}

Test(page_types, only_a_frame_becoming_writable_needs_no_flush)
{
	build_tree();
	mm.flush_needed = false;
	cr_assert_eq(page_get_typed(&mm, 20, D1, PGT_writable), 0);
	cr_assert_not(mm.flush_needed, "a writable frame keeps its TLB entries");
	page_put_typed(&mm, 20);
	cr_assert_eq(page_get_typed(&mm, 20, D1, PGT_seg_desc), 0);
	cr_assert(mm.flush_needed, "a stale writable entry to a descriptor page must go");
	page_put_typed(&mm, 20);
	assert_all_counts_zero();
}

/* A grant-marked L1 entry, as gnttab_map writes it: no references of its
 * own (the maptrack entry holds them), so removing it any other way than
 * grant unmap must not touch counts, and must name the offender. */
static void hook_grant_entry(unsigned int idx, uint64_t granted_mfn)
{
	frames[13][idx] = pte(granted_mfn, PTE_P | PTE_RW | PTE_US | PTE_GNTTAB);
}

Test(page_types, guests_cannot_write_the_grant_mark)
{
	uint64_t e = pte(20, PTE_P | PTE_GNTTAB);

	cr_assert_eq(pt_get_entry(&mm, 1, &e, D1), -XEN_EINVAL, "bit 62 in an L1 entry");
	build_tree();
	cr_assert_eq(page_pin(&mm, 10, D1, PGT_l4), 0);
	cr_assert_eq(pt_update_entry(&mm, 13, 5, pte(21, PTE_P | PTE_GNTTAB), D1, false),
		     -XEN_EINVAL, "mmu_update with the mark");
	frames[14][0] = pte(21, PTE_P | PTE_GNTTAB);
	cr_assert_eq(page_pin(&mm, 14, D1, PGT_l1), -XEN_EINVAL, "a table carrying the mark");
	cr_assert_eq(page_unpin(&mm, 10, D1), 0);
	assert_all_counts_zero();
}

Test(page_types, replacing_a_grant_entry_crashes_only_its_owner)
{
	build_tree();
	cr_assert_eq(page_pin(&mm, 10, D1, PGT_l4), 0);
	hook_grant_entry(7, 45);	/* d2's frame, as if granted to d1 */
	pages[45].ref_count = 1;	/* the maptrack entry's */
	pages[45].type = PGT_writable;
	pages[45].type_count = 1;
	cr_assert_eq(pt_update_entry(&mm, 13, 7, 0, D1, false), 0);
	cr_assert_eq(implicit_unmaps, 1, "the offender is reported");
	cr_assert_eq(implicit_unmap_owner, D1, "the grantee, not the granter");
	cr_assert_eq(pages[45].ref_count, 1, "the granter's frame keeps its references");
	cr_assert_eq(pages[45].type_count, 1);
	cr_assert_eq(pages[45].type, PGT_writable);
}

Test(page_types, devalidating_an_l1_with_a_grant_entry_crashes_its_owner)
{
	build_tree();
	cr_assert_eq(page_pin(&mm, 13, D1, PGT_l1), 0);
	hook_grant_entry(9, 46);
	pages[46].ref_count = 1;
	cr_assert_eq(page_unpin(&mm, 13, D1), 0);
	cr_assert_eq(implicit_unmaps, 1);
	cr_assert_eq(implicit_unmap_owner, D1);
	cr_assert_eq(pages[46].ref_count, 1, "devalidation left the grant's reference alone");
	pages[46].ref_count = 0;
	assert_all_counts_zero();
}

Test(page_types, ordinary_entries_never_report_an_implicit_unmap)
{
	build_tree();
	cr_assert_eq(page_pin(&mm, 10, D1, PGT_l4), 0);
	cr_assert_eq(pt_update_entry(&mm, 13, 0, 0, D1, false), 0);
	cr_assert_eq(page_unpin(&mm, 10, D1), 0);
	cr_assert_eq(implicit_unmaps, 0);
	assert_all_counts_zero();
}
