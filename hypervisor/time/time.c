/* SPDX-License-Identifier: GPL-2.0-only */
/* System time: nanoseconds since boot, from the TSC. The TSC and local
 * APIC timer rates are measured against the PIT once at boot (QEMU's
 * qemu64 CPU reports no frequencies). The wallclock at boot comes from the
 * CMOS clock. Guests see the same timeline through pvclock. */
#include <parvus/time.h>
#include <parvus/console.h>
#include <arch/cpu.h>
#include <arch/timer.h>

#define CALIBRATION_MS 50

static struct time_scale tsc_scale;
static uint64_t tsc_hz, boot_tsc, boot_wallclock, lapic_hz;

/* a * b / 10^9 without 128-bit division (no libgcc in the hypervisor);
 * exact as long as b < 2^64 / 10^9, i.e. rates below 18 GHz. */
static uint64_t mul_div_1e9(uint64_t a, uint64_t b)
{
	const uint64_t G = 1000000000ULL;

	return (a / G) * b + ((a % G) * b) / G;
}

void time_init(void)
{
	uint64_t tsc_ticks, lapic_ticks;

	lapic_init();
	pit_measure(CALIBRATION_MS, &tsc_ticks, &lapic_ticks);
	tsc_hz = tsc_ticks * (1000 / CALIBRATION_MS);
	lapic_hz = lapic_ticks * (1000 / CALIBRATION_MS);
	time_scale_from_hz(tsc_hz, &tsc_scale);
	boot_tsc = rdtsc();
	boot_wallclock = rtc_read_seconds();
	printk("parvus: TSC %lu kHz, APIC timer %lu kHz, wallclock %lu\n",
	       (unsigned long)(tsc_hz / 1000), (unsigned long)(lapic_hz / 1000),
	       (unsigned long)boot_wallclock);
}

uint64_t time_now_ns(void)
{
	return time_scale_apply(&tsc_scale, rdtsc() - boot_tsc);
}

/* For timer programming: how many APIC timer ticks in ns (at least 1). */
uint32_t time_ns_to_lapic_ticks(uint64_t ns)
{
	uint64_t ticks = mul_div_1e9(ns, lapic_hz);

	if (ticks > 0xffffffffUL)
		return 0xffffffff;
	return ticks ? (uint32_t)ticks : 1;
}

uint64_t time_tsc_hz(void)
{
	return tsc_hz;
}

uint64_t time_boot_tsc(void)
{
	return boot_tsc;
}

const struct time_scale *time_tsc_scale(void)
{
	return &tsc_scale;
}

uint64_t time_boot_wallclock(void)
{
	return boot_wallclock;
}
