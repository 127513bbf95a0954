#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only
# /init of the small Xen 4.17 dom0 of `parvus bench`'s "xen-domu" system
# (build/linux/xen-dom0.cpio.gz, scripts/build-xen-dom0.sh): brings up
# the Xen user space as Debian's xencommons would (xenstored,
# xen-init-dom0, xenconsoled), starts one PV domU with `xl create` from an
# xl.cfg it writes, forwards the domU's console to its own line by line
# as "(domu) LINE" while the domU runs, and powers off when it has gone
# (so QEMU exits). The domU is what parvus bench appends to this
# initramfs: /domu/kernel, /domu/ramdisk, /domu/cmdline (the words the
# other systems' guests get) and /domu/memory (MiB). With /domu/io (the
# I/O rows), the domU also gets QEMU's virtio-blk disk (dom0's /dev/vda)
# through blkback and a vif on the bridge xenbr0, where dom0 is 10.0.0.4
# and serves iperf3 (parvus bench appends it): the driver domain's part
# under Parvus, and its address. /domu/peer-cmdline and peer-memory: a
# second domU of the same kernel and initramfs on the bridge, started
# first, the peer of the guest-to-guest rows.
/bin/busybox --install -s /bin
export PATH=/bin:/usr/bin:/usr/lib/xen-4.17/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts		# xenconsoled opens a pty per guest
# /var/run and /var/lock as on Debian (xenstored's socket is in
# /var/run/xenstored, xl's lock /var/lock/xl).
mkdir -p /run/xen /run/xenstored /run/lock /var/lib/xen /var/log/xen/console /etc/xen
ln -s /run /var/run
ln -s /run/lock /var/lock
# No ballooning: dom0's memory is fixed by Xen's dom0_mem.
echo 'autoballoon = "off"' > /etc/xen/xl.conf

fail() {
	echo "xen-dom0: $*"
	poweroff -f
}

# The Xen devices (evtchn, privcmd, gntdev, gntalloc), xenfs for
# xenstored's /proc/xen/xsd_*; the back ends and bridge for later I/O.
for m in xen-evtchn xen-privcmd xen-gntdev xen-gntalloc xenfs xen-blkback xen-netback \
	bridge loop; do
	modprobe "$m" || fail "modprobe $m failed"
done
mount -t xenfs xenfs /proc/xen || fail "cannot mount xenfs on /proc/xen"

XENSTORED_ROOTDIR=/run/xenstored xenstored --pid-file /run/xenstored.pid ||
	fail "xenstored did not start"
n=0
until xenstore-exists / 2>/dev/null; do
	n=$((n + 1))
	[ $n -le 100 ] || fail "xenstored does not answer"
	sleep 0.1
done
xen-init-dom0 || fail "xen-init-dom0 failed"
xenconsoled --pid-file=/run/xenconsoled.pid --log=guest --log-dir=/var/log/xen/console ||
	fail "xenconsoled did not start"

[ -f /domu/kernel ] && [ -f /domu/ramdisk ] ||
	fail "no domU in this initramfs (/domu/kernel, /domu/ramdisk: parvus bench adds them)"
# The I/O rows' back-end side, as a Xen user's dom0 would have it.
devices=""
if [ -f /domu/io ]; then
	for m in virtio_pci virtio_blk; do modprobe "$m" || fail "modprobe $m failed"; done
	n=0
	until [ -b /dev/vda ]; do
		n=$((n + 1))
		[ $n -le 100 ] || fail "no /dev/vda (QEMU's virtio-blk disk)"
		sleep 0.1
	done
	brctl addbr xenbr0 && ip addr add 10.0.0.4/24 dev xenbr0 && ip link set xenbr0 up ||
		fail "cannot make the bridge xenbr0"
	iperf3 -s -D || fail "iperf3 did not start"
	script=/etc/xen/scripts/parvus-hotplug
	devices="disk = [ 'format=raw, vdev=xvda, access=rw, backendtype=phy, script=$script, target=/dev/vda' ]
vif = [ 'bridge=xenbr0, script=$script' ]"
fi
name=bench
cat > /etc/xen/domu.cfg <<EOF
name = "$name"
type = "pv"
kernel = "/domu/kernel"
ramdisk = "/domu/ramdisk"
extra = "$(cat /domu/cmdline 2>/dev/null)"
memory = $(cat /domu/memory 2>/dev/null || echo 512)
vcpus = 1
on_poweroff = "destroy"
on_reboot = "destroy"
on_crash = "destroy"
$devices
EOF

# The domU's console as xenconsoled logs it, a line at a time (busybox
# tail looks once a second), without the carriage returns.
log=/var/log/xen/console/guest-$name.log
cr=$(printf '\r')
mkfifo /run/domu-console
tail -n +1 -F "$log" > /run/domu-console 2>/dev/null &
tailer=$!
while IFS= read -r line || [ -n "$line" ]; do
	echo "(domu) ${line%"$cr"}"
done < /run/domu-console &
printer=$!

if [ -f /domu/peer-cmdline ]; then
	cat > /etc/xen/peer.cfg <<EOF
name = "peer"
type = "pv"
kernel = "/domu/kernel"
ramdisk = "/domu/ramdisk"
extra = "$(cat /domu/peer-cmdline)"
memory = $(cat /domu/peer-memory 2>/dev/null || echo 256)
vcpus = 1
on_poweroff = "destroy"
on_reboot = "destroy"
on_crash = "destroy"
vif = [ 'bridge=xenbr0, script=$script' ]
EOF
	xl create /etc/xen/peer.cfg || fail "xl create of the peer domU failed"
fi
# What Xen keeps for a domain besides its memory: Xen's free memory
# before xl create and once the domU runs (xl info, MiB), the domU's
# own memory between them. And what dom0 itself uses, as a driver
# domain would (free, after the domU has gone).
xen_free() { xl info | sed -n 's/^free_memory *: *//p'; }
free_before=$(xen_free)
(
	n=0
	until xl list $name >/dev/null 2>&1 || [ $n -ge 300 ]; do n=$((n + 1)); sleep 0.2; done
	sleep 3		# xl create populates its memory, then unpauses it
	echo "xen-dom0: Xen's free memory: $free_before MiB before xl create," \
		"$(xen_free) MiB with the domU running ($(cat /domu/memory 2>/dev/null || echo 512) MiB)"
) &
# -F: xl stays in the foreground until the domain has gone (and carries
# out on_poweroff), waiting on xenstore rather than polling.
xl create -F /etc/xen/domu.cfg
rc=$?
[ $rc -eq 0 ] || echo "xen-dom0: xl create -F exited with $rc"
xl destroy peer 2>/dev/null	# it powers off after its one client; if not
sleep 2		# tail's last look at the log
kill $tailer
wait $printer
echo "xen-dom0: dom0 uses $(free -m | awk '/^Mem:/ { print $3 " of " $2 }') MiB (free -m)"
echo "xen-dom0: the domU has gone; powering off"
poweroff -f
