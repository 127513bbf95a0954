/* The xenstore tree (see store.h for the rules it keeps). Linear searches
 * over fixed pools: a store holds hundreds of nodes, not millions. */
#include "store.h"
#include <parvus/string.h>
#include <parvus/xen.h>

#define DOMAIN_PREFIX "/local/domain/"

void xs_init(struct xs_store *s, xs_event_fn event, void *ctx)
{
	memset(s, 0, sizeof(*s));
	s->event = event;
	s->event_ctx = ctx;
	s->next_tx_id = 1;
	s->nodes[0] = (struct xs_node){ .used = true, .path = "/", .nr_perms = 1,
					.perms = { { XS_PRIV_DOMID, XS_PERM_NONE } } };
}

static bool valid_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_' ||
	       c == '@';
}

int xs_canonical(uint16_t domid, const char *in, char *out, size_t size)
{
	size_t n;

	if (!in[0])
		return -XEN_EINVAL;
	if (in[0] == '/' || in[0] == '@')
		n = snprintf(out, size, "%s", in);
	else
		n = snprintf(out, size, DOMAIN_PREFIX "%u/%s", domid, in);
	if (n >= size)		/* Xen's is_valid_nodename: past path-max, EINVAL */
		return -XEN_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!valid_char(out[i]) || (out[i] == '/' && out[i + 1] == '/'))
			return -XEN_EINVAL;
	if (n > 1 && out[n - 1] == '/')
		return -XEN_EINVAL;
	return 0;
}

static struct xs_node *find(struct xs_store *s, const char *path)
{
	for (unsigned int i = 0; i < XS_MAX_NODES; i++)
		if (s->nodes[i].used && !strcmp(s->nodes[i].path, path))
			return &s->nodes[i];
	return NULL;
}

/* "/a/b" -> "/a", "/a" -> "/". */
static void parent_of(const char *path, char *out)
{
	const char *slash = path;

	for (const char *p = path; *p; p++)
		if (*p == '/')
			slash = p;
	if (slash == path)
		strlcpy(out, "/", XS_PATH_MAX);
	else {
		memcpy(out, path, slash - path);
		out[slash - path] = '\0';
	}
}

/* Is `path` at or below `top`? */
static bool is_at_or_below(const char *top, const char *path)
{
	size_t n = strlen(top);

	if (!strcmp(top, "/"))
		return path[0] == '/';
	return !strncmp(top, path, n) && (path[n] == '\0' || path[n] == '/');
}

static unsigned int perm_of(const struct xs_node *node, uint16_t domid)
{
	if (domid == XS_PRIV_DOMID || node->perms[0].domid == domid)
		return XS_PERM_BOTH;
	for (unsigned int i = 1; i < node->nr_perms; i++)
		if (node->perms[i].domid == domid)
			return node->perms[i].perm;
	return node->perms[0].perm;
}

static unsigned int owned_by(struct xs_store *s, uint16_t domid)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < XS_MAX_NODES; i++)
		n += s->nodes[i].used && s->nodes[i].perms[0].domid == domid;
	return n;
}

static void changed(struct xs_store *s, struct xs_node *node)
{
	node->generation = ++s->generation;
}

/* Sends one watch event, with the path relative to the watcher's home if
 * the watch was set with a relative path. */
static void notify(struct xs_store *s, const struct xs_watch *w, const char *path)
{
	char home[XS_PATH_MAX];
	size_t n;

	if (!s->event)
		return;
	n = (size_t)snprintf(home, sizeof(home), DOMAIN_PREFIX "%u/", w->domid);
	if (w->relative && !strncmp(path, home, n))
		path += n;
	s->event(s->event_ctx, w->domid, path, w->token);
}

/* Tells every watcher at or above path that may read it. */
static void fire(struct xs_store *s, const char *path, const struct xs_node *node)
{
	for (unsigned int i = 0; i < XS_MAX_WATCHES; i++) {
		struct xs_watch *w = &s->watches[i];

		if (!w->used || !is_at_or_below(w->path, path))
			continue;
		if (node && !(perm_of(node, w->domid) & XS_PERM_READ))
			continue;
		notify(s, w, path);
	}
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
	for (*missing = 0; !(n = find(s, at)); ++*missing)
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
	*n = (struct xs_node){ .used = true, .nr_perms = parent->nr_perms };
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

	if (!(perm_of(n, domid) & XS_PERM_WRITE))
		return -XEN_EACCES;
	if (domid != XS_PRIV_DOMID && owned_by(s, domid) + missing > XS_NODE_QUOTA)
		return -XEN_ENOSPC;
	if (free_nodes(s) < missing)
		return -XEN_ENOSPC;
	while (missing--) {
		const char *slash = strchr(path + at, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);

		n = add_child(s, domid, n, path, len);
		if (missing || announce)
			fire(s, n->path, n);
		at = len + 1;
	}
	*out = n;
	return 0;
}

static struct xs_tx *tx_of(struct xs_store *s, uint16_t domid, uint32_t id)
{
	for (unsigned int i = 0; i < XS_MAX_TX; i++)
		if (s->tx[i].id == id && s->tx[i].domid == domid)
			return &s->tx[i];
	return NULL;
}

/* ---- the plain (non-transaction) operations ---- */

static int do_read(struct xs_store *s, uint16_t domid, const char *path,
		   char *value, size_t size, size_t *len)
{
	struct xs_node *n = find(s, path);

	if (!n)
		return -XEN_ENOENT;
	if (!(perm_of(n, domid) & XS_PERM_READ))
		return -XEN_EACCES;
	*len = n->value_len;
	memcpy(value, n->value, MIN((size_t)n->value_len, size));
	return 0;
}

static int do_write(struct xs_store *s, uint16_t domid, const char *path,
		    const char *value, size_t len)
{
	struct xs_node *n = find(s, path);
	int rc;

	if (len > XS_VALUE_MAX)
		return -XEN_E2BIG;
	if (n && !(perm_of(n, domid) & XS_PERM_WRITE))
		return -XEN_EACCES;
	if (!n && (rc = create(s, domid, path, &n, false)))
		return rc;
	memcpy(n->value, value, len);
	n->value_len = len;
	changed(s, n);
	fire(s, path, n);
	return 0;
}

static int do_mkdir(struct xs_store *s, uint16_t domid, const char *path)
{
	struct xs_node *n = find(s, path);

	if (n)
		return perm_of(n, domid) & XS_PERM_WRITE ? 0 : -XEN_EACCES;
	return create(s, domid, path, &n, true);
}

static int do_rm(struct xs_store *s, uint16_t domid, const char *path)
{
	struct xs_node *n = find(s, path);

	if (!strcmp(path, "/"))
		return -XEN_EINVAL;
	if (!n)
		return -XEN_ENOENT;
	if (!(perm_of(n, domid) & XS_PERM_WRITE))
		return -XEN_EACCES;
	/* One event for watchers at or above the node, one for each watch
	 * on a node inside what goes that its watcher may read (Xen's
	 * delnode_sub: MATCH_EXACT through watch_permitted). */
	fire(s, path, n);
	for (unsigned int i = 0; i < XS_MAX_WATCHES; i++) {
		struct xs_watch *w = &s->watches[i];
		const struct xs_node *gone;

		if (!w->used || !strcmp(w->path, path) || !is_at_or_below(path, w->path))
			continue;
		gone = find(s, w->path);
		if (gone && perm_of(gone, w->domid) & XS_PERM_READ)
			notify(s, w, w->path);
	}
	for (unsigned int i = 0; i < XS_MAX_NODES; i++)
		if (s->nodes[i].used && is_at_or_below(path, s->nodes[i].path))
			s->nodes[i].used = false;
	++s->generation;
	return 0;
}

/* ---- transactions: reads are recorded, changes buffered until commit ---- */

static void tx_note_read(struct xs_tx *t, struct xs_store *s, const char *path)
{
	struct xs_node *n = find(s, path);

	if (n && n->generation > t->start_generation)
		t->conflict_possible = true;
	if (t->nr_reads < XS_MAX_TX_OPS)
		strlcpy(t->read_paths[t->nr_reads++], path, XS_PATH_MAX);
	else
		t->conflict_possible = true;	/* too much to track: retry */
}

/* What an earlier change of the transaction (before op i) left at path:
 * the latest write at or below it made it, the latest remove above it
 * took it away, or nothing touched it and the store decides. */
enum tx_view { TX_STORE, TX_MADE, TX_GONE };

static enum tx_view tx_view_before(const struct xs_tx *t, unsigned int i, const char *path)
{
	for (unsigned int j = i; j-- > 0;) {
		const struct xs_tx_op *op = &t->ops[j];

		if (op->remove && is_at_or_below(op->path, path))
			return TX_GONE;
		if (!op->remove && is_at_or_below(path, op->path))
			return TX_MADE;
	}
	return TX_STORE;
}

static int tx_add(struct xs_tx *t, bool remove, const char *path,
		  const char *value, size_t len)
{
	struct xs_tx_op *op;

	if (t->nr_ops == XS_MAX_TX_OPS)
		return -XEN_ENOSPC;
	op = &t->ops[t->nr_ops++];
	op->remove = remove;
	strlcpy(op->path, path, sizeof(op->path));
	op->value_len = len;
	memcpy(op->value, value, len);
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

/* What a node is inside a transaction, its buffered operations replayed
 * in order over the store: Xen's transactions work on a copy of the tree,
 * where a write also creates its missing parents, empty. */
enum tx_node { TXN_STORE, TXN_ABSENT, TXN_EMPTY, TXN_WRITTEN };

static enum tx_node tx_node_state(const struct xs_tx *t, struct xs_store *s,
				  const char *path, const struct xs_tx_op **written)
{
	enum tx_node state = TXN_STORE;
	bool in_store = find(s, path) != NULL;

	for (unsigned int i = 0; i < t->nr_ops; i++) {
		const struct xs_tx_op *op = &t->ops[i];
		bool exists = state == TXN_EMPTY || state == TXN_WRITTEN ||
			      (state == TXN_STORE && in_store);

		if (op->remove && is_at_or_below(op->path, path)) {
			state = TXN_ABSENT;
		} else if (!op->remove && !strcmp(op->path, path)) {
			state = TXN_WRITTEN;
			*written = op;
		} else if (!op->remove && is_at_or_below(path, op->path) && !exists) {
			state = TXN_EMPTY;
		}
	}
	return state;
}

int xs_read(struct xs_store *s, uint16_t domid, uint32_t tx, const char *path,
	    char *value, size_t size, size_t *len)
{
	char p[XS_PATH_MAX];
	struct xs_tx *t = NULL;
	const struct xs_tx_op *op = NULL;

	RESOLVE(path, p);
	if (tx && !(t = tx_of(s, domid, tx)))
		return -XEN_ENOENT;
	switch (t ? tx_node_state(t, s, p, &op) : TXN_STORE) {
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
		tx_note_read(t, s, p);
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
		return do_write(s, domid, p, value, len);
	if (!(t = tx_of(s, domid, tx)))
		return -XEN_ENOENT;
	if (len > XS_VALUE_MAX)
		return -XEN_E2BIG;
	n = find(s, p);
	if (n && !(perm_of(n, domid) & XS_PERM_WRITE))
		return -XEN_EACCES;
	tx_note_read(t, s, p);
	return tx_add(t, false, p, value, len);
}

int xs_mkdir(struct xs_store *s, uint16_t domid, uint32_t tx, const char *path)
{
	char p[XS_PATH_MAX];
	struct xs_tx *t;

	RESOLVE(path, p);
	if (!tx)
		return do_mkdir(s, domid, p);
	if (!(t = tx_of(s, domid, tx)))
		return -XEN_ENOENT;
	if (find(s, p))
		return 0;
	tx_note_read(t, s, p);
	return tx_add(t, false, p, "", 0);
}

/* Removing a node that is not there succeeds if its parent is (Xen's
 * do_rm, docs/misc/xenstore.txt): the caller's view is already right. */
static int rm_missing(struct xs_store *s, const char *path)
{
	char parent[XS_PATH_MAX];

	parent_of(path, parent);
	return find(s, parent) ? 0 : -XEN_ENOENT;
}

int xs_rm(struct xs_store *s, uint16_t domid, uint32_t tx, const char *path)
{
	char p[XS_PATH_MAX];
	struct xs_tx *t;
	struct xs_node *n;
	int rc;

	RESOLVE(path, p);
	if (!tx)
		return (rc = do_rm(s, domid, p)) == -XEN_ENOENT ? rm_missing(s, p) : rc;
	if (!(t = tx_of(s, domid, tx)))
		return -XEN_ENOENT;
	n = find(s, p);
	if (!n)
		return rm_missing(s, p);
	if (!(perm_of(n, domid) & XS_PERM_WRITE))
		return -XEN_EACCES;
	tx_note_read(t, s, p);
	return tx_add(t, true, p, "", 0);
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

	if (!strcmp(dir, path) || !is_at_or_below(dir, path))
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
	if (tx && !(t = tx_of(s, domid, tx)))
		return -XEN_ENOENT;
	if (t)
		view = tx_view_before(t, t->nr_ops, p);
	n = view == TX_GONE ? NULL : find(s, p);
	if (!n && view != TX_MADE)
		return -XEN_ENOENT;
	if (n && !(perm_of(n, domid) & XS_PERM_READ))
		return -XEN_EACCES;
	for (unsigned int i = 0; i < XS_MAX_NODES && !rc; i++) {
		const struct xs_node *c = &s->nodes[i];

		if (!c->used || !(name = child_of(p, c->path, &nl)) || strchr(name, '/') ||
		    (t && tx_view_before(t, t->nr_ops, c->path) == TX_GONE))
			continue;
		rc = dir_add(buf, size, &used, name, nl);
	}
	for (unsigned int i = 0; t && i < t->nr_ops && !rc; i++) {
		char child[XS_PATH_MAX];

		if (t->ops[i].remove || !(name = child_of(p, t->ops[i].path, &nl)))
			continue;
		memcpy(child, t->ops[i].path, (size_t)(name - t->ops[i].path) + nl);
		child[(name - t->ops[i].path) + nl] = '\0';
		if (tx_view_before(t, t->nr_ops, child) == TX_MADE)
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
	n = find(s, p);
	if (!n)
		return -XEN_ENOENT;
	if (!(perm_of(n, domid) & XS_PERM_READ))
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
	n = find(s, p);
	if (!n)
		return -XEN_ENOENT;
	if (domid != XS_PRIV_DOMID &&
	    (n->perms[0].domid != domid || perms[0].domid != domid))
		return -XEN_EACCES;
	memcpy(n->perms, perms, nr * sizeof(*perms));
	n->nr_perms = nr;
	changed(s, n);
	fire(s, p, n);
	return 0;
}

int xs_watch(struct xs_store *s, uint16_t domid, const char *path,
	     const char *token)
{
	char p[XS_PATH_MAX];
	struct xs_watch *free_slot = NULL;
	unsigned int mine = 0;
	int rc = xs_canonical(domid, path, p, sizeof(p));

	if (rc)
		return rc;
	if (strlen(token) >= XS_TOKEN_MAX)
		return -XEN_E2BIG;
	for (unsigned int i = 0; i < XS_MAX_WATCHES; i++) {
		struct xs_watch *w = &s->watches[i];

		if (w->used && w->domid == domid && !strcmp(w->path, p) &&
		    !strcmp(w->token, token))
			return -XEN_EEXIST;
		mine += w->used && w->domid == domid;
		if (!w->used && !free_slot)
			free_slot = w;
	}
	/* Over its own quota a domain gets E2BIG, as from Xen's do_watch;
	 * ENOSPC means the shared pool is full. */
	if (domid != XS_PRIV_DOMID && mine >= XS_WATCH_QUOTA)
		return -XEN_E2BIG;
	if (!free_slot)
		return -XEN_ENOSPC;
	*free_slot = (struct xs_watch){ .used = true, .domid = domid,
					.relative = path[0] != '/' && path[0] != '@' };
	strlcpy(free_slot->path, p, sizeof(free_slot->path));
	strlcpy(free_slot->token, token, sizeof(free_slot->token));
	/* A new watch fires once at once: watchers rely on it. */
	notify(s, free_slot, p);
	return 0;
}

int xs_unwatch(struct xs_store *s, uint16_t domid, const char *path,
	       const char *token)
{
	char p[XS_PATH_MAX];
	int rc = xs_canonical(domid, path, p, sizeof(p));

	if (rc)
		return rc;
	for (unsigned int i = 0; i < XS_MAX_WATCHES; i++) {
		struct xs_watch *w = &s->watches[i];

		if (w->used && w->domid == domid && !strcmp(w->path, p) &&
		    !strcmp(w->token, token)) {
			w->used = false;
			return 0;
		}
	}
	return -XEN_ENOENT;
}

int xs_transaction_start(struct xs_store *s, uint16_t domid, uint32_t *id)
{
	unsigned int mine = 0;

	for (unsigned int i = 0; i < XS_MAX_TX; i++)
		mine += s->tx[i].id && s->tx[i].domid == domid;
	if (domid != XS_PRIV_DOMID && mine >= XS_TX_QUOTA)
		return -XEN_ENOSPC;
	for (unsigned int i = 0; i < XS_MAX_TX; i++) {
		struct xs_tx *t = &s->tx[i];

		if (t->id)
			continue;
		memset(t, 0, sizeof(*t));
		t->id = s->next_tx_id++;
		if (!s->next_tx_id)
			s->next_tx_id = 1;
		t->domid = domid;
		t->start_generation = s->generation;
		*id = t->id;
		return 0;
	}
	return -XEN_ENOSPC;
}

/* Something the transaction looked at changed since it began. */
static bool tx_conflicts(struct xs_store *s, const struct xs_tx *t)
{
	if (t->conflict_possible)
		return true;
	for (unsigned int i = 0; i < t->nr_reads; i++) {
		struct xs_node *n = find(s, t->read_paths[i]);

		if (n && n->generation > t->start_generation)
			return true;
	}
	return false;
}

/* Checks one write: permission on the node or its nearest existing
 * ancestor, and counts in *needed the nodes it would create. */
static int tx_check_write(struct xs_store *s, uint16_t domid, const struct xs_tx *t,
			  unsigned int i, unsigned int *needed)
{
	char path[XS_PATH_MAX], parent[XS_PATH_MAX];

	if (t->ops[i].value_len > XS_VALUE_MAX)
		return -XEN_E2BIG;
	strlcpy(path, t->ops[i].path, sizeof(path));
	for (;;) {
		enum tx_view view = tx_view_before(t, i, path);
		const struct xs_node *n = view == TX_STORE ? find(s, path) : NULL;

		if (view == TX_MADE)
			return 0;	/* that write was checked, and owns it */
		if (n)
			return perm_of(n, domid) & XS_PERM_WRITE ? 0 : -XEN_EACCES;
		if (!strcmp(path, "/"))
			return -XEN_ENOENT;	/* the root never goes */
		++*needed;
		parent_of(path, parent);
		strlcpy(path, parent, sizeof(path));
	}
}

/* Whether applying t can fail, decided before anything is applied, so a
 * commit is all or nothing, as in Xen's xenstored. Conservative about
 * room: nodes an earlier remove frees are not counted as free. */
static int tx_check_commit(struct xs_store *s, uint16_t domid, const struct xs_tx *t)
{
	unsigned int needed = 0, free_nodes = 0;

	for (unsigned int i = 0; i < t->nr_ops; i++) {
		const struct xs_tx_op *op = &t->ops[i];
		const struct xs_node *n;
		int rc;

		if (!op->remove) {
			if ((rc = tx_check_write(s, domid, t, i, &needed)))
				return rc;
			continue;
		}
		if (!strcmp(op->path, "/"))
			return -XEN_EINVAL;
		n = tx_view_before(t, i, op->path) == TX_STORE ? find(s, op->path) : NULL;
		if (n && !(perm_of(n, domid) & XS_PERM_WRITE))
			return -XEN_EACCES;
	}
	for (unsigned int i = 0; i < XS_MAX_NODES; i++)
		free_nodes += !s->nodes[i].used;
	if (needed > free_nodes ||
	    (domid != XS_PRIV_DOMID && owned_by(s, domid) + needed > XS_NODE_QUOTA))
		return -XEN_ENOSPC;
	return 0;
}

int xs_transaction_end(struct xs_store *s, uint16_t domid, uint32_t id,
		       bool commit)
{
	struct xs_tx *t = tx_of(s, domid, id);
	int rc = 0;

	if (!id || !t)
		return -XEN_ENOENT;
	if (commit && tx_conflicts(s, t))
		rc = -XEN_EAGAIN;
	if (commit && !rc)
		rc = tx_check_commit(s, domid, t);
	for (unsigned int i = 0; commit && !rc && i < t->nr_ops; i++) {
		const struct xs_tx_op *op = &t->ops[i];
		int r = op->remove ? do_rm(s, domid, op->path) :
			do_write(s, domid, op->path, op->value, op->value_len);

		if (r && !(op->remove && r == -XEN_ENOENT))
			rc = r;
	}
	t->id = 0;
	return rc;
}

void xs_reset_watches(struct xs_store *s, uint16_t domid)
{
	for (unsigned int i = 0; i < XS_MAX_WATCHES; i++)
		if (s->watches[i].domid == domid)
			s->watches[i].used = false;
}

void xs_release_domain(struct xs_store *s, uint16_t domid)
{
	xs_reset_watches(s, domid);
	for (unsigned int i = 0; i < XS_MAX_TX; i++)
		if (s->tx[i].domid == domid)
			s->tx[i].id = 0;
}
