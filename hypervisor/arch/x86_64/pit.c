/* SPDX-License-Identifier: GPL-2.0-only */
/* The 8254 PIT, used once at boot to measure how fast the TSC and the local
 * APIC timer run: channel 2 counts down a known interval (1.193182 MHz)
 * with its gate on, and we watch its output pin through port 0x61. */
#include <arch/cpu.h>
#include <arch/timer.h>

#define PIT_HZ		1193182
#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PIT_GATE_PORT	0x61
#define PIT_GATE	0x01
#define PIT_SPEAKER	0x02
#define PIT_OUT2	0x20

void pit_measure(unsigned int ms, uint64_t *tsc_ticks, uint64_t *lapic_ticks)
{
	uint32_t count = PIT_HZ * ms / 1000;
	uint64_t tsc0;
	uint32_t apic0;

	outb(PIT_GATE_PORT, (inb(PIT_GATE_PORT) & ~PIT_SPEAKER) & ~PIT_GATE);
	outb(PIT_CMD, 0xb0);		/* channel 2, lobyte/hibyte, mode 0 */
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	lapic_timer_oneshot(0xffffffff);
	apic0 = lapic_timer_remaining();
	tsc0 = rdtsc();
	outb(PIT_GATE_PORT, inb(PIT_GATE_PORT) | PIT_GATE);	/* start */
	while (!(inb(PIT_GATE_PORT) & PIT_OUT2))
		cpu_relax();
	*tsc_ticks = rdtsc() - tsc0;
	*lapic_ticks = apic0 - lapic_timer_remaining();
	lapic_timer_oneshot(0);
}
