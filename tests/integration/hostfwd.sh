#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The host reaches a guest's port (issue 15): parvus run --hostfwd puts a
# forward from the host's 127.0.0.1 on the built-in driver domain's user
# network (restrict=on); the guest (tests/cli/hostfwd.cfg, hostserve=8080)
# serves 4 MiB of a known pattern as 10.0.2.15 through its vif, the DD's
# bridge and virtio NIC. The host fetches it with busybox wget, checks its
# sha256, and that QEMU listens on 127.0.0.1 only. Prints the run's log
# and our findings for cases.sh; exits with parvus run's status.
set -u
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
port=$((40000 + $$ % 20000))
trap 'kill $run 2>/dev/null; rm -rf "$work"' EXIT
want=$(yes parvus-hostfwd | head -c 4194304 | sha256sum | cut -d' ' -f1)
build/parvus run --timeout 400 --log "$work/log" --hostfwd "tcp::$port-:8080" \
	tests/cli/hostfwd.cfg 2> "$work/err" &
run=$!
i=0
until grep -q 'hostserve: 10.0.2.15:8080 serves' "$work/log" 2>/dev/null || [ $i -ge 300 ] ||
	! kill -0 $run 2>/dev/null; do sleep 1; i=$((i + 1)); done
ss -Hltn "sport = :$port" | awk '{ print "hostfwd: QEMU listens on " $4 }'
t0=$(date +%s.%N)
cache/linux/busybox wget -q -O "$work/blob" "http://127.0.0.1:$port/blob" 2>&1 | sed 's/^/hostfwd: wget: /'
t1=$(date +%s.%N)
if [ -s "$work/blob" ] && [ "$(sha256sum < "$work/blob" | cut -d' ' -f1)" = "$want" ]; then
	echo "hostfwd: the host fetched $(wc -c < "$work/blob") bytes from the guest, sha256 matches"
	awk -v a=$t0 -v b=$t1 'BEGIN { printf "hostfwd: 4 MiB in %.2f s, %.1f MiB/s\n", b - a, 4 / (b - a) }'
else
	echo "hostfwd: FAILED: fetched $(wc -c < "$work/blob" 2>/dev/null || echo no) bytes"
fi
cache/linux/busybox wget -q -O /dev/null "http://127.0.0.1:$port/done" 2>/dev/null	# a 404 that ends the guest's wait
wait $run
rc=$?
tr -d '\r' < "$work/log"
cat "$work/err"
echo "hostfwd: parvus run exited $rc"
exit $rc
