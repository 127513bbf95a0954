/* SPDX-License-Identifier: GPL-2.0-only */
/* The CPU state a PV guest programs through hypercalls (parvus/arch_pv.h):
 * CR3 and the TLB (mmu_update, mmuext_op, update_va_mapping), the FS and
 * GS bases and the user %gs selector (set_segment_base), the debug
 * registers (set_debugreg), the virtual CR0.TS (fpu_taskswitch) and the
 * return of HYPERVISOR_iret. The handlers check the guest's values; here
 * they are kept in the vCPU and loaded into the hardware, and the context
 * switch (context.c) loads them again whenever the vCPU takes the CPU. */
#include <parvus/arch_pv.h>
#include <parvus/domain.h>
#include <parvus/xen.h>
#include <arch/cpu.h>
#include <arch/pv.h>
#include <arch/segments.h>

#define RFLAGS_VM (1UL << 17)

void arch_load_guest_cr3(struct vcpu *v)
{
	v->cr3 = (v->in_kernel ? v->kernel_l4_mfn : v->user_l4_mfn) << PAGE_SHIFT;
	write_cr3(v->cr3);
}

void arch_flush_tlb(void)
{
	flush_tlb_local();
}

void arch_flush_tlb_va(uint64_t va)
{
	invlpg(va);
}

/* The guest kernel's GS base is live in kernel mode, the user's in user
 * mode (see pv_toggle_guest_mode). */
void arch_set_segment_base(struct vcpu *v, unsigned int which, uint64_t base)
{
	switch (which) {
	case SEGBASE_FS:
		wrmsr(MSR_FS_BASE, base);
		break;
	case SEGBASE_GS_KERNEL:
		if (v->in_kernel)
			wrmsr(MSR_GS_BASE, base);
		else
			v->gs_base_kernel = base;
		break;
	case SEGBASE_GS_USER:
		if (v->in_kernel)
			v->gs_base_user = base;
		else
			wrmsr(MSR_GS_BASE, base);
		break;
	}
}

/* The guest's %gs selector is one register for both modes; loading it also
 * loads a base from the descriptor, which becomes the user GS base, while
 * the kernel's base (live now) is put back. Xen does the same with a
 * swapgs pair. */
bool arch_load_user_gs_selector(struct vcpu *v, uint16_t sel)
{
	uint64_t kernel_base = rdmsr(MSR_GS_BASE);
	bool ok = load_segment(SEG_GS, sel);

	if (ok)
		v->gs_base_user = rdmsr(MSR_GS_BASE);
	else
		load_segment(SEG_GS, 0);
	wrmsr(MSR_GS_BASE, kernel_base);
	return ok;
}

void arch_set_debugreg(struct vcpu *v, unsigned int reg, uint64_t value)
{
	v->debugreg[reg] = value;
	write_debugreg(reg, value);
}

void arch_set_guest_ts(struct vcpu *v, bool ts)
{
	v->fpu_ts = ts;
	write_cr0(ts ? read_cr0() | CR0_TS : read_cr0() & ~CR0_TS);
}

/* As Xen's do_iret: privilege forced to ring 3, IOPL and VM cleared, IF
 * always set in hardware and the virtual IF restored into the event
 * mask. */
void arch_load_iret_frame(struct vcpu *v, struct cpu_regs *r,
			  const struct iret_context *ctx)
{
	if ((ctx->cs & 3) == 3)
		pv_toggle_guest_mode(v);
	r->rip = ctx->rip;
	r->cs = ctx->cs | 3;
	r->rsp = ctx->rsp;
	r->ss = ctx->ss | 3;
	r->rflags = (ctx->rflags & ~(RFLAGS_IOPL | RFLAGS_VM)) | RFLAGS_IF |
		    RFLAGS_RESERVED_ONE;
	if (ctx->flags & VGCF_in_syscall) {
		r->rcx = ctx->rip;	/* what sysret would leave */
		r->r11 = r->rflags;
	} else {
		r->rcx = ctx->rcx;
		r->r11 = ctx->r11;
	}
	v->vcpu_info->evtchn_upcall_mask = !(ctx->rflags & RFLAGS_IF);
}
