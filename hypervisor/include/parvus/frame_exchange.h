/* SPDX-License-Identifier: GPL-2.0-only */
/* XENMEM_exchange's frame work (xen/memory.h, struct xen_memory_exchange),
 * one chunk at a time (mm/frame_exchange.c): the smallest set of input and
 * output extents with the same number of frames. The handler
 * (hypercalls/memory_exchange.c) reads the guest's lists into a chunk and
 * calls, in order:
 *
 *   exchange_take_inputs    the input frames leave the domain's use: each
 *                           must be one it could give back with
 *                           decrease_reservation (its own, no mapping, no
 *                           type, no grant mapping, not shared_info or a
 *                           grant frame); -EINVAL and nothing taken if one
 *                           is not. A taken frame is reserved to the chunk
 *                           (owner none, still allocated) and a TLB flush
 *                           is owed, paid before the next guest access, so
 *                           no guest pointer reaches it any more;
 *   exchange_alloc_outputs  each output extent: 2^out_order frames,
 *                           machine-contiguous, naturally aligned, below
 *                           the chunk's limit; -ENOMEM if one does not
 *                           fit, and the chunk is undone (inputs back);
 *   exchange_commit         cannot fail: inputs freed (M2P entries gone),
 *                           outputs zeroed and the domain's, each frame's
 *                           M2P entry its pfn (gpfn + k);
 *   or exchange_undo        the chunk as it was: inputs the domain's again,
 *                           outputs freed.
 *
 * The domain's page count does not change (as many frames out as in). */
#ifndef PARVUS_FRAME_EXCHANGE_H
#define PARVUS_FRAME_EXCHANGE_H

#include <parvus/types.h>

/* Xen's limit for a domU (CONFIG_DOMU_MAX_ORDER): 2 MiB extents. A chunk
 * then has at most 512 extents on one side and one on the other. */
#define EXCHANGE_MAX_ORDER	9
#define EXCHANGE_CHUNK_MAX	(1u << EXCHANGE_MAX_ORDER)

struct exchange_chunk {
	unsigned int domid;
	unsigned int in_order, out_order;
	unsigned int nr_in, nr_out;	/* extents in the chunk */
	uint64_t limit;			/* output frames below this frame number */
	unsigned int nr_taken, nr_allocated;	/* kept by the calls below */
	uint64_t in[EXCHANGE_CHUNK_MAX];	/* first MFN of each input extent */
	uint64_t gpfn[EXCHANGE_CHUNK_MAX];	/* first pfn of each output extent */
	uint64_t out[EXCHANGE_CHUNK_MAX];	/* first MFN of each output extent */
};

/* The frame limit for an address width (XENMEMF_get_address_bits): 0 is
 * none; below 14 bits it is 0, so every allocation fails, as Xen's zones
 * leave nothing there (-ENOMEM). */
uint64_t exchange_frame_limit(unsigned int address_bits);
int exchange_take_inputs(struct exchange_chunk *c);
int exchange_alloc_outputs(struct exchange_chunk *c);
void exchange_commit(const struct exchange_chunk *c);
void exchange_undo(struct exchange_chunk *c);

#endif
