/* SPDX-License-Identifier: GPL-2.0-only */
/* What the files of the xenstore tree share (store.c: nodes and the
 * operations on them; path.c; watch.c; transaction.c). Not for the
 * store's users: store.h is their interface. */
#ifndef XENSTORED_STORE_INTERNAL_H
#define XENSTORED_STORE_INTERNAL_H

#include "store.h"

#define DOMAIN_PREFIX "/local/domain/"

/* path.c */
/* "/a/b" -> "/a", "/a" -> "/". */
void xs_parent_of(const char *path, char *out);
/* Is `path` at or below `top`? */
bool xs_at_or_below(const char *top, const char *path);

/* store.c */
struct xs_node *xs_find(struct xs_store *s, const char *path);
/* What domid may do with node: XS_PERM_* bits. */
unsigned int xs_perm_of(const struct xs_node *node, uint16_t domid);
/* How many nodes domid owns. */
unsigned int xs_owned_by(struct xs_store *s, uint16_t domid);
/* The plain (non-transaction) write and remove of a canonical path. */
int xs_tree_write(struct xs_store *s, uint16_t domid, const char *path,
		  const char *value, size_t len);
int xs_tree_rm(struct xs_store *s, uint16_t domid, const char *path);

/* watch.c */
/* Tells every watcher at or above path that may read node. */
void xs_fire(struct xs_store *s, const char *path, const struct xs_node *node);
/* Tells the watchers of nodes strictly inside path, which is going. */
void xs_fire_inside(struct xs_store *s, const char *path);

/* transaction.c */
struct xs_tx *xs_tx_of(struct xs_store *s, uint16_t domid, uint32_t id);
/* Records that t read path (a commit after it changed is EAGAIN). */
void xs_tx_note_read(struct xs_tx *t, struct xs_store *s, const char *path);
/* What an earlier change of the transaction (before op i) left at path:
 * the latest write at or below it made it, the latest remove above it
 * took it away, or nothing touched it and the store decides. */
enum tx_view { TX_STORE, TX_MADE, TX_GONE };
enum tx_view xs_tx_view_before(const struct xs_tx *t, unsigned int i, const char *path);
/* Buffers a write (or, if remove, a removal) until the commit. */
int xs_tx_add(struct xs_tx *t, bool remove, const char *path,
	      const char *value, size_t len);
/* What a node is inside a transaction, its buffered operations replayed
 * in order over the store: Xen's transactions work on a copy of the tree,
 * where a write also creates its missing parents, empty. */
enum tx_node { TXN_STORE, TXN_ABSENT, TXN_EMPTY, TXN_WRITTEN };
enum tx_node xs_tx_node_state(const struct xs_tx *t, struct xs_store *s,
			      const char *path, const struct xs_tx_op **written);

#endif
