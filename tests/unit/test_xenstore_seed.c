/* SPDX-License-Identifier: GPL-2.0-only */
/* The xenstore domain's boot seed: what the hypervisor writes reads back
 * the same, a malformed domain list is refused whole, and a malformed
 * node line is refused alone, with its line and reason. */
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

/* role=driver in the manifest: a trailing "driver" flag, both ways. */
Test(xenstore_seed, driver_flag)
{
	struct xs_seed_domain dd = { .driver = true, .domid = 3, .name = "dd", .memory_kib = 1,
				     .store_mfn = 2, .store_port = 3, .console_mfn = 4,
				     .console_port = 5 };
	char buf[128];
	size_t len = xs_seed_format(buf, sizeof(buf), 0, &dd);

	cr_assert_str_eq(buf, "domain 3 dd 1 2 3 4 5 driver\n");
	cr_assert_eq(xs_seed_parse(buf, len, out, 4), 1);
	cr_assert(out[0].driver);
	cr_assert_eq(out[0].console_port, 5);
	cr_assert_eq(parse("domain 2 a 1 2 3 4 5\n"), 1);
	cr_assert_not(out[0].driver);
}

/* on_crash=restart in the manifest: a trailing "restart" flag, after
 * "driver" when both are set, both ways. */
Test(xenstore_seed, restart_flag)
{
	struct xs_seed_domain dd = { .restart = true, .domid = 3, .name = "dd", .memory_kib = 1,
				     .store_mfn = 2, .store_port = 3, .console_mfn = 4,
				     .console_port = 5 };
	char buf[128];
	size_t len = xs_seed_format(buf, sizeof(buf), 0, &dd);

	cr_assert_str_eq(buf, "domain 3 dd 1 2 3 4 5 restart\n");
	cr_assert_eq(xs_seed_parse(buf, len, out, 4), 1);
	cr_assert(out[0].restart);
	cr_assert_not(out[0].driver);
	dd.driver = true;
	len = xs_seed_format(buf, sizeof(buf), 0, &dd);
	cr_assert_str_eq(buf, "domain 3 dd 1 2 3 4 5 driver restart\n");
	cr_assert_eq(xs_seed_parse(buf, len, out, 4), 1);
	cr_assert(out[0].restart && out[0].driver);
	cr_assert_eq(parse("domain 2 a 1 2 3 4 5 driver\n"), 1);
	cr_assert_not(out[0].restart);
	cr_assert_eq(parse("domain 2 a 1 2 3 4 5 restart driver\n"), -1);
	cr_assert_eq(parse("domain 2 a 1 2 3 4 5 restart restart\n"), -1);
	cr_assert_eq(parse("domain 2 a 1 2 3 4 5 restarts\n"), -1);
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
		"domain 2 a 1 2 3 4 5 drivers\n",	/* not the flag */
		"domain 2 a 1 2 3 4 5 driver driver\n",	/* the flag and more */
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

/* ---- node lines ---- */

static struct xs_seed_node node;
static char why[160];

static int parse_node(const char *fields)
{
	why[0] = '\0';
	return xs_seed_parse_node(fields, strlen(fields), &node, why, sizeof(why));
}

Test(xenstore_seed, node_line_fields)
{
	cr_assert_eq(parse_node("/local/domain/2/device/vbd/51712/backend-id 1 perms=n2,r1"), 0,
		     "%s", why);
	cr_assert_str_eq(node.path, "/local/domain/2/device/vbd/51712/backend-id");
	cr_assert_str_eq(node.value, "1");
	cr_assert_eq(node.nr_perms, 2);
	cr_assert_eq(node.perms[0].domid, 2);
	cr_assert_eq(node.perms[0].perm, XS_SEED_PERM_NONE);
	cr_assert_eq(node.perms[1].domid, 1);
	cr_assert_eq(node.perms[1].perm, XS_SEED_PERM_READ);
	cr_assert_eq(parse_node("/local/domain/1/a \"two \\\"words\\\" \\\\ x\"  perms=b0,w3,r1,n4"), 0,
		     "%s", why);
	cr_assert_str_eq(node.value, "two \"words\" \\ x");
	cr_assert_eq(node.nr_perms, 4);
	cr_assert_eq(node.perms[0].perm, XS_SEED_PERM_BOTH);
	cr_assert_eq(node.perms[1].perm, XS_SEED_PERM_WRITE);
	cr_assert_eq(parse_node("/local/domain/1/empty \"\" perms=n1"), 0, "%s", why);
	cr_assert_str_eq(node.value, "");
}

Test(xenstore_seed, node_round_trip)
{
	static const char *const values[] = { "1", "", "a b", "q\"uote", "back\\slash",
					      "/local/domain/1/backend/vbd/2/51712", " lead" };
	char buf[4096], *nl;
	size_t len = 0, pos = 0;
	unsigned int line = 0;

	for (unsigned int i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		struct xs_seed_node n = { .path = "/local/domain/3/device/x", .nr_perms = 2,
					  .perms = { { 3, XS_SEED_PERM_NONE }, { 1, XS_SEED_PERM_READ } } };

		strcpy(n.value, values[i]);
		len = xs_seed_format_node(buf, sizeof(buf), 0, &n);
		cr_assert_lt(len, sizeof(buf), "formats %s", values[i]);
		cr_assert_eq(buf[len - 1], '\n');
		nl = strchr(buf, '\n');
		cr_assert_eq(nl, buf + len - 1, "one line");
		cr_assert_eq(strncmp(buf, "node ", 5), 0);
		cr_assert_eq(parse_node(buf + 5) == 0 ? 0 : -1, -1, "the newline is not a field");
		cr_assert_eq(xs_seed_parse_node(buf + 5, len - 6, &node, why, sizeof(why)), 0,
			     "%s: %s", buf, why);
		cr_assert_str_eq(node.value, values[i]);
		cr_assert_str_eq(node.path, n.path);
		cr_assert_eq(memcmp(node.perms, n.perms, sizeof(n.perms)), 0);
		pos = 0;
		line = 0;
		cr_assert_eq(xs_seed_next_node(buf, len, &pos, &line, &node, why, sizeof(why)), 1);
		cr_assert_str_eq(node.value, values[i]);
	}
	cr_assert_str_eq(strchr(buf, ' ') + 1,
			 "/local/domain/3/device/x \" lead\" perms=n3,r1\n");
}

Test(xenstore_seed, node_format_refuses_what_cannot_parse)
{
	struct xs_seed_node n = { .path = "/local/domain/3/x", .value = "tab\there",
				  .nr_perms = 1 };
	char buf[256];

	cr_assert_eq(xs_seed_format_node(buf, sizeof(buf), 0, &n), sizeof(buf), "a tab");
	strcpy(n.value, "ok");
	strcpy(n.path, "/tool/x");
	cr_assert_eq(xs_seed_format_node(buf, sizeof(buf), 0, &n), sizeof(buf), "not a domain's");
	strcpy(n.path, "/local/domain/3/x");
	n.nr_perms = 0;
	cr_assert_eq(xs_seed_format_node(buf, sizeof(buf), 0, &n), sizeof(buf), "no perms");
	n.nr_perms = 1;
	cr_assert_eq(xs_seed_format_node(buf, 20, 0, &n), 20, "does not fit");
	cr_assert_lt(xs_seed_format_node(buf, sizeof(buf), 0, &n), sizeof(buf));
}

Test(xenstore_seed, node_line_refusals)
{
	static const struct { const char *line, *why; } bad[] = {
		{ "/local/domain/2/x 1", "expected perms= after the value" },
		{ "/local/domain/2/x", "the value is missing" },
		{ "/local/domain/2/x 1 perms=", "perms= is empty" },
		{ "/local/domain/2/x 1 perms=n2,", "perms= ends in ','" },
		{ "/local/domain/2/x 1 perms=x2", "a permission starts with n, r, w or b" },
		{ "/local/domain/2/x 1 perms=n", "a permission needs a domain id" },
		{ "/local/domain/2/x 1 perms=n02", "a permission needs a domain id" },
		{ "/local/domain/2/x 1 perms=n32752", "not below 0x7ff0" },
		{ "/local/domain/2/x 1 perms=n2;r1", "comma-separated" },
		{ "/local/domain/2/x 1 perms=n1,r1,r1,r1,r1,r1,r1,r1,r1", "more than 8" },
		{ "/local/domain/2/x 1 perms=n2 extra", "something follows perms=" },
		{ "/local/domain/2/x \"open perms=n2", "unterminated quote" },
		{ "/local/domain/2/x \"a\\tb\" perms=n2", "only \\\" and \\\\" },
		{ "/local/domain/2/x \"a\"b perms=n2", "must end its field" },
		{ "/local/domain/2/x a\"b perms=n2", "quote it" },
		{ "/local/domain/2 1 perms=n2", "/local/domain/<domid>/" },
		{ "/local/domain/02/x 1 perms=n2", "/local/domain/<domid>/" },
		{ "/local/domain/32752/x 1 perms=n2", "/local/domain/<domid>/" },
		{ "/vm/x 1 perms=n2", "/local/domain/<domid>/" },
		{ "/local/domain/2/x//y 1 perms=n2", "empty component" },
		{ "/local/domain/2/x/ 1 perms=n2", "empty component" },
		{ "/local/domain/2/x.y 1 perms=n2", "character xenstore refuses" },
	};

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(parse_node(bad[i].line), -1, "accepted: %s", bad[i].line);
		cr_assert(strstr(why, bad[i].why), "%s: %s", bad[i].line, why);
	}
}

Test(xenstore_seed, node_lengths)
{
	char line[1024], value[XS_SEED_VALUE_MAX + 1];

	memset(value, 'v', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';
	snprintf(line, sizeof(line), "/local/domain/2/x %s perms=n2", value);
	cr_assert_eq(parse_node(line), -1);
	cr_assert(strstr(why, "the value is too long"), "%s", why);
	value[XS_SEED_VALUE_MAX - 1] = '\0';
	snprintf(line, sizeof(line), "/local/domain/2/x %s perms=n2", value);
	cr_assert_eq(parse_node(line), 0, "the longest value: %s", why);
	snprintf(line, sizeof(line), "/local/domain/2/%0*d 1 perms=n2",
		 XS_SEED_PATH_MAX - 16, 0);
	cr_assert_eq(parse_node(line), -1);
	cr_assert(strstr(why, "the path is too long"), "%s", why);
}

/* Domain lines and node lines share a seed: each reader skips the other's
 * lines, and a bad node line is reported with its line and skipped. */
Test(xenstore_seed, mixed_seed)
{
	static const char seed[] =
		"domain 2 alice 1 2 3 4 5\n"
		"node /local/domain/2/device/vbd/51712/state 1 perms=n2,r3\n"
		"node /local/domain/2/bad 1 perms=q2\n"
		"self 1 store 1 0 0 0 0\n"
		"node /local/domain/3/backend/vbd/2/51712/mode w perms=n3,r2\n";
	size_t pos = 0;
	unsigned int line = 0;

	cr_assert_eq(parse(seed), 2, "domain lines, node lines skipped");
	cr_assert(out[1].self);
	cr_assert_eq(xs_seed_next_node(seed, sizeof(seed) - 1, &pos, &line, &node, why,
				       sizeof(why)), 1);
	cr_assert_str_eq(node.value, "1");
	cr_assert_eq(line, 2);
	cr_assert_eq(xs_seed_next_node(seed, sizeof(seed) - 1, &pos, &line, &node, why,
				       sizeof(why)), -1);
	cr_assert_str_eq(why, "seed line 3: a permission starts with n, r, w or b");
	cr_assert_eq(xs_seed_next_node(seed, sizeof(seed) - 1, &pos, &line, &node, why,
				       sizeof(why)), 1);
	cr_assert_str_eq(node.value, "w");
	cr_assert_eq(line, 5);
	cr_assert_eq(xs_seed_next_node(seed, sizeof(seed) - 1, &pos, &line, &node, why,
				       sizeof(why)), 0);
	cr_assert_eq(parse("domain 2 a 1 2 3 4 5\nnodes are not lines\n"), -1,
		     "only \"node \" starts a node line");
}
