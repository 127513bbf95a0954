/* SPDX-License-Identifier: GPL-2.0-only */
/* The xenstore tree (see store.h for the rules it keeps): its nodes, their
 * creation and removal, and the operations on them, plain or (through
 * transaction.c) inside a transaction; paths are path.c's, watches
 * watch.c's. Linear searches over fixed pools: a store holds thousands of
 * nodes, not millions. */
#include "store_internal.h"
#include <parvus/string.h>
#include <parvus/xen.h>

void xs_init(struct xs_store *s, xs_event_fn event, void *ctx)
{
	memset(s, 0, sizeof(*s));
	s->event = event;
	s->event_ctx = ctx;
	s->next_tx_id = 1;
	s->nodes[0] = (struct xs_node){ .used = true, .path = "/", .nr_perms = 1,
					.perms = { { XS_PRIV_DOMID, XS_PERM_NONE } } };
}

struct xs_node *xs_find(struct xs_store *s, const char *path)
{
	for (unsigned int i = 0; i < XS_MAX_NODES; i++)
		if (s->nodes[i].used && !strcmp(s->nodes[i].path, path))
			return &s->nodes[i];
	return NULL;
}

unsigned int xs_perm_of(const struct xs_node *node, uint16_t domid)
{
	if (domid == XS_PRIV_DOMID || node->perms[0].domid == domid)
		return XS_PERM_BOTH;
	for (unsigned int i = 1; i < node->nr_perms; i++)
		if (node->perms[i].domid == domid)
			return node->perms[i].perm;
	return node->perms[0].perm;
}

unsigned int xs_owned_by(struct xs_store *s, uint16_t domid)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < XS_MAX_NODES; i++)
		n += s->nodes[i].used && !s->nodes[i].boot &&
		     s->nodes[i].perms[0].domid == domid;
	return n;
}

int xs_set_driver_domain(struct xs_store *s, uint16_t domid)
{
	if (domid == XS_PRIV_DOMID)
		return -XEN_EINVAL;
	if (xs_node_quota(s, domid) == XS_DD_NODE_QUOTA)
		return 0;
	if (s->nr_driver == XS_MAX_DRIVER_DOMAINS)
		return -XEN_ENOSPC;
	s->driver[s->nr_driver++] = domid;
	return 0;
}

unsigned int xs_node_quota(const struct xs_store *s, uint16_t domid)
{
	for (unsigned int i = 0; i < s->nr_driver; i++)
		if (s->driver[i] == domid)
			return XS_DD_NODE_QUOTA;
	return XS_NODE_QUOTA;
}

unsigned int xs_watch_quota(const struct xs_store *s, uint16_t domid)
{
	return xs_node_quota(s, domid) == XS_DD_NODE_QUOTA ? XS_DD_WATCH_QUOTA : XS_WATCH_QUOTA;
}

static void changed(struct xs_store *s, struct xs_node *node)
{
	node->generation = ++s->generation;
}

/* "/a/b" becomes "/a", "/a" becomes "/", in place. */
static void cut_to_parent(char *path)
{
	char *slash = path;

	for (char *p = path; *p; p++)
		if (*p == '/')
			slash = p;
	slash[slash == path] = '\0';
}

/* The nearest node at or above path (the root at worst: it never goes),
 * and how many nodes are missing between it and path. */
static struct xs_node *nearest_existing(struct xs_store *s, const char *path,
					unsigned int *missing)
{
	char at[XS_PATH_MAX];
	struct xs_node *n;

	strlcpy(at, path, sizeof(at));
	for (*missing = 0; !(n = xs_find(s, at)); ++*missing)
		cut_to_parent(at);
	return n;
}

static unsigned int free_nodes(const struct xs_store *s)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < XS_MAX_NODES; i++)
		n += !s->nodes[i].used;
	return n;
}

/* A new node below parent, named by the first len bytes of path. */
static struct xs_node *add_child(struct xs_store *s, uint16_t domid,
				 const struct xs_node *parent, const char *path, size_t len)
{
	struct xs_node *n = NULL;

	for (unsigned int i = 0; i < XS_MAX_NODES && !n; i++)
		if (!s->nodes[i].used)
			n = &s->nodes[i];
	memset(n, 0, sizeof(*n));	/* in place: no 1 KiB temporary on our stack */
	n->used = true;
	n->nr_perms = parent->nr_perms;
	memcpy(n->path, path, len);
	n->path[len] = '\0';
	memcpy(n->perms, parent->perms, sizeof(n->perms));
	if (domid != XS_PRIV_DOMID)
		n->perms[0].domid = domid;
	changed(s, n);
	return n;
}

/* Creates path and its missing parents with the parent's permissions and
 * the writer as owner. A loop downwards from the nearest existing node,
 * whose write permission is checked first, with room and quota for every
 * node counted before any is made: all or nothing, as Xen's create_node
 * (its construct_node recurses; a 16 KiB stack cannot). Each new parent
 * fires its watches; path itself only if announce. */
static int create(struct xs_store *s, uint16_t domid, const char *path,
		  struct xs_node **out, bool announce)
{
	unsigned int missing;
	struct xs_node *n = nearest_existing(s, path, &missing);
	size_t at = strcmp(n->path, "/") ? strlen(n->path) + 1 : 1;

	if (!(xs_perm_of(n, domid) & XS_PERM_WRITE))
		return -XEN_EACCES;
	if (domid != XS_PRIV_DOMID && xs_owned_by(s, domid) + missing > xs_node_quota(s, domid))
		return -XEN_ENOSPC;
	if (free_nodes(s) < missing)
		return -XEN_ENOSPC;
	while (missing--) {
		const char *slash = strchr(path + at, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);

		n = add_child(s, domid, n, path, len);
		if (missing || announce)
			xs_fire(s, n->path, n);
		at = len + 1;
	}
	*out = n;
	return 0;
}

/* ---- the plain (non-transaction) operations ---- */

static int do_read(struct xs_store *s, uint16_t domid, const char *path,
		   char *value, size_t size, size_t *len)
{
	struct xs_node *n = xs_find(s, path);

	if (!n)
		return -XEN_ENOENT;
	if (!(xs_perm_of(n, domid) & XS_PERM_READ))
		return -XEN_EACCES;
	*len = n->value_len;
	memcpy(value, n->value, MIN((size_t)n->value_len, size));
	return 0;
}

int xs_tree_write(struct xs_store *s, uint16_t domid, const char *path,
		  const char *value, size_t len)
{
	struct xs_node *n = xs_find(s, path);
	int rc;

	if (len > XS_VALUE_MAX)
		return -XEN_E2BIG;
	if (n && !(xs_perm_of(n, domid) & XS_PERM_WRITE))
		return -XEN_EACCES;
	if (!n && (rc = create(s, domid, path, &n, false)))
		return rc;
	memcpy(n->value, value, len);
	n->value_len = len;
	changed(s, n);
	xs_fire(s, path, n);
	return 0;
}

static int do_mkdir(struct xs_store *s, uint16_t domid, const char *path)
{
	struct xs_node *n = xs_find(s, path);

	if (n)
		return xs_perm_of(n, domid) & XS_PERM_WRITE ? 0 : -XEN_EACCES;
	return create(s, domid, path, &n, true);
}

int xs_tree_rm(struct xs_store *s, uint16_t domid, const char *path)
{
	struct xs_node *n = xs_find(s, path);

	if (!strcmp(path, "/"))
		return -XEN_EINVAL;
	if (!n)
		return -XEN_ENOENT;
	if (!(xs_perm_of(n, domid) & XS_PERM_WRITE))
		return -XEN_EACCES;
	/* One event for watchers at or above the node, and one for each
	 * watch on a node inside what goes (Xen's delnode_sub). */
	xs_fire(s, path, n);
	xs_fire_inside(s, path);
	for (unsigned int i = 0; i < XS_MAX_NODES; i++)
		if (s->nodes[i].used && xs_at_or_below(path, s->nodes[i].path))
			s->nodes[i].used = false;
	++s->generation;
	return 0;
}

/* ---- the public operations ---- */

#define RESOLVE(path, buf)						\
	do {								\
		int rc_ = xs_canonical(domid, path, buf, sizeof(buf));	\
		if (rc_)						\
			return rc_;					\
		if (buf[0] == '@')					\
			return -XEN_EINVAL;				\
	} while (0)

int xs_read(struct xs_store *s, uint16_t domid, uint32_t tx, const char *path,
	    char *value, size_t size, size_t *len)
{
	char p[XS_PATH_MAX];
	struct xs_tx *t = NULL;
	const struct xs_tx_op *op = NULL;

	RESOLVE(path, p);
	if (tx && !(t = xs_tx_of(s, domid, tx)))
		return -XEN_ENOENT;
	switch (t ? xs_tx_node_state(t, s, p, &op) : TXN_STORE) {
	case TXN_ABSENT:
		return -XEN_ENOENT;
	case TXN_EMPTY:
		*len = 0;
		return 0;
	case TXN_WRITTEN:
		*len = op->value_len;
		memcpy(value, op->value, MIN((size_t)op->value_len, size));
		return 0;
	case TXN_STORE:
		break;
	}
	if (t)
		xs_tx_note_read(t, s, p);
	return do_read(s, domid, p, value, size, len);
}

int xs_write(struct xs_store *s, uint16_t domid, uint32_t tx, const char *path,
	     const char *value, size_t len)
{
	char p[XS_PATH_MAX];
	struct xs_tx *t;
	struct xs_node *n;

	RESOLVE(path, p);
	if (!tx)
		return xs_tree_write(s, domid, p, value, len);
	if (!(t = xs_tx_of(s, domid, tx)))
		return -XEN_ENOENT;
	if (len > XS_VALUE_MAX)
		return -XEN_E2BIG;
	n = xs_find(s, p);
	if (n && !(xs_perm_of(n, domid) & XS_PERM_WRITE))
		return -XEN_EACCES;
	xs_tx_note_read(t, s, p);
	return xs_tx_add(t, false, p, value, len);
}

int xs_mkdir(struct xs_store *s, uint16_t domid, uint32_t tx, const char *path)
{
	char p[XS_PATH_MAX];
	struct xs_tx *t;

	RESOLVE(path, p);
	if (!tx)
		return do_mkdir(s, domid, p);
	if (!(t = xs_tx_of(s, domid, tx)))
		return -XEN_ENOENT;
	if (xs_find(s, p))
		return 0;
	xs_tx_note_read(t, s, p);
	return xs_tx_add(t, false, p, "", 0);
}

/* Removing a node that is not there succeeds if its parent is (Xen's
 * do_rm, docs/misc/xenstore.txt): the caller's view is already right. */
static int rm_missing(struct xs_store *s, const char *path)
{
	char parent[XS_PATH_MAX];

	xs_parent_of(path, parent);
	return xs_find(s, parent) ? 0 : -XEN_ENOENT;
}

int xs_rm(struct xs_store *s, uint16_t domid, uint32_t tx, const char *path)
{
	char p[XS_PATH_MAX];
	struct xs_tx *t;
	struct xs_node *n;
	int rc;

	RESOLVE(path, p);
	if (!tx)
		return (rc = xs_tree_rm(s, domid, p)) == -XEN_ENOENT ? rm_missing(s, p) : rc;
	if (!(t = xs_tx_of(s, domid, tx)))
		return -XEN_ENOENT;
	n = xs_find(s, p);
	if (!n)
		return rm_missing(s, p);
	if (!(xs_perm_of(n, domid) & XS_PERM_WRITE))
		return -XEN_EACCES;
	xs_tx_note_read(t, s, p);
	return xs_tx_add(t, true, p, "", 0);
}

/* Appends name (nl bytes) to the list of NUL-terminated names, once. */
static int dir_add(char *buf, size_t size, size_t *used, const char *name, size_t nl)
{
	for (size_t at = 0; at < *used; at += strlen(buf + at) + 1)
		if (!strncmp(buf + at, name, nl) && buf[at + nl] == '\0')
			return 0;
	if (*used + nl + 1 > size)
		return -XEN_E2BIG;
	memcpy(buf + *used, name, nl);
	buf[*used + nl] = '\0';
	*used += nl + 1;
	return 0;
}

/* The name of dir's child that path is at or below (NULL if none). */
static const char *child_of(const char *dir, const char *path, size_t *nl)
{
	const char *name, *slash;

	if (!strcmp(dir, path) || !xs_at_or_below(dir, path))
		return NULL;
	name = path + (strcmp(dir, "/") ? strlen(dir) + 1 : 1);
	slash = strchr(name, '/');
	*nl = slash ? (size_t)(slash - name) : strlen(name);
	return name;
}

/* A transaction sees its own changes: nodes it removed are gone from the
 * listing, nodes its writes create (and their parents) are in it. */
int xs_directory(struct xs_store *s, uint16_t domid, uint32_t tx,
		 const char *path, char *buf, size_t size, size_t *len)
{
	char p[XS_PATH_MAX];
	struct xs_tx *t = NULL;
	enum tx_view view = TX_STORE;
	struct xs_node *n;
	const char *name;
	size_t used = 0, nl;
	int rc = 0;

	RESOLVE(path, p);
	if (tx && !(t = xs_tx_of(s, domid, tx)))
		return -XEN_ENOENT;
	if (t)
		view = xs_tx_view_before(t, t->nr_ops, p);
	n = view == TX_GONE ? NULL : xs_find(s, p);
	if (!n && view != TX_MADE)
		return -XEN_ENOENT;
	if (n && !(xs_perm_of(n, domid) & XS_PERM_READ))
		return -XEN_EACCES;
	for (unsigned int i = 0; i < XS_MAX_NODES && !rc; i++) {
		const struct xs_node *c = &s->nodes[i];

		if (!c->used || !(name = child_of(p, c->path, &nl)) || strchr(name, '/') ||
		    (t && xs_tx_view_before(t, t->nr_ops, c->path) == TX_GONE))
			continue;
		rc = dir_add(buf, size, &used, name, nl);
	}
	for (unsigned int i = 0; t && i < t->nr_ops && !rc; i++) {
		char child[XS_PATH_MAX];

		if (t->ops[i].remove || !(name = child_of(p, t->ops[i].path, &nl)))
			continue;
		memcpy(child, t->ops[i].path, (size_t)(name - t->ops[i].path) + nl);
		child[(name - t->ops[i].path) + nl] = '\0';
		if (xs_tx_view_before(t, t->nr_ops, child) == TX_MADE)
			rc = dir_add(buf, size, &used, name, nl);
	}
	*len = used;
	return rc;
}

int xs_get_perms(struct xs_store *s, uint16_t domid, const char *path,
		 struct xs_perm *perms, unsigned int *nr)
{
	char p[XS_PATH_MAX];
	struct xs_node *n;

	RESOLVE(path, p);
	n = xs_find(s, p);
	if (!n)
		return -XEN_ENOENT;
	if (!(xs_perm_of(n, domid) & XS_PERM_READ))
		return -XEN_EACCES;
	memcpy(perms, n->perms, n->nr_perms * sizeof(*perms));
	*nr = n->nr_perms;
	return 0;
}

/* Only the owner (or the control domain) changes permissions; an
 * unprivileged owner cannot give the node away. */
int xs_set_perms(struct xs_store *s, uint16_t domid, const char *path,
		 const struct xs_perm *perms, unsigned int nr)
{
	char p[XS_PATH_MAX];
	struct xs_node *n;

	RESOLVE(path, p);
	if (nr == 0 || nr > XS_MAX_PERMS)
		return -XEN_EINVAL;
	n = xs_find(s, p);
	if (!n)
		return -XEN_ENOENT;
	if (domid != XS_PRIV_DOMID &&
	    (n->perms[0].domid != domid || perms[0].domid != domid))
		return -XEN_EACCES;
	memcpy(n->perms, perms, nr * sizeof(*perms));
	n->nr_perms = nr;
	changed(s, n);
	xs_fire(s, p, n);
	return 0;
}

int xs_boot_node(struct xs_store *s, const char *path, const char *value,
		 size_t len, const struct xs_perm *perms, unsigned int nr)
{
	char p[XS_PATH_MAX];
	unsigned int missing;
	struct xs_node *n;
	int rc;

	if (path[0] != '/' || xs_canonical(XS_PRIV_DOMID, path, p, sizeof(p)) ||
	    nr == 0 || nr > XS_MAX_PERMS)
		return -XEN_EINVAL;
	for (unsigned int i = 0; i < nr; i++)
		if (perms[i].perm > XS_PERM_BOTH)
			return -XEN_EINVAL;
	nearest_existing(s, p, &missing);
	if (s->boot_nodes + missing > XS_BOOT_NODES)
		return -XEN_ENOSPC;
	rc = xs_tree_write(s, XS_PRIV_DOMID, p, value, len);
	if (rc)
		return rc;
	/* The nodes just made are p and its `missing - 1` nearest parents. */
	s->boot_nodes += missing;
	for (; missing; missing--, cut_to_parent(p))
		xs_find(s, p)->boot = true;
	n = xs_find(s, path);
	memcpy(n->perms, perms, nr * sizeof(*perms));
	n->nr_perms = (uint8_t)nr;
	return 0;
}

void xs_release_domain(struct xs_store *s, uint16_t domid)
{
	xs_reset_watches(s, domid);
	for (unsigned int i = 0; i < XS_MAX_TX; i++)
		if (s->tx[i].domid == domid)
			s->tx[i].id = 0;
}
