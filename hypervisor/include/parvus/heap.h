/* SPDX-License-Identifier: GPL-2.0-only */
/* A small first-fit heap for hypervisor objects (domains, vCPUs, frame
 * lists). Pure logic over one arena given at init; freed blocks merge with
 * free neighbours. Every block is 16-byte aligned. */
#ifndef PARVUS_HEAP_H
#define PARVUS_HEAP_H

#include <parvus/types.h>

struct heap {
	struct heap_block *first;
	size_t arena_size;
	size_t bytes_free;
};

void heap_init(struct heap *h, void *arena, size_t size);
void *heap_alloc(struct heap *h, size_t size);
void *heap_zalloc(struct heap *h, size_t size);
void heap_free(struct heap *h, void *p);

/* The hypervisor's heap (mm/heap_init.c). */
void *xmalloc(size_t size);
void *xzalloc(size_t size);
void xfree(void *p);

#endif
