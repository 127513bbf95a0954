/* SPDX-License-Identifier: GPL-2.0-only */
/* Undoing a bzImage payload's compression (see decompress.h). Each format
 * streams into a buffer that grows up to the caller's limit; the formats'
 * own end markers decide where the payload ends, since bzImages append the
 * uncompressed size after it. */
#include "decompress.h"
#include "why.h"
#include <bzlib.h>
#include <lz4.h>
#include <lzma.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#define MIN(a, b)		((a) < (b) ? (a) : (b))
#define LZ4_LEGACY_MAGIC	0x184c2102u
/* liblzma allocates what a stream's header asks for (its dictionary), up
 * to this: Linux packs with 32 MiB (xz) or 64 MiB (lzma -9) dictionaries,
 * and a crafted header must not make us allocate gigabytes. */
#define LZMA_MEMLIMIT		(256u << 20)
#define LZ4_LEGACY_BLOCK	(8u << 20)	/* output per block */

struct sink {
	uint8_t *buf;
	size_t len, cap, limit;
};

/* Room for up to `want` more bytes (less near the limit); false once the
 * buffer is full. It holds one byte past the limit, so that a stream
 * ending exactly on the limit fits and one a byte longer is seen to be
 * too large (decompress() checks), whatever steps the decoder takes. */
static bool sink_reserve(struct sink *s, size_t want)
{
	size_t max = s->limit < SIZE_MAX ? s->limit + 1 : SIZE_MAX;
	size_t cap = s->cap ? s->cap : (1u << 20);
	uint8_t *p;

	if (s->len >= max)
		return false;
	if (want > max - s->len)
		want = max - s->len;
	while (cap < s->len + want)
		cap *= 2;
	if (cap > max)
		cap = max;
	if (cap == s->cap)
		return true;
	p = realloc(s->buf, cap);
	if (!p)
		return false;
	s->buf = p;
	s->cap = cap;
	return true;
}

const char *compression_name(enum compression c)
{
	static const char *const names[] = { "none", "gzip", "xz", "lzma", "bzip2",
					     "lz4", "zstd", "unknown" };

	return names[c];
}

enum compression compression_detect(const uint8_t *p, size_t n)
{
	if (n >= 4 && !memcmp(p, "\x7f" "ELF", 4))
		return COMP_NONE;
	if (n >= 2 && p[0] == 0x1f && (p[1] == 0x8b || p[1] == 0x9e))
		return COMP_GZIP;
	if (n >= 6 && !memcmp(p, "\xfd" "7zXZ\0", 6))
		return COMP_XZ;
	if (n >= 3 && p[0] == 0x5d && p[1] == 0 && p[2] == 0)
		return COMP_LZMA;
	if (n >= 3 && !memcmp(p, "BZh", 3))
		return COMP_BZIP2;
	if (n >= 4 && !memcmp(p, "\x02\x21\x4c\x18", 4))
		return COMP_LZ4;
	if (n >= 4 && !memcmp(p, "\x28\xb5\x2f\xfd", 4))
		return COMP_ZSTD;
	return COMP_UNKNOWN;
}

static int run_zlib(const uint8_t *in, size_t n, struct sink *s, char *why, size_t wl)
{
	z_stream z = { .next_in = (Bytef *)in, .avail_in = (uInt)n };
	int rc;

	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return why_printf(why, wl, "gzip: cannot start zlib");
	do {
		if (!sink_reserve(s, 1u << 20)) {
			inflateEnd(&z);
			return why_printf(why, wl, "gzip: larger than %zu bytes", s->limit);
		}
		z.next_out = s->buf + s->len;
		z.avail_out = (uInt)(s->cap - s->len);
		rc = inflate(&z, Z_NO_FLUSH);
		s->len = s->cap - z.avail_out;
	} while (rc == Z_OK);
	inflateEnd(&z);
	if (rc != Z_STREAM_END)
		return why_printf(why, wl, "gzip: %s", rc == Z_BUF_ERROR ? "truncated" : "corrupt data");
	return 0;
}

static int run_lzma(bool xz, const uint8_t *in, size_t n, struct sink *s, char *why, size_t wl)
{
	lzma_stream z = LZMA_STREAM_INIT;
	lzma_ret rc = xz ? lzma_stream_decoder(&z, LZMA_MEMLIMIT, 0) :
		      lzma_alone_decoder(&z, LZMA_MEMLIMIT);
	const char *name = xz ? "xz" : "lzma";

	if (rc != LZMA_OK)
		return why_printf(why, wl, "%s: cannot start liblzma", name);
	z.next_in = in;
	z.avail_in = n;
	do {
		if (!sink_reserve(s, 1u << 20)) {
			lzma_end(&z);
			return why_printf(why, wl, "%s: larger than %zu bytes", name, s->limit);
		}
		z.next_out = s->buf + s->len;
		z.avail_out = s->cap - s->len;
		rc = lzma_code(&z, LZMA_FINISH);
		s->len = s->cap - z.avail_out;
	} while (rc == LZMA_OK);
	lzma_end(&z);
	if (rc == LZMA_MEMLIMIT_ERROR)
		return why_printf(why, wl, "%s: needs more than %u MiB of memory to unpack",
				  name, LZMA_MEMLIMIT >> 20);
	if (rc != LZMA_STREAM_END)
		return why_printf(why, wl, "%s: %s", name, rc == LZMA_BUF_ERROR ? "truncated" : "corrupt data");
	return 0;
}

static int run_bzip2(const uint8_t *in, size_t n, struct sink *s, char *why, size_t wl)
{
	bz_stream z = { .next_in = (char *)in, .avail_in = (unsigned int)n };
	int rc;

	if (BZ2_bzDecompressInit(&z, 0, 0) != BZ_OK)
		return why_printf(why, wl, "bzip2: cannot start libbz2");
	do {
		if (!sink_reserve(s, 1u << 20)) {
			BZ2_bzDecompressEnd(&z);
			return why_printf(why, wl, "bzip2: larger than %zu bytes", s->limit);
		}
		z.next_out = (char *)s->buf + s->len;
		z.avail_out = (unsigned int)(s->cap - s->len);
		rc = BZ2_bzDecompress(&z);
		s->len = s->cap - z.avail_out;
	} while (rc == BZ_OK && (z.avail_in || !z.avail_out));
	BZ2_bzDecompressEnd(&z);
	if (rc != BZ_STREAM_END)
		return why_printf(why, wl, "bzip2: %s", rc == BZ_OK ? "truncated" : "corrupt data");
	return 0;
}

static int run_zstd(const uint8_t *in, size_t n, struct sink *s, char *why, size_t wl)
{
	ZSTD_DStream *z = ZSTD_createDStream();
	ZSTD_inBuffer src = { in, n, 0 };
	size_t rc = 1;

	if (!z)
		return why_printf(why, wl, "zstd: cannot start libzstd");
	while (rc != 0) {
		ZSTD_outBuffer dst;

		if (!sink_reserve(s, 1u << 20)) {
			ZSTD_freeDStream(z);
			return why_printf(why, wl, "zstd: larger than %zu bytes", s->limit);
		}
		dst = (ZSTD_outBuffer){ s->buf + s->len, s->cap - s->len, 0 };
		rc = ZSTD_decompressStream(z, &dst, &src);
		s->len += dst.pos;
		if (ZSTD_isError(rc) || (src.pos == src.size && rc && !dst.pos)) {
			ZSTD_freeDStream(z);
			return why_printf(why, wl, "zstd: %s", ZSTD_isError(rc) ?
				   ZSTD_getErrorName(rc) : "truncated");
		}
	}
	ZSTD_freeDStream(z);
	return 0;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Linux's lz4 is the legacy format: magic, then blocks of (size, data),
 * each decoding to at most 8 MiB; what follows the last block is not a
 * block (the appended size, or padding). */
static int run_lz4(const uint8_t *in, size_t n, struct sink *s, char *why, size_t wl)
{
	size_t pos = 4;

	while (pos + 4 <= n) {
		uint32_t len = le32(in + pos);
		size_t room;
		int got;

		if (len == LZ4_LEGACY_MAGIC) {
			pos += 4;
			continue;
		}
		if (len > (uint32_t)LZ4_compressBound(LZ4_LEGACY_BLOCK) || pos + 4 + len > n)
			break;
		if (!sink_reserve(s, LZ4_LEGACY_BLOCK))
			return why_printf(why, wl, "lz4: larger than %zu bytes", s->limit);
		room = MIN(s->cap - s->len, (size_t)LZ4_LEGACY_BLOCK);
		got = LZ4_decompress_safe((const char *)in + pos + 4, (char *)s->buf + s->len,
					  (int)len, (int)room);
		/* Near the limit a block may fail for want of room. */
		if (got < 0 && room < LZ4_LEGACY_BLOCK)
			return why_printf(why, wl, "lz4: corrupt data, or larger than %zu bytes",
					  s->limit);
		if (got < 0)
			return why_printf(why, wl, "lz4: corrupt data");
		s->len += (size_t)got;
		pos += 4 + len;
	}
	if (!s->len)
		return why_printf(why, wl, "lz4: truncated");
	return 0;
}

int decompress(enum compression c, const uint8_t *in, size_t n, size_t limit,
	       uint8_t **out, size_t *out_len, char *why, size_t why_len)
{
	struct sink s = { .limit = limit };
	int rc;

	switch (c) {
	case COMP_GZIP:	rc = run_zlib(in, n, &s, why, why_len); break;
	case COMP_XZ:	rc = run_lzma(true, in, n, &s, why, why_len); break;
	case COMP_LZMA:	rc = run_lzma(false, in, n, &s, why, why_len); break;
	case COMP_BZIP2: rc = run_bzip2(in, n, &s, why, why_len); break;
	case COMP_LZ4:	rc = run_lz4(in, n, &s, why, why_len); break;
	case COMP_ZSTD:	rc = run_zstd(in, n, &s, why, why_len); break;
	default:	rc = why_printf(why, why_len, "unknown compression");
	}
	if (!rc && s.len > limit)	/* into the byte past the limit */
		rc = why_printf(why, why_len, "%s: larger than %zu bytes",
				compression_name(c), limit);
	if (rc) {
		free(s.buf);
		return rc;
	}
	*out = s.buf;
	*out_len = s.len;
	return 0;
}
