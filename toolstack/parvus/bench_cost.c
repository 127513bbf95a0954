/* SPDX-License-Identifier: GPL-2.0-only */
/* The counters of each I/O row, from a run's log (see bench_cost.h). */
#include "bench_cost.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

const char *const bench_cost_names[COST_COUNTERS] = {
	"hypercalls", "grant_map", "grant_unmap", "grant_copy", "evtchn_send", "upcalls",
};

void bench_cost_init(struct bench_cost *c)
{
	memset(c, 0, sizeof(*c));
	c->pending = -1;
}

static int row_index(struct bench_cost *c, const char *name)
{
	for (unsigned int i = 0; i < c->nr; i++)
		if (!strcmp(c->row[i].name, name))
			return (int)i;
	if (c->nr == COST_ROWS)
		return -1;
	snprintf(c->row[c->nr].name, sizeof(c->row[0].name), "%s", name);
	return (int)c->nr++;
}

/* "parvus: perfc-mark dN: hypercalls A grant_map B ..." into the pending
 * row; a counters line with no mark before it is ignored. */
static void counters_line(struct bench_cost *c, const char *p)
{
	uint64_t v[COST_COUNTERS];
	struct bench_cost_row *r;

	if (c->pending < 0 ||
	    sscanf(p, "parvus: perfc-mark d%*u: hypercalls %" SCNu64 " grant_map %" SCNu64
		   " grant_unmap %" SCNu64 " grant_copy %" SCNu64 " evtchn_send %" SCNu64
		   " upcalls %" SCNu64, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != COST_COUNTERS)
		return;
	r = &c->row[c->pending];
	memcpy(r->at[c->pending_end], v, sizeof(v));
	r->have[c->pending_end] = true;
	c->pending = -1;
}

void bench_cost_line(struct bench_cost *c, const char *guest, const char *line)
{
	char which[8], name[32];
	double ops;
	const char *p = strstr(line, "parvus: perfc-mark d");
	int i;

	if (p) {
		counters_line(c, p);
		return;
	}
	if (!guest)
		return;
	if (sscanf(guest, "perfc-mark %7s %31s", which, name) == 2 &&
	    (!strcmp(which, "begin") || !strcmp(which, "end")) &&
	    (i = row_index(c, name)) >= 0) {
		c->pending = i;
		c->pending_end = !strcmp(which, "end");
	} else if (sscanf(guest, "bench-ops %31s %lf", name, &ops) == 2 && ops > 0 &&
		   (i = row_index(c, name)) >= 0) {
		c->row[i].ops = ops;
	}
}

double bench_cost_per_op(const struct bench_cost *c, const char *name, unsigned int k)
{
	for (unsigned int i = 0; i < c->nr; i++) {
		const struct bench_cost_row *r = &c->row[i];

		if (strcmp(r->name, name))
			continue;
		if (k >= COST_COUNTERS || !r->have[0] || !r->have[1] || r->ops <= 0 ||
		    r->at[1][k] < r->at[0][k])
			return -1;
		return (double)(r->at[1][k] - r->at[0][k]) / r->ops;
	}
	return -1;
}
