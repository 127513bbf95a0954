/* SPDX-License-Identifier: GPL-2.0-only */
/* The CLI's bzImage payload decompression: each format round-trips data
 * made by its own library, and truncated, corrupt or oversized input is
 * an error with a reason. */
#include <criterion/criterion.h>
#include <bzlib.h>
#include <lz4.h>
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>
#include "../../toolstack/parvus/decompress.h"

#define DATA_LEN (3u << 20)	/* compressible, and bigger than the 1 MiB limit test */

static uint8_t *data, packed[4u << 20];
static char why[200];

static void make_data(void)
{
	data = malloc(DATA_LEN);
	for (size_t i = 0; i < DATA_LEN; i++)
		data[i] = (uint8_t)((i * 2654435761u) >> 13) & (i % 7 ? 0x0f : 0xff);
}

TestSuite(decompress, .init = make_data);

static size_t pack_gzip(void)
{
	z_stream z = { 0 };

	cr_assert_eq(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = data;
	z.avail_in = DATA_LEN;
	z.next_out = packed;
	z.avail_out = sizeof(packed);
	cr_assert_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
	deflateEnd(&z);
	return z.total_out;
}

static size_t pack_xz(void)
{
	size_t pos = 0;

	cr_assert_eq(lzma_easy_buffer_encode(1, LZMA_CHECK_CRC32, NULL, data, DATA_LEN,
					     packed, &pos, sizeof(packed)), LZMA_OK);
	return pos;
}

static size_t pack_lzma(void)
{
	lzma_stream z = LZMA_STREAM_INIT;
	lzma_options_lzma opt;

	lzma_lzma_preset(&opt, 1);
	cr_assert_eq(lzma_alone_encoder(&z, &opt), LZMA_OK);
	z.next_in = data;
	z.avail_in = DATA_LEN;
	z.next_out = packed;
	z.avail_out = sizeof(packed);
	cr_assert_eq(lzma_code(&z, LZMA_FINISH), LZMA_STREAM_END);
	lzma_end(&z);
	return z.total_out;
}

static size_t pack_bzip2(void)
{
	unsigned int len = sizeof(packed);

	cr_assert_eq(BZ2_bzBuffToBuffCompress((char *)packed, &len, (char *)data, DATA_LEN,
					      1, 0, 0), BZ_OK);
	return len;
}

/* The kernel's legacy lz4: magic, then (size, block) pairs of 8 MiB
 * output each; our data fits one block, so split it in two by hand. */
static size_t pack_lz4(void)
{
	size_t pos = 4, half = DATA_LEN / 2;

	memcpy(packed, "\x02\x21\x4c\x18", 4);
	for (int i = 0; i < 2; i++) {
		int n = LZ4_compress_default((const char *)data + i * half, (char *)packed + pos + 4,
					     (int)half, (int)(sizeof(packed) - pos - 4));

		cr_assert_gt(n, 0);
		packed[pos] = (uint8_t)n;
		packed[pos + 1] = (uint8_t)(n >> 8);
		packed[pos + 2] = (uint8_t)(n >> 16);
		packed[pos + 3] = (uint8_t)(n >> 24);
		pos += 4 + (size_t)n;
	}
	memcpy(packed + pos, "\x00\x00\x30\x00", 4);	/* the appended size */
	return pos + 4;
}

static size_t pack_zstd(void)
{
	size_t n = ZSTD_compress(packed, sizeof(packed), data, DATA_LEN, 3);

	cr_assert_not(ZSTD_isError(n));
	return n;
}

static void round_trip(enum compression c, size_t n)
{
	uint8_t *out = NULL;
	size_t len = 0;

	cr_assert_eq(compression_detect(packed, n), c, "detected as %s", compression_name(c));
	cr_assert_eq(decompress(c, packed, n, 64u << 20, &out, &len, why, sizeof(why)), 0,
		     "%s: %s", compression_name(c), why);
	cr_assert_eq(len, DATA_LEN, "%s: length", compression_name(c));
	cr_assert(!memcmp(out, data, DATA_LEN), "%s: data", compression_name(c));
	free(out);
	/* Truncated: half of it. */
	out = NULL;
	cr_assert_eq(decompress(c, packed, n / 2, 64u << 20, &out, &len, why, sizeof(why)), -1,
		     "%s: half the input accepted", compression_name(c));
	cr_assert_null(out);
	/* More than the limit allows. */
	cr_assert_eq(decompress(c, packed, n, 1u << 20, &out, &len, why, sizeof(why)), -1,
		     "%s: the limit ignored", compression_name(c));
	cr_assert(strstr(why, "larger than"), "%s: %s", compression_name(c), why);
	/* Found by fuzzing: the limit is exact (output within 1 MiB of it
	 * was refused): the data's own size fits, a byte less does not. */
	cr_assert_eq(decompress(c, packed, n, DATA_LEN, &out, &len, why, sizeof(why)), 0,
		     "%s at exactly the limit: %s", compression_name(c), why);
	cr_assert_eq(len, DATA_LEN);
	free(out);
	out = NULL;
	cr_assert_eq(decompress(c, packed, n, DATA_LEN - 1, &out, &len, why, sizeof(why)), -1,
		     "%s: a byte over the limit", compression_name(c));
	cr_assert_null(out);
}

Test(decompress, gzip) { round_trip(COMP_GZIP, pack_gzip()); }
Test(decompress, xz) { round_trip(COMP_XZ, pack_xz()); }
Test(decompress, lzma) { round_trip(COMP_LZMA, pack_lzma()); }
Test(decompress, bzip2) { round_trip(COMP_BZIP2, pack_bzip2()); }
Test(decompress, lz4) { round_trip(COMP_LZ4, pack_lz4()); }
Test(decompress, zstd) { round_trip(COMP_ZSTD, pack_zstd()); }

Test(decompress, corrupt_data_is_an_error)
{
	size_t n = pack_xz();
	uint8_t *out = NULL;
	size_t len;

	for (size_t i = n / 3; i < n / 3 + 64; i++)
		packed[i] ^= 0x5a;
	cr_assert_eq(decompress(COMP_XZ, packed, n, 64u << 20, &out, &len, why, sizeof(why)), -1);
	cr_assert(strstr(why, "corrupt"), "%s", why);
	n = pack_gzip();
	for (size_t i = 100; i < 164; i++)
		packed[i] ^= 0xa5;
	cr_assert_eq(decompress(COMP_GZIP, packed, n, 64u << 20, &out, &len, why, sizeof(why)), -1);
}

Test(decompress, unknown_formats)
{
	cr_assert_eq(compression_detect((const uint8_t *)"hello", 5), COMP_UNKNOWN);
	cr_assert_eq(compression_detect((const uint8_t *)"\x7f" "ELF", 4), COMP_NONE);
	cr_assert_eq(compression_detect(NULL, 0), COMP_UNKNOWN);
}

/* Found by fuzzing: an lzma header may ask for any dictionary, and
 * liblzma allocates it; a 4 GiB one is refused instead of allocated. */
Test(decompress, huge_dictionary_is_refused)
{
	static const uint8_t header[] = { 0x5d, 0x00, 0x00, 0x80, 0xff,	/* dict 0xff800000 */
					  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					  0x00, 0x3f, 0x91, 0x45, 0x84, 0x68, 0x3d, 0x89 };
	uint8_t *out = NULL;
	size_t len;

	cr_assert_eq(compression_detect(header, sizeof(header)), COMP_LZMA);
	cr_assert_eq(decompress(COMP_LZMA, header, sizeof(header), 64u << 20, &out, &len,
				why, sizeof(why)), -1);
	cr_assert_str_eq(why, "lzma: needs more than 256 MiB of memory to unpack");
	cr_assert_null(out);
}
