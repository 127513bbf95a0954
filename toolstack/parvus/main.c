/* parvus: the toolstack CLI, in the spirit of xl.
 *   parvus run [--accel tcg|kvm] [--timeout SECONDS] [--log FILE] CONFIG...
 *   parvus inspect IMAGE
 *   parvus help [COMMAND]
 * Usage errors exit 2, like a bad config. */
#include "image.h"
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
	"  help [COMMAND]    this text, or a command's\n";

static const char usage_run[] =
	"usage: parvus run [--accel tcg|kvm] [--timeout SECONDS] [--log FILE] CONFIG...\n"
	"\n"
	"Boots the Parvus hypervisor under QEMU with the xenstore domain and one PV\n"
	"domain per CONFIG (xl.cfg syntax: name, memory, vcpus, kernel, ramdisk,\n"
	"cmdline or root/extra, cpu_weight, type = \"pv\"). Kernels may be ELF or a\n"
	"Linux bzImage (gzip, xz, lzma, bzip2, lz4 or zstd payload). Every config and\n"
	"image is checked before anything starts. On a terminal the console is\n"
	"interactive (Ctrl-A three times switches domains); otherwise it streams.\n"
	"\n"
	"  --accel tcg|kvm   QEMU accelerator (default tcg)\n"
	"  --timeout SECONDS stop QEMU after this long (default: none)\n"
	"  --log FILE        serial console to FILE instead of the terminal\n"
	"\n"
	"Exit status: 0 every domain powered off cleanly, 1 a domain crashed,\n"
	"2 usage or config error (nothing started), 3 timeout or interrupted\n"
	"(QEMU stopped, nothing left running).\n";

static const char usage_inspect[] =
	"usage: parvus inspect IMAGE\n"
	"\n"
	"Says what IMAGE is (ELF, or a bzImage and its payload's compression), its\n"
	"ELF class, machine and entry, every Xen ELF note, and whether Parvus can\n"
	"boot it and why not. Exit status: 0 bootable, 1 not bootable, 2 unreadable\n"
	"or not a kernel image.\n";

static int help(const char *cmd)
{
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
	static char bindir[PATH_MAX];
	struct run_options o = { .accel = "tcg", .bindir = bindir };
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(opt, "--help") || !strcmp(opt, "-h"))
			return help("run");
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
		else {
			fprintf(stderr, "parvus run: bad option %s %s (see parvus run --help)\n", opt, val);
			return 2;
		}
	}
	find_bindir(argv0, bindir, sizeof(bindir));
	return run_domains(&o, argc - i, argv + i);
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
	fprintf(stderr, "parvus: no command \"%s\"\n%s", argv[1], usage_main);
	return 2;
}
