/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's heap: one arena of contiguous frames, reached through
 * the direct map. Sized at a fraction of RAM, within fixed bounds. */
#include <parvus/heap.h>
#include <parvus/frame_alloc.h>
#include <parvus/console.h>
#include <parvus/layout.h>

#define HEAP_MIN_FRAMES	256		/* 1 MiB */
#define HEAP_MAX_FRAMES	16384		/* 64 MiB */

static struct heap hv_heap;

void heap_setup(void);
void heap_setup(void)
{
	uint64_t n = MIN(MAX(machine_frames.nr_free / 64, HEAP_MIN_FRAMES),
			 HEAP_MAX_FRAMES);
	uint64_t mfn = frame_alloc_contig(&machine_frames, n);

	if (mfn == FRAME_NONE)
		panic("no %lu contiguous frames for the heap", (unsigned long)n);
	heap_init(&hv_heap, mfn_to_virt(mfn), n * PAGE_SIZE);
}

void *xmalloc(size_t size)
{
	return heap_alloc(&hv_heap, size);
}

void *xzalloc(size_t size)
{
	return heap_zalloc(&hv_heap, size);
}

void xfree(void *p)
{
	heap_free(&hv_heap, p);
}
