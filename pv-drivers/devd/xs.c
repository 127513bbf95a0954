/* SPDX-License-Identifier: GPL-2.0-only */
/* The xenstore wire protocol (xen/io/xs_wire.h) over /dev/xen/xenbus, the
 * Linux xenbus device (drivers/xen/xenbus/xenbus_dev_frontend.c): a
 * request is one header and its payload written at once; replies and
 * watch events come back as whole messages on read. Requests are
 * synchronous; a watch event that arrives meanwhile is only remembered
 * (the daemon rescans everything on any event, so its path is not needed). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <unistd.h>
#include <xen/io/xs_wire.h>

#include "devd.h"

int xs_open(struct xs *xs)
{
	xs->fd = open(DEVD_XENBUS, O_RDWR | O_CLOEXEC);
	xs->req_id = 0;
	xs->event = false;
	return xs->fd < 0 ? -errno : 0;
}

/* Reads exactly len bytes; a short read or an error ends the daemon: the
 * device gives whole messages, so anything else means it is gone. */
static void read_full(struct xs *xs, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(xs->fd, (char *)buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			devd_log("reading %s: %s", DEVD_XENBUS, n ? strerror(errno) : "end of file");
			exit(1);
		}
		got += n;
	}
}

/* One message into hdr and body (NUL-terminated; the payload limit is
 * checked, a bigger one ends the daemon as a broken device would). */
static void read_msg(struct xs *xs, struct xsd_sockmsg *hdr, char *body)
{
	read_full(xs, hdr, sizeof(*hdr));
	if (hdr->len > XENSTORE_PAYLOAD_MAX) {
		devd_log("xenbus message of %u bytes (type %u): over the %u-byte limit",
			 hdr->len, hdr->type, XENSTORE_PAYLOAD_MAX);
		exit(1);
	}
	read_full(xs, body, hdr->len);
	body[hdr->len] = '\0';
}

static int error_errno(const char *name)
{
	for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (!strcmp(xsd_errors[i].errstring, name))
			return -xsd_errors[i].errnum;
	return -EIO;
}

/* Sends TYPE with the payload a (and b, if any, after it) and waits for
 * its reply, copied to reply (NUL-terminated, truncated to size). Returns
 * the reply's length or -errno. */
static int xs_talk(struct xs *xs, uint32_t type, const char *a, size_t alen,
		   const char *b, size_t blen, char *reply, size_t size)
{
	static char msg[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
	static char body[XENSTORE_PAYLOAD_MAX + 1];
	struct xsd_sockmsg hdr = { .type = type, .req_id = ++xs->req_id,
				   .len = alen + blen };

	if (alen + blen > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	memcpy(msg, &hdr, sizeof(hdr));
	memcpy(msg + sizeof(hdr), a, alen);
	if (blen)
		memcpy(msg + sizeof(hdr) + alen, b, blen);
	if (write(xs->fd, msg, sizeof(hdr) + alen + blen) < 0)
		return -errno;
	for (;;) {
		struct xsd_sockmsg in;

		read_msg(xs, &in, body);
		if (in.type == XS_WATCH_EVENT) {
			xs->event = true;
			continue;
		}
		if (in.req_id != hdr.req_id) {
			devd_log("xenbus reply for request %u while waiting for %u: dropped",
				 in.req_id, hdr.req_id);
			continue;
		}
		if (in.type == XS_ERROR)
			return error_errno(body);
		if (reply && size) {
			size_t n = in.len < size - 1 ? in.len : size - 1;

			memcpy(reply, body, n);
			reply[n] = '\0';
		}
		return in.len;
	}
}

int xs_read(struct xs *xs, const char *path, char *buf, size_t size)
{
	int n = xs_talk(xs, XS_READ, path, strlen(path) + 1, NULL, 0, buf, size);

	return n >= (int)size ? -E2BIG : n;
}

int xs_write(struct xs *xs, const char *path, const char *value)
{
	int n = xs_talk(xs, XS_WRITE, path, strlen(path) + 1, value, strlen(value), NULL, 0);

	return n < 0 ? n : 0;
}

int xs_introduced(struct xs *xs, const char *domid, char *buf, size_t size)
{
	int n = xs_talk(xs, XS_IS_DOMAIN_INTRODUCED, domid, strlen(domid) + 1, NULL, 0, buf,
			size);

	return n >= (int)size ? -E2BIG : n;
}

int xs_rm(struct xs *xs, const char *path)
{
	int n = xs_talk(xs, XS_RM, path, strlen(path) + 1, NULL, 0, NULL, 0);

	return n < 0 ? n : 0;
}

int xs_directory(struct xs *xs, const char *path, char *buf, size_t size)
{
	int n = xs_talk(xs, XS_DIRECTORY, path, strlen(path) + 1, NULL, 0, buf, size);

	return n >= (int)size ? -E2BIG : n;
}

int xs_watch(struct xs *xs, const char *path, const char *token)
{
	char arg[DEVD_PATH_MAX * 2];
	int len = snprintf(arg, sizeof(arg), "%s%c%s", path, '\0', token);
	int n = xs_talk(xs, XS_WATCH, arg, len + 1, NULL, 0, NULL, 0);

	return n < 0 ? n : 0;
}

int xs_set_perms(struct xs *xs, const char *path, char *const *perms, int n)
{
	char arg[DEVD_PATH_MAX + 16 * 8];
	size_t len = strlen(path) + 1;

	if (len > DEVD_PATH_MAX || n < 1 || n > 8)
		return -EINVAL;
	memcpy(arg, path, len);
	for (int i = 0; i < n; i++) {
		size_t l = strlen(perms[i]) + 1;

		if (l > 16)
			return -EINVAL;
		memcpy(arg + len, perms[i], l);
		len += l;
	}
	int r = xs_talk(xs, XS_SET_PERMS, arg, len, NULL, 0, NULL, 0);

	return r < 0 ? r : 0;
}

int xs_wait(struct xs *xs, int timeout_ms)
{
	static char body[XENSTORE_PAYLOAD_MAX + 1];
	struct pollfd p = { .fd = xs->fd, .events = POLLIN };

	while (!xs->event) {
		int n = poll(&p, 1, timeout_ms);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		struct xsd_sockmsg in;

		read_msg(xs, &in, body);
		if (in.type == XS_WATCH_EVENT)
			xs->event = true;
		else
			devd_log("unexpected xenbus message type %u: dropped", in.type);
	}
	xs->event = false;
	return 1;
}

static int node_path(char *out, const char *dir, const char *node)
{
	int n = snprintf(out, DEVD_PATH_MAX, "%s/%s", dir, node);

	return n >= DEVD_PATH_MAX ? -ENAMETOOLONG : 0;
}

int xs_read_node(struct xs *xs, const char *dir, const char *node, char *buf, size_t size)
{
	char p[DEVD_PATH_MAX];
	int rc = node_path(p, dir, node);

	return rc ? rc : xs_read(xs, p, buf, size);
}

int xs_write_node(struct xs *xs, const char *dir, const char *node, const char *value)
{
	char p[DEVD_PATH_MAX];
	int rc = node_path(p, dir, node);

	return rc ? rc : xs_write(xs, p, value);
}

int xs_read_uint(struct xs *xs, const char *dir, const char *node, unsigned long max,
		 unsigned long *out)
{
	char buf[32], *end;
	int rc = xs_read_node(xs, dir, node, buf, sizeof(buf));

	if (rc < 0)
		return rc;
	if (buf[0] < '0' || buf[0] > '9')
		return -EINVAL;
	errno = 0;
	*out = strtoul(buf, &end, 10);
	return (*end || errno || *out > max) ? -EINVAL : 0;
}

int xs_backend_awaits_hotplug(struct xs *xs, const char *dir)
{
	char buf[64];
	unsigned long state;
	int rc;

	if (xs_read_node(xs, dir, "hotplug-status", buf, sizeof(buf)) != -ENOENT)
		return 0;
	rc = xs_read_uint(xs, dir, "state", 8, &state);
	if (rc)
		return rc;
	return state == 1 || state == 2;
}
