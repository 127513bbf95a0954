/* SPDX-License-Identifier: GPL-2.0-only */
/* The local APIC: enabled in xAPIC mode at its MMIO page (mapped uncached
 * in the hypervisor's slots), its timer in one-shot mode with divide-by-1.
 * The legacy PIC stays masked (cpu_setup.c) but for the serial line;
 * assigned devices interrupt through MSI-X to this LAPIC (msix.c). */
#include <parvus/layout.h>
#include <arch/cpu.h>
#include <arch/paging.h>
#include <arch/timer.h>

#define MSR_APIC_BASE		0x1b
#define APIC_BASE_ENABLE	(1UL << 11)
#define APIC_ID		0x020
#define APIC_SVR		0x0f0
#define APIC_EOI		0x0b0
#define APIC_TPR		0x080
#define APIC_LVT_TIMER		0x320
#define APIC_TIMER_INITIAL	0x380
#define APIC_TIMER_CURRENT	0x390
#define APIC_TIMER_DIVIDE	0x3e0
#define APIC_SVR_ENABLE		(1u << 8)
#define APIC_LVT_MASKED		(1u << 16)
#define APIC_DIVIDE_BY_1	0xb

static volatile uint32_t *lapic;

static void lapic_write(unsigned int reg, uint32_t v)
{
	lapic[reg / 4] = v;
}

static uint32_t lapic_read(unsigned int reg)
{
	return lapic[reg / 4];
}

void lapic_init(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	paging_map_mmio(LAPIC_VIRT, base & PAGE_MASK & 0xffffffffff000UL);
	lapic = (volatile uint32_t *)LAPIC_VIRT;
	lapic_write(APIC_SVR, APIC_SVR_ENABLE | VECTOR_LAPIC_SPURIOUS);
	lapic_write(APIC_TPR, 0);
	lapic_write(APIC_TIMER_DIVIDE, APIC_DIVIDE_BY_1);
	lapic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | VECTOR_LAPIC_TIMER);
}

void lapic_timer_oneshot(uint32_t ticks)
{
	lapic_write(APIC_LVT_TIMER, VECTOR_LAPIC_TIMER);
	lapic_write(APIC_TIMER_INITIAL, ticks);
}

uint32_t lapic_timer_remaining(void)
{
	return lapic_read(APIC_TIMER_CURRENT);
}

/* The xAPIC ID: where an MSI must be addressed to reach this CPU. */
uint32_t lapic_id(void)
{
	return lapic_read(APIC_ID) >> 24;
}

void lapic_eoi(void)
{
	lapic_write(APIC_EOI, 0);
}
