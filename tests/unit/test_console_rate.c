/* SPDX-License-Identifier: GPL-2.0-only */
/* The console rate limit's token bucket (hypervisor/console/console_rate.c):
 * a burst at once, then a steady rate, refusals counted as dropped, and
 * once dropping, credit to spare before it prints again. */
#include "unit.h"
#include <parvus/console_rate.h>

#define SEC 1000000000UL

/* What console_io does after it has reported the drops. */
static void reported(struct console_rate *r)
{
	r->dropped = 0;
}

Test(console_rate, a_burst_at_once_then_nothing)
{
	struct console_rate r;

	console_rate_init(&r);
	for (int i = 0; i < CONSOLE_RATE_BURST / 128; i++)
		cr_assert(console_rate_take(&r, 5 * SEC, 128), "chunk %d of the burst", i);
	cr_assert(!console_rate_take(&r, 5 * SEC, 1), "the bucket is empty");
	cr_assert_eq(r.dropped, 1);
}

Test(console_rate, refills_at_the_rate)
{
	struct console_rate r;

	console_rate_init(&r);
	cr_assert(console_rate_take(&r, 1 * SEC, CONSOLE_RATE_BURST));
	cr_assert(!console_rate_take(&r, 1 * SEC + SEC / 2, CONSOLE_RATE_PER_SEC),
		  "half a second gives half a second's worth");
	reported(&r);
	cr_assert(console_rate_take(&r, 1 * SEC + SEC / 2, CONSOLE_RATE_PER_SEC / 2));
	cr_assert(console_rate_take(&r, 2 * SEC + SEC / 2, CONSOLE_RATE_PER_SEC),
		  "another second, another second's worth");
	cr_assert(!console_rate_take(&r, 2 * SEC + SEC / 2, 1));
}

/* A guest that writes one byte every microsecond still earns its rate:
 * refills too small to be a whole byte are not lost. */
Test(console_rate, tiny_refills_add_up)
{
	struct console_rate r;
	uint64_t t = 10 * SEC, printed = 0;

	console_rate_init(&r);
	cr_assert(console_rate_take(&r, t, CONSOLE_RATE_BURST));
	for (int i = 0; i < 1000000; i++, t += 1000) {
		printed += console_rate_take(&r, t, 1);
		reported(&r);
	}
	cr_assert(printed >= CONSOLE_RATE_PER_SEC - 1 && printed <= CONSOLE_RATE_PER_SEC,
		  "one second of 1-byte writes printed %lu", (unsigned long)printed);
}

Test(console_rate, never_more_than_the_burst)
{
	struct console_rate r;

	console_rate_init(&r);
	cr_assert(!console_rate_take(&r, 100 * SEC, CONSOLE_RATE_BURST + 1),
		  "more than the bucket holds is refused");
	reported(&r);
	cr_assert(console_rate_take(&r, 1000000 * SEC, CONSOLE_RATE_BURST),
		  "a long quiet time fills it, no more");
	cr_assert(!console_rate_take(&r, 1000000 * SEC, 1));
	reported(&r);
	cr_assert(!console_rate_take(&r, 0, 1), "time going backwards gives nothing");
}

/* A steady flood: after the first refusal, a trickle of credit is not
 * enough; it takes CONSOLE_RATE_RESUME to spare. */
Test(console_rate, dropping_stops_only_with_credit_to_spare)
{
	struct console_rate r;
	uint64_t t = 10 * SEC, resume_ns = (uint64_t)CONSOLE_RATE_RESUME * SEC / CONSOLE_RATE_PER_SEC;

	console_rate_init(&r);
	cr_assert(console_rate_take(&r, t, CONSOLE_RATE_BURST));
	cr_assert(!console_rate_take(&r, t, 128));
	cr_assert(!console_rate_take(&r, t + SEC / 64, 128), "a chunk's worth came back, not enough");
	cr_assert(!console_rate_take(&r, t + resume_ns, 128), "the resume credit alone is not enough");
	cr_assert(console_rate_take(&r, t + resume_ns + SEC / 64, 128));
	cr_assert_eq(r.dropped, 3 * 128, "every refusal counted");
}

Test(console_rate, console_rate_off_takes_everything)
{
	struct console_rate r;

	console_rate_init(&r);
	console_rate_set_unlimited();
	for (int i = 0; i < 4 * CONSOLE_RATE_BURST / 128; i++)
		cr_assert(console_rate_take(&r, 5 * SEC, 128), "chunk %d", i);
	cr_assert_eq(r.dropped, 0);
}
