/* SPDX-License-Identifier: GPL-2.0-only */
/* `parvus run --hostfwd` and `--guestfwd` (see hostfwd.h): one forward
 * checked and spelled out for QEMU's -netdev user. */
#include "hostfwd.h"
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLIRP_NET	0x0a000200u	/* QEMU's user network, 10.0.2.0/24 */
#define SLIRP_GATEWAY	2
#define SLIRP_DNS	3

/* "PORT" (decimal, 1 to 65535, nothing after it) into *port. */
static int parse_port(const char *s, unsigned int *port)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtoul(s, &end, 10);
	if (*end || v < 1 || v > 65535)
		return -1;
	*port = (unsigned int)v;
	return 0;
}

/* "[ADDR]:PORT" into addr (copied, "" if none) and *port. */
static int split_side(const char *s, char *addr, size_t size, unsigned int *port)
{
	const char *colon = strrchr(s, ':');

	if (!colon || (size_t)(colon - s) >= size)
		return -1;
	memcpy(addr, s, (size_t)(colon - s));
	addr[colon - s] = '\0';
	return parse_port(colon + 1, port);
}

static int guest_address_ok(const char *addr)
{
	struct in_addr a;
	uint32_t host;

	if (inet_pton(AF_INET, addr, &a) != 1)
		return 0;
	host = ntohl(a.s_addr);
	return (host & ~0xffu) == SLIRP_NET && (host & 0xff) > SLIRP_DNS && (host & 0xff) < 255;
}

int hostfwd_parse(const char *spec, char *out, char *why, size_t why_len)
{
	char host[40], guest[40], addr[24];
	const char *proto = "tcp", *s = spec, *dash = strchr(spec, '-');
	unsigned int hport, gport;

	if (!strncmp(s, "tcp:", 4) || !strncmp(s, "udp:", 4)) {
		proto = !strncmp(s, "udp:", 4) ? "udp" : "tcp";
		s += 4;
	} else if (s[0] == ':' && dash && memchr(s + 1, ':', (size_t)(dash - s - 1))) {
		s++;	/* QEMU's empty protocol: tcp */
	}
	if (!dash || strchr(dash + 1, '-') || (size_t)(dash - s) >= sizeof(host) ||
	    strlen(dash + 1) >= sizeof(guest))
		goto syntax;
	memcpy(host, s, (size_t)(dash - s));
	host[dash - s] = '\0';
	strcpy(guest, dash + 1);
	if (split_side(host, addr, sizeof(addr), &hport))
		goto syntax;
	if (addr[0] && strcmp(addr, "127.0.0.1"))
		return snprintf(why, why_len, "--hostfwd %s: host address %s: Parvus forwards "
				"only from 127.0.0.1 (the network is restricted to this "
				"machine)", spec, addr), -1;
	if (split_side(guest, addr, sizeof(addr), &gport))
		goto syntax;
	if (!addr[0])
		strcpy(addr, "10.0.2.15");
	if (!guest_address_ok(addr))
		return snprintf(why, why_len, "--hostfwd %s: guest address %s: not a guest's "
				"address on QEMU's user network (10.0.2.4 to 10.0.2.254)",
				spec, addr), -1;
	snprintf(out, HOSTFWD_LEN, "hostfwd=%s:127.0.0.1:%u-%s:%u", proto, hport, addr, gport);
	return 0;
syntax:
	return snprintf(why, why_len, "--hostfwd %s: expected [tcp|udp:][127.0.0.1]:HOSTPORT-"
			"[GUESTADDR]:GUESTPORT, ports 1 to 65535", spec), -1;
}

/* path for QEMU's option syntax (commas doubled) inside single quotes
 * (glib's shell parsing of a cmd: forward), into out: -1 if it cannot be. */
static int quote_path(const char *path, char *out, size_t size)
{
	size_t n = 0;

	out[n++] = '\'';
	for (; *path; path++) {
		if (*path == '\'' || n + 4 > size)
			return -1;
		out[n++] = *path;
		if (*path == ',')
			out[n++] = ',';
	}
	out[n++] = '\'';
	out[n] = '\0';
	return 0;
}

int guestfwd_parse(const char *spec, const char *parvus, char *out, char *why, size_t why_len)
{
	char guest[40], host[40], addr[24], haddr[24], quoted[GUESTFWD_LEN - 64];
	const char *s = !strncmp(spec, "tcp:", 4) ? spec + 4 : spec, *dash = strchr(s, '-');
	unsigned int gport, hport;

	if (!strncmp(spec, "udp:", 4))
		return snprintf(why, why_len, "--guestfwd %s: only tcp (QEMU forwards no udp "
				"from a guest)", spec), -1;
	if (!dash || strchr(dash + 1, '-') || (size_t)(dash - s) >= sizeof(guest) ||
	    strlen(dash + 1) >= sizeof(host))
		goto syntax;
	memcpy(guest, s, (size_t)(dash - s));
	guest[dash - s] = '\0';
	strcpy(host, dash + 1);
	if (split_side(guest, addr, sizeof(addr), &gport))
		goto syntax;
	if (!guest_address_ok(addr))
		return snprintf(why, why_len, "--guestfwd %s: %s: not an address on QEMU's user "
				"network for a forward (10.0.2.4 to 10.0.2.254)", spec,
				addr[0] ? addr : "no address"), -1;
	if (strchr(host, ':') ? split_side(host, haddr, sizeof(haddr), &hport) ||
				strcmp(haddr, "127.0.0.1")
			      : parse_port(host, &hport))
		return snprintf(why, why_len, "--guestfwd %s: the host side must be [127.0.0.1:]PORT, "
				"port 1 to 65535 (the network is restricted to this machine)",
				spec), -1;
	if (quote_path(parvus, quoted, sizeof(quoted)))
		return snprintf(why, why_len, "--guestfwd: the parvus binary's path %s is too long "
				"or holds a quote (QEMU runs it for each connection)", parvus), -1;
	snprintf(out, GUESTFWD_LEN, "guestfwd=tcp:%s:%u-cmd:%s connect %u", addr, gport, quoted, hport);
	return 0;
syntax:
	return snprintf(why, why_len, "--guestfwd %s: expected [tcp:]GUESTADDR:GUESTPORT-"
			"[127.0.0.1:]HOSTPORT, ports 1 to 65535", spec), -1;
}
