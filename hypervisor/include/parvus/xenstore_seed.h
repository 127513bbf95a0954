/* SPDX-License-Identifier: GPL-2.0-only */
/* The domain list the hypervisor hands the xenstore domain at boot (as its
 * ramdisk), standing in for the XS_INTRODUCE calls a Xen control domain's
 * toolstack would make: for each domain, what xenstored needs to reach its
 * store ring and to seed /local/domain/<id> as libxl does. Text, one line
 * per domain:
 *   domain <domid> <name> <memory KiB> <store mfn> <store port> <console mfn> <console port>
 * and one "self" line, in the same format, for the xenstore domain itself
 * (its ring and port fields are 0). Pure: built into the hypervisor, the
 * xenstore domain and the unit tests. */
#ifndef PARVUS_XENSTORE_SEED_H
#define PARVUS_XENSTORE_SEED_H

#include <parvus/types.h>

#define XS_SEED_NAME_MAX	32
#define XS_SEED_MAX_DOMAINS	63

struct xs_seed_domain {
	bool self;
	uint16_t domid;
	char name[XS_SEED_NAME_MAX];
	uint64_t memory_kib;
	uint64_t store_mfn;
	uint32_t store_port;
	uint64_t console_mfn;
	uint32_t console_port;
};

/* Appends one line; returns the new length, or size if it did not fit. */
size_t xs_seed_format(char *buf, size_t size, size_t len,
		      const struct xs_seed_domain *d);
/* Parses a whole seed; returns the number of domains, or -1 on a line
 * that does not parse (bad fields, a name too long, too many domains). */
int xs_seed_parse(const char *text, size_t len, struct xs_seed_domain *out,
		  unsigned int max);

#endif
