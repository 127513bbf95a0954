/* SPDX-License-Identifier: GPL-2.0-only */
/* xs_wire over a ring (toolstack/xenstored/protocol.c), driven the way a
 * guest drives it: requests written into req[], xs_server_process, replies
 * read from rsp[]. Includes the broken clients: corrupt indexes, oversized
 * messages, missing NULs, unknown types, a client that stops reading. */
#include "unit.h"
#include "../../toolstack/xenstored/protocol.h"
#include <parvus/xen.h>

static struct xs_server srv;
static struct xenstore_domain_interface ring1, ring2;
static struct xs_conn *c1, *c2;
static uint32_t next_id = 1;

struct reply {
	struct xsd_sockmsg hdr;
	char body[XENSTORE_PAYLOAD_MAX + 1];
};

static void put_bytes(struct xenstore_domain_interface *r, const void *data, size_t n)
{
	const char *p = data;

	for (size_t i = 0; i < n; i++)
		r->req[MASK_XENSTORE_IDX(r->req_prod + i)] = p[i];
	r->req_prod += (uint32_t)n;
}

static void send(struct xenstore_domain_interface *r, uint32_t type, uint32_t tx,
		 const void *payload, size_t len)
{
	struct xsd_sockmsg h = { .type = type, .req_id = next_id++, .tx_id = tx,
				 .len = (uint32_t)len };

	put_bytes(r, &h, sizeof(h));
	put_bytes(r, payload, len);
}

static bool get_bytes(struct xenstore_domain_interface *r, void *data, size_t n)
{
	char *p = data;

	if (r->rsp_prod - r->rsp_cons < n)
		return false;
	for (size_t i = 0; i < n; i++)
		p[i] = r->rsp[MASK_XENSTORE_IDX(r->rsp_cons + i)];
	r->rsp_cons += (uint32_t)n;
	return true;
}

static struct reply recv(struct xenstore_domain_interface *r)
{
	struct reply m = { 0 };

	cr_assert(get_bytes(r, &m.hdr, sizeof(m.hdr)), "a reply header");
	cr_assert_leq(m.hdr.len, XENSTORE_PAYLOAD_MAX);
	cr_assert(get_bytes(r, m.body, m.hdr.len), "a reply body");
	return m;
}

/* One request, processed, one reply of the same type expected. */
static struct reply call(struct xs_conn *c, uint32_t type, uint32_t tx,
			 const void *payload, size_t len)
{
	send(c->ring, type, tx, payload, len);
	cr_assert(xs_server_process(&srv, c), "the server moved");
	return recv(c->ring);
}

#define CALL(c, type, str) call(c, type, 0, str, sizeof(str) - 1)

static void assert_error(struct reply m, const char *name)
{
	cr_assert_eq(m.hdr.type, XS_ERROR, "an error reply (got type %u)", m.hdr.type);
	cr_assert_str_eq(m.body, name);
}

static void assert_ok(struct reply m, uint32_t type)
{
	cr_assert_eq(m.hdr.type, type, "reply type %u, want %u (%s)", m.hdr.type, type,
		     m.hdr.type == XS_ERROR ? m.body : "");
}

static void setup(void)
{
	memset(&ring1, 0, sizeof(ring1));
	memset(&ring2, 0, sizeof(ring2));
	xs_server_init(&srv);
	for (uint16_t d = 1; d <= 2; d++) {
		char path[64];
		struct xs_perm p = { d, XS_PERM_NONE };

		snprintf(path, sizeof(path), "/local/domain/%u/data", d);
		cr_assert_eq(xs_mkdir(&srv.store, XS_PRIV_DOMID, 0, path), 0);
		cr_assert_eq(xs_set_perms(&srv.store, XS_PRIV_DOMID, path, &p, 1), 0);
	}
	c1 = xs_server_connect(&srv, 1, &ring1);
	c2 = xs_server_connect(&srv, 2, &ring2);
	cr_assert(c1 && c2);
}

TestSuite(xs_protocol, .init = setup);

Test(xs_protocol, write_then_read)
{
	struct reply m = CALL(c1, XS_WRITE, "data/x\0hello");

	assert_ok(m, XS_WRITE);
	cr_assert_str_eq(m.body, "OK");
	cr_assert_eq(m.hdr.req_id, next_id - 1, "the reply echoes req_id");
	m = CALL(c1, XS_READ, "data/x\0");
	assert_ok(m, XS_READ);
	cr_assert_eq(m.hdr.len, 5, "a value comes without a NUL");
	cr_assert_str_eq(m.body, "hello");
	assert_error(CALL(c1, XS_READ, "data/nothing\0"), "ENOENT");
}

Test(xs_protocol, a_message_in_two_pieces)
{
	struct xsd_sockmsg h = { .type = XS_WRITE, .req_id = 7, .len = 9 };

	put_bytes(&ring1, &h, 10);
	cr_assert(xs_server_process(&srv, c1), "consumed the first piece");
	cr_assert_eq(ring1.rsp_prod, 0, "no reply yet");
	put_bytes(&ring1, (char *)&h + 10, sizeof(h) - 10);
	put_bytes(&ring1, "data/y\0ab", 9);
	cr_assert(xs_server_process(&srv, c1));
	assert_ok(recv(&ring1), XS_WRITE);
}

Test(xs_protocol, several_requests_in_one_pass)
{
	send(&ring1, XS_WRITE, 0, "data/a\0" "1", 8);
	send(&ring1, XS_WRITE, 0, "data/b\0" "2", 8);
	send(&ring1, XS_DIRECTORY, 0, "data\0", 5);
	cr_assert(xs_server_process(&srv, c1));
	assert_ok(recv(&ring1), XS_WRITE);
	assert_ok(recv(&ring1), XS_WRITE);
	{
		struct reply m = recv(&ring1);

		assert_ok(m, XS_DIRECTORY);
		cr_assert_eq(m.hdr.len, 4, "\"a\\0b\\0\"");
		cr_assert(!memcmp(m.body, "a\0b\0", 4) || !memcmp(m.body, "b\0a\0", 4));
	}
}

Test(xs_protocol, indexes_wrap_around)
{
	ring1.req_cons = ring1.req_prod = 0xfffffff0u;
	ring1.rsp_cons = ring1.rsp_prod = 0xfffffffau;
	for (int i = 0; i < 20; i++) {
		assert_ok(CALL(c1, XS_WRITE, "data/w\0value"), XS_WRITE);
		assert_ok(CALL(c1, XS_READ, "data/w\0"), XS_READ);
	}
	cr_assert_lt(ring1.req_prod, 0x1000u, "req_prod wrapped");
}

Test(xs_protocol, corrupt_indexes_break_the_connection)
{
	ring1.req_prod = ring1.req_cons + XENSTORE_RING_SIZE + 1;
	cr_assert_not(xs_server_process(&srv, c1));
	cr_assert(c1->broken);
	cr_assert_eq(ring1.error, XENSTORE_ERROR_RINGIDX);
	ring1.req_prod = ring1.req_cons;
	send(&ring1, XS_READ, 0, "data\0", 5);
	cr_assert_not(xs_server_process(&srv, c1), "a broken connection is ignored");
	assert_ok(CALL(c2, XS_READ, "data\0"), XS_READ);	/* the other goes on */
}

Test(xs_protocol, rsp_cons_ahead_of_rsp_prod_breaks_it)
{
	ring1.rsp_cons = 5000;
	send(&ring1, XS_READ, 0, "data\0", 5);
	xs_server_process(&srv, c1);
	cr_assert(c1->broken);
}

Test(xs_protocol, oversized_message_breaks_the_connection)
{
	struct xsd_sockmsg h = { .type = XS_WRITE, .len = XENSTORE_PAYLOAD_MAX + 1 };

	put_bytes(&ring1, &h, sizeof(h));
	xs_server_process(&srv, c1);
	cr_assert(c1->broken);
	cr_assert_eq(ring1.error, XENSTORE_ERROR_PROTO);
}

Test(xs_protocol, unknown_and_reversed_types)
{
	assert_error(call(c1, 999, 0, "x\0", 2), "ENOSYS");
	assert_error(CALL(c1, XS_WATCH_EVENT, "a\0b\0"), "EINVAL");
	assert_error(CALL(c1, XS_ERROR, "EINVAL\0"), "EINVAL");
}

Test(xs_protocol, malformed_arguments)
{
	assert_error(CALL(c1, XS_READ, "data"), "EINVAL");		/* no NUL */
	assert_error(CALL(c1, XS_READ, ""), "EINVAL");			/* nothing */
	assert_error(CALL(c1, XS_READ, "data\0x\0"), "EINVAL");	/* two args */
	assert_error(CALL(c1, XS_WRITE, "data/x"), "EINVAL");		/* no value */
	assert_error(CALL(c1, XS_WATCH, "data\0"), "EINVAL");		/* no token */
	assert_error(CALL(c1, XS_SET_PERMS, "data\0"), "EINVAL");	/* no perms */
	assert_error(CALL(c1, XS_SET_PERMS, "data\0x1\0"), "EINVAL");
	assert_error(CALL(c1, XS_SET_PERMS, "data\0n99999\0"), "EINVAL");
	assert_error(CALL(c1, XS_GET_DOMAIN_PATH, "abc\0"), "EINVAL");
	assert_error(CALL(c1, XS_TRANSACTION_END, "maybe\0"), "EINVAL");
	assert_error(CALL(c1, XS_READ, "bad path!\0"), "EINVAL");
}

Test(xs_protocol, permissions_between_domains)
{
	assert_ok(CALL(c1, XS_WRITE, "data/x\0secret"), XS_WRITE);
	assert_error(CALL(c2, XS_READ, "/local/domain/1/data/x\0"), "EACCES");
	assert_error(CALL(c2, XS_WRITE, "/local/domain/1/data/x\0mine"), "EACCES");
	assert_error(CALL(c2, XS_SET_PERMS, "/local/domain/1/data/x\0n2\0"), "EACCES");
	assert_ok(CALL(c1, XS_SET_PERMS, "data/x\0n1\0r2\0"), XS_SET_PERMS);
	{
		struct reply m = CALL(c2, XS_READ, "/local/domain/1/data/x\0");

		assert_ok(m, XS_READ);
		cr_assert_str_eq(m.body, "secret");
		m = CALL(c2, XS_GET_PERMS, "/local/domain/1/data/x\0");
		assert_ok(m, XS_GET_PERMS);
		cr_assert_eq(m.hdr.len, 6);
		cr_assert(!memcmp(m.body, "n1\0r2\0", 6));
	}
	assert_error(CALL(c2, XS_WRITE, "/local/domain/1/data/x\0mine"), "EACCES");
}

Test(xs_protocol, watch_events_reach_the_watcher)
{
	struct reply m;
	uint32_t tx;

	assert_ok(CALL(c1, XS_WRITE, "data/x\0v1"), XS_WRITE);
	assert_ok(CALL(c1, XS_SET_PERMS, "data/x\0n1\0r2\0"), XS_SET_PERMS);
	m = CALL(c2, XS_WATCH, "/local/domain/1/data/x\0tok\0");
	assert_ok(m, XS_WATCH);
	m = recv(&ring2);
	cr_assert_eq(m.hdr.type, XS_WATCH_EVENT, "the first event follows the OK");
	cr_assert(!memcmp(m.body, "/local/domain/1/data/x\0tok\0", m.hdr.len));
	assert_ok(CALL(c1, XS_WRITE, "data/x\0v2"), XS_WRITE);
	cr_assert_eq(ring2.rsp_prod, ring2.rsp_cons, "queued, not yet in d2's ring");
	cr_assert(xs_server_process(&srv, c2), "delivered on d2's next pass");
	m = recv(&ring2);
	cr_assert_eq(m.hdr.type, XS_WATCH_EVENT);
	cr_assert_eq(m.hdr.req_id, 0);
	m = CALL(c2, XS_TRANSACTION_START, "\0");
	assert_ok(m, XS_TRANSACTION_START);
	tx = (uint32_t)strtoul(m.body, NULL, 10);
	assert_ok(CALL(c2, XS_RESET_WATCHES, ""), XS_RESET_WATCHES);
	assert_ok(CALL(c1, XS_WRITE, "data/x\0v3"), XS_WRITE);
	xs_server_process(&srv, c2);
	cr_assert_eq(ring2.rsp_prod, ring2.rsp_cons, "no watches after reset");
	assert_error(CALL(c2, XS_UNWATCH, "/local/domain/1/data/x\0tok\0"), "ENOENT");
	assert_error(call(c2, XS_TRANSACTION_END, tx, "T", 2), "ENOENT");	/* gone too */
}

Test(xs_protocol, relative_watch_reports_relative_paths)
{
	struct reply m;

	assert_ok(CALL(c1, XS_WATCH, "data\0t\0"), XS_WATCH);
	m = recv(&ring1);
	cr_assert(!memcmp(m.body, "data\0t\0", m.hdr.len));
	/* The event for our own write comes before its reply, as in Xen's
	 * xenstored (clients sort them by type). */
	m = CALL(c1, XS_WRITE, "data/z\0" "1");
	cr_assert_eq(m.hdr.type, XS_WATCH_EVENT);
	cr_assert(!memcmp(m.body, "data/z\0t\0", m.hdr.len));
	assert_ok(recv(&ring1), XS_WRITE);
}

Test(xs_protocol, transaction_conflict_then_commit)
{
	struct reply m = CALL(c1, XS_TRANSACTION_START, "\0");
	uint32_t tx = 0;

	assert_ok(m, XS_TRANSACTION_START);
	for (const char *p = m.body; *p; p++)
		tx = tx * 10 + (uint32_t)(*p - '0');
	cr_assert_neq(tx, 0);
	assert_ok(call(c1, XS_READ, tx, "data\0", 5), XS_READ);
	assert_ok(call(c1, XS_WRITE, tx, "data/t\0in", 9), XS_WRITE);
	assert_ok(CALL(c1, XS_WRITE, "data\0changed"), XS_WRITE);
	m = call(c1, XS_TRANSACTION_END, tx, "T\0", 2);
	assert_error(m, "EAGAIN");
	cr_assert_eq(m.hdr.tx_id, tx, "the reply echoes tx_id");
	assert_error(CALL(c1, XS_READ, "data/t\0"), "ENOENT");
	m = CALL(c1, XS_TRANSACTION_START, "\0");
	tx = 0;
	for (const char *p = m.body; *p; p++)
		tx = tx * 10 + (uint32_t)(*p - '0');
	assert_ok(call(c1, XS_WRITE, tx, "data/t\0in", 9), XS_WRITE);
	assert_ok(call(c1, XS_TRANSACTION_END, tx, "T\0", 2), XS_TRANSACTION_END);
	assert_ok(CALL(c1, XS_READ, "data/t\0"), XS_READ);
	assert_error(call(c2, XS_TRANSACTION_END, tx, "T\0", 2), "ENOENT");
}

Test(xs_protocol, toolstack_requests_need_privilege)
{
	assert_error(CALL(c1, XS_INTRODUCE, "3\0" "1234\0" "5\0"), "EACCES");
	assert_error(CALL(c1, XS_RELEASE, "2\0"), "EACCES");
	assert_error(CALL(c1, XS_RESUME, "2\0"), "EACCES");
	cr_assert(c2->used, "d2 is still connected");
}

Test(xs_protocol, release_by_the_control_domain)
{
	static struct xenstore_domain_interface ring0;
	struct xs_conn *c0 = xs_server_connect(&srv, XS_PRIV_DOMID, &ring0);
	struct reply m;

	cr_assert(c0);
	assert_ok(CALL(c1, XS_WATCH, "@releaseDomain\0rel\0"), XS_WATCH);
	recv(&ring1);			/* the watch fires once when set */
	assert_ok(CALL(c0, XS_WATCH, "@releaseDomain\0rel0\0"), XS_WATCH);
	recv(&ring0);
	m = CALL(c0, XS_RELEASE, "2\0");
	cr_assert_eq(m.hdr.type, XS_WATCH_EVENT, "the control domain hears of the release");
	cr_assert(!memcmp(m.body, "@releaseDomain\0rel0\0", m.hdr.len));
	assert_ok(recv(&ring0), XS_RELEASE);
	cr_assert_not(c2->used, "d2's connection is gone");
	xs_server_process(&srv, c1);
	cr_assert_eq(ring1.rsp_cons, ring1.rsp_prod, "a guest's watch on @releaseDomain stays silent");
	assert_error(CALL(c0, XS_RELEASE, "2\0"), "ENOENT");
	assert_error(CALL(c0, XS_INTRODUCE, "1\0" "1234\0" "5\0"), "EISCONN");
}

/* Found with the xs_wire fuzz harness's invariant (the input by hand):
 * the control domain releasing itself, then setting a watch in the same
 * pass, left a watch behind for a released domain. */
Test(xs_protocol, nothing_is_served_after_releasing_oneself)
{
	static struct xenstore_domain_interface ring0;
	struct xs_conn *c0 = xs_server_connect(&srv, XS_PRIV_DOMID, &ring0);
	struct reply m;

	cr_assert(c0);
	send(&ring0, XS_RELEASE, 0, "0", 2);
	send(&ring0, XS_WATCH, 0, "/x\0tok", 7);
	cr_assert(xs_server_process(&srv, c0));
	cr_assert_not(c0->used);
	m = recv(&ring0);
	assert_ok(m, XS_RELEASE);
	cr_assert_eq(ring0.rsp_prod, ring0.rsp_cons, "no reply to the watch");
	for (unsigned int i = 0; i < XS_MAX_WATCHES; i++)
		cr_assert_not(srv.store.watches[i].used, "watch %u outlived its domain", i);
	cr_assert_not(xs_server_process(&srv, c0), "a released connection is not served");
}

static struct xenstore_domain_interface ring3;
static uint64_t introduced_mfn;

static int fake_introduce(void *ctx, uint16_t domid, uint64_t mfn, uint32_t port)
{
	introduced_mfn = mfn;
	if (port == 0)
		return -XEN_EINVAL;
	return xs_server_connect(ctx, domid, &ring3) ? 0 : -XEN_ENOSPC;
}

Test(xs_protocol, introduce_by_the_control_domain)
{
	static struct xenstore_domain_interface ring0;
	struct xs_conn *c0 = xs_server_connect(&srv, XS_PRIV_DOMID, &ring0);
	struct reply m;

	assert_error(CALL(c0, XS_INTRODUCE, "3\0" "1234\0" "5\0"), "ENOSYS");
	srv.introduce = fake_introduce;
	srv.introduce_ctx = &srv;
	assert_ok(CALL(c1, XS_WATCH, "@introduceDomain\0in\0"), XS_WATCH);
	recv(&ring1);
	assert_ok(CALL(c0, XS_WATCH, "@introduceDomain\0in0\0"), XS_WATCH);
	recv(&ring0);
	assert_error(CALL(c0, XS_INTRODUCE, "3\0" "12x\0" "5\0"), "EINVAL");
	assert_error(CALL(c0, XS_INTRODUCE, "3\0" "1234\0"), "EINVAL");
	assert_error(CALL(c0, XS_INTRODUCE, "3\0" "1234\0" "0\0"), "EINVAL");
	assert_ok(CALL(c0, XS_INTRODUCE, "3\0" "1234\0" "5\0"), XS_INTRODUCE);
	m = recv(&ring0);
	cr_assert_eq(m.hdr.type, XS_WATCH_EVENT, "@introduceDomain fired for the control domain");
	cr_assert(!memcmp(m.body, "@introduceDomain\0in0\0", m.hdr.len));
	cr_assert_eq(introduced_mfn, 1234);
	m = CALL(c1, XS_IS_DOMAIN_INTRODUCED, "3\0");
	cr_assert_str_eq(m.body, "T", "and not for a guest: its next message is the reply");
}

Test(xs_protocol, domain_queries)
{
	struct reply m = CALL(c1, XS_GET_DOMAIN_PATH, "7\0");

	assert_ok(m, XS_GET_DOMAIN_PATH);
	cr_assert_str_eq(m.body, "/local/domain/7");
	m = CALL(c1, XS_IS_DOMAIN_INTRODUCED, "2\0");
	cr_assert_str_eq(m.body, "T");
	m = CALL(c1, XS_IS_DOMAIN_INTRODUCED, "9\0");
	cr_assert_str_eq(m.body, "F");
}

/* A client that stops reading: replies wait in the server and arrive as
 * it makes room; the server stops taking requests rather than drop one. */
Test(xs_protocol, replies_wait_for_a_full_ring)
{
	static char big[1000 + 8];
	int got = 0;

	memcpy(big, "data/b\0", 7);
	memset(big + 7, 'v', 1000);
	assert_ok(call(c1, XS_WRITE, 0, big, 1007), XS_WRITE);
	for (int i = 0; i < 6; i++)
		send(&ring1, XS_READ, 0, "data/b\0", 7);
	xs_server_process(&srv, c1);
	cr_assert_eq(ring1.rsp_prod - ring1.rsp_cons, XENSTORE_RING_SIZE, "the ring is full");
	for (int pass = 0; pass < 20 && got < 6; pass++) {
		struct xsd_sockmsg h;
		char body[1000];

		while (get_bytes(&ring1, &h, sizeof(h))) {
			while (!get_bytes(&ring1, body, h.len))
				xs_server_process(&srv, c1);
			cr_assert_eq(h.type, XS_READ);
			cr_assert_eq(h.len, 1000);
			got++;
		}
		xs_server_process(&srv, c1);
	}
	cr_assert_eq(got, 6, "every reply arrived");
}
