/* SPDX-License-Identifier: GPL-2.0-only */
/* The built-in driver domain's PCI devices (see ddpci.h): which, QEMU's
 * arguments for them, and the pci nodes of xen-pciback's protocol as
 * libxl writes them (libxl_pci.c: backend /local/domain/P/backend/pci/
 * D/0, owner P, read for D; frontend /local/domain/D/device/pci/0, owner
 * D, read for P; one dev-i, key-i, vdev-i, opts-i and state-i per
 * device, "passthrough" mode: the real BDF as vdev). */
#include "ddpci.h"
#include "devnodes.h"
#include <parvus/manifest.h>
#include <stdio.h>
#include <string.h>

#define PCI_OPTS	"msitranslate=0,power_mgmt=0,permissive=0,rdm_policy=strict"

int ddpci_plan(const struct domain_config *cfgs, int nr, const char *dd,
	       struct ddpci_plan *p, char *why, size_t why_len)
{
	size_t len = 0;

	memset(p, 0, sizeof(*p));
	for (int i = 0; i < nr; i++)
		for (unsigned int j = 0; j < cfgs[i].nr_disks; j++) {
			if (strcmp(cfgs[i].disks[j].backend, dd))
				continue;
			if (p->nr_disks == DDPCI_MAX_DEVICES - 1)
				return snprintf(why, why_len, "--dd-devices=pci: more than %d "
						"disks for the driver domain %s (with its NIC, "
						"at most %d PCI devices; --dd-devices=memory "
						"takes up to 512 MiB of images)",
						DDPCI_MAX_DEVICES - 1, dd, DDPCI_MAX_DEVICES), -1;
			p->disks[p->nr_disks] = (struct ddpci_disk){
				&cfgs[i].disks[j], DEVNODES_FIRST_DOMID + i,
				DDPCI_FIRST_DISK_SLOT + p->nr_disks };
			p->nr_disks++;
		}
	for (unsigned int k = 0; k < p->nr_disks; k++)
		len += (size_t)snprintf(p->pci + len, sizeof(p->pci) - len, "00:%02x.0,",
					p->disks[k].slot);
	snprintf(p->pci + len, sizeof(p->pci) - len, "00:%02x.0", DDPCI_NIC_SLOT);
	return 0;
}

int ddpci_add_forwards(struct ddpci_plan *p, const struct ddpci_forwards *f,
		       char *why, size_t why_len)
{
	if (f->nr_hostfwd > HOSTFWD_MAX || f->nr_guestfwd > HOSTFWD_MAX)
		return snprintf(why, why_len, "--%s: %u forwards; at most %d",
				f->nr_hostfwd > HOSTFWD_MAX ? "hostfwd" : "guestfwd",
				f->nr_hostfwd > HOSTFWD_MAX ? f->nr_hostfwd : f->nr_guestfwd,
				HOSTFWD_MAX), -1;
	for (unsigned int i = 0; i < f->nr_hostfwd; i++)
		if (hostfwd_parse(f->hostfwd[i], p->hostfwd[i], why, why_len))
			return -1;
	for (unsigned int i = 0; i < f->nr_guestfwd; i++)
		if (guestfwd_parse(f->guestfwd[i], f->parvus, p->guestfwd[i], why, why_len))
			return -1;
	p->nr_hostfwd = f->nr_hostfwd;
	p->nr_guestfwd = f->nr_guestfwd;
	return 0;
}

/* s with each comma doubled (QEMU's option syntax), into out. */
static int escape_commas(char *out, size_t size, const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		if (n + 3 > size)
			return -1;
		out[n++] = *s;
		if (*s == ',')
			out[n++] = ',';
	}
	out[n] = '\0';
	return 0;
}

/* Two arguments, the second made in buf at *used (formatted). */
static int push(const char **argv, int *n, int max, const char *flag, char *buf, size_t size,
		size_t *used, const char *value)
{
	size_t len = strlen(value) + 1;

	if (*n + 2 > max || *used + len > size)
		return -1;
	memcpy(buf + *used, value, len);
	argv[(*n)++] = flag;
	argv[(*n)++] = buf + *used;
	*used += len;
	return 0;
}

int ddpci_qemu_args(const struct ddpci_plan *p, const char **argv, int *n, int max,
		    char *buf, size_t size)
{
	char file[DEV_PATH_MAX * 2 + 1], arg[DEV_PATH_MAX * 2 + HOSTFWD_MAX * GUESTFWD_LEN], name[32];
	size_t used = 0, used_net;

	for (unsigned int k = 0; k < p->nr_disks; k++) {
		const struct ddpci_disk *d = &p->disks[k];

		if (escape_commas(file, sizeof(file), d->disk->target))
			return -1;
		snprintf(arg, sizeof(arg), "file=%s,if=none,id=disk%u,format=raw%s", file, k,
			 d->disk->writable ? "" : ",readonly=on");
		if (push(argv, n, max, "-drive", buf, size, &used, arg))
			return -1;
		devices_image_name(d->frontend, d->disk, name, sizeof(name));
		snprintf(arg, sizeof(arg), "virtio-blk-pci,drive=disk%u,disable-legacy=on,"
			 "addr=0x%x,serial=%s", k, d->slot, name);
		if (push(argv, n, max, "-device", buf, size, &used, arg))
			return -1;
	}
	used_net = (size_t)snprintf(arg, sizeof(arg), "user,id=net0,restrict=on");
	for (unsigned int k = 0; k < p->nr_hostfwd && used_net < sizeof(arg); k++)
		used_net += (size_t)snprintf(arg + used_net, sizeof(arg) - used_net, ",%s",
					     p->hostfwd[k]);
	for (unsigned int k = 0; k < p->nr_guestfwd && used_net < sizeof(arg); k++)
		used_net += (size_t)snprintf(arg + used_net, sizeof(arg) - used_net, ",%s",
					     p->guestfwd[k]);
	if (used_net >= sizeof(arg) || push(argv, n, max, "-netdev", buf, size, &used, arg))
		return -1;
	snprintf(arg, sizeof(arg), "virtio-net-pci,netdev=net0,disable-legacy=on,addr=0x%x",
		 DDPCI_NIC_SLOT);
	if (push(argv, n, max, "-device", buf, size, &used, arg))
		return -1;
	argv[*n] = NULL;
	return 0;
}

struct out {
	char *buf;
	size_t size, len;
	unsigned int nodes;
	bool full;
};

static void add(struct out *o, int owner, int reader, const char *value, const char *path)
{
	struct xs_seed_node n = { .nr_perms = 1,
				  .perms = { { (uint16_t)owner, XS_SEED_PERM_NONE } } };
	size_t len;

	snprintf(n.path, sizeof(n.path), "%s", path);
	snprintf(n.value, sizeof(n.value), "%s", value);
	if (reader >= 0)
		n.perms[n.nr_perms++] = (struct xs_seed_perm){ (uint16_t)reader,
							       XS_SEED_PERM_READ };
	o->nodes++;
	len = o->full ? o->size : xs_seed_format_node(o->buf, o->size, o->len, &n);
	if (len >= o->size)
		o->full = true;
	else
		o->len = len;
}

/* path = fmt's expansion, then the node. */
#define ADD(o, owner, reader, value, ...) do { \
		char p_[XS_SEED_PATH_MAX]; \
		snprintf(p_, sizeof(p_), __VA_ARGS__); \
		add(o, owner, reader, value, p_); \
	} while (0)

static void backend_devices(struct out *o, const struct ddpci_plan *p, int dd, int pb,
			    const char *be)
{
	char bdf[16], v[16];
	unsigned int n = p->nr_disks + 1;

	for (unsigned int i = 0; i < n; i++) {
		unsigned int slot = i < p->nr_disks ? p->disks[i].slot : DDPCI_NIC_SLOT;

		snprintf(bdf, sizeof(bdf), "0000:00:%02x.0", slot);
		ADD(o, pb, dd, bdf, "%s/dev-%u", be, i);
		ADD(o, pb, dd, bdf, "%s/key-%u", be, i);
		ADD(o, pb, dd, bdf, "%s/vdev-%u", be, i);
		ADD(o, pb, dd, PCI_OPTS, "%s/opts-%u", be, i);
		ADD(o, pb, dd, "1", "%s/state-%u", be, i);
	}
	snprintf(v, sizeof(v), "%u", n);
	ADD(o, pb, dd, v, "%s/num_devs", be);
}

int ddpci_nodes(const struct ddpci_plan *p, int dd, const char *dd_name, int pb,
		char *buf, size_t size, size_t *len, unsigned int *nr_nodes)
{
	struct out o = { .buf = buf, .size = size, .len = *len };
	char fe[64], be[64], id[12];

	snprintf(fe, sizeof(fe), "/local/domain/%d/device/pci/0", dd);
	snprintf(be, sizeof(be), "/local/domain/%d/backend/pci/%d/0", pb, dd);
	ADD(&o, dd, -1, "", "/local/domain/%d/device/pci", dd);
	ADD(&o, pb, -1, "", "/local/domain/%d/backend/pci", pb);
	ADD(&o, pb, -1, "", "/local/domain/%d/backend/pci/%d", pb, dd);
	add(&o, dd, pb, "", fe);
	ADD(&o, dd, pb, be, "%s/backend", fe);
	snprintf(id, sizeof(id), "%d", pb);
	ADD(&o, dd, pb, id, "%s/backend-id", fe);
	ADD(&o, dd, pb, "1", "%s/state", fe);
	add(&o, pb, dd, "", be);
	ADD(&o, pb, dd, fe, "%s/frontend", be);
	snprintf(id, sizeof(id), "%d", dd);
	ADD(&o, pb, dd, id, "%s/frontend-id", be);
	ADD(&o, pb, dd, "1", "%s/online", be);
	ADD(&o, pb, dd, dd_name, "%s/domain", be);
	backend_devices(&o, p, dd, pb, be);
	ADD(&o, pb, dd, "1", "%s/state", be);
	*nr_nodes += o.nodes;
	if (o.full)
		return -1;
	*len = o.len;
	return 0;
}
