/* SPDX-License-Identifier: GPL-2.0-only */
/* The boot manifest: a small text file, passed as the first boot module,
 * that tells the hypervisor which domains to build (pure parser in
 * hypervisor/boot/manifest.c, unit-tested). The host-side toolstack
 * writes it; tests write it by hand. Format, one domain per line:
 *
 *   parvus-manifest 1
 *   # comments and blank lines are ignored
 *   domain name=web memory=64 vcpus=1 kernel=1 ramdisk=2 cmdline="console=hvc0 quiet"
 *   domain name=store memory=16 kernel=3 role=xenstore weight=512
 *
 * role=driver marks a driver domain (one that serves other domains' disks
 * and vifs: the toolstack names it as their backend=); the hypervisor
 * only tells the xenstore domain, which gives it a larger node quota. At
 * most MANIFEST_MAX_DRIVER_DOMAINS of them.
 *
 * weight= is the domain's scheduling weight, as Xen's credit scheduler
 * takes it (1 to 65535, default 256): its time slice grows with it.
 * grant_frames= and maptrack_frames= are xl.cfg's max_grant_frames and
 * max_maptrack_frames (1 to 64; defaults 32 and 4, grant_table.h).
 * kernel= and ramdisk= are boot module numbers (the manifest is module 0).
 * Domain IDs are given in order from 1.
 *
 * PCI devices (parvus/pci.h): pci= gives a domain up to 8 devices, a
 * comma list of BB:DD.F (segment 0) or SSSS:BB:DD.F, each named once in
 * the whole manifest; their memory BARs become the frames it may map,
 * their I/O BARs its ports. role=pciback makes a domain (at most one) the
 * pciback service: it reaches the config space of every assigned device
 * through emulated conf1 ports, filtered. A device the machine does not
 * have is refused when the domains are built (hypervisor/boot/start.c).
 *
 *   domain name=dd memory=256 kernel=1 ramdisk=2 pci=00:04.0,00:05.0
 *   domain name=pciback memory=8 kernel=3 role=pciback
 *
 * on_crash=restart (xl.cfg's on_crash; the default is destroy) rebuilds a
 * domain that crashes (SHUTDOWN_crash or _watchdog, a fatal fault, the
 * console's kill key) with the same id, name, memory, modules, command
 * line, weight, role and devices, after a back-off if it keeps crashing
 * soon after starting (parvus/restart_policy.h). on_reboot=restart (xl's
 * default, ours is destroy) does the same when the domain asks for a
 * reboot (SHUTDOWN_reboot). Not for the xenstore domain.
 *
 *   domain name=dd memory=256 kernel=1 ramdisk=2 role=driver on_crash=restart
 *
 * The toolstack decides every xenstore node of the domains' devices (as
 * libxl writes them: device/vbd/..., backend/vif/...); the hypervisor
 * only carries them to the xenstore domain, which creates them before
 * serving anyone. One node per line, in the order they are to be made
 * (parents before children):
 *
 *   node /local/domain/2/device/vbd/51712/backend-id 1 perms=n2,r1
 *   node /local/domain/1/backend/vbd/2/51712/params ram:64 perms=n1,r2
 *
 * The fields are parvus/xenstore_seed.h's node line: the path, under
 * /local/domain/<domid>/, at most 127 bytes of xenstore's characters; the
 * value, printable ASCII, at most 255 bytes, bare, or "double quoted" with
 * \" and \\ its only escapes (values with blanks, quotes or backslashes,
 * and the empty value ""); perms= in xenstore's own form (n, r, w or b and
 * a domain id, comma-separated, at most 8; the first entry the owner and
 * everybody else's access). The path's domain must be one of this
 * manifest's; a perms= id may also be 0 (the toolstack, which owns
 * directories such as backend/). At most MANIFEST_MAX_NODES lines, and
 * only with a role=xenstore domain to make them. */
#ifndef PARVUS_MANIFEST_H
#define PARVUS_MANIFEST_H

#include <parvus/types.h>
#include <parvus/xenstore_seed.h>
#include <parvus/pci.h>

#define MANIFEST_MAGIC		"parvus-manifest 1"
#define MANIFEST_MAX_DOMAINS	16
#define MANIFEST_NAME_MAX	32
#define MANIFEST_CMDLINE_MAX	1024
#define MANIFEST_NO_MODULE	(-1)
#define MANIFEST_MAX_NODES	512
#define MANIFEST_MAX_DRIVER_DOMAINS	2

enum domain_role {
	ROLE_ORDINARY,
	ROLE_XENSTORE,
	ROLE_PCIBACK,
	ROLE_DRIVER,		/* a driver domain: xenstored's larger quota */
};

struct manifest_domain {
	char name[MANIFEST_NAME_MAX];
	unsigned long memory_mib;
	unsigned int vcpus;
	int kernel_module;
	int ramdisk_module;
	enum domain_role role;
	unsigned int weight;
	/* Grant-table limits (xl.cfg max_grant_frames, max_maptrack_frames);
	 * 0: the hypervisor's defaults. */
	unsigned int grant_frames, maptrack_frames;
	char cmdline[MANIFEST_CMDLINE_MAX];
	struct pci_bdf pci[PCI_MAX_PER_DOMAIN];	/* pci= */
	unsigned int nr_pci;
	bool restart_on_crash;			/* on_crash=restart */
	bool restart_on_reboot;			/* on_reboot=restart */
};

#define MANIFEST_DEFAULT_WEIGHT	256
#define MANIFEST_MAX_WEIGHT	65535

struct manifest {
	struct manifest_domain domains[MANIFEST_MAX_DOMAINS];
	unsigned int nr_domains;
	struct xs_seed_node nodes[MANIFEST_MAX_NODES];
	unsigned int nr_nodes;
};

/* True if the text starts like a manifest (rather than a kernel image). */
bool manifest_detect(const char *text, size_t len);

/* Parses len bytes (not NUL-terminated). nr_modules bounds the module
 * numbers. Returns 0, or -1 with "line N: reason" in why. */
int manifest_parse(const char *text, size_t len, unsigned int nr_modules,
		   struct manifest *m, char *why, size_t why_len);

#endif
