/* SPDX-License-Identifier: GPL-2.0-only */
/* A vbd's `params` node, which names the disk behind it. Provisional (see
 * README.md) until the toolstack's device configuration settles it:
 *   ram:MIB     a new, zeroed disk of MIB MiB (1..65536), a loop device
 *               over a file in the driver domain's tmpfs
 *   image:NAME  a loop device over DEVD_IMAGE_DIR/NAME, a disk image the
 *               toolstack put in the driver domain's root at boot (NAME:
 *               letters, digits, . _ -, not starting with a dot)
 *   serial:NAME the driver domain's disk whose serial is NAME (a virtio-blk
 *               disk QEMU gives it: parvus run --dd-devices=pci), same
 *               characters as image:
 *   /dev/NAME   an existing block device of the driver domain
 * Pure: the unit tests build it hosted. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devd.h"

#define RAM_MIB_MAX	65536

static int parse_ram(const char *s, struct vbd_params *p, const char **why)
{
	char *end;

	if (*s < '1' || *s > '9') {
		*why = "ram: size is not a positive decimal number of MiB";
		return -EINVAL;
	}
	errno = 0;
	p->mib = strtoul(s, &end, 10);
	if (*end || errno || p->mib > RAM_MIB_MAX) {
		*why = "ram: size is not a number of MiB from 1 to 65536";
		return -EINVAL;
	}
	p->ram = true;
	return 0;
}

static int parse_name(const char *name, struct vbd_params *p, bool serial, const char **why)
{
	size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			  "0123456789._-");

	if (!n || name[n] || name[0] == '.' || n > DEVD_IMAGE_NAME_MAX) {
		*why = serial ? "serial: not 1 to 64 letters, digits, . _ - (no leading dot)" :
				"image: name is not 1 to 64 letters, digits, . _ - (no leading dot)";
		return -EINVAL;
	}
	if (serial)
		snprintf(p->path, sizeof(p->path), "%s", name);
	else
		snprintf(p->path, sizeof(p->path), "%s/%s", DEVD_IMAGE_DIR, name);
	p->image = !serial;
	p->serial = serial;
	return 0;
}

int vbd_params_parse(const char *s, struct vbd_params *p, const char **why)
{
	memset(p, 0, sizeof(*p));
	if (!strncmp(s, "ram:", 4))
		return parse_ram(s + 4, p, why);
	if (!strncmp(s, "image:", 6))
		return parse_name(s + 6, p, false, why);
	if (!strncmp(s, "serial:", 7))
		return parse_name(s + 7, p, true, why);
	if (!strncmp(s, "/dev/", 5) && !strstr(s, "/../") && strlen(s) > 5) {
		if (strlen(s) >= sizeof(p->path)) {
			*why = "device path too long";
			return -ENAMETOOLONG;
		}
		strcpy(p->path, s);
		return 0;
	}
	*why = "not ram:MIB, image:NAME, serial:NAME or /dev/NAME";
	return -EINVAL;
}
