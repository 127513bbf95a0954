/* SPDX-License-Identifier: GPL-2.0-only */
/* L1 entries for device memory (page_types.h, "mmio_access"): a frame
 * that is not RAM may be mapped only where the domain's iomem ranges
 * allow, uncached, never writable over MSI-X structures, with no
 * reference counted on either side; PCD and PWT stay refused on RAM; a
 * grant never reaches device memory. Fake machine: frames 1..39 are d1's
 * RAM, 40..49 d2's, 50..55 RAM of nobody, 56..63 a hole below the top of
 * RAM (not RAM); frames from 64 up have no page_info. d1 owns device
 * frames 60 and 0x100-0x103, of which 0x103 holds its MSI-X table; d2
 * owns 0x200. */
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

static void *map(void *ctx, uint64_t mfn)
{
	cr_assert_lt(mfn, NR);
	return frames[mfn];
}

static bool is_ram(uint64_t mfn)
{
	return mfn < 56;
}

static int access(unsigned int d, uint64_t mfn)
{
	if (d == D1 && (mfn == 60 || (mfn >= 0x100 && mfn <= 0x102)))
		return MMIO_WRITE;
	if (d == D1 && mfn == 0x103)
		return MMIO_READ;
	if (d == D2 && mfn == 0x200)
		return MMIO_WRITE;
	/* A hostile answer the rules must never reach: RAM is never asked. */
	cr_assert(mfn >= 56, "asked about RAM frame %lu", (unsigned long)mfn);
	return MMIO_NONE;
}

static void setup(void)
{
	memset(frames, 0, sizeof(frames));
	memset(pages, 0, sizeof(pages));
	for (int i = 1; i < NR; i++)
		pages[i].owner = i < 40 ? D1 : i < 50 ? D2 : 0;
	mm = (struct mm){ .pages = pages, .nr_frames = NR, .map = map,
			  .hv_l4_slots = hv_slots, .is_ram = is_ram, .mmio_access = access };
}

TestSuite(page_types_mmio, .init = setup);

static uint64_t pte(uint64_t mfn, uint64_t flags) { return mfn << 12 | flags; }

static void assert_untouched(uint64_t mfn)
{
	static const struct page_info zero;

	cr_assert_eq(memcmp(&pages[mfn], &(struct page_info){ .owner = pages[mfn].owner },
			    sizeof(zero)), 0, "page_info of %lu touched", (unsigned long)mfn);
}

static void assert_all_counts_zero(void)
{
	for (int i = 0; i < NR; i++) {
		cr_assert_eq(pages[i].ref_count, 0, "frame %d ref_count", i);
		cr_assert_eq(pages[i].type_count, 0, "frame %d type_count", i);
	}
}

/* L1 frame 13 of d1's, pinned; entries written as mmu_update does. */
static void pin_l1(void)
{
	cr_assert_eq(page_pin(&mm, 13, D1, PGT_l1), 0);
}

Test(page_types_mmio, own_device_memory_is_mapped_uncached_without_references)
{
	uint64_t *l1 = frames[13];

	pin_l1();
	cr_assert_eq(pt_update_entry(&mm, 13, 0, pte(0x100, PTE_P | PTE_RW), D1, false), 0);
	cr_assert_eq(l1[0] & (PTE_PCD | PTE_PWT), PTE_PCD | PTE_PWT, "forced uncached");
	cr_assert_eq(pt_update_entry(&mm, 13, 1, pte(60, PTE_P | PTE_RW | PTE_PCD), D1, false), 0,
		     "a hole frame below the top of RAM");
	cr_assert_eq(l1[1] & (PTE_PCD | PTE_PWT), PTE_PCD | PTE_PWT);
	assert_untouched(60);
	cr_assert_eq(pt_update_entry(&mm, 13, 2, pte(0x101, PTE_P | PTE_PSE), D1, false), 0,
		     "the PAT bit (write-combining) is allowed, and still uncached");
	cr_assert_eq(l1[2] & (PTE_PCD | PTE_PWT | PTE_PSE), PTE_PCD | PTE_PWT | PTE_PSE);
	cr_assert_eq(pages[13].ref_count, 1, "only the pin");
	/* Replaced and cleared: nothing to release. */
	cr_assert_eq(pt_update_entry(&mm, 13, 0, pte(0x102, PTE_P), D1, false), 0);
	cr_assert_eq(pt_update_entry(&mm, 13, 1, pte(20, PTE_P | PTE_RW), D1, false), 0);
	cr_assert_eq(pages[20].type, PGT_writable, "RAM after MMIO counts as usual");
	cr_assert_eq(pt_update_entry(&mm, 13, 1, 0, D1, false), 0);
	assert_untouched(60);
	cr_assert_eq(page_unpin(&mm, 13, D1), 0, "devalidation skips the device entries");
	assert_all_counts_zero();
}

Test(page_types_mmio, validation_of_a_table_with_device_entries)
{
	frames[13][0] = pte(0x100, PTE_P | PTE_RW);
	frames[13][1] = pte(60, PTE_P);
	frames[13][2] = pte(21, PTE_P | PTE_RW);
	pin_l1();
	cr_assert_eq(frames[13][0] & (PTE_PCD | PTE_PWT), PTE_PCD | PTE_PWT);
	cr_assert_eq(pages[21].ref_count, 1);
	assert_untouched(60);
	cr_assert_eq(page_unpin(&mm, 13, D1), 0);
	assert_all_counts_zero();
	frames[13][3] = pte(0x103, PTE_P | PTE_RW);
	cr_assert_eq(page_pin(&mm, 13, D1, PGT_l1), -XEN_EPERM, "MSI-X writable in a new L1");
	assert_all_counts_zero();
}

Test(page_types_mmio, msix_pages_read_only)
{
	pin_l1();
	cr_assert_eq(pt_update_entry(&mm, 13, 0, pte(0x103, PTE_P | PTE_RW), D1, false),
		     -XEN_EPERM);
	cr_assert_eq(frames[13][0], 0);
	cr_assert_eq(pt_update_entry(&mm, 13, 0, pte(0x103, PTE_P), D1, false), 0);
	cr_assert_eq(pt_update_entry(&mm, 13, 0, pte(0x103, PTE_P | PTE_RW), D1, true),
		     -XEN_EPERM, "nor made writable in place");
	cr_assert(!(frames[13][0] & PTE_RW));
}

Test(page_types_mmio, device_memory_not_assigned_is_refused)
{
	pin_l1();
	cr_assert_eq(pt_update_entry(&mm, 13, 0, pte(0x200, PTE_P), D1, false), -XEN_EINVAL,
		     "d2's device");
	cr_assert_eq(pt_update_entry(&mm, 13, 0, pte(0x104, PTE_P), D1, false), -XEN_EINVAL,
		     "just past its own");
	cr_assert_eq(pt_update_entry(&mm, 13, 0, pte(61, PTE_P), D1, false), -XEN_EBUSY,
		     "a hole frame (as before)");
	cr_assert_eq(pt_update_entry(&mm, 13, 0, pte(0x100, PTE_P | PTE_GNTTAB), D1, false),
		     -XEN_EINVAL, "the grant mark");
	cr_assert_eq(frames[13][0], 0);
}

Test(page_types_mmio, cache_bits_stay_refused_on_ram)
{
	pin_l1();
	cr_assert_eq(pt_update_entry(&mm, 13, 0, pte(20, PTE_P | PTE_PCD), D1, false), -XEN_EINVAL);
	cr_assert_eq(pt_update_entry(&mm, 13, 0, pte(20, PTE_P | PTE_PWT), D1, false), -XEN_EINVAL);
	cr_assert_eq(pt_update_entry(&mm, 13, 0, pte(41, PTE_P | PTE_PCD), D1, false), -XEN_EINVAL,
		     "a neighbour's RAM");
	cr_assert_eq(pt_update_entry(&mm, 13, 0, pte(52, PTE_P | PTE_PCD | PTE_PWT), D1, false),
		     -XEN_EINVAL, "the hypervisor's RAM");
	cr_assert_eq(pt_update_entry(&mm, 13, 0, pte(52, PTE_P), D1, false), -XEN_EBUSY);
	cr_assert_eq(frames[13][0], 0);
	cr_assert_eq(pages[20].ref_count, 0);
}

Test(page_types_mmio, device_memory_is_never_a_table_or_a_grant)
{
	frames[12][0] = pte(0x100, PTE_P | PTE_RW);
	cr_assert_eq(page_pin(&mm, 12, D1, PGT_l2), -XEN_EINVAL, "an L2 entry to device memory");
	cr_assert_eq(page_pin(&mm, 0x100, D1, PGT_l1), -XEN_EINVAL);
	cr_assert_eq(page_get_mapping(&mm, 0x100, D1, true), -XEN_EINVAL);
	cr_assert_eq(page_get_mapping(&mm, 60, D1, false), -XEN_EINVAL);
	cr_assert_eq(page_get(&mm, 60, D1), -XEN_EINVAL);
	cr_assert_eq(pt_update_entry(&mm, 0x100, 0, 0, D1, false), -XEN_EINVAL,
		     "no update through device memory as a table");
	assert_all_counts_zero();
}

/* Without the callbacks (the unit tests' and fuzzer's default), nothing
 * but RAM below nr_frames exists, as before. */
Test(page_types_mmio, no_callbacks_no_device_memory)
{
	mm.is_ram = NULL;
	mm.mmio_access = NULL;
	pin_l1();
	cr_assert_eq(pt_update_entry(&mm, 13, 0, pte(0x100, PTE_P), D1, false), -XEN_EINVAL);
	cr_assert_eq(pt_update_entry(&mm, 13, 0, pte(60, PTE_P), D1, false), -XEN_EBUSY);
}
