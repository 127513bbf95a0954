/* What guests see of time (Xen's update_vcpu_system_time and
 * update_domain_wallclock_time): vcpu_info.time is a pvclock record, the
 * system time at a TSC timestamp plus the TSC scale, so the guest computes
 * the current time itself; shared_info holds the wallclock at system time
 * 0. Both use the seqlock-like version protocol: odd while updating. The
 * TSC is not advertised as stable (QEMU's qemu64 has no invariant TSC), so
 * Linux keeps its own monotonicity guard. */
#include <parvus/domain.h>
#include <parvus/time.h>
#include <arch/cpu.h>

static void barrier(void)
{
	asm volatile("" : : : "memory");
}

void vcpu_time_update(struct vcpu *v)
{
	struct vcpu_time_info *t = &v->vcpu_info->time;
	const struct time_scale *s = time_tsc_scale();
	uint64_t tsc = rdtsc();

	t->version++;
	barrier();
	t->tsc_timestamp = tsc;
	t->system_time = time_scale_apply(s, tsc - time_boot_tsc());
	t->tsc_to_system_mul = s->mul;
	t->tsc_shift = s->shift;
	t->flags = 0;
	barrier();
	t->version++;
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
