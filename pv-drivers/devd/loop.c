/* SPDX-License-Identifier: GPL-2.0-only */
/* A loop device over a file, as losetup does: a free one from
 * /dev/loop-control (LOOP_CTL_GET_FREE), then LOOP_CONFIGURE with the
 * file (Linux 5.8 and later). The device stays bound after we close it:
 * blkback opens it by number. */
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devd.h"

static int configure(int loop, int file, const char *name, bool read_only)
{
	struct loop_config cfg = { .fd = file };

	cfg.info.lo_flags = read_only ? LO_FLAGS_READ_ONLY : 0;
	snprintf((char *)cfg.info.lo_file_name, sizeof(cfg.info.lo_file_name), "%s", name);
	return ioctl(loop, LOOP_CONFIGURE, &cfg) ? -errno : 0;
}

int loop_attach(const char *file, bool read_only, dev_t *dev)
{
	char name[32];
	struct stat st;
	int rc, ctl, n, fd = -1, loop = -1;

	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return -errno;
	n = ioctl(ctl, LOOP_CTL_GET_FREE);
	rc = n < 0 ? -errno : 0;
	close(ctl);
	if (rc)
		return rc;
	snprintf(name, sizeof(name), "/dev/loop%d", n);
	fd = open(file, (read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	loop = open(name, (read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (fd < 0 || loop < 0)
		rc = -errno;
	else
		rc = configure(loop, fd, file, read_only);
	if (!rc)
		rc = fstat(loop, &st) ? -errno : 0;
	if (!rc)
		*dev = st.st_rdev;
	if (fd >= 0)
		close(fd);
	if (loop >= 0)
		close(loop);
	return rc;
}
