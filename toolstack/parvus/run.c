/* SPDX-License-Identifier: GPL-2.0-only */
/* `parvus run` (see run.h). Nothing is started until every config and
 * image has been checked; the temporary folder and QEMU never outlive
 * the command, whatever ends it (exit, timeout, Ctrl-C). */
#include "run.h"
#include "config.h"
#include "cpio.h"
#include "dd.h"
#include "ddpci.h"
#include "devnodes.h"
#include "image.h"
#include <parvus/manifest.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_DOMAINS	16
#define QEMU_EXIT_CLEAN	33	/* isa-debug-exit: (status << 1) | 1 */
#define QEMU_EXIT_GUEST	35
#define QEMU_EXIT_PANIC	37

/* The xenstore domain's memory (module 1), as in the test manifests. */
#define XENSTORE_MIB	16
/* QEMU's RAM holds, besides every domain's memory, the unpacked kernels
 * and the ramdisks (boot modules, counted apart: parvus bench's I/O guest
 * has 40 MiB of one), what the hypervisor keeps for itself: the first MiB
 * and its image (below 4 MiB); per machine frame a page_info and an M2P
 * entry (32 bytes, under 1% of RAM); its heap (1/64 of RAM: domain
 * structures, each domain's frame list); and the small boot modules
 * (manifest, xenstored). A fixed amount: enough up to about 2 GiB of
 * domain memory, past which the per-frame share outgrows it. */
#define HYPERVISOR_HEADROOM_MIB	64

struct bundle {
	char dir[64];
	char manifest[128];
	char kernels[MAX_DOMAINS][128];
	char ramdisks[MAX_DOMAINS][128];	/* a DD's, with the images it serves */
	struct domain_config cfg[MAX_DOMAINS];
	const char *paths[MAX_DOMAINS];	/* each config's file, for messages */
	const char *role[MAX_DOMAINS];	/* "driver" (dd.h), "pciback" or NULL */
	int builtin;			/* the built-in DD's index, or -1 */
	bool dd_pci;			/* --dd-devices=pci (default): its devices, plan */
	struct ddpci_plan plan;
	int nr;
	unsigned long module_mib;
	/* The devices' xenstore nodes, as manifest node lines. */
	char nodes[MANIFEST_MAX_NODES * XS_SEED_NODE_LINE_MAX];
	size_t nodes_len;
	unsigned int nr_nodes;
};

static volatile sig_atomic_t qemu_pid, stop_signal;

/* dst (128 bytes) = the bundle folder / name (a format taking n). */
static void bundle_path(const struct bundle *b, char *dst, const char *name, int n)
{
	char file[32], path[128];

	snprintf(file, sizeof(file), name, n);
	snprintf(path, sizeof(path), "%s/%s", b->dir, file);
	memcpy(dst, path, sizeof(path));
}

static void on_signal(int sig)
{
	stop_signal = sig;
	if (qemu_pid > 0)
		kill(qemu_pid, SIGTERM);
}

static int read_text(const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096;

	if (!f)
		return -1;
	*text = malloc(cap);
	*len = 0;
	while (*text) {
		size_t n = fread(*text + *len, 1, cap - *len, f);

		*len += n;
		if (*len < cap)
			break;
		if (cap >= (1u << 20))	/* no config is that big */
			break;
		cap *= 2;
		*text = realloc(*text, cap);
	}
	fclose(f);
	return *text ? 0 : -1;
}

static int load_config(const char *path, struct domain_config *cfg)
{
	char why[600], *text;
	size_t len;
	int rc;

	if (read_text(path, &text, &len)) {
		fprintf(stderr, "parvus: %s: %s\n", path, strerror(errno));
		return -1;
	}
	rc = config_parse(path, text, len, cfg, why, sizeof(why));
	free(text);
	if (rc)
		fprintf(stderr, "parvus: %s\n", why);
	return rc;
}

static uint64_t ramdisk_size(const struct domain_config *c)
{
	struct stat st;

	return c->ramdisk[0] && !stat(c->ramdisk, &st) ? (uint64_t)st.st_size : 0;
}

/* The kernel as the hypervisor wants it: an ELF file in the bundle, which
 * the builder's own check accepts for the config's memory and ramdisk. */
static int stage_kernel(struct bundle *b, int i, const char *cfg_path)
{
	struct kernel_image img;
	char why[300];
	FILE *f;

	fprintf(stderr, "parvus: %s: reading kernel %s\n", b->cfg[i].name, b->cfg[i].kernel);
	if (image_load(b->cfg[i].kernel, &img, why, sizeof(why))) {
		fprintf(stderr, "parvus: %s: kernel: %s\n", cfg_path, why);
		return -1;
	}
	if (!img.bootable) {
		fprintf(stderr, "parvus: %s: kernel %s: Parvus cannot boot it: %s\n",
			cfg_path, b->cfg[i].kernel, img.why_not);
		image_free(&img);
		return -1;
	}
	if (image_xen_fits(&img, b->cfg[i].memory_mib, ramdisk_size(&b->cfg[i]), why,
			   sizeof(why))) {
		fprintf(stderr, "parvus: %s: kernel %s: Parvus cannot build it with "
			"memory = %lu: %s\n", cfg_path, b->cfg[i].kernel,
			b->cfg[i].memory_mib, why);
		image_free(&img);
		return -1;
	}
	if (img.bzimage)
		fprintf(stderr, "parvus: %s: unpacked %s payload (%zu -> %zu bytes)\n",
			b->cfg[i].name, compression_name(img.comp), img.payload_len, img.elf_len);
	bundle_path(b, b->kernels[i], "kernel-%d.elf", i);
	f = fopen(b->kernels[i], "wb");
	if (!f || fwrite(img.elf, 1, img.elf_len, f) != img.elf_len || fclose(f)) {
		fprintf(stderr, "parvus: %s: cannot write %s\n", b->cfg[i].name, b->kernels[i]);
		image_free(&img);
		return -1;
	}
	b->module_mib += img.elf_len >> 20;
	image_free(&img);
	return 0;
}

static int check_ramdisk(const struct bundle *b, int i, const char *cfg_path)
{
	struct stat st;

	if (!b->cfg[i].ramdisk[0])
		return 0;
	if (stat(b->cfg[i].ramdisk, &st) || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "parvus: %s: ramdisk %s: %s\n", cfg_path, b->cfg[i].ramdisk,
			errno ? strerror(errno) : "not a regular file");
		return -1;
	}
	return 0;
}

/* Where each disk's image is: same device and inode, same image. */
struct image_id {
	dev_t dev;
	ino_t ino;
	int cfg;
	const struct disk_config *disk;
};

/* A disk's image: there, readable, writable if access=rw (by its mode
 * bits too: we run as root in the tests, where access() says yes to
 * anything), whole MiB (1 to 65536: the driver domain's ram:MIB disk);
 * its size noted for `params`. */
static int check_image(struct disk_config *d, const char *cfg_path, struct stat *st)
{
	const char *t = d->target;
	int fd;
	off_t end;

	if (stat(t, st))
		return fprintf(stderr, "parvus: %s:%u: disk image %s: %s\n", cfg_path, d->line, t,
			       strerror(errno)), -1;
	if (!S_ISREG(st->st_mode) && !S_ISBLK(st->st_mode))
		return fprintf(stderr, "parvus: %s:%u: disk image %s: not a file or block "
			       "device\n", cfg_path, d->line, t), -1;
	if (access(t, R_OK) || !(st->st_mode & 0444) || (fd = open(t, O_RDONLY)) < 0)
		return fprintf(stderr, "parvus: %s:%u: disk image %s: cannot be read\n",
			       cfg_path, d->line, t), -1;
	end = lseek(fd, 0, SEEK_END);
	close(fd);
	if (d->writable && (access(t, W_OK) || !(st->st_mode & 0222)))
		return fprintf(stderr, "parvus: %s:%u: disk image %s is read-only, but "
			       "access=rw (give access=ro)\n", cfg_path, d->line, t), -1;
	if (end <= 0 || end % (1 << 20) || end > (65536LL << 20))
		return fprintf(stderr, "parvus: %s:%u: disk image %s: %lld bytes, not a whole "
			       "number of MiB from 1 to 65536 (the driver domain's disk is "
			       "sized in MiB)\n", cfg_path, d->line, t, (long long)end), -1;
	d->size = (uint64_t)end;
	return 0;
}

/* Every disk's image, and no image given rw to two disks (xl's block
 * script refuses that too: a writer must be an image's only user). */
static int check_images(struct bundle *b)
{
	const char *const *configs = b->paths;
	static struct image_id seen[MAX_DOMAINS * CFG_MAX_DISKS];
	unsigned int n = 0;
	struct stat st;

	for (int i = 0; i < b->nr; i++)
		for (unsigned int j = 0; j < b->cfg[i].nr_disks; j++) {
			struct disk_config *d = &b->cfg[i].disks[j];

			if (check_image(d, configs[i], &st))
				return -1;
			for (unsigned int k = 0; k < n; k++) {
				const struct image_id *o = &seen[k];

				if (o->dev != st.st_dev || o->ino != st.st_ino ||
				    (!d->writable && !o->disk->writable))
					continue;
				fprintf(stderr, "parvus: %s:%u: disk image %s is also %s's disk "
					"(%s:%u); an image given rw may have no other user\n",
					configs[i], d->line, d->target, b->cfg[o->cfg].name,
					configs[o->cfg], o->disk->line);
				return -1;
			}
			seen[n++] = (struct image_id){ st.st_dev, st.st_ino, i, d };
		}
	return 0;
}

/* The checks across configs, then the device nodes (which may not fit). */
static int check_devices(struct bundle *b)
{
	char why[400];

	if (devices_check(b->cfg, b->paths, b->nr, why, sizeof(why)) ||
	    devices_nodes(b->cfg, b->nr, b->nodes, sizeof(b->nodes), &b->nodes_len,
			  &b->nr_nodes, why, sizeof(why))) {
		fprintf(stderr, "parvus: %s\n", why);
		return -1;
	}
	if (b->dd_pci &&
	    (ddpci_nodes(&b->plan, DEVNODES_FIRST_DOMID + b->builtin, DD_BUILTIN_NAME,
			 DEVNODES_FIRST_DOMID + b->nr - 1, b->nodes, sizeof(b->nodes),
			 &b->nodes_len, &b->nr_nodes) || b->nr_nodes > MANIFEST_MAX_NODES)) {
		fprintf(stderr, "parvus: the devices and the driver domain's PCI devices need "
			"%u xenstore nodes; a boot manifest carries at most %d\n", b->nr_nodes,
			MANIFEST_MAX_NODES);
		return -1;
	}
	return 0;
}

/* Module 0 the manifest, 1 xenstored, then each kernel and ramdisk. */
static int write_manifest(struct bundle *b)
{
	FILE *f;
	int module = 2;

	bundle_path(b, b->manifest, "manifest", 0);
	f = fopen(b->manifest, "w");
	if (!f)
		return -1;
	fprintf(f, "parvus-manifest 1\ndomain name=xenstore memory=%d kernel=1 "
		"role=xenstore\n", XENSTORE_MIB);
	for (int i = 0; i < b->nr; i++) {
		const struct domain_config *c = &b->cfg[i];

		fprintf(f, "domain name=%s memory=%lu weight=%u kernel=%d", c->name,
			c->memory_mib, c->weight, module++);
		if (c->ramdisk[0])
			fprintf(f, " ramdisk=%d", module++);
		if (c->grant_frames)
			fprintf(f, " grant_frames=%u", c->grant_frames);
		if (c->maptrack_frames)
			fprintf(f, " maptrack_frames=%u", c->maptrack_frames);
		if (b->role[i])
			fprintf(f, " role=%s", b->role[i]);
		if (c->restart_on_crash)
			fprintf(f, " on_crash=restart");
		if (c->restart_on_reboot)
			fprintf(f, " on_reboot=restart");
		if (b->dd_pci && i == b->builtin)
			fprintf(f, " pci=%s", b->plan.pci);
		fprintf(f, " cmdline=\"%s\"\n", c->cmdline);
	}
	if (b->nodes_len)
		fprintf(f, "# the devices' xenstore nodes (%u)\n", b->nr_nodes);
	fwrite(b->nodes, 1, b->nodes_len, f);
	return fclose(f);
}

static void remove_bundle(struct bundle *b)
{
	for (int i = 0; i < b->nr; i++) {
		if (b->kernels[i][0])
			unlink(b->kernels[i]);
		if (b->ramdisks[i][0])
			unlink(b->ramdisks[i]);
	}
	if (b->manifest[0])
		unlink(b->manifest);
	rmdir(b->dir);
}

/* QEMU's -initrd list: modules separated by commas, a comma inside a
 * name or command line doubled, as QEMU's multiboot loader wants. */
static void append_module(char *list, size_t size, const char *path)
{
	size_t n = strlen(list);

	if (n && n + 1 < size)
		list[n++] = ',';
	for (const char *s = path; *s && n + 2 < size; s++) {
		list[n++] = *s;
		if (*s == ',')
			list[n++] = ',';
	}
	list[n] = '\0';
}

#define QEMU_MAX_ARGS	96

/* QEMU's command line for the bundle, into argv (NULL-terminated); the
 * strings are static. */
static void qemu_argv(const struct run_options *o, const struct bundle *b, const char **argv)
{
	static char modules[8192], hv[512], mem[32], serial[600], append[512];
	static char xs[512], pci_args[DDPCI_MAX_DEVICES * 2 * (2 * DEV_PATH_MAX + 128) +
								 HOSTFWD_MAX * (HOSTFWD_LEN + GUESTFWD_LEN)];
	unsigned long mib = HYPERVISOR_HEADROOM_MIB + XENSTORE_MIB + b->module_mib;
	int n = 0;

	modules[0] = '\0';
	snprintf(hv, sizeof(hv), "%s/parvus.elf", o->bindir);
	snprintf(xs, sizeof(xs), "%s/xenstored.elf", o->bindir);
	append_module(modules, sizeof(modules), b->manifest);
	append_module(modules, sizeof(modules), xs);
	for (int i = 0; i < b->nr; i++) {
		append_module(modules, sizeof(modules), b->kernels[i]);
		if (b->cfg[i].ramdisk[0])
			append_module(modules, sizeof(modules), b->cfg[i].ramdisk);
		mib += b->cfg[i].memory_mib + (unsigned long)(ramdisk_size(&b->cfg[i]) >> 20) +
		       (b->cfg[i].ramdisk[0] ? 1 : 0);
	}
	snprintf(mem, sizeof(mem), "%luM", mib);
	snprintf(serial, sizeof(serial), o->log ? "file:%s" : "stdio", o->log);
	static const char *const fixed[] = {
		"qemu-system-x86_64", "-accel", NULL, "-cpu", NULL, "-m", NULL,
		"-nodefaults", "-no-user-config", "-display", "none", "-monitor", "none",
		"-serial", NULL, "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
		"-kernel", NULL, "-append", NULL, "-initrd", NULL,
	};
	for (unsigned int i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		argv[n++] = fixed[i];
	argv[2] = o->accel;
	argv[4] = strcmp(o->accel, "kvm") ? "qemu64" : "host";
	argv[6] = mem;
	argv[14] = serial;
	argv[19] = hv;
	snprintf(append, sizeof(append), "%s%s%s",
		 isatty(0) && !o->log && !o->dry_run ? "console=interactive" : "",
		 isatty(0) && !o->log && !o->dry_run && o->append ? " " : "",
		 o->append ? o->append : "");
	argv[21] = append;
	argv[23] = modules;
	argv[n] = NULL;
	if (b->dd_pci)	/* the plan's arguments fit QEMU_MAX_ARGS: 4 per device */
		ddpci_qemu_args(&b->plan, argv, &n, QEMU_MAX_ARGS - 3, pci_args, sizeof(pci_args));
	if (o->icount) {
		argv[n++] = "-icount";
		argv[n++] = "shift=0,sleep=off";
		argv[n] = NULL;
	}
}

static void exec_qemu(const struct run_options *o, const struct bundle *b)
{
	const char *argv[QEMU_MAX_ARGS];

	qemu_argv(o, b, argv);
	execvp(argv[0], (char *const *)argv);
	fprintf(stderr, "parvus: cannot start qemu-system-x86_64: %s\n", strerror(errno));
	_exit(127);
}

static int exit_status_of(int status, bool timed_out)
{
	if (timed_out)
		return 3;
	if (stop_signal) {	/* QEMU exits 0 on our SIGTERM: not a clean end */
		fprintf(stderr, "parvus: interrupted (signal %d); QEMU stopped\n", (int)stop_signal);
		return 3;
	}
	if (!WIFEXITED(status))
		return 1;
	switch (WEXITSTATUS(status)) {
	case QEMU_EXIT_CLEAN:	return 0;
	case QEMU_EXIT_GUEST:
	case QEMU_EXIT_PANIC:	return 1;
	default:		return 1;	/* QEMU itself failed */
	}
}

/* Runs QEMU, killing it at the timeout or on a signal. */
static int supervise(const struct run_options *o, const struct bundle *b)
{
	unsigned int waited = 0;
	bool timed_out = false;
	int status = 0;
	pid_t pid = fork();

	if (pid < 0) {
		fprintf(stderr, "parvus: fork: %s\n", strerror(errno));
		return 1;
	}
	if (!pid)
		exec_qemu(o, b);
	qemu_pid = pid;
	fprintf(stderr, "parvus: QEMU (%s) is running %d domain(s) and the xenstore domain%s\n",
		o->accel, b->nr, isatty(0) && !o->log ?
		"; Ctrl-A three times switches the console between them" : "");
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid || (r < 0 && errno != EINTR))
			break;
		if (o->timeout && waited >= o->timeout * 10u && !timed_out) {
			fprintf(stderr, "parvus: timed out after %u s; stopping QEMU\n", o->timeout);
			timed_out = true;
			kill(pid, SIGKILL);
		}
		usleep(100000);
		waited++;
	}
	qemu_pid = 0;
	return exit_status_of(status, timed_out);
}

/* n bytes of in (or zeros, if in is NULL) to out; -1 on a read or write
 * error, or when a signal asks us to stop. */
static int copy_bytes(FILE *in, FILE *out, uint64_t n)
{
	static char buf[1 << 16];

	memset(buf, 0, sizeof(buf));
	while (n && !stop_signal) {
		size_t chunk = n < sizeof(buf) ? (size_t)n : sizeof(buf);

		if ((in && fread(buf, 1, chunk, in) != chunk) || fwrite(buf, 1, chunk, out) != chunk)
			return -1;
		n -= chunk;
	}
	return stop_signal ? -1 : 0;
}

static int cpio_entry(FILE *out, const char *name, uint32_t mode, uint64_t size, uint32_t ino)
{
	char hdr[CPIO_HEADER_MAX];
	size_t len = cpio_header(hdr, name, mode, size, ino);

	return len && fwrite(hdr, 1, len, out) == len ? 0 : -1;
}

/* Disk d of config f, served by the DD: its image into the archive. */
static int archive_image(FILE *out, int f, const struct disk_config *d, uint32_t ino)
{
	char name[96], file[64];
	FILE *in;
	int rc;

	devices_image_name(DEVNODES_FIRST_DOMID + f, d, file, sizeof(file));
	snprintf(name, sizeof(name), "%s/%s", DD_IMAGE_DIR, file);
	in = fopen(d->target, "rb");
	if (!in)
		return -1;
	rc = cpio_entry(out, name, 0100600, d->size, ino) || copy_bytes(in, out, d->size) ||
	     copy_bytes(NULL, out, cpio_pad(d->size));
	fclose(in);
	return rc ? -1 : 0;
}

/* The DD's ramdisk, then (after zeros to a multiple of 4 bytes, which
 * Linux's unpacker skips) an uncompressed newc archive of every disk
 * image it serves: DD_IMAGE_DIR/vbd-F-N, as `params` names them. */
static int write_dd_ramdisk(struct bundle *b, int dd, FILE *out)
{
	uint64_t len = 0;
	uint32_t ino = 1;
	FILE *in;

	if (b->cfg[dd].ramdisk[0]) {
		if (!(in = fopen(b->cfg[dd].ramdisk, "rb")))
			return -1;
		len = ramdisk_size(&b->cfg[dd]);
		int rc = copy_bytes(in, out, len);

		fclose(in);
		if (rc || copy_bytes(NULL, out, cpio_pad(len)))
			return -1;
	}
	if (cpio_entry(out, DD_IMAGE_DIR, 0040755, 0, ino++))
		return -1;
	for (int f = 0; f < b->nr; f++)
		for (unsigned int j = 0; j < b->cfg[f].nr_disks; j++)
			if (!strcmp(b->cfg[f].disks[j].backend, b->cfg[dd].name) &&
			    archive_image(out, f, &b->cfg[f].disks[j], ino++))
				return -1;
	return cpio_entry(out, CPIO_TRAILER, 0, 0, 0);
}

/* Every DD that serves disks gets their images in its ramdisk: a new
 * one in the bundle, which its config then names. */
static int stage_dd_ramdisks(struct bundle *b)
{
	for (int i = 0; i < b->nr; i++) {
		FILE *f;
		int rc;

		if (!b->role[i] || strcmp(b->role[i], "driver") ||
		    (b->dd_pci && i == b->builtin) ||
		    !dd_images_mib(b->cfg, b->nr, b->cfg[i].name))
			continue;
		fprintf(stderr, "parvus: %s: copying the disk images it serves into its "
			"ramdisk (%lu MiB)\n", b->cfg[i].name,
			dd_images_mib(b->cfg, b->nr, b->cfg[i].name));
		bundle_path(b, b->ramdisks[i], "ramdisk-%d", i);
		f = fopen(b->ramdisks[i], "wb");
		rc = f ? write_dd_ramdisk(b, i, f) : -1;
		if (f && fclose(f))
			rc = -1;
		if (rc) {
			fprintf(stderr, "parvus: %s: cannot write its ramdisk %s: %s\n",
				b->cfg[i].name, b->ramdisks[i],
				stop_signal ? "interrupted" : strerror(errno));
			return -1;
		}
		snprintf(b->cfg[i].ramdisk, sizeof(b->cfg[i].ramdisk), "%s", b->ramdisks[i]);
	}
	return 0;
}

/* Config i (its file path) into the bundle: parsed, no '"' in its
 * command line, a name of its own, its ramdisk there. */
static int add_config(struct bundle *b, const char *path)
{
	int i = b->nr;

	if (i == MAX_DOMAINS) {
		fprintf(stderr, "parvus run: %s: more than %d domains\n", path, MAX_DOMAINS);
		return -1;
	}
	b->paths[i] = path;
	if (load_config(path, &b->cfg[i]))
		return -1;
	if (strchr(b->cfg[i].cmdline, '"')) {
		fprintf(stderr, "parvus: %s: cmdline may not contain '\"'\n", path);
		return -1;
	}
	for (int j = 0; j < i; j++)
		if (!strcmp(b->cfg[i].name, b->cfg[j].name)) {
			fprintf(stderr, "parvus: %s: name \"%s\" is also %s's\n", path,
				b->cfg[i].name, b->paths[j]);
			return -1;
		}
	if (check_ramdisk(b, i, path))
		return -1;
	b->nr++;
	return 0;
}

/* A file a built-in domain needs: there, or one line saying how to get it. */
static int builtin_file(const char *what, const char *path, const char *how)
{
	struct stat st;

	if (!stat(path, &st) && S_ISREG(st.st_mode))
		return 0;
	fprintf(stderr, "parvus: %s %s: %s (%s)\n", what, path,
		errno ? strerror(errno) : "not a file", how);
	return -1;
}

/* The built-in driver domain (dd.h), last: the first guest keeps the
 * console. Debian's kernel from the cache beside the build folder. */
static int add_builtin_dd(struct bundle *b, const char *bindir, const char *dd_ramdisk)
{
	static char kernel[CFG_PATH_MAX], ramdisk[CFG_PATH_MAX], text[4096];
	static const char name[] = "built-in driver domain";
	unsigned long images = b->dd_pci ? 0 : dd_images_mib(b->cfg, b->nr, DD_BUILTIN_NAME);
	char why[600];
	int i = b->nr;

	const char *slash = strrchr(bindir, '/');
	int root = slash && slash != bindir ? (int)(slash - bindir) : 1;

	/* The source tree is the build folder's parent. */
	snprintf(kernel, sizeof(kernel), "%.*s/cache/linux/vmlinuz", root, bindir);
	if (dd_ramdisk)
		snprintf(ramdisk, sizeof(ramdisk), "%s", dd_ramdisk);
	else
		snprintf(ramdisk, sizeof(ramdisk), "%s/linux/dd.cpio.gz", bindir);
	if (builtin_file("built-in driver domain: kernel", kernel,
			 "make linux-images fetches Debian's kernel; or give --driver-domain FILE") ||
	    builtin_file("built-in driver domain: ramdisk", ramdisk,
			 "make linux-images builds it; or give --driver-domain FILE"))
		return -1;
	if (images > DD_IMAGES_MAX_MIB) {
		fprintf(stderr, "parvus: the disk images of backend=%s total %lu MiB; the "
			"built-in driver domain holds them in its memory, at most %d MiB\n",
			DD_BUILTIN_NAME, images, DD_IMAGES_MAX_MIB);
		return -1;
	}
	if (i == MAX_DOMAINS) {
		fprintf(stderr, "parvus run: %d configs and the built-in driver domain: "
			"more than %d domains\n", i, MAX_DOMAINS);
		return -1;
	}
	if (dd_builtin_text(text, sizeof(text), kernel, ramdisk, images, b->dd_pci) < 0 ||
	    config_parse(name, text, strlen(text), &b->cfg[i], why, sizeof(why))) {
		fprintf(stderr, "parvus: %s: %s\n", name, why);
		return -1;
	}
	b->paths[i] = name;
	b->builtin = i;
	b->nr++;
	return 0;
}

/* --dd-devices=pci: the built-in DD's disks and NIC become virtio PCI
 * functions (ddpci.h), served to it by the pciback service domain, added
 * last. */
static int add_pci_devices(struct bundle *b, const char *bindir,
			   const struct ddpci_forwards *fwd)
{
	static char kernel[CFG_PATH_MAX], text[2048];
	static const char name[] = "pciback service domain";
	char why[600];
	int i = b->nr;

	if (b->builtin < 0) {
		fprintf(stderr, "parvus run: --dd-devices=pci is for the built-in driver domain, "
			"and no device names backend=%s without a config of that name\n",
			DD_BUILTIN_NAME);
		return -1;
	}
	if (ddpci_plan(b->cfg, b->nr, DD_BUILTIN_NAME, &b->plan, why, sizeof(why))) {
		fprintf(stderr, "parvus: %s\n", why);
		return -1;
	}
	if (ddpci_add_forwards(&b->plan, fwd, why, sizeof(why))) {
		fprintf(stderr, "parvus run: %s\n", why);
		return -1;
	}
	for (unsigned int k = 0; k < b->plan.nr_disks; k++)
		((struct disk_config *)b->plan.disks[k].disk)->dd_pci = true;
	snprintf(kernel, sizeof(kernel), "%s/pciback.elf", bindir);
	if (builtin_file("--dd-devices=pci: the pciback service domain's kernel", kernel,
			 "make pciback builds it"))
		return -1;
	if (i == MAX_DOMAINS) {
		fprintf(stderr, "parvus run: no room for the pciback service domain: more than "
			"%d domains\n", MAX_DOMAINS);
		return -1;
	}
	snprintf(text, sizeof(text), "name = \"pciback\"\nmemory = %d\nkernel = \"%s\"\n",
		 DDPCI_PCIBACK_MIB, kernel);
	if (config_parse(name, text, strlen(text), &b->cfg[i], why, sizeof(why))) {
		fprintf(stderr, "parvus: %s: %s\n", name, why);
		return -1;
	}
	b->paths[i] = name;
	b->role[i] = "pciback";
	b->nr++;
	return 0;
}

/* Every config (and the driver domain's), checked before anything is
 * made: 0, or -1 with the reason given. */
static int load_all(struct bundle *b, const struct run_options *o, int nr, char **configs)
{
	if (nr < 1 || nr > MAX_DOMAINS) {
		fprintf(stderr, "parvus run: give 1 to %d configs (see parvus run --help)\n", MAX_DOMAINS);
		return -1;
	}
	for (int i = 0; i < nr; i++)
		if (add_config(b, configs[i]))
			return -1;
	if (o->driver_domain && add_config(b, o->driver_domain))
		return -1;
	if (check_images(b))
		return -1;
	b->builtin = -1;
	b->dd_pci = o->dd_devices == DD_DEVICES_PCI ||
		    (o->dd_devices == DD_DEVICES_DEFAULT && !o->driver_domain &&
		     dd_builtin_wanted(b->cfg, b->nr));
	/* --driver-domain replaces the built-in DD, whatever it is called. */
	if (!o->driver_domain && dd_builtin_wanted(b->cfg, b->nr) && add_builtin_dd(b, o->bindir, o->dd_ramdisk))
		return -1;
	if ((o->fwd.nr_hostfwd || o->fwd.nr_guestfwd) && !b->dd_pci) {
		fprintf(stderr, "parvus run: --%s %s: only the built-in driver domain's user "
			"network has forwards (a device with backend=dd, --dd-devices=pci)\n",
			o->fwd.nr_hostfwd ? "hostfwd" : "guestfwd",
			o->fwd.nr_hostfwd ? o->fwd.hostfwd[0] : o->fwd.guestfwd[0]);
		return -1;
	}
	if (b->dd_pci && add_pci_devices(b, o->bindir, &o->fwd))
		return -1;
	for (int i = 0, n = 0; i < b->nr; i++) {
		if (dd_is_driver_domain(b->cfg, b->nr, i))
			b->role[i] = "driver";
		if (b->role[i] && !strcmp(b->role[i], "driver") &&
		    ++n > MANIFEST_MAX_DRIVER_DOMAINS) {
			fprintf(stderr, "parvus: %s: \"%s\" would be driver domain number %d "
				"(named by a backend=); at most %d\n", b->paths[i], b->cfg[i].name,
				n, MANIFEST_MAX_DRIVER_DOMAINS);
			return -1;
		}
	}
	if (check_devices(b))
		return -1;
	if (b->builtin >= 0)
		fprintf(stderr, "parvus: starting the built-in driver domain \"%s\" (%lu MiB) for "
			"backend=%s\n", DD_BUILTIN_NAME, b->cfg[b->builtin].memory_mib,
			DD_BUILTIN_NAME);
	return 0;
}

/* --dry-run: the manifest, then QEMU's command line, one word a line. */
static int print_plan(const struct run_options *o, const struct bundle *b)
{
	char *text;
	size_t len;

	if (read_text(b->manifest, &text, &len))
		return 2;
	const char *argv[QEMU_MAX_ARGS];

	fwrite(text, 1, len, stdout);
	free(text);
	qemu_argv(o, b, argv);
	fputs("qemu:", stdout);
	for (int i = 0; argv[i]; i++)
		printf(" %s", argv[i]);
	putchar('\n');
	fflush(stdout);
	return 0;
}

int run_domains(const struct run_options *o, int nr, char **configs)
{
	static struct bundle b;
	int rc = 2;

	if (load_all(&b, o, nr, configs))
		return 2;
	snprintf(b.dir, sizeof(b.dir), "%s/parvus-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(b.dir)) {
		fprintf(stderr, "parvus: cannot make a temporary folder: %s\n", strerror(errno));
		return 2;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (stage_dd_ramdisks(&b))
		goto out;
	for (int i = 0; i < b.nr; i++)
		if (stage_kernel(&b, i, b.paths[i]))
			goto out;
	if (write_manifest(&b)) {
		fprintf(stderr, "parvus: cannot write the boot manifest in %s\n", b.dir);
		goto out;
	}
	if (o->dry_run)
		rc = print_plan(o, &b);
	else
		rc = stop_signal ? 3 : supervise(o, &b);
out:
	remove_bundle(&b);
	return rc;
}
