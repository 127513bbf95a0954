/* SPDX-License-Identifier: GPL-2.0-only */
/* The tiny runtime of our test guests, in the spirit of XTF: each guest
 * checks one area of the ABI from inside, prints what it checks, and ends
 * with one "Test result:" line that the integration runner reads. */
#ifndef GUEST_H
#define GUEST_H

#include <parvus/types.h>
#include <parvus/barrier.h>
#include <parvus/string.h>
#include <hypercall.h>

extern start_info_t *start_info;

void guest_printf(const char *fmt, ...) __printf(1, 2);
/* Returns true if the guest command line has name=value; copies value. */
bool guest_arg(const char *name, char *value, size_t size);
/* The decimal number of name=, up to its first non-digit; fallback if absent. */
uint64_t guest_arg_number(const char *name, uint64_t fallback);

/* Records a failed check (the run ends with FAILURE) and goes on. */
void guest_fail(const char *fmt, ...) __printf(1, 2);
/* How many checks have failed so far. */
unsigned int guest_failures(void);
#define CHECK(cond, ...) do { if (!(cond)) guest_fail(__VA_ARGS__); } while (0)
/* got and want are evaluated once: they are often hypercalls. */
#define CHECK_EQ(got, want, what) do {					\
	long got_ = (long)(got), want_ = (long)(want);			\
	CHECK(got_ == want_, "%s: got %ld, want %ld", what, got_, want_);	\
} while (0)

/* Maps our code and read-only data read-only and unmaps the page below
 * the boot stack (protect.c); 0 or the failing hypercall's error. */
long guest_protect_image(void);

/* Each guest defines this; the runtime reports and powers off after. */
void guest_main(void);

#endif
