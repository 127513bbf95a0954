/* SPDX-License-Identifier: GPL-2.0-only */
/* `parvus bench` (see bench.h). Each run boots each system once, in
 * turn, with the serial console in a log file; the workload's "bench
 * NAME VALUE us" lines are collected from it, along with the wall time to
 * the kernel's "Run /init" line and the guest's MemTotal. A system that
 * does not finish is reported with its log, not dropped. */
#include "bench.h"
#include "image.h"
#include <errno.h>
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
#define NR_SYSTEMS	3
#define GUEST_MIB	512

enum system { SYS_PARVUS, SYS_QEMU, SYS_XEN };
static const char *const system_names[NR_SYSTEMS] = { "parvus-pv", "qemu-full", "xen-pv" };

struct results {
	unsigned int nr_bench;
	char bench[MAX_BENCH][32];
	double value[NR_SYSTEMS][MAX_BENCH][MAX_RUNS];
	bool have[NR_SYSTEMS][MAX_BENCH][MAX_RUNS];
	double boot_ms[NR_SYSTEMS][MAX_RUNS];
	long memtotal_kib[NR_SYSTEMS];
	bool failed[NR_SYSTEMS];
	char failed_log[NR_SYSTEMS][1024];
};

static struct results R;

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static bool file_has(const char *path, const char *needle)
{
	static char buf[1 << 16];
	FILE *f = fopen(path, "r");
	bool found = false;

	while (f && !found && fgets(buf, sizeof(buf), f))
		found = strstr(buf, needle) != NULL;
	if (f)
		fclose(f);
	return found;
}

static void exec_system(const struct bench_options *o, enum system s, const char *log)
{
	static char serial[1100], hv[1100], modules[4096], append[256], mem[16];
	const char *cmd = o->quick ? "quick" : "";

	snprintf(serial, sizeof(serial), "file:%s", log);
	snprintf(mem, sizeof(mem), "%dM", s == SYS_QEMU ? GUEST_MIB : 2 * GUEST_MIB);
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
			 GUEST_MIB, GUEST_MIB);
		break;
	}
	/* shift=0: one guest instruction is one ns of the guest's clock;
	 * sleep=off: an idle guest's clock jumps to its next timer rather
	 * than waiting for the host's. Without --icount the NULL in its place
	 * ends the argument list there. */
	execlp("qemu-system-x86_64", "qemu-system-x86_64", "-accel", o->accel,
	       "-cpu", strcmp(o->accel, "kvm") ? "qemu64" : "host", "-m", mem,
	       "-nodefaults", "-no-user-config", "-display", "none", "-monitor", "none",
	       "-serial", serial, "-no-reboot",
	       "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
	       "-kernel", hv, "-append", append, "-initrd", modules,
	       o->icount ? "-icount" : NULL, "shift=0,sleep=off", (char *)NULL);
	_exit(127);
}

/* One system booting: its QEMU, and the wall time to /init once seen. */
struct boot {
	const char *log;
	pid_t pid;
	uint64_t start_ms, init_ms;
	double result;		/* ms to /init, or -1: it never finished */
	bool running;
};

static void boot_start(const struct bench_options *o, enum system s, struct boot *b)
{
	unlink(b->log);
	b->start_ms = now_ms();
	b->init_ms = 0;
	b->result = -1;
	b->pid = fork();
	if (!b->pid)
		exec_system(o, s, b->log);
	b->running = b->pid > 0;
}

/* Looks at a running boot once; false when it has ended (or been killed
 * for running past the time allowed). */
static bool boot_poll(const struct bench_options *o, struct boot *b)
{
	uint64_t limit_ms = (uint64_t)(o->quick ? 600 : 2400) * 1000;
	int status;

	if (!b->running)
		return false;
	if (!b->init_ms && file_has(b->log, "Run /init as init process"))
		b->init_ms = now_ms() - b->start_ms;
	if (waitpid(b->pid, &status, WNOHANG) == 0) {
		if (now_ms() - b->start_ms <= limit_ms)
			return true;
		kill(b->pid, SIGKILL);
		waitpid(b->pid, &status, 0);
	} else if (file_has(b->log, "bench-done") && b->init_ms) {
		b->result = (double)b->init_ms;
	}
	b->running = false;
	return false;
}

/* Boots the given systems at once (one, unless instructions are being
 * counted) and waits for all of them. */
static void boot_together(const struct bench_options *o, const enum system *s,
			  struct boot *b, unsigned int n)
{
	bool any = true;

	for (unsigned int i = 0; i < n; i++)
		boot_start(o, s[i], &b[i]);
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

static void collect(enum system s, unsigned int run, const char *log)
{
	static char line[1024];
	FILE *f = fopen(log, "r");

	while (f && fgets(line, sizeof(line), f)) {
		char name[32];
		double v;
		long kib;
		const char *p = strstr(line, "bench ");
		const char *q = strstr(line, "bench-info memtotal_kib ");
		int i;

		/* "bench" as a word: not the tail of "pvbench" in the kernel log. */
		if (p && p > line && p[-1] != ' ')
			p = NULL;

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

static struct stat3 bench_stats(enum system s, unsigned int b, unsigned int runs)
{
	return stats(R.value[s][b], R.have[s][b], runs);
}

static struct stat3 boot_stats(enum system s, unsigned int runs)
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

static void write_json(const struct bench_options *o, unsigned int runs)
{
	FILE *f = open_out(o, "results.json");
	time_t t = time(NULL);
	char date[32];

	if (!f)
		return;
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	fprintf(f, "{\n  \"date\": \"%s\",\n  \"accel\": \"%s\",\n  \"cpu\": \"qemu64\",\n"
		"  \"runs\": %u,\n  \"quick\": %s,\n  \"icount\": %s,\n  \"unit\": \"%s\",\n"
		"  \"systems\": {\n", date, o->accel, runs, o->quick ? "true" : "false",
		o->icount ? "true" : "false", o->icount ?
		"thousands of guest instructions per operation" : "microseconds per operation");
	for (int s = 0; s < NR_SYSTEMS; s++) {
		struct stat3 boot = boot_stats(s, runs);

		fprintf(f, "    \"%s\": {\n      \"booted\": %s,\n", system_names[s],
			R.failed[s] ? "false" : "true");
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
		fprintf(f, "\n      }\n    }%s\n", s + 1 < NR_SYSTEMS ? "," : "");
	}
	fprintf(f, "  }\n}\n");
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
	if (a.n && base.n && base.median > 0)
		fprintf(f, " %.2f |", a.median / base.median);
	else
		fprintf(f, " – |");
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
	fprintf(f, "| benchmark | Parvus PV | QEMU full virt | Xen 4.17 PV | Parvus / full | "
		"Xen / full | Parvus / Xen |\n|---|---|---|---|---|---|---|\n");
	for (unsigned int b = 0; b < R.nr_bench; b++) {
		struct stat3 p = bench_stats(SYS_PARVUS, b, runs), q = bench_stats(SYS_QEMU, b, runs),
			     x = bench_stats(SYS_XEN, b, runs);

		fprintf(f, "| %s |", R.bench[b]);
		cell(f, p);
		cell(f, q);
		cell(f, x);
		ratio(f, p, q);
		ratio(f, x, q);
		ratio(f, p, x);
		fprintf(f, "\n");
	}
	fprintf(f, o->icount ? "| kernel start to /init (ms, guest clock) |" :
		"| boot to /init (ms, wall) |");
	for (int s = 0; s < NR_SYSTEMS; s++)
		cell(f, boot_stats(s, runs));
	fprintf(f, " | | |\n| guest MemTotal (KiB) | %ld | %ld | %ld | | | |\n",
		R.memtotal_kib[SYS_PARVUS], R.memtotal_kib[SYS_QEMU], R.memtotal_kib[SYS_XEN]);
	for (int s = 0; s < NR_SYSTEMS; s++)
		if (R.failed[s])
			fprintf(f, "\n%s did not finish a run: see %s\n", system_names[s], R.failed_log[s]);
	fclose(f);
}

/* Ratios to full virtualization, one pair of bars per benchmark, on a log
 * scale (they span three orders of magnitude under TCG). */
static void write_chart(const struct bench_options *o, unsigned int runs)
{
	FILE *d = open_out(o, "ratios.dat"), *g = open_out(o, "chart.gnuplot");
	char cmd[1200];

	if (!d || !g) {
		if (d) fclose(d);
		if (g) fclose(g);
		return;
	}
	for (unsigned int b = 0; b < R.nr_bench; b++) {
		struct stat3 p = bench_stats(SYS_PARVUS, b, runs), q = bench_stats(SYS_QEMU, b, runs),
			     x = bench_stats(SYS_XEN, b, runs);

		fprintf(d, "%s %.4f %.4f\n", R.bench[b], p.n && q.median > 0 ? p.median / q.median : 0,
			x.n && q.median > 0 ? x.median / q.median : 0);
	}
	fclose(d);
	fprintf(g, "set termoption noenhanced\nset bmargin 9\n"
		"set style data histograms\nset style fill solid 0.8 border -1\n"
		"set logscale y\nset ylabel '%s / full virtualization (log)'\n"
		"set xtics rotate by -45\nset key top left\nset grid ytics\n"
		"set title 'Parvus PV and Xen PV against QEMU full virtualization (TCG%s)'\n"
		"plot 'ratios.dat' using 2:xtic(1) title 'Parvus PV', '' using 3 title 'Xen 4.17 PV', "
		"1 with lines lt -1 notitle\n", o->icount ? "instructions" : "time",
		o->icount ? ", instructions counted" : "");
	fclose(g);
	snprintf(cmd, sizeof(cmd), "cd '%s' && gnuplot -e \"set terminal pngcairo size 1200,600; "
		 "set output 'chart.png'\" chart.gnuplot 2>/dev/null || gnuplot -e \"set terminal png "
		 "size 1200,600; set output 'chart.png'\" chart.gnuplot; gnuplot -e \"set terminal svg "
		 "size 1200,600; set output 'chart.svg'\" chart.gnuplot", o->out);
	if (system(cmd))
		fprintf(stderr, "parvus bench: gnuplot failed; the data is in %s/ratios.dat\n", o->out);
}

/* The kernel's ELF and a one-domain manifest for the Parvus runs. */
static int prepare(const struct bench_options *o)
{
	struct kernel_image img;
	char why[300], path[1024];
	FILE *f;

	if (mkdir(o->out, 0755) && errno != EEXIST) {
		fprintf(stderr, "parvus bench: %s: %s\n", o->out, strerror(errno));
		return -1;
	}
	for (const char *const *p = (const char *const[]){ o->initrd, o->xen, NULL }; *p; p++)
		if (access(*p, R_OK)) {
			fprintf(stderr, "parvus bench: %s: %s (make linux-images builds it)\n",
				*p, strerror(errno));
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
	snprintf(path, sizeof(path), "%s/parvus.manifest", o->out);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "parvus-manifest 1\ndomain name=bench memory=%d kernel=1 ramdisk=2 "
		"cmdline=\"console=hvc0 %s\"\n", GUEST_MIB, o->quick ? "quick" : "");
	return fclose(f);
}

/* The kernel's own timestamp of its "Run /init" line, in ms: with
 * instructions counted, the guest's clock is the meaningful one (the wall
 * clock then only says how busy the host was). */
static double guest_init_ms(const char *log)
{
	static char line[1024];
	FILE *f = fopen(log, "r");
	double secs = -1;

	while (f && fgets(line, sizeof(line), f)) {
		const char *stamp = strchr(line, '[');

		if (strstr(line, "Run /init as init process") && stamp &&
		    sscanf(stamp, "[ %lf]", &secs) == 1)
			break;
	}
	if (f)
		fclose(f);
	return secs < 0 ? -1 : secs * 1000;
}

static void record(const struct bench_options *o, enum system s, unsigned int run,
		   const struct boot *b)
{
	R.boot_ms[s][run] = b->result < 0 || !o->icount ? b->result : guest_init_ms(b->log);
	if (b->result < 0) {
		R.failed[s] = true;
		snprintf(R.failed_log[s], sizeof(R.failed_log[s]), "%s", b->log);
		fprintf(stderr, "parvus bench: %s did not finish; see %s\n",
			system_names[s], b->log);
	}
	collect(s, run, b->log);
}

/* Timed runs go one system at a time, interleaved and rotated each run so
 * that drift hits all alike; counted ones need no such care and boot the
 * three side by side. */
static void bench_one_run(const struct bench_options *o, unsigned int r)
{
	static char logs[NR_SYSTEMS][1024];
	enum system order[NR_SYSTEMS];
	struct boot b[NR_SYSTEMS];
	unsigned int batch = o->icount ? NR_SYSTEMS : 1;

	for (unsigned int k = 0; k < NR_SYSTEMS; k++) {
		order[k] = (enum system)((k + r) % NR_SYSTEMS);
		snprintf(logs[k], sizeof(logs[k]), "%s/%s-run%u.log", o->out,
			 system_names[order[k]], r + 1);
		b[k].log = logs[k];
	}
	for (unsigned int k = 0; k < NR_SYSTEMS; k += batch) {
		for (unsigned int i = k; i < k + batch; i++)
			fprintf(stderr, "parvus bench: run %u/%u: %s\n", r + 1, o->runs,
				system_names[order[i]]);
		boot_together(o, order + k, b + k, batch);
		for (unsigned int i = k; i < k + batch; i++)
			record(o, order[i], r, &b[i]);
	}
}

int bench_run(const struct bench_options *o)
{
	unsigned int runs = o->runs;

	if (prepare(o))
		return 2;
	for (unsigned int r = 0; r < runs; r++)
		bench_one_run(o, r);
	write_json(o, runs);
	write_markdown(o, runs);
	write_chart(o, runs);
	fprintf(stderr, "parvus bench: results in %s/results.md, results.json, chart.png, chart.svg\n",
		o->out);
	return R.failed[SYS_PARVUS] || R.failed[SYS_QEMU] || R.failed[SYS_XEN] ? 1 : 0;
}
