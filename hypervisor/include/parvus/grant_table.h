/* SPDX-License-Identifier: GPL-2.0-only */
/* Grant tables, version 1 (xen/grant_table.h): how a domain lets another
 * map or copy one of its pages. The granter writes grant_entry_v1 entries
 * in its table frames (hypervisor pages it maps); a grantee names
 * (granter, ref) to map the page at one of its addresses or to copy
 * to/from it. Implemented in common/grant_table.c, following Xen's
 * common/grant_table.c for what is checked and what is returned. */
#ifndef PARVUS_GRANT_TABLE_H
#define PARVUS_GRANT_TABLE_H

#include <parvus/types.h>
#include <parvus/xen.h>
#include <xen/grant_table.h>

#define GNTTAB_FRAMES		4	/* table size, fixed for now */
#define GNTTAB_ENTRIES		(GNTTAB_FRAMES * 512)
#define GNTTAB_MAPTRACK		256	/* grant mappings a domain may hold */
/* Uses of one grant at a time, read-only and writable each: Xen's 8-bit
 * GNTPIN counters refuse a map once the top bit would be reached. */
#define GNTTAB_PIN_MAX		128

/* A grant mapping holds the references on the granted frame (a general
 * one, and a writable type one if writable) and the pin on the grant; its
 * PTE, marked PTE_GNTTAB, holds none. Both go together, in take_down. */
struct grant_mapping {
	bool in_use;
	bool writable;
	domid_t granter;
	grant_ref_t ref;
	uint64_t mfn;		/* the granted frame */
	uint64_t host_addr;
	uint64_t l1_mfn;	/* where its PTE lives ... */
	unsigned int l1_idx;	/* ... and at which index */
	uint64_t pte;		/* the entry gnttab_map wrote */
};

struct grant_table {
	uint64_t frame[GNTTAB_FRAMES];
	uint16_t pin_ro[GNTTAB_ENTRIES], pin_rw[GNTTAB_ENTRIES];
	struct grant_mapping maptrack[GNTTAB_MAPTRACK];
};

struct domain;
struct vcpu;

int gnttab_create(struct domain *d);
/* The builder's reserved entries (GNTTAB_RESERVED_*). */
void gnttab_seed(struct domain *d, grant_ref_t ref, domid_t grantee,
		 uint64_t mfn);
int16_t gnttab_map(struct vcpu *v, struct gnttab_map_grant_ref *op);
int16_t gnttab_unmap(struct vcpu *v, struct gnttab_unmap_grant_ref *op);
int16_t gnttab_copy(struct domain *d, struct gnttab_copy *op);
/* A domain ends: its mappings of others go, others' mappings of it go. */
void gnttab_release(struct domain *d);
/* Once, after machine_mm_init: grant rules the page-type engine enforces. */
void gnttab_init(void);

#endif
