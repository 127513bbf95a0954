/* SPDX-License-Identifier: GPL-2.0-only */
/* Event channels and time for test guests (see events.h). */
#include "guest.h"
#include "events.h"
#include "trap_stubs.h"
#include <xen/callback.h>

#define VIRT_BASE 0xffffffff80000000UL
#define SHARED_INFO_SPARE_PFN 4		/* after the page tables and stack */

volatile struct shared_info *guest_shared_info;
volatile struct vcpu_info *guest_vcpu_info;
volatile uint32_t event_count[GUEST_MAX_PORTS];
volatile uint64_t event_upcalls;
void (*guest_upcall_hook)(uint64_t rip);

void guest_event_upcall(uint64_t *frame);

void events_map_shared_info(void)
{
	unsigned long pfn = ((start_info->pt_base - VIRT_BASE) >> 12) +
			    start_info->nr_pt_frames + SHARED_INFO_SPARE_PFN;
	uint64_t va = VIRT_BASE + pfn * 4096;

	if (HYPERVISOR_update_va_mapping(va, start_info->shared_info | 7, UVMF_INVLPG))
		guest_fail("cannot map shared_info");
	guest_shared_info = (volatile struct shared_info *)va;
	guest_vcpu_info = &guest_shared_info->vcpu_info[0];
}

long events_register_callback(void)
{
	struct callback_register cb = { CALLBACKTYPE_event, 0, (unsigned long)stub_event };

	return hypercall5(__HYPERVISOR_callback_op, CALLBACKOP_register, (long)&cb, 0, 0, 0);
}

long evtchn_op(int cmd, void *arg)
{
	return hypercall5(__HYPERVISOR_event_channel_op, cmd, (long)arg, 0, 0, 0);
}

/* frame: the bounce frame (rcx, r11, rip, cs, rflags, rsp, ss). */
void guest_event_upcall(uint64_t *frame)
{
	volatile struct shared_info *si = guest_shared_info;
	volatile struct vcpu_info *vi = guest_vcpu_info;
	xen_ulong_t sel;

	fault_vector = 0x100;
	fault_rip = frame[2];
	fault_cs = frame[3];
	fault_rflags = frame[4];
	fault_count++;
	event_upcalls++;
	vi->evtchn_upcall_pending = 0;
	sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	for (unsigned int w = 0; w < 64 && sel; w++) {
		xen_ulong_t bits;

		if (!(sel & (1UL << w)))
			continue;
		bits = si->evtchn_pending[w] & ~si->evtchn_mask[w];
		__atomic_fetch_and(&si->evtchn_pending[w], ~bits, __ATOMIC_SEQ_CST);
		for (unsigned int b = 0; b < 64; b++)
			if ((bits & (1UL << b)) && w * 64 + b < GUEST_MAX_PORTS)
				event_count[w * 64 + b]++;
	}
	if (guest_upcall_hook)
		guest_upcall_hook(frame[2]);
}

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* The pvclock read protocol: retry while an update is in progress. */
uint64_t guest_now_ns(void)
{
	volatile struct vcpu_time_info *t = &guest_shared_info->vcpu_info[0].time;
	uint32_t version;
	uint64_t ns, delta;

	do {
		version = t->version;
		barrier();	/* the version before the record */
		delta = rdtsc() - t->tsc_timestamp;
		if (t->tsc_shift < 0)
			delta >>= -t->tsc_shift;
		else
			delta <<= t->tsc_shift;
		ns = t->system_time +
		     (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
		barrier();	/* the record before the version again */
	} while ((version & 1) || version != t->version);
	return ns;
}
