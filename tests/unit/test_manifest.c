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

/* role=driver: a driver domain, as many as MANIFEST_MAX_DRIVER_DOMAINS. */
Test(manifest, driver_domains)
{
	cr_assert_eq(parse("parvus-manifest 1\n"
			   "domain name=dd memory=128 kernel=1 ramdisk=2 role=driver\n"
			   "domain name=g memory=64 kernel=1\n"
			   "domain name=dd2 memory=64 kernel=1 role=driver\n", 3), 0, "%s", why);
	cr_assert_eq(m.domains[0].role, ROLE_DRIVER);
	cr_assert_eq(m.domains[1].role, ROLE_ORDINARY);
	cr_assert_eq(m.domains[2].role, ROLE_DRIVER);
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

/* The pciback service domain (pv-drivers/pciback/) beside the store. */
Test(manifest, pciback_role)
{
	cr_assert_eq(parse("parvus-manifest 1\n"
			   "domain name=store memory=16 kernel=1 role=xenstore\n"
			   "domain name=pciback memory=8 kernel=2 role=pciback\n"
			   "domain name=dd memory=64 kernel=3\n", 4), 0, "%s", why);
	cr_assert_eq(m.domains[0].role, ROLE_XENSTORE);
	cr_assert_eq(m.domains[1].role, ROLE_PCIBACK);
	cr_assert_eq(m.domains[2].role, ROLE_ORDINARY);
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
		{ "parvus-manifest 1\nvm name=a\n",
		  "manifest line 2: expected \"domain key=value ...\" or \"node PATH VALUE perms=...\"" },
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
		  "manifest line 2: role=boss: expected ordinary, xenstore, pciback or driver" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 role=driver\n"
		  "domain name=b memory=8 kernel=1 role=driver\n"
		  "domain name=c memory=8 kernel=1 role=driver\n",
		  "manifest line 4: domain c: more than 2 role=driver domains" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1\ndomain name=a memory=8 kernel=2\n",
		  "manifest line 3: domain name a used twice" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 role=xenstore\n"
		  "domain name=b memory=8 kernel=2 role=xenstore\n",
		  "manifest line 3: a second xenstore domain (b)" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 role=pciback\n"
		  "domain name=b memory=8 kernel=1\ndomain name=c memory=8 kernel=2 role=pciback\n",
		  "manifest line 4: a second pciback domain (c; a is one)" },
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

/* ---- node lines ---- */

#define TWO_DOMAINS "parvus-manifest 1\n" \
	"domain name=store memory=16 kernel=1 role=xenstore\n" \
	"domain name=guest memory=16 kernel=2\n"

Test(manifest, node_lines)
{
	cr_assert_eq(parse(TWO_DOMAINS
			   "node /local/domain/2/device/vbd/51712/backend-id 1 perms=n2,r1\n"
			   "  node /local/domain/2/device/vbd/51712/backend \"/local/domain/1/backend/vbd/2/51712\" perms=n2,r1\r\n"
			   "node /local/domain/1/x \"a \\\"b\\\"\" perms=b0\n", 3), 0, "%s", why);
	cr_assert_eq(m.nr_nodes, 3);
	cr_assert_str_eq(m.nodes[0].path, "/local/domain/2/device/vbd/51712/backend-id");
	cr_assert_str_eq(m.nodes[0].value, "1");
	cr_assert_eq(m.nodes[0].nr_perms, 2);
	cr_assert_eq(m.nodes[0].perms[1].domid, 1);
	cr_assert_eq(m.nodes[0].perms[1].perm, XS_SEED_PERM_READ);
	cr_assert_str_eq(m.nodes[1].value, "/local/domain/1/backend/vbd/2/51712");
	cr_assert_str_eq(m.nodes[2].value, "a \"b\"");
	cr_assert_eq(m.nodes[2].perms[0].domid, 0, "domain 0: the toolstack");
	cr_assert_eq(parse("parvus-manifest 1\n"
			   "node /local/domain/1/x 1 perms=n1\n"
			   "domain name=store memory=16 kernel=1 role=xenstore\n", 2), 0,
		     "a node line before the domain it names: %s", why);
}

Test(manifest, node_refusals)
{
	static const struct { const char *line, *why; } bad[] = {
		{ "node /local/domain/3/x 1 perms=n2\n",
		  "manifest line 4: node /local/domain/3/x: no domain 3 in this manifest (1 to 2)" },
		{ "node /local/domain/0/x 1 perms=n2\n",
		  "manifest line 4: node /local/domain/0/x: no domain 0 in this manifest (1 to 2)" },
		{ "node /local/domain/2/x 1 perms=n2,r7\n",
		  "manifest line 4: node /local/domain/2/x: perms= names domain 7, not in this manifest (0 to 2)" },
		{ "node /local/domain/2/x 1\n",
		  "manifest line 4: node: expected perms= after the value" },
		{ "node /local/domain/2/x \"a perms=n2\n",
		  "manifest line 4: node: unterminated quote in the value" },
		{ "nodes /local/domain/2/x 1 perms=n2\n",
		  "manifest line 4: expected \"domain key=value ...\" or \"node PATH VALUE perms=...\"" },
	};
	char text[512];

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), TWO_DOMAINS "%s", bad[i].line);
		cr_assert_eq(parse(text, 3), -1, "accepted: %s", bad[i].line);
		cr_assert_str_eq(why, bad[i].why);
	}
	cr_assert_eq(parse("parvus-manifest 1\ndomain name=a memory=16 kernel=1\n"
			   "node /local/domain/1/x 1 perms=n1\n", 2), -1);
	cr_assert_str_eq(why, "manifest line 3: node lines need a role=xenstore domain to create them");
}

Test(manifest, too_many_node_lines)
{
	static char text[(MANIFEST_MAX_NODES + 1) * 48 + 200];
	size_t n = (size_t)snprintf(text, sizeof(text), TWO_DOMAINS);

	for (unsigned int i = 0; i < MANIFEST_MAX_NODES; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "node /local/domain/2/n%u %u perms=n2\n", i, i);
	cr_assert_eq(parse(text, 3), 0, "%s", why);
	cr_assert_eq(m.nr_nodes, MANIFEST_MAX_NODES);
	snprintf(text + n, sizeof(text) - n, "node /local/domain/2/one-more 1 perms=n2\n");
	cr_assert_eq(parse(text, 3), -1);
	cr_assert_str_eq(why, "manifest line 516: more than 512 node lines");
}

/* pci= and role=pciback (parvus/pci.h). */
Test(manifest, pci_devices)
{
	cr_assert_eq(parse("parvus-manifest 1\n"
			   "domain name=dd memory=256 kernel=1 pci=00:04.0,0000:00:05.1\n"
			   "domain name=pciback memory=8 kernel=2 role=pciback\n"
			   "domain name=other memory=8 kernel=2 pci=0001:00:04.0\n", 3), 0, "%s", why);
	cr_assert_eq(m.domains[0].nr_pci, 2);
	cr_assert_eq(m.domains[0].pci[0].devfn, PCI_DEVFN(4, 0));
	cr_assert_eq(m.domains[0].pci[1].devfn, PCI_DEVFN(5, 1));
	cr_assert_eq(m.domains[1].role, ROLE_PCIBACK);
	cr_assert_eq(m.domains[1].nr_pci, 0);
	cr_assert_eq(m.domains[2].pci[0].seg, 1, "another segment is another device");
	cr_assert_eq(parse("parvus-manifest 1\n"
			   "domain name=dd memory=8 kernel=1 pci=00:01.0,00:02.0,00:03.0,00:04.0,"
			   "00:05.0,00:06.0,00:07.0,00:08.0\n", 2), 0, "8 devices: %s", why);
	cr_assert_eq(m.domains[0].nr_pci, 8);
}

Test(manifest, pci_refusals)
{
	static const struct bad_case cases[] = {
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 pci=\n",
		  "manifest line 2: pci= names no device" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 pci=4.0\n",
		  "manifest line 2: pci=4.0: expected BB:DD.F or SSSS:BB:DD.F" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 pci=00:04.0,\n",
		  "manifest line 2: pci= ends with a comma" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 pci=00:04.0,,00:05.0\n",
		  "manifest line 2: pci=: expected BB:DD.F or SSSS:BB:DD.F" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 pci=00:20.0\n",
		  "manifest line 2: pci=00:20.0: expected BB:DD.F or SSSS:BB:DD.F" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 pci=00:04.0,0000:00:04.0\n",
		  "manifest line 2: pci=0000:00:04.0 named twice" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 pci=00:04.0\n"
		  "domain name=b memory=8 kernel=1 pci=00:05.0,00:04.0\n",
		  "manifest line 3: pci=0000:00:04.0 is already domain a's" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 pci=00:04.0 pci=00:05.0\n",
		  "manifest line 2: pci= given twice" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 pci=00:01.0,00:02.0,00:03.0,"
		  "00:04.0,00:05.0,00:06.0,00:07.0,00:08.0,00:09.0\n",
		  "manifest line 2: pci= names more than 8 devices" },
		{ "parvus-manifest 1\ndomain name=a memory=8 kernel=1 role=pciback\n"
		  "domain name=b memory=8 kernel=1 role=pciback\n",
		  "manifest line 3: a second pciback domain (b; a is one)" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_neq(parse(cases[i].text, 3), 0, "case %zu accepted", i);
		cr_assert_str_eq(why, cases[i].why, "case %zu", i);
	}
}

/* on_reboot=restart: rebuild the domain when it asks for a reboot, as
 * xl's default; destroy (ours) leaves it. Independent of on_crash. */
Test(manifest, on_reboot)
{
	cr_assert_eq(parse("parvus-manifest 1\n"
			   "domain name=dd memory=64 kernel=1 on_reboot=restart\n"
			   "domain name=g memory=64 kernel=1 on_reboot=destroy on_crash=restart\n"
			   "domain name=h memory=64 kernel=1\n", 2), 0, "%s", why);
	cr_assert(m.domains[0].restart_on_reboot);
	cr_assert_not(m.domains[0].restart_on_crash);
	cr_assert_not(m.domains[1].restart_on_reboot);
	cr_assert(m.domains[1].restart_on_crash);
	cr_assert_not(m.domains[2].restart_on_reboot);
	cr_assert_eq(parse("parvus-manifest 1\n"
			   "domain name=g memory=64 kernel=1 on_reboot=preserve\n", 2), -1);
	cr_assert_str_eq(why, "manifest line 2: on_reboot=preserve: expected destroy or restart");
	cr_assert_eq(parse("parvus-manifest 1\n"
			   "domain name=s memory=16 kernel=1 role=xenstore on_reboot=restart\n", 2), -1);
	cr_assert_str_eq(why, "manifest line 2: domain s: role=xenstore cannot be restarted "
			 "(on_crash=restart, on_reboot=restart): the store would be lost");
}

/* on_crash=restart: rebuild the domain when it crashes; destroy (the
 * default) leaves it dead. Anything else, and a xenstore domain that
 * would restart, is refused with one line. */
Test(manifest, on_crash)
{
	cr_assert_eq(parse("parvus-manifest 1\n"
			   "domain name=dd memory=64 kernel=1 role=driver on_crash=restart\n"
			   "domain name=g memory=64 kernel=1 on_crash=destroy\n"
			   "domain name=h memory=64 kernel=1\n", 2), 0, "%s", why);
	cr_assert(m.domains[0].restart_on_crash);
	cr_assert_not(m.domains[1].restart_on_crash);
	cr_assert_not(m.domains[2].restart_on_crash);
	cr_assert_eq(parse("parvus-manifest 1\n"
			   "domain name=g memory=64 kernel=1 on_crash=reboot\n", 2), -1);
	cr_assert_str_eq(why, "manifest line 2: on_crash=reboot: expected destroy or restart");
	cr_assert_eq(parse("parvus-manifest 1\n"
			   "domain name=g memory=64 kernel=1 on_crash=\n", 2), -1);
	cr_assert_str_eq(why, "manifest line 2: on_crash=: expected destroy or restart");
	cr_assert_eq(parse("parvus-manifest 1\n"
			   "domain name=g memory=64 kernel=1 on_crash=RESTART\n", 2), -1);
	cr_assert_eq(parse("parvus-manifest 1\n"
			   "domain name=s memory=16 kernel=1 role=xenstore on_crash=restart\n", 2), -1);
	cr_assert_str_eq(why, "manifest line 2: domain s: role=xenstore cannot be restarted "
			 "(on_crash=restart, on_reboot=restart): the store would be lost");
	cr_assert_eq(parse("parvus-manifest 1\n"
			   "domain name=s memory=16 kernel=1 on_crash=restart role=xenstore\n", 2), -1);
}
