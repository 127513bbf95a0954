/* Page ownership, types and reference counts: the invariants that make
 * direct paging safe (Xen's model, xen/arch/x86/mm.c, in our own words).
 *
 * Every machine frame has an owner (a domain ID, or none), a general
 * reference count and a type with a type count. A present page-table entry
 * that points at a frame holds a general reference to it; a writable L1
 * mapping also holds a "writable" type reference, and an Ln entry (n > 1)
 * holds an L(n-1) type reference on the table it points to. A frame may only
 * change type when its type count is zero, so a frame can never be a page
 * table (or descriptor page) and writable-mapped at the same time: that is
 * what stops a guest from rewriting its own page tables behind our back.
 * Becoming a page table validates every entry (taking the references
 * above, recursively); losing the last type reference releases them again.
 * Pinning and a vCPU's CR3 each hold one type reference of their own.
 *
 * Pure logic: frame contents are reached through a mapping callback, so the
 * whole state machine is unit-tested against fake memory. */
#ifndef PARVUS_PAGE_TYPES_H
#define PARVUS_PAGE_TYPES_H

#include <parvus/types.h>
#include <parvus/domain_build.h>

enum page_type {
	PGT_none = 0,
	PGT_l1 = 1,		/* = the page-table level, for arithmetic */
	PGT_l2 = 2,
	PGT_l3 = 3,
	PGT_l4 = 4,
	PGT_writable,
	PGT_seg_desc,
};

#define PGF_pinned	0x1	/* holds a type reference for MMUEXT_PIN_* */

struct page_info {
	uint32_t ref_count;
	uint32_t type_count;
	uint16_t owner;		/* domain ID; 0 = not a guest's frame */
	uint8_t type;		/* enum page_type */
	uint8_t flags;		/* PGF_* */
};

/* Page-table entry bits (x86_64). */
#define PTE_P		0x001UL
#define PTE_RW		0x002UL
#define PTE_US		0x004UL
#define PTE_PWT		0x008UL
#define PTE_PCD		0x010UL
#define PTE_A		0x020UL
#define PTE_D		0x040UL
#define PTE_PSE		0x080UL	/* PAT in an L1 entry */
#define PTE_G		0x100UL
#define PTE_NX		(1UL << 63)
/* Software bit 62 marks an L1 entry written by a grant map (Xen's
 * _PAGE_GNTTAB, the same bit). Guests may not set it; such an entry holds
 * no references of its own (the grantee's maptrack entry holds them) and
 * only grant unmap or the grantee's death may remove it. */
#define PTE_GNTTAB	(1UL << 62)
#define PTE_MFN_MASK	0x000ffffffffff000UL

static inline uint64_t pte_mfn(uint64_t e)
{
	return (e & PTE_MFN_MASK) >> 12;
}

struct mm;
/* Domain `owner` removed a grant-marked entry from one of its L1s other
 * than by grant unmap (Xen's put_page_from_l1e on a _PAGE_GNTTAB entry):
 * the hypervisor crashes that domain; the granter is never affected. */
typedef void (*implicit_grant_unmap_fn)(struct mm *mm, unsigned int owner);

struct mm {
	struct page_info *pages;	/* indexed by MFN */
	uint64_t nr_frames;
	map_frame_fn map;
	void *map_ctx;
	const uint64_t *hv_l4_slots;	/* 16 entries for L4 slots 256..271 */
	implicit_grant_unmap_fn implicit_grant_unmap;
	/* A TLB flush is owed: a frame became a page table or descriptor
	 * page, changed owner, or lost a grant mapping, and a stale entry
	 * may still map it. Nothing may touch guest memory by virtual
	 * address until it is done (machine_mm_flush_if_needed). */
	bool flush_needed;
};

#define HV_L4_FIRST 256
#define HV_L4_LAST  271

/* General references. get fails (-EINVAL) unless d owns a valid frame. */
int page_get(struct mm *mm, uint64_t mfn, unsigned int d);
void page_put(struct mm *mm, uint64_t mfn);

/* Type references; getting a page-table type on an untyped frame
 * validates it. Returns 0 or -XEN_EINVAL / -XEN_EBUSY. */
int page_get_type(struct mm *mm, uint64_t mfn, unsigned int d,
		  enum page_type type);
void page_put_type(struct mm *mm, uint64_t mfn);

/* A general reference plus a type reference, released together. */
int page_get_typed(struct mm *mm, uint64_t mfn, unsigned int d,
		   enum page_type type);
void page_put_typed(struct mm *mm, uint64_t mfn);

/* Checks a guest entry for a table at `level` and takes the references it
 * needs; the entry may be adjusted (_PAGE_USER forced on). */
int pt_get_entry(struct mm *mm, unsigned int level, uint64_t *e,
		 unsigned int d);
/* Releases what entry e of a table owned by d held. */
void pt_put_entry(struct mm *mm, unsigned int level, uint64_t e,
		  unsigned int d);

/* Replaces entry idx of the validated table at mfn (level from its type),
 * as mmu_update does: the new entry is checked before the old one is
 * released. preserve_ad keeps the current Accessed/Dirty bits. */
int pt_update_entry(struct mm *mm, uint64_t table_mfn, unsigned int idx,
		    uint64_t val, unsigned int d, bool preserve_ad);

/* Finds the L1 table mapping va under the L4 at l4_mfn (software walk).
 * Returns 0 with *l1_mfn set, or -XEN_EINVAL if an upper level is absent. */
int pt_find_l1(struct mm *mm, uint64_t l4_mfn, uint64_t va, uint64_t *l1_mfn);

int page_pin(struct mm *mm, uint64_t mfn, unsigned int d, enum page_type type);
int page_unpin(struct mm *mm, uint64_t mfn, unsigned int d);

#endif
