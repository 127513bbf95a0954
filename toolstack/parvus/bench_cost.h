/* SPDX-License-Identifier: GPL-2.0-only */
/* Where an I/O row's time goes under Parvus: the guest brackets each row
 * with "perfc-mark begin|end ROW" lines and says how many operations it
 * did ("bench-ops ROW N"); the hypervisor (perfc=exit) follows each mark
 * with a line of its machine-wide split-driver counters
 * (hypervisor/common/perf_counters.c: perfc_mark). From a run's log this
 * gives each counter's growth per operation of each row. Pure:
 * unit-tested (tests/unit/test_bench_cost.c). */
#ifndef PARVUS_BENCH_COST_H
#define PARVUS_BENCH_COST_H

#include <stdbool.h>
#include <stdint.h>

#define COST_COUNTERS	6
#define COST_ROWS	16

/* The counters in the order of the hypervisor's line. */
extern const char *const bench_cost_names[COST_COUNTERS];

struct bench_cost_row {
	char name[32];
	uint64_t at[2][COST_COUNTERS];	/* at the begin and end marks */
	bool have[2];
	double ops;			/* 0: not said */
};

struct bench_cost {
	unsigned int nr;
	struct bench_cost_row row[COST_ROWS];
	int pending;		/* the row whose mark awaits its counters, or -1 */
	int pending_end;	/* 0 begin, 1 end */
};

void bench_cost_init(struct bench_cost *c);

/* One line of the log: guest is the measured guest's text in it (NULL if
 * the line is not the guest's), line the whole line. */
void bench_cost_line(struct bench_cost *c, const char *guest, const char *line);

/* Counter k's growth per operation in row named name, or -1 when the row
 * lacks a mark, its counters or its operation count. */
double bench_cost_per_op(const struct bench_cost *c, const char *name, unsigned int k);

#endif
