/* SPDX-License-Identifier: GPL-2.0-only */
/* Watches on the xenstore tree: set, removed, and fired for each change
 * a watcher may read (Xen's xenstored watch.c). */
#include "store_internal.h"
#include <parvus/string.h>
#include <parvus/xen.h>

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
void xs_fire(struct xs_store *s, const char *path, const struct xs_node *node)
{
	for (unsigned int i = 0; i < XS_MAX_WATCHES; i++) {
		struct xs_watch *w = &s->watches[i];

		if (!w->used || !xs_at_or_below(w->path, path))
			continue;
		if (node && !(xs_perm_of(node, w->domid) & XS_PERM_READ))
			continue;
		notify(s, w, path);
	}
}

/* Tells each watcher of a node strictly inside path, about to be removed,
 * that may read it (Xen's delnode_sub: MATCH_EXACT on each node that goes,
 * through watch_permitted). */
void xs_fire_inside(struct xs_store *s, const char *path)
{
	for (unsigned int i = 0; i < XS_MAX_WATCHES; i++) {
		struct xs_watch *w = &s->watches[i];
		const struct xs_node *gone;

		if (!w->used || !strcmp(w->path, path) || !xs_at_or_below(path, w->path))
			continue;
		gone = xs_find(s, w->path);
		if (gone && xs_perm_of(gone, w->domid) & XS_PERM_READ)
			notify(s, w, w->path);
	}
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
	if (domid != XS_PRIV_DOMID && mine >= xs_watch_quota(s, domid))
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

void xs_reset_watches(struct xs_store *s, uint16_t domid)
{
	for (unsigned int i = 0; i < XS_MAX_WATCHES; i++)
		if (s->watches[i].domid == domid)
			s->watches[i].used = false;
}
