/* SPDX-License-Identifier: GPL-2.0-only */
/* Console rings (console/console_ring.c): the hypervisor as every
 * domain's console back end. */
#ifndef PARVUS_CONSOLE_RING_H
#define PARVUS_CONSOLE_RING_H

#include <parvus/types.h>
#include <xen/event_channel.h>

struct domain;

/* Makes mfn (a page of d) d's console ring, notified through port. */
int console_ring_attach(struct domain *d, uint64_t mfn, evtchn_port_t port);
void console_ring_detach(struct domain *d);	/* drops the ring reference */
/* Copies d's pending output to the serial port. */
void console_ring_drain(struct domain *d);
/* A byte typed on the serial console. */
void console_ring_input(char c);
/* Periodic work: drain every ring, route serial input. */
void console_ring_poll(void);
/* console=interactive: serial input raises an interrupt, and a domain
 * that waits for it without a timer is waiting, not deadlocked. */
void console_ring_set_interactive(void);
bool console_ring_input_possible(void);
/* Serial input raises an interrupt from now on, so it can end an idle
 * wait (the scheduler's idle_deadlock=wait). */
void console_ring_wake_on_input(void);

#endif
