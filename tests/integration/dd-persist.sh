#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Issue 15's persistence test, on a real device: a disk image on the host
# becomes QEMU's virtio-blk-pci at 00:04.0, assigned to the driver domain
# (tests/integration/manifests/dd-virtio.manifest), whose blkback serves it
# to a Debian guest as xvda. Run 1: the guest makes a filesystem and writes
# 64 MiB of a known pattern to /data, then everything powers off. The host
# then reads /data out of the image itself (debugfs) and checks its sha256
# against the pattern's. Run 2, on the same image: the guest reads /data
# back, and fetches a file from a server on the host's loopback over QEMU's
# user network (restrict=on: only the one forward), through virtio-net-pci
# at 00:05.0, the DD's other device, bridged to the guest's vif. Prints
# "dd-persist: ..." lines for cases.sh; exits non-zero if a run fails or a
# checksum differs.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
work=$(mktemp -d "${TMPDIR:-/tmp}/dd-persist.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
img=$work/disk.img
truncate -s 96M "$img"
want=$(yes parvus-persist | head -c 67108864 | sha256sum | cut -d' ' -f1)
echo "dd-persist: the pattern's sha256 is $want"

# The host's file server: busybox httpd on 127.0.0.1 only, a free port.
mkdir "$work/www"
head -c 4194304 /dev/urandom > "$work/www/blob"
blob=$(sha256sum < "$work/www/blob" | cut -d' ' -f1)
port=$((20000 + $$ % 20000))
cache/linux/busybox httpd -f -p "127.0.0.1:$port" -h "$work/www" &
httpd=$!
trap 'kill $httpd 2>/dev/null; rm -rf "$work"' EXIT
. scripts/dd-virtio-args.sh
NET=$(dd_virtio_net "guestfwd=tcp:10.0.2.100:8080-tcp:127.0.0.1:$port")

# run N: one boot with the guest in ddpersist=N; its log on our stdout.
run() {
	sed "s/ddfront=3\"/ddfront=3 ddpersist=$1 $2\"/" tests/integration/manifests/dd-virtio.manifest \
		> "$work/run$1.manifest"
	scripts/qemu-boot.sh --log "$work/run$1.log" --mem 768M --timeout 400 \
		--idle-deadlock shutdown \
		--qemu-arg "$(dd_virtio_disk "$img")" \
		--qemu-arg "$NET" \
		-- "$work/run$1.manifest" "" build/xenstored.elf "" cache/linux/vmlinux "" \
		build/linux/dd.cpio.gz "" build/pciback.elf ""
	status=$?
	sed "s/^/run $1: /" "$work/run$1.log"
	echo "dd-persist: run $1 exit status $status"
	return $status
}

# The sha256 the guest printed in run N.
guest_sum() {
	sed -n "s/.*init: persist: [a-z]* \/data, sha256 \([0-9a-f]*\).*/\1/p" "$work/run$1.log"
}

run 1 "" || exit 1
[ "$(guest_sum 1)" = "$want" ] && echo "dd-persist: run 1: the guest wrote the pattern"
host=$(debugfs -R "cat /data" "$img" 2>/dev/null | sha256sum | cut -d' ' -f1)
echo "dd-persist: the host reads /data from the image: sha256 $host"
[ "$host" = "$want" ] || { echo "dd-persist: the image does not hold the pattern"; exit 1; }
echo "dd-persist: the image holds the pattern"
run 2 hostfetch=1 || exit 1
[ "$(guest_sum 2)" = "$want" ] || { echo "dd-persist: run 2 read back something else"; exit 1; }
echo "dd-persist: run 2: the guest read the pattern back"
got=$(sed -n 's/.*init: hostfetch: sha256 \([0-9a-f]*\).*/\1/p' "$work/run2.log")
[ "$got" = "$blob" ] || { echo "dd-persist: the guest fetched something else ($got, want $blob)"; exit 1; }
echo "dd-persist: run 2: the guest fetched the host's file, sha256 matches"
