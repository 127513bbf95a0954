/* SPDX-License-Identifier: GPL-2.0-only */
/* What every machine frame is to the fuzzer (see main.c's header
 * comment): learnt once at the start from the M2P, our P2M and a walk of
 * our bootstrap page tables, then used to pick random frames and table
 * entries that can only hurt us in ways we survive, and to tell when a
 * call wrongly let us at the witness's frames. Also the one-entry table
 * write everything else builds on. */
#include "fuzz.h"

/* ---- what every machine frame is to us (see main.c's header comment) ---- */
enum frame_class {
	F_NONE,		/* the hypervisor's, free, or unknown */
	F_FOREIGN,	/* another domain's (the witness) */
	F_BOOT,		/* in our bootstrap region: code, data, stacks */
	F_BOOT_TABLE,	/* one of our bootstrap page tables */
	F_FREE,		/* ours, unused: fair game */
	F_SHARED,	/* shared_info */
	F_GRANT,	/* our grant table frames */
	F_GRANT_WINDOW,	/* the L1 grant mappings go into */
};
static uint8_t frame_class[MAX_TRACKED_MFN];
uint64_t max_mfn;
static uint64_t own_first, own_last;
uint64_t free_frames[8192], foreign_frames[8192];
static uint64_t none_frames[64];
unsigned int nr_free_frames, nr_foreign_frames;
static unsigned int nr_none_frames;
uint64_t scratch_tables[2 + SCRATCH_L1S];	/* L3, L2, L1s */
uint64_t grant_window_l1;
static uint64_t grant_frames[4], shared_info_mfn;
uint64_t l4_mfn;

static enum frame_class class_of(uint64_t mfn)
{
	return mfn < MAX_TRACKED_MFN ? frame_class[mfn] : F_NONE;
}

/* Whether we own mfn now: rewriting its M2P entry with its own value
 * changes nothing and is allowed for our own frames only. */
bool fuzz_owns(uint64_t mfn)
{
	const uint64_t *m2p = (const uint64_t *)MACH2PHYS_VIRT_START;
	struct mmu_update u = { mfn << 12 | MMU_MACHPHYS_UPDATE, m2p[mfn] };

	return HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF) == 0;
}

/* The frames other domains had at our start are theirs while they own
 * them: once the witness has gone, or the pair's peer gave one back, they
 * are nobody's (M2P entry invalid), and populate_physmap may hand them to
 * us. */
bool fuzz_is_foreign(uint64_t mfn)
{
	const uint64_t *m2p = (const uint64_t *)MACH2PHYS_VIRT_START;

	return class_of(mfn) == F_FOREIGN && m2p[mfn] != ~0UL && !fuzz_owns(mfn);
}

/* Our bootstrap page tables (struct boot_table, fuzz.h). */
struct boot_table boot_tables[16];
unsigned int nr_boot_tables;

struct boot_table *fuzz_boot_table_of(uint64_t mfn)
{
	for (unsigned int i = 0; i < nr_boot_tables; i++)
		if (boot_tables[i].mfn == mfn)
			return &boot_tables[i];
	return NULL;
}

bool fuzz_is_protected(const struct boot_table *t, unsigned int idx)
{
	return (t->present[idx / 64] >> (idx % 64)) & 1;
}

uint64_t fuzz_own_mfn(uint64_t pfn)
{
	return ((const uint64_t *)start_info->mfn_list)[pfn];
}

static uint64_t *va_of_pfn(uint64_t pfn)
{
	return (uint64_t *)(VIRT_BASE + pfn * PAGE);
}

uint64_t fuzz_mfn_of_va(const void *p)
{
	return fuzz_own_mfn(((uint64_t)p - VIRT_BASE) / PAGE);
}

static uint16_t pfn_of_mfn[MAX_TRACKED_MFN];	/* ours only */

uint64_t fuzz_rand_mfn(enum mfn_use use)
{
	uint64_t mfn;

	switch (rn(12)) {
	case 0: case 1: case 2:
		/* The pair's granter: mostly the frames it grants (pair.c). */
		if (pair_role == PAIR_GRANTER && nr_free_frames > PAIR_FRAMES && chance(80))
			mfn = free_frames[rn(PAIR_FRAMES)];
		else
			mfn = nr_free_frames ? free_frames[rn(nr_free_frames)] : 0;
		break;
	case 3:
		mfn = boot_tables[rn(nr_boot_tables)].mfn;
		break;
	case 4:
		mfn = scratch_tables[rn(ARRAY_SIZE(scratch_tables))];
		break;
	case 5: case 6:
		mfn = nr_foreign_frames ? foreign_frames[rn(nr_foreign_frames)] : 1;
		break;
	case 7:
		mfn = fuzz_own_mfn(rn(start_info->nr_pages));
		break;
	case 8:
		mfn = PICK(shared_info_mfn, grant_frames[rn(4)],
			   nr_none_frames ? none_frames[rn(nr_none_frames)] : 0);
		break;
	case 9:
		mfn = own_first + rn(own_last - own_first + 33) - 16;
		break;
	default:
		mfn = PICK(0, 1, max_mfn, max_mfn + 1, 0xfffffffffUL, 0xffffffffffUL,
			   rnd() & 0xffffffffffUL, rn(max_mfn + 1));
		break;
	}
	if (use == USE_WRITE) {
		enum frame_class c = class_of(mfn);

		if (c == F_BOOT || c == F_SHARED || c == F_GRANT_WINDOW)
			mfn = nr_free_frames ? free_frames[rn(nr_free_frames)] : 0;
	}
	return mfn;
}

/* A page-table entry to write somewhere we may: frames we use are only
 * ever mapped read-only, our bootstrap tables not at all (a read-only
 * mapping of one in the scratch area would let a ptwr store rewrite it). */
uint64_t fuzz_rand_pte(void)
{
	uint64_t mfn = fuzz_rand_mfn(USE_ANY), flags;
	enum frame_class c;

	if (chance(5))
		return PICK(0, ~0UL, fuzz_edge());
	c = class_of(mfn);
	if (c == F_BOOT_TABLE || c == F_GRANT_WINDOW)
		mfn = scratch_tables[rn(ARRAY_SIZE(scratch_tables))];
	flags = PTE_P | (chance(60) ? PTE_RW : 0) | (chance(70) ? PTE_US : 0) |
		(chance(30) ? PTE_A : 0) | (chance(20) ? 0x40 : 0);
	if (chance(10))
		flags |= PICK(0x8, 0x10, 0x80, 0x100, 0xe00, 1UL << 63, 0x7ffUL << 52,
			      1UL << 51, 1UL << 40);
	if (chance(5))
		flags &= ~PTE_P;
	if (c == F_BOOT || c == F_SHARED)
		flags &= ~PTE_RW;
	return (mfn << 12 & PTE_ADDR) | flags;
}

/* ---- learnt once, at the start (main.c's setup) ---- */
void fuzz_classify_frames(void)
{
	const uint64_t *m2p = (const uint64_t *)MACH2PHYS_VIRT_START;
	struct xen_machphys_mapping mm;
	struct gnttab_setup_table gt = { .dom = DOMID_SELF, .nr_frames = 4 };

	if (HYPERVISOR_memory_op(XENMEM_machphys_mapping, &mm))
		guest_fail("machphys_mapping");
	max_mfn = mm.max_mfn;
	set_xen_guest_handle(gt.frame_list, grant_frames);
	if (hypercall5(__HYPERVISOR_grant_table_op, GNTTABOP_setup_table, (long)&gt, 1, 0, 0))
		guest_fail("setup_table");
	shared_info_mfn = start_info->shared_info >> 12;
	own_first = ~0UL;
	own_last = 0;
	for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++) {
		uint64_t mfn = fuzz_own_mfn(pfn);

		if (mfn >= MAX_TRACKED_MFN)
			continue;
		frame_class[mfn] = F_FREE;	/* until the walk finds it mapped */
		pfn_of_mfn[mfn] = pfn;
		own_first = MIN(own_first, mfn);
		own_last = MAX(own_last, mfn);
	}
	if (shared_info_mfn < MAX_TRACKED_MFN)
		frame_class[shared_info_mfn] = F_SHARED;
	for (unsigned int i = 0; i < 4; i++)
		if (grant_frames[i] < MAX_TRACKED_MFN)
			frame_class[grant_frames[i]] = F_GRANT;
	for (uint64_t mfn = 0; mfn <= max_mfn && mfn < MAX_TRACKED_MFN; mfn++) {
		if (frame_class[mfn] != F_NONE)
			continue;
		if (m2p[mfn] != ~0UL && nr_foreign_frames < ARRAY_SIZE(foreign_frames)) {
			frame_class[mfn] = F_FOREIGN;
			foreign_frames[nr_foreign_frames++] = mfn;
		} else if (m2p[mfn] == ~0UL && nr_none_frames < ARRAY_SIZE(none_frames) &&
			   chance(5)) {
			none_frames[nr_none_frames++] = mfn;
		}
	}
}

/* Our bootstrap tables, from the L4 down, each read through the region's
 * own read-only mapping of it; every present entry is protected. */
void fuzz_walk_boot_tables(void)
{
	unsigned int next = 0;

	boot_tables[nr_boot_tables++] = (struct boot_table){
		.mfn = l4_mfn, .va = (uint64_t *)start_info->pt_base, .level = 4 };
	for (; next < nr_boot_tables; next++) {
		struct boot_table *t = &boot_tables[next];

		frame_class[t->mfn] = F_BOOT_TABLE;
		for (unsigned int i = 0; i < 512; i++) {
			uint64_t e = t->va[i], mfn = (e & PTE_ADDR) >> 12;

			if (!(e & PTE_P) || (t->level == 4 && i >= 256 && i <= 271))
				continue;
			t->present[i / 64] |= 1UL << (i % 64);
			if (mfn >= MAX_TRACKED_MFN || frame_class[mfn] == F_NONE)
				continue;
			if (t->level == 1) {
				if (frame_class[mfn] == F_FREE)
					frame_class[mfn] = F_BOOT;
			} else if (nr_boot_tables < ARRAY_SIZE(boot_tables)) {
				boot_tables[nr_boot_tables++] = (struct boot_table){
					.mfn = mfn, .va = va_of_pfn(pfn_of_mfn[mfn]),
					.level = t->level - 1 };
			}
		}
	}
	for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++) {
		uint64_t mfn = fuzz_own_mfn(pfn);

		if (mfn < MAX_TRACKED_MFN && frame_class[mfn] == F_FREE &&
		    nr_free_frames < ARRAY_SIZE(free_frames))
			free_frames[nr_free_frames++] = mfn;
	}
}

long fuzz_mmu_write(uint64_t table_mfn, unsigned int idx, uint64_t val)
{
	struct mmu_update u = { table_mfn << 12 | idx * 8, val };

	return HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);
}

/* The grant window (fuzz.h): a cleared spare frame, pinned as an L1 and
 * hooked at GRANT_WINDOW_L2_IDX of the bootstrap L2 that maps the kernel,
 * an entry protected from then on like the ones present at start. */
void fuzz_build_grant_window(void)
{
	const struct boot_table *l4 = &boot_tables[0];
	struct boot_table *l2 = NULL;
	struct mmuext_op op = { .cmd = MMUEXT_CLEAR_PAGE };
	uint64_t e;

	e = l4->va[(VIRT_BASE >> 39) & 511];
	e = fuzz_boot_table_of((e & PTE_ADDR) >> 12)->va[(VIRT_BASE >> 30) & 511];
	l2 = fuzz_boot_table_of((e & PTE_ADDR) >> 12);
	if (!l2 || !nr_free_frames || fuzz_is_protected(l2, GRANT_WINDOW_L2_IDX)) {
		guest_fail("no room for the grant window");
		return;
	}
	grant_window_l1 = free_frames[--nr_free_frames];
	op.arg1.mfn = grant_window_l1;
	HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	op = (struct mmuext_op){ .cmd = MMUEXT_PIN_L1_TABLE, .arg1.mfn = grant_window_l1 };
	if (HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF) ||
	    fuzz_mmu_write(l2->mfn, GRANT_WINDOW_L2_IDX, grant_window_l1 << 12 | 7))
		guest_fail("cannot build the grant window");
	frame_class[grant_window_l1] = F_GRANT_WINDOW;
	l2->present[GRANT_WINDOW_L2_IDX / 64] |= 1UL << (GRANT_WINDOW_L2_IDX % 64);
}

uint64_t fuzz_grant_table_mfn(unsigned int i)
{
	return grant_frames[i % ARRAY_SIZE(grant_frames)];
}

void fuzz_adopt_free_frame(unsigned int i, uint64_t mfn)
{
	free_frames[i] = mfn;
	if (mfn < MAX_TRACKED_MFN)
		frame_class[mfn] = F_FREE;
}
