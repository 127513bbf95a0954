/* SPDX-License-Identifier: GPL-2.0-only */
/* parvus bench's split-driver counters per I/O operation
 * (toolstack/parvus/bench_cost.c): each row's counters are the
 * hypervisor's lines that follow its begin and end marks, divided by the
 * row's operations; a row missing a mark, a counters line or its count has
 * no figure, and counters lines nobody asked for change nothing. */
#include <criterion/criterion.h>
#include <stdio.h>
#include "../../toolstack/parvus/bench_cost.h"

static struct bench_cost c;

static void feed(const char *guest, const char *line)
{
	bench_cost_line(&c, guest, line);
}

static void counters(unsigned long h, unsigned long m, unsigned long u, unsigned long up)
{
	char line[200];

	/* sprintf: the unit build renames snprintf to the hypervisor's. */
	sprintf(line, "parvus: perfc-mark d2: hypercalls %lu grant_map %lu "
		 "grant_unmap %lu grant_copy 0 evtchn_send 7 upcalls %lu", h, m, u, up);
	feed(NULL, line);
}

Test(bench_cost, per_operation_between_the_marks)
{
	bench_cost_init(&c);
	feed("perfc-mark begin io_seq_write_per_mib", "(bench) perfc-mark begin io_seq_write_per_mib");
	counters(1000, 10, 10, 50);
	feed("[  3.1] blkfront: something", "(bench) [  3.1] blkfront: something");
	feed(NULL, "(dd) perfc-mark end io_seq_write_per_mib");	/* not the guest's */
	counters(999999, 0, 0, 0);				/* no mark pending: ignored */
	feed("perfc-mark end io_seq_write_per_mib", "(bench) perfc-mark end io_seq_write_per_mib");
	counters(5000, 74, 74, 290);
	feed("bench-ops io_seq_write_per_mib 32", "(bench) bench-ops io_seq_write_per_mib 32");
	cr_assert_float_eq(bench_cost_per_op(&c, "io_seq_write_per_mib", 0), 125.0, 1e-9);
	cr_assert_float_eq(bench_cost_per_op(&c, "io_seq_write_per_mib", 1), 2.0, 1e-9);
	cr_assert_float_eq(bench_cost_per_op(&c, "io_seq_write_per_mib", 4), 0.0, 1e-9);
	cr_assert_float_eq(bench_cost_per_op(&c, "io_seq_write_per_mib", 5), 7.5, 1e-9);
	cr_assert_eq(bench_cost_per_op(&c, "io_seq_write_per_mib", COST_COUNTERS), -1);
	cr_assert_eq(bench_cost_per_op(&c, "io_ping_rtt", 0), -1);
}

Test(bench_cost, incomplete_rows_have_no_figure)
{
	bench_cost_init(&c);
	/* No end mark. */
	feed("perfc-mark begin io_randread_4k", "x");
	counters(10, 0, 0, 0);
	feed("bench-ops io_randread_4k 100", "x");
	cr_assert_eq(bench_cost_per_op(&c, "io_randread_4k", 0), -1);
	/* Both marks, no operation count (the row failed). */
	feed("perfc-mark begin io_tcp_per_mib", "x");
	counters(10, 0, 0, 0);
	feed("perfc-mark end io_tcp_per_mib", "x");
	counters(20, 0, 0, 0);
	cr_assert_eq(bench_cost_per_op(&c, "io_tcp_per_mib", 0), -1);
	/* A mark whose counters never came (no perfc=exit): the end's line
	 * then fills the end only, the begin stays missing. */
	feed("perfc-mark begin io_ping_rtt", "x");
	feed("perfc-mark end io_ping_rtt", "x");
	counters(30, 0, 0, 0);
	feed("bench-ops io_ping_rtt 20", "x");
	cr_assert_eq(bench_cost_per_op(&c, "io_ping_rtt", 0), -1);
	/* Counters that went backwards (a mark paired with a wrong line). */
	feed("perfc-mark begin io_seq_read_per_mib", "x");
	counters(50, 0, 0, 0);
	feed("perfc-mark end io_seq_read_per_mib", "x");
	counters(40, 0, 0, 0);
	feed("bench-ops io_seq_read_per_mib 4", "x");
	cr_assert_eq(bench_cost_per_op(&c, "io_seq_read_per_mib", 0), -1);
	/* Garbage: "perfc-mark sideways ROW", a short counters line. */
	feed("perfc-mark sideways io_x", "x");
	feed(NULL, "parvus: perfc-mark d2: hypercalls 5");
	cr_assert_eq(bench_cost_per_op(&c, "io_x", 0), -1);
}
