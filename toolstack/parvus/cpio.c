/* SPDX-License-Identifier: GPL-2.0-only */
/* cpio newc headers (see cpio.h). */
#include "cpio.h"
#include <stdio.h>
#include <string.h>

size_t cpio_header(char out[CPIO_HEADER_MAX], const char *name, uint32_t mode,
		   uint64_t size, uint32_t ino)
{
	size_t namesize = strlen(name) + 1;
	int n;

	if (namesize < 2 || namesize > 256 || size > 0xffffffffu)
		return 0;
	/* ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor,
	 * rdevmajor, rdevminor, namesize, check */
	n = snprintf(out, CPIO_HEADER_MAX, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X"
		     "%08X%08zX%08X%s", ino, mode, 0u, 0u, (mode & 0040000) ? 2u : 1u, 0u,
		     (uint32_t)size, 0u, 0u, 0u, 0u, namesize, 0u, name);
	if (n < 0 || (size_t)n + 1 > CPIO_HEADER_MAX)
		return 0;
	n++;			/* the name's NUL */
	while (n & 3)
		out[n++] = '\0';
	return (size_t)n;
}
