/* SPDX-License-Identifier: GPL-2.0-only */
/* The frontends of the pciback service and their xenbus states, as
 * Linux's xen-pciback follows them (drivers/xen/xen-pciback/xenbus.c):
 * for each backend/pci/<domid>/<devid> the toolstack wrote, read the
 * devices (num_devs, dev-N), publish root_num=1 and root-0="0000:00"
 * ("passthrough": real BDFs on bus 0) and go to InitWait; when the
 * frontend is Initialised, read pci-op-ref, event-channel and magic, map
 * its page (GNTTABOP_map_grant_ref), bind its port and go to Connected;
 * when it is Closing or Closed, give back its pirqs, unbind, unmap and go
 * back to InitWait (Closing while it is), so that a restarted frontend
 * connects again. Every value read from the frontend's nodes is checked;
 * a frontend that publishes nonsense is refused (Closing) until it starts
 * again.
 *
 * A frontend whose domain dies without closing (the driver domain
 * crashed: its nodes stay Connected) may come back with the same domid
 * (on_crash=restart) and a new page and port: its old page is unmapped
 * (a dead domain's grant stays mapped until we unmap it), its port
 * closed, its pirqs and MSI/MSI-X state forgotten, and it is served again
 * from InitWait when it starts over (Initialising, then Initialised). It
 * is waited for restart_wait= seconds; only a frontend that closed
 * (Closing or Closed: a clean poweroff runs pcifront's shutdown) is gone
 * at once. A frontend that starts over without closing while its domain
 * lives (restarted faster than we looked) is treated the same way. */
#include "guest.h"
#include "events.h"
#include "xs_client.h"
#include "pciback.h"
#include <xen/io/xenbus.h>

struct pciback_slot pciback_slots[PCIBACK_MAX_FRONTENDS];
bool pciback_trace;
uint64_t pciback_restart_wait_ns;

/* One page per slot for the frontend's shared page: a hole in our image
 * (its own frame unmapped) that GNTTABOP_map_grant_ref fills. */
static char windows[PCIBACK_MAX_FRONTENDS][4096] __attribute__((aligned(4096)));

long pciback_windows_init(void)
{
	for (unsigned int i = 0; i < PCIBACK_MAX_FRONTENDS; i++) {
		long rc = HYPERVISOR_update_va_mapping((unsigned long)windows[i], 0, UVMF_INVLPG);

		if (rc)
			return rc;
	}
	return 0;
}

static long gnttab(int cmd, void *op)
{
	return hypercall5(__HYPERVISOR_grant_table_op, cmd, (long)op, 1, 0, 0);
}

/* A decimal number up to max, nothing else. */
static bool parse_uint(const char *s, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > max)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

/* A node's value, or an error; a value longer than size - 1 (which would
 * come back cut short) is E2BIG, never a shorter value. */
static int read_in(const char *dir, const char *node, char *value, size_t size)
{
	char path[PCIBACK_PATH_MAX + 32];
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, node);
	rc = xs_read(path, value, size);
	return rc >= (int)size ? -XEN_E2BIG : rc;
}

static bool read_uint(const char *dir, const char *node, uint32_t max, uint32_t *out)
{
	char v[16];

	return read_in(dir, node, v, sizeof(v)) >= 0 && parse_uint(v, max, out);
}

static void write_in(struct pciback_slot *s, const char *node, const char *value)
{
	char path[PCIBACK_PATH_MAX + 32];
	int rc;

	snprintf(path, sizeof(path), "%s/%s", s->be_path, node);
	rc = xs_write(path, value);
	if (rc)
		guest_printf("pciback: cannot write %s: error %d\n", path, rc);
}

static void set_state(struct pciback_slot *s, int state)
{
	char v[4];

	if (s->be_state == state)
		return;
	snprintf(v, sizeof(v), "%d", state);
	write_in(s, "state", v);
	s->be_state = state;
}

/* Another frontend's slot already lists this device. */
static bool claimed(const struct pciback_dev *d)
{
	for (unsigned int i = 0; i < PCIBACK_MAX_FRONTENDS; i++) {
		struct pciback_slot *o = &pciback_slots[i];

		if (o->used && !o->gone && pciback_find(&o->fe, d->seg, d->bus, d->devfn))
			return true;
	}
	return false;
}

/* dev-N: a device conf1 reaches, not another frontend's; else refused. */
static void read_device(struct pciback_slot *s, unsigned int n)
{
	struct pciback_dev d = { 0 };
	char node[16], v[32];

	snprintf(node, sizeof(node), "dev-%u", n);
	if (read_in(s->be_path, node, v, sizeof(v)) < 0 ||
	    !pciback_parse_bdf(v, &d.seg, &d.bus, &d.devfn)) {
		guest_printf("pciback: %s/%s: refused: not SSSS:BB:DD.F\n", s->be_path, node);
		return;
	}
	if (d.seg || claimed(&d) || pciback_find(&s->fe, 0, d.bus, d.devfn)) {
		guest_printf("pciback: %s/%s: %s refused: %s\n", s->be_path, node, v,
			     d.seg ? "conf1 reaches segment 0 only" : "listed already");
		return;
	}
	s->fe.devs[s->fe.nr_devs++] = d;
	guest_printf("pciback: d%u: %s\n", s->fe.domid, v);
}

static bool read_devices(struct pciback_slot *s)
{
	uint32_t n;

	if (!read_uint(s->be_path, "num_devs", PCIBACK_MAX_DEVS, &n)) {
		guest_printf("pciback: %s/num_devs: refused: not 0 to %d\n", s->be_path,
			     PCIBACK_MAX_DEVS);
		return false;
	}
	for (unsigned int i = 0; i < n; i++)
		read_device(s, i);
	return true;
}

/* A new backend directory: its frontend, its devices, our roots. */
static void add_slot(const char *home, uint32_t domid, const char *devid)
{
	struct pciback_slot *s = NULL;
	uint32_t fe_id;
	char watch[PCIBACK_PATH_MAX + 8];

	for (unsigned int i = 0; i < PCIBACK_MAX_FRONTENDS && !s; i++)
		if (!pciback_slots[i].used)
			s = &pciback_slots[i];
	if (!s) {
		guest_printf("pciback: %s/%u/%s: refused: more than %d frontends\n", home, domid,
			     devid, PCIBACK_MAX_FRONTENDS);
		return;
	}
	*s = (struct pciback_slot){ .used = true, .be_state = -1 };
	s->fe.domid = (domid_t)domid;
	snprintf(s->be_path, sizeof(s->be_path), "%s/%u/%s", home, domid, devid);
	if (read_in(s->be_path, "frontend", s->fe_path, sizeof(s->fe_path)) <= 0 ||
	    !read_uint(s->be_path, "frontend-id", DOMID_FIRST_RESERVED - 1, &fe_id) ||
	    fe_id != domid || !read_devices(s)) {
		guest_printf("pciback: %s: refused: frontend, frontend-id or devices\n", s->be_path);
		s->gone = true;		/* kept, so it is not read again */
		return;
	}
	write_in(s, "root_num", "1");
	write_in(s, "root-0", "0000:00");
	set_state(s, XenbusStateInitWait);
	snprintf(watch, sizeof(watch), "%s/state", s->fe_path);
	if (xs_watch(watch, "fe"))
		guest_printf("pciback: cannot watch %s\n", watch);
}

static bool known(uint32_t domid, const char *devid, const char *home)
{
	char path[PCIBACK_PATH_MAX];

	snprintf(path, sizeof(path), "%s/%u/%s", home, domid, devid);
	for (unsigned int i = 0; i < PCIBACK_MAX_FRONTENDS; i++)
		if (pciback_slots[i].used && !strcmp(pciback_slots[i].be_path, path))
			return true;
	return false;
}

static void scan_frontend(const char *home, const char *name)
{
	static char list[1024];
	char path[PCIBACK_PATH_MAX];
	uint32_t domid;
	int len;

	if (!parse_uint(name, DOMID_FIRST_RESERVED - 1, &domid))
		return;
	snprintf(path, sizeof(path), "%s/%s", home, name);
	len = xs_directory(path, list, sizeof(list));
	len = MIN(len, (int)sizeof(list) - 1);	/* only what fits was copied */
	for (int at = 0; at < len; at += (int)strlen(list + at) + 1)
		if (list[at] && !known(domid, list + at, home))
			add_slot(home, domid, list + at);
}

void pciback_scan(const char *home)
{
	static char names[1024];
	char name[16];
	int len = xs_directory(home, names, sizeof(names));

	len = MIN(len, (int)sizeof(names) - 1);	/* only what fits was copied */
	for (int at = 0; at < len; at += (int)strlen(names + at) + 1) {
		strlcpy(name, names + at, sizeof(name));
		scan_frontend(home, name);
	}
}

static const char *attach_refs(struct pciback_slot *s)
{
	char magic[8];

	if (!read_uint(s->fe_path, "pci-op-ref", UINT32_MAX, &s->gref) ||
	    !read_uint(s->fe_path, "event-channel", UINT32_MAX, &s->remote_port))
		return "pci-op-ref or event-channel missing or not a number";
	if (read_in(s->fe_path, "magic", magic, sizeof(magic)) < 0 || strcmp(magic, XEN_PCI_MAGIC))
		return "magic is not " XEN_PCI_MAGIC;
	return NULL;
}

static char *window(const struct pciback_slot *s)
{
	return windows[s - pciback_slots];
}

/* The frontend is Initialised: its page and port. NULL, or why not. */
static const char *attach(struct pciback_slot *s)
{
	struct gnttab_map_grant_ref map = { .host_addr = (uint64_t)window(s),
					    .flags = GNTMAP_host_map, .dom = s->fe.domid };
	struct evtchn_bind_interdomain bind = { .remote_dom = s->fe.domid };
	const char *why = attach_refs(s);

	if (why)
		return why;
	map.ref = s->gref;
	if (gnttab(GNTTABOP_map_grant_ref, &map) || map.status != GNTST_okay)
		return "cannot map pci-op-ref";
	s->handle = map.handle;
	bind.remote_port = s->remote_port;
	if (evtchn_op(EVTCHNOP_bind_interdomain, &bind)) {
		struct gnttab_unmap_grant_ref u = { .host_addr = map.host_addr, .handle = s->handle };

		gnttab(GNTTABOP_unmap_grant_ref, &u);
		return "cannot bind event-channel";
	}
	s->port = bind.local_port;
	s->sh = (volatile struct xen_pci_sharedinfo *)window(s);
	s->attached = true;
	s->ops = 0;
	return NULL;
}

static void detach(struct pciback_slot *s, const char *why)
{
	struct gnttab_unmap_grant_ref u = { .host_addr = (uint64_t)window(s), .handle = s->handle };
	struct evtchn_close c = { .port = s->port };

	if (!s->attached)
		return;
	pciback_fe_reset(&s->fe, &pciback_hw);
	evtchn_op(EVTCHNOP_close, &c);
	if (gnttab(GNTTABOP_unmap_grant_ref, &u) || u.status != GNTST_okay)
		guest_printf("pciback: d%u: unmap of its page: status %d\n", s->fe.domid, u.status);
	s->attached = false;
	s->sh = NULL;
	guest_printf("pciback: d%u %s after %lu op(s); unmapped, unbound\n", s->fe.domid, why,
		     s->ops);
}

/* Initialised again with another page or port: it restarted unseen. */
static bool republished(struct pciback_slot *s)
{
	uint32_t gref, port;

	return read_uint(s->fe_path, "pci-op-ref", UINT32_MAX, &gref) &&
	       read_uint(s->fe_path, "event-channel", UINT32_MAX, &port) &&
	       (gref != s->gref || port != s->remote_port);
}

static void initialised(struct pciback_slot *s)
{
	const char *why;

	if (s->attached && republished(s))
		detach(s, "published a new page");
	if (s->attached || s->failed)
		return;
	why = attach(s);
	if (why) {
		guest_printf("pciback: d%u refused: %s\n", s->fe.domid, why);
		s->failed = true;
		set_state(s, XenbusStateClosing);
		return;
	}
	set_state(s, XenbusStateConnected);
	guest_printf("pciback: d%u connected (grant %u, port %u)\n", s->fe.domid, s->gref,
		     s->remote_port);
}

void pciback_follow(struct pciback_slot *s)
{
	uint32_t fe_state = XenbusStateUnknown;

	if (!s->used || s->gone)
		return;
	read_uint(s->fe_path, "state", XenbusStateReconfigured, &fe_state);
	switch (fe_state) {
	case XenbusStateInitialised:
		/* Not while its domain is dead: that is the dead instance's
		 * page, which a map would only refuse (Closing). */
		if (!s->away)
			initialised(s);
		break;
	case XenbusStateConnected:
	case XenbusStateReconfiguring:
	case XenbusStateReconfigured:
		break;
	default:	/* Unknown, Initialising, InitWait, Closing, Closed */
		detach(s, fe_state == XenbusStateClosing || fe_state == XenbusStateClosed ?
			  "closed" : "started over without closing");
		s->failed = false;
		set_state(s, fe_state == XenbusStateClosing ? XenbusStateClosing
							    : XenbusStateInitWait);
		break;
	}
}

void pciback_slot_gone(struct pciback_slot *s)
{
	char watch[PCIBACK_PATH_MAX + 8];

	if (s->attached)
		detach(s, "has gone");
	else
		guest_printf("pciback: d%u has gone\n", s->fe.domid);
	snprintf(watch, sizeof(watch), "%s/state", s->fe_path);
	xs_unwatch(watch, "fe");
	s->gone = true;
}

void pciback_slot_alive(struct pciback_slot *s)
{
	s->seen = true;
	if (!s->away)
		return;
	s->away = false;
	guest_printf("pciback: d%u is back after %lu ms; serving it from InitWait\n", s->fe.domid,
		     (unsigned long)((guest_now_ns() - s->away_since) / 1000000));
	pciback_follow(s);
}

bool pciback_slot_absent(struct pciback_slot *s)
{
	uint32_t fe_state = XenbusStateUnknown;

	if (s->away) {
		if (guest_now_ns() - s->away_since < pciback_restart_wait_ns)
			return true;
		guest_printf("pciback: d%u did not come back in %lu s; given up\n", s->fe.domid,
			     (unsigned long)(pciback_restart_wait_ns / 1000000000));
		pciback_slot_gone(s);
		return false;
	}
	/* xenstored keeps a dead domain's nodes: its last state says how it went. */
	read_uint(s->fe_path, "state", XenbusStateReconfigured, &fe_state);
	if (!s->seen || !pciback_restart_wait_ns || fe_state == XenbusStateClosing ||
	    fe_state == XenbusStateClosed) {
		pciback_slot_gone(s);
		return false;
	}
	if (s->attached)
		detach(s, "died without closing");
	s->failed = false;
	set_state(s, XenbusStateInitWait);
	s->away = true;
	s->away_since = guest_now_ns();
	guest_printf("pciback: d%u died in state %u; waiting up to %lu s for it to come back\n",
		     s->fe.domid, fe_state, (unsigned long)(pciback_restart_wait_ns / 1000000000));
	return true;
}

#define OPS_PER_PASS 16		/* then the other frontends' turn */

void pciback_slot_serve(struct pciback_slot *s)
{
	struct evtchn_send send = { .port = s->port };

	for (int i = 0; i < OPS_PER_PASS && s->attached; i++) {
		const struct xen_pci_op *op = pciback_serve(&s->fe, s->sh, &pciback_hw);

		if (!op)
			return;
		s->ops++;
		/* Not every good config read: Linux's probe makes hundreds,
		 * which the console's rate limit would cut short. */
		if (pciback_trace && (op->cmd != XEN_PCI_OP_conf_read || op->err))
			guest_printf("pciback: d%u op %u %04x:%02x:%02x.%u +%d/%d: err %d\n",
				     s->fe.domid, op->cmd, op->domain & 0xffff, op->bus & 0xff,
				     op->devfn >> 3 & 0x1f, op->devfn & 7, op->offset, op->size,
				     op->err);
		evtchn_op(EVTCHNOP_send, &send);
	}
}
