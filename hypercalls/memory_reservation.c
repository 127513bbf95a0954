/* SPDX-License-Identifier: GPL-2.0-only */
/* XENMEM_decrease_reservation and XENMEM_populate_physmap (xen/memory.h):
 * a PV guest giving frames back (ballooning down) and asking for frames
 * at given pseudo-physical pages (ballooning up, never past its maximum
 * reservation). For a PV guest the extent list names machine frames on
 * the way down and pfns on the way up, where we write the new MFN back,
 * as Xen's common/memory.c does. A frame still in use (mapped, typed or
 * pinned) is not released. A frame is a unit of the step's budget
 * (parvus/continuation.h); long lists continue through the extent count kept
 * above the sub-op bits of cmd, like Xen's MEMOP_EXTENT_SHIFT. A released
 * frame may still sit in the TLB: machine_mm_reclaim marks the flush owed,
 * and it is paid before the next access to guest memory (the extent list
 * included) and before the guest runs again. */
#include "memory_op.h"
#include <parvus/continuation.h>
#include <parvus/domain.h>
#include <parvus/frame_alloc.h>
#include <parvus/guest_access.h>
#include <parvus/layout.h>
#include <parvus/machine_mm.h>
#include <parvus/string.h>
#include <parvus/xen.h>

#define MAX_GUEST_ORDER		9	/* 2 MiB extents at most, as Xen's domU limit */

static bool release_one(struct domain *d, uint64_t mfn)
{
	struct page_info *p;

	if (mfn >= machine_mm.nr_frames)
		return false;
	p = &machine_mm.pages[mfn];
	if (p->owner != d->domid || p->ref_count || p->type_count ||
	    mfn == d->shared_info_mfn)
		return false;
	machine_mm_reclaim(mfn);
	frame_free(&machine_frames, mfn);
	d->nr_pages--;
	return true;
}

/* 2^order machine-contiguous frames at pseudo-physical gpfn.. */
static bool populate_extent(struct domain *d, uint64_t gpfn,
			    unsigned int order, uint64_t *first)
{
	uint64_t n = 1UL << order;

	if (d->nr_pages + n > d->max_pages)
		return false;
	*first = frame_alloc_contig(&machine_frames, n);
	if (*first == FRAME_NONE)
		return false;
	for (uint64_t j = 0; j < n; j++) {
		memset(mfn_to_virt(*first + j), 0, PAGE_SIZE);
		machine_mm_assign(*first + j, d->domid, gpfn + j);
	}
	d->nr_pages += n;
	return true;
}

/* Frames before a failing one stay released, as in Xen. */
static bool release_extent(struct domain *d, uint64_t mfn, unsigned int order)
{
	for (uint64_t j = 0; j < (1UL << order); j++)
		if (!release_one(d, mfn + j))
			return false;
	return true;
}

/* One extent: on the way down *extent is its first MFN; on the way up its
 * first pfn, replaced by the first MFN it got. */
static bool do_extent(struct domain *d, unsigned int op, uint64_t *extent,
		      unsigned int order)
{
	if (op == XENMEM_decrease_reservation)
		return release_extent(d, *extent, order);
	return populate_extent(d, *extent, order, extent);
}

long memory_reservation(struct vcpu *v, unsigned int op, uint64_t cmd,
			uint64_t arg)
{
	struct domain *d = v->domain;
	struct xen_memory_reservation res;
	uint64_t done = cmd >> MEMOP_EXTENT_SHIFT, start = done, extent;

	if (copy_from_guest(&res, arg, sizeof(res)))
		return -XEN_EFAULT;
	if (res.domid != DOMID_SELF && res.domid != d->domid)
		return -XEN_EPERM;
	if (res.extent_order > MAX_GUEST_ORDER)
		return -XEN_EINVAL;
	/* As Xen's do_memory_op: a count whose progress could not be
	 * encoded in a continuation's cmd (UINT_MAX >> MEMOP_EXTENT_SHIFT)
	 * returns at once, with the start extent. */
	if (res.nr_extents > (UINT32_MAX >> MEMOP_EXTENT_SHIFT))
		return done;
	for (; done < res.nr_extents; done++) {
		uint64_t at = (uint64_t)res.extent_start.p + done * sizeof(extent);

		/* The step's budget counts frames (an order-9 extent zero-fills
		 * 512), and an extent is never split. Only once this call has
		 * done some: a continuation restarts at `done`, and preempting
		 * there again at once would never finish (Xen's
		 * "i != a->nr_done" before its preempt check). */
		if (done != start && hypercall_preempt_check(v))
			return hypercall_continue(v, (done << MEMOP_EXTENT_SHIFT) | op,
						  arg, 0, 0);
		if (copy_from_guest(&extent, at, sizeof(extent)))
			return done ? (long)done : -XEN_EFAULT;
		hypercall_charge(v, 1UL << res.extent_order);
		if (!do_extent(d, op, &extent, res.extent_order))
			break;
		if (op == XENMEM_populate_physmap &&
		    copy_to_guest(at, &extent, sizeof(extent)))
			return done ? (long)done : -XEN_EFAULT;
	}
	return done;
}
