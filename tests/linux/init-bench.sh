#!/bin/busybox sh
# /init of the benchmark initramfs (parvus bench): the same workload
# under every system compared; "quick" on the kernel command line makes
# it ten times shorter.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
mode=
grep -q quick /proc/cmdline && mode=quick
/bin/workload $mode
poweroff -f
