/* SPDX-License-Identifier: GPL-2.0-only */
/* The domain list the hypervisor hands the xenstore domain at boot (as its
 * ramdisk), standing in for the XS_INTRODUCE calls a Xen control domain's
 * toolstack would make: for each domain, what xenstored needs to reach its
 * store ring and to seed /local/domain/<id> as libxl does. Text, one line
 * per domain:
 *   domain <domid> <name> <memory KiB> <store mfn> <store port> <console mfn> <console port> [driver] [restart]
 * ("driver": the boot manifest's role=driver, a driver domain, which
 * xenstored gives a larger node quota; "restart": on_crash=restart, the
 * hypervisor rebuilds it with the same id, ring port and console port
 * when it crashes, and xenstored connects to it again)
 * and one "self" line, in the same format, for the xenstore domain itself
 * (its ring and port fields are 0). Then the nodes the toolstack wrote
 * for the domains (the boot manifest's node lines, carried through
 * unchanged), which xenstored creates before serving anyone, one per
 * line, in the order given:
 *   node <path> <value> perms=<perm>[,<perm>...]
 * - path: absolute, /local/domain/<domid>/..., xenstore's characters
 *   (A-Z a-z 0-9 - _ @ /), no empty component, at most
 *   XS_SEED_PATH_MAX - 1 bytes.
 * - value: printable ASCII (0x20-0x7e), at most XS_SEED_VALUE_MAX - 1
 *   bytes, written bare if it is non-empty and holds no space, '"' or
 *   '\', else "double quoted" with \" and \\ the only escapes ("" is the
 *   empty value).
 * - perms: xenstore's own permission list, as xenstore-chmod takes it
 *   and XS_SET_PERMS carries it: a letter n (none), r (read), w (write)
 *   or b (both), then a domain id; the first entry names the owner and
 *   what every domain not listed may do, each further one a domain's
 *   own access. 1 to XS_SEED_PERMS_MAX entries, ids below
 *   DOMID_FIRST_RESERVED. Example:
 *     node /local/domain/2/device/vbd/51712/backend-id 1 perms=n2,r1
 * Pure: built into the hypervisor (which also parses the manifest's node
 * lines with it), the xenstore domain, the toolstack and the unit tests. */
#ifndef PARVUS_XENSTORE_SEED_H
#define PARVUS_XENSTORE_SEED_H

#include <parvus/types.h>

#define XS_SEED_NAME_MAX	32
#define XS_SEED_MAX_DOMAINS	63
#define XS_SEED_PATH_MAX	128	/* NUL included */
#define XS_SEED_VALUE_MAX	256	/* NUL included */
#define XS_SEED_PERMS_MAX	8
/* The longest node line format_node writes (quoted, every byte escaped). */
#define XS_SEED_NODE_LINE_MAX	(5 + XS_SEED_PATH_MAX + 2 * XS_SEED_VALUE_MAX + 4 + \
				 6 + XS_SEED_PERMS_MAX * 7 + 2)

struct xs_seed_domain {
	bool self;
	bool driver;		/* a driver domain (manifest role=driver) */
	bool restart;		/* rebuilt when it crashes (on_crash=restart) */
	uint16_t domid;
	char name[XS_SEED_NAME_MAX];
	uint64_t memory_kib;
	uint64_t store_mfn;
	uint32_t store_port;
	uint64_t console_mfn;
	uint32_t console_port;
};

/* xenstore's permission bits (xs_wire's XS_PERM_READ/WRITE). */
#define XS_SEED_PERM_NONE	0
#define XS_SEED_PERM_READ	1
#define XS_SEED_PERM_WRITE	2
#define XS_SEED_PERM_BOTH	3

struct xs_seed_perm {
	uint16_t domid;
	uint8_t perm;
};

struct xs_seed_node {
	char path[XS_SEED_PATH_MAX];
	char value[XS_SEED_VALUE_MAX];	/* text: NUL-terminated */
	struct xs_seed_perm perms[XS_SEED_PERMS_MAX];
	unsigned int nr_perms;
};

/* Appends one line; returns the new length, or size if it did not fit. */
size_t xs_seed_format(char *buf, size_t size, size_t len,
		      const struct xs_seed_domain *d);
/* Parses a whole seed's domain lines (node lines are skipped: see
 * xs_seed_next_node); returns the number of domains, or -1 on a line
 * that does not parse (bad fields, a name too long, too many domains). */
int xs_seed_parse(const char *text, size_t len, struct xs_seed_domain *out,
		  unsigned int max);

/* Appends one node line; returns the new length, or size if it did not
 * fit (or the node breaks a rule above). */
size_t xs_seed_format_node(char *buf, size_t size, size_t len,
			   const struct xs_seed_node *n);
/* Parses a node line's fields, the text after "node " (len bytes, no
 * newline). Returns 0, or -1 with the reason in why. */
int xs_seed_parse_node(const char *text, size_t len, struct xs_seed_node *n,
		       char *why, size_t why_len);
/* The next node line of a seed at or after *pos (advanced past it; *line
 * counts lines, from 1). Returns 1 with the node, 0 at the end, or -1
 * for a node line that does not parse, with "seed line N: reason" in
 * why: the caller reports it and carries on with the next. */
int xs_seed_next_node(const char *text, size_t len, size_t *pos,
		      unsigned int *line, struct xs_seed_node *n,
		      char *why, size_t why_len);
/* The domain id a node path starts with (/local/domain/<id>/...), or -1. */
int xs_seed_path_domid(const char *path);

#endif
