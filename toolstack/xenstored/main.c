/* SPDX-License-Identifier: GPL-2.0-only */
/* xenstored as the xenstore domain: a small PV guest built on the guest
 * library (guest-lib/). At boot its ramdisk is the hypervisor's seed (one line
 * per domain, parvus/xenstore_seed.h), standing in for a control
 * domain's XS_INTRODUCE calls: it creates /local/domain/<id> for every
 * domain as libxl would, then the device nodes the toolstack decided
 * (the seed's node lines), binds each store port (EVTCHNOP_bind_interdomain)
 * and serves each ring through the reserved grant (ring_copy.c). It
 * sleeps in SCHEDOP_poll on all its ports; VIRQ_DOM_EXC says a domain has
 * gone, whose connection is then released (@releaseDomain fires; its
 * nodes stay). A domain the seed marks "restart" (on_crash=restart) is
 * rebuilt by the hypervisor with the same id and store port, which then
 * raises VIRQ_DOM_EXC again: its port is bound afresh, its new ring
 * (zeroed, behind the same reserved grant) served, and @introduceDomain
 * fires. When every domain it served has gone (one still to come back
 * then is given up), it powers off. Before anything else it
 * maps its code read-only and puts an unmapped page below its stack. */
#include "guest.h"
#include "events.h"
#include "ring_copy.h"
#include "store.h"
#include "boot_nodes.h"
#include "protocol.h"
#include <parvus/manifest.h>
#include <parvus/xenstore_seed.h>

/* The store's pools hold the full quotas of XS_MAX_DOMAINS domains: no
 * more may connect, or a few could again leave another without. */
#define MAX_CONNS XS_MAX_DOMAINS
_Static_assert(MANIFEST_MAX_DOMAINS <= XS_MAX_DOMAINS,
	       "a boot manifest holds more domains than the store's pools");
_Static_assert(MAX_CONNS <= XS_SEED_MAX_DOMAINS, "seed[] is indexed like conns[]");
_Static_assert(MANIFEST_MAX_DRIVER_DOMAINS <= XS_MAX_DRIVER_DOMAINS,
	       "a boot manifest holds more driver domains than the store's pool");

struct conn {
	bool live;
	bool awaited;			/* released, restartable: may come back */
	evtchn_port_t port;		/* ours, bound to the domain's store port */
	struct xs_conn *xs;	/* its xs_wire connection */
	struct ring_copy ring;
};

static struct xs_server server;
static struct conn conns[MAX_CONNS];
static struct xs_seed_domain seed[XS_SEED_MAX_DOMAINS];
static evtchn_port_t dom_exc_port;
static uint16_t self_domid;

static void node(uint16_t domid, const char *rel, const char *value)
{
	char path[XS_PATH_MAX];

	snprintf(path, sizeof(path), "/local/domain/%u%s%s", domid, rel[0] ? "/" : "", rel);
	if (xs_write(&server.store, XS_PRIV_DOMID, 0, path, value, strlen(value)))
		guest_fail("xenstored: cannot seed %s", path);
}

static void number(uint16_t domid, const char *rel, uint64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "%lu", (unsigned long)v);
	node(domid, rel, s);
}

/* perms for /local/domain/<id>/rel: owner, then one reader (or none). */
static void perms(uint16_t domid, const char *rel, uint16_t owner, uint8_t others,
		  bool domain_reads)
{
	char path[XS_PATH_MAX];
	struct xs_perm p[2] = { { owner, others }, { domid, XS_PERM_READ } };

	snprintf(path, sizeof(path), "/local/domain/%u%s%s", domid, rel[0] ? "/" : "", rel);
	if (xs_set_perms(&server.store, XS_PRIV_DOMID, path, p, domain_reads ? 2 : 1))
		guest_fail("xenstored: cannot set permissions of %s", path);
}

/* What libxl writes for a new domain: the directory is the toolstack's
 * and readable by the domain; data/, device/ and control/ are the
 * domain's own to write in. So is backend/, where a driver domain's
 * back ends (blkback, netback) look for their devices: its devices are
 * the domain's own business until the toolstack writes them (16 nodes
 * per domain with it: XS_TOOLSTACK_NODES). */
static void seed_domain(const struct xs_seed_domain *d)
{
	node(d->domid, "", "");
	perms(d->domid, "", XS_PRIV_DOMID, XS_PERM_NONE, true);
	node(d->domid, "name", d->name);
	number(d->domid, "domid", d->domid);
	number(d->domid, "memory/target", d->memory_kib);
	number(d->domid, "memory/static-max", d->memory_kib);
	number(d->domid, "console/ring-ref", d->console_mfn);
	number(d->domid, "console/port", d->console_port);
	if (!d->self) {
		number(d->domid, "store/ring-ref", d->store_mfn);
		number(d->domid, "store/port", d->store_port);
	}
	for (const char *const *dir =
		     (const char *const[]){ "data", "device", "control", "backend", NULL };
	     *dir; dir++) {
		node(d->domid, *dir, "");
		perms(d->domid, *dir, d->domid, XS_PERM_NONE, false);
	}
}

static void connect_domain(struct conn *c, const struct xs_seed_domain *d)
{
	struct evtchn_bind_interdomain bind = { .remote_dom = d->domid,
						.remote_port = d->store_port };

	long rc = evtchn_op(EVTCHNOP_bind_interdomain, &bind);

	if (rc == -XEN_ESRCH) {		/* it ran and ended before we started */
		guest_printf("xenstored: d%u has gone already\n", d->domid);
		return;
	}
	if (rc) {
		guest_fail("xenstored: cannot bind d%u's store port %u: %ld", d->domid,
			   d->store_port, rc);
		return;
	}
	c->port = bind.local_port;
	c->ring.domid = d->domid;
	if (!ring_copy_in(&c->ring)) {
		guest_fail("xenstored: d%u's store ring is not granted to us", d->domid);
		return;
	}
	/* The server's indexes start at 0, as on the page the builder
	 * zeroed; the guest may have queued requests already. */
	c->xs = xs_server_connect(&server, d->domid, &c->ring.shadow);
	c->live = c->xs != NULL;
}

/* A restartable domain that was released: bound again if the hypervisor
 * has rebuilt it (its store port is unbound, waiting for us); quietly
 * not yet otherwise. The old instance's ring state goes. */
static void reconnect(struct conn *c, const struct xs_seed_domain *d)
{
	struct evtchn_bind_interdomain bind = { .remote_dom = d->domid,
						.remote_port = d->store_port };

	if (evtchn_op(EVTCHNOP_bind_interdomain, &bind))
		return;
	memset(&c->ring, 0, sizeof(c->ring));
	c->port = bind.local_port;
	c->ring.domid = d->domid;
	c->awaited = false;
	c->xs = ring_copy_in(&c->ring) ? xs_server_connect(&server, d->domid,
							    &c->ring.shadow) : NULL;
	c->live = c->xs != NULL;
	if (!c->live) {
		struct evtchn_close close = { .port = c->port };

		evtchn_op(EVTCHNOP_close, &close);
		guest_printf("xenstored: d%u came back but its ring is not granted to us\n",
			     d->domid);
		return;
	}
	guest_printf("xenstored: d%u (%s) is back; serving its new instance\n",
		     d->domid, d->name);
	xs_server_introduced(&server);
}

/* XS_INTRODUCE from a control domain (none yet): the same as a seeded
 * domain, reached through the reserved grant; mfn is not needed for that. */
static int introduce(void *ctx, uint16_t domid, uint64_t mfn, uint32_t port)
{
	struct xs_seed_domain d = { .domid = domid, .store_port = port };

	(void)ctx;
	(void)mfn;
	for (unsigned int i = 0; i < MAX_CONNS; i++) {
		if (conns[i].live || conns[i].awaited)
			continue;	/* a restartable domain's place is kept */
		connect_domain(&conns[i], &d);
		return conns[i].live ? 0 : -XEN_EINVAL;
	}
	return -XEN_ENOSPC;
}

static void log_seed(void *ctx, const char *line)
{
	(void)ctx;
	guest_printf("xenstored: %s; line skipped\n", line);
}

/* The toolstack's device nodes (the seed's node lines), made before any
 * domain is served (boot_nodes.c). */
static void seed_nodes(const char *text, size_t len)
{
	struct xs_boot_report r;

	xs_seed_boot_nodes(&server.store, text, len, log_seed, NULL, &r);
	if (r.made || r.refused)
		guest_printf("xenstored: %u device node(s) made, %u seed line(s) refused\n",
			     r.made, r.refused);
}

static void read_seed(void)
{
	const char *text = (const char *)start_info->mod_start;
	int n = xs_seed_parse(text, start_info->mod_len, seed, MAX_CONNS);

	if (n < 0 || start_info->flags & SIF_MOD_START_PFN) {
		guest_fail("xenstored: the domain list (ramdisk) does not parse");
		return;
	}
	for (int i = 0; i < n; i++) {
		if (seed[i].self) {
			self_domid = seed[i].domid;
			seed[i].console_mfn = start_info->console.domU.mfn;
			seed[i].console_port = start_info->console.domU.evtchn;
		}
		seed_domain(&seed[i]);
		if (seed[i].driver && !seed[i].self) {
			if (xs_set_driver_domain(&server.store, seed[i].domid))
				guest_printf("xenstored: d%u: no room for another driver "
					     "domain's quota\n", seed[i].domid);
			else
				guest_printf("xenstored: d%u is a driver domain: quota %u "
					     "nodes, %u watches\n", seed[i].domid,
					     XS_DD_NODE_QUOTA, XS_DD_WATCH_QUOTA);
		}
		if (!seed[i].self)
			connect_domain(&conns[i], &seed[i]);
	}
	seed_nodes(text, start_info->mod_len);
	guest_printf("xenstored: serving %d domain(s)\n", n - 1);
}

static void release(struct conn *c)
{
	struct evtchn_close close = { .port = c->port };

	unsigned long requests = c->xs->requests;

	xs_server_disconnect(&server, c->xs);
	evtchn_op(EVTCHNOP_close, &close);
	c->live = false;
	/* A seeded domain's connection has its seed entry's index. */
	c->awaited = seed[c - conns].restart && seed[c - conns].domid == c->ring.domid;
	guest_printf("xenstored: d%u has gone after %lu request(s); released\n",
		     c->ring.domid, requests);
}

/* A connection whose peer port is no longer bound to us has gone. */
static bool peer_gone(const struct conn *c)
{
	struct evtchn_status st = { .dom = DOMID_SELF, .port = c->port };

	return evtchn_op(EVTCHNOP_status, &st) || st.status != EVTCHNSTAT_interdomain;
}

/* One pass over every ring; true if anything moved. Replies and watch
 * events for one connection can be queued while serving another, so the
 * caller repeats until a pass is quiet. */
static bool serve_all(void)
{
	bool moved = false;

	for (unsigned int i = 0; i < MAX_CONNS; i++) {
		struct conn *c = &conns[i];
		uint32_t req_cons, rsp_prod;
		bool was_broken;

		if (!c->live)
			continue;
		if (!ring_copy_in(&c->ring)) {
			release(c);
			continue;
		}
		req_cons = c->ring.req_cons;
		rsp_prod = c->ring.rsp_prod;
		was_broken = c->xs->broken;
		xs_server_process(&server, c->xs);
		if (c->xs->broken && !was_broken)
			guest_printf("xenstored: d%u broke its ring (error %u); ignoring it\n",
				     c->ring.domid, c->ring.shadow.error);
		if (c->ring.shadow.req_cons == req_cons &&
		    c->ring.shadow.rsp_prod == rsp_prod && c->xs->broken == was_broken)
			continue;
		moved = true;
		if (!ring_copy_out(&c->ring)) {
			release(c);
			continue;
		}
		{
			struct evtchn_send send = { .port = c->port };

			evtchn_op(EVTCHNOP_send, &send);
		}
	}
	return moved;
}

static unsigned int live_conns(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < MAX_CONNS; i++)
		n += conns[i].live;
	return n;
}

static void clear_pending(evtchn_port_t port)
{
	__atomic_and_fetch(&guest_shared_info->evtchn_pending[port / 64],
			   ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
}

/* Sleeps until one of our ports is pending; clears them all first-come:
 * anything arriving after the clear wakes the next poll. */
static void wait_for_work(void)
{
	static evtchn_port_t ports[MAX_CONNS + 1];
	struct sched_poll poll = { 0 };
	unsigned int n = 0;

	ports[n++] = dom_exc_port;
	for (unsigned int i = 0; i < MAX_CONNS; i++)
		if (conns[i].live)
			ports[n++] = conns[i].port;
	set_xen_guest_handle(poll.ports, ports);
	poll.nr_ports = n;
	HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
	for (unsigned int i = 0; i < n; i++)
		clear_pending(ports[i]);
}

/* VIRQ_DOM_EXC (or any wake-up): domains gone are released; those the
 * seed marks restartable are awaited, and taken back once rebuilt. */
static void check_departures(void)
{
	for (unsigned int i = 0; i < MAX_CONNS; i++) {
		if (conns[i].live && peer_gone(&conns[i]))
			release(&conns[i]);
		if (conns[i].awaited)
			reconnect(&conns[i], &seed[i]);
	}
}

void guest_main(void)
{
	struct evtchn_bind_virq virq = { .virq = VIRQ_DOM_EXC, .vcpu = 0 };
	long rc = guest_protect_image();

	/* Every guest's store goes through us: a stray write into our code
	 * or a stack overflow must stop us, not turn us. */
	if (rc) {
		guest_fail("xenstored: cannot map our code read-only: %ld", rc);
		return;
	}
	guest_printf("xenstored: code read-only, stack guarded\n");
	events_map_shared_info();
	xs_server_init(&server);
	server.introduce = introduce;
	if (evtchn_op(EVTCHNOP_bind_virq, &virq)) {
		guest_fail("xenstored: cannot bind VIRQ_DOM_EXC");
		return;
	}
	dom_exc_port = virq.port;
	read_seed();
	while (live_conns()) {
		while (serve_all())
			;
		wait_for_work();
		check_departures();
	}
	for (unsigned int i = 0; i < MAX_CONNS; i++)
		if (conns[i].awaited)
			guest_printf("xenstored: d%u (restartable) is not connected "
				     "now; no longer awaited\n", seed[i].domid);
	guest_printf("xenstored: every domain has gone; stopping\n");
}
