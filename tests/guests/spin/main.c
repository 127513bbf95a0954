/* SPDX-License-Identifier: GPL-2.0-only */
/* spin: a CPU-bound guest for the weighted scheduler. It spins for
 * window_ms of system time (pvclock), then reports how much of it it
 * actually ran (its runstate), so two spinners of different weights show
 * their shares side by side. Command line: name=NAME window_ms=N, and
 * masked=1 to spin with event delivery masked (the PV "cli"), which must
 * not keep other domains from running: only the hypervisor's timer
 * preempts a guest, never the guest's own events. */
#include "guest.h"
#include "events.h"
#include <xen/vcpu.h>

void guest_main(void)
{
	struct vcpu_runstate_info before, after;
	char name[16] = "spin";
	uint64_t window = guest_arg_number("window_ms", 600) * 1000000ULL, start;

	guest_arg("name", name, sizeof(name));
	events_map_shared_info();
	if (guest_arg_number("masked", 0))
		guest_shared_info->vcpu_info[0].evtchn_upcall_mask = 1;
	CHECK_EQ(hypercall5(__HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info, 0, (long)&before, 0, 0),
		 0, "runstate");
	start = guest_now_ns();
	while (guest_now_ns() - start < window)
		;
	CHECK_EQ(hypercall5(__HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info, 0, (long)&after, 0, 0),
		 0, "runstate");
	guest_printf("spin %s: ran %lu ms of %lu ms\n", name,
		     (unsigned long)((after.time[RUNSTATE_running] -
				      before.time[RUNSTATE_running]) / 1000000),
		     (unsigned long)(window / 1000000));
}
