#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only
# /init of a Linux domU whose PCI comes through xen-pcifront from the
# pciback service domain (pv-drivers/pciback): Debian's kernel and its
# xen-pcifront module (scripts/fetch-linux-modules.sh). Loads the module,
# waits for the frontend to reach Connected, prints its state, the
# backend's, the PCI devices Linux found (BDF, vendor, device) and the
# kernel's pcifront lines, then powers off. Lines start "init:" for
# tests/integration/cases.sh. Command-line words: pciback=D (the
# service's domid, 2 by default); pcireload: then unbind pcifront from
# pci-0 (the frontend closes; the module cannot be unloaded) and bind it
# again (a new page and port), and wait for Connected once more.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
mkdir -p /sbin && ln -s /bin/modprobe /sbin/modprobe
arg() { sed -n "s/.*\<$1=\([0-9]*\).*/\1/p" /proc/cmdline; }
be=$(arg pciback)
dom=$(parvus-devd xs read domid 2>/dev/null)
if out=$(modprobe xen-pcifront 2>&1); then
	echo "init: modprobe xen-pcifront: ok"
else
	echo "init: modprobe xen-pcifront: FAILED: $out"
fi
state=/sys/bus/xen/devices/pci-0/state
backend=/local/domain/${be:-2}/backend/pci/$dom/0/state
connected() {
	i=0
	while [ $i -lt 150 ] && [ "$(cat $state 2>/dev/null)" != Connected ]; do
		sleep 0.2; i=$((i + 1))
	done
	echo "init: pcifront pci-0 state $(cat $state 2>/dev/null || echo missing)"
	echo "init: backend state $(parvus-devd xs read $backend 2>&1)"
}
connected
if grep -q '\<pcireload\>' /proc/cmdline; then
	drv=/sys/bus/xen/drivers/pcifront
	echo pci-0 > $drv/unbind
	i=0
	while [ $i -lt 50 ] && [ "$(parvus-devd xs read $backend 2>/dev/null)" != 2 ]; do
		sleep 0.2; i=$((i + 1))
	done
	echo "init: unbound: backend state $(parvus-devd xs read $backend 2>&1)"
	echo pci-0 > $drv/bind
	echo "init: bound again"
	connected
fi
for d in /sys/bus/pci/devices/*; do
	[ -e "$d/vendor" ] && echo "init: pci ${d##*/} $(cat $d/vendor) $(cat $d/device)"
done
dmesg | grep -i -E 'pcifront|pci_bus 0000:00|xen.*pci' | sed 's/^/init: dmesg: /'
echo "init: done"
poweroff -f
