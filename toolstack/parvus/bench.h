/* SPDX-License-Identifier: GPL-2.0-only */
/* `parvus bench`: one guest workload (tests/bench/workload.c in the
 * benchmark initramfs) under Parvus PV, full virtualization (the same
 * kernel run directly by QEMU) and Debian's Xen 4.17 twice: the guest as a
 * PV domU that a small dom0 starts with `xl create` (xen-domu, the fair
 * comparison), and the guest as the PV dom0 itself (xen-pv); same QEMU,
 * accelerator and CPU model, runs interleaved. Writes results.json,
 * results.md and a gnuplot chart (PNG and SVG). */
#ifndef PARVUS_BENCH_H
#define PARVUS_BENCH_H

#include <stdbool.h>

/* Every system's guest gets this much memory (MiB). */
#define BENCH_GUEST_MIB	512

struct bench_options {
	bool quick;
	bool icount;	/* QEMU -icount: instructions, not time; runs side by side */
	unsigned int runs;
	const char *out;	/* results folder */
	const char *accel;
	const char *kernel;	/* Debian's bzImage */
	const char *initrd;	/* the benchmark initramfs */
	const char *xen;	/* xen.bin */
	const char *dom0_kernel;	/* xen-domu's dom0: Debian's vmlinux, its modules' kernel */
	const char *dom0_initrd;	/* and its initramfs (build/linux/xen-dom0.cpio.gz) */
	unsigned int systems;	/* 1 << enum bench_system for each system run */
	unsigned int parts;	/* 1 << enum bench_part for each row family run */
	const char *io_initrd;	/* the I/O rows' initramfs (bench-io.cpio.gz) */
	const char *dd_io_initrd;	/* parvus-pv's DD for them (dd-io.cpio.gz) */
	const char *iperf3_initrd;	/* iperf3 for xen-domu's dom0 (iperf3.cpio.gz) */
	const char *bindir;	/* parvus.elf */
};

int bench_run(const struct bench_options *o);

#endif
