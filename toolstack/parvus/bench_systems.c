/* SPDX-License-Identifier: GPL-2.0-only */
/* `parvus bench`'s systems and their guests' lines (see bench_systems.h). */
#include "bench_systems.h"
#include <stdio.h>
#include <string.h>

const char *const bench_system_names[BENCH_NR_SYSTEMS] = {
	[SYS_PARVUS] = "parvus-pv", [SYS_QEMU] = "qemu-full",
	[SYS_XEN] = "xen-pv", [SYS_XEN_DOMU] = "xen-domu",
};

static int system_named(const char *name, size_t len)
{
	for (int s = 0; s < BENCH_NR_SYSTEMS; s++)
		if (strlen(bench_system_names[s]) == len && !strncmp(bench_system_names[s], name, len))
			return s;
	return -1;
}

int bench_parse_systems(const char *list, unsigned int *mask, char *why, size_t why_len)
{
	const char *p = list;

	*mask = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		int s = system_named(p, len);

		if (s < 0) {
			snprintf(why, why_len, "unknown system \"%.*s\" (known: parvus-pv, "
				 "qemu-full, xen-pv, xen-domu)", (int)(len > 64 ? 64 : len), p);
			return -1;
		}
		if (*mask & (1u << s)) {
			snprintf(why, why_len, "%s named twice", bench_system_names[s]);
			return -1;
		}
		*mask |= 1u << s;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

/* The prefix is looked for anywhere in the line, not only at its start:
 * the serial line is shared with Xen's and dom0's kernel messages, which
 * may end up in front of a forwarded line when they interleave. */
const char *bench_guest_line(enum bench_system s, const char *line)
{
	const char *p;

	if (s != SYS_XEN_DOMU)
		return line;
	p = strstr(line, BENCH_DOMU_PREFIX);
	return p ? p + strlen(BENCH_DOMU_PREFIX) : NULL;
}
