/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading a bzImage (see bzimage.h). The header fields are read only
 * once the file is known to be long enough to hold them: version 2.08's
 * payload fields end at 0x250. */
#include "bzimage.h"
#include "why.h"
#include <stdio.h>
#include <string.h>

#define SETUP_SECTS	0x1f1
#define HDR_MAGIC	0x202
#define HDR_VERSION	0x206
#define PAYLOAD_OFFSET	0x248
#define PAYLOAD_LENGTH	0x24c
#define HDR_END		0x250

static uint32_t le(const uint8_t *p, unsigned int bytes)
{
	uint32_t v = 0;

	for (unsigned int i = 0; i < bytes; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

bool bzimage_detect(const uint8_t *f, size_t len)
{
	return len >= HDR_MAGIC + 4 && !memcmp(f + HDR_MAGIC, "HdrS", 4);
}

int bzimage_parse(const uint8_t *f, size_t len, struct bzimage *bz,
		  char *why, size_t wl)
{
	size_t setup, off;

	memset(bz, 0, sizeof(*bz));
	if (len < HDR_VERSION + 2)
		return why_printf(why, wl, "truncated bzImage header");
	bz->boot_protocol = le(f + HDR_VERSION, 2);
	if (bz->boot_protocol < 0x208)
		return why_printf(why, wl, "bzImage boot protocol %u.%02u has no payload "
				  "fields (2.08 or later needed)",
				  bz->boot_protocol >> 8, bz->boot_protocol & 0xff);
	if (len < HDR_END)
		return why_printf(why, wl, "truncated bzImage header");
	/* A setup_sects of 0 means 4, for old kernels' sake. */
	setup = f[SETUP_SECTS] ? f[SETUP_SECTS] : 4;
	off = (setup + 1) * 512 + le(f + PAYLOAD_OFFSET, 4);
	bz->payload_len = le(f + PAYLOAD_LENGTH, 4);
	if (off >= len || bz->payload_len > len - off)
		return why_printf(why, wl, "truncated bzImage (payload past the end of the file)");
	bz->payload_offset = off;
	bz->comp = compression_detect(f + off, bz->payload_len);
	if (bz->comp == COMP_UNKNOWN || bz->comp == COMP_NONE)
		return why_printf(why, wl, "bzImage payload in an unknown format");
	return 0;
}

int bzimage_unpack(const uint8_t *f, size_t len, size_t limit, struct bzimage *bz,
		   uint8_t **out, size_t *out_len, char *why, size_t wl)
{
	char inner[200];

	if (bzimage_parse(f, len, bz, why, wl))
		return -1;
	if (decompress(bz->comp, f + bz->payload_offset, bz->payload_len, limit,
		       out, out_len, inner, sizeof(inner)))
		return why_printf(why, wl, "bzImage payload: %s", inner);
	return 0;
}
