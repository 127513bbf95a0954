/* SPDX-License-Identifier: GPL-2.0-only */
/* The driver domain (DD) parvus run adds by itself: when a config's disk
 * or vif names backend=dd and no config given is called dd, a DD of
 * Debian's kernel (cache/linux/vmlinuz) and the build's dd.cpio.gz
 * (pv-drivers/devd/init-dd.sh in ddserve mode) joins the run, as xl
 * would use dom0. And which domains are DDs at all (named by a
 * backend=): the manifest says so (role=driver), and xenstored gives
 * them a DD's node quota. Pure: unit-tested. */
#ifndef PARVUS_DD_H
#define PARVUS_DD_H

#include "config.h"
#include <stdbool.h>

#define DD_BUILTIN_NAME		"dd"
/* The DD's own memory: its kernel, modules, back ends and bridge. */
#define DD_BASE_MIB		128
/* The disk images the DD holds in memory (dd_image_archive, until it
 * drives a virtio-blk disk): each lives in its tmpfs root, which may
 * fill half its memory, so the DD gets twice their size besides. */
#define DD_IMAGES_MAX_MIB	512
/* Where they are in the DD's root (pv-drivers/devd/params.c: image:NAME). */
#define DD_IMAGE_DIR		"parvus-images"

/* Is the built-in DD wanted: does a device of cfgs[0..nr) name
 * backend=dd while no config is called dd? */
bool dd_builtin_wanted(const struct domain_config *cfgs, int nr);

/* Is cfgs[i] a DD: does any device of any config name it as backend=? */
bool dd_is_driver_domain(const struct domain_config *cfgs, int nr, int i);

/* The MiB of the disk images the DD called name serves (d->size known). */
unsigned long dd_images_mib(const struct domain_config *cfgs, int nr, const char *name);

/* The built-in DD's config text (xl.cfg syntax, for config_parse):
 * kernel and ramdisk as given, memory for images_mib of images; pci: it
 * drives PCI devices (ddpci.h), its command line says ddpci. */
int dd_builtin_text(char *out, size_t size, const char *kernel, const char *ramdisk,
		    unsigned long images_mib, bool pci);

#endif
