/* SPDX-License-Identifier: GPL-2.0-only */
/* The cpio "newc" format (the one Linux's initramfs unpacker reads,
 * Documentation/driver-api/early-userspace/buffer-format.rst): a 110-byte
 * ASCII header of "070701" and 13 eight-digit hex fields, the name with
 * its NUL, padded to 4 bytes, then the data, padded to 4 bytes; the last
 * entry is named TRAILER!!!. parvus run writes the guests' disk images
 * into the driver domain's ramdisk with it. Pure: unit-tested. */
#ifndef PARVUS_CPIO_H
#define PARVUS_CPIO_H

#include <stddef.h>
#include <stdint.h>

#define CPIO_HEADER_MAX	(110 + 256 + 4)	/* header, a name up to 255, padding */
#define CPIO_TRAILER	"TRAILER!!!"

/* One entry's header and name, padded: its length, or 0 if name is
 * empty or longer than 255 bytes, or size is past 4 GiB - 1. mode is
 * st_mode's (S_IFREG | 0600, S_IFDIR | 0755). */
size_t cpio_header(char out[CPIO_HEADER_MAX], const char *name, uint32_t mode,
		   uint64_t size, uint32_t ino);

/* The zero bytes that pad n bytes of data to 4. */
static inline size_t cpio_pad(uint64_t n)
{
	return (size_t)((4 - (n & 3)) & 3);
}

#endif
