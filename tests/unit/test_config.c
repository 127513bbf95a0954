/* SPDX-License-Identifier: GPL-2.0-only */
/* The parvus CLI's xl.cfg-style domain configs: what is accepted, xl's
 * cmdline/root/extra rule, and the file:line: reason for each refusal. */
#include <criterion/criterion.h>
#include <string.h>
#include "../../toolstack/parvus/config.h"

static struct domain_config cfg;
static char why[256];

static int parse(const char *text)
{
	why[0] = '\0';
	return config_parse("web.cfg", text, strlen(text), &cfg, why, sizeof(why));
}

Test(config, a_typical_xl_config)
{
	cr_assert_eq(parse("# a PV guest\n"
			   "name = \"web\"\n"
			   "type = 'pv'\n"
			   "memory = 256\r\n"
			   "vcpus = 1\n"
			   "kernel = \"/boot/vmlinuz\"   # the kernel\n"
			   "ramdisk = \"initrd.img\"\n"
			   "cmdline = \"console=hvc0 quiet\"\n"
			   "on_crash = \"destroy\"\n"), 0, "%s", why);
	cr_assert_str_eq(cfg.name, "web");
	cr_assert_eq(cfg.memory_mib, 256);
	cr_assert_str_eq(cfg.kernel, "/boot/vmlinuz");
	cr_assert_str_eq(cfg.ramdisk, "initrd.img");
	cr_assert_str_eq(cfg.cmdline, "console=hvc0 quiet");
	cr_assert_eq(cfg.weight, 256);
	cr_assert(!cfg.restart_on_crash);
}

/* on_crash = "restart" (issue 16): the hypervisor rebuilds the domain. */
Test(config, on_crash_restart)
{
	cr_assert_eq(parse("name='dd'\nkernel='k'\non_crash = \"restart\"\n"), 0, "%s", why);
	cr_assert(cfg.restart_on_crash);
	cr_assert_not(cfg.restart_on_reboot);
}

/* on_reboot = "restart": the same, when the domain asks for a reboot. */
Test(config, on_reboot_restart)
{
	cr_assert_eq(parse("name='dd'\nkernel='k'\non_reboot = 'restart'\n"), 0, "%s", why);
	cr_assert(cfg.restart_on_reboot);
	cr_assert_not(cfg.restart_on_crash);
	cr_assert_eq(parse("name='dd'\nkernel='k'\non_reboot = 'destroy'\n"), 0, "%s", why);
	cr_assert_not(cfg.restart_on_reboot);
}

Test(config, defaults_and_root_extra)
{
	cr_assert_eq(parse("name='a'\nkernel='k'\nroot='/dev/xvda1 ro'\nextra='console=hvc0'\n"), 0, "%s", why);
	cr_assert_eq(cfg.memory_mib, 128, "xl's default memory");
	cr_assert_str_eq(cfg.cmdline, "root=/dev/xvda1 ro console=hvc0");
	cr_assert_eq(parse("name='a'\nkernel='k'\nextra='quiet'\ncmdline='x'\n"), 0);
	cr_assert_str_eq(cfg.cmdline, "x", "cmdline wins over extra");
	cr_assert_eq(parse("name='a'\nkernel='k'\ncpu_weight=512\n"), 0);
	cr_assert_eq(cfg.weight, 512);
	cr_assert_eq(cfg.grant_frames, 0, "the hypervisor's default");
	cr_assert_eq(parse("name='a'\nkernel='k'\nmax_grant_frames=64\nmax_maptrack_frames=16\n"), 0);
	cr_assert(cfg.grant_frames == 64 && cfg.maptrack_frames == 16);
}

Test(config, refusals_name_file_line_and_reason)
{
	static const struct { const char *text, *why; } cases[] = {
		{ "name='a'\nkernel='k'\ncolour='red'\n", "web.cfg:3: unknown key \"colour\"" },
		{ "name='a'\nmemory=0\nkernel='k'\n", "web.cfg:2: memory = 0: expected 1 to 65536" },
		{ "name='a'\nmemory='lots'\n", "web.cfg:2: memory must be a number" },
		{ "name='a'\nvcpus=2\n", "web.cfg:2: vcpus: only 1 vCPU per domain for now" },
		{ "name=\"a\nkernel='k'\n", "web.cfg:1: unterminated string" },
		{ "name='a' kernel='k'\n", "web.cfg:1: unexpected \"kernel='k'\" after the value" },
		{ "name\n", "web.cfg:1: expected key = value" },
		{ "name=web\n", "web.cfg:1: expected a \"string\", a number or a [list]" },
		{ "name='a b'\n", "web.cfg:1: name \"a b\": only letters, digits, '_', '.' and '-'" },
		{ "name=''\n", "web.cfg:1: name is empty" },
		{ "name='a'\ntype='hvm'\n", "web.cfg:2: type = \"hvm\": only \"pv\" is supported" },
		{ "name='a'\non_crash='preserve'\n", "web.cfg:2: on_crash = \"preserve\": only \"destroy\" and \"restart\" are supported" },
		{ "name='a'\non_reboot='preserve'\n", "web.cfg:2: on_reboot = \"preserve\": only \"destroy\" and \"restart\" are supported" },
		{ "name='a'\non_poweroff='restart'\n", "web.cfg:2: on_poweroff = \"restart\": only \"destroy\" is supported" },
		{ "name='a'\nvif=['bridge=br0'\n", "web.cfg:2: unterminated list (no ']')" },
		{ "kernel='k'\n", "web.cfg: no name = \"...\" (every domain needs one)" },
		{ "name='a'\n", "web.cfg: no kernel = \"...\"" },
		{ "name='a'\ncpu_weight=70000\n", "web.cfg:2: cpu_weight = 70000: expected 1 to 65535" },
		{ "name='a'\nmax_grant_frames=65\n", "web.cfg:2: max_grant_frames = 65: expected 1 to 64" },
		{ "name='a'\nmax_maptrack_frames=0\n", "web.cfg:2: max_maptrack_frames = 0: expected 1 to 64" },
		{ "name='a'\nmemory=99999999999999999999999\n", "web.cfg:2: number too large" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(parse(cases[i].text), -1, "accepted: %s", cases[i].text);
		cr_assert_str_eq(why, cases[i].why);
	}
}

Test(config, binary_files_are_refused)
{
	static const char text[] = "name='a'\n\x7f" "ELF\0\0";

	cr_assert_eq(config_parse("vmlinuz", text, sizeof(text) - 1, &cfg, why, sizeof(why)), -1);
	cr_assert_str_eq(why, "vmlinuz:2: a NUL byte: not a text file");
}
