/* SPDX-License-Identifier: GPL-2.0-only */
/* A vif back end (xen-netback): what Xen's vif-bridge script does. netback
 * names the interface vif<frontend-id>.<handle> and makes it just after it
 * writes state=InitWait, with no xenstore write after, so the daemon looks
 * again (DEV_WAIT) until it exists. Then it joins the bridge that `bridge`
 * names (xenbr0 if none), both are brought up, and hotplug-status=connected
 * lets netback go on to Connected. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "devd.h"

#define DEFAULT_BRIDGE	"xenbr0"


static int bridge_name(struct xs *xs, const char *be, char *out, size_t size)
{
	int rc = xs_read_node(xs, be, "bridge", out, size);

	if (rc == -ENOENT) {
		snprintf(out, size, "%s", DEFAULT_BRIDGE);
		return 0;
	}
	return rc < 0 ? rc : (ifname_valid(out) ? 0 : -EINVAL);
}

enum dev_result vif_handle(struct xs *xs, const char *be)
{
	char ifname[64], sys[96], bridge[64];
	unsigned long fe, handle;
	int rc = xs_backend_awaits_hotplug(xs, be);

	if (rc == -ENOENT)
		return DEV_DONE;
	if (rc < 0)
		return dev_fail(xs, be, "state is not a number from 0 to 8");
	if (!rc)
		return DEV_DONE;
	if (xs_read_uint(xs, be, "frontend-id", 0x7fef, &fe) ||
	    xs_read_uint(xs, be, "handle", 0xffff, &handle))
		return dev_fail(xs, be, "frontend-id or handle is missing or not a number");
	if (bridge_name(xs, be, bridge, sizeof(bridge)))
		return dev_fail(xs, be, "bridge is not an interface name");
	snprintf(ifname, sizeof(ifname), "vif%lu.%lu", fe, handle);
	snprintf(sys, sizeof(sys), "/sys/class/net/%s", ifname);
	if (access(sys, F_OK))
		return DEV_WAIT;
	rc = bridge_add(bridge, ifname);
	if (rc) {
		devd_log("%s: adding %s to bridge %s: %s", be, ifname, bridge, strerror(-rc));
		return dev_fail(xs, be, "cannot add the interface to its bridge");
	}
	rc = xs_write_node(xs, be, "hotplug-status", "connected");
	if (rc) {
		devd_log("%s: writing hotplug-status: %s", be, strerror(-rc));
		return DEV_ERROR;
	}
	devd_log("%s: %s is up in bridge %s", be, ifname, bridge);
	return DEV_DONE;
}
