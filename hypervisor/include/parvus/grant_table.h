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

/* Limits per domain (xl.cfg's max_grant_frames and max_maptrack_frames;
 * manifest keys grant_frames= and maptrack_frames=). The table grows a
 * frame at a time as setup_table asks (Linux's gnttab_expand), and the
 * maptrack by GNTTAB_MAPTRACK_PER_FRAME entries when it is full, as Xen
 * grows both; only the limits are fixed when the domain is built.
 * Defaults: 32 grant frames (16,384 grants: a 1-vCPU Linux guest with one
 * disk and one NIC reserves about 1,600) and 4 maptrack frames (2,048
 * mappings: the back ends of one such guest); a driver domain serving
 * several guests is given more (maptrack_frames=16: 8,192). */
#define GNTTAB_DEFAULT_FRAMES	32
#define GNTTAB_MAX_FRAMES	64	/* Xen's default max_grant_frames */
#define GNTTAB_ENTRIES_PER_FRAME 512	/* grant_entry_v1 is 8 bytes */
#define GNTTAB_MAX_ENTRIES	(GNTTAB_MAX_FRAMES * GNTTAB_ENTRIES_PER_FRAME)
/* A maptrack "frame" is Xen's unit: 512 mappings of 8 bytes each. */
#define GNTTAB_MAPTRACK_PER_FRAME 512
#define GNTTAB_DEFAULT_MAPTRACK_FRAMES 4
#define GNTTAB_MAX_MAPTRACK_FRAMES 64	/* 32,768 mappings */
/* Uses of one grant at a time, read-only and writable each: Xen's 8-bit
 * GNTPIN counters refuse a map once the top bit would be reached. */
#define GNTTAB_PIN_MAX		128
/* The granter of a mapping whose granter died (see gnttab_orphan). */
#define GNTTAB_ORPHAN		0xfffe	/* = MM_ORPHAN, page_types.h */

/* A grant mapping holds the references on the granted frame (a general
 * one, and a writable type one if writable) and the pin on the grant; its
 * PTE, if it has one (GNTMAP_host_map), marked PTE_GNTTAB, holds none.
 * Both go together, in take_down. A GNTMAP_device_map mapping alone has
 * no PTE: it only keeps the frame (for DMA at dev_bus_addr). */
struct grant_mapping {
	bool in_use;
	bool writable;
	bool has_pte;		/* GNTMAP_host_map */
	bool device_map;	/* GNTMAP_device_map */
	bool pte_addr;		/* GNTMAP_contains_pte: host_addr is the PTE's */
	domid_t granter;	/* GNTTAB_ORPHAN once it died */
	grant_ref_t ref;
	uint32_t next_free;	/* free list, when not in use */
	uint64_t mfn;		/* the granted frame */
	uint64_t host_addr;
	uint64_t l1_mfn;	/* where its PTE lives ... */
	unsigned int l1_idx;	/* ... and at which index */
	uint64_t pte;		/* the entry gnttab_map wrote */
};

struct grant_table {
	unsigned int nr_frames, max_frames;
	uint64_t frame[GNTTAB_MAX_FRAMES];
	uint16_t *pin_ro, *pin_rw;	/* nr_frames * 512 each */
	unsigned int nr_maptrack, max_maptrack;	/* entries */
	uint32_t maptrack_free;		/* 1 + first free entry, 0: none */
	struct grant_mapping *maptrack;
};

struct domain;
struct vcpu;

/* A table of one frame, limits at their defaults. */
int gnttab_create(struct domain *d);
/* The domain's limits (0: the default), before it runs. */
int gnttab_set_limits(struct domain *d, unsigned int frames,
		      unsigned int maptrack_frames);
/* setup_table: the table grows to nr_frames (GNTST_*). */
int16_t gnttab_grow(struct domain *d, unsigned int nr_frames);
/* The builder's reserved entries (GNTTAB_RESERVED_*). */
void gnttab_seed(struct domain *d, grant_ref_t ref, domid_t grantee,
		 uint64_t mfn);
int16_t gnttab_map(struct vcpu *v, struct gnttab_map_grant_ref *op);
int16_t gnttab_unmap(struct vcpu *v, struct gnttab_unmap_grant_ref *op);
int16_t gnttab_copy(struct domain *d, struct gnttab_copy *op);
/* A domain ends: its mappings go (of others' frames and its own). */
void gnttab_release(struct domain *d);
/* Then, before its frames are freed: those others still map become
 * orphans (owner MM_ORPHAN), held by those mappings alone and freed when
 * the last goes, as Xen keeps a dying domain's page while a grantee maps
 * it. */
void gnttab_orphan(struct domain *d);
/* The table's memory, once its frames are freed. */
void gnttab_free(struct domain *d);
/* Once, after machine_mm_init: grant rules the page-type engine enforces. */
void gnttab_init(void);

#endif
