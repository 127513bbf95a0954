/* SPDX-License-Identifier: GPL-2.0-only */
/* on_crash=restart's back-off: delays for crashes soon after a start,
 * giving up after RESTART_MAX_QUICK of them in a row, and a long run
 * that forgives the past. */
#include "unit.h"
#include <parvus/restart_policy.h>

#define S	1000000000ULL

Test(restart_policy, quick_crashes_back_off_then_give_up)
{
	struct restart_history h = { 0 };

	cr_assert_eq(restart_policy(&h, 2 * S), 1 * S);
	cr_assert_eq(restart_policy(&h, 0), 2 * S);
	cr_assert_eq(restart_policy(&h, 9 * S), 4 * S);
	cr_assert_eq(restart_policy(&h, RESTART_QUICK_NS - 1), 8 * S);
	cr_assert_eq(restart_policy(&h, 1 * S), RESTART_GIVE_UP);
	cr_assert_eq(h.quick_crashes, RESTART_MAX_QUICK);
	cr_assert_eq(restart_policy(&h, 1 * S), RESTART_GIVE_UP);	/* stays given up */
}

Test(restart_policy, a_long_run_restarts_at_once_and_resets_the_count)
{
	struct restart_history h = { 0 };

	cr_assert_eq(restart_policy(&h, RESTART_QUICK_NS), 0);
	cr_assert_eq(restart_policy(&h, 1 * S), 1 * S);
	cr_assert_eq(restart_policy(&h, 1 * S), 2 * S);
	cr_assert_eq(restart_policy(&h, 3600 * S), 0);
	cr_assert_eq(h.quick_crashes, 0);
	cr_assert_eq(restart_policy(&h, 1 * S), 1 * S);
}

Test(restart_policy, the_delay_is_capped)
{
	struct restart_history h = { .quick_crashes = 0 };
	uint64_t last = 0;

	for (unsigned int i = 1; i < RESTART_MAX_QUICK; i++) {
		uint64_t d = restart_policy(&h, 0);

		cr_assert(d > last && d <= RESTART_MAX_DELAY_NS, "crash %u: %lu", i,
			  (unsigned long)d);
		last = d;
	}
}
