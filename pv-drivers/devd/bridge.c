/* SPDX-License-Identifier: GPL-2.0-only */
/* A network interface in a Linux bridge, as Xen's vif-bridge script does
 * with brctl and ip: the bridge is created if missing (SIOCBRADDBR), the
 * interface added (SIOCBRADDIF) unless it is in it already, and both
 * brought up (SIOCSIFFLAGS). The bridge module must be loaded. */
#include <errno.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "devd.h"

bool ifname_valid(const char *name)
{
	size_t n = strlen(name);

	if (!n || n >= IFNAMSIZ || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-",
			    name[i]))
			return false;
	return true;
}

static int set_up(int s, const char *name)
{
	struct ifreq ifr = { 0 };

	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	if (ioctl(s, SIOCGIFFLAGS, &ifr))
		return -errno;
	if (ifr.ifr_flags & IFF_UP)
		return 0;
	ifr.ifr_flags |= IFF_UP;
	return ioctl(s, SIOCSIFFLAGS, &ifr) ? -errno : 0;
}

static int add_if(int s, const char *bridge, const char *ifname)
{
	char member[64 + 2 * IFNAMSIZ];
	struct ifreq ifr = { 0 };

	snprintf(member, sizeof(member), "/sys/class/net/%s/brif/%s", bridge, ifname);
	if (!access(member, F_OK))
		return 0;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", ifname);
	if (ioctl(s, SIOCGIFINDEX, &ifr))
		return -errno;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", bridge);
	return ioctl(s, SIOCBRADDIF, &ifr) ? -errno : 0;
}

int bridge_add(const char *bridge, const char *ifname)
{
	int rc, s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		return -errno;
	rc = ioctl(s, SIOCBRADDBR, bridge) && errno != EEXIST ? -errno : 0;
	if (!rc)
		rc = add_if(s, bridge, ifname);
	if (!rc)
		rc = set_up(s, bridge);
	if (!rc)
		rc = set_up(s, ifname);
	close(s);
	return rc;
}
