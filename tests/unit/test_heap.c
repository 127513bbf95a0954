/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor heap: alignment, reuse, coalescing, bad frees. */
#include "unit.h"
#include <parvus/heap.h>

static _Alignas(16) unsigned char arena[64 * 1024];

Test(heap, alloc_is_aligned_and_disjoint)
{
	struct heap h;
	char *a, *b;

	heap_init(&h, arena + 3, sizeof(arena) - 3);
	a = heap_alloc(&h, 10);
	b = heap_alloc(&h, 100);
	cr_assert_not_null(a);
	cr_assert_not_null(b);
	cr_assert_eq((uintptr_t)a % 16, 0);
	cr_assert_eq((uintptr_t)b % 16, 0);
	cr_assert(b >= a + 10 || a >= b + 100, "blocks overlap");
	cr_assert((unsigned char *)a >= arena && (unsigned char *)b + 100 <= arena + sizeof(arena));
}

Test(heap, zero_and_oversized_requests_fail)
{
	struct heap h;

	heap_init(&h, arena, sizeof(arena));
	cr_assert_null(heap_alloc(&h, 0));
	cr_assert_null(heap_alloc(&h, sizeof(arena)));
	cr_assert_null(heap_alloc(&h, (size_t)-1));
}

Test(heap, zalloc_zeroes)
{
	struct heap h;
	unsigned char *p;

	memset(arena, 0xaa, sizeof(arena));
	heap_init(&h, arena, sizeof(arena));
	p = heap_zalloc(&h, 256);
	for (int i = 0; i < 256; i++)
		cr_assert_eq(p[i], 0);
}

Test(heap, free_coalesces_so_a_big_block_fits_again)
{
	struct heap h;
	void *p[8];
	size_t before;

	heap_init(&h, arena, sizeof(arena));
	before = h.bytes_free;
	for (int i = 0; i < 8; i++)
		p[i] = heap_alloc(&h, 4000);
	cr_assert_null(heap_alloc(&h, 40000), "arena is mostly used");
	/* Free out of order: merging must work in both directions. */
	for (int i = 0; i < 8; i += 2)
		heap_free(&h, p[i]);
	for (int i = 1; i < 8; i += 2)
		heap_free(&h, p[i]);
	cr_assert_eq(h.bytes_free, before, "all space back, headers merged");
	cr_assert_not_null(heap_alloc(&h, 60000));
}

Test(heap, double_and_foreign_frees_are_ignored)
{
	struct heap h;
	char *a, *b;
	size_t free_after;

	heap_init(&h, arena, sizeof(arena));
	a = heap_alloc(&h, 64);
	b = heap_alloc(&h, 64);
	heap_free(&h, a);
	free_after = h.bytes_free;
	heap_free(&h, a);
	heap_free(&h, a + 16);
	heap_free(&h, NULL);
	cr_assert_eq(h.bytes_free, free_after);
	cr_assert_not_null(b);
}
