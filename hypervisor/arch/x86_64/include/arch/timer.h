/* SPDX-License-Identifier: GPL-2.0-only */
/* Hardware time sources (arch/x86_64): the PIT, used once to calibrate;
 * the local APIC timer, which gives the scheduler its interrupts; the CMOS
 * real-time clock, read once for the wallclock. */
#ifndef ARCH_TIMER_H
#define ARCH_TIMER_H

#include <parvus/types.h>

#define VECTOR_LAPIC_TIMER	0xf0
#define VECTOR_LAPIC_SPURIOUS	0xff

/* Busy-waits about ms milliseconds on PIT channel 2; returns how many TSC
 * ticks and local APIC timer ticks passed. */
void pit_measure(unsigned int ms, uint64_t *tsc_ticks, uint64_t *lapic_ticks);

void lapic_init(void);
/* One interrupt on VECTOR_LAPIC_TIMER after `ticks`; 0 stops the timer. */
void lapic_timer_oneshot(uint32_t ticks);
uint32_t lapic_timer_remaining(void);
void lapic_eoi(void);
uint32_t lapic_id(void);

/* Seconds since 1970 from the CMOS clock. */
uint64_t rtc_read_seconds(void);

/* Waits for an interrupt with interrupts enabled, then disables them. */
static inline void wait_for_interrupt(void)
{
	asm volatile("sti; hlt; cli" : : : "memory");
}

#endif
