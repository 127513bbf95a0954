#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only
# /init of the driver domain (DD): Debian's kernel with its back-end
# modules (scripts/fetch-linux-modules.sh), or the lean kernel with them
# built in, and parvus-devd. The modules
# are loaded here, once, not on demand: the DD exists for nothing else,
# and a missing one shows at boot. Lines start "init:" for
# tests/integration/cases.sh. Command-line words:
#   ddtest    write back-end nodes for a fake frontend (this domain's own
#             device/ folder) and check what devd and the back ends do
#   ddloop    ddtest, then load xen-blkfront and xen-netfront too, so the
#             DD is its own frontend: the grant path of a real connection
#   ddgnt     load gntdev and gntalloc and run gnt-probe: a page granted
#             to ourselves, copied and mapped as back ends do
#   ddback=F  serve a vbd and a vif to the frontend domain F (which boots
#             this initramfs with ddfront=D, D being our domid); a list
#             ddback=F,G serves each; also vifs 1, 2, ... while F has made
#             device/vif/N before device/vif/0/state (a test guest may);
#             each has ddwait=S seconds (240) to say it is done
#   ddfront=D not a DD: a guest whose disk and NIC are served by domain D
#   netip=N   (with ddfront) eth0 is 10.0.0.N/24
#   pingpeer=M  (with netip) ping 10.0.0.M 100 times, then tell it we are
#             done over TCP port 5000
#   netwait   (with netip) wait for a peer's "done" on TCP port 5000
#   pingdd    (with netip) ping the driver domain (10.0.0.D) 100 times too
#   ddmib=N   (with ddfront) the disk check writes and reads N MiB (4)
#   ddload=S  (with ddfront and netip) instead: S seconds of timed, fsynced
#             writes to xvda and pings to the DD, then every record checked;
#             ddloadtcp=1 also streams the host's /big through QEMU's user
#             network (guestfwd 10.0.2.100:8080) and prints its sha256;
#             ddloadfs=1 appends the records to /records on a new ext2
#             filesystem on xvda instead, each append fsynced
#   ddpersist=1|2  (with ddfront) instead: a filesystem on xvda with
#             64 MiB written to it (1), or read back from it (2)
#   hostfetch=1  (with ddfront or ddguest) eth0 on QEMU's user network
#             through the DD's virtio NIC, as 10.0.2.15 (or hostip=N,
#             10.0.2.N): fetch a file from the host's loopback, forwarded
#             to 10.0.2.100:8080 (guestfwd, parvus run --guestfwd)
#   hostserve=P  (with ddguest) eth0 on QEMU's user network as 10.0.2.15:
#             serve a file on port P until the host says done
#   ddguest   not a DD: a guest whose device nodes the toolstack wrote
#             (parvus run, disk = and vif = in its config): load the front
#             ends, print xvda's md5 (the image parvus run carried into
#             the DD), check xvda (unless ddshell), netip= and the rest as
#             with ddfront, say so in device/vbd/51712/parvus-test-done
#   ddserve   a DD whose back-end nodes the toolstack wrote: serve them,
#             put 10.0.0.D on the bridge if it serves a vif, and power off
#             once every frontend it serves has gone
#   ddreset=1 the DD serves itself a vbd and a vif (loopback), then the
#             back ends die as a crash leaves them and are reset and
#             probed again while the front ends stay Connected
#   ddreset=2 the boot's reset found a predecessor's back ends for our
#             own front ends (manifest nodes): load the front ends
#   ddcrash=S crash the kernel S s after the DD is serving, unless
#             earlier instances did ddcrashes=N (1) times (restart tests)
#   ddshell   a shell on the console (busybox init: poweroff ends the
#             domain) instead of powering off
# A DD given PCI devices (device/pci/0 from the toolstack) loads
# xen-pcifront and the virtio drivers first, in any mode. Before any
# module, a restarted DD resets what its predecessor left (reset_backends).
# The test modes write, as the toolstack will, what libxl writes: each
# device's folder first, with its permissions (owner, and read for the
# other end), then its nodes, which inherit them, then state.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
mkdir -p /run && mount -t tmpfs -o size=50% tmpfs /run
mkdir -p /sbin && ln -s /bin/modprobe /sbin/modprobe
arg() { sed -n "s/.*\<$1=\([0-9]*\).*/\1/p" /proc/cmdline; }
xs() { parvus-devd xs "$@"; }
# load MODULE...: modprobe each, one line each; the ones this kernel has
# built in (the lean kernel, make guest-kernel) are only named.
load() {
	local builtin="" m out
	for m in "$@"; do
		if grep -q "/$m.ko\$" /lib/modules/$(uname -r)/modules.builtin 2>/dev/null; then
			builtin="$builtin $m"
		elif out=$(modprobe "$m" 2>&1); then
			echo "init: modprobe $m: ok"
		else
			echo "init: modprobe $m: FAILED: $out"
		fi
	done
	[ -z "$builtin" ] || echo "init: built in:$builtin"
}
uptime_s() { cut -d' ' -f1 /proc/uptime; }
# wait_node PATH VALUE SECONDS: until PATH reads VALUE ("" any value).
wait_node() {
	i=0
	while [ $i -lt $(($3 * 5)) ]; do
		v=$(xs read "$1" 2>/dev/null) && [ -z "$2" -o "$v" = "$2" ] && return 0
		sleep 0.2; i=$((i + 1))
	done
	return 1
}
# folder PATH OTHER: PATH made, ours, readable by domain OTHER.
folder() {
	xs write "$1" ""
	xs perm "$1" "n$dom" "r$2"
}
# frontend TYPE DEVID BACKDOM: a device in our own device/ folder.
frontend() {
	fe=device/$1/$2
	folder $fe $3
	xs write $fe/backend "/local/domain/$3/backend/$1/$dom/$2"
	xs write $fe/backend-id "$3"
	case $1 in
	vbd) xs write $fe/virtual-device "$2"; xs write $fe/device-type disk ;;
	vif) xs write $fe/handle "$2"; xs write $fe/mac $(mac $dom $2) ;;
	esac
	xs write $fe/state 1
}
# backend TYPE FRONTDOM DEVID NODE=VALUE...: the nodes libxl writes.
backend() {
	type=$1 fd=$2 id=$3 be=backend/$1/$2/$3
	shift 3
	folder $be $fd
	xs write $be/frontend "/local/domain/$fd/device/$type/$id"
	xs write $be/frontend-id "$fd"
	xs write $be/online 1
	for kv in "$@"; do xs write "$be/${kv%%=*}" "${kv#*=}"; done
	xs write $be/state 1
}
# nodes PATH: how many nodes PATH and all below it are (xenstore quota).
nodes() {
	local n=1 c
	for c in $(xs ls "$1" 2>/dev/null); do n=$((n + $(nodes "$1/$c"))); done
	echo $n
}
# vbd_backend FRONTDOM: the next virtio disk if we were given any (in the
# order the guests are served), else a new 64 MiB disk in our memory.
vbd_backend() {
	disk=ram:64
	set -- $1 $(ls /sys/block | grep '^vd')
	[ $# -gt $((served + 1)) ] && eval disk=/dev/\${$((served + 2))}
	served=$((served + 1))
	backend vbd $1 51712 params=$disk mode=w type=phy dev=xvda removable=0 bootable=1
}
served=0
# mac DOMID DEVID: the MAC of a guest's vif, one per domain and device.
mac() { printf '00:16:3e:00:%02x:%02x' $1 $2; }
# vif_backend FRONTDOM [DEVID]: vif DEVID (0) of FRONTDOM, in xenbr0.
vif_backend() {
	set -- $1 ${2:-0}
	backend vif $1 $2 handle=$2 mac=$(mac $1 $2) bridge=xenbr0 script=/bin/true
}
# rate WHAT MIB SINCE: MIB moved since uptime SINCE, as MiB/s.
rate() {
	awk -v what="$1" -v mib=$2 -v t0=$3 -v t1=$(uptime_s) 'BEGIN {
		s = t1 - t0; if (s < 0.01) s = 0.01
		printf "init: %s: %d MiB in %.2f s, %.1f MiB/s\n", what, mib, s, mib / s }'
}
# disk_check: N MiB (ddmib=, 4) written to /dev/xvda and read back,
# each way timed by dd.
disk_check() {
	n=$(arg ddmib); n=${n:-4}
	dd if=/dev/urandom of=/tmp/pat bs=1M count=$n 2>/dev/null ||
		echo "init: xvda pattern: FAILED, $(wc -c < /tmp/pat) bytes"
	t=$(uptime_s)
	dd if=/tmp/pat of=/dev/xvda bs=1M count=$n conv=fsync 2>/dev/null ||
		echo "init: xvda write: FAILED"
	rate "xvda write" $n $t
	echo 3 > /proc/sys/vm/drop_caches
	t=$(uptime_s)
	b=$(dd if=/dev/xvda bs=1M count=$n 2>/dev/null | md5sum)
	rate "xvda read" $n $t
	a=$(md5sum < /tmp/pat)
	rm -f /tmp/pat
	[ "$a" = "$b" ] && echo "init: xvda read back matches" || echo "init: xvda read back DIFFERS"
}
# front_end BACKDOM: load the front ends, report what they reached.
front_end() {
	for m in xen-blkfront xen-netfront; do modprobe $m 2>&1 | sed 's/^/init: /'; done
	i=0; while [ ! -b /dev/xvda ] && [ $i -lt 100 ]; do sleep 0.2; i=$((i + 1)); done
	b=/local/domain/$1/backend
	echo "init: states: vbd fe $(xs read device/vbd/51712/state) be $(xs read $b/vbd/$dom/51712/state 2>&1)," \
		"vif fe $(xs read device/vif/0/state) be $(xs read $b/vif/$dom/0/state 2>&1)"
	[ -b /dev/xvda ] || echo "init: no /dev/xvda"
}
# disk_checks: xvda's check, ddpersist= or the write and read-back.
disk_checks() {
	if [ -n "$(arg ddload)" ]; then
		load_check
	elif [ -n "$(arg ddpersist)" ]; then
		persist_check
	else
		disk_check
	fi
}
# load_check: ddload=S (issue 16, the driver domain killed under load):
# for S seconds, record N ("rec N at T") goes to xvda's block N with
# fsync, ten a second, each write timed, while eth0 (netip=) pings the
# driver domain five times a second. Then every record is read back.
# Prints the longest write (the stall a DD restart costs), writes that
# failed, records that came back wrong, and the ping's loss.
load_check() {
	s=$(arg ddload)
	ip addr add 10.0.0.$(arg netip)/24 dev eth0 && ip link set eth0 up
	ping -i 0.2 -w $s 10.0.0.$bd > /tmp/ping.out 2>&1 &
	if [ -n "$(arg ddloadtcp)" ]; then	# a TCP stream from the host through it all
		ip addr add 10.0.2.15/24 dev eth0
		( t=$(uptime_s); sum=$(wget -O - http://10.0.2.100:8080/big 2>/dev/null | sha256sum)
		  echo "init: ddload: tcp: sha256 ${sum%% *} from $t s to $(uptime_s) s" ) &
	fi
	fs=$(arg ddloadfs)
	if [ -n "$fs" ]; then	# records appended to a file on ext2, each fsynced
		for m in crc32c_generic ext4; do modprobe $m 2>&1 | sed 's/^/init: /'; done
		mke2fs -q /dev/xvda > /tmp/mke2fs.out 2>&1 || sed 's/^/init: mke2fs FAILED: /' /tmp/mke2fs.out
		mkdir -p /mnt
		mount -t ext4 /dev/xvda /mnt || { echo "init: ddload: mount FAILED"; return; }
	fi
	n=0 errs=0 end=$(($(cut -d. -f1 /proc/uptime) + s))
	: > /tmp/times
	while [ $(cut -d. -f1 /proc/uptime) -lt $end ]; do
		t0=$(uptime_s)
		if [ -n "$fs" ]; then
			printf 'rec %06d at %s\n' $n $t0 |
				dd of=/mnt/records oflag=append conv=notrunc,fsync 2>/dev/null
		else
			printf 'rec %06d at %s\n' $n $t0 |
				dd of=/dev/xvda bs=4096 seek=$n count=1 conv=sync,fsync,notrunc 2>/dev/null
		fi || { errs=$((errs + 1)); echo "init: ddload: write $n FAILED at $t0"; }
		echo "$n $t0 $(uptime_s)" >> /tmp/times
		n=$((n + 1))
		sleep 0.1
	done
	awk '{ d = $3 - $2; if (d > w) { w = d; at = $2; r = $1 } if (d > 1) slow++ }
		END { printf "init: ddload: %d writes, longest %.2f s (record %d at %.2f s), %d over 1 s\n",
		      NR, w, r, at, slow }' /tmp/times
	# One read of all the records: blocks (each its record, then zeros),
	# or the file.
	if [ -n "$fs" ]; then cat /mnt/records; else dd if=/dev/xvda bs=4096 count=$n 2>/dev/null; fi |
		tr -s '\000' '\n' > /tmp/records
	bad=$(awk -v n=$n '/^rec / { if ($2 != sprintf("%06d", seen)) bad++; seen++ }
			END { print bad + n - seen }' /tmp/records)
	[ -n "$fs" ] && { umount /mnt || echo "init: ddload: umount FAILED"; }
	wait
	echo "init: ddload: $errs write errors, $n records read back, $bad wrong"
	tail -2 /tmp/ping.out | sed 's/^/init: ddload: ping: /'
}
# persist_check: ddpersist=1 makes a filesystem on xvda and writes
# 64 MiB of a known pattern to /data on it; ddpersist=2 (a later run on
# the same image) reads /data back. Either way its sha256 is printed, for
# the test to compare with the pattern's and the host image's.
persist_check() {
	for m in crc32c_generic ext4; do modprobe $m 2>&1 | sed 's/^/init: /'; done
	mkdir -p /mnt
	if [ "$(arg ddpersist)" = 1 ]; then
		mke2fs -q /dev/xvda > /tmp/mke2fs.out 2>&1 ||
			sed 's/^/init: mke2fs FAILED: /' /tmp/mke2fs.out
		mount -t ext4 /dev/xvda /mnt || { echo "init: persist: mount FAILED"; return; }
		t=$(uptime_s)
		yes parvus-persist | head -c 67108864 > /mnt/data && sync
		rate "persist: write /data" 64 $t
		echo "init: persist: wrote /data, sha256 $(sha256sum < /mnt/data | cut -d' ' -f1)"
	else
		mount -t ext4 -o ro /dev/xvda /mnt || { echo "init: persist: mount FAILED"; return; }
		t=$(uptime_s)
		sum=$(sha256sum < /mnt/data | cut -d' ' -f1)
		rate "persist: read /data" 64 $t
		echo "init: persist: read /data, sha256 $sum"
	fi
	umount /mnt
}
# host_fetch: on QEMU's user network (the DD's virtio NIC is in xenbr0,
# with our vif), a file from the host's loopback, forwarded by QEMU to
# 10.0.2.100:8080 (guestfwd; restrict=on lets nothing else out). QEMU's
# tcp: forward (dd-persist) is one connection, made when it starts: one
# wget, no retries (parvus run --guestfwd makes one per connection).
host_fetch() {
	ip addr add 10.0.2.$(arg hostip | grep . || echo 15)/24 dev eth0 && ip link set eth0 up
	ping -c 3 -W 2 10.0.2.2 2>&1 | tail -2 | sed 's/^/init: hostfetch: ping gateway: /'
	t=$(uptime_s)
	# No -T: Debian's static busybox wget segfaults with it.
	wget -O /tmp/blob http://10.0.2.100:8080/blob 2>&1 | sed 's/^/init: hostfetch: wget: /'
	[ -f /tmp/blob ] || { echo "init: hostfetch: FAILED"; return; }
	rate "hostfetch: $(wc -c < /tmp/blob) bytes" $(($(wc -c < /tmp/blob) / 1048576)) $t
	echo "init: hostfetch: sha256 $(sha256sum < /tmp/blob | cut -d' ' -f1)"
}
# host_serve: on QEMU's user network as 10.0.2.15 (the DD's virtio NIC
# is in xenbr0 with our vif), serve 4 MiB of a known pattern over HTTP on
# port hostserve=P through the host's forward to us (parvus run
# --hostfwd) until the host asks for /done (httpd logs a request when it
# starts answering, so /blob's own line is too early), at most 300 s.
host_serve() {
	ip addr add 10.0.2.15/24 dev eth0 2>/dev/null; ip link set eth0 up
	mkdir -p /www && yes parvus-hostfwd | head -c 4194304 > /www/blob
	httpd -f -vv -p $(arg hostserve) -h /www 2> /tmp/httpd.log &
	echo "init: hostserve: 10.0.2.15:$(arg hostserve) serves /blob, 4194304 bytes," \
		"sha256 $(sha256sum < /www/blob | cut -d' ' -f1)"
	i=0
	until grep -q 'url:/done' /tmp/httpd.log || [ $i -ge 1500 ]; do sleep 0.2; i=$((i + 1)); done
	sed 's/^/init: hostserve: httpd: /' /tmp/httpd.log
	grep -q 'url:/done' /tmp/httpd.log && echo "init: hostserve: the host says done" ||
		echo "init: hostserve: FAILED: no /done from the host in 300 s"
	kill $! 2>/dev/null
}
# gone D: xenstored no longer serves domain D (it has ended).
gone() { [ "$(xs introduced $1 2>/dev/null)" = F ]; }
# net_check: eth0 addressed, then the peer pinged or waited for.
net_check() {
	ip addr add 10.0.0.$(arg netip)/24 dev eth0 && ip link set eth0 up
	if grep -q pingdd /proc/cmdline; then
		i=0; until ping -c 1 -W 1 10.0.0.$bd >/dev/null 2>&1 || [ $i -ge 60 ]; do i=$((i + 1)); done
		ping -A -c 100 10.0.0.$bd 2>&1 | tail -2 | sed 's/^/init: ping dd: /'
	fi
	peer=$(arg pingpeer)
	if [ -n "$peer" ]; then
		i=0; until ping -c 1 -W 1 10.0.0.$peer >/dev/null 2>&1 || [ $i -ge 60 ]; do i=$((i + 1)); done
		ping -A -c 100 10.0.0.$peer 2>&1 | tail -2 | sed 's/^/init: ping: /'
		echo done | nc 10.0.0.$peer 5000
	fi
	if grep -q netwait /proc/cmdline; then
		(sleep 180; pkill -f "nc -l") &
		echo "init: peer says $(nc -l -p 5000)"
	fi
}
finish() {
	free -m | sed -n 2p | sed 's/^/init: free -m at end: /'
	echo "init: done at $(uptime_s) s"
	if grep -q ddshell /proc/cmdline; then
		printf '::respawn:-/bin/sh\n::shutdown:/bin/sync\n' > /etc/inittab
		echo "init: a shell on the console; poweroff ends this domain"
		exec /bin/init
	fi
	poweroff -f
}

# reset_backends: what a restarted DD (same domid) does before it loads
# its back ends: xenstored kept its predecessor's nodes, which Linux would
# not probe (state 4) or would act on too early (physical-device,
# hotplug-status); parvus-devd reset puts each back to state 1 (and the
# pcifront node device/pci/N too), never touching a guest's nodes.
reset_backends() {
	local t=$(uptime_s) out
	out=$(parvus-devd reset) || echo "init: parvus-devd reset FAILED"
	set -- $out
	echo "init: a previous instance's back ends: ${2:-?} reset, ${4:-?} left (frontend gone)," \
		"${6:-?} pci frontend(s) reset, at $(uptime_s) s ($(awk -v a=$t -v b=$(uptime_s) \
		'BEGIN { printf "%d", (b - a) * 1000 }') ms)"
	[ "$(arg ddreset)" = 2 ] || return 0
	local b=backend/vbd/$dom/51712
	echo "init: reset test: before the modules: vbd state $(xs read $b/state)," \
		"physical-device $(xs read $b/physical-device 2>/dev/null || echo none)," \
		"hotplug-status $(xs read $b/hotplug-status 2>/dev/null || echo none);" \
		"vif state $(xs read backend/vif/$dom/0/state); d9's vbd state $(xs read backend/vbd/9/51712/state)"
}
# crash_hook: ddcrash=S, a test of the DD's restart: S seconds after the
# DD is serving, unless data/crashes says previous instances did so
# ddcrashes=N times already (default 1), count this one there (and in
# data/crashed) and crash the kernel (sysrq c). Instance N+1 finds the
# count and does not crash.
crash_hook() {
	local s=$(arg ddcrash) want=$(arg ddcrashes) done
	[ -n "$s" ] || return 0
	done=$(xs read data/crashed 2>/dev/null | grep -c .)
	[ "$done" = 0 ] || done=$(xs read data/crashes 2>/dev/null || echo 1)
	if [ "$done" -ge "${want:-1}" ]; then
		echo "init: ddcrash: data/crashed is there: a previous instance crashed; not again"
		return 0
	fi
	echo "init: ddcrash: crashing in $s s (crash $((done + 1)) of ${want:-1})"
	( sleep "$s"
	  xs write data/crashes $((done + 1)) &&
	  xs write data/crashed "$(uptime_s)" || { echo "init: ddcrash: cannot write data/crashed"; exit 0; }
	  echo "init: ddcrash: crashing the kernel at $(uptime_s) s"
	  echo c > /proc/sysrq-trigger ) &
}
# states PATH SECONDS: the values PATH takes until it reads 4 (polled),
# e.g. "1 2 4"; stops after SECONDS.
states() {
	local seen="" last="" v i=0
	while [ $i -lt $(($2 * 20)) ]; do
		v=$(xs read "$1" 2>/dev/null || echo -)
		[ "$v" != "$last" ] && seen="$seen $v" && last=$v
		[ "$v" = 4 ] && break
		sleep 0.05; i=$((i + 1))
	done
	echo $seen
}
# die_backend TYPE DEVID: our back end for ourselves dies as a crashed
# DD's does, seen from the frontend: the kernel's device goes (its rings
# unmapped, its port closed: xs rm of the directory unregisters it),
# and its nodes are written back as they were, state 4, hotplug-status
# and physical-device included, which the kernel does not probe.
die_backend() {
	local be=backend/$1/$dom/$2 n
	for n in $(xs ls $be); do echo "$n=$(xs read $be/$n)"; done > /tmp/saved
	xs rm $be
	# Until the driver's remove has run (netback's removes hotplug-status
	# and then the interface; the sysfs link goes before either).
	i=0; while [ -e /sys/bus/xen-backend/devices/$1-$dom-$2 -o -e /sys/class/net/vif$dom.$2 ] &&
		[ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	sleep 0.5
	folder $be $dom
	while IFS= read -r kv; do
		[ "${kv%%=*}" = state ] || xs write "$be/${kv%%=*}" "${kv#*=}"
	done < /tmp/saved
	xs write $be/state "$(sed -n 's/^state=//p' /tmp/saved)"
	echo "init: reset test: $1 $2 died: state $(xs read $be/state)," \
		"hotplug-status $(xs read $be/hotplug-status 2>&1)," \
		"physical-device $(xs read $be/physical-device 2>/dev/null || echo none)," \
		"kernel device $([ -e /sys/bus/xen-backend/devices/$1-$dom-$2 ] && echo present || echo gone)"
}
# reset_test: ddreset=1. The DD serves itself (loopback) a disk, a brd
# ram disk that outlives its back end, and a vif; the front ends reach
# Connected and write a pattern. Then both back ends die as a crash
# leaves them (die_backend) while the front ends stay Connected, and
# reset_backends brings them back: Linux probes them again (1, 2
# InitWait, 4), blkback attaches to the live ring, the pattern reads back
# and new writes go through.
reset_test() {
	echo "init: reset test: d$dom serves itself a vbd and a vif"
	modprobe brd rd_nr=1 rd_size=65536 2>&1 | sed 's/^/init: /'
	frontend vbd 51712 $dom
	backend vbd $dom 51712 params=/dev/ram0 mode=w type=phy dev=xvda removable=0 bootable=1
	frontend vif 0 $dom
	vif_backend $dom
	front_end $dom
	[ -b /dev/xvda ] || return
	dd if=/dev/urandom of=/tmp/pat bs=1M count=4 2>/dev/null
	dd if=/tmp/pat of=/dev/xvda bs=1M conv=fsync 2>/dev/null
	die_backend vbd 51712
	die_backend vif 0
	reset_backends
	b=backend/vbd/$dom/51712 v=backend/vif/$dom/0
	echo "init: reset test: vbd back-end states $(states $b/state 30)," \
		"vif $(states $v/state 30); front ends: vbd $(xs read device/vbd/51712/state)," \
		"vif $(xs read device/vif/0/state)"
	echo "init: reset test: vbd physical-device $(xs read $b/physical-device 2>&1)," \
		"vif hotplug-status $(xs read $v/hotplug-status 2>&1)," \
		"bridge xenbr0 members: $(ls /sys/class/net/xenbr0/brif 2>&1 | tr '\n' ' ')"
	echo 3 > /proc/sys/vm/drop_caches
	[ "$(dd if=/dev/xvda bs=1M count=4 2>/dev/null | md5sum)" = "$(md5sum < /tmp/pat)" ] &&
		echo "init: reset test: xvda reads back what was written before the reset" ||
		echo "init: reset test: xvda read back DIFFERS"
	disk_check
}

# unbound_pci: a PCI device has no driver (yet).
unbound_pci() {
	local d
	for d in /sys/bus/pci/devices/*; do [ -e "$d/driver" ] || return 0; done
	return 1
}
# PCI devices given to this DD (the toolstack wrote a pci frontend node for
# us): xen-pcifront reaches their config space through the pciback service
# domain, the virtio drivers take them. Disks become /dev/vdX (a vbd's
# params names one); a NIC joins xenbr0, the guests' bridge. Before devd
# starts, so that the disks exist when it looks.
pci_devices() {
	be=$(xs read device/pci/0/backend-id 2>/dev/null) || return 0
	echo "init: PCI devices through the pciback service d$be"
	# After a restart: the service's back end says Connected (or Closing)
	# until it has dropped our predecessor's page and port and seen our
	# reset (InitWait); a pcifront probing before would take Connected for
	# its own connection, and Closing for the end of it.
	local bs=$(xs read device/pci/0/backend)/state
	i=0; while [ "$(xs read $bs 2>/dev/null)" != 2 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	[ $i -gt 0 ] && echo "init: pciback's back end in InitWait after $((i / 10)).$((i % 10)) s" \
		"(state $(xs read $bs 2>&1))"
	load xen-pcifront virtio_pci virtio_blk virtio_net
	i=0; while [ -z "$(ls /sys/bus/pci/devices 2>/dev/null)" ] && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1)); done
	# Built-in drivers bind as pcifront's scan adds each device, after
	# modprobe has returned: wait for them (at most 5 s more).
	i=0; while unbound_pci && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	for d in /sys/bus/pci/devices/*; do
		[ -e "$d" ] || { echo "init: no PCI device after 10 s"; break; }
		drv=$(basename "$(readlink "$d/driver")" 2>/dev/null)
		echo "init: pci $(basename "$d") $(cat "$d/vendor"):$(cat "$d/device") driver ${drv:-none}"
	done
	echo "init: virtio disks: $(ls /sys/block | grep '^vd' | tr '\n' ' ')"
	grep virtio /proc/interrupts | awk '{ print "init: interrupts:", $1, $NF }'
	for n in $(ls /sys/class/net); do
		[ "$(basename "$(readlink /sys/class/net/$n/device/driver)")" = virtio_net ] || continue
		ip link add xenbr0 type bridge 2>/dev/null
		ip link set "$n" master xenbr0 && ip link set "$n" up && ip link set xenbr0 up &&
			echo "init: $n (virtio-net) is in bridge xenbr0"
	done
}

dom=$(xs read domid)
if [ -n "$(arg ddfront)" ]; then
	bd=$(arg ddfront)
	echo "init: d$dom is a guest of driver domain d$bd"
	frontend vbd 51712 $bd
	frontend vif 0 $bd
	wait_node /local/domain/$bd/backend/vbd/$dom/51712/state "" 60 ||
		echo "init: no back end from d$bd after 60 s"
	front_end $bd
	[ -b /dev/xvda ] && disk_checks
	[ -n "$(arg netip)" ] && net_check
	[ -n "$(arg hostfetch)" ] && host_fetch
	xs write device/vbd/51712/parvus-test-done 1
	finish
fi

if grep -q ddguest /proc/cmdline; then
	bd=$(xs read device/vbd/51712/backend-id 2>/dev/null || xs read device/vif/0/backend-id)
	echo "init: d$dom is a guest of driver domain d$bd (nodes from the toolstack)"
	front_end $bd
	for v in $(xs ls device/vbd 2>/dev/null); do
		wait_node device/vbd/$v/state 4 30 || echo "init: vbd $v: state $(xs read device/vbd/$v/state)"
	done
	echo "init: $(ls /sys/block | grep -c '^xvd') xvd disks, $(xs ls device/vbd | wc -l) vbds"
	if [ -b /dev/xvda ] && ! grep -q ddshell /proc/cmdline; then
		echo "init: xvda md5 $(md5sum < /dev/xvda | cut -d' ' -f1)"
		if [ "$(cat /sys/block/xvda/ro)" = 1 ]; then
			echo "init: xvda is read-only"
		else
			disk_checks
		fi
	fi
	[ -n "$(arg netip)" ] && net_check
	[ -n "$(arg hostfetch)" ] && host_fetch
	[ -n "$(arg hostserve)" ] && host_serve
	xs write device/vbd/51712/parvus-test-done 1 2>/dev/null
	finish
fi

echo "init: DD $(uname -r) up at $(uptime_s) s"
reset_backends
load xen-blkback xen-netback bridge loop
[ -c /dev/xen/xenbus ] || echo "init: /dev/xen/xenbus missing"
pci_devices
parvus-devd &
echo "init: parvus-devd started (pid $!)"
echo "init: DD ready at $(uptime_s) s"
free -m | sed 's/^/init: free -m: /'
crash_hook
case "$(arg ddreset)" in
1) reset_test ;;
2)	echo "init: reset test: back ends in state $(xs read backend/vbd/$dom/51712/state)," \
		"$(xs read backend/vif/$dom/0/state) after the modules; loading the front ends"
	front_end $dom
	[ -b /dev/xvda ] && disk_check ;;
esac

if grep -qE 'ddtest|ddloop' /proc/cmdline; then
	echo "init: test mode: DD is d$dom, back ends for a fake frontend"
	# Malformed first: devd must refuse them and carry on.
	frontend vbd 51728 $dom
	backend vbd $dom 51728 params=bogus:1 mode=w type=phy dev=xvdb
	backend vif $dom 7 handle=x7 mac=00:16:3e:00:00:07 bridge=xenbr0 script=/bin/true
	xs write backend/vbd/$dom/51744/state zz
	frontend vbd 51712 $dom
	vbd_backend $dom
	frontend vif 0 $dom
	vif_backend $dom
	be=backend/vbd/$dom/51712
	wait_node $be/physical-device "" 10 &&
		echo "init: vbd 51712 physical-device $(xs read $be/physical-device), hotplug-status $(xs read $be/hotplug-status)"
	sysfs=/sys/bus/xen-backend/devices/vbd-$dom-51712/physical_device
	i=0; while [ ! -f $sysfs ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	echo "init: vbd 51712 blkback sees physical_device $(cat $sysfs 2>&1)"
	echo "init: losetup: $(losetup -a 2>&1 | tr '\n' ' ')"
	echo "init: vbd 51728 hotplug-error: $(xs read backend/vbd/$dom/51728/hotplug-error 2>&1)"
	echo "init: vif 7 hotplug-error: $(xs read backend/vif/$dom/7/hotplug-error 2>&1)"
	echo "init: vbd 51744 hotplug-error: $(xs read backend/vbd/$dom/51744/hotplug-error 2>&1)"
	wait_node backend/vif/$dom/0/hotplug-status connected 10 &&
		echo "init: vif 0 hotplug-status connected"
	echo "init: bridge xenbr0 members: $(ls /sys/class/net/xenbr0/brif 2>&1 | tr '\n' ' ')"
	echo "init: vif$dom.0 flags $(cat /sys/class/net/vif$dom.0/flags 2>&1)"
	echo "init: back-end states vbd $(xs read $be/state) vif $(xs read backend/vif/$dom/0/state)"
	echo "init: xenstore nodes: vbd back end $(nodes $be), vif back end $(nodes backend/vif/$dom/0)," \
		"all of /local/domain/$dom $(nodes /local/domain/$dom)"
fi
if grep -q ddloop /proc/cmdline; then
	echo "init: loopback: loading the front ends in the DD itself"
	front_end $dom
	[ -b /dev/xvda ] && disk_checks
fi
if grep -q ddgnt /proc/cmdline; then
	for m in xen-gntdev xen-gntalloc; do modprobe $m 2>&1 | sed 's/^/init: /'; done
	gnt-probe "$dom" 2>&1
	grep -i 'scratch' /proc/iomem | sed 's/^/init: iomem: /'
fi
# ddserve: the frontends are the domains under backend/vbd and
# backend/vif (seeded at boot); we serve them until each has gone.
if grep -q ddserve /proc/cmdline; then
	served=$( (xs ls backend/vbd; xs ls backend/vif) 2>/dev/null | sort -un)
	if [ -n "$(xs ls backend/vif 2>/dev/null)" ]; then
		i=0; while [ ! -d /sys/class/net/xenbr0 ] && [ $i -lt 300 ]; do sleep 0.2; i=$((i + 1)); done
		ip addr add 10.0.0.$dom/24 dev xenbr0 && ip link set xenbr0 up &&
			echo "init: bridge xenbr0 is 10.0.0.$dom"
		# parvus bench's DD (dd-io.cpio.gz) has iperf3: the guests'
		# TCP row to their back-end domain.
		command -v iperf3 >/dev/null && iperf3 -s -D &&
			echo "init: iperf3 serves on 10.0.0.$dom"
	fi
	for fd in $served; do echo "init: serving d$fd from the toolstack's nodes"; done
	for fd in $served; do
		until gone $fd; do sleep 1; done
		echo "init: d$fd has gone; back-end states vbd $(xs read backend/vbd/$fd/51712/state 2>&1)" \
			"vif $(xs read backend/vif/$fd/0/state 2>&1)"
	done
	echo "init: xenstore nodes below /local/domain/$dom: $(nodes /local/domain/$dom)"
fi
fds=$(sed -n 's/.*\<ddback=\([0-9,]*\).*/\1/p' /proc/cmdline | tr , ' ')
for fd in $fds; do
	echo "init: serving a vbd and a vif to d$fd"
	wait_node /local/domain/$fd/device/vif/0/state "" 60 || echo "init: no frontend in d$fd after 60 s"
	vbd_backend $fd
	vif_backend $fd
	v=1; while xs read /local/domain/$fd/device/vif/$v/state >/dev/null 2>&1; do
		vif_backend $fd $v; v=$((v + 1)); done
done
# The bridge (made by devd for the first vif) gets our address, 10.0.0.D.
if [ -n "$fds" ]; then
	i=0; while [ ! -d /sys/class/net/xenbr0 ] && [ $i -lt 300 ]; do sleep 0.2; i=$((i + 1)); done
	ip addr add 10.0.0.$dom/24 dev xenbr0 && ip link set xenbr0 up
fi
wait=$(arg ddwait); wait=${wait:-240}
for fd in $fds; do
	wait_node /local/domain/$fd/device/vbd/51712/parvus-test-done 1 $wait ||
		echo "init: d$fd did not finish in $wait s"
	echo "init: d$fd back-end states vbd $(xs read backend/vbd/$fd/51712/state) vif $(xs read backend/vif/$fd/0/state)"
done
finish
