/* SPDX-License-Identifier: GPL-2.0-only */
/* Runs a function hosted with no more stack than the xenstore domain has
 * (16 KiB, guest_stack in guest-lib/head.S), so that recursion
 * too deep for the domain faults here too, in unit tests and fuzzing:
 * a thread on a stack we map ourselves, everything more than 16 KiB below
 * where the function starts made inaccessible (the C library keeps its
 * thread data at the top of the mapping, so the size alone would not do). */
#ifndef SMALL_STACK_H
#define SMALL_STACK_H

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#define SMALL_STACK_BYTES	16384
#define SMALL_STACK_MAP		(256 * 1024)	/* room for the library's part */

struct small_stack_call {
	void (*fn)(void *);
	void *arg;
	uintptr_t map;
};

static inline void *small_stack_thread(void *p)
{
	struct small_stack_call *call = p;
	uintptr_t here = (uintptr_t)__builtin_frame_address(0);
	uintptr_t floor = (here - SMALL_STACK_BYTES) & ~(uintptr_t)4095;

	if (floor <= call->map || mprotect((void *)call->map, floor - call->map, PROT_NONE))
		abort();
	call->fn(call->arg);
	return NULL;
}

/* Calls fn(arg) on the small stack and waits for it to return. */
static inline void run_on_small_stack(void (*fn)(void *), void *arg)
{
	struct small_stack_call call = { fn, arg, 0 };
	pthread_attr_t attr;
	pthread_t thread;
	void *map = mmap(NULL, SMALL_STACK_MAP, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);

	if (map == MAP_FAILED)
		abort();
	call.map = (uintptr_t)map;
	if (pthread_attr_init(&attr) || pthread_attr_setstack(&attr, map, SMALL_STACK_MAP) ||
	    pthread_create(&thread, &attr, small_stack_thread, &call) ||
	    pthread_join(thread, NULL))
		abort();
	pthread_attr_destroy(&attr);
	munmap(map, SMALL_STACK_MAP);
}

#endif
