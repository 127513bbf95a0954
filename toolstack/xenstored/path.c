/* SPDX-License-Identifier: GPL-2.0-only */
/* Paths of the xenstore tree: their canonical form and their relations
 * (docs/misc/xenstore.txt, Xen's is_valid_nodename). */
#include "store_internal.h"
#include <parvus/string.h>
#include <parvus/xen.h>

static bool valid_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_' ||
	       c == '@';
}

int xs_canonical(uint16_t domid, const char *in, char *out, size_t size)
{
	size_t n;

	if (!in[0])
		return -XEN_EINVAL;
	if (in[0] == '/' || in[0] == '@')
		n = snprintf(out, size, "%s", in);
	else
		n = snprintf(out, size, DOMAIN_PREFIX "%u/%s", domid, in);
	if (n >= size)		/* Xen's is_valid_nodename: past path-max, EINVAL */
		return -XEN_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!valid_char(out[i]) || (out[i] == '/' && out[i + 1] == '/'))
			return -XEN_EINVAL;
	if (n > 1 && out[n - 1] == '/')
		return -XEN_EINVAL;
	return 0;
}

/* "/a/b" -> "/a", "/a" -> "/". */
void xs_parent_of(const char *path, char *out)
{
	const char *slash = path;

	for (const char *p = path; *p; p++)
		if (*p == '/')
			slash = p;
	if (slash == path)
		strlcpy(out, "/", XS_PATH_MAX);
	else {
		memcpy(out, path, slash - path);
		out[slash - path] = '\0';
	}
}

/* Is `path` at or below `top`? */
bool xs_at_or_below(const char *top, const char *path)
{
	size_t n = strlen(top);

	if (!strcmp(top, "/"))
		return path[0] == '/';
	return !strncmp(top, path, n) && (path[n] == '\0' || path[n] == '/');
}
