/* SPDX-License-Identifier: GPL-2.0-only */
/* `parvus run`: configs in, a running machine out. Builds the boot bundle
 * (manifest, unpacked kernels, ramdisks, the xenstore domain) in a
 * temporary folder, runs QEMU with the hypervisor, and turns its exit
 * into ours. */
#ifndef PARVUS_RUN_H
#define PARVUS_RUN_H

#include "ddpci.h"
#include <stdbool.h>

struct run_options {
	const char *accel;	/* "tcg" or "kvm" */
	unsigned int timeout;	/* seconds, 0 = none */
	const char *log;	/* serial output to this file, or NULL */
	const char *bindir;	/* where parvus.elf and xenstored.elf are */
	/* The driver domain's config instead of the built-in one (dd.h). */
	const char *driver_domain;
	/* The built-in DD's initramfs instead of the build's dd.cpio.gz
	 * (parvus bench gives dd-io.cpio.gz, which adds iperf3). */
	const char *dd_ramdisk;
	/* Check everything, print the manifest and QEMU's command line to
	 * standard output, start nothing. */
	bool dry_run;
	/* QEMU counts instructions (-icount shift=0,sleep=off), as parvus
	 * bench --icount. */
	bool icount;
	/* More words for the hypervisor's command line (e.g. perfc=exit). */
	const char *append;
	/* How the built-in DD gets its devices: pci (the default) gives it
	 * QEMU virtio PCI functions (ddpci.h); memory copies the images into
	 * its ramdisk. Only pci, given explicitly, insists on a built-in DD. */
	enum { DD_DEVICES_DEFAULT, DD_DEVICES_MEMORY, DD_DEVICES_PCI } dd_devices;
	/* --hostfwd and --guestfwd, as given: the DD's user network only. */
	struct ddpci_forwards fwd;
};

/* Exit status: 0 all powered off cleanly, 1 a domain crashed (or the
 * hypervisor did), 2 a usage or config error (nothing started), 3 a
 * timeout or an interruption (QEMU stopped). */
int run_domains(const struct run_options *o, int nr_configs, char **configs);

#endif
