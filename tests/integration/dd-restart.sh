#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The driver domain killed under load (issue 16). The machine of
# tests/integration/manifests/dd-restart.manifest: QEMU's virtio-blk
# (an image here) and virtio-net (user network, restrict=on, one
# guestfwd to a server on our 127.0.0.1) assigned to the DD, which
# crashes its kernel once (ddcrash=) and is rebuilt by the hypervisor
# (on_crash=restart). Through it all the guest writes timed, fsynced
# records to xvda, pings the DD and streams 96 MiB from the host over
# TCP (ddload=, ddloadtcp=). Afterwards we check the guest's counts, the
# records in the image, the stream's sha256, and print the stall and its
# phases. usage: dd-restart.sh [CRASHES]  (default 1; the DD crashes that
# many times, ddcrashes=, each ddcrash= s after it serves). FS=1: the
# records go to a file on an ext2 filesystem on xvda (ddloadfs=), which
# e2fsck must then find clean. DDKERNEL=lean: the DD boots the lean
# kernel (make guest-kernel: back ends and virtio built in, pcifront a
# module) instead of Debian's with modules. ICOUNT=1: QEMU counts instructions
# (-icount shift=0,sleep=off: 1 ns of guest time per instruction, idle
# time skipped), so the figures, in guest time, repeat from run to run.
set -u
cd "$(dirname "$0")/../.."
crashes=${1:-1}
work=$(mktemp -d)
trap 'kill $httpd 2>/dev/null; rm -rf "$work"' EXIT
img=$work/disk.img
truncate -s 64M "$img"
mkdir "$work/www"
head -c 100663296 /dev/urandom > "$work/www/big"
big=$(sha256sum < "$work/www/big" | cut -d' ' -f1)
port=$((20000 + $$ % 20000))
cache/linux/busybox httpd -f -p "127.0.0.1:$port" -h "$work/www" &
httpd=$!
load=$((40 + crashes * 25))
. scripts/dd-virtio-args.sh
ddkernel=cache/linux/vmlinux ddinitrd=build/linux/dd.cpio.gz
if [ "${DDKERNEL:-debian}" = lean ]; then
	ddkernel=cache/lean/vmlinux ddinitrd=build/linux/dd-lean.cpio.gz
	[ -f $ddkernel ] && [ -f $ddinitrd ] ||
		{ echo "dd-restart: $ddkernel or $ddinitrd missing (make guest-kernel)"; exit 1; }
fi
counted=""
[ -n "${ICOUNT:-}" ] && counted="-icount shift=0,sleep=off"
# Each DD instance waits ddwait= s for the guest: longer than the load.
sed -e "s/ddcrash=\([0-9]*\)\"/ddcrash=\1 ddcrashes=$crashes ddwait=$((load + 120))\"/" \
	-e "s/ddload=60/ddload=$load ddloadtcp=1${FS:+ ddloadfs=1}/" \
	tests/integration/manifests/dd-restart.manifest > "$work/m"
scripts/qemu-boot.sh --log "$work/log" --mem 1024M --timeout $((load * 3 + 200)) \
	--idle-deadlock shutdown --qemu-arg "$(dd_virtio_disk "$img")" \
	--qemu-arg "$(dd_virtio_net "guestfwd=tcp:10.0.2.100:8080-tcp:127.0.0.1:$port") $counted" \
	-- "$work/m" "" build/xenstored.elf "" cache/linux/vmlinux "" build/linux/dd.cpio.gz "" \
	build/pciback.elf "" $ddkernel "" $ddinitrd ""
status=$?
tr -d '\r' < "$work/log" > "$work/log.txt"
cat "$work/log.txt"
echo "dd-restart: run exit status $status"
# The records the guest wrote, read from the image here: "rec N at T".
n=$(sed -n 's/^(guest) init: ddload: [0-9]* write errors, \([0-9]*\) records read back.*/\1/p' "$work/log.txt")
if [ -n "${FS:-}" ]; then
	if e2fsck -fn "$img" > "$work/fsck" 2>&1; then
		echo "dd-restart: e2fsck finds the filesystem clean"
	else
		sed 's/^/dd-restart: e2fsck: /' "$work/fsck"
		echo "dd-restart: FAILED: the filesystem is not clean"
	fi
fi
if [ -n "${FS:-}" ]; then
	debugfs -R "cat /records" "$img" 2>/dev/null
else
	dd if="$img" bs=4096 count="${n:-0}" 2>/dev/null
fi > "$work/records"
bad=$(tr -s '\000' '\n' < "$work/records" |
	awk -v n="${n:-0}" '/^rec / { if ($2 != sprintf("%06d", seen)) bad++; seen++ } END { print bad + n - seen }')
echo "dd-restart: the image holds ${n:-no} records, $bad wrong"
got=$(sed -n 's/^(guest) init: ddload: tcp: sha256 \([0-9a-f]*\).*/\1/p' "$work/log.txt")
[ "$got" = "$big" ] && echo "dd-restart: the TCP stream came through whole, sha256 matches" ||
	echo "dd-restart: the TCP stream is wrong: ${got:-none}, want $big"
# The stall and its phases: the hypervisor's restart (teardown to
# runnable), the new DD's kernel to /init, /init to serving again, and
# the rest (back ends re-attaching until the guest's write completes).
awk '
/^parvus: d3 \(dd\) restarted in/ { r = $6 / 1000; rs[++nr] = r }
/^\(dd\) init: DD .* up at/ { up[++nu] = $(NF-1) }
/^\(dd\) init: DD ready at/ { rd[++nd] = $(NF-1) }
/^\(guest\) init: ddload: [0-9]+ writes, longest/ { stall = $7 }
END {
	for (i = 1; i <= nr; i++)
		printf "dd-restart: restart %d: hypervisor %.2f s, DD kernel to /init %.2f s, /init to serving %.2f s\n",
			i, rs[i], up[i + 1], rd[i + 1] - up[i + 1]
	printf "dd-restart: longest write %s s\n", stall
}' "$work/log.txt"
grep -c '^parvus: d3 (dd) restarted in' "$work/log.txt" | sed 's/^/dd-restart: restarts: /'
scripts/frames-back.sh "$work/log.txt" >/dev/null && echo "dd-restart: every frame is back at the end" ||
	echo "dd-restart: FAILED: frames leaked"
exit $status
