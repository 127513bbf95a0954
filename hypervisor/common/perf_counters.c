/* SPDX-License-Identifier: GPL-2.0-only */
/* Counters of what guests make the hypervisor do, for finding out where
 * time goes (like Xen's perfc, much smaller): each hypercall by number
 * (batched calls inside a multicall count too), each exception taken
 * from a guest by vector, and the timer interrupts, event upcalls and
 * vCPU entries that cost a guest time it never asked for. Printed from
 * the serial console (Ctrl-A three times to the hypervisor, then 'c') or,
 * with perfc=exit on the hypervisor's command line, when the machine
 * stops. */
#include <parvus/console.h>
#include <parvus/domain.h>
#include <parvus/hypercall_names.h>
#include <parvus/perf_counters.h>
#include <arch/traps.h>

static uint64_t hypercalls[NR_HYPERCALLS + 1];	/* the last: out of range */
static uint64_t traps[257];			/* 256: guest system calls */
static uint64_t events[NR_PERFC_EVENTS];
static const char *const event_names[NR_PERFC_EVENTS] = {
	[PERFC_TIMER_INTERRUPT] = "timer interrupt",
	[PERFC_EVENT_UPCALL] = "event upcall",
	[PERFC_VCPU_ENTRY] = "vcpu entry",
	[PERFC_EMUL_CLI_STI] = "emulated cli/sti",
	[PERFC_EMUL_MSR] = "emulated rdmsr/wrmsr",
	[PERFC_EMUL_CR] = "emulated mov cr/clts",
	[PERFC_EMUL_PORT_IO] = "emulated in/out",
	[PERFC_EMUL_HLT] = "emulated hlt",
	[PERFC_EMUL_SOFTINT] = "int n forwarded",
	[PERFC_EMUL_CPUID] = "emulated cpuid (forced)",
	[PERFC_GP_REFLECTED] = "#GP reflected to the guest",
	[PERFC_PT_PREEMPTED] = "page-table work preempted",
	[PERFC_GNT_MAP] = "grant map",
	[PERFC_GNT_UNMAP] = "grant unmap",
	[PERFC_GNT_COPY] = "grant copy",
	[PERFC_EVTCHN_SEND] = "event channel send",
};

void perfc_hypercall(uint64_t nr)
{
	hypercalls[nr < NR_HYPERCALLS ? nr : NR_HYPERCALLS]++;
}

void perfc_trap(uint64_t vector)
{
	traps[vector < PERFC_GUEST_SYSCALL ? vector : PERFC_GUEST_SYSCALL]++;
}

void perfc_event(enum perfc_event e)
{
	events[e]++;
}

static bool report_at_exit;

void perfc_report_at_exit(void)
{
	report_at_exit = true;
}

void perfc_exit_report(void)
{
	if (report_at_exit)
		perfc_print();
}

/* One line, machine-wide: every hypercall, then the split drivers' own. */
void perfc_mark(unsigned int domid)
{
	uint64_t all = 0;

	if (!report_at_exit)
		return;
	for (unsigned int i = 0; i <= NR_HYPERCALLS; i++)
		all += hypercalls[i];
	printk("parvus: perfc-mark d%u: hypercalls %lu grant_map %lu grant_unmap %lu "
	       "grant_copy %lu evtchn_send %lu upcalls %lu\n", domid, (unsigned long)all,
	       (unsigned long)events[PERFC_GNT_MAP], (unsigned long)events[PERFC_GNT_UNMAP],
	       (unsigned long)events[PERFC_GNT_COPY], (unsigned long)events[PERFC_EVTCHN_SEND],
	       (unsigned long)events[PERFC_EVENT_UPCALL]);
}

void perfc_reset(void)
{
	for (unsigned int i = 0; i <= NR_HYPERCALLS; i++)
		hypercalls[i] = 0;
	for (unsigned int i = 0; i < 257; i++)
		traps[i] = 0;
	for (unsigned int i = 0; i < NR_PERFC_EVENTS; i++)
		events[i] = 0;
}

void perfc_print(void)
{
	printk("parvus: counters since boot or the last reset:\n");
	for (unsigned int i = 0; i <= NR_HYPERCALLS; i++)
		if (hypercalls[i])
			printk("  hypercall %-22s %lu\n",
			       i < NR_HYPERCALLS ? hypercall_name(i) : "(out of range)",
			       (unsigned long)hypercalls[i]);
	for (unsigned int v = 0; v < 257; v++)
		if (traps[v])
			printk("  trap %-27s %lu\n",
			       v == PERFC_GUEST_SYSCALL ? "guest system call" : exception_name(v),
			       (unsigned long)traps[v]);
	for (unsigned int i = 0; i < NR_PERFC_EVENTS; i++)
		if (events[i])
			printk("  %-32s %lu\n", event_names[i], (unsigned long)events[i]);
}
