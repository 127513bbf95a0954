/* SPDX-License-Identifier: GPL-2.0-only */
/* parvus-devd: the driver domain's device daemon, as Xen's `xl devd`
 * (libxl_device_events_handler) with its hotplug scripts. It watches
 * `backend` under its own /local/domain/<self> and, on every change,
 * looks at each backend/vbd/F/D and backend/vif/F/D: vbd.c and vif.c
 * set them up. Each device is marked when done (physical-device,
 * hotplug-status), so a rescan is cheap and a restart resumes; a
 * malformed device is marked failed, logged once, and skipped.
 * `parvus-devd xs ...` is a small xenstore client for the init script;
 * `parvus-devd reset` puts a dead predecessor's back ends back to state 1
 * (reset.c). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "devd.h"

/* While some device is DEV_WAIT, look again this often. */
#define RETRY_MS	200

void devd_log(const char *fmt, ...)
{
	va_list ap;

	fputs("parvus-devd: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

enum dev_result dev_fail(struct xs *xs, const char *be, const char *why)
{
	devd_log("%s: refused: %s", be, why);
	if (xs_write_node(xs, be, "hotplug-error", why) ||
	    xs_write_node(xs, be, "hotplug-status", "error"))
		devd_log("%s: cannot write hotplug-status", be);
	return DEV_ERROR;
}

/* Calls fn for each child of dir (an entry list from xs_directory);
 * returns how many children are DEV_WAIT. */
static int each_child(struct xs *xs, const char *dir, int depth,
		      enum dev_result (*fn)(struct xs *, const char *))
{
	static char lists[2][4096];
	char *list = lists[depth], path[DEVD_PATH_MAX];
	int waiting = 0, n = xs_directory(xs, dir, list, sizeof(lists[0]));

	if (n < 0 && n != -ENOENT)
		devd_log("listing %s: %s", dir, strerror(-n));
	for (char *name = list; n > 0 && name < list + n; name += strlen(name) + 1) {
		if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path)) {
			devd_log("%s/%s: path too long, skipped", dir, name);
			continue;
		}
		if (depth == 0)
			waiting += each_child(xs, path, 1, fn);
		else
			waiting += fn(xs, path) == DEV_WAIT;
	}
	return waiting;
}

static int scan(struct xs *xs)
{
	return each_child(xs, "backend/vbd", 0, vbd_handle) +
	       each_child(xs, "backend/vif", 0, vif_handle);
}

int main(int argc, char **argv)
{
	struct xs xs;
	int rc;

	if (argc > 1 && !strcmp(argv[1], "xs"))
		return xsctl_main(argc - 2, argv + 2);
	if (argc == 2 && !strcmp(argv[1], "reset"))
		return reset_main();
	if (argc > 1) {
		fprintf(stderr, "usage: parvus-devd            (the daemon)\n"
				"       parvus-devd reset      (a restarted driver domain's back ends)\n"
				"       parvus-devd xs read|write|rm|ls|perm PATH [VALUE|PERM...]\n");
		return 2;
	}
	setvbuf(stderr, NULL, _IOLBF, 0);
	rc = xs_open(&xs);
	if (!rc)
		rc = xs_watch(&xs, "backend", "parvus-devd");
	if (rc) {
		devd_log("cannot watch backend through %s: %s", DEVD_XENBUS, strerror(-rc));
		return 1;
	}
	devd_log("watching backend/ (vbd, vif)");
	for (;;) {
		int waiting = scan(&xs);

		xs_wait(&xs, waiting ? RETRY_MS : -1);
	}
}
