/* SPDX-License-Identifier: GPL-2.0-only */
/* A vbd back end (xen-blkback): what Xen's block hotplug script does. Once
 * the back end is Initialising or InitWait and has no physical-device, the
 * disk that `params` names is made ready and its device number written as
 * physical-device ("%x:%x", which blkback's backend_changed scans), then
 * hotplug-status=connected. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "devd.h"

/* A zeroed file of p->mib MiB in the ram folder, named after the back end
 * (backend/vbd/3/51712 -> vbd-3-51712), with a loop device over it. */
static int ram_disk(const char *be, const struct vbd_params *p, bool ro, dev_t *dev)
{
	char file[DEVD_PATH_MAX + 32];
	const char *name = strstr(be, "vbd/");
	int n = snprintf(file, sizeof(file), "%s/%s", DEVD_RAM_DIR, name ? name : be);

	if (n >= (int)sizeof(file))
		return -ENAMETOOLONG;
	for (char *c = file + strlen(DEVD_RAM_DIR) + 1; *c; c++)
		if (*c == '/')
			*c = '-';
	if (mkdir(DEVD_RAM_DIR, 0700) && errno != EEXIST)
		return -errno;
	int fd = open(file, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0)
		return -errno;
	int rc = ftruncate(fd, (off_t)p->mib << 20) ? -errno : 0;

	close(fd);
	return rc ? rc : loop_attach(file, ro, dev);
}

/* A disk image in the DD's root (image:NAME): a loop device over it. */
static int image_disk(const struct vbd_params *p, bool ro, dev_t *dev)
{
	struct stat st;

	if (lstat(p->path, &st))
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	return loop_attach(p->path, ro, dev);
}

/* The first line of a sysfs file, without its newline; false if none. */
static bool read_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	bool ok = f && fgets(buf, (int)size, f);

	if (f)
		fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

/* The disk whose /sys/block/X/serial is p->path (virtio-blk's serial
 * property): its number from /sys/block/X/dev. -ENOENT while there is
 * none (the driver may not have probed it yet). */
static int serial_disk(const struct vbd_params *p, dev_t *dev)
{
	char path[300], buf[80];
	struct dirent *e;
	unsigned int maj, min;
	DIR *d = opendir("/sys/block");
	int rc = -ENOENT;

	if (!d)
		return -errno;
	while (rc == -ENOENT && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/block/%s/serial", e->d_name);
		if (!read_line(path, buf, sizeof(buf)) || strcmp(buf, p->path))
			continue;
		snprintf(path, sizeof(path), "/sys/block/%s/dev", e->d_name);
		rc = read_line(path, buf, sizeof(buf)) && sscanf(buf, "%u:%u", &maj, &min) == 2 ?
			0 : -EINVAL;
		if (!rc)
			*dev = makedev(maj, min);
	}
	closedir(d);
	return rc;
}

static int block_device(const char *path, dev_t *dev)
{
	struct stat st;

	if (stat(path, &st))
		return -errno;
	if (!S_ISBLK(st.st_mode))
		return -ENOTBLK;
	*dev = st.st_rdev;
	return 0;
}

/* Is there anything to do: the back end awaits its hotplug step and has
 * no physical-device yet? */
static int wanted(struct xs *xs, const char *be)
{
	char buf[64];
	int rc = xs_backend_awaits_hotplug(xs, be);

	if (rc <= 0)
		return rc;
	return xs_read_node(xs, be, "physical-device", buf, sizeof(buf)) == -ENOENT;
}

enum dev_result vbd_handle(struct xs *xs, const char *be)
{
	char params[DEVD_VALUE_MAX], mode[16], phys[32];
	const char *why;
	struct vbd_params p;
	dev_t dev;
	int rc = wanted(xs, be);

	if (rc == -ENOENT)	/* the toolstack has not written state yet */
		return DEV_DONE;
	if (rc < 0)
		return dev_fail(xs, be, "state is not a number from 0 to 8");
	if (!rc)
		return DEV_DONE;
	if (xs_read_node(xs, be, "params", params, sizeof(params)) < 0)
		return dev_fail(xs, be, "params missing or over 1023 bytes");
	if (vbd_params_parse(params, &p, &why))
		return dev_fail(xs, be, why);
	bool ro = xs_read_node(xs, be, "mode", mode, sizeof(mode)) >= 0 && !strchr(mode, 'w');

	rc = p.ram ? ram_disk(be, &p, ro, &dev) : p.image ? image_disk(&p, ro, &dev) :
		p.serial ? serial_disk(&p, &dev) : block_device(p.path, &dev);
	if (rc == -ENOENT && p.serial)
		return DEV_WAIT;	/* its driver has not made it yet */
	if (rc) {
		devd_log("%s: %s: %s", be, params, strerror(-rc));
		return dev_fail(xs, be, p.ram ? "cannot make the ram disk" :
				p.image ? "no such disk image in the driver domain" :
				"not a block device");
	}
	snprintf(phys, sizeof(phys), "%x:%x", major(dev), minor(dev));
	rc = xs_write_node(xs, be, "physical-device", phys);
	if (!rc)
		rc = xs_write_node(xs, be, "hotplug-status", "connected");
	if (rc) {
		devd_log("%s: writing physical-device: %s", be, strerror(-rc));
		return DEV_ERROR;
	}
	devd_log("%s: %s%s is %s (physical-device %s)", be, params, ro ? " (read-only)" : "",
		 p.ram || p.image ? "a loop device" : p.serial ? "a disk of that serial" :
		 "a block device", phys);
	return DEV_DONE;
}
