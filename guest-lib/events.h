/* SPDX-License-Identifier: GPL-2.0-only */
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
/* Binds the port the peer offered with EVTCHNOP_alloc_unbound, whichever
 * low port it is (peer_port.c, linked only by the two-domain guests);
 * 0, with a failed check, if none is offered. */
evtchn_port_t events_bind_offered_port(domid_t peer);
/* Reads the pvclock (system time, ns). */
uint64_t guest_now_ns(void);

#endif
