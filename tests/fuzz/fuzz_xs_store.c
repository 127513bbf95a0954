/* SPDX-License-Identifier: GPL-2.0-only */
/* Fuzzes the xenstore tree (toolstack/xenstored/store.c and its path,
 * watch and transaction files) with a script of operations by four
 * domains (0, the control domain, and 1 to 3): each record is
 * [op][domain][arguments], an argument being [length][bytes].
 * After every operation the tree must still be a tree of canonical paths
 * within its pools and quotas, a plain write must read back, a removed
 * node must be gone with everything below it, and every watch event must
 * name a watch its domain holds. At the end every domain is released and
 * everything removed: only the root may remain, owned by nobody else.
 * Each input runs on a stack the size of the xenstore domain's, so a
 * recursion too deep for the domain crashes here too. */
#include "store.h"
#include "../unit/small_stack.h"
#include <parvus/string.h>
#include <parvus/xen.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond); \
	abort(); } } while (0)

#define NR_DOMS 4

enum { OP_WRITE, OP_READ, OP_MKDIR, OP_RM, OP_DIRECTORY, OP_SET_PERMS, OP_WATCH,
       OP_UNWATCH, OP_TX_START, OP_TX_END, OP_RELEASE, OP_RESET_WATCHES,
       OP_GET_PERMS, NR_OPS };
#define OP_IN_TX 0x80	/* the operation runs in the domain's open transaction */

struct script {
	const uint8_t *p;
	size_t left;
};

static struct xs_store store;
static uint32_t open_tx[NR_DOMS];
static unsigned long events;

static uint8_t next_byte(struct script *s)
{
	if (!s->left)
		return 0;
	s->left--;
	return *s->p++;
}

/* An argument as a C string (as the protocol delivers them) and its length. */
static size_t next_arg(struct script *s, char *buf, size_t size)
{
	size_t n = next_byte(s);

	n = MIN(n, s->left);
	n = MIN(n, size - 1);
	memcpy(buf, s->p, n);
	buf[n] = '\0';
	s->p += n;
	s->left -= n;
	return n;
}

static bool terminated(const char *s, size_t size)
{
	return strnlen(s, size) < size;
}

static void on_event(void *ctx, uint16_t domid, const char *path, const char *token)
{
	bool watched = false;

	CHECK(domid < NR_DOMS && path[0] && strlen(path) < XS_PATH_MAX);
	for (unsigned int i = 0; i < XS_MAX_WATCHES; i++) {
		const struct xs_watch *w = &store.watches[i];

		watched |= w->used && w->domid == domid && !strcmp(w->token, token);
	}
	CHECK(watched);
	events++;
}

static unsigned int owned_by(uint16_t domid)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < XS_MAX_NODES; i++)
		n += store.nodes[i].used && store.nodes[i].perms[0].domid == domid;
	return n;
}

static const struct xs_node *node_at(const char *path)
{
	for (unsigned int i = 0; i < XS_MAX_NODES; i++)
		if (store.nodes[i].used && !strcmp(store.nodes[i].path, path))
			return &store.nodes[i];
	return NULL;
}

static void check_node(const struct xs_node *n)
{
	char canon[XS_PATH_MAX], parent[XS_PATH_MAX];
	const char *slash;

	CHECK(terminated(n->path, sizeof(n->path)));
	CHECK(xs_canonical(0, n->path, canon, sizeof(canon)) == 0 && !strcmp(canon, n->path));
	CHECK(n->path[0] == '/' && n->nr_perms >= 1 && n->nr_perms <= XS_MAX_PERMS);
	CHECK(n->value_len <= XS_VALUE_MAX);
	CHECK(node_at(n->path) == n);		/* no two nodes share a path */
	if (!strcmp(n->path, "/"))
		return;
	for (const char *c = slash = n->path; *c; c++)
		if (*c == '/')
			slash = c;
	memcpy(parent, n->path, (size_t)(slash - n->path));
	parent[slash - n->path] = '\0';
	CHECK(node_at(parent[0] ? parent : "/"));	/* every node has its parent */
}

static void check_tree(void)
{
	CHECK(store.nodes[0].used && !strcmp(store.nodes[0].path, "/"));
	for (unsigned int i = 0; i < XS_MAX_NODES; i++)
		if (store.nodes[i].used)
			check_node(&store.nodes[i]);
}

static void check_store(void)
{
	unsigned int watches[NR_DOMS] = { 0 }, txs[NR_DOMS] = { 0 };

	for (unsigned int i = 0; i < XS_MAX_WATCHES; i++) {
		const struct xs_watch *w = &store.watches[i];

		if (!w->used)
			continue;
		CHECK(w->domid < NR_DOMS && terminated(w->token, sizeof(w->token)));
		CHECK(terminated(w->path, sizeof(w->path)) && (w->path[0] == '/' || w->path[0] == '@'));
		watches[w->domid]++;
	}
	for (unsigned int i = 0; i < XS_MAX_TX; i++) {
		const struct xs_tx *t = &store.tx[i];

		if (!t->id)
			continue;
		CHECK(t->domid < NR_DOMS && t->nr_ops <= XS_MAX_TX_OPS && t->nr_reads <= XS_MAX_TX_OPS);
		for (unsigned int j = 0; j < i; j++)
			CHECK(store.tx[j].id != t->id);
		txs[t->domid]++;
	}
	for (unsigned int d = 1; d < NR_DOMS; d++)
		CHECK(watches[d] <= XS_WATCH_QUOTA && txs[d] <= XS_TX_QUOTA);
}

/* A plain write reads back, for a reader allowed to read it. */
static void check_written(uint16_t domid, const char *path, const char *value, size_t len)
{
	static char got[XS_VALUE_MAX];
	size_t got_len = 0;
	int rc = xs_read(&store, domid, 0, path, got, sizeof(got), &got_len);

	CHECK(rc == 0 || rc == -XEN_EACCES);
	CHECK(rc || (got_len == len && !memcmp(got, value, len)));
}

/* A removed node is gone, and so is everything below it. */
static void check_removed(uint16_t domid, const char *path)
{
	char canon[XS_PATH_MAX];
	size_t n;

	CHECK(xs_canonical(domid, path, canon, sizeof(canon)) == 0);
	n = strlen(canon);
	for (unsigned int i = 0; i < XS_MAX_NODES; i++) {
		const struct xs_node *node = &store.nodes[i];

		if (node->used)
			CHECK(strncmp(node->path, canon, n) ||
			      (node->path[n] != '\0' && node->path[n] != '/'));
	}
}

/* Every name a directory lists is a child that exists. */
static void check_listing(uint16_t domid, const char *path, const char *buf, size_t len)
{
	char canon[XS_PATH_MAX], child[2 * XS_PATH_MAX];

	CHECK(xs_canonical(domid, path, canon, sizeof(canon)) == 0);
	for (size_t off = 0; off < len; off += strlen(buf + off) + 1) {
		CHECK(terminated(buf + off, len - off) && buf[off]);
		snprintf(child, sizeof(child), "%s/%s", strcmp(canon, "/") ? canon : "", buf + off);
		CHECK(node_at(child));
	}
}

static void do_set_perms(struct script *s, uint16_t domid, const char *path)
{
	struct xs_perm perms[XS_MAX_PERMS + 1];
	unsigned int nr = next_byte(s) % (XS_MAX_PERMS + 2);
	int rc;

	for (unsigned int i = 0; i < nr && i < XS_MAX_PERMS; i++) {
		uint8_t b = next_byte(s);

		perms[i] = (struct xs_perm){ .domid = (b >> 2) % NR_DOMS, .perm = b & 3 };
	}
	rc = xs_set_perms(&store, domid, path, perms, MIN(nr, XS_MAX_PERMS));
	CHECK(rc <= 0);
}

/* The tree check is quadratic in the nodes: after every few operations. */
#define TREE_CHECK_EVERY 8

/* A canonical path is its own canonical form, whoever asks. */
static void check_canonical(uint16_t domid, const char *path)
{
	char once[XS_PATH_MAX], twice[XS_PATH_MAX];

	if (xs_canonical(domid, path, once, sizeof(once)))
		return;
	CHECK(terminated(once, sizeof(once)) && (once[0] == '/' || once[0] == '@'));
	CHECK(xs_canonical((uint16_t)(domid + 1), once, twice, sizeof(twice)) == 0);
	CHECK(!strcmp(once, twice));
}

static void run_op(struct script *s, unsigned int nr)
{
	static char path[XS_PATH_MAX + 8], value[XS_VALUE_MAX + 8], buf[4096];
	uint8_t op = next_byte(s);
	unsigned int kind = (op & ~OP_IN_TX) % NR_OPS;
	uint16_t domid = next_byte(s) % NR_DOMS;
	uint32_t tx = op & OP_IN_TX ? open_tx[domid] : 0;
	bool creates = domid != XS_PRIV_DOMID &&
		       (kind == OP_WRITE || kind == OP_MKDIR || kind == OP_TX_END);
	unsigned int before = creates ? owned_by(domid) : 0;
	size_t len = 0;
	int rc = 0;

	path[0] = '\0';	/* for the operations that take none */
	switch (kind) {
	case OP_WRITE:
		next_arg(s, path, sizeof(path));
		len = next_arg(s, value, sizeof(value));
		rc = xs_write(&store, domid, tx, path, value, len);
		if (!rc && !tx)
			check_written(domid, path, value, len);
		break;
	case OP_READ:
		next_arg(s, path, sizeof(path));
		rc = xs_read(&store, domid, tx, path, value, XS_VALUE_MAX, &len);
		CHECK(rc || len <= XS_VALUE_MAX);
		break;
	case OP_MKDIR:
		next_arg(s, path, sizeof(path));
		rc = xs_mkdir(&store, domid, tx, path);
		break;
	case OP_RM:
		next_arg(s, path, sizeof(path));
		rc = xs_rm(&store, domid, tx, path);
		if (!rc && !tx)
			check_removed(domid, path);
		break;
	case OP_DIRECTORY:
		next_arg(s, path, sizeof(path));
		rc = xs_directory(&store, domid, tx, path, buf, sizeof(buf), &len);
		if (!rc)
			check_listing(domid, path, buf, len);
		break;
	case OP_SET_PERMS:
		next_arg(s, path, sizeof(path));
		do_set_perms(s, domid, path);
		break;
	case OP_WATCH:
	case OP_UNWATCH:
		next_arg(s, path, sizeof(path));
		next_arg(s, value, XS_TOKEN_MAX + 8);
		rc = kind == OP_WATCH ? xs_watch(&store, domid, path, value) :
		     xs_unwatch(&store, domid, path, value);
		break;
	case OP_TX_START:
		rc = xs_transaction_start(&store, domid, &open_tx[domid]);
		CHECK(rc || open_tx[domid]);
		break;
	case OP_TX_END:
		rc = xs_transaction_end(&store, domid, open_tx[domid], next_byte(s) & 1);
		CHECK(xs_transaction_end(&store, domid, open_tx[domid], false) == -XEN_ENOENT);
		open_tx[domid] = 0;
		break;
	case OP_RELEASE:
		xs_release_domain(&store, domid);
		open_tx[domid] = 0;
		break;
	case OP_RESET_WATCHES:
		xs_reset_watches(&store, domid);
		break;
	case OP_GET_PERMS: {
		struct xs_perm perms[XS_MAX_PERMS];
		unsigned int nr = 0;

		next_arg(s, path, sizeof(path));
		rc = xs_get_perms(&store, domid, path, perms, &nr);
		CHECK(rc || (nr >= 1 && nr <= XS_MAX_PERMS));
		break;
	}
	}
	CHECK(rc <= 0);
	check_canonical(domid, path);
	/* A domain's own writes never take it past its node quota. */
	if (creates && owned_by(domid) > before)
		CHECK(owned_by(domid) <= XS_NODE_QUOTA);
	check_store();
	if (nr % TREE_CHECK_EVERY == 0)
		check_tree();
}

/* Everything goes: what is left is the root, and no domain owns a node,
 * holds a watch or has a transaction open. */
static void check_teardown(void)
{
	static char names[XS_MAX_NODES * XS_PATH_MAX];
	char child[XS_PATH_MAX + 2];
	size_t len = 0;

	for (uint16_t d = 0; d < NR_DOMS; d++)
		xs_release_domain(&store, d);
	CHECK(xs_directory(&store, 0, 0, "/", names, sizeof(names), &len) == 0);
	for (size_t off = 0; off < len; off += strlen(names + off) + 1) {
		snprintf(child, sizeof(child), "/%s", names + off);
		CHECK(xs_rm(&store, 0, 0, child) == 0);
	}
	for (unsigned int i = 1; i < XS_MAX_NODES; i++)
		CHECK(!store.nodes[i].used);
	for (uint16_t d = 1; d < NR_DOMS; d++)
		CHECK(owned_by(d) == 0);
	for (unsigned int i = 0; i < XS_MAX_WATCHES; i++)
		CHECK(!store.watches[i].used);
	for (unsigned int i = 0; i < XS_MAX_TX; i++)
		CHECK(!store.tx[i].id);
}

static void run_script(void *script)
{
	struct script s = *(struct script *)script;

	xs_init(&store, on_event, NULL);
	memset(open_tx, 0, sizeof(open_tx));
	events = 0;
	/* /local/domain/N belongs to N, as the seeding in xenstored does. */
	for (uint16_t d = 1; d < NR_DOMS; d++) {
		char home[32];
		struct xs_perm owner = { d, XS_PERM_NONE };

		snprintf(home, sizeof(home), "/local/domain/%u", d);
		CHECK(xs_mkdir(&store, 0, 0, home) == 0);
		CHECK(xs_set_perms(&store, 0, home, &owner, 1) == 0);
	}
	for (unsigned int i = 0; s.left && i < 200; i++)
		run_op(&s, i);
	check_tree();
	check_teardown();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct script s = { data, size };

	run_on_small_stack(run_script, &s);
	return 0;
}
