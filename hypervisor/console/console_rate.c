/* SPDX-License-Identifier: GPL-2.0-only */
/* The console rate limit's token bucket (see parvus/console_rate.h).
 * Credit is kept in byte-nanoseconds, so refills of a few nanoseconds
 * add up instead of rounding to nothing when a guest writes often. */
#include <parvus/console_rate.h>

#define NS_PER_SEC	1000000000UL
#define FULL		((uint64_t)CONSOLE_RATE_BURST * NS_PER_SEC)
/* Longer than this refills the bucket from empty; the cap also keeps
 * elapsed * rate far from overflowing. */
#define FILL_NS		(FULL / CONSOLE_RATE_PER_SEC)

static bool unlimited;

void console_rate_set_unlimited(void)
{
	unlimited = true;
}

void console_rate_init(struct console_rate *r)
{
	r->credit = FULL;
	r->last_ns = 0;
	r->dropped = 0;
}

static void refill(struct console_rate *r, uint64_t now_ns)
{
	uint64_t elapsed = now_ns > r->last_ns ? now_ns - r->last_ns : 0;

	r->last_ns = MAX(now_ns, r->last_ns);
	if (elapsed >= FILL_NS) {
		r->credit = FULL;
		return;
	}
	r->credit = MIN(FULL, r->credit + elapsed * CONSOLE_RATE_PER_SEC);
}

bool console_rate_take(struct console_rate *r, uint64_t now_ns, uint64_t n)
{
	uint64_t need = n + (r->dropped ? CONSOLE_RATE_RESUME : 0);

	refill(r, now_ns);
	if (unlimited)
		return true;
	if (n <= CONSOLE_RATE_BURST && need * NS_PER_SEC <= r->credit) {
		r->credit -= n * NS_PER_SEC;
		return true;
	}
	r->dropped += n;
	return false;
}
