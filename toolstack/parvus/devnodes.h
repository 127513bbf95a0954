/* SPDX-License-Identifier: GPL-2.0-only */
/* The xenstore nodes of the guests' disks and vifs, decided by the
 * toolstack as libxl decides them (libxl_device.c's generic add,
 * libxl_disk.c, libxl_nic.c), written as boot-manifest node lines for the
 * hypervisor to carry to xenstored (parvus/manifest.h). And the checks
 * that need every config at once: backend= names another config, no MAC
 * twice. Pure: unit-tested. */
#ifndef PARVUS_DEVNODES_H
#define PARVUS_DEVNODES_H

#include "config.h"

/* parvus run's domain ids: the xenstore domain is d1, config i is d(i+2). */
#define DEVNODES_FIRST_DOMID	2
/* The frontend's `script` node: libxl's default vif script, by its path
 * (nothing runs it: the driver domain's parvus-devd does its work). */
#define DEVNODES_VIF_SCRIPT	"/etc/xen/scripts/vif-bridge"

/* Every backend= names another config; no MAC is any other vif's among
 * all the configs (a made one is made again with the next salt). files[i]
 * names config i for the messages: -1 with "FILE:LINE: reason". */
int devices_check(struct domain_config *cfgs, const char *const *files, int nr,
		  char *why, size_t why_len);

/* The name of frontend domain f's disk d's image in the driver domain's
 * root (dd.h's DD_IMAGE_DIR): "vbd-F-N", N its virtual-device number. */
void devices_image_name(int f, const struct disk_config *d, char *out, size_t size);
/* The driver domain's `params` of that disk: "image:vbd-F-N": parvus-devd
 * puts a loop device over that copy of the image (pv-drivers/devd/
 * params.c); the guest's writes change the copy, not the file. With
 * d->dd_pci, "serial:vbd-F-N": the DD's virtio-blk disk of that serial. */
void devices_params(int f, const struct disk_config *d, char *out, size_t size);

/* Node lines for every device of cfgs[0..nr), appended to buf (size
 * bytes, *len used); *nr_nodes counts them. -1 with the reason when they
 * do not fit a manifest (MANIFEST_MAX_NODES). */
int devices_nodes(const struct domain_config *cfgs, int nr, char *buf, size_t size,
		  size_t *len, unsigned int *nr_nodes, char *why, size_t why_len);

#endif
