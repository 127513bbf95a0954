/* SPDX-License-Identifier: GPL-2.0-only */
/* The xenstore tree: paths, permissions, quotas, watches, transactions. */
#include "unit.h"
#include "small_stack.h"
#include "../../toolstack/xenstored/store.h"
#include "../../toolstack/xenstored/boot_nodes.h"
#include <parvus/xen.h>

static struct xs_store s;
static char events[32][160];
static unsigned int nr_events;

static void record(void *ctx, uint16_t domid, const char *path, const char *token)
{
	if (nr_events < 32)
		snprintf(events[nr_events++], 160, "%u %s %s", domid, path, token);
}

static void setup(void)
{
	xs_init(&s, record, NULL);
	nr_events = 0;
	/* What the toolstack creates for guests 1 and 2. */
	for (uint16_t d = 1; d <= 2; d++) {
		char path[64];
		struct xs_perm p[2] = { { d, XS_PERM_NONE } };

		snprintf(path, sizeof(path), "/local/domain/%u", d);
		cr_assert_eq(xs_mkdir(&s, 0, 0, path), 0);
		cr_assert_eq(xs_set_perms(&s, 0, path, p, 1), 0);
	}
	nr_events = 0;
}

TestSuite(xenstore, .init = setup);

static const char *read_str(uint16_t dom, uint32_t tx, const char *path, int *rc)
{
	static char buf[XS_VALUE_MAX + 1];
	size_t len = 0;

	*rc = xs_read(&s, dom, tx, path, buf, XS_VALUE_MAX, &len);
	buf[*rc ? 0 : len] = '\0';
	return buf;
}

Test(xenstore, paths)
{
	char out[XS_PATH_MAX];

	cr_assert_eq(xs_canonical(3, "device/vif", out, sizeof(out)), 0);
	cr_assert_str_eq(out, "/local/domain/3/device/vif", "relative to the domain's home");
	cr_assert_eq(xs_canonical(3, "/a/b", out, sizeof(out)), 0);
	cr_assert_eq(xs_canonical(3, "", out, sizeof(out)), -XEN_EINVAL);
	cr_assert_eq(xs_canonical(3, "/a//b", out, sizeof(out)), -XEN_EINVAL);
	cr_assert_eq(xs_canonical(3, "/a/", out, sizeof(out)), -XEN_EINVAL);
	cr_assert_eq(xs_canonical(3, "/a b", out, sizeof(out)), -XEN_EINVAL);
	cr_assert_eq(xs_canonical(3, "/a%", out, sizeof(out)), -XEN_EINVAL);
}

Test(xenstore, read_write_directory)
{
	int rc;
	char buf[64];
	size_t len;

	cr_assert_eq(xs_write(&s, 1, 0, "control/shutdown", "poweroff", 8), 0,
		     "missing parents are created");
	cr_assert_str_eq(read_str(1, 0, "control/shutdown", &rc), "poweroff");
	cr_assert_eq(rc, 0);
	read_str(1, 0, "control/nothing", &rc);
	cr_assert_eq(rc, -XEN_ENOENT);
	cr_assert_eq(xs_write(&s, 1, 0, "control/sysrq", "", 0), 0);
	cr_assert_eq(xs_directory(&s, 1, 0, "control", buf, sizeof(buf), &len), 0);
	cr_assert_eq(len, 15);
	cr_assert_eq(memcmp(buf, "shutdown\0sysrq\0", 15), 0);
	cr_assert_eq(xs_rm(&s, 1, 0, "control"), 0);
	read_str(1, 0, "control/shutdown", &rc);
	cr_assert_eq(rc, -XEN_ENOENT, "rm takes the subtree");
	cr_assert_eq(xs_rm(&s, 0, 0, "/"), -XEN_EINVAL, "the root stays");
	cr_assert_eq(xs_rm(&s, 1, 0, "never-there"), 0, "a missing node under an existing parent");
	cr_assert_eq(xs_rm(&s, 1, 0, "no/such/parent"), -XEN_ENOENT, "a missing parent");
}

Test(xenstore, permissions_keep_domains_apart)
{
	int rc;
	struct xs_perm p[2] = { { 1, XS_PERM_NONE }, { 2, XS_PERM_READ } };

	cr_assert_eq(xs_write(&s, 1, 0, "secret", "x", 1), 0);
	read_str(2, 0, "/local/domain/1/secret", &rc);
	cr_assert_eq(rc, -XEN_EACCES, "d2 cannot read d1's node");
	cr_assert_eq(xs_write(&s, 2, 0, "/local/domain/1/secret", "y", 1), -XEN_EACCES);
	cr_assert_eq(xs_write(&s, 2, 0, "/local/domain/1/new", "y", 1), -XEN_EACCES,
		     "nor create under d1's home");
	cr_assert_eq(xs_rm(&s, 2, 0, "/local/domain/1/secret"), -XEN_EACCES);
	cr_assert_eq(xs_set_perms(&s, 2, "/local/domain/1/secret", p, 2), -XEN_EACCES,
		     "only the owner changes permissions");
	cr_assert_eq(xs_set_perms(&s, 1, "/local/domain/1/secret", p, 2), 0);
	cr_assert_str_eq(read_str(2, 0, "/local/domain/1/secret", &rc), "x", "now d2 may read");
	cr_assert_eq(xs_write(&s, 2, 0, "/local/domain/1/secret", "y", 1), -XEN_EACCES,
		     "but not write");
	p[0].domid = 2;
	cr_assert_eq(xs_set_perms(&s, 1, "/local/domain/1/secret", p, 2), -XEN_EACCES,
		     "an owner cannot give the node away");
	cr_assert_eq(xs_write(&s, 1, 0, "/foo", "x", 1), -XEN_EACCES, "the root is the control domain's");
}

Test(xenstore, new_nodes_inherit_with_the_writer_as_owner)
{
	struct xs_perm perms[XS_MAX_PERMS];
	unsigned int nr;

	cr_assert_eq(xs_write(&s, 1, 0, "a/b", "v", 1), 0);
	cr_assert_eq(xs_get_perms(&s, 1, "a/b", perms, &nr), 0);
	cr_assert_eq(nr, 1);
	cr_assert_eq(perms[0].domid, 1);
	cr_assert_eq(perms[0].perm, XS_PERM_NONE);
}

Test(xenstore, quota)
{
	char path[64];
	int rc = 0;

	for (int i = 0; i < XS_NODE_QUOTA + 5 && !rc; i++) {
		snprintf(path, sizeof(path), "n%d", i);
		rc = xs_write(&s, 1, 0, path, "", 0);
	}
	cr_assert_eq(rc, -XEN_ENOSPC, "a domain cannot fill the store");
	cr_assert_eq(xs_write(&s, 2, 0, "mine", "", 0), 0, "the other still can write");
}

/* A driver domain may set XS_DD_WATCH_QUOTA watches (then E2BIG, as
 * any domain past its own); the others keep XS_WATCH_QUOTA. */
Test(xenstore, driver_domain_watch_quota)
{
	char token[16];
	int n;

	cr_assert_eq(xs_set_driver_domain(&s, 1), 0);
	for (n = 0; n <= XS_DD_WATCH_QUOTA; n++) {
		snprintf(token, sizeof(token), "t%d", n);
		if (xs_watch(&s, 1, "data", token))
			break;
	}
	cr_assert_eq(n, XS_DD_WATCH_QUOTA);
	cr_assert_eq(xs_watch(&s, 1, "data", "one-more"), -XEN_E2BIG);
	for (n = 0; n <= XS_WATCH_QUOTA; n++) {
		snprintf(token, sizeof(token), "t%d", n);
		if (xs_watch(&s, 2, "data", token))
			break;
	}
	cr_assert_eq(n, XS_WATCH_QUOTA, "an ordinary domain keeps its quota");
}

/* Fills domid's quota with writes to n0, n1, ... (relative: below its
 * home, which it owns too); returns how many it made. */
static unsigned int fill_quota(uint16_t domid)
{
	char path[32];
	unsigned int made;

	for (made = 0; made <= XS_DD_NODE_QUOTA; made++) {
		snprintf(path, sizeof(path), "n%u", made);
		if (xs_write(&s, domid, 0, path, "", 0))
			break;
	}
	return made;
}

/* A driver domain (the seed's "driver" flag) may own XS_DD_NODE_QUOTA
 * nodes, Xen's default; every other domain keeps XS_NODE_QUOTA; only
 * XS_MAX_DRIVER_DOMAINS get it, the control domain never (it has none). */
Test(xenstore, driver_domain_quota)
{
	uint32_t tx;
	char path[32];

	cr_assert_eq(xs_node_quota(&s, 1), XS_NODE_QUOTA);
	cr_assert_eq(xs_set_driver_domain(&s, 1), 0);
	cr_assert_eq(xs_set_driver_domain(&s, 1), 0, "again: no second slot");
	cr_assert_eq(s.nr_driver, 1);
	cr_assert_eq(xs_node_quota(&s, 1), XS_DD_NODE_QUOTA);
	cr_assert_eq(xs_node_quota(&s, 2), XS_NODE_QUOTA);
	cr_assert_eq(xs_set_driver_domain(&s, 0), -XEN_EINVAL);
	cr_assert_eq(fill_quota(1), XS_DD_NODE_QUOTA - 1, "its home is one of its nodes");
	cr_assert_eq(xs_write(&s, 1, 0, "n0", "again", 5), 0, "an existing node: no new one");
	cr_assert_eq(fill_quota(2), XS_NODE_QUOTA - 1, "an ordinary domain keeps its quota");
	/* A transaction's commit counts against the same quota. */
	cr_assert_eq(xs_rm(&s, 1, 0, "n0"), 0);
	cr_assert_eq(xs_transaction_start(&s, 1, &tx), 0);
	cr_assert_eq(xs_write(&s, 1, tx, "t0", "", 0), 0);
	cr_assert_eq(xs_write(&s, 1, tx, "t1", "", 0), 0);
	cr_assert_eq(xs_transaction_end(&s, 1, tx, true), -XEN_ENOSPC, "one over");
	cr_assert_eq(xs_transaction_start(&s, 1, &tx), 0);
	cr_assert_eq(xs_write(&s, 1, tx, "t0", "", 0), 0);
	cr_assert_eq(xs_transaction_end(&s, 1, tx, true), 0, "exactly the quota");
	cr_assert_eq(xs_set_driver_domain(&s, 5), 0);
	cr_assert_eq(xs_set_driver_domain(&s, 6), -XEN_ENOSPC, "past XS_MAX_DRIVER_DOMAINS");
	cr_assert_eq(xs_node_quota(&s, 6), XS_NODE_QUOTA);
	cr_assert_eq(xs_watch_quota(&s, 6), XS_WATCH_QUOTA);
	cr_assert_eq(xs_watch_quota(&s, 5), XS_DD_WATCH_QUOTA);
	snprintf(path, sizeof(path), "%u", XS_MAX_DRIVER_DOMAINS);
	cr_assert_eq(s.nr_driver, XS_MAX_DRIVER_DOMAINS, "%s", path);
}

Test(xenstore, directory_in_a_transaction_sees_its_changes)
{
	char buf[256];
	size_t len;
	uint32_t tx;

	cr_assert_eq(xs_write(&s, 1, 0, "d/old", "", 0), 0);
	cr_assert_eq(xs_write(&s, 1, 0, "d/gone", "", 0), 0);
	cr_assert_eq(xs_transaction_start(&s, 1, &tx), 0);
	cr_assert_eq(xs_write(&s, 1, tx, "d/new/deep", "x", 1), 0);
	cr_assert_eq(xs_rm(&s, 1, tx, "d/gone"), 0);
	cr_assert_eq(xs_directory(&s, 1, tx, "d", buf, sizeof(buf), &len), 0);
	cr_assert_eq(len, sizeof("old\0new"));
	cr_assert_eq(memcmp(buf, "old\0new", len), 0, "its new child in, its removed one out");
	cr_assert_eq(xs_directory(&s, 1, tx, "d/new", buf, sizeof(buf), &len), 0,
		     "a directory the transaction creates");
	cr_assert_eq(memcmp(buf, "deep", len), 0);
	cr_assert_eq(xs_directory(&s, 1, 0, "d", buf, sizeof(buf), &len), 0);
	cr_assert_eq(len, sizeof("old\0gone"), "outside it, nothing changed yet");
	cr_assert_eq(xs_transaction_end(&s, 1, tx, false), 0);
}

/* Xen's transactions work on a copy of the tree, so a parent that a
 * write inside one creates reads as "" there at once. */
Test(xenstore, read_in_a_transaction_sees_implicit_parents)
{
	char value[16];
	size_t len = 99;
	uint32_t tx;

	cr_assert_eq(xs_write(&s, 1, 0, "kept", "v", 1), 0);
	cr_assert_eq(xs_write(&s, 1, 0, "cut/x", "old", 3), 0);
	cr_assert_eq(xs_transaction_start(&s, 1, &tx), 0);
	cr_assert_eq(xs_write(&s, 1, tx, "made/child", "c", 1), 0);
	cr_assert_eq(xs_read(&s, 1, tx, "made", value, sizeof(value), &len), 0,
		     "a parent the transaction's write creates");
	cr_assert_eq(len, 0);
	cr_assert_eq(xs_write(&s, 1, tx, "kept/child", "c", 1), 0);
	cr_assert_eq(xs_read(&s, 1, tx, "kept", value, sizeof(value), &len), 0);
	cr_assert_eq(len, 1, "an existing parent keeps its value");
	cr_assert_eq(xs_write(&s, 1, tx, "cut/x", "new", 3), 0);
	cr_assert_eq(xs_rm(&s, 1, tx, "cut"), 0);
	cr_assert_eq(xs_read(&s, 1, tx, "cut/x", value, sizeof(value), &len), -XEN_ENOENT);
	cr_assert_eq(xs_write(&s, 1, tx, "cut/x/y", "", 0), 0);
	cr_assert_eq(xs_read(&s, 1, tx, "cut/x", value, sizeof(value), &len), 0,
		     "removed, then made again by a write below it");
	cr_assert_eq(len, 0);
	cr_assert_eq(xs_read(&s, 1, tx, "nowhere", value, sizeof(value), &len), -XEN_ENOENT);
	cr_assert_eq(xs_read(&s, 1, 0, "made", value, sizeof(value), &len), -XEN_ENOENT,
		     "outside the transaction, nothing yet");
	cr_assert_eq(xs_transaction_end(&s, 1, tx, true), 0);
	cr_assert_eq(xs_read(&s, 1, 0, "made", value, sizeof(value), &len), 0);
	cr_assert_eq(len, 0, "and committed the same");
}

Test(xenstore, commit_is_all_or_nothing)
{
	char path[64];
	uint32_t tx;
	int i, rc = 0;

	/* Leave room for exactly one more node of domain 1's. */
	for (i = 0; !rc; i++) {
		snprintf(path, sizeof(path), "fill%d", i);
		rc = xs_write(&s, 1, 0, path, "", 0);
	}
	snprintf(path, sizeof(path), "fill%d", i - 2);
	cr_assert_eq(xs_rm(&s, 1, 0, path), 0);
	cr_assert_eq(xs_transaction_start(&s, 1, &tx), 0);
	cr_assert_eq(xs_write(&s, 1, tx, "a", "1", 1), 0);
	cr_assert_eq(xs_write(&s, 1, tx, "b", "2", 1), 0);
	cr_assert_eq(xs_transaction_end(&s, 1, tx, true), -XEN_ENOSPC, "two nodes, room for one");
	cr_assert_eq(xs_read(&s, 1, 0, "a", path, sizeof(path), &(size_t){ 0 }), -XEN_ENOENT,
		     "nothing of a failed commit is applied");
	cr_assert_eq(xs_transaction_start(&s, 1, &tx), 0);
	cr_assert_eq(xs_write(&s, 1, tx, "a", "1", 1), 0);
	cr_assert_eq(xs_transaction_end(&s, 1, tx, true), 0, "one node fits");
}

Test(xenstore, commit_checks_permissions_first)
{
	uint32_t tx;
	char value[8];

	cr_assert_eq(xs_write(&s, 1, 0, "x", "old", 3), 0);
	cr_assert_eq(xs_transaction_start(&s, 1, &tx), 0);
	cr_assert_eq(xs_write(&s, 1, tx, "x", "new", 3), 0);
	cr_assert_eq(xs_write(&s, 1, tx, "/local/domain/2/theirs", "v", 1), 0,
		     "buffered: checked at commit");
	cr_assert_eq(xs_transaction_end(&s, 1, tx, true), -XEN_EACCES);
	cr_assert_eq(xs_read(&s, 1, 0, "x", value, sizeof(value), &(size_t){ 0 }), 0);
	cr_assert_eq(memcmp(value, "old", 3), 0, "the allowed write of a refused commit is not applied");
}

Test(xenstore, watch_and_transaction_quotas)
{
	char token[16];
	uint32_t tx;
	int rc = 0, n = 0;

	for (; n < XS_MAX_WATCHES && !rc; n++) {
		snprintf(token, sizeof(token), "t%d", n);
		rc = xs_watch(&s, 1, "data", token);
	}
	cr_assert_eq(rc, -XEN_E2BIG, "a watch over the quota is E2BIG, as in Xen");
	cr_assert_eq(n - 1, XS_WATCH_QUOTA, "stopped at the quota");
	cr_assert_eq(xs_watch(&s, 2, "data", "t0"), 0, "others can still watch");
	for (n = 0, rc = 0; n < XS_MAX_TX && !rc; n++)
		rc = xs_transaction_start(&s, 1, &tx);
	cr_assert_eq(rc, -XEN_ENOSPC);
	cr_assert_eq(n - 1, XS_TX_QUOTA);
	cr_assert_eq(xs_transaction_start(&s, 2, &tx), 0, "others can still start one");
}

Test(xenstore, watches)
{
	struct xs_perm p[2] = { { 1, XS_PERM_NONE }, { 2, XS_PERM_READ } };

	cr_assert_eq(xs_watch(&s, 1, "device", "tok"), 0);
	cr_assert_eq(nr_events, 1, "a new watch fires at once");
	cr_assert_str_eq(events[0], "1 device tok", "a relative watch hears relative paths");
	cr_assert_eq(xs_watch(&s, 1, "device", "tok"), -XEN_EEXIST);
	cr_assert_eq(xs_write(&s, 1, 0, "device/vbd/0/state", "1", 1), 0);
	cr_assert_str_eq(events[nr_events - 1], "1 device/vbd/0/state tok",
			 "a change below fires");
	cr_assert_eq(xs_watch(&s, 2, "/local/domain/1/device", "spy"), 0);
	nr_events = 0;
	cr_assert_eq(xs_write(&s, 1, 0, "device/vbd/0/state", "4", 1), 0);
	cr_assert_eq(nr_events, 1, "d2 may not read it, so d2 hears nothing");
	cr_assert_eq(xs_set_perms(&s, 1, "device/vbd/0/state", p, 2), 0);
	nr_events = 0;
	cr_assert_eq(xs_write(&s, 1, 0, "device/vbd/0/state", "5", 1), 0);
	cr_assert_eq(nr_events, 2, "now both hear it");
	cr_assert_str_eq(events[1], "2 /local/domain/1/device/vbd/0/state spy",
			 "an absolute watch hears absolute paths");
	nr_events = 0;
	cr_assert_eq(xs_rm(&s, 1, 0, "device"), 0);
	cr_assert_geq(nr_events, 1, "removal fires");
	cr_assert_eq(xs_unwatch(&s, 1, "device", "tok"), 0);
	cr_assert_eq(xs_unwatch(&s, 1, "device", "tok"), -XEN_ENOENT);
}

Test(xenstore, transactions_commit_or_retry)
{
	uint32_t t1, t2;
	int rc;

	cr_assert_eq(xs_write(&s, 1, 0, "counter", "1", 1), 0);
	cr_assert_eq(xs_transaction_start(&s, 1, &t1), 0);
	cr_assert_str_eq(read_str(1, t1, "counter", &rc), "1");
	cr_assert_eq(xs_write(&s, 1, t1, "counter", "2", 1), 0);
	cr_assert_str_eq(read_str(1, t1, "counter", &rc), "2", "the transaction sees its write");
	cr_assert_str_eq(read_str(1, 0, "counter", &rc), "1", "others do not, yet");
	cr_assert_eq(xs_transaction_end(&s, 1, t1, true), 0);
	cr_assert_str_eq(read_str(1, 0, "counter", &rc), "2", "committed");

	cr_assert_eq(xs_transaction_start(&s, 1, &t2), 0);
	cr_assert_str_eq(read_str(1, t2, "counter", &rc), "2");
	cr_assert_eq(xs_write(&s, 1, 0, "counter", "9", 1), 0, "someone else changes it");
	cr_assert_eq(xs_write(&s, 1, t2, "counter", "3", 1), 0);
	cr_assert_eq(xs_transaction_end(&s, 1, t2, true), -XEN_EAGAIN, "conflict: retry");
	cr_assert_str_eq(read_str(1, 0, "counter", &rc), "9", "nothing of it applied");

	cr_assert_eq(xs_transaction_start(&s, 1, &t1), 0);
	cr_assert_eq(xs_write(&s, 1, t1, "counter", "7", 1), 0);
	cr_assert_eq(xs_transaction_end(&s, 1, t1, false), 0, "abort");
	cr_assert_str_eq(read_str(1, 0, "counter", &rc), "9");
	cr_assert_eq(xs_transaction_end(&s, 1, t1, true), -XEN_ENOENT, "ended already");
	cr_assert_eq(xs_transaction_start(&s, 2, &t2), 0);
	cr_assert_eq(xs_transaction_end(&s, 1, t2, true), -XEN_ENOENT, "another domain's transaction");
}

Test(xenstore, release_forgets_a_domain)
{
	uint32_t t;

	cr_assert_eq(xs_watch(&s, 2, "x", "t"), 0);
	cr_assert_eq(xs_transaction_start(&s, 2, &t), 0);
	xs_release_domain(&s, 2);
	cr_assert_eq(xs_unwatch(&s, 2, "x", "t"), -XEN_ENOENT);
	cr_assert_eq(xs_transaction_end(&s, 2, t, true), -XEN_ENOENT);
}

/* "/a/a/.../a" (or "a/a/.../a" relative) with n components. */
static const char *deep_path(bool absolute, unsigned int n)
{
	static char path[2 * XS_PATH_MAX];
	size_t at = 0;

	for (unsigned int i = 0; i < n; i++)
		at += snprintf(path + at, sizeof(path) - at, "%sa", i || absolute ? "/" : "");
	return path;
}

static unsigned int nodes_used(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < XS_MAX_NODES; i++)
		n += s.nodes[i].used;
	return n;
}

static int deep_rc[4];
static unsigned int deep_nodes[4];

/* The review's attack and its neighbours, on the xenstore domain's stack. */
static void write_deep_paths(void *unused)
{
	deep_rc[0] = xs_write(&s, 1, 0, deep_path(true, 127), "x", 1);
	deep_nodes[0] = nodes_used();
	deep_rc[1] = xs_mkdir(&s, 1, 0, deep_path(true, 127));
	deep_nodes[1] = nodes_used();
	deep_rc[2] = xs_write(&s, 1, 0, deep_path(false, 120), "x", 1);
	deep_nodes[2] = nodes_used();
	deep_rc[3] = xs_write(&s, 0, 0, deep_path(true, 127), "x", 1);
	deep_nodes[3] = nodes_used();
}

/* Creating a node and its missing parents is a loop, not a recursion: a
 * 127-deep path does not overflow a 16 KiB stack. Xen bounds depth only
 * through the path length (is_valid_nodename: EINVAL past path-max). */
Test(xenstore, deep_paths_do_not_recurse)
{
	unsigned int before = nodes_used();
	int rc;

	run_on_small_stack(write_deep_paths, NULL);
	cr_assert_eq(deep_rc[0], -XEN_EACCES, "d1 may not write under /");
	cr_assert_eq(deep_rc[1], -XEN_EACCES);
	cr_assert_eq(deep_nodes[1], before, "and nothing was created on the way");
	cr_assert_eq(deep_rc[2], 0, "120 deep in its own home fits its quota");
	cr_assert_str_eq(read_str(1, 0, deep_path(false, 120), &rc), "x");
	cr_assert_eq(deep_nodes[2], before + 120);
	cr_assert_eq(deep_rc[3], 0, "the control domain may write a 127-deep path");
	cr_assert_eq(deep_nodes[3], before + 120 + 127);
}

/* Xen's is_valid_nodename refuses a path past the length limit with
 * EINVAL; so does a relative path whose absolute form is too long. */
Test(xenstore, overlong_paths_are_einval)
{
	char out[XS_PATH_MAX];

	cr_assert_eq(xs_canonical(1, deep_path(true, 127), out, sizeof(out)), 0, "254 bytes fit");
	cr_assert_eq(xs_canonical(1, deep_path(true, 128), out, sizeof(out)), -XEN_EINVAL);
	cr_assert_eq(xs_canonical(1, deep_path(false, 121), out, sizeof(out)), -XEN_EINVAL,
		     "a relative path counts with its home prefix");
	cr_assert_eq(xs_write(&s, 1, 0, deep_path(false, 127), "x", 1), -XEN_EINVAL);
}

/* A creation that cannot complete (quota, permission) creates nothing,
 * not the parents it would have made first. */
Test(xenstore, refused_creation_leaves_nothing)
{
	char path[32];
	unsigned int before;
	int i, rc = 0;

	for (i = 0; !rc; i++) {
		snprintf(path, sizeof(path), "fill%d", i);
		rc = xs_write(&s, 1, 0, path, "", 0);
	}
	snprintf(path, sizeof(path), "fill%d", i - 2);
	cr_assert_eq(xs_rm(&s, 1, 0, path), 0, "room for one more node");
	before = nodes_used();
	cr_assert_eq(xs_write(&s, 1, 0, "p/q", "v", 1), -XEN_ENOSPC, "two nodes needed");
	cr_assert_eq(nodes_used(), before, "the parent was not left behind");
	read_str(1, 0, "p", &rc);
	cr_assert_eq(rc, -XEN_ENOENT);
	cr_assert_eq(xs_write(&s, 2, 0, "/local/domain/1/u/v/w", "v", 1), -XEN_EACCES);
	cr_assert_eq(nodes_used(), before);
	cr_assert_eq(nr_events, 0, "and no watch heard of it");
}

/* Removing a subtree tells a watcher inside it only about nodes it may
 * read (Xen's delnode_sub fires through watch_permitted). */
Test(xenstore, removal_fires_only_for_readers)
{
	struct xs_perm share[2] = { { 1, XS_PERM_NONE }, { 2, XS_PERM_READ } };

	cr_assert_eq(xs_write(&s, 1, 0, "secret/inner", "x", 1), 0);
	cr_assert_eq(xs_write(&s, 1, 0, "shared/inner", "x", 1), 0);
	cr_assert_eq(xs_set_perms(&s, 1, "shared/inner", share, 2), 0);
	cr_assert_eq(xs_watch(&s, 2, "/local/domain/1/secret/inner", "spy"), 0);
	cr_assert_eq(xs_watch(&s, 2, "/local/domain/1/shared/inner", "friend"), 0);
	nr_events = 0;
	cr_assert_eq(xs_rm(&s, 1, 0, "secret"), 0);
	cr_assert_eq(nr_events, 0, "d2 may not read secret/inner: no event");
	cr_assert_eq(xs_rm(&s, 1, 0, "shared"), 0);
	cr_assert_eq(nr_events, 1, "d2 may read shared/inner: one event");
	cr_assert_str_eq(events[0], "2 /local/domain/1/shared/inner friend");
}

/* Every domain a manifest can hold may take all of its quotas, and the
 * last still gets its own: the shared pools are quota x domains. */
Test(xenstore, full_quotas_of_every_domain_fit_the_pools)
{
	char path[48], token[16];
	uint32_t tx;

	for (uint16_t d = 3; d <= XS_MAX_DOMAINS; d++) {
		struct xs_perm owner = { d, XS_PERM_NONE };

		snprintf(path, sizeof(path), "/local/domain/%u", d);
		cr_assert_eq(xs_mkdir(&s, 0, 0, path), 0);
		cr_assert_eq(xs_set_perms(&s, 0, path, &owner, 1), 0);
	}
	/* The driver domains' larger quotas are in the pool too. */
	for (uint16_t d = 1; d <= XS_MAX_DRIVER_DOMAINS; d++)
		cr_assert_eq(xs_set_driver_domain(&s, d), 0);
	for (uint16_t d = 1; d < XS_MAX_DOMAINS; d++) {
		for (int i = 0; i < XS_TX_QUOTA; i++)
			cr_assert_eq(xs_transaction_start(&s, d, &tx), 0, "d%u tx %d", d, i);
		for (int i = 0; i < (int)xs_watch_quota(&s, d); i++) {
			snprintf(token, sizeof(token), "t%d", i);
			cr_assert_eq(xs_watch(&s, d, "data", token), 0, "d%u watch %d", d, i);
		}
		for (int i = 0; xs_write(&s, d, 0, (snprintf(path, sizeof(path), "n%d", i), path),
					 "", 0) == 0; i++)
			;
	}
	for (int i = 0; i < XS_TX_QUOTA; i++)
		cr_assert_eq(xs_transaction_start(&s, XS_MAX_DOMAINS, &tx), 0,
			     "the last domain still starts its transactions");
	for (int i = 0; i < XS_WATCH_QUOTA; i++) {
		snprintf(token, sizeof(token), "t%d", i);
		cr_assert_eq(xs_watch(&s, XS_MAX_DOMAINS, "data", token), 0, "and sets its watches");
	}
	for (int i = 0; i < XS_NODE_QUOTA - 1; i++) {	/* its home is its own too */
		snprintf(path, sizeof(path), "n%d", i);
		cr_assert_eq(xs_write(&s, XS_MAX_DOMAINS, 0, path, "", 0), 0, "and writes its nodes");
	}
}

/* The toolstack's device nodes at boot: made with exactly the perms given,
 * parents as the control domain makes them, in no domain's quota. */
Test(xenstore, boot_nodes)
{
	struct xs_perm fe[2] = { { 2, XS_PERM_NONE }, { 1, XS_PERM_READ } };
	struct xs_perm got[XS_MAX_PERMS];
	unsigned int nr, made;
	char path[64];
	int rc;

	cr_assert_eq(xs_boot_node(&s, "/local/domain/2/device/vbd/51712/state", "1", 1, fe, 2), 0);
	cr_assert_eq(s.boot_nodes, 4, "device, vbd, 51712 and state");
	cr_assert_eq(xs_get_perms(&s, 0, "/local/domain/2/device/vbd/51712/state", got, &nr), 0);
	cr_assert_eq(nr, 2);
	cr_assert_eq(memcmp(got, fe, sizeof(fe)), 0);
	cr_assert_str_eq(read_str(1, 0, "/local/domain/2/device/vbd/51712/state", &rc), "1",
		     "the back end may read it");
	cr_assert_eq(rc, 0);
	read_str(3, 0, "/local/domain/2/device/vbd/51712/state", &rc);
	cr_assert_eq(rc, -XEN_EACCES, "a third domain may not");
	cr_assert_eq(xs_write(&s, 1, 0, "/local/domain/2/device/vbd/51712/state", "4", 1),
		     -XEN_EACCES, "nor may the reader write");
	cr_assert_eq(xs_write(&s, 2, 0, "/local/domain/2/device/vbd/51712/state", "3", 1), 0,
		     "the owner writes");
	cr_assert_eq(xs_get_perms(&s, 0, "/local/domain/2/device/vbd", got, &nr), 0);
	cr_assert_eq(got[0].domid, 2, "a parent inherits, as from the control domain");
	cr_assert_eq(xs_boot_node(&s, "/local/domain/2/device/vbd/51712/state", "5", 1, fe, 1), 0,
		     "a second line for a node overwrites it");
	cr_assert_str_eq(read_str(0, 0, "/local/domain/2/device/vbd/51712/state", &rc), "5");
	cr_assert_eq(xs_get_perms(&s, 0, "/local/domain/2/device/vbd/51712/state", got, &nr), 0);
	cr_assert_eq(nr, 1);
	cr_assert_eq(s.boot_nodes, 4);
	/* Domain 2 owns its home and the 4 boot nodes, yet may still make
	 * its whole quota less the home: boot nodes are in no quota. */
	for (made = 0; made <= XS_NODE_QUOTA; made++) {
		snprintf(path, sizeof(path), "data%u", made);
		if (xs_write(&s, 2, 0, path, "", 0))
			break;
	}
	cr_assert_eq(made, XS_NODE_QUOTA - 1);
}

Test(xenstore, boot_node_refusals)
{
	struct xs_perm p[1] = { { 2, XS_PERM_NONE } }, bad[1] = { { 2, 7 } };
	char big[XS_VALUE_MAX + 2];
	int rc;

	memset(big, 'x', sizeof(big));
	cr_assert_eq(xs_boot_node(&s, "local/domain/2/x", "1", 1, p, 1), -XEN_EINVAL, "relative");
	cr_assert_eq(xs_boot_node(&s, "/local/domain/2/x y", "1", 1, p, 1), -XEN_EINVAL);
	cr_assert_eq(xs_boot_node(&s, "/local/domain/2/x", "1", 1, p, 0), -XEN_EINVAL);
	cr_assert_eq(xs_boot_node(&s, "/local/domain/2/x", "1", 1, p, XS_MAX_PERMS + 1),
		     -XEN_EINVAL);
	cr_assert_eq(xs_boot_node(&s, "/local/domain/2/x", "1", 1, bad, 1), -XEN_EINVAL);
	cr_assert_eq(xs_boot_node(&s, "/local/domain/2/x", big, sizeof(big), p, 1), -XEN_E2BIG);
	cr_assert_eq(s.boot_nodes, 0, "nothing made");
	read_str(0, 0, "/local/domain/2/x", &rc);
	cr_assert_eq(rc, -XEN_ENOENT);
}

Test(xenstore, boot_nodes_are_bounded)
{
	struct xs_perm p[1] = { { 2, XS_PERM_NONE } };
	char path[64];
	unsigned int i;
	int rc;

	for (i = 0; i < XS_BOOT_NODES; i++) {
		snprintf(path, sizeof(path), "/local/domain/2/n%u", i);
		cr_assert_eq(xs_boot_node(&s, path, "", 0, p, 1), 0, "%s", path);
	}
	cr_assert_eq(xs_boot_node(&s, "/local/domain/2/one-more", "", 0, p, 1), -XEN_ENOSPC);
	read_str(0, 0, "/local/domain/2/one-more", &rc);
	cr_assert_eq(rc, -XEN_ENOENT);
	cr_assert_eq(xs_boot_node(&s, "/local/domain/2/n0", "again", 5, p, 1), 0,
		     "an existing one is no new node");
	/* The domain's own quota is whole (its home is one of it). */
	for (i = 1; i < XS_NODE_QUOTA; i++) {
		snprintf(path, sizeof(path), "m%u", i);
		cr_assert_eq(xs_write(&s, 2, 0, path, "", 0), 0, "%s", path);
	}
	cr_assert_eq(xs_write(&s, 2, 0, "past-quota", "", 0), -XEN_ENOSPC);
}

/* xenstored's seeding: every good node line made, each bad one logged
 * with its line and reason and skipped, domain lines left alone. */
static char logged[4][200];
static unsigned int nr_logged;

static void log_line(void *ctx, const char *line)
{
	if (nr_logged < 4)
		snprintf(logged[nr_logged++], sizeof(logged[0]), "%s", line);
}

Test(xenstore, seeding_skips_bad_lines_and_carries_on)
{
	static const char seed[] =
		"domain 2 alice 1 2 3 4 5\n"
		"node /local/domain/2/device/vbd/51712 \"\" perms=n2,r1\n"
		"node /local/domain/2/device/vbd/51712/state 1 perms=n2,r1\n"
		"node /local/domain/2/device/vbd/51712/mode w perms=q2\n"
		"node /local/domain/2/device/vbd/51712/name \"open perms=n2\n"
		"self 1 store 1 0 0 0 0\n"
		"node /local/domain/2/device/vbd/51712/backend-id 1 perms=n2,r1\n"
		"node /local/domain/2/device/vbd/51712/v " "\"0123456789012345678901234567890123456789"
		"0123456789012345678901234567890123456789012345678901234567890123456789"
		"0123456789012345678901234567890123456789012345678901234567890123456789"
		"0123456789012345678901234567890123456789012345678901234567890123456789"
		"0123456789012345678901234567890123456789012345678901234567890123456789\" perms=n2\n";
	struct xs_boot_report r;
	struct xs_perm got[XS_MAX_PERMS];
	unsigned int nr;
	int rc;

	nr_logged = 0;
	xs_seed_boot_nodes(&s, seed, sizeof(seed) - 1, log_line, NULL, &r);
	cr_assert_eq(r.made, 3);
	cr_assert_eq(r.refused, 3);
	cr_assert_str_eq(logged[0], "seed line 4: a permission starts with n, r, w or b");
	cr_assert_str_eq(logged[1], "seed line 5: unterminated quote in the value");
	cr_assert_str_eq(logged[2], "seed line 8: the value is too long");
	cr_assert_str_eq(read_str(1, 0, "/local/domain/2/device/vbd/51712/backend-id", &rc), "1",
			 "a good line after bad ones is made");
	cr_assert_eq(rc, 0);
	read_str(0, 0, "/local/domain/2/device/vbd/51712/mode", &rc);
	cr_assert_eq(rc, -XEN_ENOENT, "a bad line makes nothing");
	cr_assert_eq(xs_get_perms(&s, 0, "/local/domain/2/device/vbd/51712/state", got, &nr), 0);
	cr_assert_eq(nr, 2);
	cr_assert_eq(got[1].domid, 1);
	cr_assert_eq(got[1].perm, XS_PERM_READ);
	read_str(3, 0, "/local/domain/2/device/vbd/51712/state", &rc);
	cr_assert_eq(rc, -XEN_EACCES);
}

Test(xenstore, seeding_reports_a_node_the_store_refuses)
{
	static char seed[(XS_BOOT_NODES + 1) * 48];
	struct xs_boot_report r;
	size_t n = 0;

	for (unsigned int i = 0; i <= XS_BOOT_NODES; i++)
		n += (size_t)snprintf(seed + n, sizeof(seed) - n,
				      "node /local/domain/2/n%u 1 perms=n2\n", i);
	nr_logged = 0;
	xs_seed_boot_nodes(&s, seed, n, log_line, NULL, &r);
	cr_assert_eq(r.made, XS_BOOT_NODES);
	cr_assert_eq(r.refused, 1);
	cr_assert_str_eq(logged[0], "seed line 641: cannot make /local/domain/2/n640: error 28");
}
