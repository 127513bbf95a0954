/* SPDX-License-Identifier: GPL-2.0-only */
/* The seed's node lines into the store (see boot_nodes.h): each parsed by
 * the seed's own reader, its permissions turned into the store's, and
 * made by xs_boot_node. */
#include "boot_nodes.h"
#include <parvus/string.h>
#include <parvus/xenstore_seed.h>

_Static_assert(XS_SEED_PERMS_MAX <= XS_MAX_PERMS, "a seed's perms fit a node");
_Static_assert(XS_SEED_PATH_MAX <= XS_PATH_MAX && XS_SEED_VALUE_MAX <= XS_VALUE_MAX,
	       "a seed's node fits the store");

void xs_seed_boot_nodes(struct xs_store *s, const char *text, size_t len,
			xs_log_fn log, void *ctx, struct xs_boot_report *report)
{
	static struct xs_seed_node n;	/* 420 bytes: not on a 16 KiB stack */
	struct xs_perm perms[XS_SEED_PERMS_MAX];
	unsigned int line = 0;
	size_t pos = 0;
	char why[200];
	int rc;

	report->made = report->refused = 0;
	while ((rc = xs_seed_next_node(text, len, &pos, &line, &n, why, sizeof(why)))) {
		if (rc > 0) {
			for (unsigned int i = 0; i < n.nr_perms; i++)
				perms[i] = (struct xs_perm){ n.perms[i].domid, n.perms[i].perm };
			rc = xs_boot_node(s, n.path, n.value, strlen(n.value), perms, n.nr_perms);
			if (!rc) {
				report->made++;
				continue;
			}
			snprintf(why, sizeof(why), "seed line %u: cannot make %s: error %d",
				 line, n.path, -rc);
		}
		report->refused++;
		log(ctx, why);
	}
}
