/* SPDX-License-Identifier: GPL-2.0-only */
/* Exceptions raised while a PV guest runs: each is the guest's own, so it
 * is delivered to the handler the guest registered (set_trap_table), as
 * Xen's pv/traps.c does. Software interrupts (int n) arrive as #GP, since
 * every gate but int3/into is DPL 0, and are forwarded if the guest's
 * trap table allows them at the guest's current privilege. A guest without
 * a handler for what it caused is destroyed with a reason. */
#include <parvus/console.h>
#include <parvus/debugreg.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/perf_counters.h>
#include <parvus/string.h>
#include <parvus/xen.h>
#include <arch/cpu.h>
#include <arch/machine.h>
#include <arch/pv.h>
#include <arch/emulate.h>
#include <arch/ptwr.h>
#include <arch/traps.h>

#define OP_INT		0xcd

/* Reads as many instruction bytes as are mapped, up to 15. */
size_t pv_fetch_insn(uint64_t rip, uint8_t *buf)
{
	size_t n = 0;

	while (n < MAX_INSN_LEN && copy_from_guest(buf + n, rip + n, 1) == 0)
		n++;
	return n;
}

/* "int n": allowed if the trap table's DPL for n admits the guest's
 * current virtual privilege (kernel counts as 1, user as 3; Xen's
 * permit_softint). The vector is decoded from the instruction, never
 * taken from the error code (QEMU's TCG reports a wrong one). */
static bool try_softint(struct vcpu *v, struct cpu_regs *r,
			const uint8_t *insn, size_t len)
{
	unsigned int vec;
	const struct trap_info *ti;

	if (len < 2 || insn[0] != OP_INT)
		return false;
	vec = insn[1];
	ti = &v->trap_table[vec];
	if (TI_GET_DPL(ti) < (v->in_kernel ? 1 : 3) || !ti->address) {
		pv_inject_exception(v, r, X86_EXC_GP, (vec << 3) | 2);
		return true;
	}
	perfc_event(PERFC_EMUL_SOFTINT);
	r->rip += 2;
	pv_inject_exception(v, r, vec, 0);
	return true;
}

static void handle_gp(struct vcpu *v, struct cpu_regs *r)
{
	uint8_t insn[MAX_INSN_LEN];
	size_t len = pv_fetch_insn(r->rip, insn);
	const char *name;
	int rc;

	if (try_softint(v, r, insn, len))
		return;
	rc = pv_emulate_priv_op(v, r, insn, len);
	if (rc == EMUL_OK || rc == EMUL_RETRY)
		return;
	if (rc == EMUL_HALT) {
		/* Not with an event pending already (masked, or it would have
		 * been delivered): a timer's VIRQ meeting a selector that is set
		 * wakes nobody, so the vCPU would sleep for ever. SCHEDOP_block
		 * makes the same test (Xen's vcpu_block_enable_events). */
		if (!v->vcpu_info->evtchn_upcall_pending)
			sched_block(v, r);
		return;
	}
	name = priv_insn_name(insn, len);
	if (name && !v->trap_table[X86_EXC_GP].address) {
		dump_regs(r);
		domain_crash(v->domain, "privileged instruction '%s' at 0x%lx "
			     "(#GP): not permitted to a PV guest",
			     name, (unsigned long)r->rip);
	}
	perfc_event(PERFC_GP_REFLECTED);
	pv_inject_exception(v, r, X86_EXC_GP, rc == EMUL_GP ? 0 : r->error_code);
}

/* #NM: the guest set its virtual CR0.TS with fpu_taskswitch. The FPU
 * becomes usable again and the guest's handler runs once (Xen's
 * do_device_not_available). */
static void handle_nm(struct vcpu *v, struct cpu_regs *r)
{
	write_cr0(read_cr0() & ~CR0_TS);
	if (v->fpu_ts) {
		v->fpu_ts = false;
		pv_inject_exception(v, r, X86_EXC_NM, 0);
	}
}

static void handle_ud(struct vcpu *v, struct cpu_regs *r)
{
	uint8_t insn[MAX_INSN_LEN];
	size_t len = pv_fetch_insn(r->rip, insn);

	if (!pv_emulate_forced_cpuid(v, r, insn, len))
		pv_inject_exception(v, r, X86_EXC_UD, 0);
}

static void handle_pf(struct vcpu *v, struct cpu_regs *r)
{
	uint64_t cr2 = read_cr2();	/* before any access of ours can fault */

	if (!ptwr_emulate(v, r, cr2, r->error_code))
		pv_inject_page_fault(v, r, cr2, r->error_code);
}

void pv_handle_exception(struct vcpu *v, struct cpu_regs *r)
{
	switch (r->vector) {
	case X86_EXC_UD:
		handle_ud(v, r);
		break;
	case X86_EXC_GP:
		handle_gp(v, r);
		break;
	case X86_EXC_PF:
		handle_pf(v, r);
		break;
	case X86_EXC_NM:
		handle_nm(v, r);
		break;
	case X86_EXC_DB:
		/* The guest reads what happened with get_debugreg(6). */
		v->debugreg[6] = read_dr6();
		write_dr6(DR6_DEFAULT);	/* the next #DB adds to what is left */
		pv_inject_exception(v, r, X86_EXC_DB, 0);
		break;
	default:
		pv_inject_exception(v, r, r->vector, r->error_code);
		break;
	}
}
