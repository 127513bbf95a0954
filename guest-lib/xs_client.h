/* SPDX-License-Identifier: GPL-2.0-only */
/* A small synchronous xenstore client for test guests and the xenstore
 * domain's own tests: requests over start_info's store ring
 * (xen/io/xs_wire.h), one at a time, waiting with SCHEDOP_poll on the
 * store port. Watch events that arrive while a reply is awaited are kept
 * for xs_wait_watch. Errors come back as negative Xen errno values. */
#ifndef GUEST_XS_CLIENT_H
#define GUEST_XS_CLIENT_H

#include <stddef.h>
#include <stdint.h>
#include <xen/io/xs_wire.h>
#include <xen/event_channel.h>

/* Maps shared_info (events.h) and finds the ring; call once. */
void xs_client_init(void);

int xs_read(const char *path, char *value, size_t size);
int xs_write(const char *path, const char *value);
int xs_mkdir(const char *path);
int xs_rm(const char *path);
/* perms: NUL-separated perm strings ("n2\0r3\0"), len bytes in all. */
int xs_set_perms(const char *path, const char *perms, size_t len);
int xs_get_perms(const char *path, char *out, size_t size);
int xs_directory(const char *path, char *out, size_t size);
int xs_watch(const char *path, const char *token);
int xs_unwatch(const char *path, const char *token);
/* Waits for the next watch event; copies its path and token. */
int xs_wait_watch(char *path, size_t path_size, char *token, size_t token_size);
/* The next watch event if one has come (kept, or on the ring now),
 * without waiting for one: 0, or -XEN_EAGAIN if there is none. For a
 * server that sleeps on other ports too (xs_client_port). */
int xs_poll_watch(char *path, size_t path_size, char *token, size_t token_size);
/* Watch events beyond the few kept are dropped, and stand for one event
 * with an empty path and token, instead of failing the run: for a
 * caller that looks at everything again on any event, and whose watched
 * nodes another domain may change as fast as it likes. */
void xs_client_lossy_watches(void);
/* The store's event channel port. */
evtchn_port_t xs_client_port(void);
int xs_transaction_start(uint32_t *tx);
int xs_transaction_end(uint32_t tx, int commit);
/* The raw ring and its notify, for tests that misbehave on purpose. */
volatile struct xenstore_domain_interface *xs_client_ring(void);
void xs_client_notify(void);
/* Any request: payload of len bytes; reply copied to out (NUL added). */
int xs_request(uint32_t type, uint32_t tx, const void *payload, size_t len,
	       char *out, size_t size);

#endif
