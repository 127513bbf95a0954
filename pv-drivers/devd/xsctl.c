/* SPDX-License-Identifier: GPL-2.0-only */
/* `parvus-devd xs read|write|rm|ls|perm PATH [VALUE|PERM...]`:
 * xenstore-read, -write, -rm, -ls and -chmod for the driver domain's
 * shell scripts (busybox has none); `parvus-devd xs introduced DOMID`
 * prints T while xenstored serves that domain, F once it has gone.
 * Errors are one line on stderr and exit status 1; usage errors exit 2. */
#include <stdio.h>
#include <string.h>

#include "devd.h"

static int fail(const char *op, const char *path, int rc)
{
	fprintf(stderr, "parvus-devd xs %s %s: %s\n", op, path, strerror(-rc));
	return 1;
}

int xsctl_main(int argc, char **argv)
{
	static char buf[4096];
	struct xs xs;
	int rc;

	bool perm = argc > 0 && !strcmp(argv[0], "perm");

	if (argc < 2 || (perm ? argc < 3 : (strcmp(argv[0], "write") ? argc != 2 : argc != 3))) {
		fprintf(stderr, "usage: parvus-devd xs read|write|rm|ls|perm PATH [VALUE|PERM...]\n"
			"       parvus-devd xs introduced DOMID\n");
		return 2;
	}
	const char *op = argv[0], *path = argv[1];

	rc = xs_open(&xs);
	if (rc)
		return fail(op, DEVD_XENBUS, rc);
	if (!strcmp(op, "read")) {
		rc = xs_read(&xs, path, buf, sizeof(buf));
		if (rc >= 0)
			printf("%s\n", buf);
	} else if (!strcmp(op, "write")) {
		rc = xs_write(&xs, path, argv[2]);
	} else if (!strcmp(op, "introduced")) {
		rc = xs_introduced(&xs, path, buf, sizeof(buf));
		if (rc >= 0)
			printf("%s\n", buf);
	} else if (!strcmp(op, "rm")) {
		rc = xs_rm(&xs, path);
	} else if (perm) {
		rc = xs_set_perms(&xs, path, argv + 2, argc - 2);
	} else if (!strcmp(op, "ls")) {
		rc = xs_directory(&xs, path, buf, sizeof(buf));
		for (int i = 0; i < rc; i += strlen(buf + i) + 1)
			printf("%s\n", buf + i);
	} else {
		fprintf(stderr, "parvus-devd xs: unknown operation %s\n", op);
		return 2;
	}
	return rc < 0 ? fail(op, path, rc) : 0;
}
