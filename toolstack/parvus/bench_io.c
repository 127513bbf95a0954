/* SPDX-License-Identifier: GPL-2.0-only */
/* The I/O boots of `parvus bench` (see bench_io.h): parvus-pv through
 * `parvus run` with the built-in driver domain (blkfront and netfront to
 * blkback and netback on QEMU's virtio devices; the DD's initramfs adds
 * iperf3, the peer of the TCP row), qemu-full with virtio-blk and
 * virtio-net, qemu-emul with AHCI and e1000; the QEMU systems' TCP peer
 * is an iperf3 server on our 127.0.0.1, reached through QEMU's user
 * network (restrict=on) and `parvus connect`. */
#include "bench_io.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define IO_CONFIG	"io-bench.cfg"	/* parvus-pv's I/O guest, in out */
#define IO_PEER_CONFIG	"io-peer.cfg"	/* and its peer guest */

/* The iperf3 servers of the QEMU systems' TCP rows (one each: counted
 * runs boot them side by side, and a server takes one client at a time),
 * and their ports on 127.0.0.1. */
static pid_t iperf3_server[BENCH_NR_SYSTEMS];
static unsigned int iperf3_port[BENCH_NR_SYSTEMS];


/* The I/O rows under parvus run: the guest's config (prepare() wrote
 * it) with the built-in DD, whose initramfs adds iperf3. Its own timeout
 * ends it before boot_poll() would stop it. */
static void exec_parvus_io(const struct bench_options *o, const char *log)
{
	static char self[1100], cfg[1100], peer[1100], timeout[16];
	const char *argv[20] = { self, "run", "--accel", o->accel, "--timeout", timeout,
				 "--log", log, "--dd-ramdisk", o->dd_io_initrd,
				 "--append", "perfc=exit" };
	int n = 12;

	snprintf(self, sizeof(self), "%s/parvus", o->bindir);
	snprintf(cfg, sizeof(cfg), "%s/%s", o->out, IO_CONFIG);
	snprintf(peer, sizeof(peer), "%s/%s", o->out, IO_PEER_CONFIG);
	snprintf(timeout, sizeof(timeout), "%u", o->quick ? 540 : 2300);
	if (o->icount)
		argv[n++] = "--icount";
	argv[n++] = cfg;
	argv[n++] = peer;
	argv[n] = NULL;
	/* Its progress lines are not the log's: keep stdout and stderr. */
	execv(self, (char *const *)argv);
	_exit(127);
}

/* The I/O rows under QEMU: Debian's kernel with a scratch disk and a NIC
 * on the user network, virtio or emulated. */
static void exec_qemu_io(const struct bench_options *o, enum bench_system s, const char *log)
{
	static char serial[1100], append[256], drive[1100], netdev[1300];
	bool emul = s == SYS_QEMU_EMUL;

	snprintf(serial, sizeof(serial), "file:%s", log);
	snprintf(append, sizeof(append), "console=ttyS0 %s " IO_QEMU_WORDS " iomib=%d",
		 o->quick ? "quick" : "", IO_MIB(o));
	snprintf(drive, sizeof(drive), "file=%s/disk-%s.img,if=none,id=d0,format=raw",
		 o->out, bench_system_names[s]);
	snprintf(netdev, sizeof(netdev), "user,id=n0,restrict=on,"
		 "guestfwd=tcp:10.0.2.100:5201-cmd:%s/parvus connect %u", o->bindir, iperf3_port[s]);
	execlp("qemu-system-x86_64", "qemu-system-x86_64", "-accel", o->accel,
	       "-cpu", strcmp(o->accel, "kvm") ? "qemu64" : "host", "-m", "512M",
	       "-nodefaults", "-no-user-config", "-display", "none", "-monitor", "none",
	       "-serial", serial, "-no-reboot",
	       "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
	       "-kernel", o->kernel, "-append", append, "-initrd", o->io_initrd,
	       "-device", "ahci,id=ahci", "-drive", drive,
	       "-device", emul ? "ide-hd,bus=ahci.0,drive=d0" : "virtio-blk-pci,drive=d0",
	       "-netdev", netdev, "-device", emul ? "e1000,netdev=n0" : "virtio-net-pci,netdev=n0",
	       o->icount ? "-icount" : NULL, "shift=0,sleep=off", (char *)NULL);
	_exit(127);
}

void bench_io_exec(const struct bench_options *o, enum bench_system s, const char *log)
{
	if (s == SYS_PARVUS)
		exec_parvus_io(o, log);
	exec_qemu_io(o, s, log);
}

bool bench_io_runs(const struct bench_options *o, enum bench_system s)
{
	return (o->systems & (1u << s)) && (o->parts & (1u << PART_IO)) && bench_runs_part(s, PART_IO);
}

/* A scratch disk for system s's I/O guest: a sparse file. */
static int make_disk(const struct bench_options *o, enum bench_system s)
{
	char path[1100];
	int fd;

	snprintf(path, sizeof(path), "%s/disk-%s.img", o->out, bench_system_names[s]);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, (off_t)IO_DISK_MIB(o) << 20) || close(fd)) {
		fprintf(stderr, "parvus bench: cannot make %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* parvus-pv's I/O guest and its peer: xl.cfg for parvus run, their disk
 * and vifs served by the built-in driver domain. */
static int write_io_config(const struct bench_options *o)
{
	char path[1100];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", o->out, IO_CONFIG);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "# parvus bench's I/O guest (written by parvus bench)\n"
		"name = \"bench\"\nmemory = %d\nkernel = \"%s\"\nramdisk = \"%s\"\n"
		"extra = \"console=hvc0 %s " IO_PV_WORDS " iomib=%d\"\n"
		"disk = [ 'format=raw, vdev=xvda, access=rw, backend=dd, "
		"target=%s/disk-%s.img' ]\nvif = [ 'bridge=xenbr0, backend=dd' ]\n",
		BENCH_GUEST_MIB, o->kernel, o->io_initrd, o->quick ? "quick" : "", IO_MIB(o), o->out,
		bench_system_names[SYS_PARVUS]);
	if (fclose(f))
		return -1;
	snprintf(path, sizeof(path), "%s/%s", o->out, IO_PEER_CONFIG);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "# the I/O guest's peer guest (written by parvus bench)\n"
		"name = \"peer\"\nmemory = %d\nkernel = \"%s\"\nramdisk = \"%s\"\n"
		"extra = \"console=hvc0 " IO_PEER_WORDS "\"\n"
		"vif = [ 'bridge=xenbr0, backend=dd' ]\n", IO_PEER_MIB, o->kernel, o->io_initrd);
	return fclose(f);
}

/* What the I/O rows need: their initramfs (the DD's and dom0's iperf3
 * too), disks, the parvus-pv config. */
int bench_io_prepare(const struct bench_options *o)
{
	const char *need[3] = { o->io_initrd, o->dd_io_initrd, o->iperf3_initrd };

	for (int i = 0; i < 3; i++)
		if ((i == 0 || (i == 1 && bench_io_runs(o, SYS_PARVUS)) ||
		     (i == 2 && bench_io_runs(o, SYS_XEN_DOMU))) && access(need[i], R_OK)) {
			fprintf(stderr, "parvus bench: %s: %s (make linux-images builds it)\n",
				need[i], strerror(errno));
			return -1;
		}
	for (int s = 0; s < BENCH_NR_SYSTEMS; s++)
		if (bench_io_runs(o, s) && make_disk(o, s))
			return -1;
	if (bench_io_runs(o, SYS_PARVUS) && write_io_config(o)) {
		fprintf(stderr, "parvus bench: cannot write %s/%s\n", o->out, IO_CONFIG);
		return -1;
	}
	return 0;
}

/* The QEMU systems' TCP peers: an iperf3 server each on 127.0.0.1, on a
 * port free now. */
int bench_io_start_peers(const struct bench_options *o)
{
	for (int s = 0; s < BENCH_NR_SYSTEMS; s++) {
		if ((s != SYS_QEMU && s != SYS_QEMU_EMUL) || !bench_io_runs(o, s))
			continue;
		iperf3_port[s] = 20000 + (unsigned int)(getpid() * 7 + s * 101) % 20000;
		iperf3_server[s] = fork();
		if (iperf3_server[s] == 0) {
			char port[16];

			snprintf(port, sizeof(port), "%u", iperf3_port[s]);
			if (!freopen("/dev/null", "w", stdout))
				_exit(127);
			execlp("iperf3", "iperf3", "-s", "-B", "127.0.0.1", "-p", port, (char *)NULL);
			_exit(127);
		}
		if (iperf3_server[s] < 0) {
			fprintf(stderr, "parvus bench: cannot start iperf3: %s\n", strerror(errno));
			return -1;
		}
	}
	return 0;
}

void bench_io_stop(const struct bench_options *o)
{
	char path[1100];

	for (int s = 0; s < BENCH_NR_SYSTEMS; s++) {
		if (iperf3_server[s] > 0) {
			kill(iperf3_server[s], SIGTERM);
			waitpid(iperf3_server[s], NULL, 0);
		}
		/* The disks are scratch: up to 272 MiB each, written through. */
		snprintf(path, sizeof(path), "%s/disk-%s.img", o->out, bench_system_names[s]);
		if (bench_io_runs(o, s))
			unlink(path);
	}
}
