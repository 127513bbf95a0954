/* SPDX-License-Identifier: GPL-2.0-only */
/* Fixed-point scaling between TSC ticks and nanoseconds (pure logic): the
 * pvclock representation, a 32.32 multiplier with a power-of-two pre-shift,
 * and the civil-date arithmetic for the wallclock. */
#include <parvus/time.h>

#define NSEC_PER_SEC 1000000000ULL

/* Chooses shift so that mul = 10^9 * 2^32 / (hz << shift) fits in 32 bits
 * with as much precision as possible (Xen's set_time_scale does the same). */
void time_scale_from_hz(uint64_t hz, struct time_scale *s)
{
	uint64_t tps = hz;	/* ticks per second, after the shift */
	int shift = 0;

	while (tps > 2 * NSEC_PER_SEC) {
		tps >>= 1;
		shift--;
	}
	while (tps <= NSEC_PER_SEC) {
		tps <<= 1;
		shift++;
	}
	s->shift = (int8_t)shift;
	s->mul = (uint32_t)((NSEC_PER_SEC << 32) / tps);
}

uint64_t time_scale_apply(const struct time_scale *s, uint64_t ticks)
{
	if (s->shift < 0)
		ticks >>= -s->shift;
	else
		ticks <<= s->shift;
	return (uint64_t)(((unsigned __int128)ticks * s->mul) >> 32);
}

/* Days from 1970-01-01 to a date (Howard Hinnant's civil-from-days idea,
 * written out for our use). */
uint64_t time_from_civil(unsigned int year, unsigned int month,
			 unsigned int day, unsigned int hour,
			 unsigned int min, unsigned int sec)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (month + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;

	return (uint64_t)(days * 86400 + hour * 3600 + min * 60 + sec);
}
