/* SPDX-License-Identifier: GPL-2.0-only */
/* One entry of an xl.cfg disk = [ ... ] or vif = [ ... ] list, as xl
 * reads it (xl-disk-configuration(5); xl.cfg(5) "vif"), into what the
 * toolstack needs to write the device's xenstore nodes. Also the Xen
 * virtual-device number of a vdev name (xen-vbd-interface(7), libxl's
 * rule) and MAC addresses. Pure: unit-tested, fuzzed with config.c. */
#ifndef PARVUS_DEVSPEC_H
#define PARVUS_DEVSPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DEV_PATH_MAX	1024
#define DEV_NAME_MAX	32	/* = CFG_NAME_MAX: a backend= is a domain's name */
#define DEV_VDEV_MAX	16
#define DEV_BRIDGE_MAX	16	/* IFNAMSIZ */

struct disk_config {
	char target[DEV_PATH_MAX];	/* the image, as written */
	char vdev[DEV_VDEV_MAX];	/* the guest's name for it: xvda, hdc, sdb1 */
	unsigned long devnum;		/* its virtual-device number */
	bool writable;			/* access=rw */
	char backend[DEV_NAME_MAX];	/* the driver domain's name */
	unsigned int line;		/* where the config gives it */
	uint64_t size;			/* bytes: filled in by parvus run */
	/* parvus run --dd-devices=pci: the DD has it as a virtio-blk disk
	 * whose serial is its image name (params serial:NAME). */
	bool dd_pci;
};

struct vif_config {
	uint8_t mac[6];
	bool mac_generated;		/* no mac=: made from the name and index */
	char bridge[DEV_BRIDGE_MAX];
	char backend[DEV_NAME_MAX];
	unsigned int line;
};

/* spec is one list entry; on error returns -1 with the reason (no file
 * or line) in why. */
int disk_spec_parse(const char *spec, struct disk_config *d, char *why, size_t why_len);
int vif_spec_parse(const char *spec, struct vif_config *v, char *why, size_t why_len);

/* The virtual-device number of xvdX[N], hdX[N] or sdX[N] (libxl's
 * encoding), or -1 if the name is none of them or out of their range. */
long vdev_number(const char *vdev);

/* "00:16:3e:xx:xx:xx" into mac; false if it is not six ':'-separated
 * hex pairs. */
bool mac_parse(const char *s, uint8_t mac[6]);
void mac_format(const uint8_t mac[6], char out[18]);
/* xl's default MAC (Xen's OUI 00:16:3e, the fourth byte below 0x80),
 * made from the domain's name, the vif's index and a salt (tried again
 * with the next salt on a clash) rather than at random, so runs repeat. */
void mac_generate(const char *name, unsigned int index, unsigned int salt, uint8_t mac[6]);

#endif
