/* SPDX-License-Identifier: GPL-2.0-only */
/* The test guests' xenstore client (see xs_client.h): the front half of
 * xs_wire. Requests go into req[] and the reply is read from rsp[]; both
 * rings are 1024 bytes with free-running indexes, the producer writes the
 * data before the index and notifies over the store event channel. */
#include "guest.h"
#include "events.h"
#include "xs_client.h"
#include <xen/io/xs_wire.h>

#define VIRT_BASE	0xffffffff80000000UL
#define MAX_PENDING_WATCHES 8

static volatile struct xenstore_domain_interface *ring;
static evtchn_port_t port;
static uint32_t next_req_id = 1;

struct watch_event {
	char path[128];
	char token[64];
};
static struct watch_event pending[MAX_PENDING_WATCHES];
static unsigned int nr_pending;
static bool lossy;		/* xs_client_lossy_watches */
static unsigned long lost;

void xs_client_init(void)
{
	uint64_t pfn = ((const uint64_t *)MACH2PHYS_VIRT_START)[start_info->store_mfn];

	events_map_shared_info();
	ring = (volatile struct xenstore_domain_interface *)(VIRT_BASE + pfn * 4096);
	port = start_info->store_evtchn;
}

static void notify(void)
{
	struct evtchn_send send = { .port = port };

	evtchn_op(EVTCHNOP_send, &send);
}

volatile struct xenstore_domain_interface *xs_client_ring(void)
{
	return ring;
}

void xs_client_notify(void)
{
	notify();
}

/* Sleeps until the store port is pending, then clears it. */
static void wait_for_store(void)
{
	volatile xen_ulong_t *word = &guest_shared_info->evtchn_pending[port / 64];
	struct sched_poll poll = { .nr_ports = 1, .timeout = 0 };

	set_xen_guest_handle(poll.ports, &port);
	while (!(*word & (1UL << (port % 64))))
		HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
	__atomic_and_fetch(word, ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
}

static void write_req(const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		uint32_t prod = ring->req_prod, cons = ring->req_cons;
		size_t room = XENSTORE_RING_SIZE - (prod - cons), n = 0;

		for (; n < len && n < room; n++)
			ring->req[MASK_XENSTORE_IDX(prod + n)] = p[n];
		barrier();	/* data before the index */
		ring->req_prod = prod + (uint32_t)n;
		notify();
		p += n;
		len -= n;
		if (len)
			wait_for_store();
	}
}

static void read_rsp(void *data, size_t len)
{
	char *p = data;

	while (len) {
		uint32_t cons = ring->rsp_cons, prod = ring->rsp_prod;
		size_t n = 0;

		barrier();	/* the index before data */
		for (; n < len && cons + n != prod; n++)
			p[n] = ring->rsp[MASK_XENSTORE_IDX(cons + n)];
		barrier();	/* data read before the space is given back */
		ring->rsp_cons = cons + (uint32_t)n;
		if (n)
			notify();
		p += n;
		len -= n;
		if (len)
			wait_for_store();
	}
}

static void keep_watch_event(const char *body, size_t len)
{
	struct watch_event *w;
	size_t plen = strnlen(body, len);

	if (nr_pending == MAX_PENDING_WATCHES && lossy) {
		lost++;
		return;
	}
	if (nr_pending == MAX_PENDING_WATCHES || plen + 1 >= len) {
		guest_fail("xs_client: watch event dropped");
		return;
	}
	w = &pending[nr_pending++];
	strlcpy(w->path, body, sizeof(w->path));
	strlcpy(w->token, body + plen + 1, sizeof(w->token));
}

/* Reads one message; returns its header, body in buf (NUL-terminated). */
static struct xsd_sockmsg read_msg(char *buf, size_t size)
{
	static char body[XENSTORE_PAYLOAD_MAX + 1];
	struct xsd_sockmsg msg;

	read_rsp(&msg, sizeof(msg));
	if (msg.len > XENSTORE_PAYLOAD_MAX) {
		guest_fail("xs_client: reply of %u bytes", msg.len);
		msg.len = 0;
	}
	read_rsp(body, msg.len);
	body[msg.len] = '\0';
	memcpy(buf, body, MIN((size_t)msg.len + 1, size));
	if (size)
		buf[size - 1] = '\0';
	return msg;
}

static const struct { const char *name; int err; } errors[] = {
	{ "EINVAL", XEN_EINVAL }, { "EACCES", XEN_EACCES }, { "EEXIST", XEN_EEXIST },
	{ "EISDIR", XEN_EISDIR }, { "ENOENT", XEN_ENOENT }, { "ENOMEM", XEN_ENOMEM },
	{ "ENOSPC", XEN_ENOSPC }, { "EIO", XEN_EIO }, { "ENOTEMPTY", XEN_ENOTEMPTY },
	{ "ENOSYS", XEN_ENOSYS }, { "EROFS", XEN_EROFS }, { "EBUSY", XEN_EBUSY },
	{ "EAGAIN", XEN_EAGAIN }, { "EISCONN", XEN_EISCONN }, { "E2BIG", XEN_E2BIG },
	{ "EPERM", XEN_EPERM },
};

static int error_number(const char *name)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(errors); i++)
		if (!strcmp(errors[i].name, name))
			return -errors[i].err;
	guest_fail("xs_client: unknown error %s", name);
	return -XEN_EIO;
}

int xs_request(uint32_t type, uint32_t tx, const void *payload, size_t len,
	       char *out, size_t size)
{
	static char body[XENSTORE_PAYLOAD_MAX + 1];
	struct xsd_sockmsg msg = { .type = type, .req_id = next_req_id++,
				   .tx_id = tx, .len = (uint32_t)len };

	write_req(&msg, sizeof(msg));
	write_req(payload, len);
	for (;;) {
		struct xsd_sockmsg reply = read_msg(body, sizeof(body));

		if (reply.type == XS_WATCH_EVENT) {
			keep_watch_event(body, reply.len);
			continue;
		}
		if (reply.req_id != msg.req_id)
			guest_fail("xs_client: reply to request %u, want %u",
				   reply.req_id, msg.req_id);
		if (reply.type == XS_ERROR)
			return error_number(body);
		if (reply.type != type)
			guest_fail("xs_client: reply type %u to request type %u",
				   reply.type, type);
		if (out && size) {
			memcpy(out, body, MIN((size_t)reply.len + 1, size));
			out[size - 1] = '\0';
		}
		return (int)reply.len;
	}
}

/* Path and value as one payload: "path\0value" (no NUL after value). */
static int path_and_value(uint32_t type, const char *path, const char *value,
			  size_t vlen)
{
	static char buf[XENSTORE_PAYLOAD_MAX];
	size_t plen = strlen(path) + 1;
	int rc;

	if (plen + vlen > sizeof(buf))
		return -XEN_E2BIG;
	memcpy(buf, path, plen);
	memcpy(buf + plen, value, vlen);
	rc = xs_request(type, 0, buf, plen + vlen, NULL, 0);
	return rc < 0 ? rc : 0;
}

int xs_read(const char *path, char *value, size_t size)
{
	return xs_request(XS_READ, 0, path, strlen(path) + 1, value, size);
}

int xs_write(const char *path, const char *value)
{
	return path_and_value(XS_WRITE, path, value, strlen(value));
}

static int simple(uint32_t type, const char *path)
{
	int rc = xs_request(type, 0, path, strlen(path) + 1, NULL, 0);

	return rc < 0 ? rc : 0;
}

int xs_mkdir(const char *path) { return simple(XS_MKDIR, path); }
int xs_rm(const char *path) { return simple(XS_RM, path); }

int xs_set_perms(const char *path, const char *perms, size_t len)
{
	return path_and_value(XS_SET_PERMS, path, perms, len);
}

int xs_get_perms(const char *path, char *out, size_t size)
{
	return xs_request(XS_GET_PERMS, 0, path, strlen(path) + 1, out, size);
}

int xs_directory(const char *path, char *out, size_t size)
{
	return xs_request(XS_DIRECTORY, 0, path, strlen(path) + 1, out, size);
}

static int watch_op(uint32_t type, const char *path, const char *token)
{
	return path_and_value(type, path, token, strlen(token) + 1);
}

int xs_watch(const char *path, const char *token) { return watch_op(XS_WATCH, path, token); }
int xs_unwatch(const char *path, const char *token) { return watch_op(XS_UNWATCH, path, token); }

int xs_wait_watch(char *path, size_t path_size, char *token, size_t token_size)
{
	static char body[XENSTORE_PAYLOAD_MAX + 1];

	while (!nr_pending) {
		struct xsd_sockmsg msg;

		if (lost) {		/* stands for all those dropped */
			lost = 0;
			strlcpy(path, "", path_size);
			strlcpy(token, "", token_size);
			return 0;
		}
		msg = read_msg(body, sizeof(body));
		if (msg.type != XS_WATCH_EVENT) {
			guest_fail("xs_client: unexpected message type %u", msg.type);
			return -XEN_EIO;
		}
		keep_watch_event(body, msg.len);
	}
	strlcpy(path, pending[0].path, path_size);
	strlcpy(token, pending[0].token, token_size);
	memmove(&pending[0], &pending[1], --nr_pending * sizeof(pending[0]));
	return 0;
}

int xs_poll_watch(char *path, size_t path_size, char *token, size_t token_size)
{
	if (!nr_pending && !lost && ring->rsp_prod == ring->rsp_cons)
		return -XEN_EAGAIN;
	return xs_wait_watch(path, path_size, token, token_size);
}

void xs_client_lossy_watches(void)
{
	lossy = true;
}

evtchn_port_t xs_client_port(void)
{
	return port;
}

int xs_transaction_start(uint32_t *tx)
{
	char id[16];
	int rc = xs_request(XS_TRANSACTION_START, 0, "", 1, id, sizeof(id));
	uint32_t v = 0;

	if (rc < 0)
		return rc;
	for (const char *p = id; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (uint32_t)(*p - '0');
	*tx = v;
	return 0;
}

int xs_transaction_end(uint32_t tx, int commit)
{
	int rc = xs_request(XS_TRANSACTION_END, tx, commit ? "T" : "F", 2, NULL, 0);

	return rc < 0 ? rc : 0;
}
