/* SPDX-License-Identifier: GPL-2.0-only */
/* The memory audit (mm/mm_audit.c): a state the page-type engine built is
 * clean, and each kind of planted violation is found and named: a count
 * off by one, a page table mapped writable, a grant mark without its
 * maptrack entry and the reverse, two mappings claiming one entry, pins
 * that disagree with the mappings, a frame of another domain in a table,
 * device memory mapped other than its owner may (page_types.h).
 * Fake machine memory: frames 1..39 belong to d1, 40..49 to d2. */
#include "unit.h"
#include <parvus/mm_audit.h>
#include <parvus/xen.h>
#include <stdlib.h>
#include <string.h>

#define NR 64
#define D1 1
#define D2 2
#define REFS 16
static _Alignas(4096) uint64_t frames[NR][512];
static struct page_info pages[NR];
static uint64_t hv_slots[16];
static struct mm mm;
static struct mm_audit a;
static void *scratch;
static struct mm_audit_grant grant_space[8];
static char lines[2048];
static uint16_t pin_ro[REFS], pin_rw[REFS];

static void *map(void *ctx, uint64_t mfn)
{
	cr_assert_lt(mfn, NR);
	return frames[mfn];
}

static void record(void *ctx, const char *line)
{
	size_t used = strlen(lines);

	snprintf(lines + used, sizeof(lines) - used, "%s\n", line);
}

static void setup(void)
{
	memset(frames, 0, sizeof(frames));
	memset(pages, 0, sizeof(pages));
	memset(pin_ro, 0, sizeof(pin_ro));
	memset(pin_rw, 0, sizeof(pin_rw));
	lines[0] = 0;
	for (int i = 1; i < NR; i++)
		pages[i].owner = i < 40 ? D1 : i < 50 ? D2 : 0;
	mm = (struct mm){ .pages = pages, .nr_frames = NR, .map = map, .hv_l4_slots = hv_slots };
	scratch = calloc(1, mm_audit_scratch_bytes(NR, REFS));
}

static void teardown(void)
{
	free(scratch);
}

TestSuite(mm_audit, .init = setup, .fini = teardown);

static uint64_t pte(uint64_t mfn, uint64_t flags) { return mfn << 12 | flags; }

/* d1: L4(10) -> L3(11) -> L2(12) -> L1(13) -> 20 (rw), 21 (ro); pinned,
 * and the kernel baseptr, as the builder leaves it. */
static void build_d1(void)
{
	frames[10][0] = pte(11, PTE_P | PTE_RW);
	frames[11][0] = pte(12, PTE_P | PTE_RW);
	frames[12][0] = pte(13, PTE_P | PTE_RW);
	frames[13][0] = pte(20, PTE_P | PTE_RW);
	frames[13][1] = pte(21, PTE_P);
	cr_assert_eq(page_pin(&mm, 10, D1, PGT_l4), 0);
	cr_assert_eq(page_get_typed(&mm, 10, D1, PGT_l4), 0);
}

/* d2 maps d1's frame 22 through ref 3 into its own L1 41 at index 5, as
 * gnttab_map does: the mapping holds the references, the PTE is marked. */
static struct mm_audit_grant grant_22(bool writable)
{
	struct mm_audit_grant g = { .grantee = D2, .granter = D1, .ref = 3,
				    .writable = writable, .mfn = 22, .l1_mfn = 41, .l1_idx = 5 };

	cr_assert_eq(page_pin(&mm, 41, D2, PGT_l1), 0);
	cr_assert_eq(page_get(&mm, 22, D1), 0);
	if (writable)
		cr_assert_eq(page_get_type(&mm, 22, D1, PGT_writable), 0);
	g.pte = pte(22, PTE_P | PTE_US | PTE_A | PTE_D | PTE_GNTTAB | (writable ? PTE_RW : 0));
	frames[41][5] = g.pte;
	(writable ? pin_rw : pin_ro)[3]++;
	return g;
}

static unsigned int audit(const struct mm_audit_grant *g, unsigned int nr_grants)
{
	mm_audit_begin(&a, &mm, scratch, grant_space, 8, REFS, record, NULL);
	mm_audit_holder(&a, D1, 10, PGT_l4, "kernel baseptr");
	for (unsigned int i = 0; i < nr_grants; i++)
		mm_audit_grant(&a, &g[i]);
	mm_audit_pins(&a, D1, pin_ro, pin_rw, REFS);
	mm_audit_pins(&a, D2, pin_ro + 8, pin_rw + 8, 8);	/* d2 grants nothing */
	return mm_audit_finish(&a);
}

Test(mm_audit, a_state_the_engine_built_is_clean)
{
	struct mm_audit_grant g[2];

	build_d1();
	g[0] = grant_22(true);
	cr_assert_eq(audit(g, 1), 0, "%s", lines);
	cr_assert_eq(a.marked, 1);
	frames[41][5] |= PTE_A | PTE_D;	/* the CPU may set these */
	cr_assert_eq(audit(g, 1), 0, "%s", lines);
}

Test(mm_audit, a_count_off_by_one_is_named)
{
	build_d1();
	pages[21].ref_count++;
	cr_assert_eq(audit(NULL, 0), 1, "%s", lines);
	cr_assert(strstr(lines, "mfn 0x15 (d1, none): ref_count 2 type_count 0, holders 1 and 0"),
		  "%s", lines);
}

Test(mm_audit, a_leaked_reference_on_a_frame_nobody_owns_is_named)
{
	build_d1();
	pages[60].ref_count = 1;
	cr_assert_eq(audit(NULL, 0), 1, "%s", lines);
	cr_assert(strstr(lines, "mfn 0x3c (d0"), "%s", lines);
}

/* What a write through a stale TLB entry leaves: an unvalidated entry in
 * a live L1 mapping a page table writable. */
Test(mm_audit, a_page_table_mapped_writable_behind_the_engine_is_found)
{
	build_d1();
	frames[13][7] = pte(13, PTE_P | PTE_RW | PTE_US);
	cr_assert_geq(audit(NULL, 0), 1);
	cr_assert(strstr(lines, "mfn 0xd is held as l1 and as writable"), "%s", lines);
}

Test(mm_audit, another_domains_frame_in_a_table_is_found)
{
	build_d1();
	frames[13][8] = pte(45, PTE_P | PTE_US);
	pages[45].ref_count++;	/* even with the count made to match */
	cr_assert_geq(audit(NULL, 0), 1);
	cr_assert(strstr(lines, "names mfn 0x2d, owned by d2"), "%s", lines);
}

Test(mm_audit, a_grant_mark_without_a_maptrack_entry_is_found)
{
	struct mm_audit_grant g;

	build_d1();
	g = grant_22(false);
	(void)g;
	pages[22].ref_count--;		/* as if the mapping had gone */
	pin_ro[3]--;
	cr_assert_eq(audit(NULL, 0), 2, "%s", lines);
	cr_assert(strstr(lines, "L1 0x29[5] = 0x4000000000016065 carries the grant mark, but no "
			 "maptrack entry names it"), "%s", lines);
	cr_assert(strstr(lines, "1 grant-marked L1 entries, 0 grant mappings"), "%s", lines);
}

Test(mm_audit, a_maptrack_entry_whose_pte_is_gone_is_found)
{
	struct mm_audit_grant g;

	build_d1();
	g = grant_22(true);
	frames[41][5] = 0;
	cr_assert_eq(audit(&g, 1), 2, "%s", lines);
	cr_assert(strstr(lines, "d2's grant mapping of d1 ref 3: L1 0x29[5] is 0x0"), "%s", lines);
}

Test(mm_audit, a_maptrack_entry_in_an_unpinned_l1_is_found)
{
	struct mm_audit_grant g;

	build_d1();
	g = grant_22(false);
	pages[41].flags = 0;	/* as if devalidated, with the entry left */
	pages[41].type_count = 0;
	pages[41].type = PGT_none;
	pages[41].ref_count = 0;
	cr_assert_geq(audit(&g, 1), 1);
	cr_assert(strstr(lines, "is in mfn 0x29, not a live L1 of its own"), "%s", lines);
}

Test(mm_audit, two_mappings_claiming_one_entry_are_found)
{
	struct mm_audit_grant g[2];

	build_d1();
	g[0] = grant_22(false);
	g[1] = g[0];
	cr_assert_eq(page_get(&mm, 22, D1), 0);
	pin_ro[3]++;
	cr_assert_geq(audit(g, 2), 1);
	cr_assert(strstr(lines, "two grant mappings (d1 ref 3, d1 ref 3) own L1 0x29[5]"), "%s",
		  lines);
}

Test(mm_audit, pins_that_disagree_with_the_mappings_are_found)
{
	struct mm_audit_grant g;

	build_d1();
	g = grant_22(true);
	pin_rw[3] = 0;
	pin_ro[3] = 1;
	cr_assert_eq(audit(&g, 1), 1, "%s", lines);
	cr_assert(strstr(lines, "d1 ref 3: pins ro 1 rw 0, mappings ro 0 rw 1"), "%s", lines);
}

Test(mm_audit, a_missing_holder_shows_as_a_count_too_high)
{
	build_d1();
	cr_assert_eq(page_get_typed(&mm, 30, D1, PGT_writable), 0);	/* e.g. vcpu_info */
	cr_assert_eq(audit(NULL, 0), 1, "%s", lines);
	mm_audit_begin(&a, &mm, scratch, grant_space, 8, REFS, record, NULL);
	mm_audit_holder(&a, D1, 10, PGT_l4, "kernel baseptr");
	mm_audit_holder(&a, D1, 30, PGT_writable, "vcpu_info");
	cr_assert_eq(mm_audit_finish(&a), 0);
}

/* Device memory (page_types.h): frames from 56 up are not RAM; d1 may map
 * 0x100 writable and 0x101 (an MSI-X page) read-only. */
static bool below_56(uint64_t mfn)
{
	return mfn < 56;
}

static int d1_devices(unsigned int d, uint64_t mfn)
{
	if (d == D1 && mfn == 0x100)
		return MMIO_WRITE;
	return d == D1 && mfn == 0x101 ? MMIO_READ : MMIO_NONE;
}

Test(mm_audit, device_entries_hold_nothing_and_are_checked)
{
	mm.is_ram = below_56;
	mm.mmio_access = d1_devices;
	build_d1();
	cr_assert_eq(pt_update_entry(&mm, 13, 2, pte(0x100, PTE_P | PTE_RW), D1, false), 0);
	cr_assert_eq(pt_update_entry(&mm, 13, 3, pte(0x101, PTE_P), D1, false), 0);
	cr_assert_eq(audit(NULL, 0), 0, "%s", lines);
	frames[13][4] = pte(0x101, PTE_P | PTE_RW | PTE_US | PTE_PCD | PTE_PWT);
	frames[13][5] = pte(0x100, PTE_P | PTE_US);
	frames[13][6] = pte(0x102, PTE_P | PTE_US | PTE_PCD | PTE_PWT);
	frames[13][7] = pte(60, PTE_P | PTE_US | PTE_PCD | PTE_PWT);
	cr_assert_eq(audit(NULL, 0), 4, "%s", lines);
	cr_assert(strstr(lines, "L1 0xd[4] = 0x10101f maps device memory d1 may not map so"),
		  "%s", lines);
	cr_assert(strstr(lines, "L1 0xd[5] = 0x100005 maps device memory"), "%s", lines);
}
