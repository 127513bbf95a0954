/* SPDX-License-Identifier: GPL-2.0-only */
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
 * Validation and devalidation are preemptible (Xen's PGT_partial, XSA-45):
 * one L4 can reach all of a guest's memory, so neither may be done in one
 * go with interrupts off. See "Partial and dying frames" below.
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
#define PGF_partial	0x2	/* table type not (or no longer) complete */
#define PGF_dying	0x4	/* partial, last type reference gone, queued */

/* Partial and dying frames (the states the mm auditor must know).
 *
 * A table frame with PGF_partial set has its type (Ln) and holds exactly
 * ONE type reference and ONE general reference on itself, "parked" there
 * (type_count and ref_count include them); entries [0, validated) hold
 * their references as in a validated table, entries [validated, 512) hold
 * none (an L4's hypervisor slots never hold any). Nothing else holds a
 * type reference on it (its type_count is exactly 1), pinned is never set,
 * and every table its held entries reference is complete (not partial).
 * A partial frame is never usable as a table: nothing may load, update or
 * grant-map through it (page_is_table is false).
 *
 * - Validation in progress (PGF_partial alone): a request for its type ran
 *   out of work budget (-PT_ERESTART) and left it so; the same request
 *   again (the hypercall's continuation) carries on from `validated`.
 *   Any request for the same type does; a request for another type is
 *   refused (-EINVAL, -EBUSY for an L1 mapping), as Xen refuses a type
 *   clash on a PGT_partial page. When it completes, the parked type
 *   reference becomes the requester's and the parked general reference is
 *   dropped: the end state is that of a validation done in one go. When
 *   an entry fails, entries [0, validated) are released and the frame is
 *   untyped again (at most 512 releases, each O(1), see below).
 *
 * - Dying (PGF_partial | PGF_dying): its last type reference went; the
 *   releasing caller's reference pair was parked instead of dropped and
 *   the frame waits in its owner's queue (`dying_prev`/`dying_next`,
 *   mm->dying[owner]). page_types_drain() releases its entries from the
 *   last down, within the budget; releasing an entry that drops a child
 *   table's last type reference only queues the child, so no step
 *   recurses. A request for its type takes it out of the queue and carries
 *   on validating from `validated` (Xen revalidates a partially devalidated
 *   page the same way); a request for another type first finishes its
 *   devalidation (at most 512 releases), so a dying frame behaves as the
 *   untyped frame it is about to become. The hypervisor pays a domain's
 *   queue before any of its hypercalls (or CR3 writes) runs, so a guest
 *   never meets a dying frame outside the call that released it; an mmu
 *   batch pays it before its next item, and before it returns.
 *
 * Frames of other domains are never referenced from a partial or queued
 * frame's entries (only grant entries map them, and they hold nothing), so
 * teardown frees a domain's frames by owner and forgets its queue. */
struct page_info {
	uint32_t ref_count;
	uint32_t type_count;
	uint16_t owner;		/* domain ID; 0 = not a guest's frame */
	uint8_t type;		/* enum page_type */
	uint8_t flags;		/* PGF_* */
	uint16_t validated;	/* PGF_partial: entries [0, validated) held */
	uint16_t pad;
	/* PGF_dying: 1 + MFN of the neighbours in the owner's queue, 0 at
	 * either end (MFNs below 2^32 - 1). */
	uint32_t dying_prev, dying_next;
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

/* Xen's ERESTART (85), internal to Xen: a preemptible request stopped
 * and must be made again; never returned to a guest. */
#define PT_ERESTART 85
/* Owners (domain IDs) that may hold typed frames. */
#define MM_MAX_OWNERS 64
/* The owner of a frame whose owner died while another domain mapped it
 * by grant: no domain's, never a table, held only by those mappings
 * (general references, and writable type ones), and freed when the last
 * of them goes (page_put_mapping). */
#define MM_ORPHAN 0xfffe
/* Work one preemptible step may do: entries checked or released. */
#define MM_WORK_BUDGET 4096

struct mm;
/* Device memory (frames that are not RAM, pci.h): an L1 entry may map
 * such a frame only if it lies in the domain's iomem ranges (MMIO_WRITE),
 * read-only if it holds an MSI-X table or PBA (MMIO_READ: writable is
 * -EPERM, as Xen's mmio_ro_ranges). Such an entry is always uncached
 * (PCD and PWT forced on; only these entries may carry PCD, PWT or PAT)
 * and holds no reference: no page_info is touched when it comes or goes.
 * Anything else that is not RAM is refused as before. */
enum mmio_access { MMIO_NONE, MMIO_READ, MMIO_WRITE };
typedef int (*mmio_access_fn)(unsigned int d, uint64_t mfn);
typedef bool (*frame_is_ram_fn)(uint64_t mfn);
/* mfn is RAM: below nr_frames and, with an is_ram callback, RAM by it. */
bool mm_frame_is_ram(const struct mm *mm, uint64_t mfn);
/* The cache bits forced on (and the ones allowed) in a device entry. */
#define PTE_MMIO_FORCED	(PTE_PCD | PTE_PWT)
#define PTE_MMIO_ALLOWED	(PTE_PCD | PTE_PWT | PTE_PSE)
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
	/* Device memory (see mmio_access above); NULL: every frame below
	 * nr_frames is RAM, and no domain may map anything else. */
	frame_is_ram_fn is_ram;
	mmio_access_fn mmio_access;
	/* A TLB flush is owed: a frame became a page table or descriptor
	 * page, changed owner, or lost a grant mapping, and a stale entry
	 * may still map it. Nothing may touch guest memory by virtual
	 * address until it is done (machine_mm_flush_if_needed). */
	bool flush_needed;
	/* Preemptible (the hypervisor's machine_mm): a request for a table
	 * type may return -PT_ERESTART with partial frames left behind, and
	 * a table losing its last type reference is queued, not devalidated.
	 * Not preemptible (the default): both complete before returning. */
	bool preemptible;
	/* Entries that (de)validation may still check or release before it
	 * stops with -PT_ERESTART; the caller refills it per step. */
	uint64_t work_left;
	/* Per owner: 1 + MFN of the first dying frame, 0 for none. */
	uint32_t dying[MM_MAX_OWNERS];
	bool draining;	/* not preemptible: a drain is already running */
};

#define HV_L4_FIRST 256
#define HV_L4_LAST  271

/* General references. get fails (-EINVAL) unless d owns a valid frame. */
int page_get(struct mm *mm, uint64_t mfn, unsigned int d);
void page_put(struct mm *mm, uint64_t mfn);

/* Type references; getting a page-table type on an untyped frame
 * validates it. Returns 0 or -XEN_EINVAL / -XEN_EBUSY, or -PT_ERESTART
 * (preemptible mm only, page-table types only) when the work budget ran
 * out: nothing was taken, partial frames remain, and the same request
 * must be made again to carry on (Xen's -ERESTART, never seen by guests). */
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

/* A grant mapping's references on mfn (see grant_table.h). */
int page_get_mapping(struct mm *mm, uint64_t mfn, unsigned int d, bool writable);
/* Releases them; true when mfn is an orphan nothing holds any more, which
 * the caller must free. */
bool page_put_mapping(struct mm *mm, uint64_t mfn, bool writable);
/* Owner d died while a grant mapping held mfn: on the first call the frame
 * becomes an orphan with no references, types or flags (whatever d's own
 * tables held goes with d); each call then adds the references of one
 * mapping. */
void page_orphan(struct mm *mm, uint64_t mfn, unsigned int d, bool writable);
/* Where a grant map may write its PTE: entry idx of l1, a complete L1
 * table owned by d, currently not present. With `pte_addr` the guest named
 * the entry by machine address (GNTMAP_contains_pte: 8-byte aligned);
 * otherwise by linear address under the L4 at l4_mfn. Returns 0,
 * -XEN_EINVAL (no such L1 of d's), or -XEN_EBUSY (the entry is present:
 * a grant map never replaces a live mapping). */
int pt_grant_slot(struct mm *mm, unsigned int d, uint64_t l4_mfn, uint64_t addr,
		  bool pte_addr, uint64_t *l1_mfn, unsigned int *idx);

int page_pin(struct mm *mm, uint64_t mfn, unsigned int d, enum page_type type);
int page_unpin(struct mm *mm, uint64_t mfn, unsigned int d);

/* A complete table of that level: the only kind that may be loaded,
 * walked for an update, or receive a grant mapping. */
bool page_is_table(const struct mm *mm, uint64_t mfn, enum page_type level);

/* Devalidates owner d's dying frames within mm->work_left. Returns true
 * when none is left (Xen's put_old_guest_table, for a whole queue). */
bool page_types_drain(struct mm *mm, unsigned int d);
/* d's frames are being freed by owner: its queue is simply forgotten. */
void page_types_forget(struct mm *mm, unsigned int d);

#endif
