#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only
# The I/O rows of parvus bench (issue 17), sourced by the benchmark
# /init when the kernel command line says `io`. Every row is, like the
# others, microseconds per operation (lower is better), so the ratios
# read the same way:
#   io_seq_write_per_mib  dd of 1 MiB blocks to the disk, O_DIRECT
#   io_seq_read_per_mib   the same read back, O_DIRECT
#   io_randread_4k        fio, 4 KiB random reads, O_DIRECT, one at a
#                         time: the mean completion latency (IOPS in a
#                         bench-info line)
#   io_tcp_per_mib        iperf3 to the peer, one stream, sender's rate
#   io_ping_rtt           ping to the peer (or ioping=), the mean round trip
#   io_tcp_guest_per_mib, io_ping_guest_rtt  the same to a peer guest
#                         (iopeer2=), across the back end's bridge
# Command-line words: iodisk=NAME (default: the first of xvda, vda, sda;
# the benchmark boots from its initramfs, so this is a scratch disk the
# run overwrites), iomib=N (MiB per dd pass: 256,
# or 32 with `quick`), ionet=A.B.C.D (eth0's address, /24) and iopeer=
# A.B.C.D (an iperf3 server there), ioping=A.B.C.D (what to ping, if not
# the peer: QEMU's user network answers pings only at its gateway),
# iopeer2=A.B.C.D (a peer guest with ioserve); ioserve: be the iperf3
# server for one peer's run instead.
# Around each row the guest prints "perfc-mark begin|end ROW", which
# Parvus with perfc=exit follows with a line of its split-driver
# counters, and "bench-ops ROW N", the operations the row did (MiB,
# reads, pings): parvus bench divides the counters' growth by it. Other
# systems print the lines and nothing more.
word() { sed -n "s/.*\<$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
now_ns() { /bin/workload now; }
# us_per COUNT T0 T1: microseconds per unit from T0 to T1 (ns).
us_per() { awk -v n="$1" -v t0="$2" -v t1="$3" 'BEGIN { if (n > 0 && t1 > t0) printf "%.3f", (t1 - t0) / 1000 / n; else print "nan" }'; }
# mark begin|end ROW: the counters' line follows on the console at once.
mark() { echo "perfc-mark $1 $2"; }

# The drivers of every system's devices, from Debian's modules when the
# kernel has them as modules (the lean kernel has its own built in).
io_modules() {
	local m
	for m in xen-blkfront xen-netfront virtio_pci virtio_blk virtio_net ahci sd_mod e1000; do
		modprobe $m 2>/dev/null
	done
	i=0; while [ -z "$(ls /sys/class/block 2>/dev/null | grep -E '^(xvda|vda|sda)$')" ] &&
		[ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
}

io_disk() {
	local d=$(word iodisk)
	if [ -z "$d" ]; then
		for d in xvda vda sda; do [ -b /dev/$d ] && break; done
	fi
	[ -b /dev/$d ] && echo /dev/$d
}

io_dd() {
	local disk=$1 mib=$2 t0 t1
	mark begin io_seq_write_per_mib
	t0=$(now_ns)
	dd if=/dev/zero of=$disk bs=1M count=$mib oflag=direct 2>/dev/null ||
		{ echo "bench-info io: dd write to $disk failed"; return; }
	t1=$(now_ns)
	mark end io_seq_write_per_mib
	echo "bench io_seq_write_per_mib $(us_per $mib $t0 $t1) us"
	echo "bench-ops io_seq_write_per_mib $mib"
	mark begin io_seq_read_per_mib
	t0=$(now_ns)
	dd if=$disk of=/dev/null bs=1M count=$mib iflag=direct 2>/dev/null ||
		{ echo "bench-info io: dd read of $disk failed"; return; }
	t1=$(now_ns)
	mark end io_seq_read_per_mib
	echo "bench io_seq_read_per_mib $(us_per $mib $t0 $t1) us"
	echo "bench-ops io_seq_read_per_mib $mib"
}

# fio's terse output (version 3): field 6 is the KiB read, field 8 the
# read IOPS, field 16 the mean completion latency in microseconds.
io_fio() {
	local disk=$1 mib=$2 secs=$3 out
	mark begin io_randread_4k
	out=$(fio --name=randread --filename=$disk --rw=randread --bs=4k --direct=1 \
		--ioengine=psync --iodepth=1 --size=${mib}M --runtime=$secs --time_based \
		--minimal 2>&1) || { echo "bench-info io: fio failed: $out" | head -3; return; }
	mark end io_randread_4k
	echo "$out" | awk -F';' '$1 == 3 {
		printf "bench io_randread_4k %.3f us\n", $16
		printf "bench-info io_randread_4k_iops %d\n", $8
		printf "bench-ops io_randread_4k %d\n", $6 / 4 }'
}

# io_tcp PEER SECS ROW: iperf3 to PEER's server; io_ping TO ROW.
io_tcp() {
	local peer=$1 secs=$2 row=$3 sent
	# The server may still be starting (a peer guest's, a DD's): retry.
	# The sender's line: "... 0.00-2.00 sec  5.25 MBytes  22.0 Mbits/sec ... sender".
	mark begin $row
	for try in 1 2 3 4 5 6 7 8 9 10; do
		sent=$(iperf3 -c $peer -t $secs -f m 2>&1 | awk '/sender$/ { print $(NF-5), $(NF-3) }')
		[ -n "$sent" ] && break
		sleep 1
	done
	mark end $row
	echo $sent | awk -v row=$row '{ if ($2 > 0) printf "bench %s %.3f us\nbench-ops %s %.0f\n", row, 8 * 1048576 / $2, row, $1
			    else printf "bench-info io: iperf3 to the peer failed (%s)\n", row }'
}

io_ping() {
	local to=$1 row=$2
	mark begin $row
	ping -c 20 -i 0.2 $to > /tmp/ping.out 2>&1
	mark end $row
	awk -F'/' -v row=$row '/^round-trip/ { printf "bench %s %.3f us\nbench-ops %s 20\n", row, $4 * 1000, row }' /tmp/ping.out
}

wait_reachable() {
	local i=0
	until ping -c 1 -W 1 $1 >/dev/null 2>&1 || [ $i -ge 60 ]; do i=$((i + 1)); done
}

io_rows() {
	local mib=256 secs=10 disk peer pingto=$(word ioping)
	grep -q quick /proc/cmdline && mib=32 secs=2
	[ -n "$(word iomib)" ] && mib=$(word iomib)
	io_modules
	disk=$(io_disk)
	if [ -n "$disk" ]; then
		io_dd $disk $mib
		io_fio $disk $mib $secs
	else
		echo "bench-info io: no scratch disk (iodisk=, or xvda, vda, sda)"
	fi
	if [ -n "$(word ionet)" ]; then
		ip addr add $(word ionet)/24 dev eth0 && ip link set eth0 up
	fi
	if grep -q ioserve /proc/cmdline; then
		iperf3 -s -1 >/dev/null 2>&1	# one client, then return
		return
	fi
	peer=$(word iopeer)
	if [ -n "$peer" ]; then
		wait_reachable $peer
		io_tcp $peer $secs io_tcp_per_mib
		io_ping ${pingto:-$peer} io_ping_rtt
	fi
	# A peer guest (ioserve) across the back end's bridge: ping first,
	# since it powers off once its one iperf3 client is done.
	peer=$(word iopeer2)
	if [ -n "$peer" ]; then
		wait_reachable $peer
		io_ping $peer io_ping_guest_rtt
		io_tcp $peer $secs io_tcp_guest_per_mib
	fi
}
