#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only
# /init of the benchmark initramfs (parvus bench): the same workload
# under every system compared; "quick" on the kernel command line makes
# it ten times shorter.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
mode= secs=10
grep -q quick /proc/cmdline && mode=quick secs=2
# `io`: the I/O rows only (tests/linux/bench-io.sh).
if grep -q '\<io\>' /proc/cmdline; then
	. /bin/bench-io.sh
	io_rows
	echo "bench-done"
	poweroff -f
fi
/bin/workload $mode
# Workloads nobody here wrote: Debian's sysbench, as microseconds per
# event (cpu, threads) and per MiB copied (memory), like the rows above.
per() { awk -v n="$1" -v scale="$2" 'BEGIN { if (n > 0) printf "%.3f", scale / n; else print "nan" }'; }
eps=$(sysbench cpu --time=$secs run | awk '/events per second/ { print $4 }')
echo "bench sysbench_cpu $(per "$eps" 1000000) us"
mibs=$(sysbench memory --time=$secs run | awk '/MiB\/sec/ { gsub(/\(/, "", $4); print $4 }')
echo "bench sysbench_memory_per_mib $(per "$mibs" 1000000) us"
events=$(sysbench threads --time=$secs run | awk '/total number of events/ { print $5 }')
echo "bench sysbench_threads $(per "$events" $((secs * 1000000))) us"
# The PV ABI from guest kernel mode (pv-drivers/linux/pvbench): only a
# Xen PV kernel loads it; ns per operation, shown in us like the rest.
if insmod /lib/modules/pvbench.ko 2>/dev/null; then
	for f in /sys/kernel/pvbench/*; do
		echo "bench kernel_$(basename "$f") $(awk '{ printf "%.3f", $1 / 1000 }' "$f") us"
	done
fi
echo "bench-done"
poweroff -f
