#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only
# /init of the driver domain (DD): Debian's kernel with its back-end
# modules (scripts/fetch-linux-modules.sh) and parvus-devd. The modules
# are loaded here, once, not on demand: the DD exists for nothing else,
# and a missing one shows at boot. Lines start "init:" for
# tests/integration/cases.sh. Command-line words:
#   ddtest   write back-end nodes for a fake frontend (this domain's own
#            device/ folder) and check what devd and the back ends do
#   ddloop   ddtest, then load xen-blkfront and xen-netfront too, so the
#            DD is its own frontend: the grant path of a real connection
#   ddgnt    load gntdev and gntalloc and run gnt-probe: a page granted
#            to ourselves, copied and mapped as back ends do
#   ddshell  a shell on the console instead of powering off
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
mkdir -p /run && mount -t tmpfs -o size=50% tmpfs /run
ln -s /bin/modprobe /sbin/modprobe 2>/dev/null || { mkdir -p /sbin && ln -s /bin/modprobe /sbin/modprobe; }
echo "init: DD $(uname -r) up at $(cut -d' ' -f1 /proc/uptime) s"
for m in xen-blkback xen-netback bridge loop; do
	if out=$(modprobe "$m" 2>&1); then
		echo "init: modprobe $m: ok"
	else
		echo "init: modprobe $m: FAILED: $out"
	fi
done
[ -c /dev/xen/xenbus ] || echo "init: /dev/xen/xenbus missing"
parvus-devd &
echo "init: parvus-devd started (pid $!)"
echo "init: DD ready at $(cut -d' ' -f1 /proc/uptime) s"
free -m | sed 's/^/init: free -m: /'

xs() { parvus-devd xs "$@"; }
# wait_node PATH VALUE: up to 10 s for PATH to read VALUE ("" any value).
wait_node() {
	i=0
	while [ $i -lt 50 ]; do
		v=$(xs read "$1" 2>/dev/null) && [ -z "$2" -o "$v" = "$2" ] && return 0
		sleep 0.2; i=$((i + 1))
	done
	return 1
}
# fake_frontend TYPE DEVID: frontend nodes in our own device/ folder.
fake_frontend() {
	fe=device/$1/$2
	xs write $fe/backend "/local/domain/$dom/backend/$1/$dom/$2"
	xs write $fe/backend-id "$dom"
	xs write $fe/state 1
	case $1 in
	vbd) xs write $fe/virtual-device "$2"; xs write $fe/device-type disk ;;
	vif) xs write $fe/handle "$2"; xs write $fe/mac 00:16:3e:00:00:0$2 ;;
	esac
}
# backend TYPE DEVID NODE=VALUE...: the nodes libxl writes, state last.
backend() {
	type=$1 id=$2 be=backend/$1/$dom/$2
	shift 2
	xs write $be/frontend "/local/domain/$dom/device/$type/$id"
	xs write $be/frontend-id "$dom"
	xs write $be/online 1
	for kv in "$@"; do xs write "$be/${kv%%=*}" "${kv#*=}"; done
	xs write $be/state 1
}

if grep -qE 'ddtest|ddloop' /proc/cmdline; then
	dom=$(xs read domid)
	echo "init: test mode: DD is d$dom, back ends for a fake frontend"
	# Malformed first: devd must refuse them and carry on.
	fake_frontend vbd 51728
	backend vbd 51728 params=bogus:1 mode=w type=phy dev=xvdb
	backend vif 7 handle=x7 mac=00:16:3e:00:00:07 bridge=xenbr0 script=/bin/true
	fake_frontend vbd 51712
	backend vbd 51712 params=ram:64 mode=w type=phy dev=xvda removable=0 bootable=1
	fake_frontend vif 0
	backend vif 0 handle=0 mac=00:16:3e:00:00:00 bridge=xenbr0 script=/bin/true
	be=backend/vbd/$dom/51712
	wait_node $be/physical-device "" &&
		echo "init: vbd 51712 physical-device $(xs read $be/physical-device), hotplug-status $(xs read $be/hotplug-status)"
	sysfs=/sys/bus/xen-backend/devices/vbd-$dom-51712/physical_device
	i=0; while [ ! -f $sysfs ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	echo "init: vbd 51712 blkback sees physical_device $(cat $sysfs 2>&1)"
	echo "init: losetup: $(losetup -a 2>&1 | tr '\n' ' ')"
	echo "init: vbd 51728 hotplug-error: $(xs read backend/vbd/$dom/51728/hotplug-error 2>&1)"
	echo "init: vif 7 hotplug-error: $(xs read backend/vif/$dom/7/hotplug-error 2>&1)"
	wait_node backend/vif/$dom/0/hotplug-status connected &&
		echo "init: vif 0 hotplug-status connected"
	echo "init: bridge xenbr0 members: $(ls /sys/class/net/xenbr0/brif 2>&1 | tr '\n' ' ')"
	echo "init: vif$dom.0 flags $(cat /sys/class/net/vif$dom.0/flags 2>&1)"
	echo "init: back-end states vbd $(xs read $be/state) vif $(xs read backend/vif/$dom/0/state)"
fi
if grep -q ddloop /proc/cmdline; then
	echo "init: loopback: loading the front ends in the DD itself"
	for m in xen-blkfront xen-netfront; do
		modprobe $m 2>&1 | sed 's/^/init: /'
	done
	sleep 5
	echo "init: loopback states: vbd fe $(xs read device/vbd/51712/state) be $(xs read backend/vbd/$dom/51712/state)," \
		"vif fe $(xs read device/vif/0/state) be $(xs read backend/vif/$dom/0/state)"
	ls /dev/xvd* 2>/dev/null | sed 's/^/init: loopback disk /'
	if [ -b /dev/xvda ]; then
		dd if=/dev/urandom of=/tmp/pat bs=1M count=4 2>/dev/null
		dd if=/tmp/pat of=/dev/xvda bs=1M count=4 conv=fsync 2>&1 | tail -1 | sed 's/^/init: loopback write: /'
		echo 3 > /proc/sys/vm/drop_caches
		a=$(md5sum < /tmp/pat) b=$(dd if=/dev/xvda bs=1M count=4 2>/dev/null | md5sum)
		[ "$a" = "$b" ] && echo "init: loopback disk read back matches" || echo "init: loopback disk read back DIFFERS"
	fi
fi
if grep -q ddgnt /proc/cmdline; then
	for m in xen-gntdev xen-gntalloc; do modprobe $m 2>&1 | sed 's/^/init: /'; done
	gnt-probe "$(parvus-devd xs read domid)" 2>&1
	grep -i 'scratch' /proc/iomem | sed 's/^/init: iomem: /'
fi
free -m | sed -n 2p | sed 's/^/init: free -m at end: /'
echo "init: done at $(cut -d' ' -f1 /proc/uptime) s"
if grep -q ddshell /proc/cmdline; then
	exec sh
fi
poweroff -f
