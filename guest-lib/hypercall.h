/* SPDX-License-Identifier: GPL-2.0-only */
/* The guest side of the Xen PV64 hypercall ABI, for our own test guests.
 * Two ways in, as the ABI allows: call stub nr of the hypercall page the
 * hypervisor wrote (when the image has a HYPERCALL_PAGE note), or execute
 * syscall directly with the number in rax, as Linux does. Arguments go in
 * rdi, rsi, rdx, r10, r8; the result comes back in rax. */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <stdint.h>
#include <xen/xen.h>
#include <xen/sched.h>
#include <xen/version.h>
#include <xen/errno.h>
#include <xen/memory.h>

enum hypercall_method {
	HYPERCALL_VIA_SYSCALL,
	HYPERCALL_VIA_PAGE,
};

extern enum hypercall_method hypercall_method;
extern char hypercall_page[];

static inline long hypercall_syscall(long nr, long a1, long a2, long a3,
				     long a4, long a5)
{
	register long r10 asm("r10") = a4;
	register long r8 asm("r8") = a5;
	long ret;

	asm volatile("syscall"
		     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
		       "+r"(r8)
		     : "0"(nr)
		     : "rcx", "r11", "memory");
	return ret;
}

static inline long hypercall_via_page(long nr, long a1, long a2, long a3,
				      long a4, long a5)
{
	register long r10 asm("r10") = a4;
	register long r8 asm("r8") = a5;
	void *stub = hypercall_page + nr * 32;
	long ret;

	asm volatile("call *%[stub]"
		     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
		       "+r"(r8)
		     : [stub] "r"(stub)
		     : "rcx", "r11", "memory");
	return ret;
}

static inline long hypercall5(long nr, long a1, long a2, long a3, long a4,
			      long a5)
{
	if (hypercall_method == HYPERCALL_VIA_PAGE)
		return hypercall_via_page(nr, a1, a2, a3, a4, a5);
	return hypercall_syscall(nr, a1, a2, a3, a4, a5);
}

static inline long HYPERVISOR_console_io(int cmd, unsigned int count,
					 const char *buf)
{
	return hypercall5(__HYPERVISOR_console_io, cmd, count, (long)buf, 0, 0);
}

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
	return hypercall5(__HYPERVISOR_xen_version, cmd, (long)arg, 0, 0, 0);
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
	return hypercall5(__HYPERVISOR_sched_op, cmd, (long)arg, 0, 0, 0);
}

static inline long HYPERVISOR_mmu_update(const struct mmu_update *req,
					 unsigned int count, unsigned int *done,
					 domid_t dom)
{
	return hypercall5(__HYPERVISOR_mmu_update, (long)req, count,
			  (long)done, dom, 0);
}

static inline long HYPERVISOR_mmuext_op(const struct mmuext_op *op,
					unsigned int count, unsigned int *done,
					domid_t dom)
{
	return hypercall5(__HYPERVISOR_mmuext_op, (long)op, count, (long)done,
			  dom, 0);
}

static inline long HYPERVISOR_update_va_mapping(unsigned long va,
						uint64_t pte,
						unsigned long flags)
{
	return hypercall5(__HYPERVISOR_update_va_mapping, va, pte, flags, 0, 0);
}

static inline long HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
	return hypercall5(__HYPERVISOR_memory_op, cmd, (long)arg, 0, 0, 0);
}

static inline long HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{
	return hypercall5(__HYPERVISOR_vm_assist, cmd, type, 0, 0, 0);
}

static inline long HYPERVISOR_shutdown(unsigned int reason)
{
	struct sched_shutdown s = { .reason = reason };

	return HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
}

#endif
