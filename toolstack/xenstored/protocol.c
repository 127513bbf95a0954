/* SPDX-License-Identifier: GPL-2.0-only */
/* xs_wire over a client's ring (see protocol.h). Everything in the ring
 * page is the client's to scribble on: the indexes it owns (req_prod,
 * rsp_cons) are read once per pass and checked, a message longer than
 * XENSTORE_PAYLOAD_MAX or a ring more than full breaks the connection
 * (the ring's error field says why, as in Xen's xenstored), and every
 * request's arguments are checked for their NULs and count before use.
 * Semantics and reply formats follow Xen's docs/misc/xenstore.txt. */
#include "protocol.h"
#include <parvus/barrier.h>
#include <parvus/string.h>
#include <parvus/xen.h>

#define HDR_SIZE	sizeof(struct xsd_sockmsg)
#define MAX_MSG		(HDR_SIZE + XENSTORE_PAYLOAD_MAX)
#define MAX_ARGS	(XS_MAX_PERMS + 1)

/* ---- outgoing bytes ---- */

static size_t out_room(const struct xs_conn *c)
{
	return XS_OUT_SIZE - c->out_len;
}

static void out_put(struct xs_conn *c, const void *data, size_t n)
{
	const char *p = data;

	for (size_t i = 0; i < n; i++)
		c->out[(c->out_head + c->out_len++) % XS_OUT_SIZE] = p[i];
}

/* A reply always fits (requests are only taken with room for one); an
 * event is queued only if a full reply still fits after it. */
static void queue(struct xs_conn *c, uint32_t type, const struct xsd_sockmsg *req,
		  const void *body, size_t len)
{
	struct xsd_sockmsg hdr = { .type = type, .len = (uint32_t)len };
	bool event = type == XS_WATCH_EVENT;

	if (out_room(c) < HDR_SIZE + len + (event ? MAX_MSG : 0)) {
		c->dropped_events++;
		return;
	}
	if (req) {
		hdr.req_id = req->req_id;
		hdr.tx_id = req->tx_id;
	}
	out_put(c, &hdr, HDR_SIZE);
	out_put(c, body, len);
}

static void broken(struct xs_conn *c, uint32_t why)
{
	c->broken = true;
	c->ring->error = why;
}

/* Moves queued output into rsp[] as far as the client has made room. */
static void flush_out(struct xs_conn *c)
{
	struct xenstore_domain_interface *r = c->ring;
	uint32_t prod = r->rsp_prod, cons = r->rsp_cons;
	uint32_t space;

	if (prod - cons > XENSTORE_RING_SIZE) {
		broken(c, XENSTORE_ERROR_RINGIDX);
		return;
	}
	space = XENSTORE_RING_SIZE - (prod - cons);
	while (space && c->out_len) {
		r->rsp[MASK_XENSTORE_IDX(prod++)] = c->out[c->out_head];
		c->out_head = (c->out_head + 1) % XS_OUT_SIZE;
		c->out_len--;
		space--;
	}
	barrier();	/* data before the index */
	r->rsp_prod = prod;
}

/* ---- incoming bytes ---- */

/* Reads what it can of the current message; true once it is complete. */
static bool read_message(struct xs_conn *c)
{
	struct xenstore_domain_interface *r = c->ring;
	uint32_t cons = r->req_cons, prod = r->req_prod;

	if (prod - cons > XENSTORE_RING_SIZE) {
		broken(c, XENSTORE_ERROR_RINGIDX);
		return false;
	}
	barrier();	/* the index before data */
	while (cons != prod) {
		char byte = r->req[MASK_XENSTORE_IDX(cons++)];

		if (c->have < HDR_SIZE)
			((char *)&c->hdr)[c->have++] = byte;
		else
			c->body[c->have++ - HDR_SIZE] = byte;
		if (c->have == HDR_SIZE && c->hdr.len > XENSTORE_PAYLOAD_MAX) {
			r->req_cons = cons;
			broken(c, XENSTORE_ERROR_PROTO);
			return false;
		}
		if (c->have >= HDR_SIZE && c->have == HDR_SIZE + c->hdr.len)
			break;
	}
	r->req_cons = cons;
	return c->have >= HDR_SIZE && c->have == HDR_SIZE + c->hdr.len;
}

/* ---- requests ---- */

static void watch_event(void *ctx, uint16_t domid, const char *path, const char *token);

/* @introduceDomain and @releaseDomain go to the control domain's watches
 * only: in Xen's xenstored these special nodes belong to dom0 and give
 * nobody else read access, so that a guest cannot follow the creation and
 * death of the others (a watch still fires once when it is set). */
static void fire_special(struct xs_server *s, const char *name)
{
	for (unsigned int i = 0; i < XS_MAX_WATCHES; i++) {
		const struct xs_watch *w = &s->store.watches[i];

		if (w->used && w->domid == XS_PRIV_DOMID && !strcmp(w->path, name))
			watch_event(s, w->domid, name, w->token);
	}
}

static const struct { int err; const char *name; } error_names[] = {
	{ XEN_EINVAL, "EINVAL" }, { XEN_EACCES, "EACCES" }, { XEN_EEXIST, "EEXIST" },
	{ XEN_EISDIR, "EISDIR" }, { XEN_ENOENT, "ENOENT" }, { XEN_ENOMEM, "ENOMEM" },
	{ XEN_ENOSPC, "ENOSPC" }, { XEN_EIO, "EIO" }, { XEN_ENOTEMPTY, "ENOTEMPTY" },
	{ XEN_ENOSYS, "ENOSYS" }, { XEN_EROFS, "EROFS" }, { XEN_EBUSY, "EBUSY" },
	{ XEN_EAGAIN, "EAGAIN" }, { XEN_EISCONN, "EISCONN" }, { XEN_E2BIG, "E2BIG" },
	{ XEN_EPERM, "EPERM" },
};

static void reply_error(struct xs_conn *c, int rc)
{
	const char *name = "EIO";

	for (unsigned int i = 0; i < ARRAY_SIZE(error_names); i++)
		if (error_names[i].err == -rc)
			name = error_names[i].name;
	queue(c, XS_ERROR, &c->hdr, name, strlen(name) + 1);
}

static void reply(struct xs_conn *c, const void *body, size_t len)
{
	queue(c, c->hdr.type, &c->hdr, body, len);
}

/* The data a read-style request produced, or its error. */
static void reply_data(struct xs_conn *c, int rc, const void *data, size_t len)
{
	if (rc)
		reply_error(c, rc);
	else
		reply(c, data, len);
}

static void reply_status(struct xs_conn *c, int rc)
{
	if (rc)
		reply_error(c, rc);
	else
		reply(c, "OK", 3);
}

/* Splits the body into NUL-terminated strings; -1 if it does not end in
 * a NUL or has more than max of them. */
static int split_args(struct xs_conn *c, const char **v, int max)
{
	uint32_t len = c->hdr.len, start = 0;
	int n = 0;

	if (!len || c->body[len - 1] != '\0')
		return -1;
	for (uint32_t i = 0; i < len; i++) {
		if (c->body[i])
			continue;
		if (n == max)
			return -1;
		v[n++] = &c->body[start];
		start = i + 1;
	}
	return n;
}

static bool parse_domid(const char *s, uint16_t *domid)
{
	uint32_t v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 0xffff)
			return false;
		v = v * 10 + (uint32_t)(*s - '0');
	}
	if (v > 0xffff)
		return false;
	*domid = (uint16_t)v;
	return true;
}

static const char perm_letters[4] = { 'n', 'r', 'w', 'b' };

static bool parse_perm(const char *s, struct xs_perm *p)
{
	for (uint8_t bits = 0; bits < 4; bits++)
		if (s[0] == perm_letters[bits]) {
			p->perm = bits;
			return parse_domid(s + 1, &p->domid);
		}
	return false;
}

static void do_read(struct xs_server *s, struct xs_conn *c, const char *path)
{
	static char value[XS_VALUE_MAX];
	size_t len = 0;
	int rc = xs_read(&s->store, c->domid, c->hdr.tx_id, path, value, sizeof(value), &len);

	reply_data(c, rc, value, len);
}

/* XS_WRITE's value is not NUL-terminated: path, NUL, then the bytes. */
static void do_write(struct xs_server *s, struct xs_conn *c)
{
	size_t plen = strnlen(c->body, c->hdr.len);

	if (plen == c->hdr.len) {
		reply_error(c, -XEN_EINVAL);
		return;
	}
	reply_status(c, xs_write(&s->store, c->domid, c->hdr.tx_id, c->body,
				 c->body + plen + 1, c->hdr.len - plen - 1));
}

static void do_directory(struct xs_server *s, struct xs_conn *c, const char *path)
{
	static char buf[XENSTORE_PAYLOAD_MAX];
	size_t len = 0;
	int rc = xs_directory(&s->store, c->domid, c->hdr.tx_id, path, buf, sizeof(buf), &len);

	reply_data(c, rc, buf, len);
}

static void do_get_perms(struct xs_server *s, struct xs_conn *c, const char *path)
{
	struct xs_perm perms[XS_MAX_PERMS];
	char buf[XS_MAX_PERMS * 8];
	unsigned int nr = 0;
	size_t len = 0;
	int rc = xs_get_perms(&s->store, c->domid, path, perms, &nr);

	if (rc) {
		reply_error(c, rc);
		return;
	}
	for (unsigned int i = 0; i < nr; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%c%u",
					perm_letters[perms[i].perm & 3], perms[i].domid) + 1;
	reply(c, buf, len);
}

static void do_set_perms(struct xs_server *s, struct xs_conn *c,
			 const char **v, int n)
{
	struct xs_perm perms[XS_MAX_PERMS];

	if (n < 2) {
		reply_error(c, -XEN_EINVAL);
		return;
	}
	for (int i = 1; i < n; i++)
		if (!parse_perm(v[i], &perms[i - 1])) {
			reply_error(c, -XEN_EINVAL);
			return;
		}
	reply_status(c, xs_set_perms(&s->store, c->domid, v[0], perms, (unsigned int)n - 1));
}

/* Xen answers OK before the watch's first event, which xs_watch fires at
 * once: the OK is queued first and taken back if the watch fails (a
 * failed watch fires nothing, so nothing was queued after it). */
static void do_watch(struct xs_server *s, struct xs_conn *c, const char *path,
		     const char *token)
{
	uint32_t before = c->out_len;
	int rc;

	reply_status(c, 0);
	rc = xs_watch(&s->store, c->domid, path, token);
	if (rc) {
		c->out_len = before;
		reply_error(c, rc);
	}
}

static void do_transaction_start(struct xs_server *s, struct xs_conn *c)
{
	char id[12];
	uint32_t tx;
	int rc = xs_transaction_start(&s->store, c->domid, &tx);

	if (rc) {
		reply_error(c, rc);
		return;
	}
	reply(c, id, (size_t)snprintf(id, sizeof(id), "%u", tx) + 1);
}

static void do_transaction_end(struct xs_server *s, struct xs_conn *c, const char *arg)
{
	if (strcmp(arg, "T") && strcmp(arg, "F")) {
		reply_error(c, -XEN_EINVAL);
		return;
	}
	reply_status(c, xs_transaction_end(&s->store, c->domid, c->hdr.tx_id,
					   !strcmp(arg, "T")));
}

static struct xs_conn *conn_of(struct xs_server *s, uint16_t domid)
{
	for (unsigned int i = 0; i < XS_MAX_CONNS; i++)
		if (s->conns[i].used && s->conns[i].domid == domid)
			return &s->conns[i];
	return NULL;
}

static void do_domain_query(struct xs_server *s, struct xs_conn *c, const char *arg)
{
	char buf[32];
	uint16_t domid;

	if (!parse_domid(arg, &domid)) {
		reply_error(c, -XEN_EINVAL);
		return;
	}
	if (c->hdr.type == XS_GET_DOMAIN_PATH)
		reply(c, buf, (size_t)snprintf(buf, sizeof(buf), "/local/domain/%u", domid) + 1);
	else
		reply(c, conn_of(s, domid) ? "T" : "F", 2);
}

static bool parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return true;
}

/* "domid\0mfn\0port\0": the caller's hook reaches the ring and connects. */
static void do_introduce(struct xs_server *s, struct xs_conn *c, uint16_t domid,
			 const char **v, bool connected)
{
	uint64_t mfn, port;
	int rc;

	if (!parse_u64(v[1], &mfn) || !parse_u64(v[2], &port) || port > UINT32_MAX) {
		reply_error(c, -XEN_EINVAL);
		return;
	}
	if (connected) {
		reply_error(c, -XEN_EISCONN);
		return;
	}
	if (!s->introduce) {
		reply_error(c, -XEN_ENOSYS);
		return;
	}
	rc = s->introduce(s->introduce_ctx, domid, mfn, (uint32_t)port);
	reply_status(c, rc);
	if (!rc)	/* Xen's @introduceDomain */
		fire_special(s, "@introduceDomain");
}

/* Introduce, release, resume: the toolstack's, so only the control
 * domain's. Introducing needs the caller to reach the ring, which only
 * the xenstore domain's main loop can: announced through s->introduce. */
static void do_domain_control(struct xs_server *s, struct xs_conn *c,
			      const char **v, int n)
{
	uint16_t domid;
	struct xs_conn *target;

	if (c->domid != XS_PRIV_DOMID) {
		reply_error(c, -XEN_EACCES);
		return;
	}
	if (n < 1 || !parse_domid(v[0], &domid) ||
	    (c->hdr.type == XS_INTRODUCE && n != 3)) {
		reply_error(c, -XEN_EINVAL);
		return;
	}
	target = conn_of(s, domid);
	if (c->hdr.type == XS_INTRODUCE) {
		do_introduce(s, c, domid, v, target != NULL);
		return;
	}
	if (!target) {
		reply_error(c, -XEN_ENOENT);
		return;
	}
	if (c->hdr.type == XS_RELEASE)
		xs_server_disconnect(s, target);
	reply_status(c, 0);
}

/* The requests whose arguments are NUL-terminated strings. */
static void handle_string_args(struct xs_server *s, struct xs_conn *c)
{
	const char *v[MAX_ARGS];
	int n = split_args(c, v, MAX_ARGS);
	uint32_t t = c->hdr.type;

	if (n < 1 || ((t == XS_WATCH || t == XS_UNWATCH) ? n != 2 :
		      t != XS_SET_PERMS && t != XS_INTRODUCE && n != 1)) {
		reply_error(c, -XEN_EINVAL);
		return;
	}
	switch (t) {
	case XS_READ:		do_read(s, c, v[0]); break;
	case XS_MKDIR:		reply_status(c, xs_mkdir(&s->store, c->domid, c->hdr.tx_id, v[0])); break;
	case XS_RM:		reply_status(c, xs_rm(&s->store, c->domid, c->hdr.tx_id, v[0])); break;
	case XS_DIRECTORY:	do_directory(s, c, v[0]); break;
	case XS_GET_PERMS:	do_get_perms(s, c, v[0]); break;
	case XS_SET_PERMS:	do_set_perms(s, c, v, n); break;
	case XS_WATCH:		do_watch(s, c, v[0], v[1]); break;
	case XS_UNWATCH:	reply_status(c, xs_unwatch(&s->store, c->domid, v[0], v[1])); break;
	case XS_TRANSACTION_END: do_transaction_end(s, c, v[0]); break;
	case XS_GET_DOMAIN_PATH:
	case XS_IS_DOMAIN_INTRODUCED: do_domain_query(s, c, v[0]); break;
	default:		do_domain_control(s, c, v, n); break;
	}
}

static void handle(struct xs_server *s, struct xs_conn *c)
{
	switch (c->hdr.type) {
	case XS_WRITE:
		do_write(s, c);
		break;
	case XS_RESET_WATCHES:	/* Xen's do_reset_watches: transactions go too */
		xs_release_domain(&s->store, c->domid);
		reply_status(c, 0);
		break;
	case XS_TRANSACTION_START:	/* its argument ("") says nothing */
		do_transaction_start(s, c);
		break;
	case XS_READ: case XS_MKDIR: case XS_RM: case XS_DIRECTORY:
	case XS_GET_PERMS: case XS_SET_PERMS: case XS_WATCH: case XS_UNWATCH:
	case XS_TRANSACTION_END:
	case XS_GET_DOMAIN_PATH: case XS_IS_DOMAIN_INTRODUCED:
	case XS_INTRODUCE: case XS_RELEASE: case XS_RESUME:
		handle_string_args(s, c);
		break;
	case XS_WATCH_EVENT: case XS_ERROR:
		reply_error(c, -XEN_EINVAL);	/* ours to send, not to receive */
		break;
	default:
		reply_error(c, -XEN_ENOSYS);
		break;
	}
}

/* ---- connections ---- */

static void watch_event(void *ctx, uint16_t domid, const char *path, const char *token)
{
	struct xs_conn *c = conn_of(ctx, domid);
	char body[XS_PATH_MAX + XS_TOKEN_MAX];
	size_t plen = strlen(path) + 1, tlen = strlen(token) + 1;

	if (!c || plen + tlen > sizeof(body))
		return;
	memcpy(body, path, plen);
	memcpy(body + plen, token, tlen);
	queue(c, XS_WATCH_EVENT, NULL, body, plen + tlen);
}

void xs_server_init(struct xs_server *s)
{
	memset(s->conns, 0, sizeof(s->conns));
	s->introduce = NULL;
	s->introduce_ctx = NULL;
	xs_init(&s->store, watch_event, s);
}

struct xs_conn *xs_server_connect(struct xs_server *s, uint16_t domid,
				  struct xenstore_domain_interface *ring)
{
	if (conn_of(s, domid))
		return NULL;
	for (unsigned int i = 0; i < XS_MAX_CONNS; i++) {
		struct xs_conn *c = &s->conns[i];

		if (c->used)
			continue;
		memset(c, 0, sizeof(*c));
		c->used = true;
		c->domid = domid;
		c->ring = ring;
		return c;
	}
	return NULL;
}

void xs_server_disconnect(struct xs_server *s, struct xs_conn *c)
{
	uint16_t domid = c->domid;

	xs_release_domain(&s->store, domid);
	c->used = false;
	fire_special(s, "@releaseDomain");	/* whoever watches hears it went */
}

void xs_server_introduced(struct xs_server *s)
{
	fire_special(s, "@introduceDomain");
}

bool xs_server_process(struct xs_server *s, struct xs_conn *c)
{
	uint32_t req_cons = c->ring->req_cons, rsp_prod = c->ring->rsp_prod;

	if (c->broken || !c->used)
		return false;
	flush_out(c);
	/* A request may release the connection it came on (the control
	 * domain's XS_RELEASE of itself): nothing after it is served, or a
	 * watch could outlive its domain's release. */
	while (c->used && !c->broken && out_room(c) >= MAX_MSG && read_message(c)) {
		c->body[c->hdr.len] = '\0';
		c->requests++;
		handle(s, c);
		c->have = 0;
		flush_out(c);
	}
	return c->ring->req_cons != req_cons || c->ring->rsp_prod != rsp_prod;
}
