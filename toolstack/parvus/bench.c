/* SPDX-License-Identifier: GPL-2.0-only */
/* `parvus bench` (see bench.h). Each run boots each system once, in
 * turn, with the serial console in a log file; the workload's "bench
 * NAME VALUE us" lines are collected from it, along with the wall time to
 * the kernel's "Run /init" line and the guest's MemTotal. A system that
 * does not finish is reported with its log, not dropped.
 *
 * xen-domu's log holds two kernels' boots: its dom0's (the same Debian
 * kernel, which prints its own "Run /init" first) and the domU's, which
 * dom0 forwards line by line after BENCH_DOMU_PREFIX. Every line looked
 * at goes through bench_guest_line(), which keeps only the domU's for
 * xen-domu: its boot time, results, MemTotal and "bench-done" are the
 * domU's, as a Xen user's guest would see them.
 *
 * The I/O rows (bench-io.cpio.gz, `io` on the guest's command line; see
 * tests/linux/bench-io.sh) are a second boot of each system that has them:
 * bench_io.c starts parvus-pv's, qemu-full's and qemu-emul's; xen-domu's
 * is its dom0 initramfs with the I/O guest in it (here). */
#include "bench.h"
#include "bench_cost.h"
#include "bench_io.h"
#include "bench_systems.h"
#include "cpio.h"
#include "image.h"
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_BENCH	32
#define MAX_RUNS	20
#define NR_SYSTEMS	BENCH_NR_SYSTEMS
#define DOM0_MIB	512	/* xen-domu's dom0: its initramfs holds the domU's kernel */
#define DOMU_RAMDISK	"xen-domu-dom0.cpio"	/* dom0's initramfs with the domU, in out */
#define DOMU_IO_RAMDISK	"xen-domu-io-dom0.cpio"	/* the same for the I/O rows */
/* The columns of results.md, in this order. */
static const enum bench_system shown[NR_SYSTEMS] = {
	SYS_PARVUS, SYS_QEMU, SYS_QEMU_EMUL, SYS_XEN_DOMU, SYS_XEN
};
static const char *const titles[NR_SYSTEMS] = {
	[SYS_PARVUS] = "Parvus PV", [SYS_QEMU] = "QEMU full virt",
	[SYS_QEMU_EMUL] = "QEMU emulated devices",
	[SYS_XEN_DOMU] = "Xen 4.17 PV domU", [SYS_XEN] = "Xen 4.17 PV dom0",
};

struct results {
	unsigned int nr_bench;
	char bench[MAX_BENCH][32];
	double value[NR_SYSTEMS][MAX_BENCH][MAX_RUNS];
	bool have[NR_SYSTEMS][MAX_BENCH][MAX_RUNS];
	double boot_ms[NR_SYSTEMS][MAX_RUNS];
	long memtotal_kib[NR_SYSTEMS];
	bool failed[NR_SYSTEMS];
	char failed_log[NR_SYSTEMS][1024];
	struct bench_cost cost[MAX_RUNS];	/* parvus-pv's I/O rows, each run */
};

static struct results R;
static volatile sig_atomic_t interrupted;

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Whether a line of system s's guest in its log holds needle. */
static bool guest_printed(enum bench_system s, enum bench_part p, const char *path,
			  const char *needle)
{
	static char buf[1 << 16];
	FILE *f = fopen(path, "r");
	bool found = false;

	while (f && !found && fgets(buf, sizeof(buf), f)) {
		const char *line = bench_guest_line(s, p, buf);

		found = line && strstr(line, needle);
	}
	if (f)
		fclose(f);
	return found;
}

static void exec_system(const struct bench_options *o, enum bench_system s, enum bench_part p,
			const char *log)
{
	static char serial[1100], hv[1100], modules[4096], append[256], mem[16], drive[1100];
	const char *cmd = o->quick ? "quick" : "";

	snprintf(serial, sizeof(serial), "file:%s", log);
	snprintf(mem, sizeof(mem), "%dM", s == SYS_QEMU ? BENCH_GUEST_MIB : s == SYS_XEN_DOMU ?
		 DOM0_MIB + BENCH_GUEST_MIB + 256 + (p == PART_IO ? IO_PEER_MIB : 0) :
		 2 * BENCH_GUEST_MIB);
	switch (s) {
	case SYS_PARVUS:
		snprintf(hv, sizeof(hv), "%s/parvus.elf", o->bindir);
		snprintf(modules, sizeof(modules), "%s/parvus.manifest,%s/vmlinux.elf,%s",
			 o->out, o->out, o->initrd);
		snprintf(append, sizeof(append), "perfc=exit");	/* counters in the log */
		break;
	case SYS_QEMU:
		snprintf(hv, sizeof(hv), "%s", o->kernel);
		snprintf(modules, sizeof(modules), "%s", o->initrd);
		snprintf(append, sizeof(append), "console=ttyS0 %s", cmd);
		break;
	case SYS_XEN:
		snprintf(hv, sizeof(hv), "%s", o->xen);
		snprintf(modules, sizeof(modules), "%s console=hvc0 %s,%s", o->kernel, cmd, o->initrd);
		snprintf(append, sizeof(append), "console=com1 com1=115200 dom0_mem=%dM,max:%dM",
			 BENCH_GUEST_MIB, BENCH_GUEST_MIB);
		break;
	case SYS_XEN_DOMU:
		/* dom0 starts the domU that prepare() put in its initramfs. */
		snprintf(hv, sizeof(hv), "%s", o->xen);
		snprintf(modules, sizeof(modules), "%s console=hvc0,%s/%s", o->dom0_kernel,
			 o->out, p == PART_IO ? DOMU_IO_RAMDISK : DOMU_RAMDISK);
		snprintf(append, sizeof(append), "console=com1 com1=115200 dom0_mem=%dM,max:%dM",
			 DOM0_MIB, DOM0_MIB);
		break;
	default:
		_exit(127);
	}
	/* The I/O rows' disk is dom0's virtio-blk device, which blkback
	 * serves to the domU: as the DD's under Parvus. */
	snprintf(drive, sizeof(drive), "file=%s/disk-%s.img,if=none,id=d0,format=raw",
		 o->out, bench_system_names[s]);
	/* shift=0: one guest instruction is one ns of the guest's clock;
	 * sleep=off: an idle guest's clock jumps to its next timer rather
	 * than waiting for the host's. The optional arguments go last: the
	 * first NULL in their place ends the list there. */
	const char *opt[6] = { NULL };
	int n = 0;

	if (p == PART_IO) {
		opt[n++] = "-drive";
		opt[n++] = drive;
		opt[n++] = "-device";
		opt[n++] = "virtio-blk-pci,drive=d0";
	}
	if (o->icount) {
		opt[n++] = "-icount";
		opt[n++] = "shift=0,sleep=off";
	}
	execlp("qemu-system-x86_64", "qemu-system-x86_64", "-accel", o->accel,
	       "-cpu", strcmp(o->accel, "kvm") ? "qemu64" : "host", "-m", mem,
	       "-nodefaults", "-no-user-config", "-display", "none", "-monitor", "none",
	       "-serial", serial, "-no-reboot",
	       "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
	       "-kernel", hv, "-append", append, "-initrd", modules,
	       opt[0], opt[1], opt[2], opt[3], opt[4], opt[5], (char *)NULL);
	_exit(127);
}

/* One system booting: its QEMU (or parvus run), and the wall time to
 * /init once seen. */
struct boot {
	enum bench_system sys;
	enum bench_part part;
	const char *log;
	pid_t pid;
	uint64_t start_ms, init_ms;
	double result;		/* ms to /init, or -1: it never finished */
	bool running;
};

static void boot_start(const struct bench_options *o, enum bench_system s, enum bench_part p,
		       struct boot *b)
{
	unlink(b->log);
	b->sys = s;
	b->part = p;
	b->start_ms = now_ms();
	b->init_ms = 0;
	b->result = -1;
	b->pid = fork();
	if (!b->pid && p == PART_IO && s != SYS_XEN_DOMU)
		bench_io_exec(o, s, b->log);
	else if (!b->pid)
		exec_system(o, s, p, b->log);
	b->running = b->pid > 0;
}

/* Looks at a running boot once; false when it has ended (or been killed
 * for running past the time allowed). */
static bool boot_poll(const struct bench_options *o, struct boot *b)
{
	/* Interrupted, it stops its boots as at their time limit. */
	uint64_t limit_ms = (uint64_t)(o->quick ? 600 : 2400) * 1000;
	int status;

	if (!b->running)
		return false;
	if (!b->init_ms && guest_printed(b->sys, b->part, b->log, "Run /init as init process"))
		b->init_ms = now_ms() - b->start_ms;
	if (waitpid(b->pid, &status, WNOHANG) == 0) {
		if (now_ms() - b->start_ms <= limit_ms && !interrupted)
			return true;
		/* parvus run stops its QEMU on SIGTERM; QEMU itself just goes. */
		kill(b->pid, SIGTERM);
		for (int i = 0; i < 100 && waitpid(b->pid, &status, WNOHANG) == 0; i++)
			usleep(100000);
		kill(b->pid, SIGKILL);
		waitpid(b->pid, &status, 0);
	} else if (guest_printed(b->sys, b->part, b->log, "bench-done") && b->init_ms) {
		b->result = (double)b->init_ms;
	}
	b->running = false;
	return false;
}

/* Boots the given systems at once (one, unless instructions are being
 * counted) and waits for all of them. */
static void boot_together(const struct bench_options *o, const enum bench_system *s,
			  const enum bench_part *p, struct boot *b, unsigned int n)
{
	bool any = true;

	for (unsigned int i = 0; i < n; i++)
		boot_start(o, s[i], p[i], &b[i]);
	while (any) {
		any = false;
		for (unsigned int i = 0; i < n; i++)
			any |= boot_poll(o, &b[i]);
		if (any)
			usleep(20000);
	}
}

static int bench_index(const char *name)
{
	for (unsigned int i = 0; i < R.nr_bench; i++)
		if (!strcmp(R.bench[i], name))
			return (int)i;
	if (R.nr_bench == MAX_BENCH)
		return -1;
	snprintf(R.bench[R.nr_bench], sizeof(R.bench[0]), "%s", name);
	return (int)R.nr_bench++;
}

static void collect(enum bench_system s, enum bench_part part, unsigned int run, const char *log)
{
	static char line[1024];
	FILE *f = fopen(log, "r");

	if (s == SYS_PARVUS && part == PART_IO)
		bench_cost_init(&R.cost[run]);
	while (f && fgets(line, sizeof(line), f)) {
		char name[32];
		double v;
		long kib;
		const char *g = bench_guest_line(s, part, line);
		const char *p = g ? strstr(g, "bench ") : NULL;
		const char *q = g ? strstr(g, "bench-info memtotal_kib ") : NULL;
		int i;

		/* "bench" as a word: not the tail of "pvbench" in the kernel log. */
		if (p && p > g && p[-1] != ' ')
			p = NULL;
		if (s == SYS_PARVUS && part == PART_IO)
			bench_cost_line(&R.cost[run], g, line);

		if (q && sscanf(q, "bench-info memtotal_kib %ld", &kib) == 1)
			R.memtotal_kib[s] = kib;
		else if (p && sscanf(p, "bench %31s %lf us", name, &v) == 2 &&
			 (i = bench_index(name)) >= 0) {
			R.value[s][i][run] = v;
			R.have[s][i][run] = true;
		}
	}
	if (f)
		fclose(f);
}

struct stat3 {
	double median, min, max;
	unsigned int n;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static struct stat3 stats(const double *v, const bool *have, unsigned int runs)
{
	double xs[MAX_RUNS];
	struct stat3 st = { 0 };

	for (unsigned int r = 0; r < runs; r++)
		if (!have || have[r])
			xs[st.n++] = v[r];
	if (!st.n)
		return st;
	qsort(xs, st.n, sizeof(xs[0]), cmp_double);
	st.min = xs[0];
	st.max = xs[st.n - 1];
	st.median = st.n % 2 ? xs[st.n / 2] : (xs[st.n / 2 - 1] + xs[st.n / 2]) / 2;
	return st;
}

static struct stat3 bench_stats(enum bench_system s, unsigned int b, unsigned int runs)
{
	return stats(R.value[s][b], R.have[s][b], runs);
}

static struct stat3 boot_stats(enum bench_system s, unsigned int runs)
{
	bool have[MAX_RUNS];

	for (unsigned int r = 0; r < runs; r++)
		have[r] = R.boot_ms[s][r] > 0;
	return stats(R.boot_ms[s], have, runs);
}

static FILE *open_out(const struct bench_options *o, const char *name)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", o->out, name);
	return fopen(path, "w");
}

static bool selected(const struct bench_options *o, enum bench_system s)
{
	return o->systems & (1u << s);
}

/* The I/O rows are named io_* (tests/linux/bench-io.sh). */
static bool is_io_row(unsigned int b)
{
	return !strncmp(R.bench[b], "io_", 3);
}

/* Counter k per operation of I/O row b under Parvus, over the runs. */
static struct stat3 cost_stats(unsigned int b, unsigned int k, unsigned int runs)
{
	double v[MAX_RUNS];
	bool have[MAX_RUNS];

	for (unsigned int r = 0; r < runs; r++) {
		v[r] = bench_cost_per_op(&R.cost[r], R.bench[b], k);
		have[r] = v[r] >= 0;
	}
	return stats(v, have, runs);
}

static void write_json(const struct bench_options *o, unsigned int runs)
{
	FILE *f = open_out(o, "results.json");
	time_t t = time(NULL);
	char date[32];
	const char *sep = "";

	if (!f)
		return;
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	fprintf(f, "{\n  \"date\": \"%s\",\n  \"accel\": \"%s\",\n  \"cpu\": \"qemu64\",\n"
		"  \"runs\": %u,\n  \"quick\": %s,\n  \"icount\": %s,\n  \"unit\": \"%s\",\n"
		"  \"systems\": {", date, o->accel, runs, o->quick ? "true" : "false",
		o->icount ? "true" : "false", o->icount ?
		"thousands of guest instructions per operation" : "microseconds per operation");
	for (int k = 0; k < NR_SYSTEMS; k++) {
		enum bench_system s = shown[k];
		struct stat3 boot = boot_stats(s, runs);

		if (!selected(o, s))
			continue;
		fprintf(f, "%s\n    \"%s\": {\n      \"booted\": %s,\n", sep, bench_system_names[s],
			R.failed[s] ? "false" : "true");
		sep = ",";
		if (R.failed[s])
			fprintf(f, "      \"failed_log\": \"%s\",\n", R.failed_log[s]);
		fprintf(f, "      \"%s\": %.0f,\n      \"memtotal_kib\": %ld,\n"
			"      \"benchmarks\": {", o->icount ? "kernel_start_to_init_guest_ms" :
			"boot_to_init_ms", boot.median, R.memtotal_kib[s]);
		for (unsigned int b = 0; b < R.nr_bench; b++) {
			struct stat3 st = bench_stats(s, b, runs);

			fprintf(f, "%s\n        \"%s\": { \"median\": %.3f, \"min\": %.3f, \"max\": %.3f, "
				"\"samples\": %u }", b ? "," : "", R.bench[b], st.median, st.min,
				st.max, st.n);
		}
		fprintf(f, "\n      }\n    }");
	}
	fprintf(f, "\n  },\n  \"io_rows\": [");
	sep = "";
	for (unsigned int b = 0; b < R.nr_bench; b++)
		if (is_io_row(b)) {
			fprintf(f, "%s\"%s\"", sep, R.bench[b]);
			sep = ", ";
		}
	fprintf(f, "],\n  \"parvus_io_cost_per_op\": {");
	sep = "";
	for (unsigned int b = 0; b < R.nr_bench; b++) {
		if (!is_io_row(b) || !cost_stats(b, 0, runs).n)
			continue;
		fprintf(f, "%s\n    \"%s\": {", sep, R.bench[b]);
		for (unsigned int k = 0; k < COST_COUNTERS; k++)
			fprintf(f, "%s\"%s\": %.2f", k ? ", " : " ", bench_cost_names[k],
				cost_stats(b, k, runs).median);
		fprintf(f, " }");
		sep = ",";
	}
	fprintf(f, "\n  }\n}\n");
	fclose(f);
}

static void cell(FILE *f, struct stat3 st)
{
	if (st.n)
		fprintf(f, " %.3f (%.3f–%.3f) |", st.median, st.min, st.max);
	else
		fprintf(f, " n/a |");	/* not measured there (or the system failed) */
}

static void ratio(FILE *f, struct stat3 a, struct stat3 base)
{
	double r = base.median > 0 ? a.median / base.median : 0;

	if (a.n && base.n && base.median > 0)
		fprintf(f, r < 0.1 ? " %.4f |" : " %.2f |", r);	/* not 0.00 */
	else
		fprintf(f, " – |");
}

/* The ratio columns of results.md, each shown when both its systems ran.
 * Parvus against Xen's domU is the fair one: both run the guest as an
 * unprivileged PV domain. Xen's dom0 stays for what it adds: how far
 * Xen's privileged domain's paths are from its domU's. */
static const struct {
	enum bench_system num, den;
	const char *title;
} ratios[] = {
	{ SYS_PARVUS, SYS_QEMU, "Parvus / full" },
	{ SYS_XEN_DOMU, SYS_QEMU, "Xen domU / full" },
	{ SYS_PARVUS, SYS_XEN_DOMU, "Parvus / Xen domU" },
	{ SYS_PARVUS, SYS_QEMU_EMUL, "Parvus / emulated" },
	{ SYS_XEN, SYS_QEMU, "Xen dom0 / full" },
	{ SYS_XEN_DOMU, SYS_XEN, "Xen domU / dom0" },
};
#define NR_RATIOS	(sizeof(ratios) / sizeof(ratios[0]))

static bool ratio_shown(const struct bench_options *o, unsigned int i)
{
	return selected(o, ratios[i].num) && selected(o, ratios[i].den);
}

static void markdown_header(FILE *f, const struct bench_options *o)
{
	unsigned int cols = 0;

	fprintf(f, "| benchmark |");
	for (int k = 0; k < NR_SYSTEMS; k++)
		if (selected(o, shown[k]) && ++cols)
			fprintf(f, " %s |", titles[shown[k]]);
	for (unsigned int i = 0; i < NR_RATIOS; i++)
		if (ratio_shown(o, i) && ++cols)
			fprintf(f, " %s |", ratios[i].title);
	fprintf(f, "\n|---|");
	while (cols--)
		fprintf(f, "---|");
	fprintf(f, "\n");
}

static void markdown_row(FILE *f, const struct bench_options *o, unsigned int b,
			 unsigned int runs)
{
	fprintf(f, "| %s |", R.bench[b]);
	for (int k = 0; k < NR_SYSTEMS; k++)
		if (selected(o, shown[k]))
			cell(f, bench_stats(shown[k], b, runs));
	for (unsigned int i = 0; i < NR_RATIOS; i++)
		if (ratio_shown(o, i))
			ratio(f, bench_stats(ratios[i].num, b, runs), bench_stats(ratios[i].den, b, runs));
	fprintf(f, "\n");
}

/* The boot and MemTotal rows: one value per system, the ratios empty. */
static void markdown_tail(FILE *f, const struct bench_options *o, unsigned int runs)
{
	unsigned int nr_ratios = 0;

	if (!(o->parts & (1u << PART_CPU)))	/* the I/O boot is not the measured one */
		return;
	for (unsigned int i = 0; i < NR_RATIOS; i++)
		nr_ratios += ratio_shown(o, i);
	fprintf(f, o->icount ? "| kernel start to /init (ms, guest clock) |" :
		"| boot to /init (ms, wall) |");
	for (int k = 0; k < NR_SYSTEMS; k++)
		if (selected(o, shown[k]))
			cell(f, boot_stats(shown[k], runs));
	for (unsigned int i = 0; i < nr_ratios; i++)
		fprintf(f, " |");
	fprintf(f, "\n| guest MemTotal (KiB) |");
	for (int k = 0; k < NR_SYSTEMS; k++)
		if (selected(o, shown[k]))
			fprintf(f, " %ld |", R.memtotal_kib[shown[k]]);
	for (unsigned int i = 0; i < nr_ratios; i++)
		fprintf(f, " |");
	fprintf(f, "\n");
}

/* The best (lowest) median of a row over the systems that measured it. */
static double best_median(const struct bench_options *o, unsigned int b, unsigned int runs)
{
	double best = 0;

	for (int s = 0; s < NR_SYSTEMS; s++) {
		struct stat3 st = bench_stats(s, b, runs);

		if (selected(o, s) && st.n && st.median > 0 && (best == 0 || st.median < best))
			best = st.median;
	}
	return best;
}

/* Every row again, each system's median over the row's best: 1.00 is the
 * best system on the row (lower is better everywhere). */
static void markdown_best(FILE *f, const struct bench_options *o, unsigned int runs)
{
	fprintf(f, "\nEach system against the best on the row (median / best median; "
		"1.00 = the best):\n\n| benchmark |");
	for (int k = 0; k < NR_SYSTEMS; k++)
		if (selected(o, shown[k]))
			fprintf(f, " %s |", titles[shown[k]]);
	fprintf(f, "\n|---|");
	for (int k = 0; k < NR_SYSTEMS; k++)
		if (selected(o, shown[k]))
			fprintf(f, "---|");
	fprintf(f, "\n");
	for (unsigned int b = 0; b < R.nr_bench; b++) {
		double best = best_median(o, b, runs);

		fprintf(f, "| %s |", R.bench[b]);
		for (int k = 0; k < NR_SYSTEMS; k++) {
			struct stat3 st = bench_stats(shown[k], b, runs);

			if (!selected(o, shown[k]))
				continue;
			if (st.n && best > 0)
				fprintf(f, " %.2f |", st.median / best);
			else
				fprintf(f, " – |");
		}
		fprintf(f, "\n");
	}
}

/* The split-driver counters per operation of each I/O row (machine-wide:
 * the guest's, the driver domain's and the hypervisor's own work between
 * the row's marks), when parvus-pv ran them. */
static void markdown_cost(FILE *f, const struct bench_options *o, unsigned int runs)
{
	bool any = false;

	for (unsigned int b = 0; b < R.nr_bench; b++)
		any |= is_io_row(b) && cost_stats(b, 0, runs).n;
	if (!any)
		return;
	fprintf(f, "\nWhere the cost goes under Parvus: the hypervisor's counters per "
		"operation of each I/O row (a MiB, a 4 KiB read, a ping), median of the "
		"runs; machine-wide, so the guest's and the driver domain's work both "
		"count:\n\n| row |");
	for (unsigned int k = 0; k < COST_COUNTERS; k++)
		fprintf(f, " %s |", bench_cost_names[k]);
	fprintf(f, "\n|---|");
	for (unsigned int k = 0; k < COST_COUNTERS; k++)
		fprintf(f, "---|");
	fprintf(f, "\n");
	for (unsigned int b = 0; b < R.nr_bench; b++) {
		if (!is_io_row(b))
			continue;
		fprintf(f, "| %s |", R.bench[b]);
		for (unsigned int k = 0; k < COST_COUNTERS; k++) {
			struct stat3 st = cost_stats(b, k, runs);

			if (st.n)
				fprintf(f, " %.1f |", st.median);
			else
				fprintf(f, " – |");
		}
		fprintf(f, "\n");
	}
}

static void write_markdown(const struct bench_options *o, unsigned int runs)
{
	FILE *f = open_out(o, "results.md");

	if (!f)
		return;
	if (o->icount)
		fprintf(f, "Thousands of guest instructions per operation (QEMU -icount shift=0,"
			"sleep=off: the guest's clock counts instructions, the hypervisor's "
			"included), median (min–max) of %u run(s); ratio = count / full "
			"virtualization (lower is better). TCG, qemu64; the boot row is the "
			"kernel's own timestamp, so it leaves out Xen's and Parvus's own boot."
			"\n\n", runs);
	else
		fprintf(f, "Microseconds per operation, median (min–max) of %u run(s); ratio = "
			"time / full virtualization (lower is better). TCG, qemu64.\n\n", runs);
	if (selected(o, SYS_XEN_DOMU))
		fprintf(f, "Xen PV domU: the guest started by `xl create` from a small dom0 "
			"(its boot row includes dom0's boot and `xl create`); Xen PV dom0: the "
			"guest as Xen's dom0 itself.\n\n");
	markdown_header(f, o);
	for (unsigned int b = 0; b < R.nr_bench; b++)
		markdown_row(f, o, b, runs);
	markdown_tail(f, o, runs);
	markdown_best(f, o, runs);
	markdown_cost(f, o, runs);
	for (int s = 0; s < NR_SYSTEMS; s++)
		if (R.failed[s])
			fprintf(f, "\n%s did not finish a run: see %s\n", bench_system_names[s], R.failed_log[s]);
	fclose(f);
}

/* One panel's data: the rows of one family (I/O or not), each a ratio
 * to full virtualization per system that runs the family; the columns'
 * systems in cols. */
static unsigned int write_panel_data(const struct bench_options *o, unsigned int runs,
				     enum bench_part part, enum bench_system *cols)
{
	char name[32];
	unsigned int nr_cols = 0, rows = 0;
	FILE *d;

	for (int k = 0; k < NR_SYSTEMS; k++)
		if (shown[k] != SYS_QEMU && selected(o, shown[k]) && bench_runs_part(shown[k], part))
			cols[nr_cols++] = shown[k];
	snprintf(name, sizeof(name), "ratios-%s.dat", bench_part_names[part]);
	d = open_out(o, name);
	if (!d)
		return 0;
	for (unsigned int b = 0; b < R.nr_bench; b++) {
		struct stat3 q = bench_stats(SYS_QEMU, b, runs);

		if (is_io_row(b) != (part == PART_IO))
			continue;
		fprintf(d, "%s", R.bench[b]);
		for (unsigned int c = 0; c < nr_cols; c++) {
			struct stat3 x = bench_stats(cols[c], b, runs);

			fprintf(d, " %.4f", x.n && q.median > 0 ? x.median / q.median : 0);
		}
		fprintf(d, "\n");
		rows++;
	}
	fclose(d);
	return rows ? nr_cols : 0;
}

/* Ratios to full virtualization, one bar per system and benchmark, on a
 * log scale (they span three orders of magnitude under TCG), the CPU and
 * memory rows in one panel and the I/O rows in another; only when full
 * virtualization ran. */
static void write_chart(const struct bench_options *o, unsigned int runs)
{
	enum bench_system cols[BENCH_NR_PARTS][NR_SYSTEMS];
	unsigned int nr_cols[BENCH_NR_PARTS], panels = 0;
	char cmd[1200];
	FILE *g;

	if (!selected(o, SYS_QEMU))
		return;
	for (int p = 0; p < BENCH_NR_PARTS; p++) {
		nr_cols[p] = (o->parts & (1u << p)) ? write_panel_data(o, runs, p, cols[p]) : 0;
		panels += nr_cols[p] > 0;
	}
	g = open_out(o, "chart.gnuplot");
	if (!g || !panels) {
		if (g)
			fclose(g);
		return;
	}
	fprintf(g, "set termoption noenhanced\nset bmargin 9\n"
		"set style data histograms\nset style fill solid 0.8 border -1\n"
		"set logscale y\nset ylabel '%s / full virtualization (log)'\n"
		"set xtics rotate by -45\nset key top left\nset grid ytics\n"
		"set multiplot layout %u,1\n", o->icount ? "instructions" : "time", panels);
	for (int p = 0; p < BENCH_NR_PARTS; p++) {
		if (!nr_cols[p])
			continue;
		fprintf(g, "set title '%s against QEMU full virtualization (TCG%s)'\nplot",
			p == PART_IO ? "I/O rows: Parvus PV, emulated devices and Xen PV" :
			"CPU and memory rows: Parvus PV and Xen PV",
			o->icount ? ", instructions counted" : "");
		for (unsigned int c = 0; c < nr_cols[p]; c++)
			fprintf(g, " 'ratios-%s.dat' using %u%s title '%s',", bench_part_names[p],
				c + 2, c ? "" : ":xtic(1)", titles[cols[p][c]]);
		fprintf(g, " 1 with lines lt -1 notitle\n");
	}
	fprintf(g, "unset multiplot\n");
	fclose(g);
	snprintf(cmd, sizeof(cmd), "cd '%s' && gnuplot -e \"set terminal pngcairo size 1200,%u; "
		 "set output 'chart.png'\" chart.gnuplot 2>/dev/null || gnuplot -e \"set terminal png "
		 "size 1200,%u; set output 'chart.png'\" chart.gnuplot; gnuplot -e \"set terminal svg "
		 "size 1200,%u; set output 'chart.svg'\" chart.gnuplot", o->out, 600 * panels,
		 600 * panels, 600 * panels);
	if (system(cmd))
		fprintf(stderr, "parvus bench: gnuplot failed; the data is in %s/ratios-*.dat\n", o->out);
}

/* n bytes of in (or zeros, if in is NULL) to out. */
static int copy_bytes(FILE *in, FILE *out, uint64_t n)
{
	static char buf[1 << 16];

	memset(buf, 0, sizeof(buf));
	while (n) {
		size_t chunk = n < sizeof(buf) ? (size_t)n : sizeof(buf);

		if ((in && fread(buf, 1, chunk, in) != chunk) || fwrite(buf, 1, chunk, out) != chunk)
			return -1;
		n -= chunk;
	}
	return 0;
}

/* A newc entry: src's bytes (a file), or text if src is NULL. */
static int cpio_add(FILE *out, const char *name, const char *src, const char *text,
		    uint32_t ino)
{
	char hdr[CPIO_HEADER_MAX];
	struct stat st;
	uint64_t size = text ? strlen(text) : 0;
	size_t len;
	FILE *in = NULL;
	int rc;

	if (src && (stat(src, &st) || !(in = fopen(src, "rb"))))
		return -1;
	if (src)
		size = (uint64_t)st.st_size;
	len = cpio_header(hdr, name, text || src ? 0100644 : 0040755, size, ino);
	rc = !len || fwrite(hdr, 1, len, out) != len ||
	     (in ? copy_bytes(in, out, size) : size && fwrite(text, 1, size, out) != size) ||
	     copy_bytes(NULL, out, cpio_pad(size));
	if (in)
		fclose(in);
	return rc ? -1 : 0;
}

/* xen-domu's dom0 initramfs with the domU in it: dom0's own archive,
 * zeros to a multiple of 4 bytes (which Linux's unpacker skips), then an
 * uncompressed newc archive of /domu: the kernel Parvus boots (its ELF,
 * which libxenguest loads faster than a bzImage it would decompress in
 * dom0's user space), the benchmark initramfs, the guests' command line
 * and memory (tests/linux/init-xen-dom0.sh reads them). */
/* A whole file to out, then zeros to a multiple of 4 bytes. */
static int append_archive(FILE *out, const char *path)
{
	FILE *in = fopen(path, "rb");
	struct stat st;
	int rc = !in || stat(path, &st) || copy_bytes(in, out, (uint64_t)st.st_size) ||
		 copy_bytes(NULL, out, cpio_pad((uint64_t)st.st_size));

	if (in)
		fclose(in);
	return rc ? -1 : 0;
}

static int write_domu_ramdisk(const struct bench_options *o, enum bench_part p, const char *path)
{
	char kernel[1100], cmdline[128], memory[16], peer_memory[16];
	FILE *out = fopen(path, "wb");
	bool io = p == PART_IO;
	int rc;

	snprintf(kernel, sizeof(kernel), "%s/vmlinux.elf", o->out);
	if (io)
		snprintf(cmdline, sizeof(cmdline), "console=hvc0 %s " IO_PV_WORDS " iomib=%d",
			 o->quick ? "quick" : "", IO_MIB(o));
	else
		snprintf(cmdline, sizeof(cmdline), "console=hvc0 %s", o->quick ? "quick" : "");
	snprintf(memory, sizeof(memory), "%d", BENCH_GUEST_MIB);
	snprintf(peer_memory, sizeof(peer_memory), "%d", IO_PEER_MIB);
	/* For the I/O rows dom0 serves iperf3, like parvus-pv's DD, and
	 * starts the peer guest. */
	rc = !out || append_archive(out, o->dom0_initrd) ||
	     (io && append_archive(out, o->iperf3_initrd)) ||
	     cpio_add(out, "domu", NULL, NULL, 1) || cpio_add(out, "domu/kernel", kernel, NULL, 2) ||
	     cpio_add(out, "domu/ramdisk", io ? o->io_initrd : o->initrd, NULL, 3) ||
	     cpio_add(out, "domu/cmdline", NULL, cmdline, 4) ||
	     cpio_add(out, "domu/memory", NULL, memory, 5) ||
	     (io && cpio_add(out, "domu/io", NULL, "", 6)) ||
	     (io && cpio_add(out, "domu/peer-cmdline", NULL, "console=hvc0 " IO_PEER_WORDS, 7)) ||
	     (io && cpio_add(out, "domu/peer-memory", NULL, peer_memory, 8)) ||
	     cpio_add(out, CPIO_TRAILER, NULL, "", 0);
	if (out && fclose(out))
		rc = 1;
	if (rc)
		fprintf(stderr, "parvus bench: cannot write %s from %s: %s\n", path,
			o->dom0_initrd, strerror(errno));
	return rc ? -1 : 0;
}

/* The kernel's ELF and a one-domain manifest for the Parvus runs; the
 * domU's dom0 initramfs for xen-domu's; what the I/O rows need. */
static int prepare(const struct bench_options *o)
{
	struct kernel_image img;
	char why[300], path[1024];
	const char *need[4] = { o->initrd };
	int n = 1;
	FILE *f;

	if (mkdir(o->out, 0755) && errno != EEXIST) {
		fprintf(stderr, "parvus bench: %s: %s\n", o->out, strerror(errno));
		return -1;
	}
	if (selected(o, SYS_XEN) || selected(o, SYS_XEN_DOMU))
		need[n++] = o->xen;
	if (selected(o, SYS_XEN_DOMU)) {
		need[n++] = o->dom0_kernel;
		need[n++] = o->dom0_initrd;
	}
	for (int i = 0; i < n; i++)
		if (access(need[i], R_OK)) {
			fprintf(stderr, "parvus bench: %s: %s (make linux-images builds it)\n",
				need[i], strerror(errno));
			return -1;
		}
	if (image_load(o->kernel, &img, why, sizeof(why)) || !img.bootable) {
		fprintf(stderr, "parvus bench: kernel: %s\n", img.file ? img.why_not : why);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/vmlinux.elf", o->out);
	f = fopen(path, "wb");
	if (!f || fwrite(img.elf, 1, img.elf_len, f) != img.elf_len || fclose(f)) {
		fprintf(stderr, "parvus bench: cannot write %s\n", path);
		image_free(&img);
		return -1;
	}
	image_free(&img);
	snprintf(path, sizeof(path), "%s/%s", o->out, DOMU_RAMDISK);
	if (selected(o, SYS_XEN_DOMU) && (o->parts & (1u << PART_CPU)) &&
	    write_domu_ramdisk(o, PART_CPU, path))
		return -1;
	snprintf(path, sizeof(path), "%s/parvus.manifest", o->out);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "parvus-manifest 1\ndomain name=bench memory=%d kernel=1 ramdisk=2 "
		"cmdline=\"console=hvc0 %s\"\n", BENCH_GUEST_MIB, o->quick ? "quick" : "");
	if (fclose(f))
		return -1;
	if (!(o->parts & (1u << PART_IO)) || bench_io_prepare(o))
		return (o->parts & (1u << PART_IO)) ? -1 : 0;
	snprintf(path, sizeof(path), "%s/%s", o->out, DOMU_IO_RAMDISK);
	return bench_io_runs(o, SYS_XEN_DOMU) ? write_domu_ramdisk(o, PART_IO, path) : 0;
}

/* The kernel's own timestamp of its "Run /init" line, in ms: with
 * instructions counted, the guest's clock is the meaningful one (the wall
 * clock then only says how busy the host was). */
static double guest_init_ms(enum bench_system s, enum bench_part p, const char *log)
{
	static char line[1024];
	FILE *f = fopen(log, "r");
	double secs = -1;

	while (f && fgets(line, sizeof(line), f)) {
		const char *g = bench_guest_line(s, p, line);
		const char *stamp = g ? strchr(g, '[') : NULL;

		if (stamp && strstr(g, "Run /init as init process") &&
		    sscanf(stamp, "[ %lf]", &secs) == 1)
			break;
	}
	if (f)
		fclose(f);
	return secs < 0 ? -1 : secs * 1000;
}

static void record(const struct bench_options *o, enum bench_system s, enum bench_part p,
		   unsigned int run, const struct boot *b)
{
	/* The boot row is the CPU boot's: the I/O boot is another guest. */
	if (p == PART_CPU)
		R.boot_ms[s][run] = b->result < 0 || !o->icount ? b->result :
				    guest_init_ms(s, p, b->log);
	if (b->result < 0) {
		R.failed[s] = true;
		snprintf(R.failed_log[s], sizeof(R.failed_log[s]), "%s", b->log);
		fprintf(stderr, "parvus bench: %s did not finish; see %s\n",
			bench_system_names[s], b->log);
	}
	collect(s, p, run, b->log);
}

/* Timed runs go one system at a time, interleaved and rotated each run so
 * that drift hits all alike; counted ones need no such care and boot the
 * systems side by side. Only the systems asked for (--systems) run, each
 * for the row families (--only) it has. */
static void bench_one_run(const struct bench_options *o, unsigned int r)
{
	static char logs[NR_SYSTEMS * BENCH_NR_PARTS][1024];
	enum bench_system order[NR_SYSTEMS * BENCH_NR_PARTS], sel[NR_SYSTEMS * BENCH_NR_PARTS];
	enum bench_part porder[NR_SYSTEMS * BENCH_NR_PARTS], psel[NR_SYSTEMS * BENCH_NR_PARTS];
	struct boot b[NR_SYSTEMS * BENCH_NR_PARTS];
	unsigned int n = 0, batch;

	for (int p = 0; p < BENCH_NR_PARTS; p++)
		for (int s = 0; s < NR_SYSTEMS; s++)
			if (selected(o, s) && (o->parts & (1u << p)) && bench_runs_part(s, p)) {
				sel[n] = (enum bench_system)s;
				psel[n++] = (enum bench_part)p;
			}
	batch = o->icount ? n : 1;
	for (unsigned int k = 0; k < n; k++) {
		order[k] = sel[(k + r) % n];
		porder[k] = psel[(k + r) % n];
		snprintf(logs[k], sizeof(logs[k]), "%s/%s%s-run%u.log", o->out,
			 bench_system_names[order[k]], porder[k] == PART_IO ? "-io" : "", r + 1);
		b[k].log = logs[k];
	}
	for (unsigned int k = 0; k < n && !interrupted; k += batch) {
		for (unsigned int i = k; i < k + batch; i++)
			fprintf(stderr, "parvus bench: run %u/%u: %s%s\n", r + 1, o->runs,
				bench_system_names[order[i]], porder[i] == PART_IO ? " (I/O rows)" : "");
		boot_together(o, order + k, porder + k, b + k, batch);
		for (unsigned int i = k; i < k + batch; i++)
			record(o, order[i], porder[i], r, &b[i]);
	}
}

static void on_signal(int sig)
{
	interrupted = sig;
}

int bench_run(const struct bench_options *o)
{
	unsigned int runs = o->runs;

	if (prepare(o))
		return 2;
	/* SIGINT or SIGTERM: the QEMUs, parvus runs and iperf3 servers stop,
	 * the disks go, and nothing is reported (exit 3, as parvus run). */
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (bench_io_start_peers(o)) {
		bench_io_stop(o);
		return 2;
	}
	for (unsigned int r = 0; r < runs && !interrupted; r++)
		bench_one_run(o, r);
	bench_io_stop(o);
	if (interrupted) {
		fprintf(stderr, "parvus bench: interrupted (signal %d); every QEMU stopped\n",
			(int)interrupted);
		return 3;
	}
	write_json(o, runs);
	write_markdown(o, runs);
	write_chart(o, runs);
	fprintf(stderr, "parvus bench: results in %s/results.md, results.json%s\n", o->out,
		selected(o, SYS_QEMU) ? ", chart.png, chart.svg" : "");
	for (int s = 0; s < NR_SYSTEMS; s++)
		if (R.failed[s])
			return 1;
	return 0;
}
