/* SPDX-License-Identifier: GPL-2.0-only */
/* The boot manifest parser: what it accepts and the reason for everything
 * it refuses. */
#include "unit.h"
#include <parvus/manifest.h>

static struct manifest m;
static char why[200];

static int parse(const char *text, unsigned int nr_modules)
{
	why[0] = '\0';
	return manifest_parse(text, strlen(text), nr_modules, &m, why, sizeof(why));
}

Test(manifest, two_domains)
{
	cr_assert_eq(parse("parvus-manifest 1\n"
			   "# a comment\n"
			   "\n"
			   "domain name=web memory=64 vcpus=1 kernel=1 ramdisk=2 cmdline=\"console=hvc0 quiet\"\r\n"
			   "  domain name=store memory=16 kernel=3 role=xenstore weight=512\n", 4), 0, "%s", why);
	cr_assert_eq(m.nr_domains, 2);
	cr_assert_str_eq(m.domains[0].name, "web");
	cr_assert_eq(m.domains[0].memory_mib, 64);
	cr_assert_eq(m.domains[0].kernel_module, 1);
	cr_assert_eq(m.domains[0].ramdisk_module, 2);
	cr_assert_str_eq(m.domains[0].cmdline, "console=hvc0 quiet");
	cr_assert_eq(m.domains[0].role, ROLE_ORDINARY);
	cr_assert_eq(m.domains[1].ramdisk_module, MANIFEST_NO_MODULE);
	cr_assert_eq(m.domains[1].role, ROLE_XENSTORE);
	cr_assert_str_eq(m.domains[1].cmdline, "");
	cr_assert_eq(m.domains[0].weight, MANIFEST_DEFAULT_WEIGHT);
	cr_assert_eq(m.domains[1].weight, 512);
}

/* xl.cfg's max_grant_frames and max_maptrack_frames; 0 = the defaults. */
Test(manifest, grant_limits)
{
	cr_assert_eq(parse("parvus-manifest 1\n"
			   "domain name=dd memory=64 kernel=1 grant_frames=64 maptrack_frames=16\n"
			   "domain name=guest memory=64 kernel=1\n", 2), 0, "%s", why);
	cr_assert_eq(m.domains[0].grant_frames, 64);
	cr_assert_eq(m.domains[0].maptrack_frames, 16);
	cr_assert_eq(m.domains[1].grant_frames, 0);
	cr_assert_eq(m.domains[1].maptrack_frames, 0);
}

Test(manifest, detect)
{
	cr_assert(manifest_detect("parvus-manifest 1\n", 18));
	cr_assert_not(manifest_detect("\177ELF", 4));
	cr_assert_not(manifest_detect("parvus-manifest 12\n", 19));
}

struct bad_case {
	const char *text;
	const char *why;
};

Test(manifest, refusals)
{
	static const struct bad_case cases[] = {
		{ "hello", "manifest does not start with \"parvus-manifest 1\"" },
		{ "parvus-manifest 1\n", "manifest names no domain" },
		{ "parvus-manifest 1\nvm name=a\n", "manifest line 2: expected \"domain key=value ...\"" },
		{ "parvus-manifest 1\ndomain name=a memory=8\n", "manifest line 2: domain a has no kernel=" },
		{ "parvus-manifest 1\ndomain name=a kernel=1\n", "manifest line 2: domain a has no memory=" },
		{ "parvus-manifest 1\ndomain memory=8 kernel=1\n", "manifest line 2: domain has no name=" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=9\n",
		  "manifest line 2: kernel=9: no such boot module (modules 1..2)" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=0\n",
		  "manifest line 2: kernel=0: no such boot module (modules 1..2)" },
		{ "parvus-manifest 1\ndomain name=a memory=lots kernel=1\n",
		  "manifest line 2: memory=lots is not a size in MiB" },
		{ "parvus-manifest 1\ndomain name=a memory=0 kernel=1\n",
		  "manifest line 2: memory=0 is not a size in MiB" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 vcpus=2\n",
		  "manifest line 2: vcpus=2: only 1 vCPU per domain for now" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 colour=red\n",
		  "manifest line 2: unknown key \"colour\"" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 cmdline=\"open\n",
		  "manifest line 2: unterminated quote in cmdline=" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 weight=0\n",
		  "manifest line 2: weight=0: expected 1 to 65535" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 weight=65536\n",
		  "manifest line 2: weight=65536: expected 1 to 65535" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 grant_frames=0\n",
		  "manifest line 2: grant_frames=0: expected 1 to 64" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 grant_frames=65\n",
		  "manifest line 2: grant_frames=65: expected 1 to 64" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 maptrack_frames=0\n",
		  "manifest line 2: maptrack_frames=0: expected 1 to 64" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 maptrack_frames=x\n",
		  "manifest line 2: maptrack_frames=x: expected 1 to 64" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 role=boss\n",
		  "manifest line 2: role=boss: expected ordinary or xenstore" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1\ndomain name=a memory=8 kernel=2\n",
		  "manifest line 3: domain name a used twice" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 role=xenstore\n"
		  "domain name=b memory=8 kernel=2 role=xenstore\n",
		  "manifest line 3: a second xenstore domain (b)" },
		{ "parvus-manifest 1\ndomain name=s memory=8 kernel=1 ramdisk=2 role=xenstore\n",
		  "manifest line 2: domain s: role=xenstore takes no ramdisk= (its ramdisk is the domain list)" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel\n",
		  "manifest line 2: expected key=value, got \"kernel\"" },
		{ "parvus-manifest 1\ndomain name=abcdefghijabcdefghijabcdefghijabc memory=8 kernel=1\n",
		  "manifest line 2: name must be 1 to 31 characters" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_neq(parse(cases[i].text, 3), 0, "case %zu accepted", i);
		cr_assert_str_eq(why, cases[i].why, "case %zu", i);
	}
}

Test(manifest, long_line_and_too_many_domains)
{
	static char text[8192];
	size_t n = 0;

	n += snprintf(text + n, sizeof(text) - n, "parvus-manifest 1\ndomain cmdline=");
	memset(text + n, 'x', 2000);
	text[n + 2000] = '\0';
	cr_assert_neq(parse(text, 3), 0);
	cr_assert_str_eq(why, "manifest line 2: line too long");

	n = snprintf(text, sizeof(text), "parvus-manifest 1\n");
	for (int i = 0; i < 17; i++)
		n += snprintf(text + n, sizeof(text) - n, "domain name=d%d memory=8 kernel=1\n", i);
	cr_assert_neq(parse(text, 3), 0);
	cr_assert_str_eq(why, "manifest line 18: more than 16 domains");
}
