/* HYPERVISOR_set_segment_base (xen/arch-x86/xen-x86_64.h, SEGBASE_*): the
 * FS and GS bases of a 64-bit PV guest, which cannot write those MSRs
 * itself. The kernel's GS base is live in kernel mode, the user's in user
 * mode; the other is kept in the vCPU (see pv_toggle_guest_mode).
 * Semantics follow Xen's do_set_segment_base. */
#include <parvus/hypercall.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/xen.h>
#include <arch/cpu.h>
#include <arch/segments.h>

/* The guest's %gs selector is one register for both modes; loading it also
 * loads a base from the descriptor, which becomes the user GS base, while
 * the kernel's base (live now) is put back. Xen does the same with a
 * swapgs pair. The selector must be null or a ring-3 GDT selector; one
 * whose descriptor cannot be loaded is refused. */
static long set_user_gs_selector(struct vcpu *v, uint16_t sel)
{
	uint64_t kernel_base = rdmsr(MSR_GS_BASE);
	bool ok;

	if (sel > 3 && ((sel & 3) != 3 || (sel & 4)))
		return -XEN_EINVAL;
	ok = load_segment(SEG_GS, sel);
	if (ok)
		v->gs_base_user = rdmsr(MSR_GS_BASE);
	else
		load_segment(SEG_GS, 0);
	wrmsr(MSR_GS_BASE, kernel_base);
	return ok ? 0 : -XEN_EINVAL;
}

long do_set_segment_base(struct vcpu *v, uint64_t which, uint64_t base,
			 uint64_t a3, uint64_t a4, uint64_t a5)
{
	if (which != SEGBASE_GS_USER_SEL && !is_canonical(base))
		return -XEN_EINVAL;
	switch ((uint32_t)which) {
	case SEGBASE_FS:
		wrmsr(MSR_FS_BASE, base);
		return 0;
	case SEGBASE_GS_KERNEL:
		if (v->in_kernel)
			wrmsr(MSR_GS_BASE, base);
		else
			v->gs_base_kernel = base;
		return 0;
	case SEGBASE_GS_USER:
		if (v->in_kernel)
			v->gs_base_user = base;
		else
			wrmsr(MSR_GS_BASE, base);
		return 0;
	case SEGBASE_GS_USER_SEL:
		return set_user_gs_selector(v, (uint16_t)base);
	default:
		return -XEN_EINVAL;
	}
}
