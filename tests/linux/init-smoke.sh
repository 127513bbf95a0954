#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only
# /init of the Linux smoke test: what Linux sees of Parvus, printed as
# "init: ..." lines for tests/integration/cases.sh to check. With
# "heavy" on the kernel command line it also forks 500 processes and
# fills and checksums 256 MiB of memory; devmem=ADDR reads device memory.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
echo "init: uname -r: $(uname -r)"
echo "init: hypervisor type: $(cat /sys/hypervisor/type 2>&1)"
# /proc/uptime in centiseconds (the kernel's clock, Xen's pvclock here)
# and date (the wallclock from shared_info, plus the same clock).
# awk, not the digits with the dot removed: an uptime under a second
# ("0.98") would give "098", which shell arithmetic reads as bad octal.
centis() { awk '{ printf "%d", $1 * 100 + 0.5 }' /proc/uptime; }
c0=$(centis); w0=$(date +%s); sleep 1; c1=$(centis); w1=$(date +%s)
echo "init: sleep 1 took $(( (c1 - c0) * 10 )) ms, wallclock moved $((w1 - w0)) s"
n=100
grep -q heavy /proc/cmdline && n=500
i=0; while [ $i -lt $n ]; do /bin/true & i=$((i + 1)); done; wait
echo "init: forked $n processes"
if grep -q heavy /proc/cmdline; then
	mount -t tmpfs -o size=300m tmpfs /tmp
	dd if=/dev/zero of=/tmp/big bs=1M count=256 2>/dev/null
	echo "init: 256 MiB md5 $(md5sum /tmp/big | cut -d' ' -f1)"
	rm /tmp/big
fi
# devmem=ADDR (a PCI device's BAR, for a domain given it with pci=): a
# 16-bit read through /dev/mem, i.e. an uncached mapping of device memory.
for w in $(cat /proc/cmdline); do
	case $w in devmem=*) echo "init: devmem ${w#devmem=}: $(devmem "${w#devmem=}" 16 2>&1)" ;; esac
done
if grep -q crash /proc/cmdline; then
	echo "init: crashing on purpose"
	echo c > /proc/sysrq-trigger
fi
echo "init: done"
poweroff -f
