/* SPDX-License-Identifier: GPL-2.0-only */
/* The xenstore tree (pure logic, no I/O): nodes with values and
 * permissions, watches, and transactions, with the semantics of Xen's
 * xenstored (docs/misc/xenstore.txt): paths are absolute or relative to
 * /local/domain/<domid>; a node's first permission names its owner and
 * everybody else's default; new nodes inherit their parent's permissions
 * with the writer as owner; a watch fires once when set and then for every
 * change at or below its path the watcher may read; a transaction commits
 * all of its changes or, if anything it touched changed meanwhile,
 * nothing (EAGAIN). Errors are negative Xen errno values. Fixed-size
 * pools, so it builds freestanding for the xenstore domain and hosted for
 * unit tests. */
#ifndef XENSTORED_STORE_H
#define XENSTORED_STORE_H

#include <parvus/types.h>

/* The longest canonical path, NUL included; a longer one is EINVAL, as
 * from Xen's is_valid_nodename (whose limit, the path-max quota, is 2048
 * bytes below /local/domain/<id>). Xen limits depth only through length,
 * and so do we: at most 127 components, and nothing here walks a path by
 * recursion (the xenstore domain has a 16 KiB stack). */
#define XS_PATH_MAX		256
#define XS_VALUE_MAX		1024
#define XS_MAX_PERMS		8
#define XS_TOKEN_MAX		64
#define XS_MAX_TX_OPS		32
/* What one unprivileged domain may hold, so that no guest can use up a
 * pool the others need (Xen's xenstored quotas, scaled down). */
#define XS_NODE_QUOTA		128	/* nodes it owns */
/* A driver domain's (the seed's "driver" flag, manifest role=driver):
 * Xen's default node quota for every domain. Its back ends write nodes
 * for every device they serve (a vbd back end is 16 nodes, a vif 22,
 * by InitWait; the toolstack's count in no quota, the rest in the DD's),
 * so 128 would stop a DD at about nine devices. At most
 * XS_MAX_DRIVER_DOMAINS (the manifest's MANIFEST_MAX_DRIVER_DOMAINS). */
#define XS_DD_NODE_QUOTA	1000
/* And Xen's default watch quota: a DD's back ends set two or three
 * watches per device (the frontend's state, blkback's physical-device,
 * netback's hotplug-status), so 32 stop it at about a dozen devices. */
#define XS_DD_WATCH_QUOTA	128
#define XS_MAX_DRIVER_DOMAINS	2
#define XS_WATCH_QUOTA		32	/* watches it set */
#define XS_TX_QUOTA		4	/* transactions it has open */
#define XS_PRIV_DOMID		0	/* the control domain: full access */
/* The most domains a store serves: as many as a boot manifest holds
 * (MANIFEST_MAX_DOMAINS), the xenstore domain among them. */
#define XS_MAX_DOMAINS		16
/* The pools hold every domain's full quota, so that a few domains taking
 * theirs cannot leave another without (Xen's xenstored has no shared
 * pool: it allocates up to each domain's quota). Nodes the toolstack
 * makes for a domain (main.c's seed_domain) belong to the control domain,
 * which has no quota: room for them besides, and for /, /local and
 * /local/domain. */
#define XS_TOOLSTACK_NODES	16	/* per domain */
/* The device nodes the toolstack decided (the seed's node lines, and the
 * parents they need): made at boot by xs_boot_node, owned by whichever
 * domain the toolstack named, yet counted in nobody's quota (Xen counts
 * them in the owner's, whose quota is 1000 nodes; ours is 128, and a
 * driver domain owns 10 or so per device it serves). The pool has room
 * for this many of them besides. */
#define XS_BOOT_NODES		640
#define XS_MAX_NODES		(XS_MAX_DOMAINS * (XS_NODE_QUOTA + XS_TOOLSTACK_NODES) + \
				 XS_MAX_DRIVER_DOMAINS * (XS_DD_NODE_QUOTA - XS_NODE_QUOTA) + \
				 XS_BOOT_NODES + 3)
#define XS_MAX_WATCHES		(XS_MAX_DOMAINS * XS_WATCH_QUOTA + \
				 XS_MAX_DRIVER_DOMAINS * (XS_DD_WATCH_QUOTA - XS_WATCH_QUOTA))
#define XS_MAX_TX		(XS_MAX_DOMAINS * XS_TX_QUOTA)

enum xs_perm_bits { XS_PERM_NONE = 0, XS_PERM_READ = 1, XS_PERM_WRITE = 2,
		    XS_PERM_BOTH = 3 };

struct xs_perm {
	uint16_t domid;
	uint8_t perm;
};

struct xs_node {
	bool used;
	char path[XS_PATH_MAX];
	char value[XS_VALUE_MAX];
	uint16_t value_len;
	struct xs_perm perms[XS_MAX_PERMS];
	uint8_t nr_perms;
	bool boot;		/* made by xs_boot_node: in no domain's quota */
	uint64_t generation;	/* store generation of the last change */
};

struct xs_watch {
	bool used;
	bool relative;		/* set relative to /local/domain/<domid>: */
				/* its events name relative paths, as in Xen */
	uint16_t domid;
	char path[XS_PATH_MAX];
	char token[XS_TOKEN_MAX];
};

struct xs_tx_op {
	bool remove;
	char path[XS_PATH_MAX];
	char value[XS_VALUE_MAX];
	uint16_t value_len;
};

struct xs_tx {
	uint32_t id;		/* 0 = free slot */
	uint16_t domid;
	uint64_t start_generation;
	bool conflict_possible;	/* touched a node changed since start */
	char read_paths[XS_MAX_TX_OPS][XS_PATH_MAX];
	unsigned int nr_reads;
	struct xs_tx_op ops[XS_MAX_TX_OPS];
	unsigned int nr_ops;
};

/* Called for each watch event: domid, watched token, changed path. */
typedef void (*xs_event_fn)(void *ctx, uint16_t domid, const char *path,
			    const char *token);

struct xs_store {
	struct xs_node nodes[XS_MAX_NODES];
	struct xs_watch watches[XS_MAX_WATCHES];
	struct xs_tx tx[XS_MAX_TX];
	uint64_t generation;
	unsigned int boot_nodes;	/* made by xs_boot_node, of XS_BOOT_NODES */
	uint16_t driver[XS_MAX_DRIVER_DOMAINS];	/* the driver domains */
	unsigned int nr_driver;
	uint32_t next_tx_id;
	xs_event_fn event;
	void *event_ctx;
};

void xs_init(struct xs_store *s, xs_event_fn event, void *ctx);

/* Canonical absolute path for a request of domid ("" or bad: -EINVAL). */
int xs_canonical(uint16_t domid, const char *in, char *out, size_t size);

int xs_read(struct xs_store *s, uint16_t domid, uint32_t tx, const char *path,
	    char *value, size_t size, size_t *len);
int xs_write(struct xs_store *s, uint16_t domid, uint32_t tx, const char *path,
	     const char *value, size_t len);
int xs_mkdir(struct xs_store *s, uint16_t domid, uint32_t tx, const char *path);
int xs_rm(struct xs_store *s, uint16_t domid, uint32_t tx, const char *path);
/* Child names, each NUL-terminated, into buf; *len is the total. */
int xs_directory(struct xs_store *s, uint16_t domid, uint32_t tx,
		 const char *path, char *buf, size_t size, size_t *len);
int xs_get_perms(struct xs_store *s, uint16_t domid, const char *path,
		 struct xs_perm *perms, unsigned int *nr);
int xs_set_perms(struct xs_store *s, uint16_t domid, const char *path,
		 const struct xs_perm *perms, unsigned int nr);
int xs_watch(struct xs_store *s, uint16_t domid, const char *path,
	     const char *token);
int xs_unwatch(struct xs_store *s, uint16_t domid, const char *path,
	       const char *token);
int xs_transaction_start(struct xs_store *s, uint16_t domid, uint32_t *id);
int xs_transaction_end(struct xs_store *s, uint16_t domid, uint32_t id,
		       bool commit);
/* The toolstack's node at boot (a seed's node line), before any domain
 * is served: path (absolute) and its missing parents are made as the
 * control domain would make them, then path gets value and exactly
 * perms. Nodes made so count in no quota; at most XS_BOOT_NODES of
 * them (-ENOSPC past it, nothing made). -EINVAL for a bad path or perms. */
int xs_boot_node(struct xs_store *s, const char *path, const char *value,
		 size_t len, const struct xs_perm *perms, unsigned int nr);
/* domid is a driver domain: its node quota is XS_DD_NODE_QUOTA, its
 * watch quota XS_DD_WATCH_QUOTA. 0, or
 * -EINVAL for the control domain, -ENOSPC past XS_MAX_DRIVER_DOMAINS
 * (the pool holds only that many). Again for the same domid: 0. */
int xs_set_driver_domain(struct xs_store *s, uint16_t domid);
/* The nodes domid may own: XS_NODE_QUOTA, or a driver domain's. */
unsigned int xs_node_quota(const struct xs_store *s, uint16_t domid);
/* The watches it may set: XS_WATCH_QUOTA, or a driver domain's. */
unsigned int xs_watch_quota(const struct xs_store *s, uint16_t domid);
/* XS_RESET_WATCHES: every watch of domid goes. */
void xs_reset_watches(struct xs_store *s, uint16_t domid);
/* A domain went away: its watches and transactions go too. */
void xs_release_domain(struct xs_store *s, uint16_t domid);

#endif
