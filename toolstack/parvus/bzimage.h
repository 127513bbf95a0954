/* SPDX-License-Identifier: GPL-2.0-only */
/* The x86 boot protocol's bzImage header (Linux's
 * Documentation/arch/x86/boot.rst): where the compressed kernel payload
 * sits in the file, and unpacking it. Pure: the file's bytes are handed
 * in, so the unpacking is fuzzed and unit-tested without files. */
#ifndef PARVUS_BZIMAGE_H
#define PARVUS_BZIMAGE_H

#include "decompress.h"
#include <stdbool.h>

struct bzimage {
	unsigned int boot_protocol;	/* header version, e.g. 0x20f */
	size_t payload_offset, payload_len;
	enum compression comp;
};

/* True if the file carries the boot protocol's "HdrS" magic. */
bool bzimage_detect(const uint8_t *f, size_t len);
/* Reads the header of a detected bzImage: -1 (reason in why) if it is
 * too old to name its payload or the payload is not inside the file. */
int bzimage_parse(const uint8_t *f, size_t len, struct bzimage *bz,
		  char *why, size_t why_len);
/* bzimage_parse, then the payload decompressed into *out (malloc'ed, at
 * most limit bytes). */
int bzimage_unpack(const uint8_t *f, size_t len, size_t limit, struct bzimage *bz,
		   uint8_t **out, size_t *out_len, char *why, size_t why_len);

#endif
