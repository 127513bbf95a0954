/* SPDX-License-Identifier: GPL-2.0-only */
/* HYPERVISOR_set_trap_table, HYPERVISOR_stack_switch and
 * HYPERVISOR_fpu_taskswitch (xen/xen.h, arch-x86/xen.h): the virtual IDT,
 * the kernel stack for events that arrive in user mode, and the virtual
 * CR0.TS. Semantics follow Xen's do_set_trap_table, do_stack_switch and
 * do_fpu_taskswitch. */
#include <parvus/hypercall.h>
#include <parvus/arch_pv.h>
#include <parvus/continuation.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/string.h>
#include <parvus/xen.h>

#define UNITS_PER_ENTRY 4	/* of a step's budget: 64 entries a step alone */

/* Entries until one with address 0; a NULL table clears them all. Each
 * handler must be an address the guest owns. The code selector is
 * ignored for 64-bit PV guests: delivery always uses FLAT_KERNEL_CS. */
long do_set_trap_table(struct vcpu *v, uint64_t table, uint64_t a2,
		       uint64_t a3, uint64_t a4, uint64_t a5)
{
	struct trap_info ti;

	if (!table) {
		memset(v->trap_table, 0, sizeof(v->trap_table));
		return 0;
	}
	for (unsigned int i = 0;; i++, table += sizeof(ti)) {
		if (i && hypercall_preempt_check(v))
			return hypercall_continue(v, table, 0, 0, 0);
		if (copy_from_guest(&ti, table, sizeof(ti)))
			return -XEN_EFAULT;
		if (ti.address == 0)
			return 0;
		if (!guest_range_ok(ti.address, 1))
			return -XEN_EINVAL;
		ti.cs = FLAT_KERNEL_CS;
		v->trap_table[ti.vector] = ti;
		hypercall_charge(v, UNITS_PER_ENTRY);
	}
}

/* The stack segment must be a ring-3 data selector; for 64-bit PV guests
 * that means the flat one (Xen's fixup_guest_stack_selector). */
long do_stack_switch(struct vcpu *v, uint64_t ss, uint64_t sp,
		     uint64_t a3, uint64_t a4, uint64_t a5)
{
	/* Like Xen's fixup_guest_stack_selector: a lower RPL is raised to 3
	 * rather than refused (Linux passes its __KERNEL_DS, RPL 0). 64-bit
	 * bounce frames always run on FLAT_KERNEL_SS anyway. */
	v->kernel_ss = (uint16_t)ss | 3;
	v->kernel_sp = sp;
	return 0;
}

long do_fpu_taskswitch(struct vcpu *v, uint64_t set, uint64_t a2,
		       uint64_t a3, uint64_t a4, uint64_t a5)
{
	arch_set_guest_ts(v, set != 0);
	return 0;
}
