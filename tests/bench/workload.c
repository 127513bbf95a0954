/* SPDX-License-Identifier: GPL-2.0-only */
/* The guest side of `parvus bench`: lmbench-style micro-benchmarks run
 * inside the guest, each the median of repeated timed loops, printed as
 *   bench NAME VALUE UNIT
 * lines on the console for the host to collect. Static, no libraries
 * beyond libc, so the same binary runs under every system compared.
 * usage: workload [quick]
 *        workload now    (CLOCK_MONOTONIC in ns, for the I/O rows'
 *                         script: busybox date has no %N) */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SAMPLES 7

static int quick;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Runs fn(iters) SAMPLES times; prints the median time per iteration. */
static void bench(const char *name, void (*fn)(long), long iters)
{
	double per[SAMPLES];

	if (quick)
		iters = iters / 10 ? iters / 10 : 1;
	fn(iters / 10 ? iters / 10 : 1);	/* warm up */
	for (int s = 0; s < SAMPLES; s++) {
		uint64_t t0 = now_ns();

		fn(iters);
		per[s] = (double)(now_ns() - t0) / (double)iters / 1000.0;
	}
	qsort(per, SAMPLES, sizeof(per[0]), cmp_double);
	printf("bench %s %.3f us\n", name, per[SAMPLES / 2]);
	fflush(stdout);
}

static void do_getppid(long n) { while (n--) getppid(); }
static void do_gettimeofday(long n) { struct timeval tv; while (n--) gettimeofday(&tv, NULL); }

static int devnull;
static void do_read(long n) { char c; while (n--) if (read(devnull, &c, 1) < 0) exit(1); }
static void do_write(long n) { char c = 0; while (n--) if (write(devnull, &c, 1) < 0) exit(1); }

static void do_open_close(long n)
{
	while (n--)
		close(open("/dev/null", O_RDONLY));
}

static void do_stat(long n) { struct stat st; while (n--) stat("/init", &st); }

static void do_fork_exit(long n)
{
	while (n--) {
		pid_t p = fork();

		if (!p)
			_exit(0);
		waitpid(p, NULL, 0);
	}
}

static void fork_exec(long n, char *const argv[])
{
	while (n--) {
		pid_t p = fork();

		if (!p) {
			execv(argv[0], argv);
			_exit(127);
		}
		waitpid(p, NULL, 0);
	}
}

static void do_fork_exec(long n) { char *argv[] = { "/bin/true", NULL }; fork_exec(n, argv); }
static void do_fork_sh(long n) { char *argv[] = { "/bin/sh", "-c", "exit", NULL }; fork_exec(n, argv); }

/* A page fault per page on fresh anonymous memory (per page). */
static void do_page_fault(long n)
{
	size_t len = (size_t)n * 4096;
	volatile char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	for (long i = 0; i < n; i++)
		p[i * 4096] = 1;
	munmap((void *)p, len);
}

static void do_mmap_1m(long n)
{
	while (n--) {
		void *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		munmap(p, 1 << 20);
	}
}

/* Pipe ping-pong: one round trip = two context switches. */
static void do_pipe_pingpong(long n)
{
	int a[2], b[2];
	char c = 0;
	pid_t p;

	if (pipe(a) || pipe(b))
		exit(1);
	p = fork();
	if (!p) {
		for (long i = 0; i < n; i++)
			if (read(a[0], &c, 1) != 1 || write(b[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	for (long i = 0; i < n; i++)
		if (write(a[1], &c, 1) != 1 || read(b[0], &c, 1) != 1)
			exit(1);
	waitpid(p, NULL, 0);
	close(a[0]); close(a[1]); close(b[0]); close(b[1]);
}

static volatile sig_atomic_t caught;
static void on_usr1(int s) { (void)s; caught++; }

static void do_signal(long n)
{
	struct sigaction sa = { .sa_handler = on_usr1 };

	while (n--) {
		sigaction(SIGUSR1, &sa, NULL);
		kill(getpid(), SIGUSR1);
	}
}

static char *big_src, *big_dst;
#define BIG (64u << 20)
static void do_memcpy(long n) { while (n--) memcpy(big_dst, big_src, BIG); }

static volatile uint64_t sink;
static void do_cpu(long n)
{
	uint64_t x = 1;

	while (n--)
		for (int i = 0; i < 1000; i++)
			x = x * 6364136223846793005u + 1442695040888963407u;
	sink = x;
}

static void memory_info(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "MemTotal:", 9))
			printf("bench-info memtotal_kib %ld\n", strtol(line + 9, NULL, 10));
	if (f)
		fclose(f);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "now")) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		printf("%lld\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
		return 0;
	}
	quick = argc > 1 && !strcmp(argv[1], "quick");
	devnull = open("/dev/null", O_RDWR);
	big_src = malloc(BIG);
	big_dst = malloc(BIG);
	memset(big_src, 1, BIG);
	memset(big_dst, 2, BIG);
	memory_info();
	bench("null_syscall", do_getppid, 200000);
	bench("read_devnull", do_read, 100000);
	bench("write_devnull", do_write, 100000);
	bench("open_close", do_open_close, 20000);
	bench("stat", do_stat, 50000);
	bench("fork_exit", do_fork_exit, 200);
	bench("fork_execve", do_fork_exec, 100);
	bench("fork_execve_sh", do_fork_sh, 50);
	bench("page_fault", do_page_fault, 4096);
	bench("mmap_munmap_1m", do_mmap_1m, 2000);
	bench("pipe_pingpong", do_pipe_pingpong, 5000);
	bench("signal", do_signal, 20000);
	bench("gettimeofday", do_gettimeofday, 200000);
	bench("memcpy_64m", do_memcpy, 4);
	bench("cpu_loop", do_cpu, 20000);
	return 0;
}
