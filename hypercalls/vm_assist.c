/* SPDX-License-Identifier: GPL-2.0-only */
/* HYPERVISOR_vm_assist (xen/xen.h, VMASST_*): the guest switches optional
 * hypervisor behaviours on and off. The set accepted for a 64-bit PV guest
 * is Xen's (VM_ASSIST_VALID); writable_pagetables is the one that matters
 * to us: it allows emulating the guest's direct writes to its L1 tables. */
#include <parvus/hypercall.h>
#include <parvus/domain.h>
#include <parvus/xen.h>

#define VM_ASSIST_VALID ((1UL << VMASST_TYPE_4gb_segments) |		\
			 (1UL << VMASST_TYPE_4gb_segments_notify) |	\
			 (1UL << VMASST_TYPE_writable_pagetables) |	\
			 (1UL << VMASST_TYPE_pae_extended_cr3) |	\
			 (1UL << VMASST_TYPE_architectural_iopl) |	\
			 (1UL << VMASST_TYPE_runstate_update_flag) |	\
			 (1UL << VMASST_TYPE_m2p_strict))

long do_vm_assist(struct vcpu *v, uint64_t cmd, uint64_t type,
		  uint64_t a3, uint64_t a4, uint64_t a5)
{
	struct domain *d = v->domain;

	if (type >= 64 || !(VM_ASSIST_VALID & (1UL << type)))
		return -XEN_EINVAL;
	switch ((uint32_t)cmd) {
	case VMASST_CMD_enable:
		d->vm_assist |= 1UL << type;
		return 0;
	case VMASST_CMD_disable:
		d->vm_assist &= ~(1UL << type);
		return 0;
	default:
		return -XEN_ENOSYS;
	}
}
