/* SPDX-License-Identifier: GPL-2.0-only */
/* The seed's node lines (parvus/xenstore_seed.h) into the store at boot:
 * the device nodes the toolstack decided, made before any domain is
 * served. A line that does not parse, or a node the store refuses, is
 * reported through log (one line, no newline) and skipped; the others are
 * still made. Pure: unit-tested. */
#ifndef XENSTORED_BOOT_NODES_H
#define XENSTORED_BOOT_NODES_H

#include "store.h"

typedef void (*xs_log_fn)(void *ctx, const char *line);

struct xs_boot_report {
	unsigned int made, refused;
};

void xs_seed_boot_nodes(struct xs_store *s, const char *text, size_t len,
			xs_log_fn log, void *ctx, struct xs_boot_report *report);

#endif
