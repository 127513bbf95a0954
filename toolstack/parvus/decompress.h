/* SPDX-License-Identifier: GPL-2.0-only */
/* The compressions a Linux bzImage payload may use, detected by their
 * magic bytes and undone with the Debian libraries (zlib, liblzma,
 * libbz2, liblz4, libzstd). Bounded: output beyond the limit, truncated
 * or corrupt input are errors with a reason, never a crash. */
#ifndef PARVUS_DECOMPRESS_H
#define PARVUS_DECOMPRESS_H

#include <stddef.h>
#include <stdint.h>

enum compression { COMP_NONE, COMP_GZIP, COMP_XZ, COMP_LZMA, COMP_BZIP2,
		   COMP_LZ4, COMP_ZSTD, COMP_UNKNOWN };

const char *compression_name(enum compression c);
enum compression compression_detect(const uint8_t *p, size_t n);
/* *out is malloc'ed; returns 0, or -1 with a reason in why. */
int decompress(enum compression c, const uint8_t *in, size_t n, size_t limit,
	       uint8_t **out, size_t *out_len, char *why, size_t why_len);

#endif
