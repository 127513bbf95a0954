/* SPDX-License-Identifier: GPL-2.0-only */
/* The crash-loop back-off of on_crash=restart (boot manifest): a domain
 * that crashes within RESTART_QUICK_NS of its (re)start waits before it is
 * rebuilt, 1 s, 2 s, 4 s, ... (at most RESTART_MAX_DELAY_NS) for each
 * such crash in a row, and after RESTART_MAX_QUICK of them it is left
 * destroyed. A crash later than that starts the count again and restarts
 * at once. Pure (hypervisor/lib/restart_policy.c): unit-tested. */
#ifndef PARVUS_RESTART_POLICY_H
#define PARVUS_RESTART_POLICY_H

#include <parvus/types.h>

#define RESTART_QUICK_NS	(10ULL * 1000000000ULL)
#define RESTART_FIRST_DELAY_NS	(1ULL * 1000000000ULL)
#define RESTART_MAX_DELAY_NS	(16ULL * 1000000000ULL)
#define RESTART_MAX_QUICK	5
#define RESTART_GIVE_UP		UINT64_MAX

struct restart_history {
	unsigned int quick_crashes;	/* in a row, each within RESTART_QUICK_NS */
};

/* A crash after uptime_ns of running: the delay (ns) before the domain
 * is rebuilt, or RESTART_GIVE_UP. Updates the history. */
uint64_t restart_policy(struct restart_history *h, uint64_t uptime_ns);

#endif
