/* SPDX-License-Identifier: GPL-2.0-only */
/* Runstate accounting (xen/vcpu.h, struct vcpu_runstate_info): how long a
 * vCPU has been running, runnable, blocked or offline, in system time.
 * The scheduler reports each change; when the guest registered an area,
 * the record is published there while the vCPU's own page tables are
 * loaded, with XEN_RUNSTATE_UPDATE set around the write if the guest
 * enabled VMASST_TYPE_runstate_update_flag (as Xen's
 * update_runstate_area does). */
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/time.h>

void runstate_account(struct vcpu *v, int new_state)
{
	uint64_t now = time_now_ns();
	struct vcpu_runstate_info *rs = &v->runstate;

	if (rs->state_entry_time && now > rs->state_entry_time)
		rs->time[rs->state & 3] += now - rs->state_entry_time;
	rs->state = new_state;
	rs->state_entry_time = now;
}

void runstate_publish(struct vcpu *v)
{
	struct vcpu_runstate_info rs = v->runstate;
	bool flag = v->domain->vm_assist & (1UL << VMASST_TYPE_runstate_update_flag);

	if (!v->runstate_area)
		return;
	if (flag) {
		uint64_t marked = rs.state_entry_time | XEN_RUNSTATE_UPDATE;
		(void)copy_to_guest(v->runstate_area +
				    offsetof(struct vcpu_runstate_info, state_entry_time),
				    &marked, sizeof(marked));
	}
	/* An area the guest unmapped is its own loss, never our fault. */
	(void)copy_to_guest(v->runstate_area, &rs, sizeof(rs));
}
