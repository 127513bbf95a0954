/* SPDX-License-Identifier: GPL-2.0-only */
/* The xenstore domain's boot seed: what the hypervisor writes reads back
 * the same, and a malformed seed is refused whole. */
#include "unit.h"
#include <parvus/xenstore_seed.h>

static struct xs_seed_domain out[4];

static int parse(const char *text)
{
	return xs_seed_parse(text, strlen(text), out, 4);
}

Test(xenstore_seed, round_trip)
{
	struct xs_seed_domain in[2] = {
		{ .self = true, .domid = 1, .name = "store", .memory_kib = 16384 },
		{ .domid = 2, .name = "alice", .memory_kib = 32768, .store_mfn = 0x1234,
		  .store_port = 2, .console_mfn = 0x1235, .console_port = 1 },
	};
	char buf[256];
	size_t len = 0;

	for (int i = 0; i < 2; i++)
		len = xs_seed_format(buf, sizeof(buf), len, &in[i]);
	cr_assert_lt(len, sizeof(buf));
	cr_assert_str_eq(buf, "self 1 store 16384 0 0 0 0\n"
			      "domain 2 alice 32768 4660 2 4661 1\n");
	cr_assert_eq(xs_seed_parse(buf, len, out, 4), 2);
	cr_assert(out[0].self);
	cr_assert_eq(out[0].domid, 1);
	cr_assert_str_eq(out[0].name, "store");
	cr_assert_not(out[1].self);
	cr_assert_eq(out[1].store_mfn, 0x1234);
	cr_assert_eq(out[1].store_port, 2);
	cr_assert_eq(out[1].console_mfn, 0x1235);
	cr_assert_eq(out[1].console_port, 1);
	cr_assert_eq(out[1].memory_kib, 32768);
}

Test(xenstore_seed, format_reports_overflow)
{
	struct xs_seed_domain d = { .domid = 2, .name = "alice" };
	char buf[16];

	cr_assert_eq(xs_seed_format(buf, sizeof(buf), 0, &d), sizeof(buf));
	cr_assert_eq(xs_seed_format(buf, sizeof(buf), sizeof(buf), &d), sizeof(buf));
}

Test(xenstore_seed, empty_lines_and_no_final_newline)
{
	cr_assert_eq(parse("\n\ndomain 3 bob 1024 1 2 3 4"), 1);
	cr_assert_eq(out[0].domid, 3);
	cr_assert_eq(parse(""), 0);
}

Test(xenstore_seed, refuses_malformed_lines)
{
	static const char *const bad[] = {
		"domian 2 a 1 2 3 4 5\n",		/* keyword */
		"domain 2 a 1 2 3 4\n",			/* a field short */
		"domain 2 a 1 2 3 4 5 6\n",		/* one too many */
		"domain x a 1 2 3 4 5\n",		/* not a number */
		"domain 32752 a 1 2 3 4 5\n",		/* a reserved domid */
		"domain 2 a 1 2 4096 4 5\n",		/* no such port */
		"domain 2 a 1 99999999999999999999 3 4 5\n",	/* overflows */
		"domain 2 a-name-that-is-much-too-long-for-it 1 2 3 4 5\n",
		"domain 2 a -1 2 3 4 5\n",
	};

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(parse(bad[i]), -1, "accepted: %s", bad[i]);
}

Test(xenstore_seed, refuses_more_domains_than_room)
{
	cr_assert_eq(parse("domain 2 a 1 2 3 4 5\ndomain 3 b 1 2 3 4 5\n"
			   "domain 4 c 1 2 3 4 5\ndomain 5 d 1 2 3 4 5\n"
			   "domain 6 e 1 2 3 4 5\n"), -1);
}
