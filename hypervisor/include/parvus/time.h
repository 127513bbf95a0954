/* SPDX-License-Identifier: GPL-2.0-only */
/* Hypervisor time: the TSC, calibrated at boot against the PIT, counts
 * nanoseconds of "system time" since boot (the timeline of Xen's
 * vcpu_time_info.system_time and of guest timers); the wallclock at boot
 * comes from the CMOS clock. Conversions are pure and unit-tested. */
#ifndef PARVUS_TIME_H
#define PARVUS_TIME_H

#include <parvus/types.h>

/* ns = ((ticks << shift) * mul) >> 32, shift may be negative: the pvclock
 * scale Xen and Linux use (tsc_to_system_mul, tsc_shift). */
struct time_scale {
	uint32_t mul;
	int8_t shift;
};

void time_scale_from_hz(uint64_t hz, struct time_scale *s);
uint64_t time_scale_apply(const struct time_scale *s, uint64_t ticks);

/* Seconds since 1970 for a civil date and time (UTC). */
uint64_t time_from_civil(unsigned int year, unsigned int month,
			 unsigned int day, unsigned int hour,
			 unsigned int min, unsigned int sec);

/* time/time.c: system time and the boot wallclock. */
void time_init(void);
uint64_t time_now_ns(void);
uint64_t time_tsc_hz(void);
uint64_t time_boot_tsc(void);
const struct time_scale *time_tsc_scale(void);
uint64_t time_boot_wallclock(void);	/* seconds since 1970 at system time 0 */
uint32_t time_ns_to_lapic_ticks(uint64_t ns);

#endif
