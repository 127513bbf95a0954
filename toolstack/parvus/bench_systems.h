/* SPDX-License-Identifier: GPL-2.0-only */
/* The systems `parvus bench` compares, which of them a run includes
 * (--systems), and which console lines belong to each one's measured
 * guest. Pure: unit-tested (tests/unit/test_bench_systems.c). */
#ifndef PARVUS_BENCH_SYSTEMS_H
#define PARVUS_BENCH_SYSTEMS_H

#include <stddef.h>

enum bench_system {
	SYS_PARVUS,	/* the guest as a Parvus PV domain */
	SYS_QEMU,	/* the same kernel run directly by QEMU: full virtualization */
	SYS_XEN,	/* Xen 4.17 with the guest as its dom0 */
	SYS_XEN_DOMU,	/* Xen 4.17, the guest a PV domU that a small dom0 starts with xl */
	BENCH_NR_SYSTEMS
};

#define BENCH_ALL_SYSTEMS	((1u << BENCH_NR_SYSTEMS) - 1)

/* What xen-domu's dom0 (tests/linux/init-xen-dom0.sh) puts before each
 * line of the domU's console it forwards to its own. */
#define BENCH_DOMU_PREFIX	"(domu) "

extern const char *const bench_system_names[BENCH_NR_SYSTEMS];

/* A comma-separated list of system names (each at most once) as a mask
 * of 1 << system: 0, or -1 with why filled in (one line, no newline). */
int bench_parse_systems(const char *list, unsigned int *mask, char *why, size_t why_len);

/* The guest's own text in a line of system s's serial log, or NULL when
 * the line is not the measured guest's: for xen-domu only the lines dom0
 * forwards from the domU count (the text after BENCH_DOMU_PREFIX), since dom0 boots the same kernel first
 * and prints its own "Run /init" (and would print any other line). */
const char *bench_guest_line(enum bench_system s, const char *line);

#endif
