/* SPDX-License-Identifier: GPL-2.0-only */
/* The rules every result must keep, whatever the arguments: no call may
 * succeed in mapping, writing, pinning or linking the witness's frames,
 * acting for another domain, or writing through a read-only grant. A call
 * that does is a FAIL, printed with the calls before it. */
#include "fuzz.h"

/* A hypercall that must have failed. */
static void wrongly_succeeded(const struct call *c, long rc, const char *why)
{
	guest_fail("call %ld(0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx) returned %ld: %s",
		   c->nr, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4], rc, why);
	fuzz_print_last_calls(4);
}

static bool foreign_dom(uint64_t dom)
{
	domid_t d = (domid_t)dom;

	return d != DOMID_SELF && d != self_id;
}

/* The witness grants us pages read-only (refs 8..15) and nothing else:
 * no writable mapping of its, no copy into its pages, may succeed. */
static void check_grant_results(const struct call *c)
{
	const uint8_t *items = (const void *)c->a[1];
	size_t size = c->a[0] == GNTTABOP_copy ? sizeof(struct gnttab_copy) :
		      sizeof(struct gnttab_map_grant_ref);
	uint32_t n = MIN((uint32_t)c->a[2], 8u);	/* at most 8 were written */

	if ((c->a[0] != GNTTABOP_map_grant_ref && c->a[0] != GNTTABOP_copy) ||
	    (uint64_t)items < (uint64_t)guarded_area)
		return;
	for (uint32_t i = 0; i < n && fuzz_fits(items + i * size, size); i++) {
		if (c->a[0] == GNTTABOP_map_grant_ref) {
			const struct gnttab_map_grant_ref *m = (const void *)(items + i * size);

			if (m->status == GNTST_okay && m->dom == witness_id) {
				grant_maps++;
				if (!(m->flags & GNTMAP_readonly))
					wrongly_succeeded(c, 0, "mapped a read-only grant writable");
			}
		} else {
			const struct gnttab_copy *g = (const void *)(items + i * size);

			if (g->status != GNTST_okay)
				continue;
			if ((g->flags & GNTCOPY_dest_gref) && g->dest.domid == witness_id)
				wrongly_succeeded(c, 0, "copied into a read-only grant");
			if ((!(g->flags & GNTCOPY_dest_gref) && fuzz_is_foreign(g->dest.u.gmfn)) ||
			    (!(g->flags & GNTCOPY_source_gref) &&
			     fuzz_is_foreign(g->source.u.gmfn)))
				wrongly_succeeded(c, 0, "copied another domain's frame without a grant");
			if (g->flags & GNTCOPY_source_gref && g->source.domid == witness_id)
				grant_copies++;
		}
	}
}

/* The rules every result must keep, whatever the arguments. */
void fuzz_check_result(const struct call *c, long rc)
{
	const struct mmu_update *u = (const void *)c->a[0];
	const struct mmuext_op *op = (const void *)c->a[0];
	bool one = (uint32_t)c->a[1] == 1 && (uint64_t)c->a[0] + 16 <= GUARD_A &&
		   (uint64_t)c->a[0] >= (uint64_t)guarded_area;

	if (rc < 0)
		return;
	switch (c->nr) {
	case __HYPERVISOR_update_va_mapping:
		if ((c->a[1] & PTE_P) && fuzz_is_foreign((c->a[1] & PTE_ADDR) >> 12))
			wrongly_succeeded(c, rc, "mapped another domain's frame");
		break;
	case __HYPERVISOR_mmu_update:
		if ((uint32_t)c->a[1] && !(c->a[1] & 0x80000000) && foreign_dom(c->a[3]))
			wrongly_succeeded(c, rc, "acted for another domain");
		if (one && fuzz_is_foreign(u->ptr >> 12))
			wrongly_succeeded(c, rc, "wrote into another domain's frame");
		if (one && (u->ptr & 3) == MMU_NORMAL_PT_UPDATE &&
		    fuzz_boot_table_of(u->ptr >> 12) && (u->val & PTE_P) &&
		    fuzz_is_foreign((u->val & PTE_ADDR) >> 12))
			wrongly_succeeded(c, rc, "linked another domain's frame into our tables");
		break;
	case __HYPERVISOR_mmuext_op:
		if ((uint32_t)c->a[1] && !(c->a[1] & 0x80000000) && foreign_dom(c->a[3]))
			wrongly_succeeded(c, rc, "acted for another domain");
		if (one && op->cmd != MMUEXT_SET_LDT && op->cmd != MMUEXT_INVLPG_LOCAL &&
		    op->cmd != MMUEXT_INVLPG_ALL && op->cmd != MMUEXT_INVLPG_MULTI &&
		    op->cmd <= MMUEXT_UNMARK_SUPER && op->cmd != MMUEXT_TLB_FLUSH_LOCAL &&
		    op->cmd != MMUEXT_TLB_FLUSH_MULTI && op->cmd != MMUEXT_TLB_FLUSH_ALL &&
		    fuzz_is_foreign(op->arg1.mfn))
			wrongly_succeeded(c, rc, "used another domain's frame");
		break;
	case __HYPERVISOR_update_descriptor:
		if (fuzz_is_foreign((uint64_t)c->a[0] >> 12))
			wrongly_succeeded(c, rc, "wrote another domain's descriptor page");
		break;
	case __HYPERVISOR_grant_table_op:
		check_grant_results(c);
		break;
	}
}
