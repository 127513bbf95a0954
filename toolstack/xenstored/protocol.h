/* SPDX-License-Identifier: GPL-2.0-only */
/* The xs_wire protocol (xen/io/xs_wire.h) between xenstored and its
 * clients, over each client's xenstore_domain_interface ring: requests are
 * read from req[], answered from the store (store.h), and replies and
 * watch events written to rsp[]. Pure logic: the caller moves the ring
 * page in and out (ring_copy.c) and sends the event-channel notify. */
#ifndef XENSTORED_PROTOCOL_H
#define XENSTORED_PROTOCOL_H

#include "store.h"
#include <xen/io/xs_wire.h>

#define XS_MAX_CONNS	64
/* Bytes of replies and events waiting for room in a client's rsp[]: room
 * for one full reply is kept free, so replies are never dropped; watch
 * events that do not fit are (and counted). */
#define XS_OUT_SIZE	(4 * (sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX))

struct xs_conn {
	bool used;
	bool broken;		/* corrupt indexes or a bad message: ignored */
	uint16_t domid;
	struct xenstore_domain_interface *ring;
	/* The request being assembled: header, then body. */
	struct xsd_sockmsg hdr;
	uint32_t have;		/* bytes of header + body read so far */
	char body[XENSTORE_PAYLOAD_MAX + 1];
	/* Outgoing bytes not yet in rsp[], a circular buffer. */
	char out[XS_OUT_SIZE];
	uint32_t out_head, out_len;
	unsigned int dropped_events;
	unsigned long requests;		/* served, for the log */
};

/* XS_INTRODUCE from the control domain: reach domid's ring (store page
 * mfn, event channel port) and connect it; returns 0 or a Xen errno. */
typedef int (*xs_introduce_fn)(void *ctx, uint16_t domid, uint64_t mfn,
			       uint32_t port);

struct xs_server {
	struct xs_store store;
	struct xs_conn conns[XS_MAX_CONNS];
	xs_introduce_fn introduce;	/* NULL: XS_INTRODUCE is -ENOSYS */
	void *introduce_ctx;
};

void xs_server_init(struct xs_server *s);
/* A client domain's ring: NULL if there is no room or it is connected. */
struct xs_conn *xs_server_connect(struct xs_server *s, uint16_t domid,
				  struct xenstore_domain_interface *ring);
/* The domain has gone: its watches, transactions and connection go. */
void xs_server_disconnect(struct xs_server *s, struct xs_conn *c);
/* A domain came (back): @introduceDomain fires, as after XS_INTRODUCE. */
void xs_server_introduced(struct xs_server *s);
/* Serves every complete request in req[] and moves pending output into
 * rsp[]; returns true if either index moved (the client needs a notify). */
bool xs_server_process(struct xs_server *s, struct xs_conn *c);

#endif
