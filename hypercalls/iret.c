/* SPDX-License-Identifier: GPL-2.0-only */
/* HYPERVISOR_iret (xen/arch-x86/xen-x86_64.h, struct iret_context): how a
 * PV guest kernel returns from an exception, event or system call, since
 * it cannot use iretq to change privilege itself. The frame on the guest
 * stack is rax, r11, rcx, flags, rip, cs, rflags, rsp, ss. Returning with
 * RPL 3 in cs means "to guest user mode" and needs a user page table.
 * Semantics follow Xen's do_iret; a frame that passes the checks here is
 * loaded by arch_load_iret_frame (privilege forced to ring 3, IOPL and VM
 * cleared, IF always set in hardware and the virtual IF restored into the
 * event mask). */
#include <parvus/hypercall.h>
#include <parvus/arch_pv.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/xen.h>

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
	if ((ctx.cs & 3) == 3 && !v->user_l4_mfn)
		domain_crash(v->domain, "iret to user mode without a "
			     "user page table");
	arch_load_iret_frame(v, r, &ctx);
	return ctx.rax;
}
