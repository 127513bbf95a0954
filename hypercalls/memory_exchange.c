/* SPDX-License-Identifier: GPL-2.0-only */
/* XENMEM_exchange (xen/memory.h, struct xen_memory_exchange): a PV guest
 * trades frames of its own for machine-contiguous extents below an address
 * width, as Linux's xen_create_contiguous_region does for DMA buffers
 * (xen-swiotlb) and xen_destroy_contiguous_region undoes. Xen's checks,
 * order and errors (common/memory.c memory_exchange): -EPERM for an order
 * over 9, -EINVAL for lists of different sizes or domains, -EFAULT for a
 * list outside guest memory, -ESRCH/-EPERM for another domain, then chunk
 * by chunk. For a PV guest in.extent_start names MFNs and out.extent_start
 * pfns, each replaced by the first MFN of its new extent.
 *
 * A chunk is the fewest extents with as many frames on each side; it is
 * done whole or not at all (frame_exchange.h): on a failure the chunk's
 * input frames stay the guest's and its output list entries hold what they
 * held, nr_exchanged counts the chunks before it, and the call returns the
 * error (-EINVAL for a frame it may not give, -ENOMEM for no contiguous
 * memory below the width, -EFAULT). Unlike Xen, which reads the output
 * pfns and writes the MFNs after the chunk's inputs are gone, every guest
 * access of a chunk comes before its commit, so an unwritable output list
 * loses the guest nothing.
 *
 * The frames a chunk gives up may hold the lists or the exchange structure
 * itself (reached through a stale TLB entry): once taken, no guest pointer
 * reaches them (the flush is owed from the take and paid by every guest
 * access), so such a list faults and the call ends with -EFAULT.
 *
 * Bounded work: a chunk is at most 512 frames and charges them all to the
 * step (parvus/continuation.h); between chunks, a spent step saves its
 * progress in the guest's nr_exchanged and continues, as Xen does. */
#include "memory_op.h"
#include <parvus/continuation.h>
#include <parvus/domain.h>
#include <parvus/frame_exchange.h>
#include <parvus/guest_access.h>
#include <parvus/xen.h>

#define NUMA_NO_NODE		0xffu
#define NR_EXCHANGED_AT		offsetof(struct xen_memory_exchange, nr_exchanged)

/* One chunk's lists and frames. One CPU, interrupts off in ring 0: one
 * exchange runs at a time (with several CPUs, one per CPU). */
static struct exchange_chunk chunk;

/* Xen's guest_handle_subrange_okay: entries [first, last] of a list. */
static bool list_ok(uint64_t list, uint64_t first, uint64_t last)
{
	if (last >= (~0UL >> 3))
		return false;
	return guest_range_ok(list + first * sizeof(xen_pfn_t),
			      (last - first + 1) * sizeof(xen_pfn_t));
}

static long check_sizes(const struct xen_memory_exchange *x)
{
	unsigned int io = x->in.extent_order, oo = x->out.extent_order;

	if (MAX(io, oo) > EXCHANGE_MAX_ORDER)
		return -XEN_EPERM;
	if (x->nr_exchanged > x->in.nr_extents || x->in.domid != x->out.domid ||
	    (~0UL >> io) < x->in.nr_extents || (~0UL >> oo) < x->out.nr_extents ||
	    (x->in.nr_extents << io) != (x->out.nr_extents << oo))
		return -XEN_EINVAL;
	return 0;
}

/* The lists from nr_exchanged on, the node request, and the domain. */
static long check_rest(struct domain *d, const struct xen_memory_exchange *x,
		       unsigned int in_chunk, unsigned int out_chunk)
{
	uint64_t out_first = (x->nr_exchanged >> in_chunk) << out_chunk;
	unsigned int flags = x->out.mem_flags;

	if (!list_ok((uint64_t)x->in.extent_start.p, x->nr_exchanged, x->in.nr_extents - 1) ||
	    !list_ok((uint64_t)x->out.extent_start.p, out_first, x->out.nr_extents - 1))
		return -XEN_EFAULT;
	/* A node may be asked for, never insisted on by an unprivileged
	 * domain (Xen's propagate_node). */
	if (XENMEMF_get_node(flags) != NUMA_NO_NODE && (flags & XENMEMF_exact_node_request))
		return -XEN_EINVAL;
	if (x->in.domid == DOMID_SELF || x->in.domid == d->domid)
		return 0;
	return domain_by_id(x->in.domid) ? -XEN_EPERM : -XEN_ESRCH;
}

/* Chunk i. The order of guest accesses is the point: input MFNs read,
 * taken (now unreachable), outputs allocated, pfns read and MFNs written
 * back, and only then the commit. */
static long exchange_one(struct exchange_chunk *c, const struct xen_memory_exchange *x,
			 uint64_t i)
{
	uint64_t in_at = (uint64_t)x->in.extent_start.p + i * c->nr_in * sizeof(xen_pfn_t);
	uint64_t out_at = (uint64_t)x->out.extent_start.p + i * c->nr_out * sizeof(xen_pfn_t);
	size_t out_len = c->nr_out * sizeof(xen_pfn_t);
	long rc;

	if (copy_from_guest(c->in, in_at, c->nr_in * sizeof(xen_pfn_t)))
		return -XEN_EFAULT;
	rc = exchange_take_inputs(c);
	if (!rc)
		rc = exchange_alloc_outputs(c);
	if (rc)
		return rc;
	if (copy_from_guest(c->gpfn, out_at, out_len)) {
		exchange_undo(c);
		return -XEN_EFAULT;
	}
	if (copy_to_guest(out_at, c->out, out_len)) {
		/* What was written before the fault holds the pfns again. */
		copy_to_guest(out_at, c->gpfn, out_len);
		exchange_undo(c);
		return -XEN_EFAULT;
	}
	exchange_commit(c);
	return 0;
}

static void chunk_init(struct exchange_chunk *c, const struct domain *d,
		       const struct xen_memory_exchange *x,
		       unsigned int in_chunk, unsigned int out_chunk)
{
	c->domid = d->domid;
	c->in_order = x->in.extent_order;
	c->out_order = x->out.extent_order;
	c->nr_in = 1u << in_chunk;
	c->nr_out = 1u << out_chunk;
	c->limit = exchange_frame_limit(XENMEMF_get_address_bits(x->out.mem_flags));
}

/* Chunks from nr_exchanged on; x->nr_exchanged says how far it got. */
static long exchange_chunks(struct vcpu *v, struct xen_memory_exchange *x, uint64_t arg,
			    unsigned int in_chunk)
{
	uint64_t first = x->nr_exchanged >> in_chunk, end = x->in.nr_extents >> in_chunk;
	unsigned long frames = 1UL << MAX(x->in.extent_order, x->out.extent_order);

	for (uint64_t i = first; i < end; i++) {
		long rc;

		x->nr_exchanged = i << in_chunk;
		/* As Xen: only after a chunk of this step, so each step does one. */
		if (i != first && hypercall_preempt_check(v)) {
			if (copy_to_guest(arg + NR_EXCHANGED_AT, &x->nr_exchanged,
					  sizeof(x->nr_exchanged)))
				return -XEN_EFAULT;
			return hypercall_continue(v, XENMEM_exchange, arg, 0, 0);
		}
		hypercall_charge(v, frames);
		rc = exchange_one(&chunk, x, i);
		if (rc)
			return rc;
	}
	x->nr_exchanged = x->in.nr_extents;
	return 0;
}

long memory_exchange(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
	struct xen_memory_exchange x;
	unsigned int in_chunk = 0, out_chunk = 0;
	long rc;

	if (cmd >> MEMOP_EXTENT_SHIFT)
		return -XEN_EINVAL;	/* progress is in nr_exchanged, not cmd */
	if (copy_from_guest(&x, arg, sizeof(x)))
		return -XEN_EFAULT;
	rc = check_sizes(&x);
	if (!rc && x.nr_exchanged == x.in.nr_extents)
		return 0;
	if (x.in.extent_order <= x.out.extent_order)
		in_chunk = x.out.extent_order - x.in.extent_order;
	else
		out_chunk = x.in.extent_order - x.out.extent_order;
	if (!rc)
		rc = check_rest(v->domain, &x, in_chunk, out_chunk);
	if (!rc) {
		chunk_init(&chunk, v->domain, &x, in_chunk, out_chunk);
		rc = exchange_chunks(v, &x, arg, in_chunk);
		if (v->hypercall_continued)
			return rc;
	}
	/* The progress, also after an error (Xen writes it back always). */
	if (copy_to_guest(arg + NR_EXCHANGED_AT, &x.nr_exchanged, sizeof(x.nr_exchanged)))
		rc = -XEN_EFAULT;
	return rc;
}
