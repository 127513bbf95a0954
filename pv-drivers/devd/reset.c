/* SPDX-License-Identifier: GPL-2.0-only */
/* `parvus-devd reset`: run by a restarted driver domain (same domid)
 * before it loads xen-blkback and xen-netback. xenstored keeps a dead
 * domain's nodes, so the new instance finds its predecessor's back ends
 * under backend/vbd and backend/vif as they were (state 4,
 * hotplug-status, physical-device). Linux probes only back ends in state
 * Initialising (xenbus_probe_node), and a stale physical-device or
 * hotplug-status would let blkback open a device number the new instance
 * has not made, or netback report Connected before its vif is in the
 * bridge. So each is put back to what a fresh back end looks like:
 * physical-device, hotplug-status and hotplug-error removed, then
 * state=1 (last: that write makes the kernel probe it). The guests'
 * frontend nodes are never touched: a Closing frontend loses its disk.
 * A back end whose frontend domain has gone is left alone (nothing to
 * re-attach to). The DD's own PCI frontend, device/pci/N, goes back to
 * state 1 with pcifront's old nodes removed, so the new xen-pcifront
 * probes it and publishes a new page and port.
 *
 * Prints one line on stdout for the init script: "reset N skipped M pci P". */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "devd.h"

struct reset_count {
	int reset, skipped, pci;
};

static bool has_node(struct xs *xs, const char *dir, const char *node)
{
	char buf[64];
	int rc = xs_read_node(xs, dir, node, buf, sizeof(buf));

	return rc >= 0 || rc == -E2BIG;
}

static int rm_node(struct xs *xs, const char *dir, const char *node)
{
	char p[DEVD_PATH_MAX];

	if (snprintf(p, sizeof(p), "%s/%s", dir, node) >= (int)sizeof(p))
		return -ENAMETOOLONG;
	int rc = xs_rm(xs, p);

	return rc == -ENOENT ? 0 : rc;
}

/* Is the frontend's domain still there (xenstored serves it)? */
static bool frontend_alive(struct xs *xs, const char *be)
{
	char id[16], answer[8];

	if (xs_read_node(xs, be, "frontend-id", id, sizeof(id)) < 0)
		return true;	/* not ours to judge: reset it, the back end decides */
	return xs_introduced(xs, id, answer, sizeof(answer)) < 0 || answer[0] != 'F';
}

/* One back end, e.g. backend/vbd/3/51712. */
static void reset_backend(struct xs *xs, const char *be, struct reset_count *c)
{
	static const char *const stale[] = { "physical-device", "hotplug-status", "hotplug-error" };
	char state[16] = "";

	xs_read_node(xs, be, "state", state, sizeof(state));
	if (!strcmp(state, "1") && !has_node(xs, be, "physical-device") &&
	    !has_node(xs, be, "hotplug-status"))
		return;		/* as the toolstack wrote it: nothing to undo */
	if (!frontend_alive(xs, be)) {
		devd_log("reset: %s: its frontend's domain has gone; left as it is", be);
		c->skipped++;
		return;
	}
	for (size_t i = 0; i < sizeof(stale) / sizeof(stale[0]); i++)
		if (rm_node(xs, be, stale[i]))
			devd_log("reset: %s: cannot remove %s", be, stale[i]);
	if (xs_write_node(xs, be, "state", "1")) {
		devd_log("reset: %s: cannot write state", be);
		return;
	}
	devd_log("reset: %s: state %s -> 1", be, state[0] ? state : "(none)");
	c->reset++;
}

/* The DD's own PCI frontend device/pci/N: back to Initialising. */
static void reset_pcifront(struct xs *xs, const char *fe, struct reset_count *c)
{
	static const char *const stale[] = { "pci-op-ref", "event-channel", "magic" };
	char state[16] = "";

	xs_read_node(xs, fe, "state", state, sizeof(state));
	if (!strcmp(state, "1") && !has_node(xs, fe, "pci-op-ref"))
		return;
	for (size_t i = 0; i < sizeof(stale) / sizeof(stale[0]); i++)
		if (rm_node(xs, fe, stale[i]))
			devd_log("reset: %s: cannot remove %s", fe, stale[i]);
	if (xs_write_node(xs, fe, "state", "1")) {
		devd_log("reset: %s: cannot write state", fe);
		return;
	}
	devd_log("reset: %s: state %s -> 1", fe, state[0] ? state : "(none)");
	c->pci++;
}

/* Calls fn for each child of dir (depth 2: two levels, as backend/vbd/F/D). */
static void each(struct xs *xs, const char *dir, int depth, struct reset_count *c,
		 void (*fn)(struct xs *, const char *, struct reset_count *))
{
	char list[4096], path[DEVD_PATH_MAX];
	int n = xs_directory(xs, dir, list, sizeof(list));

	if (n < 0 && n != -ENOENT)
		devd_log("reset: listing %s: %s", dir, strerror(-n));
	for (char *name = list; n > 0 && name < list + n; name += strlen(name) + 1) {
		if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
			continue;
		if (depth > 1)
			each(xs, path, depth - 1, c, fn);
		else
			fn(xs, path, c);
	}
}

int reset_main(void)
{
	struct reset_count c = { 0 };
	struct xs xs;
	int rc = xs_open(&xs);

	if (rc) {
		devd_log("reset: %s: %s", DEVD_XENBUS, strerror(-rc));
		return 1;
	}
	each(&xs, "backend/vbd", 2, &c, reset_backend);
	each(&xs, "backend/vif", 2, &c, reset_backend);
	each(&xs, "device/pci", 1, &c, reset_pcifront);
	printf("reset %d skipped %d pci %d\n", c.reset, c.skipped, c.pci);
	return 0;
}
