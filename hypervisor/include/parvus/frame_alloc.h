/* SPDX-License-Identifier: GPL-2.0-only */
/* The machine frame allocator: one bit per 4 KiB frame of machine memory,
 * set when the frame is free. Built from the boot memory map, minus what
 * the hypervisor image, boot modules and low memory occupy. Pure logic over
 * a caller-provided bitmap, so it is unit-tested hosted. */
#ifndef PARVUS_FRAME_ALLOC_H
#define PARVUS_FRAME_ALLOC_H

#include <parvus/types.h>

#define FRAME_NONE ((uint64_t)-1)

struct frame_allocator {
	uint64_t *bitmap;
	uint64_t nr_frames;	/* frames the bitmap can describe */
	uint64_t nr_free;
	uint64_t hint;		/* lowest frame that may be free */
};

/* Starts with every frame in use. */
void frame_alloc_init(struct frame_allocator *fa, uint64_t *bitmap,
		      uint64_t nr_frames);
/* Frees the whole frames inside [start, end) (byte addresses). */
void frame_alloc_add_range(struct frame_allocator *fa, uint64_t start,
			   uint64_t end);
/* Marks every frame touching [start, end) as used. */
void frame_alloc_reserve_range(struct frame_allocator *fa, uint64_t start,
			       uint64_t end);
/* Lowest free frame, or FRAME_NONE. */
uint64_t frame_alloc(struct frame_allocator *fa);
/* n physically contiguous frames, or FRAME_NONE. */
uint64_t frame_alloc_contig(struct frame_allocator *fa, uint64_t n);
/* A block of 2^order free frames, naturally aligned (its first frame a
 * multiple of 2^order, as Xen's buddy allocator hands out) and wholly
 * below frame number `limit` (an address width: 2^(bits - 12) for DMA
 * below 2^bits), the lowest that fits; FRAME_NONE if there is none or the
 * order is over FRAME_BLOCK_MAX_ORDER. XENMEM_exchange's output extents. */
#define FRAME_BLOCK_MAX_ORDER 20
uint64_t frame_alloc_block(struct frame_allocator *fa, unsigned int order,
			   uint64_t limit);
/* Returns false (and changes nothing) for a frame already free or out of
 * range: a double free is a hypervisor bug the caller should report.
 * Freeing a frame that was never handed out (a reserved one) cannot be
 * detected here; callers free only what frame_alloc gave them. */
bool frame_free(struct frame_allocator *fa, uint64_t mfn);
bool frame_is_free(const struct frame_allocator *fa, uint64_t mfn);

/* The hypervisor's allocator (mm/frames.c), after boot. */
extern struct frame_allocator machine_frames;

#endif
