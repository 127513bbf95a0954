/* SPDX-License-Identifier: GPL-2.0-only */
/* Generators for the memory calls: mmu_update, update_va_mapping (and
 * its otherdomain form), mmuext_op and memory_op. Entries of our bootstrap
 * tables that were present at start only ever get their own value back;
 * lists end at guard pages; writes go only to frames we do not use. */
#include "fuzz.h"

/* ---- mmu_update, update_va_mapping, mmuext_op ---- */

/* A table entry we may rewrite: (table, index, value). A protected entry
 * gets its own value back. */
static void rand_table_entry(uint64_t *ptr, uint64_t *val)
{
	uint64_t mfn, idx = rn(512);
	struct boot_table *t;

	switch (rn(6)) {
	case 0: case 1:
		mfn = scratch_tables[rn(ARRAY_SIZE(scratch_tables))];
		break;
	case 2: case 3:
		mfn = boot_tables[rn(nr_boot_tables)].mfn;
		if (chance(30))
			idx = PICK(1, 255, 256, 271, 272, 510, 511);
		break;
	default:
		mfn = fuzz_rand_mfn(USE_WRITE);
		break;
	}
	*val = fuzz_rand_pte();
	t = fuzz_boot_table_of(mfn);
	if (t && fuzz_is_protected(t, idx))
		*val = t->va[idx];
	*ptr = mfn << 12 | idx * 8;
}

static void rand_mmu_update(struct mmu_update *u)
{
	uint64_t ptr, val;

	rand_table_entry(&ptr, &val);
	switch (rn(10)) {
	case 0:		/* M2P entry of one of our frames (or not ours) */
		u->ptr = (fuzz_rand_mfn(USE_ANY) << 12) | MMU_MACHPHYS_UPDATE;
		u->val = PICK(rn(8192), fuzz_edge());
		return;
	case 1:		/* misaligned, NO_TRANSLATE and unknown kinds */
		u->ptr = (ptr & ~7UL) | PICK(4, 2, 3, 6, 7);
		u->val = val;
		return;
	case 2:
		u->ptr = ptr | MMU_PT_UPDATE_PRESERVE_AD;
		u->val = val;
		return;
	default:
		u->ptr = ptr;
		u->val = val;
	}
}

uint32_t fuzz_rand_count(unsigned int items)
{
	return (uint32_t)PICK(items, items, items, 0, 1, items + 1, 0x7fffffff, 0x80000000,
			      0x80000000 | items, 0xffffffff, rnd());
}

static uint64_t rand_pdone(void)
{
	void *buf;

	return chance(30) ? 0 : fuzz_ptr_arg(&buf);
}

static uint64_t rand_foreigndom(void)
{
	return chance(70) ? PICK(DOMID_SELF, self_id) : fuzz_rand_domid() | (chance(10) ? rnd() << 16 : 0);
}

bool long_list_used;	/* by an entry of the multicall being made */

void fuzz_gen_mmu_update(struct call *c, bool in_batch)
{
	/* In a multicall, a long list now and then: its continuation then
	 * runs inside the batch's (the entry keeps it). At most one long
	 * list per batch: they all sit at GUARD_D. */
	bool long_in_batch = in_batch && !long_list_used && chance(10);
	unsigned int n = long_in_batch || (!in_batch && chance(5)) ? 300 : in_batch ? 1 : rn(9);
	struct mmu_update *u;

	long_list_used |= long_in_batch;
	u = long_in_batch ? fuzz_list_arg(GUARD_D, sizeof(*u), n) : in_batch ? fuzz_pool() :
	    fuzz_list_arg(GUARD_A, sizeof(*u), n);
	for (unsigned int i = 0; i < n && fuzz_fits(u + i, sizeof(*u)); i++) {
		if (n > 64) {	/* a long batch of harmless rewrites: continuations */
			const struct boot_table *t = &boot_tables[0];

			u[i] = (struct mmu_update){ t->mfn << 12 | 511 * 8, t->va[511] };
			continue;
		}
		rand_mmu_update(&u[i]);
	}
	c->a[0] = chance(95) ? (long)u : (long)fuzz_bad_pointer();
	c->a[1] = long_in_batch ? n : in_batch ? 1 : fuzz_rand_count(n);
	c->a[2] = rand_pdone();
	c->a[3] = rand_foreigndom();
}

/* The bootstrap L1 (and index) that maps va, if the walk stays in our
 * bootstrap tables. */
static const struct boot_table *boot_l1_of(uint64_t va, unsigned int *idx)
{
	const struct boot_table *t = &boot_tables[0];

	for (unsigned int shift = 39; t && t->level > 1; shift -= 9) {
		uint64_t e = t->va[(va >> shift) & 511];

		if (!(e & PTE_P))
			return NULL;
		t = fuzz_boot_table_of((e & PTE_ADDR) >> 12);
	}
	*idx = (va >> 12) & 511;
	return t;
}

static uint64_t rand_va_for_update(uint64_t *val)
{
	const struct boot_table *t;
	unsigned int idx;
	uint64_t va;

	*val = fuzz_rand_pte();
	switch (rn(6)) {
	case 0: case 1:
		va = SCRATCH_VA + (rnd() % SCRATCH_SIZE & ~(PAGE - 1));
		break;
	case 2:
		va = VIRT_BASE + rn(start_info->nr_pages + 64) * PAGE;
		break;
	default:
		va = fuzz_bad_pointer() & ~(PAGE - 1);
	}
	/* In our own region, a present entry keeps its value. */
	t = boot_l1_of(va, &idx);
	if (t && fuzz_is_protected(t, idx))
		*val = t->va[idx];
	return va;
}

void fuzz_gen_update_va_mapping(struct call *c, bool in_batch)
{
	uint64_t val, va = rand_va_for_update(&val);
	void *buf;

	c->a[0] = va;
	c->a[1] = val;
	c->a[2] = PICK(UVMF_NONE, UVMF_INVLPG, UVMF_TLB_FLUSH, UVMF_INVLPG | UVMF_ALL,
		       UVMF_TLB_FLUSH | UVMF_LOCAL, 3, fuzz_edge());
	if (chance(10))
		c->a[2] = (long)(fuzz_ptr_arg(&buf) | PICK(UVMF_INVLPG, UVMF_TLB_FLUSH));
}

void fuzz_gen_update_va_mapping_otherdomain(struct call *c, bool in_batch)
{
	fuzz_gen_update_va_mapping(c, in_batch);
	c->a[3] = fuzz_rand_domid();
}

/* One mmuext op. The baseptr stays ours: NEW_BASEPTR only names our own
 * L4 or a frame it cannot be. CLEAR_PAGE and COPY_PAGE write only frames
 * we do not use. */
static void rand_mmuext(struct mmuext_op *op)
{
	void *buf;

	op->cmd = (unsigned int)PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
				     16, 17, 18, 19, 20, 21, fuzz_edge());
	op->arg1.mfn = fuzz_rand_mfn(USE_ANY);
	op->arg2.src_mfn = fuzz_rand_mfn(USE_ANY);
	switch (op->cmd) {
	case MMUEXT_NEW_BASEPTR:
		/* A frame of the witness only while it lives: after, it may be
		 * ours (populate_physmap) and would make a fine empty L4. */
		op->arg1.mfn = PICK(l4_mfn, 0, max_mfn + 1, ~0UL,
				    nr_foreign_frames ? foreign_frames[rn(nr_foreign_frames)] : 0);
		if (op->arg1.mfn != l4_mfn && !fuzz_is_foreign(op->arg1.mfn))
			op->arg1.mfn = max_mfn + 1;
		break;
	case MMUEXT_CLEAR_PAGE:
	case MMUEXT_COPY_PAGE:
		op->arg1.mfn = fuzz_rand_mfn(USE_WRITE);
		break;
	case MMUEXT_INVLPG_LOCAL:
	case MMUEXT_INVLPG_ALL:
	case MMUEXT_INVLPG_MULTI:
		op->arg1.linear_addr = fuzz_guest_va();
		/* fall through */
	case MMUEXT_TLB_FLUSH_MULTI:
		op->arg2.vcpumask.p = (void *)fuzz_ptr_arg(&buf);
		break;
	case MMUEXT_SET_LDT:
		op->arg1.linear_addr = chance(50) ? SCRATCH_VA + rn(SCRATCH_L1S * 512) * PAGE :
				       fuzz_guest_va();
		op->arg2.nr_ents = (unsigned int)PICK(0, 1, 8192, 8193, 512, rn(8192), fuzz_edge());
		break;
	}
}

void fuzz_gen_mmuext_op(struct call *c, bool in_batch)
{
	bool long_in_batch = in_batch && !long_list_used && chance(10);
	unsigned int n = long_in_batch || (!in_batch && chance(3)) ? 300 : in_batch ? 1 : rn(9);
	struct mmuext_op *op = long_in_batch ? fuzz_list_arg(GUARD_D, sizeof(*op), n) :
			       in_batch ? fuzz_pool() : fuzz_list_arg(GUARD_A, sizeof(*op), n);

	long_list_used |= long_in_batch;
	for (unsigned int i = 0; i < n && fuzz_fits(op + i, sizeof(*op)); i++) {
		if (n > 64)
			op[i] = (struct mmuext_op){ .cmd = PICK(MMUEXT_TLB_FLUSH_LOCAL,
								MMUEXT_INVLPG_LOCAL) };
		else
			rand_mmuext(&op[i]);
	}
	c->a[0] = chance(95) ? (long)op : (long)fuzz_bad_pointer();
	c->a[1] = long_in_batch ? n : in_batch ? 1 : fuzz_rand_count(n);
	c->a[2] = rand_pdone();
	c->a[3] = rand_foreigndom();
}

/* ---- memory_op ---- */

/* XENMEM_exchange: frames of any kind (half of them our free ones, so that
 * some chunks go through) for extents at random pfns, the
 * sizes mostly consistent, now and then a width, a node or a progress of
 * its own. The input list ends at GUARD_B, the output list at GUARD_C. */
static void gen_exchange(struct xen_memory_exchange *x)
{
	unsigned int n = 1 + rn(8), io = (unsigned int)PICK(0, 0, 0, 0, 1, 9, 10, fuzz_edge());
	unsigned int oo = (unsigned int)PICK(0, 0, 0, 1, 3, 9, 10, fuzz_edge());
	uint64_t n_out = io < 32 && oo < 32 ? ((uint64_t)n << io) >> oo : 1;
	uint64_t *in = fuzz_list_arg(GUARD_B, 8, n);
	uint64_t *out = fuzz_list_arg(GUARD_C, 8, (unsigned int)MIN(MAX(n_out, 1), 8));

	for (unsigned int i = 0; i < n && fuzz_fits(in + i, 8); i++)
		in[i] = chance(50) && nr_free_frames ? free_frames[rn(nr_free_frames)] :
			fuzz_rand_mfn(USE_ANY);
	for (unsigned int i = 0; i < MIN(MAX(n_out, 1), 8) && fuzz_fits(out + i, 8); i++)
		out[i] = PICK(rn(start_info->nr_pages), rn(1 << 20), fuzz_edge());
	set_xen_guest_handle(x->in.extent_start, chance(90) ? in : (void *)fuzz_bad_pointer());
	set_xen_guest_handle(x->out.extent_start, chance(90) ? out : (void *)fuzz_bad_pointer());
	x->in.nr_extents = chance(80) ? n : fuzz_rand_count(n);
	x->out.nr_extents = chance(80) ? n_out : fuzz_rand_count((unsigned int)n_out);
	x->in.extent_order = io;
	x->out.extent_order = oo;
	x->out.mem_flags = (unsigned int)PICK(0, 0, 32, 20, 13, XENMEMF_node(0),
					      XENMEMF_exact_node(0), fuzz_edge());
	x->in.domid = x->out.domid = chance(80) ? DOMID_SELF : fuzz_rand_domid();
	if (chance(10))
		x->out.domid = fuzz_rand_domid();
	x->nr_exchanged = chance(80) ? 0 : PICK(1, n, n + 1, fuzz_edge());
}

void fuzz_gen_memory_op(struct call *c, bool in_batch)
{
	void *buf;
	unsigned int op = (unsigned int)PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
					     15, 16, 17, 21, 22, 23, 24, 25, 26, 27, 28,
					     rn(64), XENMEM_decrease_reservation,
					     XENMEM_populate_physmap, XENMEM_exchange,
					     XENMEM_exchange, XENMEM_exchange);

	/* A start extent in cmd (as a continuation has): populate writes each
	 * MFN back at extent_start + 8 * index, so an index that jumps past
	 * the guard page would land in our own memory. Only starts inside
	 * the list, into its guard page, or far beyond everything of ours. */
	c->a[0] = op | (chance(10) ? PICK(1, 2, 7, 8, 9, 256, 511, 1UL << 20, 1UL << 40,
					  ~0UL >> 6) << 6 : 0);
	c->a[1] = fuzz_ptr_arg(&buf);
	switch (op) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap: {
		struct xen_memory_reservation *r = buf;
		unsigned int n = 1 + rn(8);
		uint64_t *ext = fuzz_list_arg(GUARD_B, 8, n);

		for (unsigned int i = 0; i < n && fuzz_fits(ext + i, 8); i++)
			ext[i] = op == XENMEM_decrease_reservation ? fuzz_rand_mfn(USE_ANY) :
				 PICK(rn(start_info->nr_pages), rn(1 << 20), fuzz_edge());
		set_xen_guest_handle(r->extent_start,
				     chance(90) ? ext : (void *)fuzz_bad_pointer());
		r->nr_extents = fuzz_rand_count(n);
		r->extent_order = (unsigned int)PICK(0, 0, 0, 1, 9, 10, 31, fuzz_edge());
		r->mem_flags = (unsigned int)PICK(0, fuzz_edge());
		r->domid = chance(80) ? DOMID_SELF : fuzz_rand_domid();
		break;
	}
	case XENMEM_exchange:
		gen_exchange(buf);
		break;
	case XENMEM_memory_map: {
		struct xen_memory_map *m = buf;

		m->nr_entries = (unsigned int)PICK(0, 1, 2, fuzz_edge());
		set_xen_guest_handle(m->buffer, (void *)fuzz_ptr_arg(&buf));
		break;
	}
	case XENMEM_machphys_mfn_list: {
		struct xen_machphys_mfn_list *l = buf;
		unsigned int n = 1 + rn(4);

		l->max_extents = (unsigned int)PICK(0, 1, n, fuzz_edge());
		set_xen_guest_handle(l->extent_start, fuzz_list_arg(GUARD_B, 8, n));
		break;
	}
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENMEM_maximum_gpfn:
		*(domid_t *)buf = fuzz_rand_domid();
		break;
	}
}
