/* SPDX-License-Identifier: GPL-2.0-only */
/* parvus: the toolstack CLI, in the spirit of xl.
 *   parvus run [--accel tcg|kvm] [--timeout SECONDS] [--log FILE]
 *              [--driver-domain FILE] [--dd-ramdisk FILE] [--dd-devices=memory|pci]
 *              [--icount] [--append WORDS] [--hostfwd SPEC]...
 *              [--guestfwd SPEC]... [--dry-run] CONFIG...
 *   parvus inspect IMAGE
 *   parvus bench [--quick] [--icount] [--runs N] [--out DIR] [--systems LIST]
 *                [--only cpu|io] ...
 *   parvus help [COMMAND]
 * Usage errors exit 2, like a bad config. */
#include "bench.h"
#include "bench_systems.h"
#include "image.h"
#include "connect.h"
#include "run.h"
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_main[] =
	"usage: parvus COMMAND [ARGS]\n"
	"\n"
	"Commands:\n"
	"  run CONFIG...     boot Parvus under QEMU with one domain per config\n"
	"  inspect IMAGE     what a kernel image is and whether Parvus can boot it\n"
	"  bench             the same guest workload under Parvus, QEMU and Xen\n"
	"  help [COMMAND]    this text, or a command's manual\n";

static const char usage_run[] =
	"NAME\n"
	"    parvus run - boot PV domains on the Parvus hypervisor under QEMU\n"
	"\n"
	"SYNOPSIS\n"
	"    parvus run [--accel tcg|kvm] [--timeout SECONDS] [--log FILE]\n"
	"               [--driver-domain FILE] [--dd-ramdisk FILE] [--dd-devices=memory|pci]\n"
	"               [--icount] [--append WORDS] [--hostfwd SPEC]... [--guestfwd SPEC]...\n"
	"               [--dry-run] CONFIG...\n"
	"\n"
	"DESCRIPTION\n"
	"    Boots the Parvus hypervisor under QEMU with the xenstore domain and one\n"
	"    PV domain per CONFIG. Every config and kernel image is checked before\n"
	"    anything starts. On a terminal the console is interactive (typed input\n"
	"    goes to one domain; Ctrl-A three times moves it to the next); otherwise\n"
	"    the console streams to standard output. Progress goes to standard error.\n"
	"\n"
	"    CONFIG uses xl.cfg syntax, one `key = value` per line:\n"
	"      name = \"web\"            required; letters, digits, _ . -\n"
	"      memory = 256             MiB (default 128)\n"
	"      vcpus = 1                one vCPU per domain for now\n"
	"      kernel = \"vmlinuz\"      ELF, or a Linux bzImage (gzip, xz, lzma,\n"
	"                               bzip2, lz4 or zstd payload); required\n"
	"      ramdisk = \"initrd.img\"\n"
	"      cmdline = \"...\"         or root = \"...\" and extra = \"...\", as in xl\n"
	"      cpu_weight = 256         scheduling weight, 1 to 65535\n"
	"      max_grant_frames = 32    grant table frames, 1 to 64 (default 32)\n"
	"      max_maptrack_frames = 4  grant mappings / 512, 1 to 64 (default 4)\n"
	"      type = \"pv\"             on_poweroff = \"destroy\"\n"
	"      on_crash = \"destroy\"     or \"restart\": rebuilt with the same domain\n"
	"                               id (the built-in driver domain restarts)\n"
	"      on_reboot = \"destroy\"    or \"restart\", the same on a reboot (xl's default)\n"
	"      disk = [ 'format=raw, vdev=xvda, access=rw, backend=dd, target=a.img' ]\n"
	"               xl's DISKSPEC (also 'a.img,raw,xvda,rw,backend=dd'); up to 16;\n"
	"               vdev xvdX, hdX (a-d) or sdX (a-p), with a partition or not;\n"
	"               raw images, backendtype=phy, devtype=disk; no script=\n"
	"      vif = [ 'mac=00:16:3e:01:02:03, bridge=xenbr0, backend=dd' ]\n"
	"               up to 8; no mac= makes one from the name and the vif's index\n"
	"    backend= names the driver domain (DD) that serves the device: Parvus\n"
	"    has no dom0. backend=dd with no CONFIG named dd starts the built-in DD:\n"
	"    Debian's kernel (cache/linux/vmlinuz) and build/linux/dd.cpio.gz, both\n"
	"    from `make linux-images`, 128 MiB; or give your own DD as a CONFIG,\n"
	"    or as --driver-domain FILE. parvus run writes each device's xenstore\n"
	"    nodes as libxl does, and the DD sets it up. The built-in DD drives\n"
	"    QEMU's virtio devices (--dd-devices): a guest's writes reach the\n"
	"    image file; its vifs share QEMU's user network (restrict=on).\n"
	"    Paths are taken as written, relative to the current folder (as xl does).\n"
	"\n"
	"OPTIONS\n"
	"    --accel tcg|kvm     QEMU accelerator (default tcg)\n"
	"    --timeout SECONDS   stop QEMU after this long (default: no limit)\n"
	"    --log FILE          serial console to FILE instead of the terminal\n"
	"    --driver-domain FILE  a DD's config; no built-in DD starts then\n"
	"    --dd-ramdisk FILE   the built-in DD's initramfs instead of\n"
	"                        build/linux/dd.cpio.gz (parvus bench gives\n"
	"                        dd-io.cpio.gz: the same with iperf3, served)\n"
	"    --dd-devices=pci    (the default) the built-in DD drives real (QEMU\n"
	"                        virtio) devices: each disk image a virtio-blk PCI\n"
	"                        function (writes reach the file, up to 7 disks),\n"
	"                        a virtio-net NIC on QEMU's restricted user\n"
	"                        network, a pciback service domain\n"
	"                        (build/pciback.elf) giving the DD their config\n"
	"                        space\n"
	"    --dd-devices=memory the built-in DD holds copies of the images (whole\n"
	"                        MiB, 512 MiB in all, 128 MiB and twice the\n"
	"                        images of memory): writes stay in the copy, and\n"
	"                        the vifs reach only each other\n"
	"    --hostfwd [tcp|udp:][127.0.0.1]:HOSTPORT-[GUESTADDR]:GUESTPORT\n"
	"                        (QEMU's syntax, up to 8) the host's 127.0.0.1:\n"
	"                        HOSTPORT reaches GUESTPORT of a guest on the\n"
	"                        built-in DD's user network, GUESTADDR in\n"
	"                        10.0.2.0/24 (default 10.0.2.15, the first\n"
	"                        address QEMU's DHCP gives)\n"
	"    --guestfwd [tcp:]GUESTADDR:GUESTPORT-[127.0.0.1:]HOSTPORT\n"
	"                        (up to 8) a guest's connection to GUESTADDR:\n"
	"                        GUESTPORT (e.g. 10.0.2.100:8080, an unused\n"
	"                        address of 10.0.2.0/24) reaches the host's\n"
	"                        127.0.0.1:HOSTPORT, one relay (parvus connect)\n"
	"                        per connection\n"
	"    --icount            QEMU counts instructions (-icount shift=0,sleep=off:\n"
	"                        1 ns of guest time per instruction, idle skipped)\n"
	"    --append WORDS      more for the hypervisor's command line (perfc=exit:\n"
	"                        its counters printed when the machine stops)\n"
	"    --dry-run           check everything, print the boot manifest and\n"
	"                        QEMU's command line, start nothing\n"
	"\n"
	"EXIT STATUS\n"
	"    0  every domain powered off cleanly\n"
	"    1  a domain crashed (or the hypervisor did)\n"
	"    2  usage or config error: nothing was started\n"
	"    3  timeout or interrupted: QEMU was stopped, nothing is left running\n";

static const char usage_inspect[] =
	"NAME\n"
	"    parvus inspect - describe a kernel image\n"
	"\n"
	"SYNOPSIS\n"
	"    parvus inspect IMAGE\n"
	"\n"
	"DESCRIPTION\n"
	"    Says what IMAGE is (ELF, or a Linux bzImage with its boot protocol and\n"
	"    payload compression), its ELF class, machine and entry, every Xen ELF\n"
	"    note decoded, and whether Parvus can boot it, and if not, why.\n"
	"\n"
	"EXIT STATUS\n"
	"    0  Parvus can boot it\n"
	"    1  a kernel image Parvus cannot boot\n"
	"    2  unreadable, truncated, corrupt, or not a kernel image\n";

static const char usage_bench[] =
	"NAME\n"
	"    parvus bench - compare Parvus PV with full virtualization and Xen PV\n"
	"\n"
	"SYNOPSIS\n"
	"    parvus bench [--quick] [--icount] [--runs N] [--out DIR] [--accel tcg|kvm]\n"
	"                 [--kernel BZIMAGE] [--initrd CPIO] [--xen XEN] [--systems LIST]\n"
	"                 [--only cpu|io]\n"
	"\n"
	"DESCRIPTION\n"
	"    Boots the same Debian kernel and benchmark initramfs (tests/bench/workload.c:\n"
	"    lmbench-style micro-benchmarks, each a median of timed loops in the guest)\n"
	"    under parvus-pv: Parvus PV; qemu-full: the kernel run directly by QEMU\n"
	"    (full virtualization); xen-domu: Debian's Xen 4.17 with the guest as a PV\n"
	"    domU, which a small dom0 (Debian's kernel and Xen tools,\n"
	"    build/linux/xen-dom0.cpio.gz) starts with `xl create`; xen-pv: Xen 4.17\n"
	"    with the guest as its PV dom0 itself. Same QEMU, accelerator and CPU\n"
	"    model, the systems interleaved run by run. Writes DIR/results.json,\n"
	"    DIR/results.md (median, min-max, ratios to full virtualization and\n"
	"    Parvus / Xen domU), DIR/chart.png and DIR/chart.svg, and each run's log.\n"
	"    Also reports boot time to /init and the guest's MemTotal for each system\n"
	"    (for xen-domu the domU's, whose console dom0 forwards as \"(domu) LINE\").\n"
	"\n"
	"    The I/O rows (tests/linux/bench-io.sh: dd with O_DIRECT, fio 4 KiB random\n"
	"    reads, iperf3, ping; build/linux/bench-io.cpio.gz) boot each system that\n"
	"    has them a second time, with a scratch disk and a NIC: parvus-pv through\n"
	"    parvus run with the built-in driver domain (blkback and netback on QEMU's\n"
	"    virtio devices; TCP and ping to the driver domain), qemu-full with\n"
	"    virtio-blk and virtio-net, qemu-emul (I/O rows only) with AHCI and e1000\n"
	"    (TCP to an iperf3 server on our 127.0.0.1 through QEMU's restricted user\n"
	"    network, ping to its gateway), xen-domu with dom0's blkback on its virtio\n"
	"    disk and netback on its bridge (TCP and ping to dom0), as the DD's under\n"
	"    Parvus; xen-pv has no I/O rows. results.md ends with each system's ratio\n"
	"    to the best on each row; the chart has a panel per row family.\n"
	"\n"
	"OPTIONS\n"
	"    --quick          ten times fewer iterations\n"
	"    --icount         count instructions instead of timing: QEMU's -icount\n"
	"                     shift=0,sleep=off makes the guest's clock advance 1 ns\n"
	"                     per guest instruction (idle time skipped), so each row\n"
	"                     reads as thousands of guest instructions per operation\n"
	"                     (hypervisor's included), the same on a busy host as on\n"
	"                     a quiet one; the systems of a run then boot side\n"
	"                     by side. Path length, not cost: a TLB flush or a\n"
	"                     trap counts as one instruction. TCG only.\n"
	"    --runs N         runs per system (default 3)\n"
	"    --out DIR        results folder (default build/bench)\n"
	"    --kernel FILE    default cache/linux/vmlinuz (make linux-images);\n"
	"                     \"lean\": cache/lean/bzImage (make guest-kernel)\n"
	"    --initrd FILE    default build/linux/bench.cpio.gz, or with the lean\n"
	"                     kernel build/linux/bench-lean.cpio.gz (its own pvbench)\n"
	"    --xen FILE       default cache/xen/xen.bin\n"
	"    --systems LIST   the systems to run, comma-separated (default all):\n"
	"                     parvus-pv, qemu-full, qemu-emul, xen-pv, xen-domu;\n"
	"                     the chart and ratios to full virtualization need\n"
	"                     qemu-full\n"
	"    --only cpu|io    one row family: the CPU and memory rows, or the I/O\n"
	"                     rows (default both)\n"
	"\n"
	"EXIT STATUS\n"
	"    0  every system finished every run; 1  a system did not (see its log);\n"
	"    2  usage error or missing inputs; 3  interrupted (SIGINT, SIGTERM): every\n"
	"    QEMU and server it started is stopped, nothing is reported\n";

static int help(const char *cmd)
{
	if (cmd && !strcmp(cmd, "bench")) {
		fputs(usage_bench, stdout);
		return 0;
	}
	if (cmd && !strcmp(cmd, "run"))
		fputs(usage_run, stdout);
	else if (cmd && !strcmp(cmd, "inspect"))
		fputs(usage_inspect, stdout);
	else if (!cmd)
		fputs(usage_main, stdout);
	else {
		fprintf(stderr, "parvus help: no command \"%s\"\n%s", cmd, usage_main);
		return 2;
	}
	return 0;
}

static int inspect(int argc, char **argv)
{
	struct kernel_image img;
	char why[300];
	int rc;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return help("inspect");
	if (argc != 2) {
		fputs(usage_inspect, stderr);
		return 2;
	}
	if (image_load(argv[1], &img, why, sizeof(why))) {
		fprintf(stderr, "parvus: %s\n", why);
		return 2;
	}
	image_describe(stdout, &img);
	rc = img.bootable ? 0 : 1;
	image_free(&img);
	return rc;
}

/* parvus.elf and xenstored.elf live next to the parvus binary. */
static void find_bindir(const char *argv0, char *out, size_t size)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0)
		self[n] = '\0';
	else
		snprintf(self, sizeof(self), "%s", argv0);
	snprintf(out, size, "%s", dirname(self));
}

static bool parse_seconds(const char *s, unsigned int *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v == 0 || v > 86400)
		return false;
	*out = (unsigned int)v;
	return true;
}

static int run(int argc, char **argv, const char *argv0)
{
	static char bindir[PATH_MAX], self[PATH_MAX + 8];
	struct run_options o = { .accel = "tcg", .bindir = bindir };
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(opt, "--help") || !strcmp(opt, "-h"))
			return help("run");
		if (!strcmp(opt, "--dry-run")) {
			o.dry_run = true;
			continue;
		}
		if (!strcmp(opt, "--icount")) {
			o.icount = true;
			continue;
		}
		if (!strcmp(opt, "--dd-devices=pci")) {
			o.dd_devices = DD_DEVICES_PCI;
			continue;
		}
		if (!strcmp(opt, "--dd-devices=memory")) {
			o.dd_devices = DD_DEVICES_MEMORY;
			continue;
		}
		if (!strncmp(opt, "--dd-devices", 12)) {
			fprintf(stderr, "parvus run: %s: expected --dd-devices=memory or "
				"--dd-devices=pci\n", opt);
			return 2;
		}
		if (!val) {
			fprintf(stderr, "parvus run: %s needs a value\n", opt);
			return 2;
		}
		i++;
		if (!strcmp(opt, "--accel") && (!strcmp(val, "tcg") || !strcmp(val, "kvm")))
			o.accel = val;
		else if (!strcmp(opt, "--timeout") && parse_seconds(val, &o.timeout))
			;
		else if (!strcmp(opt, "--log"))
			o.log = val;
		else if (!strcmp(opt, "--driver-domain"))
			o.driver_domain = val;
		else if (!strcmp(opt, "--dd-ramdisk"))
			o.dd_ramdisk = val;
		else if (!strcmp(opt, "--append"))
			o.append = val;
		else if (!strcmp(opt, "--hostfwd") && o.fwd.nr_hostfwd < HOSTFWD_MAX)
			o.fwd.hostfwd[o.fwd.nr_hostfwd++] = val;
		else if (!strcmp(opt, "--guestfwd") && o.fwd.nr_guestfwd < HOSTFWD_MAX)
			o.fwd.guestfwd[o.fwd.nr_guestfwd++] = val;
		else if (!strcmp(opt, "--hostfwd") || !strcmp(opt, "--guestfwd")) {
			fprintf(stderr, "parvus run: %s %s: more than %d forwards\n", opt, val,
				HOSTFWD_MAX);
			return 2;
		} else {
			fprintf(stderr, "parvus run: bad option %s %s (see parvus run --help)\n", opt, val);
			return 2;
		}
	}
	find_bindir(argv0, bindir, sizeof(bindir));
	snprintf(self, sizeof(self), "%s/parvus", bindir);
	o.fwd.parvus = self;
	return run_domains(&o, argc - i, argv + i);
}

static int bench(int argc, char **argv, const char *argv0)
{
	static char bindir[PATH_MAX];
	struct bench_options o = { .runs = 3, .out = "build/bench", .accel = "tcg",
				   .kernel = "cache/linux/vmlinuz",
				   .initrd = "build/linux/bench.cpio.gz",
				   .xen = "cache/xen/xen.bin", .dom0_kernel = "cache/linux/vmlinux",
				   .dom0_initrd = "build/linux/xen-dom0.cpio.gz",
				   .systems = BENCH_ALL_SYSTEMS, .bindir = bindir,
				   .parts = BENCH_ALL_PARTS,
				   .io_initrd = "build/linux/bench-io.cpio.gz",
				   .dd_io_initrd = "build/linux/dd-io.cpio.gz",
				   .iperf3_initrd = "build/linux/iperf3.cpio.gz" };
	char why[160];
	const char *initrd = NULL;

	for (int i = 1; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(opt, "--help") || !strcmp(opt, "-h"))
			return help("bench");
		if (!strcmp(opt, "--quick")) {
			o.quick = true;
			continue;
		}
		if (!strcmp(opt, "--icount")) {
			o.icount = true;
			continue;
		}
		if (!val) {
			fprintf(stderr, "parvus bench: %s needs a value (see parvus bench --help)\n", opt);
			return 2;
		}
		i++;
		if (!strcmp(opt, "--runs") && parse_seconds(val, &o.runs) && o.runs <= 20)
			;
		else if (!strcmp(opt, "--out"))
			o.out = val;
		else if (!strcmp(opt, "--accel") && (!strcmp(val, "tcg") || !strcmp(val, "kvm")))
			o.accel = val;
		else if (!strcmp(opt, "--kernel"))
			o.kernel = strcmp(val, "lean") ? val : "cache/lean/bzImage";
		else if (!strcmp(opt, "--initrd"))
			initrd = val;
		else if (!strcmp(opt, "--xen"))
			o.xen = val;
		else if (!strcmp(opt, "--only")) {
			if (bench_parse_only(val, &o.parts, why, sizeof(why))) {
				fprintf(stderr, "parvus bench: --only %s: %s\n", val, why);
				return 2;
			}
		} else if (!strcmp(opt, "--systems")) {
			if (bench_parse_systems(val, &o.systems, why, sizeof(why))) {
				fprintf(stderr, "parvus bench: --systems %s: %s\n", val, why);
				return 2;
			}
		} else {
			fprintf(stderr, "parvus bench: bad option %s %s (see parvus bench --help)\n", opt, val);
			return 2;
		}
	}
	if (o.icount && strcmp(o.accel, "tcg")) {
		fputs("parvus bench: --icount: instruction counting needs --accel tcg\n", stderr);
		return 2;
	}
	/* The lean kernel needs its own build of pvbench in the initramfs. */
	if (initrd)
		o.initrd = initrd;
	else if (!strcmp(o.kernel, "cache/lean/bzImage"))
		o.initrd = "build/linux/bench-lean.cpio.gz";
	find_bindir(argv0, bindir, sizeof(bindir));
	return bench_run(&o);
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return argc < 2 ? (fputs(usage_main, stderr), 2) : help(NULL);
	if (!strcmp(argv[1], "help"))
		return help(argc > 2 ? argv[2] : NULL);
	if (!strcmp(argv[1], "inspect"))
		return inspect(argc - 1, argv + 1);
	if (!strcmp(argv[1], "run"))
		return run(argc - 1, argv + 1, argv[0]);
	if (!strcmp(argv[1], "bench"))
		return bench(argc - 1, argv + 1, argv[0]);
	if (!strcmp(argv[1], "connect"))	/* run by QEMU for --guestfwd */
		return connect_relay(argc - 1, argv + 1);
	fprintf(stderr, "parvus: no command \"%s\"\n%s", argv[1], usage_main);
	return 2;
}
