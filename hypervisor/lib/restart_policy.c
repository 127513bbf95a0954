/* SPDX-License-Identifier: GPL-2.0-only */
/* on_crash=restart's crash-loop back-off (parvus/restart_policy.h): pure,
 * so the unit tests drive it with made-up uptimes. */
#include <parvus/restart_policy.h>

uint64_t restart_policy(struct restart_history *h, uint64_t uptime_ns)
{
	uint64_t delay = RESTART_FIRST_DELAY_NS;

	if (uptime_ns >= RESTART_QUICK_NS) {
		h->quick_crashes = 0;
		return 0;
	}
	if (h->quick_crashes < RESTART_MAX_QUICK)
		h->quick_crashes++;
	if (h->quick_crashes >= RESTART_MAX_QUICK)
		return RESTART_GIVE_UP;
	for (unsigned int i = 1; i < h->quick_crashes && delay < RESTART_MAX_DELAY_NS; i++)
		delay *= 2;
	return MIN(delay, RESTART_MAX_DELAY_NS);
}
