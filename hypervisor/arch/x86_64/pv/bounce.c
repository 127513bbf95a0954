/* SPDX-License-Identifier: GPL-2.0-only */
/* Bounce frames: delivering an exception, a system call or an event to a
 * PV guest kernel. Like Xen's create_bounce_frame, the frame goes on the
 * guest kernel stack (the interrupted rsp in kernel mode, kernel_sp from
 * stack_switch in user mode, aligned to 16): from the new rsp upwards
 * rcx, r11, [error code], rip, cs (saved event mask in bits 32-39), rflags
 * (IF = the virtual interrupt flag), rsp, ss. The guest then runs the
 * handler on FLAT_KERNEL_CS/SS. Writing the frame goes through
 * copy_to_guest, so a guest with a bad stack is destroyed, never us. */
#include <parvus/arch_pv.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/perf_counters.h>
#include <parvus/xen.h>
#include <arch/cpu.h>
#include <arch/machine.h>
#include <arch/segments.h>
#include <arch/pv.h>
#include <arch/traps.h>

#define RFLAGS_RF	(1UL << 16)
#define RFLAGS_VM	(1UL << 17)
#define MAX_FRAME_WORDS	8

static bool vector_has_error_code(unsigned int vector)
{
	switch (vector) {
	case X86_EXC_DF:
	case X86_EXC_TS: case X86_EXC_NP: case X86_EXC_SS:
	case X86_EXC_GP: case X86_EXC_PF:
	case X86_EXC_AC: case X86_EXC_CP: case X86_EXC_VC: case X86_EXC_SX:
		return true;
	default:
		return false;
	}
}

/* The guest kernel's GS base is live only in kernel mode: Xen swaps the
 * two bases here, since a PV kernel cannot use swapgs itself. */
void pv_toggle_guest_mode(struct vcpu *v)
{
	if (v->in_kernel) {
		v->gs_base_kernel = rdmsr(MSR_GS_BASE);
		wrmsr(MSR_GS_BASE, v->gs_base_user);
	} else {
		v->gs_base_user = rdmsr(MSR_GS_BASE);
		wrmsr(MSR_GS_BASE, v->gs_base_kernel);
	}
	v->in_kernel = !v->in_kernel;
	arch_load_guest_cr3(v);
}

/* Returns false if the frame cannot be written (the caller crashes the
 * domain: Xen does the same). segs (ds, es, fs, gs) only for failsafe. */
static bool bounce_with_segs(struct vcpu *v, struct cpu_regs *r,
			     uint64_t handler, const uint64_t *error_code,
			     const uint64_t *segs, bool mask_events)
{
	struct vcpu_info *vi = v->vcpu_info;
	uint8_t saved_mask = vi->evtchn_upcall_mask;
	uint64_t frame[MAX_FRAME_WORDS + 4], cs = r->cs, sp;
	unsigned int n = 0;

	if (!v->in_kernel) {
		pv_toggle_guest_mode(v);
		sp = v->kernel_sp;
	} else {
		sp = r->rsp;
		cs &= ~3UL;	/* so the guest sees "from kernel mode" */
	}
	frame[n++] = r->rcx;
	frame[n++] = r->r11;
	for (unsigned int i = 0; segs && i < 4; i++)
		frame[n++] = segs[i];
	if (error_code)
		frame[n++] = *error_code;
	frame[n++] = r->rip;
	frame[n++] = cs | ((uint64_t)saved_mask << 32);
	frame[n++] = (r->rflags & ~(RFLAGS_IF | RFLAGS_IOPL)) |
		     (saved_mask ? 0 : RFLAGS_IF);
	frame[n++] = r->rsp;
	frame[n++] = r->ss;
	sp = (sp & ~15UL) - n * sizeof(uint64_t);
	if (copy_to_guest(sp, frame, n * sizeof(uint64_t)))
		return false;
	r->rsp = sp;
	r->rip = handler;
	r->cs = FLAT_KERNEL_CS;
	r->ss = FLAT_KERNEL_SS;
	r->rflags &= ~(RFLAGS_AC | RFLAGS_NT | RFLAGS_TF | RFLAGS_RF |
		       RFLAGS_VM | RFLAGS_DF);
	r->rflags |= RFLAGS_IF | RFLAGS_RESERVED_ONE;
	if (mask_events)
		vi->evtchn_upcall_mask = 1;
	return true;
}

static bool bounce(struct vcpu *v, struct cpu_regs *r, uint64_t handler,
		   const uint64_t *error_code, bool mask_events)
{
	return bounce_with_segs(v, r, handler, error_code, NULL, mask_events);
}

/* iretq refused the guest's frame (entry.S): Xen's failsafe callback gets
 * the state with ds/es/fs/gs on top (Linux tells "bad iret" from "bad
 * segment" by comparing them), or, without one, the domain is done. */
void pv_bad_iret(struct cpu_regs *r);
void pv_bad_iret(struct cpu_regs *r)
{
	struct vcpu *v = current;
	uint64_t segs[4];

	if (!v->callback[CALLBACKTYPE_failsafe])
		domain_crash(v->domain, "cannot return to rip 0x%lx cs 0x%lx "
			     "ss 0x%lx (bad iret frame)", (unsigned long)r->rip,
			     (unsigned long)r->cs, (unsigned long)r->ss);
	read_data_segments(segs);
	if (!bounce_with_segs(v, r, v->callback[CALLBACKTYPE_failsafe], NULL,
			      segs, v->callback_flags[CALLBACKTYPE_failsafe] &
			      CALLBACKF_mask_events))
		domain_crash(v->domain, "cannot push the failsafe frame onto "
			     "the guest kernel stack (rsp 0x%lx, kernel_sp 0x%lx, "
			     "returning to rip 0x%lx cs 0x%lx ss 0x%lx)",
			     (unsigned long)r->rsp, (unsigned long)v->kernel_sp,
			     (unsigned long)r->rip, (unsigned long)r->cs,
			     (unsigned long)r->ss);
}

void pv_inject_exception(struct vcpu *v, struct cpu_regs *r,
			 unsigned int vector, uint64_t error_code)
{
	const struct trap_info *ti = &v->trap_table[vector & 255];
	uint64_t rip = r->rip;

	if (!ti->address) {
		dump_regs(r);
		domain_crash(v->domain, "%s (vector %u) at 0x%lx and no handler "
			     "registered for it", exception_name(vector),
			     vector, (unsigned long)rip);
	}
	if (!bounce(v, r, ti->address,
		    vector_has_error_code(vector) ? &error_code : NULL,
		    TI_GET_IF(ti)))
		domain_crash(v->domain, "cannot push the frame for %s at 0x%lx "
			     "onto the guest kernel stack (rsp 0x%lx, kernel_sp 0x%lx)",
			     exception_name(vector), (unsigned long)rip,
			     (unsigned long)r->rsp, (unsigned long)v->kernel_sp);
}

#define PFEC_PRESENT	(1u << 0)
#define PFEC_WRITE	(1u << 1)
#define PFEC_USER	(1u << 2)
#define PFEC_INSN	(1u << 4)

static __noreturn void crash_on_page_fault(struct vcpu *v, struct cpu_regs *r,
					   uint64_t cr2, uint64_t ec)
{
	dump_regs(r);
	domain_crash(v->domain, "page fault at 0x%lx (%s %s) at rip 0x%lx "
		     "and no handler registered for it", (unsigned long)cr2,
		     ec & PFEC_PRESENT ? "protection violation" : "not present",
		     ec & PFEC_INSN ? "on fetch" :
		     ec & PFEC_WRITE ? "on write" : "on read",
		     (unsigned long)r->rip);
}

void pv_inject_page_fault(struct vcpu *v, struct cpu_regs *r, uint64_t cr2,
			  uint64_t error_code)
{
	if (!v->trap_table[X86_EXC_PF].address)
		crash_on_page_fault(v, r, cr2, error_code);
	/* The hardware saw ring 3 either way; the guest wants its own mode. */
	error_code &= ~(uint64_t)PFEC_USER;
	if (!v->in_kernel)
		error_code |= PFEC_USER;
	v->vcpu_info->arch.cr2 = cr2;
	pv_inject_exception(v, r, X86_EXC_PF, error_code);
}

void pv_syscall_to_guest(struct vcpu *v, struct cpu_regs *r,
			 unsigned int type)
{
	if (!v->callback[type]) {
		pv_inject_exception(v, r, X86_EXC_UD, 0);
		return;
	}
	if (!bounce(v, r, v->callback[type], NULL,
		    v->callback_flags[type] & CALLBACKF_mask_events))
		domain_crash(v->domain, "cannot push the syscall frame onto "
			     "the guest kernel stack at 0x%lx",
			     (unsigned long)v->kernel_sp);
}

void pv_check_events(struct vcpu *v, struct cpu_regs *r)
{
	struct vcpu_info *vi = v->vcpu_info;

	if (!vi->evtchn_upcall_pending || vi->evtchn_upcall_mask)
		return;
	if (!v->callback[CALLBACKTYPE_event])
		domain_crash(v->domain, "event pending with events enabled "
			     "and no event callback registered");
	perfc_event(PERFC_EVENT_UPCALL);
	if (!bounce(v, r, v->callback[CALLBACKTYPE_event], NULL, true))
		domain_crash(v->domain, "cannot push the event frame onto "
			     "the guest kernel stack (rsp 0x%lx, kernel_sp 0x%lx, "
			     "rip 0x%lx)", (unsigned long)r->rsp,
			     (unsigned long)v->kernel_sp, (unsigned long)r->rip);
}
