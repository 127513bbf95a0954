/* SPDX-License-Identifier: GPL-2.0-only */
/* Where every exception and every syscall lands after entry.S has saved
 * the registers. A fault in ring 0 is either an expected one (a guest
 * pointer that faulted inside copy_from_guest: resume at its fixup) or a
 * hypervisor bug (dump everything and stop). Faults from ring 3 belong to
 * the guest and go to pv_handle_exception. A syscall from a guest kernel is
 * a hypercall. */
#include <parvus/console.h>
#include <parvus/debugreg.h>
#include <parvus/domain.h>
#include <parvus/hypercall_dispatch.h>
#include <parvus/console_ring.h>
#include <parvus/perf_counters.h>
#include <parvus/pirq.h>
#include <parvus/mm_audit_run.h>
#include <arch/cpu.h>
#include <arch/machine.h>
#include <arch/traps.h>
#include <arch/pv.h>
#include <arch/timer.h>
#include <parvus/xen.h>

struct extable_entry {
	uint64_t insn, fixup;
};

extern const struct extable_entry __start_ex_table[], __stop_ex_table[];

static const char *const exception_names[X86_NR_EXCEPTIONS] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range", "#UD invalid opcode",
	"#NM device not available", "#DF double fault", "coprocessor overrun",
	"#TS invalid TSS", "#NP segment not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "reserved 15",
	"#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD error", "#VE virtualization", "#CP control protection",
};

const char *exception_name(uint64_t vector)
{
	if (vector < X86_NR_EXCEPTIONS && exception_names[vector])
		return exception_names[vector];
	return vector < X86_NR_EXCEPTIONS ? "reserved exception" : "interrupt";
}

static bool fixup_exception(struct cpu_regs *r)
{
	for (const struct extable_entry *e = __start_ex_table;
	     e < __stop_ex_table; e++) {
		if (e->insn == r->rip) {
			r->rip = e->fixup;
			return true;
		}
	}
	return false;
}

static __noreturn void fatal_exception(struct cpu_regs *r)
{
	printk("\n*** parvus: unexpected %s (vector %lu, error code 0x%lx) "
	       "in the hypervisor\n", exception_name(r->vector),
	       (unsigned long)r->vector, (unsigned long)r->error_code);
	dump_regs(r);
	dump_backtrace(r->rbp, r->rsp);
	printk("(addr2line -e build/parvus.elf ADDRESS gives file:line)\n");
	machine_exit(PARVUS_EXIT_PANIC);
}

/* Device interrupts come only as MSI-X on the pirq vectors, but a masked
 * 8259 can still deliver a spurious IRQ 7/15. Neither the guest that
 * happened to be running nor the hypervisor is at fault: note it, resume. */
static void handle_stray_interrupt(const struct cpu_regs *r)
{
	static bool reported;

	if (r->vector == VECTOR_LAPIC_SPURIOUS)
		return;		/* no EOI for a spurious APIC interrupt */
	if (!reported) {
		reported = true;
		printk("parvus: ignoring stray interrupt on vector %lu\n",
		       (unsigned long)r->vector);
	}
}

/* NMI, double fault and machine check are the host's, wherever they hit. */
static bool is_host_exception(uint64_t vector)
{
	return vector == X86_EXC_NMI || vector == X86_EXC_DF ||
	       vector == X86_EXC_MC;
}

/* What a guest pointer or a guest-supplied iret frame can raise in ring 0:
 * iretq raises #SS for a not-present stack segment, #NP for others. */
static bool is_fixable_exception(uint64_t vector)
{
	return vector == X86_EXC_PF || vector == X86_EXC_GP ||
	       vector == X86_EXC_NP || vector == X86_EXC_SS;
}

void handle_trap(struct cpu_regs *r)
{
	if (r->vector == VECTOR_LAPIC_TIMER) {
		perfc_event(PERFC_TIMER_INTERRUPT);
		sched_timer_interrupt(r);
		if (current && regs_from_guest(r))
			pv_check_events(current, r);
		return;
	}
	if (r->vector == VECTOR_PIC_BASE + SERIAL_IRQ) {
		pic_eoi();
		console_ring_poll();
		if (current && regs_from_guest(r))
			pv_check_events(current, r);
		return;
	}
	if (r->vector >= PIRQ_VECTOR_FIRST && r->vector <= PIRQ_VECTOR_LAST) {
		lapic_eoi();	/* MSI-X is edge: the next one may come */
		pirq_vector_fired((unsigned int)r->vector);
		if (current && regs_from_guest(r))
			pv_check_events(current, r);
		return;
	}
	if (r->vector >= X86_NR_EXCEPTIONS) {
		handle_stray_interrupt(r);
		return;
	}
	if (regs_from_guest(r) && current && !is_host_exception(r->vector)) {
		perfc_trap(r->vector);
		pv_handle_exception(current, r);
		mm_audit_point("trap", r->vector);
		pv_check_events(current, r);
		return;
	}
	if (is_fixable_exception(r->vector) && fixup_exception(r))
		return;
	if (r->vector == X86_EXC_DB) {
		/* A guest data breakpoint hit by our own access to guest
		 * memory (its DR0-3 hold only guest addresses): not ours to
		 * act on, and never fatal. Its status bits stay in DR6
		 * until cleared. */
		write_dr6(DR6_DEFAULT);
		return;
	}
	fatal_exception(r);
}

/* syscall from 64-bit guest kernel code is a hypercall; from guest user
 * code, or from 32-bit code, it is the guest kernel's business. */
void handle_syscall(struct cpu_regs *r)
{
	struct vcpu *v = current;

	if (r->vector == VECTOR_SYSCALL32 || !v->in_kernel)
		perfc_trap(PERFC_GUEST_SYSCALL);
	if (r->vector == VECTOR_SYSCALL32)
		pv_syscall_to_guest(v, r, CALLBACKTYPE_syscall32);
	else if (!v->in_kernel)
		pv_syscall_to_guest(v, r, CALLBACKTYPE_syscall);
	else
		hypercall_dispatch(v, r);
	pv_check_events(v, r);
}
