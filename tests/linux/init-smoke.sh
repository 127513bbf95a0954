#!/bin/busybox sh
# /init of the Linux smoke test: what Linux sees of Parvus, printed as
# "init: ..." lines for tests/integration/cases.sh to check.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
echo "init: uname -r: $(uname -r)"
echo "init: hypervisor type: $(cat /sys/hypervisor/type 2>&1)"
t0=$(date +%s); sleep 1; t1=$(date +%s)
echo "init: sleep 1 took $((t1 - t0)) s"
i=0; while [ $i -lt 100 ]; do /bin/true & i=$((i + 1)); done; wait
echo "init: forked 100 processes"
echo "init: done"
poweroff -f
