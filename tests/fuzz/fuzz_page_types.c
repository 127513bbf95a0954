/* SPDX-License-Identifier: GPL-2.0-only */
/* Fuzzes the page-type state machine (hypervisor/mm/page_types.c) on a
 * fake machine of NR frames: the input is a script of get/put (general,
 * type, both), pin/unpin, mmu_update-style entry updates and plain guest
 * stores. After every step the counts are recomputed from scratch, from
 * the references the script holds and the entries of every live page
 * table, and must equal the frames' counts (so none goes negative or
 * leaks); every live entry must be one validation allows, point at a
 * frame of the right type and owner, and no frame is both a page table
 * and mapped writable. When the script lets go of everything it holds,
 * every count must be back at zero.
 *
 * The first byte makes the machine preemptible or not; preemptible, each
 * step gets a work budget from the script, so validation stops half-way
 * (-ERESTART) and tables are queued for devalidation, which OP_DRAIN does
 * a budget at a time. Partial and dying frames are counted as page_types.h
 * describes them (a parked pair, entries held below `validated`), the
 * queues must list exactly the dying frames, and abandoned validations
 * are finished or undone before the final check.
 *
 * Beyond the machine's frames lie device frames (page_types.h, "mmio"):
 * NR is d1's device memory, NR + 1 an MSI-X page of d1's (read-only), NR
 * + 2 d2's; an L1 entry mapping one must be its owner's, uncached,
 * writable only where allowed, and hold no reference. */
#include <parvus/page_types.h>
#include <parvus/string.h>
#include <parvus/xen.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond); \
	abort(); } } while (0)

#define NR	8	/* frames 0-5 belong to d1, 6 to d2, 7 to nobody */
#define ENTRIES	512

enum { OP_GET_TYPE, OP_PUT_TYPE, OP_GET_TYPED, OP_PUT_TYPED, OP_GET, OP_PUT,
       OP_PIN, OP_UNPIN, OP_UPDATE, OP_STORE, OP_FIND_L1, OP_DRAIN, NR_OPS };

static _Alignas(4096) uint64_t frames[NR][ENTRIES];
static struct page_info pages[NR];
static uint64_t hv_slots[HV_L4_LAST - HV_L4_FIRST + 1];
static struct mm mm;
/* What the script holds: general refs, type refs, both; pins are flags. */
static unsigned int held_ref[NR], held_type[NR], held_typed[NR];

struct script {
	const uint8_t *p;
	size_t left;
};

static uint8_t next_byte(struct script *s)
{
	if (!s->left)
		return 0;
	s->left--;
	return *s->p++;
}

static void *map(void *ctx, uint64_t mfn)
{
	CHECK(mfn < NR);	/* the state machine never maps a frame it has not checked */
	return frames[mfn];
}

static uint64_t next_mfn(struct script *s)
{
	return next_byte(s) % (NR + 4);	/* device frames, then one that does not exist */
}

static bool is_ram(uint64_t mfn)
{
	return mfn < NR;
}

static int mmio_access(unsigned int d, uint64_t mfn)
{
	CHECK(mfn >= NR);	/* never asked about RAM */
	if (d == 1 && mfn == NR)
		return MMIO_WRITE;
	if (d == 1 && mfn == NR + 1)
		return MMIO_READ;
	return d == 2 && mfn == NR + 2 ? MMIO_WRITE : MMIO_NONE;
}

/* A device entry of a live L1: its owner's, uncached, no references. */
static void check_device_entry(unsigned int level, uint64_t table, uint64_t e)
{
	int access = mmio_access(pages[table].owner, pte_mfn(e));

	CHECK(level == 1 && access != MMIO_NONE && (e & PTE_US));
	CHECK((e & (PTE_PCD | PTE_PWT)) == (PTE_PCD | PTE_PWT));
	CHECK(!(e & PTE_RW) || access == MMIO_WRITE);
	CHECK(!(e & PTE_GNTTAB));
}

static unsigned int next_domain(struct script *s)
{
	return next_byte(s) % 3;
}

static enum page_type next_type(struct script *s)
{
	static const enum page_type types[] = { PGT_l1, PGT_l2, PGT_l3, PGT_l4,
						PGT_writable, PGT_seg_desc };

	return types[next_byte(s) % ARRAY_SIZE(types)];
}

/* Mostly the first entries and the hypervisor's L4 slots. */
static unsigned int next_index(struct script *s)
{
	uint8_t b = next_byte(s);

	if (b >= 0xf0)
		return HV_L4_FIRST + (b & 15);
	return b == 0xef ? ENTRIES - 1 : b % 4;
}

/* Flag bits from one byte, the frame and rarer bits from two more. */
/* Preemptible: anything from no work at all to plenty. */
static uint64_t next_budget(struct script *s)
{
	uint8_t b = next_byte(s);

	return b >= 0xc0 ? UINT64_MAX : b * 4;
}

static uint64_t next_pte(struct script *s)
{
	uint64_t mfn = next_mfn(s), flags = next_byte(s), more = next_byte(s);
	uint64_t e = mfn << PAGE_SHIFT | flags;

	if (more & 1)
		e |= PTE_G;
	if (more & 2)
		e |= PTE_NX;
	if (more & 4)
		e |= 0x7ffUL << 52;	/* the software-available high bits */
	if (more & 8)
		e |= 1UL << 45;		/* a frame far outside the machine */
	return e;
}

static bool table_type(uint64_t mfn)
{
	return pages[mfn].type_count && pages[mfn].type >= PGT_l1 &&
	       pages[mfn].type <= PGT_l4;
}

static bool partial(uint64_t mfn)
{
	return pages[mfn].flags & PGF_partial;
}

/* A complete table: every entry holds its references. */
static bool live_table(uint64_t mfn)
{
	return table_type(mfn) && !partial(mfn);
}

/* Entries [0, held_entries) hold references (page_types.h). */
static unsigned int held_entries(uint64_t mfn)
{
	if (!table_type(mfn))
		return 0;
	return partial(mfn) ? pages[mfn].validated : ENTRIES;
}

static bool hv_slot(unsigned int level, unsigned int i)
{
	return level == 4 && i >= HV_L4_FIRST && i <= HV_L4_LAST;
}

/* An entry of a live table: allowed bits, a frame of the table's owner
 * with the type the entry implies. Adds the references it holds. */
static void check_live_entry(unsigned int level, uint64_t table, uint64_t e,
			     unsigned int *refs, unsigned int *types)
{
	uint64_t mfn = pte_mfn(e);
	uint64_t bad = level == 1 ? (PTE_PWT | PTE_PCD | PTE_PSE) :
		       (PTE_PWT | PTE_PCD | PTE_PSE | PTE_G);

	if (!(e & PTE_P))
		return;
	if (!is_ram(mfn)) {
		check_device_entry(level, table, e);
		return;
	}
	CHECK(!(e & bad) && (e & PTE_US) && mfn < NR);
	CHECK(pages[mfn].owner == pages[table].owner);
	refs[mfn]++;
	if (level > 1) {
		/* A held child is complete: partial frames hold only their
		 * own parked reference. */
		CHECK(pages[mfn].type == level - 1 && !partial(mfn));
		types[mfn]++;
	} else if (e & PTE_RW) {
		/* Never a page table and writable at once. */
		CHECK(pages[mfn].type == PGT_writable);
		types[mfn]++;
	}
}

/* Each owner's queue lists exactly its dying frames, linked both ways. */
static void check_queues(void)
{
	unsigned int queued = 0, dying = 0;

	for (unsigned int d = 0; d < MM_MAX_OWNERS; d++) {
		uint32_t prev = 0;

		for (uint32_t at = mm.dying[d]; at; prev = at, at = pages[at - 1].dying_next) {
			CHECK(at <= NR && pages[at - 1].dying_prev == prev);
			CHECK(pages[at - 1].owner == d && (pages[at - 1].flags & PGF_dying));
			CHECK(++queued <= NR);
		}
	}
	for (unsigned int f = 0; f < NR; f++)
		dying += !!(pages[f].flags & PGF_dying);
	CHECK(queued == dying);
}

static void check_counts(void)
{
	unsigned int refs[NR], types[NR];

	for (unsigned int f = 0; f < NR; f++) {
		bool pinned = pages[f].flags & PGF_pinned, parked = partial(f);

		refs[f] = held_ref[f] + held_typed[f] + pinned + parked;
		types[f] = held_type[f] + held_typed[f] + pinned + parked;
	}
	for (unsigned int t = 0; t < NR; t++) {
		for (unsigned int i = 0; i < held_entries(t); i++)
			if (!hv_slot(pages[t].type, i))
				check_live_entry(pages[t].type, t, frames[t][i], refs, types);
		if (live_table(t) && pages[t].type == 4)
			CHECK(!memcmp(&frames[t][HV_L4_FIRST], hv_slots, sizeof(hv_slots)));
	}
	for (unsigned int f = 0; f < NR; f++) {
		const struct page_info *p = &pages[f];

		CHECK(p->ref_count == refs[f] && p->type_count == types[f]);
		CHECK(p->type_count || p->type == PGT_none);
		CHECK(!(p->flags & PGF_pinned) || live_table(f));
		CHECK(p->owner || (!p->ref_count && !p->type_count));
		CHECK(!partial(f) || (table_type(f) && p->type_count == 1));
		CHECK(!(p->flags & PGF_dying) || partial(f));
	}
	check_queues();
}

/* A plain store by the guest: only where it could have a writable
 * mapping, i.e. never into a frame we validated. */
static void guest_store(uint64_t mfn, unsigned int idx, uint64_t val)
{
	if (mfn < NR && (!pages[mfn].type_count || pages[mfn].type == PGT_writable))
		frames[mfn][idx] = val;
}

static void run_op(struct script *s)
{
	unsigned int op = next_byte(s) % NR_OPS;
	uint64_t mfn = next_mfn(s), l1;
	unsigned int idx, d = next_domain(s);
	enum page_type type;
	uint64_t val;
	int rc = 0;

	mm.work_left = next_budget(s);
	switch (op) {
	case OP_GET_TYPE:
		if (!(rc = page_get_type(&mm, mfn, d, next_type(s))))
			held_type[mfn]++;
		break;
	case OP_PUT_TYPE:
		if (mfn < NR && held_type[mfn]) {
			page_put_type(&mm, mfn);
			held_type[mfn]--;
		}
		break;
	case OP_GET_TYPED:
		if (!(rc = page_get_typed(&mm, mfn, d, next_type(s))))
			held_typed[mfn]++;
		break;
	case OP_PUT_TYPED:
		if (mfn < NR && held_typed[mfn]) {
			page_put_typed(&mm, mfn);
			held_typed[mfn]--;
		}
		break;
	case OP_GET:
		if (!(rc = page_get(&mm, mfn, d)))
			held_ref[mfn]++;
		break;
	case OP_PUT:
		if (mfn < NR && held_ref[mfn]) {
			page_put(&mm, mfn);
			held_ref[mfn]--;
		}
		break;
	case OP_PIN:
		type = next_type(s);
		rc = page_pin(&mm, mfn, d, type);
		break;
	case OP_UNPIN:
		rc = page_unpin(&mm, mfn, d);
		break;
	case OP_UPDATE:
		idx = next_index(s);
		val = next_pte(s);
		rc = pt_update_entry(&mm, mfn, idx, val, d, next_byte(s) & 1);
		break;
	case OP_STORE:
		idx = next_index(s);
		guest_store(mfn, idx, next_pte(s));
		break;
	case OP_FIND_L1:
		val = (uint64_t)next_byte(s) << 39 | (uint64_t)next_byte(s) << 30;
		if (!pt_find_l1(&mm, mfn, val, &l1))
			CHECK(mfn < NR);
		break;
	case OP_DRAIN:
		if (page_types_drain(&mm, d))
			CHECK(!mm.dying[d]);
		break;
	}
	CHECK(rc == 0 || rc == -XEN_EINVAL || rc == -XEN_EBUSY || rc == -XEN_EPERM ||
	      (rc == -PT_ERESTART && mm.preemptible));
	CHECK(mm.preemptible || !mm.dying[1] && !mm.dying[2]);
	check_counts();
}

/* An abandoned validation, asked for again until it completes or fails
 * (as the retried hypercall would), then let go. */
static void finish_partial(unsigned int f)
{
	int rc, tries = 0;

	do {
		mm.work_left = 64;
		rc = page_get_typed(&mm, f, pages[f].owner, pages[f].type);
		CHECK(++tries < 100000);
	} while (rc == -PT_ERESTART);
	if (!rc)
		page_put_typed(&mm, f);
}

static void drain_all(void)
{
	for (unsigned int d = 0; d < MM_MAX_OWNERS; d++)
		for (int tries = 0; mm.work_left = 64, !page_types_drain(&mm, d); tries++)
			CHECK(tries < 100000);
}

/* Lets go of every pin and reference: nothing may stay counted. */
static void release_all(void)
{
	for (unsigned int f = 0; f < NR; f++) {
		if (pages[f].flags & PGF_pinned)
			CHECK(page_unpin(&mm, f, pages[f].owner) == 0);
		for (; held_type[f]; held_type[f]--)
			page_put_type(&mm, f);
		for (; held_typed[f]; held_typed[f]--)
			page_put_typed(&mm, f);
		for (; held_ref[f]; held_ref[f]--)
			page_put(&mm, f);
		check_counts();
	}
	for (unsigned int f = 0; f < NR; f++)
		if (partial(f) && !(pages[f].flags & PGF_dying)) {
			finish_partial(f);
			check_counts();
		}
	drain_all();
	check_counts();
	for (unsigned int f = 0; f < NR; f++)
		CHECK(!pages[f].ref_count && !pages[f].type_count && pages[f].type == PGT_none);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct script s = { data, size };

	memset(frames, 0, sizeof(frames));
	memset(pages, 0, sizeof(pages));
	memset(held_ref, 0, sizeof(held_ref));
	memset(held_type, 0, sizeof(held_type));
	memset(held_typed, 0, sizeof(held_typed));
	for (unsigned int f = 0; f < NR; f++)
		pages[f].owner = f < 6 ? 1 : f == 6 ? 2 : 0;
	/* The hypervisor's slots point at its own frames, outside the guest's. */
	for (unsigned int i = 0; i < ARRAY_SIZE(hv_slots); i++)
		hv_slots[i] = (0x100000UL + i) << PAGE_SHIFT | PTE_P | PTE_RW;
	mm = (struct mm){ .pages = pages, .nr_frames = NR, .map = map,
			  .hv_l4_slots = hv_slots, .preemptible = next_byte(&s) & 1,
			  .is_ram = is_ram, .mmio_access = mmio_access };
	for (unsigned int i = 0; s.left && i < 256; i++)
		run_op(&s);
	release_all();
	return 0;
}
