/* SPDX-License-Identifier: GPL-2.0-only */
/* First-fit heap (see heap.h). Blocks form one address-ordered list that
 * covers the whole arena; each has a header with its size and state, so a
 * free can merge with the next block, and a walk from the start can merge
 * with the previous one. A corrupted header is caught by a magic value. */
#include <parvus/heap.h>
#include <parvus/string.h>

#define HEAP_ALIGN	16
#define HEAP_MAGIC	0x50617276u	/* "Parv" */

struct heap_block {
	struct heap_block *next;
	size_t size;		/* payload bytes */
	uint32_t magic;
	bool free;
} __aligned(HEAP_ALIGN);

void heap_init(struct heap *h, void *arena, size_t size)
{
	uintptr_t start = ROUND_UP((uintptr_t)arena, HEAP_ALIGN);
	struct heap_block *b = (void *)start;

	size -= start - (uintptr_t)arena;
	b->next = NULL;
	b->size = ROUND_DOWN(size, HEAP_ALIGN) - sizeof(*b);
	b->magic = HEAP_MAGIC;
	b->free = true;
	h->first = b;
	h->arena_size = size;
	h->bytes_free = b->size;
}

/* Returns the bytes the split consumed for the new block's header. */
static size_t split(struct heap_block *b, size_t size)
{
	struct heap_block *rest;

	if (b->size < size + sizeof(*rest) + HEAP_ALIGN)
		return 0;
	rest = (void *)((char *)(b + 1) + size);
	rest->next = b->next;
	rest->size = b->size - size - sizeof(*rest);
	rest->magic = HEAP_MAGIC;
	rest->free = true;
	b->next = rest;
	b->size = size;
	return sizeof(*rest);
}

void *heap_alloc(struct heap *h, size_t size)
{
	if (size == 0 || size > h->arena_size)
		return NULL;
	size = ROUND_UP(size, HEAP_ALIGN);
	for (struct heap_block *b = h->first; b; b = b->next) {
		if (!b->free || b->size < size)
			continue;
		h->bytes_free -= split(b, size);
		b->free = false;
		h->bytes_free -= b->size;
		return b + 1;
	}
	return NULL;
}

void *heap_zalloc(struct heap *h, size_t size)
{
	void *p = heap_alloc(h, size);

	if (p)
		memset(p, 0, size);
	return p;
}

static void merge_with_next(struct heap *h, struct heap_block *b)
{
	struct heap_block *n = b->next;

	if (!n || !n->free || (char *)(b + 1) + b->size != (char *)n)
		return;
	b->size += sizeof(*n) + n->size;
	b->next = n->next;
	h->bytes_free += sizeof(*n);
}

/* A pointer that is not a live block of this heap is ignored. */
void heap_free(struct heap *h, void *p)
{
	struct heap_block *prev = NULL;

	if (!p)
		return;
	for (struct heap_block *b = h->first; b; prev = b, b = b->next) {
		if (b + 1 != p)
			continue;
		if (b->magic != HEAP_MAGIC || b->free)
			return;		/* double free or corruption: ignore */
		b->free = true;
		h->bytes_free += b->size;
		merge_with_next(h, b);
		if (prev && prev->free)
			merge_with_next(h, prev);
		return;
	}
}
