#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The hotplug script of parvus bench's Xen dom0 (init-xen-dom0.sh names
# it as script= of the domU's disk and vif: Debian's block and vif-bridge
# are bash, with more tools than this busybox dom0 has). xl runs it as
# libxl does on Linux: XENBUS_TYPE vbd or vif, XENBUS_PATH the back end's
# xenstore node; a disk's action is "add" or "remove", a vif's "online"
# or "offline", with vif=vifD.N. A disk gets its device's major:minor
# (hex) as physical-device, which blkback waits for; a vif joins the
# bridge xenbr0 and comes up. Then hotplug-status "connected", which xl
# waits for.
export PATH=/bin:/usr/bin:/usr/lib/xen-4.17/bin
case "$XENBUS_TYPE:$1" in
vbd:add)
	dev=$(xenstore-read "$XENBUS_PATH/params") || exit 1
	xenstore-write "$XENBUS_PATH/physical-device" "$(stat -L -c %t:%T "$dev")" \
		"$XENBUS_PATH/physical-device-path" "$dev" || exit 1 ;;
vif:online)
	brctl addif xenbr0 "$vif" && ip link set "$vif" up || exit 1 ;;
*)
	exit 0 ;;
esac
xenstore-write "$XENBUS_PATH/hotplug-status" connected
