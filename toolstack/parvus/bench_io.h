/* SPDX-License-Identifier: GPL-2.0-only */
/* The I/O rows of `parvus bench` (tests/linux/bench-io.sh in the guest):
 * what each system's I/O boot needs besides the CPU boot (scratch disks,
 * parvus-pv's config for parvus run, iperf3 peers on our 127.0.0.1 for
 * the QEMU systems) and how parvus-pv, qemu-full and qemu-emul start it.
 * xen-domu's I/O boot is bench.c's (its dom0 initramfs). */
#ifndef PARVUS_BENCH_IO_H
#define PARVUS_BENCH_IO_H

#include "bench.h"
#include "bench_systems.h"
#include <stdbool.h>

/* The I/O guest's scratch disk: the MiB of a dd pass, and more. */
#define IO_MIB(o)	((o)->quick ? 32 : 256)
#define IO_DISK_MIB(o)	(IO_MIB(o) + 16)
/* Under parvus run the I/O guest is d2 (10.0.0.2), its peer guest d3
 * (10.0.0.3, ioserve: the guest-to-guest rows) and the built-in DD d4
 * (10.0.0.4 on its bridge), after the xenstore domain d1: configs are
 * numbered in order, the DD after them. xen-domu's dom0 takes the DD's
 * address on its bridge and starts the peer as a second domU
 * (tests/linux/init-xen-dom0.sh), so both guests' command lines are
 * these. */
#define IO_PV_WORDS	"io ionet=10.0.0.2 iopeer=10.0.0.4 iopeer2=10.0.0.3"
#define IO_PEER_WORDS	"io ioserve ionet=10.0.0.3"
#define IO_PEER_MIB	512
/* QEMU's user network: the guest is 10.0.2.15, 10.0.2.100 forwards to our
 * iperf3 server, and only the gateway answers pings. */
#define IO_QEMU_WORDS	"io ionet=10.0.2.15 iopeer=10.0.2.100 ioping=10.0.2.2"


/* Does this run boot system s for the I/O rows? */
bool bench_io_runs(const struct bench_options *o, enum bench_system s);

/* Checks the I/O inputs, makes the disks and parvus-pv's config: 0, or
 * -1 with the reason printed. */
int bench_io_prepare(const struct bench_options *o);

/* The QEMU systems' iperf3 servers: 0, or -1 with the reason printed. */
int bench_io_start_peers(const struct bench_options *o);

/* Stops the servers and removes the scratch disks. */
void bench_io_stop(const struct bench_options *o);

/* In the child: becomes system s's I/O boot (parvus-pv, qemu-full or
 * qemu-emul) with its console in log; does not return. */
void bench_io_exec(const struct bench_options *o, enum bench_system s, const char *log);

#endif
