/* Hypercall and trap counters (hypervisor/domain/perf_counters.c). */
#ifndef PARVUS_PERF_COUNTERS_H
#define PARVUS_PERF_COUNTERS_H

#include <parvus/types.h>

#define PERFC_GUEST_SYSCALL 256	/* a guest user system call, bounced */

void perfc_hypercall(uint64_t nr);
void perfc_trap(uint64_t vector);
void perfc_reset(void);
void perfc_print(void);
/* perfc=exit: print them when the machine stops. */
void perfc_report_at_exit(void);
void perfc_exit_report(void);

#endif
