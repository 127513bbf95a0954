/* SPDX-License-Identifier: GPL-2.0-only */
/* vsnprintf: the formatting behind printk and guest output. */
#include "unit.h"

static const char *fmt(const char *f, ...)
{
	static char buf[128];
	va_list ap;

	va_start(ap, f);
	vsnprintf(buf, sizeof(buf), f, ap);
	va_end(ap);
	return buf;
}

Test(vsnprintf, integers)
{
	cr_assert_str_eq(fmt("%d %i %u", -42, 7, 3000000000u), "-42 7 3000000000");
	cr_assert_str_eq(fmt("%ld", -9223372036854775807L - 1), "-9223372036854775808");
	cr_assert_str_eq(fmt("%lu", 18446744073709551615UL), "18446744073709551615");
	cr_assert_str_eq(fmt("%llx %zu", 0xdeadbeefcafeULL, (size_t)12), "deadbeefcafe 12");
	cr_assert_str_eq(fmt("%o", 8), "10");
}

Test(vsnprintf, hex_width_and_padding)
{
	cr_assert_str_eq(fmt("%x %X", 255, 255), "ff FF");
	cr_assert_str_eq(fmt("%08x", 0xbeef), "0000beef");
	cr_assert_str_eq(fmt("%016lx", 0x1UL), "0000000000000001");
	cr_assert_str_eq(fmt("%5d|%-5d|", 42, 42), "   42|42   |");
	cr_assert_str_eq(fmt("%05d", -42), "-0042");
	cr_assert_str_eq(fmt("%*d", 4, 7), "   7");
	cr_assert_str_eq(fmt("%-*d|", 3, 7), "7  |");
}

Test(vsnprintf, strings_chars_pointers)
{
	cr_assert_str_eq(fmt("[%s]", "abc"), "[abc]");
	cr_assert_str_eq(fmt("[%6s][%-6s]", "ab", "ab"), "[    ab][ab    ]");
	cr_assert_str_eq(fmt("[%.2s]", "abcdef"), "[ab]");
	cr_assert_str_eq(fmt("[%.*s]", 3, "abcdef"), "[abc]");
	cr_assert_str_eq(fmt("%s", (char *)NULL), "(null)");
	cr_assert_str_eq(fmt("%c%c", 'o', 'k'), "ok");
	cr_assert_str_eq(fmt("%p", (void *)0x1234), "0x0000000000001234");
	cr_assert_str_eq(fmt("100%%"), "100%");
	cr_assert_str_eq(fmt("%q"), "%q", "unknown conversions are shown, not guessed");
}

Test(vsnprintf, truncation_always_terminates)
{
	char buf[8];
	int n;

	memset(buf, 'x', sizeof(buf));
	n = snprintf(buf, sizeof(buf), "hello world");
	cr_assert_eq(n, 11, "returns the untruncated length");
	cr_assert_str_eq(buf, "hello w");
	n = snprintf(buf, 1, "abc");
	cr_assert_eq(n, 3);
	cr_assert_eq(buf[0], '\0');
	buf[0] = 'z';
	n = snprintf(buf, 0, "abc");
	cr_assert_eq(n, 3);
	cr_assert_eq(buf[0], 'z', "size 0 writes nothing");
}

Test(vsnprintf, trailing_percent_is_dropped)
{
	cr_assert_str_eq(fmt("abc%"), "abc");
}
