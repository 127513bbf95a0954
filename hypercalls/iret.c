/* HYPERVISOR_iret (xen/arch-x86/xen-x86_64.h, struct iret_context): how a
 * PV guest kernel returns from an exception, event or system call, since
 * it cannot use iretq to change privilege itself. The frame on the guest
 * stack is rax, r11, rcx, flags, rip, cs, rflags, rsp, ss. Returning with
 * RPL 3 in cs means "to guest user mode" and needs a user page table.
 * Semantics follow Xen's do_iret: privilege forced to ring 3, IOPL and VM
 * cleared, IF always set in hardware and the virtual IF restored into
 * the event mask. */
#include <parvus/hypercall.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/xen.h>
#include <arch/cpu.h>
#include <arch/pv.h>

#define RFLAGS_VM (1UL << 17)

long do_iret(struct vcpu *v, uint64_t a1, uint64_t a2, uint64_t a3,
	     uint64_t a4, uint64_t a5)
{
	struct cpu_regs *r = v->hypercall_regs;
	struct iret_context ctx;

	if (copy_from_guest(&ctx, r->rsp, sizeof(ctx)))
		domain_crash(v->domain, "iret: frame at 0x%lx unreadable",
			     (unsigned long)r->rsp);
	/* CPUs disagree on whether iretq to a non-canonical rip faults in
	 * ring 0 or at the target; refuse it here so it never matters. */
	if (!is_canonical(ctx.rip))
		domain_crash(v->domain, "cannot return to rip 0x%lx: not "
			     "canonical (bad iret frame)", (unsigned long)ctx.rip);
	if ((ctx.cs & 3) == 3) {
		if (!v->user_l4_mfn)
			domain_crash(v->domain, "iret to user mode without a "
				     "user page table");
		pv_toggle_guest_mode(v);
	}
	r->rip = ctx.rip;
	r->cs = ctx.cs | 3;
	r->rsp = ctx.rsp;
	r->ss = ctx.ss | 3;
	r->rflags = (ctx.rflags & ~(RFLAGS_IOPL | RFLAGS_VM)) | RFLAGS_IF |
		    RFLAGS_RESERVED_ONE;
	if (ctx.flags & VGCF_in_syscall) {
		r->rcx = ctx.rip;	/* what sysret would leave */
		r->r11 = r->rflags;
	} else {
		r->rcx = ctx.rcx;
		r->r11 = ctx.r11;
	}
	v->vcpu_info->evtchn_upcall_mask = !(ctx.rflags & RFLAGS_IF);
	return ctx.rax;
}
