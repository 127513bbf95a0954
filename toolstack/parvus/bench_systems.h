/* SPDX-License-Identifier: GPL-2.0-only */
/* The systems `parvus bench` compares, which of them a run includes
 * (--systems), which row families (--only) each one runs, and which
 * console lines belong to each one's measured guest. Pure: unit-tested
 * (tests/unit/test_bench_systems.c). */
#ifndef PARVUS_BENCH_SYSTEMS_H
#define PARVUS_BENCH_SYSTEMS_H

#include <stdbool.h>
#include <stddef.h>

enum bench_system {
	SYS_PARVUS,	/* the guest as a Parvus PV domain */
	SYS_QEMU,	/* the same kernel run directly by QEMU: full virtualization */
	SYS_XEN,	/* Xen 4.17 with the guest as its dom0 */
	SYS_XEN_DOMU,	/* Xen 4.17, the guest a PV domU that a small dom0 starts with xl */
	SYS_QEMU_EMUL,	/* QEMU with emulated devices (AHCI, e1000): the I/O rows only */
	BENCH_NR_SYSTEMS
};

/* The row families: the CPU and memory rows (bench.cpio.gz) and the I/O
 * rows (bench-io.cpio.gz, `io` on the guest's command line). */
enum bench_part {
	PART_CPU,
	PART_IO,
	BENCH_NR_PARTS
};

#define BENCH_ALL_PARTS		((1u << BENCH_NR_PARTS) - 1)

#define BENCH_ALL_SYSTEMS	((1u << BENCH_NR_SYSTEMS) - 1)

/* What xen-domu's dom0 (tests/linux/init-xen-dom0.sh) puts before each
 * line of the domU's console it forwards to its own. */
#define BENCH_DOMU_PREFIX	"(domu) "
/* What parvus run puts before each console line of the I/O rows' guest
 * (its config's name is "bench"): the driver domain shares the log. */
#define BENCH_IO_GUEST_PREFIX	"(bench) "

extern const char *const bench_system_names[BENCH_NR_SYSTEMS];
extern const char *const bench_part_names[BENCH_NR_PARTS];

/* Does system s run part p? qemu-emul's CPU rows would be qemu-full's
 * (only its devices differ); xen-pv's I/O rows would be dom0 driving
 * QEMU's devices natively, which compares nothing. */
bool bench_runs_part(enum bench_system s, enum bench_part p);

/* --only: "cpu" or "io" as a mask of 1 << part: 0, or -1 with why. */
int bench_parse_only(const char *name, unsigned int *mask, char *why, size_t why_len);

/* A comma-separated list of system names (each at most once) as a mask
 * of 1 << system: 0, or -1 with why filled in (one line, no newline). */
int bench_parse_systems(const char *list, unsigned int *mask, char *why, size_t why_len);

/* The guest's own text in a line of system s's serial log for part p, or
 * NULL when the line is not the measured guest's: for xen-domu only the
 * lines dom0 forwards from the domU count (the text after
 * BENCH_DOMU_PREFIX), since dom0 boots the same kernel first and prints
 * its own "Run /init" (and would print any other line); for parvus-pv's
 * I/O rows only the guest's, not its driver domain's. */
const char *bench_guest_line(enum bench_system s, enum bench_part p, const char *line);

#endif
