/* SPDX-License-Identifier: GPL-2.0-only */
/* Device nodes and cross-config checks (see devnodes.h). For a device of
 * kind K (vbd, vif), number N, of frontend domain F served by backend
 * domain B, as libxl writes them:
 *   /local/domain/F/device/K/N            owner F, read for B:
 *       backend, backend-id, state = 1, and the kind's own entries
 *   /local/domain/B/backend/K/F/N         owner B, read for F:
 *       frontend, frontend-id, online = 1, state = 1, and the kind's own
 * Parents come first and explicitly, with the permissions they would
 * inherit from the folders xenstored makes for every domain (device/ and
 * backend/, each the domain's own): device/K (owner F, nobody else),
 * backend/K and backend/K/F (owner B, nobody else). */
#include "devnodes.h"
#include <parvus/manifest.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_DOMID	(DEVNODES_FIRST_DOMID + 16)

struct out {
	char *buf;
	size_t size, len;
	unsigned int nodes;
	bool full;
	/* The parents written already, by domain id. */
	bool device_dir[2][MAX_DOMID], kind_dir[2][MAX_DOMID];
	bool pair_dir[2][MAX_DOMID][MAX_DOMID];
};

struct entry {
	const char *key;
	char value[XS_SEED_VALUE_MAX];
};

static const char *const kinds[2] = { "vbd", "vif" };

/* One node line: owner (nobody else) and a reader, if reader >= 0. */
static void add(struct out *o, int owner, int reader, const char *value, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void add(struct out *o, int owner, int reader, const char *value, const char *fmt, ...)
{
	struct xs_seed_node n = { .nr_perms = 1,
				  .perms = { { (uint16_t)owner, XS_SEED_PERM_NONE } } };
	va_list ap;
	size_t len;

	va_start(ap, fmt);
	vsnprintf(n.path, sizeof(n.path), fmt, ap);
	va_end(ap);
	snprintf(n.value, sizeof(n.value), "%s", value);
	if (reader >= 0)
		n.perms[n.nr_perms++] = (struct xs_seed_perm){ (uint16_t)reader,
							       XS_SEED_PERM_READ };
	if (++o->nodes > MANIFEST_MAX_NODES || o->full)
		return;
	len = xs_seed_format_node(o->buf, o->size, o->len, &n);
	if (len >= o->size)
		o->full = true;
	else
		o->len = len;
}

static void parents(struct out *o, int k, int f, int b)
{
	if (!o->device_dir[k][f])
		add(o, f, -1, "", "/local/domain/%d/device/%s", f, kinds[k]);
	if (!o->kind_dir[k][b])
		add(o, b, -1, "", "/local/domain/%d/backend/%s", b, kinds[k]);
	if (!o->pair_dir[k][b][f])
		add(o, b, -1, "", "/local/domain/%d/backend/%s/%d", b, kinds[k], f);
	o->device_dir[k][f] = o->kind_dir[k][b] = true;
	o->pair_dir[k][b][f] = true;
}

static void device(struct out *o, int k, int f, int b, unsigned long n,
		   const struct entry *fe, const struct entry *be)
{
	char fe_path[64], be_path[64], id[12];

	snprintf(fe_path, sizeof(fe_path), "/local/domain/%d/device/%s/%lu", f, kinds[k], n);
	snprintf(be_path, sizeof(be_path), "/local/domain/%d/backend/%s/%d/%lu", b, kinds[k],
		 f, n);
	parents(o, k, f, b);
	add(o, f, b, "", "%s", fe_path);
	add(o, f, b, be_path, "%s/backend", fe_path);
	snprintf(id, sizeof(id), "%d", b);
	add(o, f, b, id, "%s/backend-id", fe_path);
	add(o, f, b, "1", "%s/state", fe_path);
	for (; fe->key; fe++)
		add(o, f, b, fe->value, "%s/%s", fe_path, fe->key);
	add(o, b, f, "", "%s", be_path);
	add(o, b, f, fe_path, "%s/frontend", be_path);
	snprintf(id, sizeof(id), "%d", f);
	add(o, b, f, id, "%s/frontend-id", be_path);
	add(o, b, f, "1", "%s/online", be_path);
	add(o, b, f, "1", "%s/state", be_path);
	for (; be->key; be++)
		add(o, b, f, be->value, "%s/%s", be_path, be->key);
}

static int domid_of(const struct domain_config *cfgs, int nr, const char *name)
{
	for (int i = 0; i < nr; i++)
		if (!strcmp(cfgs[i].name, name))
			return DEVNODES_FIRST_DOMID + i;
	return -1;
}

void devices_image_name(int f, const struct disk_config *d, char *out, size_t size)
{
	snprintf(out, size, "vbd-%d-%lu", f, d->devnum);
}

void devices_params(int f, const struct disk_config *d, char *out, size_t size)
{
	char name[48];

	devices_image_name(f, d, name, sizeof(name));
	snprintf(out, size, "%s:%s", d->dd_pci ? "serial" : "image", name);
}

static void disk(struct out *o, int f, int b, const struct disk_config *d)
{
	struct entry fe[] = { { "virtual-device", "" }, { "device-type", "disk" }, { NULL, "" } };
	struct entry be[] = { { "dev", "" }, { "type", "phy" }, { "mode", "" }, { "params", "" },
			      { "removable", "0" }, { "bootable", "1" }, { NULL, "" } };

	snprintf(fe[0].value, sizeof(fe[0].value), "%lu", d->devnum);
	snprintf(be[0].value, sizeof(be[0].value), "%s", d->vdev);
	snprintf(be[2].value, sizeof(be[2].value), "%s", d->writable ? "w" : "r");
	devices_params(f, d, be[3].value, sizeof(be[3].value));
	device(o, 0, f, b, d->devnum, fe, be);
}

static void vif(struct out *o, int f, int b, const struct vif_config *v, unsigned int n)
{
	struct entry fe[] = { { "handle", "" }, { "mac", "" }, { NULL, "" } };
	struct entry be[] = { { "script", DEVNODES_VIF_SCRIPT }, { "mac", "" }, { "bridge", "" },
			      { "handle", "" }, { "type", "vif" }, { NULL, "" } };

	snprintf(fe[0].value, sizeof(fe[0].value), "%u", n);
	mac_format(v->mac, fe[1].value);
	strcpy(be[1].value, fe[1].value);
	snprintf(be[2].value, sizeof(be[2].value), "%s", v->bridge);
	strcpy(be[3].value, fe[0].value);
	device(o, 1, f, b, n, fe, be);
}

/* devices_check was not called first. */
static int no_backend(const char *name, char *why, size_t why_len)
{
	return snprintf(why, why_len, "backend=%s names no config", name), -1;
}

int devices_nodes(const struct domain_config *cfgs, int nr, char *buf, size_t size,
		  size_t *len, unsigned int *nr_nodes, char *why, size_t why_len)
{
	static struct out o;

	memset(&o, 0, sizeof(o));
	o.buf = buf;
	o.size = size;
	o.len = *len;
	for (int i = 0; i < nr && nr + DEVNODES_FIRST_DOMID <= MAX_DOMID; i++) {
		int f = DEVNODES_FIRST_DOMID + i, b;

		for (unsigned int j = 0; j < cfgs[i].nr_disks; j++) {
			if ((b = domid_of(cfgs, nr, cfgs[i].disks[j].backend)) < 0)
				return no_backend(cfgs[i].disks[j].backend, why, why_len);
			disk(&o, f, b, &cfgs[i].disks[j]);
		}
		for (unsigned int j = 0; j < cfgs[i].nr_vifs; j++) {
			if ((b = domid_of(cfgs, nr, cfgs[i].vifs[j].backend)) < 0)
				return no_backend(cfgs[i].vifs[j].backend, why, why_len);
			vif(&o, f, b, &cfgs[i].vifs[j], j);
		}
	}
	*nr_nodes = o.nodes;
	if (o.nodes > MANIFEST_MAX_NODES || o.full)
		return snprintf(why, why_len, "the devices need %u xenstore nodes; a boot "
				"manifest carries at most %d", o.nodes, MANIFEST_MAX_NODES), -1;
	*len = o.len;
	return 0;
}

/* ---- checks across configs ---- */

static int check_backend(const struct domain_config *cfgs, int nr, int i, const char *name,
			 unsigned int line, const char *file, char *why, size_t why_len)
{
	int b = domid_of(cfgs, nr, name);

	if (b < 0)
		return snprintf(why, why_len, "%s:%u: backend=%s names no driver domain among "
				"the configs", file, line, name), -1;
	if (b == DEVNODES_FIRST_DOMID + i)
		return snprintf(why, why_len, "%s:%u: backend=%s is this domain itself",
				file, line, name), -1;
	return 0;
}

/* Another vif with vif j of config i's MAC that keeps it: one given by
 * mac= earlier (or, for a made MAC, anywhere), or one made earlier (a
 * made MAC is made again, never one given). */
static const struct vif_config *mac_clash(const struct domain_config *cfgs, int nr, int i,
					  unsigned int j, int *owner)
{
	const struct vif_config *v = &cfgs[i].vifs[j];

	for (int c = 0; c < nr; c++)
		for (unsigned int k = 0; k < cfgs[c].nr_vifs; k++) {
			const struct vif_config *o = &cfgs[c].vifs[k];
			bool earlier = c < i || (c == i && k < j);

			if (o == v || memcmp(o->mac, v->mac, 6) ||
			    (o->mac_generated && !earlier) ||
			    (!v->mac_generated && (o->mac_generated || !earlier)))
				continue;
			*owner = c;
			return o;
		}
	return NULL;
}

static int check_mac(struct domain_config *cfgs, const char *const *files, int nr, int i,
		     unsigned int j, char *why, size_t why_len)
{
	struct vif_config *v = &cfgs[i].vifs[j];
	const struct vif_config *other;
	unsigned int salt = 1;
	char mac[18];
	int c;

	while ((other = mac_clash(cfgs, nr, i, j, &c))) {
		if (!v->mac_generated) {
			mac_format(v->mac, mac);
			return snprintf(why, why_len, "%s:%u: vif mac=%s is also a vif's of "
					"%s (%s:%u)", files[i], v->line, mac, cfgs[c].name,
					files[c], other->line), -1;
		}
		mac_generate(cfgs[i].name, j, salt++, v->mac);
	}
	return 0;
}

int devices_check(struct domain_config *cfgs, const char *const *files, int nr,
		  char *why, size_t why_len)
{
	for (int i = 0; i < nr; i++) {
		for (unsigned int j = 0; j < cfgs[i].nr_disks; j++)
			if (check_backend(cfgs, nr, i, cfgs[i].disks[j].backend,
					  cfgs[i].disks[j].line, files[i], why, why_len))
				return -1;
		for (unsigned int j = 0; j < cfgs[i].nr_vifs; j++)
			if (check_backend(cfgs, nr, i, cfgs[i].vifs[j].backend,
					  cfgs[i].vifs[j].line, files[i], why, why_len) ||
			    check_mac(cfgs, files, nr, i, j, why, why_len))
				return -1;
	}
	return 0;
}
