/* SPDX-License-Identifier: GPL-2.0-only */
/* shell: the small interactive guest `make run-shells` boots: a prompt on the
 * domain's console ring (the hypervisor's back end puts it on the serial
 * port, Ctrl-A three times moves input between domains) and a few
 * commands over xenstore, so two of them can see each other's nodes:
 *   help | ls PATH | read PATH | write PATH VALUE | rm PATH | uptime | poweroff */
#include "guest.h"
#include "events.h"
#include "xs_client.h"
#include <xen/io/console.h>

#define VIRT_BASE	0xffffffff80000000UL
#define M2P		((const uint64_t *)MACH2PHYS_VIRT_START)

static volatile struct xencons_interface *ring;
static evtchn_port_t port;
static char name[32] = "guest";
static bool have_store;

static void notify(void)
{
	struct evtchn_send s = { port };

	evtchn_op(EVTCHNOP_send, &s);
}

static void put(const char *s, size_t n)
{
	uint32_t prod = ring->out_prod;

	while (n) {
		while (prod - ring->out_cons >= sizeof(ring->out))
			notify();	/* the back end drains it synchronously */
		ring->out[MASK_XENCONS_IDX(prod++, ring->out)] = *s++;
		n--;
	}
	barrier();	/* data before the index */
	ring->out_prod = prod;
	notify();
}

static void say(const char *fmt, ...) __printf(1, 2);
static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put(buf, MIN((size_t)n, sizeof(buf) - 1));
}

/* Blocks in SCHEDOP_poll until the back end puts a byte in in[]. */
static char get_char(void)
{
	struct sched_poll poll = { .nr_ports = 1 };
	volatile xen_ulong_t *word = &guest_shared_info->evtchn_pending[port / 64];

	set_xen_guest_handle(poll.ports, &port);
	while (ring->in_cons == ring->in_prod) {
		HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
		__atomic_and_fetch(word, ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
	}
	return ring->in[MASK_XENCONS_IDX(ring->in_cons++, ring->in)];
}

/* A line with echo and backspace, as a terminal in raw mode needs. */
static void read_line(char *buf, size_t size)
{
	size_t n = 0;

	for (;;) {
		char c = get_char();

		if (c == '\r' || c == '\n') {
			say("\n");
			buf[n] = '\0';
			return;
		}
		if ((c == 0x7f || c == '\b') && n) {
			n--;
			say("\b \b");
		} else if (c >= ' ' && c < 0x7f && n + 1 < size) {
			buf[n++] = c;
			put(&c, 1);
		}
	}
}

static char *next_arg(char **p)
{
	char *s = *p, *start;

	while (*s == ' ')
		s++;
	start = s;
	while (*s && *s != ' ')
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return start;
}

static void say_result(int rc, const char *what)
{
	if (rc < 0)
		say("%s: error %d\n", what, rc);
}

static void xs_command(const char *cmd, char *rest)
{
	static char out[1024];
	char *path = next_arg(&rest);
	int rc;

	if (!have_store) {
		say("no xenstore in this machine\n");
	} else if (!strcmp(cmd, "ls")) {
		rc = xs_directory(*path ? path : ".", out, sizeof(out));
		for (int i = 0; rc > 0 && i < rc; i += (int)strlen(out + i) + 1)
			say("%s\n", out + i);
		say_result(rc, "ls");
	} else if (!strcmp(cmd, "read")) {
		rc = xs_read(path, out, sizeof(out));
		if (rc >= 0)
			say("%s\n", out);
		say_result(rc, "read");
	} else if (!strcmp(cmd, "write")) {
		while (*rest == ' ')
			rest++;
		say_result(xs_write(path, rest), "write");
	} else {
		say_result(xs_rm(path), "rm");
	}
}

static bool run_command(char *line)
{
	char *cmd = next_arg(&line);

	if (!*cmd)
		return true;
	if (!strcmp(cmd, "help")) {
		say("commands: ls PATH, read PATH, write PATH VALUE, rm PATH, uptime, poweroff\n");
	} else if (!strcmp(cmd, "ls") || !strcmp(cmd, "read") || !strcmp(cmd, "write") ||
		   !strcmp(cmd, "rm")) {
		xs_command(cmd, line);
	} else if (!strcmp(cmd, "uptime")) {
		uint64_t ms = guest_now_ns() / 1000000;

		say("up %lu.%03lu s\n", (unsigned long)(ms / 1000), (unsigned long)(ms % 1000));
	} else if (!strcmp(cmd, "poweroff") || !strcmp(cmd, "exit")) {
		return false;
	} else {
		say("%s: unknown command (try help)\n", cmd);
	}
	return true;
}

void guest_main(void)
{
	char line[256];

	guest_arg("name", name, sizeof(name));
	have_store = start_info->store_evtchn != 0;
	if (have_store)
		xs_client_init();
	else
		events_map_shared_info();
	port = start_info->console.domU.evtchn;
	ring = (volatile struct xencons_interface *)
		(VIRT_BASE + M2P[start_info->console.domU.mfn] * 4096);
	say("%s: Parvus PV shell; type help\n", name);
	do {
		say("%s$ ", name);
		read_line(line, sizeof(line));
	} while (run_command(line));
	say("%s: powering off\n", name);
}
