/* SPDX-License-Identifier: GPL-2.0-only */
/* Domain configs in the xl.cfg syntax (xl.cfg(5)) that the parvus CLI
 * reads: `key = value` lines, values "double" or 'single' quoted strings,
 * integers, or [ lists ] of strings (which may span lines); # starts a
 * comment. The keys we know are those of a PV domain we can build, with
 * its disks and vifs (devspec.h: each backed by a driver domain, another
 * config, named by backend=); any other key is an error, as are bad
 * values, each reported as "FILE:LINE: reason". Pure: no I/O beyond the
 * text handed in, so it is unit-tested directly. */
#ifndef PARVUS_CONFIG_H
#define PARVUS_CONFIG_H

#include "devspec.h"
#include <stdbool.h>
#include <stddef.h>

#define CFG_NAME_MAX	32
#define CFG_PATH_MAX	1024
#define CFG_CMDLINE_MAX	1024
#define CFG_MAX_DISKS	16	/* per guest */
#define CFG_MAX_VIFS	8	/* per guest */

struct domain_config {
	char name[CFG_NAME_MAX];
	unsigned long memory_mib;	/* memory = */
	unsigned int vcpus;		/* vcpus = (1 for now) */
	unsigned int weight;		/* cpu_weight = (xl's credit weight) */
	/* max_grant_frames =, max_maptrack_frames = (0: the hypervisor's
	 * defaults, 32 and 4). */
	unsigned int grant_frames, maptrack_frames;
	/* on_crash = "restart": the hypervisor rebuilds the domain, same id
	 * (issue 16); "destroy", the default, leaves it gone. */
	bool restart_on_crash;
	bool restart_on_reboot;
	char kernel[CFG_PATH_MAX];
	char ramdisk[CFG_PATH_MAX];
	char cmdline[CFG_CMDLINE_MAX];	/* cmdline =, or root= and extra= */
	struct disk_config disks[CFG_MAX_DISKS];	/* disk = [ ... ] */
	unsigned int nr_disks;
	struct vif_config vifs[CFG_MAX_VIFS];		/* vif = [ ... ] */
	unsigned int nr_vifs;
};

/* Parses text (len bytes) from file; on error returns -1 with
 * "file:line: reason" in why. Paths stay as written (the caller resolves
 * them against the config's folder, as xl does). */
int config_parse(const char *file, const char *text, size_t len,
		 struct domain_config *cfg, char *why, size_t why_len);

#endif
