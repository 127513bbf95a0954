/* SPDX-License-Identifier: GPL-2.0-only */
/* What guests see of time (Xen's update_vcpu_system_time and
 * update_domain_wallclock_time): vcpu_info.time is a pvclock record, the
 * system time at a TSC timestamp plus the TSC scale, so the guest computes
 * the current time itself; shared_info holds the wallclock at system time
 * 0. Both use the seqlock-like version protocol: odd while updating.
 *
 * The record never changes: system time 0 at the boot TSC, with the one
 * scale the hypervisor calibrated, so the guest's clock is exactly ours
 * and cannot step backwards at an update. With one physical CPU there is
 * no TSC skew between CPUs either, so the record says
 * XEN_PVCLOCK_TSC_STABLE_BIT, as Xen does when its own time is the TSC:
 * Linux then drops its global monotonicity guard and, through a copy of
 * the record registered with VCPUOP_register_vcpu_time_memory_area,
 * reads time in user space (vDSO) without a system call. */
#include <parvus/barrier.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/time.h>
#include <arch/cpu.h>

void vcpu_time_update(struct vcpu *v)
{
	struct vcpu_time_info *t = &v->vcpu_info->time;
	const struct time_scale *s = time_tsc_scale();

	t->version++;
	barrier();
	t->tsc_timestamp = time_boot_tsc();
	t->system_time = 0;
	t->tsc_to_system_mul = s->mul;
	t->tsc_shift = s->shift;
	t->flags = XEN_PVCLOCK_TSC_STABLE_BIT;
	barrier();
	t->version++;
	vcpu_time_publish(v);
}

/* The guest's copy (VCPUOP_register_vcpu_time_memory_area), written with
 * the same version protocol; an area the guest unmapped is its loss. */
void vcpu_time_publish(struct vcpu *v)
{
	struct vcpu_time_info copy = v->vcpu_info->time;
	uint32_t odd = copy.version | 1;

	if (!v->time_area)
		return;
	(void)copy_to_guest(v->time_area, &odd, sizeof(odd));
	barrier();
	copy.version = (copy.version | 1) + 1;
	(void)copy_to_guest(v->time_area + sizeof(copy.version),
			    (const char *)&copy + sizeof(copy.version),
			    sizeof(copy) - sizeof(copy.version));
	barrier();
	(void)copy_to_guest(v->time_area, &copy.version, sizeof(copy.version));
}

void domain_wallclock_update(struct domain *d)
{
	struct shared_info *si = d->shared_info;

	si->wc_version++;
	barrier();
	si->wc_sec = (uint32_t)time_boot_wallclock();
	si->wc_sec_hi = (uint32_t)(time_boot_wallclock() >> 32);
	si->wc_nsec = 0;
	barrier();
	si->wc_version++;
}
