/* SPDX-License-Identifier: GPL-2.0-only */
/* The memory invariant audit (hypervisor option audit=mm, for fuzz runs):
 * recomputes from scratch what every frame's reference and type counts
 * must be, from everything that may hold them, and compares with
 * page_info. The holders are:
 * - every present entry of every validated page table (page_types.h),
 *   except grant-marked L1 entries, which hold nothing;
 * - a pin (PGF_pinned): one general and one type reference;
 * - the hypervisor's own holders, named by the caller: a vCPU's L4s, its
 *   descriptor pages, vcpu_info, the console ring, pages shared with the
 *   guest (mm_audit_holder);
 * - grant mappings: a general reference, and a writable type one if
 *   writable (mm_audit_grant); the frame's owner is the granter, or
 *   MM_ORPHAN once the granter died, and an orphan is held by nothing
 *   but such mappings (at least one: else it leaked), never a table.
 * And for grants: every L1 entry with PTE_GNTTAB belongs to exactly one
 * in-use maptrack entry, which still names it, and each grant's pin
 * counts equal the maptrack entries using it. Pure logic (frames reached
 * through mm->map), so a planted violation is unit-tested. */
#ifndef PARVUS_MM_AUDIT_H
#define PARVUS_MM_AUDIT_H

#include <parvus/page_types.h>

/* One in-use maptrack entry, as the audit needs it. */
struct mm_audit_grant {
	unsigned int grantee, granter;
	uint32_t ref;
	bool writable;
	uint64_t mfn;		/* the granted frame */
	uint64_t l1_mfn;	/* where its PTE lives ... */
	unsigned int l1_idx;	/* ... at which index */
	uint64_t pte;		/* the entry gnttab_map wrote */
	bool no_pte;		/* GNTMAP_device_map alone: no L1 entry */
};

typedef void (*mm_audit_report_fn)(void *ctx, const char *line);

struct mm_audit {
	struct mm *mm;
	/* Scratch the caller provides (mm_audit_scratch_bytes): */
	uint32_t *refs, *types;		/* expected counts, per frame */
	uint8_t *want;			/* expected type, per frame */
	/* And a separate array of max_grants (the maptracks grow): */
	struct mm_audit_grant *grants;	/* collected, then sorted by PTE */
	uint16_t *pins;			/* 2 x max_refs, for one granter */
	unsigned int max_grants, max_refs;
	unsigned int nr_grants, nr_pte_grants;
	mm_audit_report_fn report;	/* one line per violation */
	void *ctx;
	unsigned int violations;
	unsigned int marked;		/* grant-marked entries seen */
};

uint64_t mm_audit_scratch_bytes(uint64_t nr_frames, unsigned int max_refs);
/* Starts an audit of mm; scratch is mm_audit_scratch_bytes long, zeroed
 * before the first audit (each mm_audit_finish leaves it so); grants has
 * room for max_grants. */
void mm_audit_begin(struct mm_audit *a, struct mm *mm, void *scratch,
		    struct mm_audit_grant *grants, unsigned int max_grants,
		    unsigned int max_refs, mm_audit_report_fn report, void *ctx);
/* Domain d holds a general reference on mfn, and a type reference of
 * `type` unless type is PGT_none. `what` names the holder in a report. */
void mm_audit_holder(struct mm_audit *a, unsigned int d, uint64_t mfn,
		     enum page_type type, const char *what);
/* An in-use maptrack entry (all of them before mm_audit_pins). */
void mm_audit_grant(struct mm_audit *a, const struct mm_audit_grant *g);
/* Granter's pin counts (nr_refs grants) against the grants given. */
void mm_audit_pins(struct mm_audit *a, unsigned int granter,
		   const uint16_t *pin_ro, const uint16_t *pin_rw,
		   unsigned int nr_refs);
/* Walks every validated table, adds pins, compares every frame. Returns
 * the number of violations (each reported). */
unsigned int mm_audit_finish(struct mm_audit *a);

#endif
