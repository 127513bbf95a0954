/* SPDX-License-Identifier: GPL-2.0-only */
/* The pciback service domain's parts: the hardware it reaches (hw.c),
 * the frontends it serves and their xenbus states (frontend.c), and the
 * loop that sleeps on all their ports (main.c). */
#ifndef PCIBACK_H
#define PCIBACK_H

#include "pci_op.h"
#include <xen/event_channel.h>
#include <xen/grant_table.h>

#define PCIBACK_MAX_FRONTENDS	8
#define PCIBACK_PATH_MAX	128

/* One backend device directory, backend/pci/<frontend domid>/<devid>. */
struct pciback_slot {
	bool used, attached, failed, gone;
	bool seen;			/* its domain was there at some point */
	bool away;			/* died without closing: waiting for its restart */
	uint64_t away_since;		/* guest_now_ns() when it was found dead */
	char be_path[PCIBACK_PATH_MAX];	/* absolute */
	char fe_path[PCIBACK_PATH_MAX];	/* its "frontend" node */
	int be_state;			/* what we last wrote */
	struct pciback_fe fe;
	/* While attached: the frontend's page and port, ours. */
	uint32_t gref, remote_port;
	grant_handle_t handle;
	evtchn_port_t port;
	volatile struct xen_pci_sharedinfo *sh;
	unsigned long ops;
};

extern const struct pciback_hw pciback_hw;
extern struct pciback_slot pciback_slots[PCIBACK_MAX_FRONTENDS];
extern bool pciback_trace;
/* How long a frontend that died without closing is waited for (its
 * domain restarted with the same domid); restart_wait= on the command
 * line, in seconds. 0: never. */
extern uint64_t pciback_restart_wait_ns;

/* Makes our windows for the frontends' pages (holes in our image). */
long pciback_windows_init(void);
/* Reads backend/pci (home: our backend/pci path) for new frontends. */
void pciback_scan(const char *home);
/* Follows one frontend's state (xen-pciback's state machine). */
void pciback_follow(struct pciback_slot *s);
/* The frontend's domain has gone: take everything of it down. */
void pciback_slot_gone(struct pciback_slot *s);
/* xenstored serves the frontend's domain: seen; if it was away, it has
 * come back (restarted): serve it again from InitWait. */
void pciback_slot_alive(struct pciback_slot *s);
/* xenstored does not serve it (any more). A frontend that closed first,
 * or was never there, is gone; one that died connected is detached and
 * waited for up to pciback_restart_wait_ns. True while it is waited for. */
bool pciback_slot_absent(struct pciback_slot *s);
/* Serves what the frontend has asked (at most a few operations). */
void pciback_slot_serve(struct pciback_slot *s);

#endif
