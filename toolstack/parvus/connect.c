/* SPDX-License-Identifier: GPL-2.0-only */
/* `parvus connect PORT`: what QEMU runs for each connection a guest makes
 * to a --guestfwd address (hostfwd.h). Its standard input and output are
 * that connection; it relays bytes both ways to 127.0.0.1:PORT (never
 * another host: the network is restricted to this machine) until both
 * sides have closed. */
#include "connect.h"
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int connect_loopback(unsigned int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int s = socket(AF_INET, SOCK_STREAM, 0);

	if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof(sa))) {
		fprintf(stderr, "parvus connect: 127.0.0.1:%u: %s\n", port, strerror(errno));
		return -1;
	}
	return s;
}

/* One read from in written whole to out: 1, 0 at end of input, -1. */
static int pump(int in, int out)
{
	char buf[16384];
	ssize_t n = read(in, buf, sizeof(buf));

	if (n <= 0)
		return n == 0 || errno == ECONNRESET ? 0 : -1;
	for (ssize_t done = 0, w; done < n; done += w)
		if ((w = write(out, buf + done, (size_t)(n - done))) < 0)
			return -1;
	return 1;
}

int connect_relay(int argc, char **argv)
{
	struct pollfd fds[2] = { { .fd = 0, .events = POLLIN }, { .events = POLLIN } };
	char *end;
	unsigned long port = argc == 2 ? strtoul(argv[1], &end, 10) : 0;
	int open_sides = 2;

	if (argc != 2 || *end || port < 1 || port > 65535) {
		fputs("usage: parvus connect PORT   (relays standard input and output to "
		      "127.0.0.1:PORT)\n", stderr);
		return 2;
	}
	fds[1].fd = connect_loopback((unsigned int)port);
	if (fds[1].fd < 0)
		return 1;
	while (open_sides) {
		if (poll(fds, 2, -1) < 0 && errno != EINTR)
			return 1;
		for (int i = 0; i < 2; i++) {
			int rc;

			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			rc = pump(fds[i].fd, i ? 1 : fds[1].fd);
			if (rc < 0)
				return 1;
			if (rc == 0) {	/* that side is done sending: pass the end on */
				shutdown(i ? 1 : fds[1].fd, SHUT_WR);
				fds[i].fd = -1;
				open_sides--;
			}
		}
	}
	return 0;
}
