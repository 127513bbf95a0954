/* SPDX-License-Identifier: GPL-2.0-only */
/* Fuzzes xenstored's xs_wire protocol (toolstack/xenstored/protocol.c)
 * through the rings, as guests reach it. Three clients (domains 0, 1, 2)
 * each have a ring; the input is records [client][length16][bytes] whose
 * bytes the client pushes into its req[] (as far as there is room), or,
 * for client 3, a scribble over some client's ring indexes. After each
 * record the server runs until quiet and every client reads all of rsp[].
 * Properties: indexes stay within a ring; every message out is well formed
 * (length, a known error name, an event's two strings); replies come back
 * in order with their request's req_id and tx_id, one for each request
 * the server consumed; a broken connection is flagged in the ring; only
 * connected domains hold watches and transactions. Each input runs on a
 * stack the size of the xenstore domain's (tests/unit/small_stack.h). */
#include "protocol.h"
#include "../unit/small_stack.h"
#include <parvus/string.h>
#include <parvus/xen.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond); \
	abort(); } } while (0)

#define NR_CLIENTS	3
#define HDR		sizeof(struct xsd_sockmsg)
#define MAX_PENDING	512

/* What a client knows: its own requests the server has taken, and the
 * partly read message in rsp[]. */
struct client {
	struct xenstore_domain_interface ring;
	struct xs_conn *conn;
	bool chaos;			/* its indexes were scribbled: no model */
	uint8_t sent[HDR + XENSTORE_PAYLOAD_MAX] __aligned(4);	/* being sent */
	uint32_t sent_len;
	struct xsd_sockmsg pending[MAX_PENDING];	/* taken, not answered */
	unsigned int nr_pending, first_pending;
	uint8_t got[HDR + XENSTORE_PAYLOAD_MAX] __aligned(4);	/* being read */
	uint32_t got_len;
};

static struct xs_server server;
static struct client clients[NR_CLIENTS];

static const char *const error_names[] = {
	"EINVAL", "EACCES", "EEXIST", "EISDIR", "ENOENT", "ENOMEM", "ENOSPC", "EIO",
	"ENOTEMPTY", "ENOSYS", "EROFS", "EBUSY", "EAGAIN", "EISCONN", "E2BIG", "EPERM",
};

static void client_reset(struct client *cl, uint16_t domid)
{
	memset(cl, 0, sizeof(*cl));
	cl->conn = xs_server_connect(&server, domid, &cl->ring);
	CHECK(cl->conn);
}

/* XS_INTRODUCE: a released client may come back on a fresh ring. */
static int introduce(void *ctx, uint16_t domid, uint64_t mfn, uint32_t port)
{
	if (domid == 0 || domid >= NR_CLIENTS || clients[domid].conn)
		return -XEN_EINVAL;
	client_reset(&clients[domid], domid);
	return 0;
}

/* The client's side of a request byte the server took. */
static void client_sent_byte(struct client *cl, uint8_t b)
{
	struct xsd_sockmsg *h = (struct xsd_sockmsg *)cl->sent;

	cl->sent[cl->sent_len++] = b;
	if (cl->sent_len < HDR || h->len > XENSTORE_PAYLOAD_MAX ||
	    cl->sent_len < HDR + h->len)
		return;
	CHECK(cl->nr_pending < MAX_PENDING);
	cl->pending[(cl->first_pending + cl->nr_pending++) % MAX_PENDING] = *h;
	cl->sent_len = 0;
}

static void check_message(struct client *cl, const struct xsd_sockmsg *h, const char *body)
{
	const struct xsd_sockmsg *want;

	if (h->type == XS_WATCH_EVENT) {
		size_t plen = strnlen(body, h->len);

		CHECK(plen > 0 && plen < h->len);
		CHECK(strnlen(body + plen + 1, h->len - plen - 1) == h->len - plen - 2);
		return;
	}
	CHECK(cl->nr_pending > 0);
	want = &cl->pending[cl->first_pending];
	cl->first_pending = (cl->first_pending + 1) % MAX_PENDING;
	cl->nr_pending--;
	CHECK(h->req_id == want->req_id && h->tx_id == want->tx_id);
	if (h->type == XS_ERROR) {
		bool known = false;

		CHECK(h->len > 0 && strnlen(body, h->len) == h->len - 1);
		for (unsigned int i = 0; i < ARRAY_SIZE(error_names); i++)
			known |= !strcmp(body, error_names[i]);
		CHECK(known);
		return;
	}
	CHECK(h->type == want->type);
}

/* Reads all of rsp[] as the client would, checking each message. */
static void client_read(struct client *cl)
{
	struct xenstore_domain_interface *r = &cl->ring;
	struct xsd_sockmsg *h = (struct xsd_sockmsg *)cl->got;

	CHECK(r->rsp_prod - r->rsp_cons <= XENSTORE_RING_SIZE);
	while (r->rsp_cons != r->rsp_prod) {
		cl->got[cl->got_len++] = r->rsp[MASK_XENSTORE_IDX(r->rsp_cons++)];
		if (cl->got_len < HDR)
			continue;
		CHECK(h->len <= XENSTORE_PAYLOAD_MAX);
		if (cl->got_len < HDR + h->len)
			continue;
		check_message(cl, h, (const char *)cl->got + HDR);
		cl->got_len = 0;
	}
}

static bool live(const struct client *cl)
{
	return cl->conn && cl->conn->used && !cl->conn->broken;
}

/* Runs the server and lets every client read until nothing moves. */
static void settle(void)
{
	bool moved = true;

	for (unsigned int round = 0; moved && round < 1000; round++) {
		moved = false;
		for (unsigned int i = 0; i < NR_CLIENTS; i++) {
			struct client *cl = &clients[i];
			uint32_t cons = cl->ring.req_cons;

			if (!live(cl))
				continue;
			moved |= xs_server_process(&server, cl->conn);
			if (!cl->chaos && cl->conn->used) {
				CHECK(cl->ring.req_cons - cons <= cl->ring.req_prod - cons);
				for (uint32_t j = cons; j != cl->ring.req_cons; j++)
					client_sent_byte(cl, cl->ring.req[MASK_XENSTORE_IDX(j)]);
				client_read(cl);
			}
			CHECK(cl->conn->out_len <= XS_OUT_SIZE);
			CHECK(cl->conn->have <= HDR + XENSTORE_PAYLOAD_MAX);
			if (cl->conn->broken)
				CHECK(cl->ring.error != 0);
		}
	}
	CHECK(!moved);
}

/* A released client is gone from the server; forget it. */
static void drop_released(void)
{
	for (unsigned int i = 0; i < NR_CLIENTS; i++)
		if (clients[i].conn && !clients[i].conn->used)
			clients[i].conn = NULL;
}

static void push(struct client *cl, const uint8_t *p, size_t n)
{
	struct xenstore_domain_interface *r = &cl->ring;
	uint32_t room = XENSTORE_RING_SIZE - (r->req_prod - r->req_cons);

	if (cl->chaos || r->req_prod - r->req_cons > XENSTORE_RING_SIZE)
		room = XENSTORE_RING_SIZE;	/* whatever the indexes say */
	for (size_t i = 0; i < n && i < room; i++)
		r->req[MASK_XENSTORE_IDX(r->req_prod++)] = (char)p[i];
}

static void scribble(const uint8_t *p, size_t n)
{
	struct client *cl = &clients[n ? p[0] % NR_CLIENTS : 0];
	uint32_t v[2] = { 0, 0 };

	memcpy(v, p + (n > 0), MIN(n - (n > 0), sizeof(v)));
	cl->ring.req_prod += v[0];
	cl->ring.rsp_cons += v[1];
	cl->chaos = true;
}

static bool connected(uint16_t domid)
{
	for (unsigned int i = 0; i < XS_MAX_CONNS; i++)
		if (server.conns[i].used && server.conns[i].domid == domid)
			return true;
	return false;
}

/* Once quiet, every request a healthy client got taken is answered, and
 * only connected domains hold watches or transactions. */
static void check_quiet(void)
{
	for (unsigned int i = 0; i < XS_MAX_WATCHES; i++)
		if (server.store.watches[i].used)
			CHECK(connected(server.store.watches[i].domid));
	for (unsigned int i = 0; i < XS_MAX_TX; i++)
		if (server.store.tx[i].id)
			CHECK(connected(server.store.tx[i].domid));
	for (unsigned int i = 0; i < NR_CLIENTS; i++) {
		const struct client *cl = &clients[i];

		if (live(cl) && !cl->chaos)
			CHECK(cl->nr_pending == 0 && cl->got_len == 0);
	}
}

struct input {
	const uint8_t *data;
	size_t size;
};

static void run_records(void *p)
{
	const uint8_t *data = ((struct input *)p)->data;
	size_t size = ((struct input *)p)->size;

	xs_server_init(&server);
	server.introduce = introduce;
	for (uint16_t d = 0; d < NR_CLIENTS; d++)
		client_reset(&clients[d], d);
	while (size >= 3) {
		unsigned int who = data[0] % (NR_CLIENTS + 1);
		size_t n = MIN((size_t)(data[1] | data[2] << 8), size - 3);

		if (who == NR_CLIENTS)
			scribble(data + 3, n);
		else if (live(&clients[who]))
			push(&clients[who], data + 3, n);
		data += 3 + n;
		size -= 3 + n;
		settle();
		drop_released();
		check_quiet();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };

	run_on_small_stack(run_records, &in);
	return 0;
}
