/* SPDX-License-Identifier: GPL-2.0-only */
/* Hypercall and trap counters (hypervisor/common/perf_counters.c). */
#ifndef PARVUS_PERF_COUNTERS_H
#define PARVUS_PERF_COUNTERS_H

#include <parvus/types.h>

#define PERFC_GUEST_SYSCALL 256	/* a guest user system call, bounced */

/* Events that are neither a hypercall nor a guest exception. */
enum perfc_event {
	PERFC_TIMER_INTERRUPT,	/* the hypervisor's local APIC timer */
	PERFC_EVENT_UPCALL,	/* a bounce to a guest's event callback */
	PERFC_VCPU_ENTRY,	/* the scheduler entering a vCPU */
	/* What a guest's #GP or #UD turned out to be. */
	PERFC_EMUL_CLI_STI,	/* cli/sti with IOPL: let through */
	PERFC_EMUL_MSR,		/* rdmsr/wrmsr */
	PERFC_EMUL_CR,		/* mov to/from CRn, clts */
	PERFC_EMUL_PORT_IO,	/* in/out */
	PERFC_EMUL_HLT,
	PERFC_EMUL_SOFTINT,	/* int n forwarded to the guest */
	PERFC_EMUL_CPUID,	/* the forced-emulation prefix */
	PERFC_GP_REFLECTED,	/* #GP given to the guest's own handler */
	PERFC_PT_PREEMPTED,	/* page-table (de)validation continued later */
	/* The split drivers' path, per entry of a batch (issue 17). */
	PERFC_GNT_MAP,		/* GNTTABOP_map_grant_ref */
	PERFC_GNT_UNMAP,	/* GNTTABOP_unmap_grant_ref */
	PERFC_GNT_COPY,		/* GNTTABOP_copy */
	PERFC_EVTCHN_SEND,	/* EVTCHNOP_send */
	NR_PERFC_EVENTS
};

void perfc_hypercall(uint64_t nr);
void perfc_trap(uint64_t vector);
void perfc_event(enum perfc_event e);
void perfc_reset(void);
void perfc_print(void);
/* perfc=exit: print them when the machine stops, and at each mark. */
void perfc_report_at_exit(void);
void perfc_exit_report(void);
/* With perfc=exit, a guest console line that begins with PERFC_MARK is
 * followed by one line of the split-driver counters so far, which
 * parvus bench subtracts from the next one's (a row's cost). */
#define PERFC_MARK	"perfc-mark "
void perfc_mark(unsigned int domid);

#endif
