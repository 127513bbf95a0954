/* SPDX-License-Identifier: GPL-2.0-only */
/* XENMEM_exchange's frame work, a chunk at a time (see frame_exchange.h):
 * a domain's scattered input frames traded for machine-contiguous output
 * extents below an address width, with Xen's rule that a chunk is done
 * whole or not at all (common/memory.c memory_exchange, x86 steal_page).
 * One CPU, interrupts off: nothing else runs between a take and the
 * commit or undo of the same hypercall step. Frames are reached through
 * machine_mm's map callback (the direct map), so the unit tests run this
 * over fake memory (tests/unit/test_frame_exchange.c). */
#include <parvus/frame_exchange.h>
#include <parvus/frame_alloc.h>
#include <parvus/machine_mm.h>
#include <parvus/string.h>
#include <parvus/xen.h>

#define NO_OWNER 0	/* a taken frame: allocated, nobody's */

uint64_t exchange_frame_limit(unsigned int address_bits)
{
	if (!address_bits || address_bits >= 64 + PAGE_SHIFT)
		return ~0UL;
	if (address_bits < PAGE_SHIFT + 2)
		return 0;
	return 1UL << (address_bits - PAGE_SHIFT);
}

/* As decrease_reservation's rule, and Xen's steal_page: the owner's, and
 * held by nothing (no mapping, grant mapping, type, pin, or the
 * hypervisor's own reference on shared_info and grant frames). */
static bool takeable(unsigned int domid, uint64_t mfn)
{
	const struct page_info *p = &machine_mm.pages[mfn];

	return domid != NO_OWNER && p->owner == domid && !p->ref_count &&
	       !p->type_count && !(p->flags & (PGF_pinned | PGF_partial | PGF_dying));
}

static void give_back(unsigned int domid, uint64_t mfn, uint64_t n)
{
	for (uint64_t k = 0; k < n; k++)
		machine_mm.pages[mfn + k].owner = domid;
}

/* One input extent, all its frames or none. A frame named twice (in the
 * list or by overlapping extents) is not the domain's the second time. */
static bool take_extent(unsigned int domid, uint64_t mfn, unsigned int order)
{
	uint64_t n = 1UL << order;

	if (mfn >= machine_mm.nr_frames || machine_mm.nr_frames - mfn < n)
		return false;
	for (uint64_t k = 0; k < n; k++) {
		if (!takeable(domid, mfn + k)) {
			give_back(domid, mfn, k);
			return false;
		}
		machine_mm.pages[mfn + k].owner = NO_OWNER;
	}
	return true;
}

int exchange_take_inputs(struct exchange_chunk *c)
{
	c->nr_allocated = 0;
	for (c->nr_taken = 0; c->nr_taken < c->nr_in; c->nr_taken++) {
		if (!take_extent(c->domid, c->in[c->nr_taken], c->in_order)) {
			exchange_undo(c);
			return -XEN_EINVAL;
		}
	}
	/* A stale TLB entry may still reach a taken frame: from here on no
	 * guest pointer may (copy_from_guest/copy_to_guest pay this first). */
	machine_mm.flush_needed = true;
	return 0;
}

int exchange_alloc_outputs(struct exchange_chunk *c)
{
	for (; c->nr_allocated < c->nr_out; c->nr_allocated++) {
		uint64_t mfn = frame_alloc_block(&machine_frames, c->out_order, c->limit);

		if (mfn == FRAME_NONE) {
			exchange_undo(c);
			return -XEN_ENOMEM;
		}
		c->out[c->nr_allocated] = mfn;
	}
	return 0;
}

void exchange_undo(struct exchange_chunk *c)
{
	for (unsigned int i = 0; i < c->nr_allocated; i++)
		for (uint64_t k = 0; k < (1UL << c->out_order); k++)
			frame_free(&machine_frames, c->out[i] + k);
	for (unsigned int i = 0; i < c->nr_taken; i++)
		give_back(c->domid, c->in[i], 1UL << c->in_order);
	c->nr_allocated = 0;
	c->nr_taken = 0;
}

void exchange_commit(const struct exchange_chunk *c)
{
	for (unsigned int i = 0; i < c->nr_in; i++)
		for (uint64_t k = 0; k < (1UL << c->in_order); k++) {
			machine_mm_reclaim(c->in[i] + k);
			frame_free(&machine_frames, c->in[i] + k);
		}
	for (unsigned int i = 0; i < c->nr_out; i++)
		for (uint64_t k = 0; k < (1UL << c->out_order); k++) {
			memset(machine_mm.map(machine_mm.map_ctx, c->out[i] + k), 0, PAGE_SIZE);
			machine_mm_assign(c->out[i] + k, c->domid, c->gpfn[i] + k);
		}
}
