/* SPDX-License-Identifier: GPL-2.0-only */
/* parvus-devd's reading of a vbd's `params` node (pv-drivers/devd/params.c):
 * the two provisional forms it takes, and a reason for everything else,
 * since a malformed node must be refused, not crash the daemon. */
#include <criterion/criterion.h>
#include <string.h>
#include "../../pv-drivers/devd/devd.h"

static struct vbd_params p;
static const char *why;

static int parse(const char *s)
{
	why = NULL;
	return vbd_params_parse(s, &p, &why);
}

Test(devd_params, ram_disk_sizes)
{
	cr_assert_eq(parse("ram:64"), 0);
	cr_assert(p.ram);
	cr_assert_eq(p.mib, 64);
	cr_assert_eq(parse("ram:1"), 0);
	cr_assert_eq(p.mib, 1);
	cr_assert_eq(parse("ram:65536"), 0);
	cr_assert_eq(p.mib, 65536);
}

Test(devd_params, bad_ram_sizes_are_refused_with_a_reason)
{
	const char *bad[] = { "ram:", "ram:0", "ram:065", "ram:-1", "ram:+4", "ram: 4",
			      "ram:4M", "ram:65537", "ram:99999999999999999999999", "ram:4 " };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_neq(parse(bad[i]), 0, "%s accepted", bad[i]);
		cr_assert_not_null(why, "%s: no reason", bad[i]);
		cr_assert(!p.ram || p.mib <= 65536);
	}
}

Test(devd_params, block_devices)
{
	cr_assert_eq(parse("/dev/loop3"), 0);
	cr_assert(!p.ram);
	cr_assert_str_eq(p.path, "/dev/loop3");
	cr_assert_neq(parse("/dev/"), 0);
	cr_assert_neq(parse("/dev/../etc/passwd"), 0);
	cr_assert_neq(parse("/etc/passwd"), 0);
	cr_assert_neq(parse("dev/sda"), 0);
	cr_assert_neq(parse(""), 0);
	cr_assert_neq(parse("bogus:1"), 0);
	cr_assert_str_eq(why, "not ram:MIB, image:NAME, serial:NAME or /dev/NAME");
}

/* image:NAME: a file the toolstack put in the DD's root, by a plain name
 * only (no path out of DEVD_IMAGE_DIR). */
Test(devd_params, images)
{
	char longest[DEVD_IMAGE_NAME_MAX + 8] = "image:";

	cr_assert_eq(parse("image:vbd-2-51712"), 0, "%s", why);
	cr_assert(p.image);
	cr_assert(!p.ram);
	cr_assert_str_eq(p.path, "/parvus-images/vbd-2-51712");
	cr_assert_eq(parse("image:a.b_c"), 0, "%s", why);
	const char *bad[] = { "image:", "image:../x", "image:a/b", "image:.hidden", "image:a b",
			      "image:..", "image:/etc/passwd", "image:x\n" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_neq(parse(bad[i]), 0, "%s accepted", bad[i]);
		cr_assert_not_null(why, "%s: no reason", bad[i]);
		cr_assert(!p.image);
	}
	memset(longest + 6, 'a', DEVD_IMAGE_NAME_MAX);
	cr_assert_eq(parse(longest), 0, "64 characters");
	strcat(longest, "a");
	cr_assert_neq(parse(longest), 0, "65");
}

/* serial:NAME (parvus run --dd-devices=pci): a virtio-blk disk's serial. */
Test(devd_params, serials)
{
	cr_assert_eq(parse("serial:vbd-2-51712"), 0, "%s", why);
	cr_assert(p.serial);
	cr_assert(!p.image && !p.ram);
	cr_assert_str_eq(p.path, "vbd-2-51712");
	cr_assert_neq(parse("serial:"), 0);
	cr_assert_neq(parse("serial:a/b"), 0);
	cr_assert_neq(parse("serial:.x"), 0);
	cr_assert_str_eq(why, "serial: not 1 to 64 letters, digits, . _ - (no leading dot)");
	cr_assert(!p.serial);
}

Test(devd_params, a_path_longer_than_the_buffer_is_refused)
{
	char s[DEVD_PATH_MAX + 8];

	memcpy(s, "/dev/", 5);
	memset(s + 5, 'a', sizeof(s) - 6);
	s[sizeof(s) - 1] = '\0';
	cr_assert_neq(parse(s), 0);
	cr_assert_str_eq(why, "device path too long");
}
