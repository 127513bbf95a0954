/* SPDX-License-Identifier: GPL-2.0-only */
/* HYPERVISOR_set_segment_base (xen/arch-x86/xen-x86_64.h, SEGBASE_*): the
 * FS and GS bases of a 64-bit PV guest, which cannot write those MSRs
 * itself. The kernel's GS base is live in kernel mode, the user's in user
 * mode; the other is kept in the vCPU (see pv_toggle_guest_mode).
 * Semantics follow Xen's do_set_segment_base. */
#include <parvus/hypercall.h>
#include <parvus/arch_pv.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/xen.h>

/* The selector must be null or a ring-3 GDT selector; one whose
 * descriptor cannot be loaded is refused. */
static long set_user_gs_selector(struct vcpu *v, uint16_t sel)
{
	if (sel > 3 && ((sel & 3) != 3 || (sel & 4)))
		return -XEN_EINVAL;
	return arch_load_user_gs_selector(v, sel) ? 0 : -XEN_EINVAL;
}

long do_set_segment_base(struct vcpu *v, uint64_t which, uint64_t base,
			 uint64_t a3, uint64_t a4, uint64_t a5)
{
	if (which != SEGBASE_GS_USER_SEL && !is_canonical(base))
		return -XEN_EINVAL;
	switch ((uint32_t)which) {
	case SEGBASE_FS:
	case SEGBASE_GS_KERNEL:
	case SEGBASE_GS_USER:
		arch_set_segment_base(v, (uint32_t)which, base);
		return 0;
	case SEGBASE_GS_USER_SEL:
		return set_user_gs_selector(v, (uint16_t)base);
	default:
		return -XEN_EINVAL;
	}
}
