/* SPDX-License-Identifier: GPL-2.0-only */
/* `parvus run --dd-devices=pci`: the built-in driver domain drives real
 * (QEMU) devices instead of holding the images in its memory. Each disk
 * image it serves becomes a virtio-blk PCI function of its own, the
 * network a virtio-net one on QEMU's user network (restricted: no way
 * out but host forwards to 127.0.0.1); the DD's manifest line names them
 * (pci=, the issue 15 contract, /work/notes/pci-contract.md), a
 * role=pciback service domain gives the DD their config space through
 * xen-pcifront, and the pci back- and frontend nodes are written as
 * libxl writes them. Pure: unit-tested. */
#ifndef PARVUS_DDPCI_H
#define PARVUS_DDPCI_H

#include "config.h"
#include "hostfwd.h"
#include <stdbool.h>

#define DDPCI_NIC_SLOT		3	/* 00:03.0, virtio-net */
#define DDPCI_FIRST_DISK_SLOT	4	/* disk N at 00:(4+N).0 */
#define DDPCI_MAX_DEVICES	8	/* the manifest's pci= limit */
#define DDPCI_PCIBACK_MIB	8

struct ddpci_disk {
	const struct disk_config *disk;
	int frontend;			/* its guest's domain id */
	unsigned int slot;
};

struct ddpci_plan {
	struct ddpci_disk disks[DDPCI_MAX_DEVICES - 1];
	unsigned int nr_disks;
	char pci[DDPCI_MAX_DEVICES * 8];	/* the DD's pci= value */
	/* --hostfwd and --guestfwd, as QEMU's netdev options (hostfwd.h). */
	char hostfwd[HOSTFWD_MAX][HOSTFWD_LEN];
	unsigned int nr_hostfwd;
	char guestfwd[HOSTFWD_MAX][GUESTFWD_LEN];
	unsigned int nr_guestfwd;
};

/* The forwards a user asked for (parvus run --hostfwd, --guestfwd). */
struct ddpci_forwards {
	const char *hostfwd[HOSTFWD_MAX], *guestfwd[HOSTFWD_MAX];
	unsigned int nr_hostfwd, nr_guestfwd;
	const char *parvus;	/* the CLI's own path, run for --guestfwd */
};

/* The devices of the DD called dd among cfgs[0..nr) (config i is domain
 * DEVNODES_FIRST_DOMID + i): its disks in config order, then the NIC.
 * -1 with the reason if they are more than DDPCI_MAX_DEVICES. */
int ddpci_plan(const struct domain_config *cfgs, int nr, const char *dd,
	       struct ddpci_plan *p, char *why, size_t why_len);

/* The forwards (hostfwd.h) on the DD's user network, added to the plan:
 * 0, or -1 with the reason (a bad one, or more than HOSTFWD_MAX of a kind). */
int ddpci_add_forwards(struct ddpci_plan *p, const struct ddpci_forwards *f,
		       char *why, size_t why_len);

/* QEMU's arguments for the plan, appended to argv at *n (at most max in
 * all); the strings are made in buf (size bytes). -1 if they do not fit. */
int ddpci_qemu_args(const struct ddpci_plan *p, const char **argv, int *n, int max,
		    char *buf, size_t size);

/* The pci nodes between the DD (domain dd, named dd_name) and the
 * pciback service domain (domain pciback), as manifest node lines
 * appended to buf (size bytes, *len used; *nr_nodes counts them). -1 if
 * they do not fit. */
int ddpci_nodes(const struct ddpci_plan *p, int dd, const char *dd_name, int pciback,
		char *buf, size_t size, size_t *len, unsigned int *nr_nodes);

#endif
