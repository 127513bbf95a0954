/* SPDX-License-Identifier: GPL-2.0-only */
/* The bzImage header: where the payload is, and files too short or too
 * old to say. Synthetic images: setup sectors, "HdrS", payload fields. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "../../toolstack/parvus/bzimage.h"

static uint8_t file[8192];
static char why[200];

/* One setup sector after the boot sector; the payload at 1024. */
static size_t make_bzimage(unsigned int version, const uint8_t *payload, size_t n)
{
	memset(file, 0, sizeof(file));
	file[0x1f1] = 1;
	memcpy(file + 0x202, "HdrS", 4);
	file[0x206] = version & 0xff;
	file[0x207] = version >> 8;
	file[0x24c] = n & 0xff;
	file[0x24d] = (n >> 8) & 0xff;
	memcpy(file + 1024, payload, n);
	return 1024 + n;
}

Test(bzimage, gzip_payload_unpacks)
{
	const char *text = "a kernel, or near enough";
	uint8_t packed[256], *out = NULL;
	z_stream z = { 0 };
	struct bzimage bz;
	size_t len, out_len;

	cr_assert_eq(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (Bytef *)text;
	z.avail_in = strlen(text);
	z.next_out = packed;
	z.avail_out = sizeof(packed);
	cr_assert_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
	deflateEnd(&z);
	len = make_bzimage(0x20f, packed, z.total_out);
	cr_assert(bzimage_detect(file, len));
	cr_assert_eq(bzimage_unpack(file, len, 1u << 20, &bz, &out, &out_len, why, sizeof(why)),
		     0, "%s", why);
	cr_assert_eq(bz.boot_protocol, 0x20f);
	cr_assert_eq(bz.comp, COMP_GZIP);
	cr_assert_eq(bz.payload_offset, 1024);
	cr_assert_eq(out_len, strlen(text));
	cr_assert(!memcmp(out, text, out_len));
	free(out);
}

/* Found while factoring this out of image.c for the fuzzer: a file with
 * "HdrS" but shorter than the payload fields (0x250 bytes) was read past
 * its end. Each short prefix is its own exact-size copy, so ASan sees. */
Test(bzimage, short_header_is_refused)
{
	struct bzimage bz;

	make_bzimage(0x20f, (const uint8_t *)"\x1f\x8b", 2);
	for (size_t n = 0x206; n < 0x250; n++) {
		uint8_t *copy = malloc(n);

		memcpy(copy, file, n);
		cr_assert(bzimage_detect(copy, n));
		cr_assert_eq(bzimage_parse(copy, n, &bz, why, sizeof(why)), -1);
		cr_assert_str_eq(why, "truncated bzImage header", "%zu bytes", n);
		free(copy);
	}
}

Test(bzimage, old_protocol_and_outside_payload)
{
	struct bzimage bz;
	size_t len = make_bzimage(0x206, (const uint8_t *)"\x1f\x8b", 2);

	cr_assert_eq(bzimage_parse(file, len, &bz, why, sizeof(why)), -1);
	cr_assert(strstr(why, "2.08 or later"), "%s", why);
	len = make_bzimage(0x20f, (const uint8_t *)"\x1f\x8b", 2);
	file[0x24d] = 0x10;	/* 4 KiB of payload in a file with 2 bytes of it */
	cr_assert_eq(bzimage_parse(file, len, &bz, why, sizeof(why)), -1);
	cr_assert_str_eq(why, "truncated bzImage (payload past the end of the file)");
}
