/* SPDX-License-Identifier: GPL-2.0-only */
/* The grant_table_op generator: maps (into the grant window only, see
 * fuzz.h), unmaps and copies, mostly of the witness's grants, plus
 * setup_table and random sub-ops. What must not succeed is checked in
 * checks.c. */
#include "fuzz.h"

/* ---- grant tables ---- */
static void rand_copy_ptr(struct gnttab_copy_ptr *p, bool gref, bool dest)
{
	p->domid = chance(60) ? (gref ? witness_id : DOMID_SELF) : fuzz_rand_domid();
	p->offset = (uint16_t)PICK(0, 8, 4095, 4096, rn(4096), fuzz_edge());
	if (gref)
		p->u.ref = (grant_ref_t)PICK(0, 1, 8, 9, 10, 2047, 2048, fuzz_edge());
	else
		p->u.gmfn = fuzz_rand_mfn(dest ? USE_WRITE : USE_ANY);
}

static void rand_grant_op(unsigned int cmd, void *item)
{
	switch (cmd) {
	case GNTTABOP_map_grant_ref: {
		struct gnttab_map_grant_ref *m = item;

		/* Only the grant window (its lower half in the pair mode,
		 * whose maps own the upper), or addresses no L1 can take. */
		m->host_addr = chance(70) ? GRANT_WINDOW_VA + rn(pair_role ? 256 : 512) * PAGE :
			       chance(30) ? grant_window_l1 << 12 | rn(pair_role ? 256 : 512) * 8 :
			       PICK(0, 0x1000, 0x0000800000000000UL, 0xffff830000200000UL,
				    GRANT_WINDOW_VA + 8, fuzz_edge() | 0xfff);
		m->flags = (uint32_t)PICK(GNTMAP_host_map, GNTMAP_host_map | GNTMAP_readonly,
					  GNTMAP_host_map | GNTMAP_readonly,
					  GNTMAP_host_map | GNTMAP_readonly,
					  GNTMAP_device_map, GNTMAP_host_map | GNTMAP_contains_pte,
					  GNTMAP_host_map | (7u << _GNTMAP_guest_avail0),
					  fuzz_edge());
		m->ref = (grant_ref_t)PICK(0, 1, 8, 9, 10, 11, 12, 13, 14, 15, 2047, 2048,
					   fuzz_edge());
		m->dom = chance(70) ? witness_id : fuzz_rand_domid();
		break;
	}
	case GNTTABOP_unmap_grant_ref: {
		struct gnttab_unmap_grant_ref *u = item;

		u->host_addr = PICK(0, GRANT_WINDOW_VA + rn(512) * PAGE, fuzz_bad_pointer());
		u->dev_bus_addr = fuzz_edge();
		u->handle = (grant_handle_t)PICK(0, 1, 2, 127, 128, fuzz_edge());
		break;
	}
	case GNTTABOP_copy: {
		struct gnttab_copy *g = item;

		g->flags = (uint16_t)PICK(0, GNTCOPY_source_gref, GNTCOPY_dest_gref,
					  GNTCOPY_source_gref | GNTCOPY_dest_gref, fuzz_edge());
		rand_copy_ptr(&g->source, g->flags & GNTCOPY_source_gref, false);
		rand_copy_ptr(&g->dest, g->flags & GNTCOPY_dest_gref, true);
		g->len = (uint16_t)PICK(0, 1, 8, 4096, 4097, rn(4096), fuzz_edge());
		break;
	}
	}
}

void fuzz_gen_grant_table_op(struct call *c, bool in_batch)
{
	unsigned int cmd = (unsigned int)PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
					      GNTTABOP_map_grant_ref, GNTTABOP_copy, fuzz_edge());
	unsigned int n = in_batch ? 1 : rn(5);
	void *buf;

	c->a[0] = cmd;
	c->a[2] = chance(70) ? 1 : fuzz_rand_count(n);
	c->a[1] = fuzz_ptr_arg(&buf);
	switch (cmd) {
	case GNTTABOP_map_grant_ref:
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_copy: {
		size_t size = cmd == GNTTABOP_copy ? sizeof(struct gnttab_copy) :
			      sizeof(struct gnttab_map_grant_ref);
		uint8_t *items = in_batch ? fuzz_pool() : fuzz_list_arg(GUARD_A, size, n);

		for (unsigned int i = 0; i < n && fuzz_fits(items + i * size, size); i++)
			rand_grant_op(cmd, items + i * size);
		if (in_batch)
			rand_grant_op(cmd, items);
		c->a[1] = chance(95) ? (long)items : (long)fuzz_bad_pointer();
		c->a[2] = in_batch ? 1 : fuzz_rand_count(n);
		break;
	}
	case GNTTABOP_setup_table: {
		struct gnttab_setup_table *s = buf;

		s->dom = chance(70) ? DOMID_SELF : fuzz_rand_domid();
		s->nr_frames = (uint32_t)PICK(0, 1, 4, 5, fuzz_edge());
		set_xen_guest_handle(s->frame_list, fuzz_list_arg(GUARD_B, 8, 4));
		break;
	}
	default:
		*(domid_t *)buf = fuzz_rand_domid();
	}
}
