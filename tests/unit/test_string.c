/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's freestanding string routines and command-line helpers. */
#include "unit.h"
#include <parvus/boot_info.h>

Test(string, mem_routines)
{
	char a[16] = "abcdefgh";

	cr_assert_eq(memcmp("abc", "abd", 3) < 0, 1);
	cr_assert_eq(memcmp("abc", "abc", 3), 0);
	memmove(a + 2, a, 6);
	cr_assert_eq(memcmp(a, "ababcdef", 8), 0, "overlapping move forward");
	memmove(a, a + 2, 6);
	cr_assert_eq(memcmp(a, "abcdefef", 8), 0, "overlapping move backward");
	memset(a, 'z', 3);
	cr_assert_eq(memcmp(a, "zzzdefef", 8), 0);
}

Test(string, str_routines)
{
	char buf[6];

	cr_assert_eq(strlen("hello"), 5);
	cr_assert_eq(strnlen("hello", 3), 3);
	cr_assert_eq(strcmp("a", "b") < 0, 1);
	cr_assert_eq(strncmp("abcx", "abcy", 3), 0);
	cr_assert_eq(strchr("hello", 'l') - "hello", 2);
	cr_assert_null(strchr("hello", 'z'));
	cr_assert_eq(strlcpy(buf, "truncated", sizeof(buf)), 9);
	cr_assert_str_eq(buf, "trunc");
}

Test(cmdline, get_values)
{
	char v[16];

	cr_assert(cmdline_get("a=1 dom_mem=64M  quiet", "dom_mem", v, sizeof(v)));
	cr_assert_str_eq(v, "64M");
	cr_assert(cmdline_get("insn=cli", "insn", v, sizeof(v)));
	cr_assert_str_eq(v, "cli");
	cr_assert_not(cmdline_get("xdom_mem=1", "dom_mem", v, sizeof(v)),
		      "a longer name is a different option");
	cr_assert_not(cmdline_get("dom_mem", "dom_mem", v, sizeof(v)));
	cr_assert(cmdline_get("k=0123456789abcdefXYZ", "k", v, sizeof(v)));
	cr_assert_str_eq(v, "0123456789abcde", "values are truncated to fit");
}

Test(cmdline, parse_size)
{
	uint64_t b;

	cr_assert(parse_size("64M", &b));
	cr_assert_eq(b, 64UL << 20);
	cr_assert(parse_size("2g", &b));
	cr_assert_eq(b, 2UL << 30);
	cr_assert(parse_size("512K", &b));
	cr_assert_eq(b, 512UL << 10);
	cr_assert(parse_size("4096", &b));
	cr_assert_eq(b, 4096);
	cr_assert_not(parse_size("lots", &b));
	cr_assert_not(parse_size("12MB", &b));
	cr_assert_not(parse_size("", &b));
	cr_assert_not(parse_size("99999999999999999999", &b), "overflow");
	cr_assert_not(parse_size("17179869184G", &b), "overflow after the shift");
}

Test(cmdline, skip_image_name)
{
	struct boot_info bi = { 0 };

	strlcpy(bi.loader, "qemu", sizeof(bi.loader));
	cr_assert_str_eq(cmdline_skip_image_name(&bi, "build/guests/hello.elf a=1 b"), "a=1 b");
	cr_assert_str_eq(cmdline_skip_image_name(&bi, "only-a-file"), "");
	strlcpy(bi.loader, "GRUB 2.06", sizeof(bi.loader));
	cr_assert_str_eq(cmdline_skip_image_name(&bi, "a=1 b"), "a=1 b",
			 "GRUB 2 passes no file name");
}

/* The word-at-a-time paths against a byte-by-byte reference, for every
 * alignment and length around the word size. */
Test(string, word_paths_match_bytes)
{
	static unsigned char src[96], dst[96], want[96];

	for (unsigned int i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 37 + 1);
	for (unsigned int so = 0; so < 9; so++)
		for (unsigned int dof = 0; dof < 9; dof++)
			for (unsigned int n = 0; n < 40; n++) {
				for (unsigned int i = 0; i < sizeof(dst); i++)
					dst[i] = want[i] = 0xee;
				for (unsigned int i = 0; i < n; i++)
					want[dof + i] = src[so + i];
				memcpy(dst + dof, src + so, n);
				cr_assert(!memcmp(dst, want, sizeof(dst)), "memcpy %u %u %u", so, dof, n);
				memset(dst + dof, 0x5a, n);
				for (unsigned int i = 0; i < n; i++)
					want[dof + i] = 0x5a;
				cr_assert(!memcmp(dst, want, sizeof(dst)), "memset %u %u", dof, n);
			}
	for (unsigned int i = 0; i < 64; i++)
		dst[i] = want[i] = (unsigned char)i;
	memmove(dst, dst + 8, 48);	/* overlapping, aligned, forward */
	for (unsigned int i = 0; i < 48; i++)
		want[i] = (unsigned char)(i + 8);
	cr_assert(!memcmp(dst, want, 64));
}
