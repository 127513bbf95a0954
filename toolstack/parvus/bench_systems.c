/* SPDX-License-Identifier: GPL-2.0-only */
/* `parvus bench`'s systems and their guests' lines (see bench_systems.h). */
#include "bench_systems.h"
#include <stdio.h>
#include <string.h>

const char *const bench_system_names[BENCH_NR_SYSTEMS] = {
	[SYS_PARVUS] = "parvus-pv", [SYS_QEMU] = "qemu-full",
	[SYS_XEN] = "xen-pv", [SYS_XEN_DOMU] = "xen-domu", [SYS_QEMU_EMUL] = "qemu-emul",
};

const char *const bench_part_names[BENCH_NR_PARTS] = { [PART_CPU] = "cpu", [PART_IO] = "io" };

bool bench_runs_part(enum bench_system s, enum bench_part p)
{
	return p == PART_CPU ? s != SYS_QEMU_EMUL : s != SYS_XEN;
}

int bench_parse_only(const char *name, unsigned int *mask, char *why, size_t why_len)
{
	for (int p = 0; p < BENCH_NR_PARTS; p++)
		if (!strcmp(name, bench_part_names[p])) {
			*mask = 1u << p;
			return 0;
		}
	snprintf(why, why_len, "unknown row family \"%.64s\" (known: cpu, io)", name);
	return -1;
}

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
				 "qemu-full, qemu-emul, xen-pv, xen-domu)", (int)(len > 64 ? 64 : len), p);
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
const char *bench_guest_line(enum bench_system s, enum bench_part p, const char *line)
{
	const char *prefix = s == SYS_XEN_DOMU ? BENCH_DOMU_PREFIX :
			     s == SYS_PARVUS && p == PART_IO ? BENCH_IO_GUEST_PREFIX : NULL;
	const char *at;

	if (!prefix)
		return line;
	at = strstr(line, prefix);
	return at ? at + strlen(prefix) : NULL;
}
