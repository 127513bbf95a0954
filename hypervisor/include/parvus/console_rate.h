/* SPDX-License-Identifier: GPL-2.0-only */
/* How much console output a domain may put on the shared serial line: a
 * token bucket of bytes (hypervisor/console/console_rate.c), full at the
 * start, refilled with time. Pure logic, unit-tested on the host. */
#ifndef PARVUS_CONSOLE_RATE_H
#define PARVUS_CONSOLE_RATE_H

#include <parvus/types.h>

#define CONSOLE_RATE_BURST	(64 * 1024)	/* bytes at once */
#define CONSOLE_RATE_PER_SEC	(16 * 1024)	/* bytes a second after that */
/* Once dropping, it prints again only with this much credit to spare, so
 * a steady flood gets one "dropping"/"dropped" pair of notices a second
 * rather than one per chunk the trickle of credit allows. */
#define CONSOLE_RATE_RESUME	(16 * 1024)

struct console_rate {
	uint64_t credit;	/* bytes it may print, times 1e9 (byte-ns) */
	uint64_t last_ns;	/* system time of the last refill */
	uint64_t dropped;	/* bytes refused since the last one printed */
};

void console_rate_init(struct console_rate *r);
/* console_rate=off on the hypervisor's command line: every take succeeds
 * (the fuzzer's trace=1 prints every call it makes). */
void console_rate_set_unlimited(void);
/* Takes n bytes' worth if the bucket holds that much at time now (and
 * CONSOLE_RATE_RESUME more while dropping): true, print them. Otherwise
 * false, and they count as dropped until the caller has said so and
 * cleared the count. */
bool console_rate_take(struct console_rate *r, uint64_t now_ns, uint64_t n);

#endif
