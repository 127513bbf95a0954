/* SPDX-License-Identifier: GPL-2.0-only */
/* Time scaling (pvclock mul/shift) and civil dates. */
#include "unit.h"
#include <parvus/time.h>

static void check_hz(uint64_t hz)
{
	struct time_scale s;
	uint64_t one_second;

	time_scale_from_hz(hz, &s);
	one_second = time_scale_apply(&s, hz);
	cr_assert(one_second > 999999000 && one_second < 1000001000,
		  "%lu Hz: one second of ticks is %lu ns", (unsigned long)hz,
		  (unsigned long)one_second);
	cr_assert_eq(time_scale_apply(&s, 0), 0);
}

Test(time_scale, one_second_is_a_second)
{
	check_hz(1000000000);	/* 1 GHz: shift 0 or so */
	check_hz(2893299000);	/* a real CPU */
	check_hz(1193182);	/* the PIT */
	check_hz(100000000);
	check_hz(5000000000ULL);
}

Test(time_scale, large_counts_do_not_overflow)
{
	struct time_scale s;
	uint64_t ten_days = 3000000000ULL * 86400 * 10;

	time_scale_from_hz(3000000000ULL, &s);
	cr_assert(time_scale_apply(&s, ten_days) / 1000000000ULL >= 86400 * 10 - 1);
}

Test(time, civil_dates)
{
	cr_assert_eq(time_from_civil(1970, 1, 1, 0, 0, 0), 0);
	cr_assert_eq(time_from_civil(2000, 3, 1, 0, 0, 0), 951868800);
	cr_assert_eq(time_from_civil(2026, 11, 24, 15, 1, 25), 1795532485);
	cr_assert_eq(time_from_civil(2024, 2, 29, 23, 59, 59), 1709251199);
}
