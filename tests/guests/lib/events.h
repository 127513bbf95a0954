/* Event channels for test guests (events.c): map shared_info, the event
 * callback's C half (records and acknowledges, as Linux's
 * xen_evtchn_do_upcall does for the 2-level ABI), and hypercall helpers. */
#ifndef GUEST_EVENTS_H
#define GUEST_EVENTS_H

#include <stdint.h>
#include <xen/xen.h>
#include <xen/event_channel.h>

#define GUEST_MAX_PORTS 1024

extern volatile struct shared_info *guest_shared_info;
/* vcpu 0's vcpu_info: in shared_info until VCPUOP_register_vcpu_info. */
extern volatile struct vcpu_info *guest_vcpu_info;
extern volatile uint32_t event_count[GUEST_MAX_PORTS];	/* per port */
extern volatile uint64_t event_upcalls;
/* If set, called at the end of each upcall with the interrupted rip. */
extern void (*guest_upcall_hook)(uint64_t rip);

/* Maps shared_info at a spare page of the bootstrap region. */
void events_map_shared_info(void);
/* Registers stub_event as the event callback. */
long events_register_callback(void);
long evtchn_op(int cmd, void *arg);
/* Reads the pvclock (system time, ns). */
uint64_t guest_now_ns(void);

#endif
