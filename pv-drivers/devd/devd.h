/* SPDX-License-Identifier: GPL-2.0-only */
/* parvus-devd: what Xen's hotplug scripts and `xl devd` do, for a Linux
 * driver domain on Parvus. What its files share: the xenstore client
 * (xs.c, the xs_wire protocol over /dev/xen/xenbus), the two device
 * kinds (vbd.c, vif.c), the kernel interfaces they use (loop.c, bridge.c)
 * and the log. */
#ifndef PARVUS_DEVD_H
#define PARVUS_DEVD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define DEVD_XENBUS	"/dev/xen/xenbus"
/* Where the ram disks' backing files go: the init script mounts a tmpfs. */
#define DEVD_RAM_DIR	"/run/parvus-devd"
#define DEVD_PATH_MAX	256
#define DEVD_VALUE_MAX	1024

void devd_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* xs.c: one connection to xenstored through the kernel's xenbus device.
 * Paths without a leading '/' are relative to /local/domain/<self>. Each
 * call returns 0 (or a length) on success, -errno otherwise: xenstored's
 * error names (ENOENT, EACCES...) map to the errno values. */
struct xs {
	int fd;
	uint32_t req_id;
	bool event;		/* a watch event arrived since the last xs_wait */
};
int xs_open(struct xs *xs);
int xs_read(struct xs *xs, const char *path, char *buf, size_t size);
int xs_write(struct xs *xs, const char *path, const char *value);
int xs_rm(struct xs *xs, const char *path);
/* XS_IS_DOMAIN_INTRODUCED: "T" if xenstored serves domain DOMID (a
 * decimal string), "F" once it has gone. */
int xs_introduced(struct xs *xs, const char *domid, char *buf, size_t size);
/* The children's names, each NUL-terminated, one after the other. */
int xs_directory(struct xs *xs, const char *path, char *buf, size_t size);
int xs_watch(struct xs *xs, const char *path, const char *token);
/* Permissions as xenstore-chmod writes them: "n2" (owner d2, others none),
 * then "r3", "w4", "b5" entries; at most 8. */
int xs_set_perms(struct xs *xs, const char *path, char *const *perms, int n);
/* Waits up to timeout_ms (-1: forever) for a watch event: 1 if one came
 * (or had come during a request), 0 on timeout. */
int xs_wait(struct xs *xs, int timeout_ms);

/* Reads PATH/NODE; 0 or -errno. */
int xs_read_node(struct xs *xs, const char *dir, const char *node, char *buf, size_t size);
int xs_write_node(struct xs *xs, const char *dir, const char *node, const char *value);
/* Reads PATH/NODE as an unsigned decimal no larger than max. */
int xs_read_uint(struct xs *xs, const char *dir, const char *node, unsigned long max,
		 unsigned long *out);

/* Does the back end at dir still wait for us: no hotplug-status yet (set
 * up, or refused), and state Initialising (1) or InitWait (2)? 1 yes, 0
 * no, -errno for a state that cannot be read. The status comes first, so
 * a refused device is skipped without being read, and logged, again. */
int xs_backend_awaits_hotplug(struct xs *xs, const char *dir);

/* What a device handler says about one backend directory. */
enum dev_result {
	DEV_DONE,	/* set up now, or nothing to do */
	DEV_WAIT,	/* not ready yet (the kernel has not made it): look again soon */
	DEV_ERROR,	/* refused: hotplug-status=error and hotplug-error written */
};
/* vbd.c, vif.c: one backend directory, e.g. "backend/vbd/3/51712". */
enum dev_result vbd_handle(struct xs *xs, const char *be);
enum dev_result vif_handle(struct xs *xs, const char *be);
/* Marks a device as failed with WHY, as Xen's hotplug scripts do. */
enum dev_result dev_fail(struct xs *xs, const char *be, const char *why);

/* params.c: a vbd's `params` node (provisional format, see README.md). */
struct vbd_params {
	bool ram;		/* "ram:MIB": a fresh disk of MIB MiB in the DD's memory */
	bool image;		/* "image:NAME": DEVD_IMAGE_DIR/NAME, a file, in path */
	bool serial;		/* "serial:NAME": the disk of that serial; NAME in path */
	unsigned long mib;
	char path[DEVD_PATH_MAX]; /* "/dev/...": an existing block device */
};
/* Where the toolstack puts the guests' disk images in the DD's root (an
 * initramfs archive it appends to the DD's ramdisk; parvus run). */
#define DEVD_IMAGE_DIR	"/parvus-images"
#define DEVD_IMAGE_NAME_MAX	64
int vbd_params_parse(const char *s, struct vbd_params *p, const char **why);

/* loop.c: a loop device over FILE; its device number in *dev. */
int loop_attach(const char *file, bool read_only, dev_t *dev);

/* bridge.c: IFNAME in bridge BRIDGE (created if missing), both up. */
int bridge_add(const char *bridge, const char *ifname);
bool ifname_valid(const char *name);

/* reset.c: `parvus-devd reset`, a restarted DD's back ends made probeable. */
int reset_main(void);

/* xsctl.c: `parvus-devd xs read|write|rm|ls|perm PATH [VALUE|PERM...]`. */
int xsctl_main(int argc, char **argv);

#endif
