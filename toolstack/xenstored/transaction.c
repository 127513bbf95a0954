/* SPDX-License-Identifier: GPL-2.0-only */
/* Transactions on the xenstore tree: reads are recorded and changes
 * buffered until the end, which commits them all or, if anything the
 * transaction looked at changed meanwhile, none (EAGAIN). */
#include "store_internal.h"
#include <parvus/string.h>
#include <parvus/xen.h>

struct xs_tx *xs_tx_of(struct xs_store *s, uint16_t domid, uint32_t id)
{
	for (unsigned int i = 0; i < XS_MAX_TX; i++)
		if (s->tx[i].id == id && s->tx[i].domid == domid)
			return &s->tx[i];
	return NULL;
}

void xs_tx_note_read(struct xs_tx *t, struct xs_store *s, const char *path)
{
	struct xs_node *n = xs_find(s, path);

	if (n && n->generation > t->start_generation)
		t->conflict_possible = true;
	if (t->nr_reads < XS_MAX_TX_OPS)
		strlcpy(t->read_paths[t->nr_reads++], path, XS_PATH_MAX);
	else
		t->conflict_possible = true;	/* too much to track: retry */
}

enum tx_view xs_tx_view_before(const struct xs_tx *t, unsigned int i, const char *path)
{
	for (unsigned int j = i; j-- > 0;) {
		const struct xs_tx_op *op = &t->ops[j];

		if (op->remove && xs_at_or_below(op->path, path))
			return TX_GONE;
		if (!op->remove && xs_at_or_below(path, op->path))
			return TX_MADE;
	}
	return TX_STORE;
}

int xs_tx_add(struct xs_tx *t, bool remove, const char *path,
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

enum tx_node xs_tx_node_state(const struct xs_tx *t, struct xs_store *s,
			      const char *path, const struct xs_tx_op **written)
{
	enum tx_node state = TXN_STORE;
	bool in_store = xs_find(s, path) != NULL;

	for (unsigned int i = 0; i < t->nr_ops; i++) {
		const struct xs_tx_op *op = &t->ops[i];
		bool exists = state == TXN_EMPTY || state == TXN_WRITTEN ||
			      (state == TXN_STORE && in_store);

		if (op->remove && xs_at_or_below(op->path, path)) {
			state = TXN_ABSENT;
		} else if (!op->remove && !strcmp(op->path, path)) {
			state = TXN_WRITTEN;
			*written = op;
		} else if (!op->remove && xs_at_or_below(path, op->path) && !exists) {
			state = TXN_EMPTY;
		}
	}
	return state;
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
		struct xs_node *n = xs_find(s, t->read_paths[i]);

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
		enum tx_view view = xs_tx_view_before(t, i, path);
		const struct xs_node *n = view == TX_STORE ? xs_find(s, path) : NULL;

		if (view == TX_MADE)
			return 0;	/* that write was checked, and owns it */
		if (n)
			return xs_perm_of(n, domid) & XS_PERM_WRITE ? 0 : -XEN_EACCES;
		if (!strcmp(path, "/"))
			return -XEN_ENOENT;	/* the root never goes */
		++*needed;
		xs_parent_of(path, parent);
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
		n = xs_tx_view_before(t, i, op->path) == TX_STORE ? xs_find(s, op->path) : NULL;
		if (n && !(xs_perm_of(n, domid) & XS_PERM_WRITE))
			return -XEN_EACCES;
	}
	for (unsigned int i = 0; i < XS_MAX_NODES; i++)
		free_nodes += !s->nodes[i].used;
	if (needed > free_nodes ||
	    (domid != XS_PRIV_DOMID && xs_owned_by(s, domid) + needed > xs_node_quota(s, domid)))
		return -XEN_ENOSPC;
	return 0;
}

int xs_transaction_end(struct xs_store *s, uint16_t domid, uint32_t id,
		       bool commit)
{
	struct xs_tx *t = xs_tx_of(s, domid, id);
	int rc = 0;

	if (!id || !t)
		return -XEN_ENOENT;
	if (commit && tx_conflicts(s, t))
		rc = -XEN_EAGAIN;
	if (commit && !rc)
		rc = tx_check_commit(s, domid, t);
	for (unsigned int i = 0; commit && !rc && i < t->nr_ops; i++) {
		const struct xs_tx_op *op = &t->ops[i];
		int r = op->remove ? xs_tree_rm(s, domid, op->path) :
			xs_tree_write(s, domid, op->path, op->value, op->value_len);

		if (r && !(op->remove && r == -XEN_ENOENT))
			rc = r;
	}
	t->id = 0;
	return rc;
}
