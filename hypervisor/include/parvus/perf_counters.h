/* Hypercall and trap counters (hypervisor/domain/perf_counters.c). */
#ifndef PARVUS_PERF_COUNTERS_H
#define PARVUS_PERF_COUNTERS_H

#include <parvus/types.h>

#define PERFC_GUEST_SYSCALL 256	/* a guest user system call, bounced */

/* Events that are neither a hypercall nor a guest exception. */
enum perfc_event {
	PERFC_TIMER_INTERRUPT,	/* the hypervisor's local APIC timer */
	PERFC_EVENT_UPCALL,	/* a bounce to a guest's event callback */
	PERFC_VCPU_ENTRY,	/* the scheduler entering a vCPU */
	NR_PERFC_EVENTS
};

void perfc_hypercall(uint64_t nr);
void perfc_trap(uint64_t vector);
void perfc_event(enum perfc_event e);
void perfc_reset(void);
void perfc_print(void);
/* perfc=exit: print them when the machine stops. */
void perfc_report_at_exit(void);
void perfc_exit_report(void);

#endif
