#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Two guests, the host's loopback and QEMU's user network (issue 15):
# parvus run starts the built-in driver domain with a virtio NIC on a
# user network restricted to this machine (restrict=on), bridged with the
# guests' vifs. --guestfwd 10.0.2.100:8080-PORT sends each guest
# connection to that address to busybox httpd on the host's 127.0.0.1
# (one `parvus connect` relay per connection); --hostfwd tcp::P-:8080
# lets the host reach guest a's httpd (10.0.2.15). tests/cli/user-a.cfg
# and user-b.cfg: a pings b and the DD 100 times, both fetch the host's
# 4 MiB file (sha256 checked here), then the host fetches a's 4 MiB and
# checks that QEMU listens on 127.0.0.1 only. Prints the run's log and
# our findings for cases.sh; exits with parvus run's status.
set -u
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
port=$((40000 + $$ % 10000)) hport=$((50000 + $$ % 10000))
mkdir "$work/www"
head -c 4194304 /dev/urandom > "$work/www/blob"
blob=$(sha256sum < "$work/www/blob" | cut -d' ' -f1)
cache/linux/busybox httpd -f -p "127.0.0.1:$hport" -h "$work/www" &
httpd=$!
trap 'kill $run $httpd 2>/dev/null; rm -rf "$work"' EXIT
want=$(yes parvus-hostfwd | head -c 4194304 | sha256sum | cut -d' ' -f1)
build/parvus run --timeout 500 --log "$work/log" --hostfwd "tcp::$port-:8080" \
	--guestfwd "10.0.2.100:8080-$hport" tests/cli/user-a.cfg tests/cli/user-b.cfg 2> "$work/err" &
run=$!
i=0
until grep -q 'hostserve: 10.0.2.15:8080 serves' "$work/log" 2>/dev/null || [ $i -ge 400 ] ||
	! kill -0 $run 2>/dev/null; do sleep 1; i=$((i + 1)); done
ss -Hltn "sport = :$port" | awk '{ print "dd-user-net: QEMU listens on " $4 }'
t0=$(date +%s.%N)
cache/linux/busybox wget -q -O "$work/got" "http://127.0.0.1:$port/blob" 2>&1 | sed 's/^/dd-user-net: wget: /'
t1=$(date +%s.%N)
if [ -s "$work/got" ] && [ "$(sha256sum < "$work/got" | cut -d' ' -f1)" = "$want" ]; then
	echo "dd-user-net: the host fetched $(wc -c < "$work/got") bytes from guest a, sha256 matches"
	awk -v a=$t0 -v b=$t1 'BEGIN { printf "dd-user-net: 4 MiB in %.2f s, %.1f MiB/s\n", b - a, 4 / (b - a) }'
else
	echo "dd-user-net: FAILED: fetched $(wc -c < "$work/got" 2>/dev/null || echo no) bytes from a"
fi
cache/linux/busybox wget -q -O /dev/null "http://127.0.0.1:$port/done" 2>/dev/null	# a 404 that ends a's wait
wait $run
rc=$?
tr -d '\r' < "$work/log" > "$work/log.txt"
for g in a b; do
	got=$(sed -n "s/^($g) init: hostfetch: sha256 \([0-9a-f]*\).*/\1/p" "$work/log.txt")
	[ "$got" = "$blob" ] && echo "dd-user-net: guest $g fetched the host's file, sha256 matches" ||
		echo "dd-user-net: FAILED: guest $g fetched ${got:-nothing}, want $blob"
done
cat "$work/log.txt" "$work/err"
echo "dd-user-net: parvus run exited $rc"
exit $rc
