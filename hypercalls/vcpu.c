/* SPDX-License-Identifier: GPL-2.0-only */
/* HYPERVISOR_vcpu_op (xen/vcpu.h, VCPUOP_*) and HYPERVISOR_set_timer_op:
 * the per-vCPU operations a PV kernel uses to learn which vCPUs exist and
 * to program its timers. Timers run on system time (the pvclock timeline);
 * a deadline already past fires at once unless VCPU_SSHOTTMR_future asks
 * for -ETIME instead (the timers themselves: time/vcpu_timer.c).
 * Semantics follow Xen's common_vcpu_op. Each domain has one vCPU for
 * now, so any other ID is -ENOENT, as Xen says for a vCPU that does not
 * exist. */
#include <parvus/hypercall.h>
#include <parvus/hypercall_dispatch.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/time.h>
#include <parvus/layout.h>
#include <parvus/machine_mm.h>
#include <parvus/string.h>
#include <parvus/xen.h>
#include <xen/vcpu.h>

#define MIN_PERIOD_NS 1000000ULL	/* 1 ms, Xen's lower bound */

static long set_singleshot(struct vcpu *v, uint64_t arg)
{
	struct vcpu_set_singleshot_timer t;

	if (copy_from_guest(&t, arg, sizeof(t)))
		return -XEN_EFAULT;
	if ((t.flags & VCPU_SSHOTTMR_future) && t.timeout_abs_ns < time_now_ns())
		return -XEN_ETIME;
	vcpu_timer_set_singleshot(v, t.timeout_abs_ns ? t.timeout_abs_ns : 1);
	return 0;
}

static long set_periodic(struct vcpu *v, uint64_t arg)
{
	struct vcpu_set_periodic_timer t;

	if (copy_from_guest(&t, arg, sizeof(t)))
		return -XEN_EFAULT;
	/* Xen's STIME_DELTA_MAX bound too: now + period must not wrap,
	 * or expiry (schedule.c) would step periodic_next past now by
	 * adding a "negative" period, billions of times, interrupts off. */
	if (t.period_ns < MIN_PERIOD_NS || t.period_ns > (uint64_t)INT64_MAX)
		return -XEN_EINVAL;
	vcpu_timer_set_periodic(v, t.period_ns);
	return 0;
}

/* VCPUOP_register_vcpu_info: the vCPU's vcpu_info moves into a guest page
 * (Linux puts it in per-CPU memory). The page keeps a writable type and a
 * reference while in use, so it stays the guest's and never becomes a page
 * table. As Xen's map_guest_area does, the old contents move along and
 * every event selector is marked pending, so nothing is lost. Once only. */
static long register_vcpu_info(struct vcpu *v, uint64_t arg)
{
	struct vcpu_register_vcpu_info r;
	struct vcpu_info *new;
	unsigned int d = v->domain->domid;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return -XEN_EFAULT;
	if (v->vcpu_info_mfn)
		return -XEN_EINVAL;
	if ((r.offset & 7) || r.offset > PAGE_SIZE - sizeof(struct vcpu_info) ||
	    page_get_typed(&machine_mm, r.mfn, d, PGT_writable))
		return -XEN_EINVAL;
	new = (struct vcpu_info *)((char *)mfn_to_virt(r.mfn) + r.offset);
	memcpy(new, v->vcpu_info, sizeof(*new));
	new->evtchn_pending_sel = ~0UL;
	new->evtchn_upcall_pending = 1;
	v->vcpu_info = new;
	v->vcpu_info_mfn = r.mfn;
	vcpu_time_update(v);
	return 0;
}

/* The runstate area is a guest address, written on every switch. */
static long register_runstate(struct vcpu *v, uint64_t arg)
{
	struct vcpu_register_runstate_memory_area r;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return -XEN_EFAULT;
	if (r.addr.p && !guest_range_ok(r.addr.p, sizeof(struct vcpu_runstate_info)))
		return -XEN_EINVAL;
	v->runstate_area = r.addr.p;
	runstate_publish(v);
	return 0;
}

/* VCPUOP_register_vcpu_time_memory_area: a guest address (Linux's vDSO
 * page) that gets a copy of the pvclock record at every update; NULL
 * stops it. As in Xen, an address the guest cannot write is -EFAULT. */
static long register_time_area(struct vcpu *v, uint64_t arg)
{
	struct vcpu_register_time_memory_area r;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return -XEN_EFAULT;
	if (r.addr.p && !guest_range_ok(r.addr.p, sizeof(struct vcpu_time_info)))
		return -XEN_EFAULT;
	v->time_area = r.addr.p;
	vcpu_time_publish(v);
	return 0;
}

long do_vcpu_op(struct vcpu *v, uint64_t cmd, uint64_t vcpuid, uint64_t arg,
		uint64_t a4, uint64_t a5)
{
	if ((uint32_t)vcpuid != 0)
		return -XEN_ENOENT;
	switch ((uint32_t)cmd) {
	case VCPUOP_is_up:
		return v->state != VCPU_DOWN;
	case VCPUOP_set_singleshot_timer:
		return set_singleshot(v, arg);
	case VCPUOP_stop_singleshot_timer:
		vcpu_timer_set_singleshot(v, 0);
		return 0;
	case VCPUOP_set_periodic_timer:
		return set_periodic(v, arg);
	case VCPUOP_stop_periodic_timer:
		vcpu_timer_set_periodic(v, 0);
		return 0;
	case VCPUOP_register_vcpu_info:
		return register_vcpu_info(v, arg);
	case VCPUOP_register_runstate_memory_area:
		return register_runstate(v, arg);
	case VCPUOP_register_vcpu_time_memory_area:
		return register_time_area(v, arg);
	case VCPUOP_get_runstate_info:
		runstate_account(v, v->runstate.state);
		return copy_to_guest(arg, &v->runstate, sizeof(v->runstate)) ?
		       -XEN_EFAULT : 0;
	default:
		return hypercall_nosys(v, __HYPERVISOR_vcpu_op, (long)cmd);
	}
}

/* The older one-shot timer: an absolute deadline, 0 to cancel. */
long do_set_timer_op(struct vcpu *v, uint64_t timeout, uint64_t a2,
		     uint64_t a3, uint64_t a4, uint64_t a5)
{
	vcpu_timer_set_singleshot(v, timeout);
	return 0;
}
