/* SPDX-License-Identifier: GPL-2.0-only */
/* How the xenstore domain reaches a guest's store ring: through the
 * reserved grant (GNTTAB_RESERVED_XENSTORE) with GNTTABOP_copy rather
 * than a mapping, so a guest that dies mid-request leaves nothing mapped
 * here and every access is checked by the hypervisor at the time. */
#ifndef XENSTORED_RING_COPY_H
#define XENSTORED_RING_COPY_H

#include <stdint.h>
#include <stdbool.h>
#include <xen/xen.h>
#include <xen/io/xs_wire.h>

struct ring_copy {
	domid_t domid;
	/* The server's own view of the ring: the guest's page is copied in
	 * before and out after each pass. Only the fields the server owns
	 * (rsp[], rsp_prod, req_cons, error) are ever copied back. */
	struct xenstore_domain_interface shadow __attribute__((aligned(4096)));
	uint32_t req_cons, rsp_prod;	/* the server's, never re-read */
};

/* false: the grant is gone (the domain died or revoked it). */
bool ring_copy_in(struct ring_copy *rc);
bool ring_copy_out(struct ring_copy *rc);

#endif
