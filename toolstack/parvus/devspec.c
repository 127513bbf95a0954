/* SPDX-License-Identifier: GPL-2.0-only */
/* Disk and vif list entries (see devspec.h). A disk entry is xl's
 * DISKSPEC: comma-separated parameters, each key=value, a flag, or a
 * positional one (target, format, vdev, access, in that order, filling
 * the ones not yet given); target= takes the rest of the entry, commas
 * and all; each parameter at most once; an empty value means the default.
 * A vif entry is key=value parameters only. What Parvus cannot do is
 * refused by name, never ignored. */
#include "devspec.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int fail(char *why, size_t why_len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, why_len, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- vdev names (xen-vbd-interface(7)) ---- */

/* The drive letters: a..z, aa.., as a bijective base-26 number. */
static long drive_index(const char **s, long max)
{
	long index = -1;

	if (**s < 'a' || **s > 'z')
		return -1;
	for (; **s >= 'a' && **s <= 'z'; (*s)++) {
		index = (index + 1) * 26 + (**s - 'a');
		if (index > max)
			return -1;
	}
	return index;
}

/* "" is 0 (the whole disk); else 1..max, no leading zero. */
static long partition(const char *s, long max)
{
	long n = 0;

	if (!*s)
		return 0;
	if (*s == '0')
		return -1;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		n = n * 10 + (*s - '0');
		if (n > max)
			return -1;
	}
	return n;
}

long vdev_number(const char *vdev)
{
	static const struct { const char *prefix; long max_disk, max_part; } kinds[] = {
		{ "xvd", (1L << 20) - 1, 255 }, { "hd", 3, 63 }, { "sd", 15, 15 },
	};

	for (unsigned int k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		size_t n = strlen(kinds[k].prefix);
		const char *s = vdev + n;
		long disk, part;

		if (strncmp(vdev, kinds[k].prefix, n))
			continue;
		disk = drive_index(&s, kinds[k].max_disk);
		part = disk < 0 ? -1 : partition(s, kinds[k].max_part);
		if (part < 0)
			return -1;
		if (k == 0 && disk <= 15 && part <= 15)
			return (202L << 8) | (disk << 4) | part;
		if (k == 0)
			return (1L << 28) | (disk << 8) | part;
		if (k == 1)
			return ((disk < 2 ? 3L : 22L) << 8) | ((disk & 1) << 6) | part;
		return (8L << 8) | (disk << 4) | part;
	}
	return -1;
}

/* ---- MAC addresses ---- */

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

bool mac_parse(const char *s, uint8_t mac[6])
{
	for (int i = 0; i < 6; i++, s += 3) {
		int hi = hex(s[0]), lo = hi < 0 ? -1 : hex(s[1]);

		if (lo < 0 || s[2] != (i < 5 ? ':' : '\0'))
			return false;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

void mac_format(const uint8_t mac[6], char out[18])
{
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
		 mac[3], mac[4], mac[5]);
}

void mac_generate(const char *name, unsigned int index, unsigned int salt, uint8_t mac[6])
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (const char *s = name; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	for (int i = 0; i < 4; i++)
		h = (h ^ (uint8_t)(index >> (8 * i))) * 16777619u;
	for (int i = 0; i < 4; i++)
		h = (h ^ (uint8_t)(salt >> (8 * i))) * 16777619u;
	mac[0] = 0x00;
	mac[1] = 0x16;
	mac[2] = 0x3e;
	mac[3] = (uint8_t)(h >> 16) & 0x7f;
	mac[4] = (uint8_t)(h >> 8);
	mac[5] = (uint8_t)h;
}

/* ---- shared ---- */

static bool name_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.-", *s))
			return false;
	return true;
}

static int set_text(char *dst, size_t size, const char *v, size_t n,
		    const char *key, char *why, size_t why_len)
{
	if (n >= size)
		return fail(why, why_len, "%s is longer than %zu characters", key, size - 1);
	memcpy(dst, v, n);
	dst[n] = '\0';
	return 0;
}

static int set_backend(char *dst, const char *v, size_t n, char *why, size_t why_len)
{
	if (set_text(dst, DEV_NAME_MAX, v, n, "backend", why, why_len))
		return -1;
	if (!name_ok(dst))
		return fail(why, why_len, "backend=%s: not a domain name", dst);
	return 0;
}

static const char NO_SCRIPT[] = "script=: hotplug scripts do not run under Parvus "
				"(the driver domain's parvus-devd sets devices up)";

/* The next comma-separated parameter of *s: leading and trailing blanks
 * dropped; *s moves past its comma. */
static void next_param(const char **s, const char **p, size_t *n)
{
	const char *end;

	while (**s == ' ' || **s == '\t')
		(*s)++;
	*p = *s;
	end = strchr(*s, ',');
	if (!end)
		end = *s + strlen(*s);
	*s = *end ? end + 1 : end;
	while (end > *p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*n = (size_t)(end - *p);
}

/* ---- disks ---- */

enum disk_param { D_TARGET, D_FORMAT, D_VDEV, D_ACCESS, D_DEVTYPE, D_BACKEND,
		  D_BACKENDTYPE, D_NR };
static const char *const disk_keys[D_NR] = { "target", "format", "vdev", "access", "devtype",
					      "backend", "backendtype" };

struct disk_parse {
	struct disk_config *d;
	bool given[D_NR];
	char *why;
	size_t why_len;
};

static int disk_format(struct disk_parse *dp, const char *v)
{
	static const char *const others[] = { "qcow", "qcow2", "vhd", "qed" };

	if (!*v || !strcmp(v, "raw"))
		return 0;
	for (unsigned int i = 0; i < 4; i++)
		if (!strcmp(v, others[i]))
			return fail(dp->why, dp->why_len, "format=%s: only raw images (the "
				    "driver domain backs a disk with a loop device)", v);
	return fail(dp->why, dp->why_len, "format=%s: unknown (xl knows raw, qcow, qcow2, "
		    "vhd and qed)", v);
}

static int disk_target(struct disk_parse *dp, const char *v, size_t n)
{
	static const char *const prefixes[] = { "phy:", "file:", "raw:", "tap:", "tap2:",
						"aio:", "qcow:", "qcow2:", "vhd:", "tapdisk:",
						"ioemu:", "iscsi:", "nbd:", "enbd:", "drbd:" };

	for (unsigned int i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(v, prefixes[i], strlen(prefixes[i])))
			return fail(dp->why, dp->why_len, "\"%.*s\": the deprecated \"%s\" prefix "
				    "syntax is not supported (write target=PATH, vdev=..., "
				    "access=...)", (int)n, v, prefixes[i]);
	return set_text(dp->d->target, sizeof(dp->d->target), v, n, "target", dp->why,
			dp->why_len);
}

static int disk_choice(struct disk_parse *dp, enum disk_param k, const char *v)
{
	struct disk_config *d = dp->d;

	switch (k) {
	case D_FORMAT:
		return disk_format(dp, v);
	case D_ACCESS:
		if (!*v || !strcmp(v, "rw") || !strcmp(v, "w"))
			d->writable = true;
		else if (!strcmp(v, "ro") || !strcmp(v, "r"))
			d->writable = false;
		else
			return fail(dp->why, dp->why_len, "access=%s: expected ro, r, rw or w", v);
		return 0;
	case D_DEVTYPE:
		if (!*v || !strcmp(v, "disk"))
			return 0;
		return fail(dp->why, dp->why_len, "devtype=%s: only disk (no cdrom: "
			    "Parvus guests are PV)", v);
	case D_BACKENDTYPE:
		if (!*v || !strcmp(v, "phy"))
			return 0;
		return fail(dp->why, dp->why_len, "backendtype=%s: only phy (the driver "
			    "domain's blkback)", v);
	default:
		return 0;
	}
}

static int disk_set(struct disk_parse *dp, enum disk_param k, const char *v, size_t n)
{
	char value[DEV_PATH_MAX];
	long num = 0;

	if (dp->given[k])
		return fail(dp->why, dp->why_len, "%s given twice", disk_keys[k]);
	dp->given[k] = true;
	if (k == D_TARGET)
		return disk_target(dp, v, n);
	if (k == D_BACKEND)
		return set_backend(dp->d->backend, v, n, dp->why, dp->why_len);
	if (set_text(value, k == D_VDEV ? DEV_VDEV_MAX : 64, v, n, disk_keys[k], dp->why,
		     dp->why_len))
		return -1;
	if (k != D_VDEV)
		return disk_choice(dp, k, value);
	if (value[0] && (num = vdev_number(value)) < 0)
		return fail(dp->why, dp->why_len, "vdev=%s: not a Xen virtual disk (xvdX, hdX "
			    "with X a to d, or sdX with X a to p, each with an optional "
			    "partition number)", value);
	strcpy(dp->d->vdev, value);
	dp->d->devnum = value[0] ? (unsigned long)num : 0;
	return 0;
}

static int disk_param(struct disk_parse *dp, const char *p, size_t n)
{
	const char *eq = memchr(p, '=', n);
	static const char *const flags[] = { "discard", "no-discard", "direct-io-safe", "colo" };

	if (eq) {
		size_t kn = (size_t)(eq - p);

		for (int k = 0; k < D_NR; k++)
			if (strlen(disk_keys[k]) == kn && !strncmp(p, disk_keys[k], kn))
				return disk_set(dp, (enum disk_param)k, eq + 1, n - kn - 1);
		if (kn == 6 && !strncmp(p, "script", 6))
			return fail(dp->why, dp->why_len, "%s", NO_SCRIPT);
		return fail(dp->why, dp->why_len, "unknown disk parameter \"%.*s\"", (int)kn, p);
	}
	if (n == 5 && !strncmp(p, "cdrom", 5))
		return disk_set(dp, D_DEVTYPE, p, n);
	for (unsigned int i = 0; i < 4; i++)
		if (strlen(flags[i]) == n && !strncmp(p, flags[i], n))
			return fail(dp->why, dp->why_len, "disk flag \"%s\" is not supported",
				    flags[i]);
	for (int k = D_TARGET; k <= D_ACCESS; k++)
		if (!dp->given[k])
			return disk_set(dp, (enum disk_param)k, p, n);
	if (!n)
		return 0;	/* a trailing comma */
	return fail(dp->why, dp->why_len, "\"%.*s\": target, format, vdev and access are "
		    "given already", (int)n, p);
}

int disk_spec_parse(const char *spec, struct disk_config *d, char *why, size_t why_len)
{
	struct disk_parse dp = { .d = d, .why = why, .why_len = why_len };
	const char *s = spec, *p;
	size_t n;

	memset(d, 0, sizeof(*d));
	d->writable = true;
	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!strncmp(s, "target=", 7)) {	/* the rest, as it is */
			if (!d->target[0])	/* after an empty positional one: fine */
				dp.given[D_TARGET] = false;
			if (disk_set(&dp, D_TARGET, s + 7, strlen(s + 7)))
				return -1;
			break;
		}
		next_param(&s, &p, &n);
		if (disk_param(&dp, p, n))
			return -1;
	}
	if (!d->target[0])
		return fail(why, why_len, "no target (the image file)");
	if (!d->vdev[0])
		return fail(why, why_len, "no vdev (the guest's name for the disk, as xvda)");
	if (!d->backend[0])
		return fail(why, why_len, "no backend= (Parvus has no dom0: name the driver "
			    "domain's config)");
	return 0;
}

/* ---- vifs ---- */

static int vif_param(struct vif_config *v, const char *p, size_t n, unsigned int *given,
		     char *why, size_t why_len)
{
	static const char *const keys[] = { "mac", "bridge", "backend", "type" };
	const char *eq = memchr(p, '=', n), *val;
	char value[64];
	size_t kn;
	int k;

	if (!eq)
		return fail(why, why_len, "expected key=value, got \"%.*s\"", (int)n, p);
	kn = (size_t)(eq - p);
	val = eq + 1;
	for (k = 0; k < 4 && (strlen(keys[k]) != kn || strncmp(p, keys[k], kn)); k++)
		;
	if (k == 4 && kn == 6 && !strncmp(p, "script", 6))
		return fail(why, why_len, "%s", NO_SCRIPT);
	if (k == 4)
		return fail(why, why_len, "unknown or unsupported vif key \"%.*s\" (Parvus "
			    "takes mac, bridge, backend and type)", (int)kn, p);
	if (*given & (1u << k))
		return fail(why, why_len, "%s given twice", keys[k]);
	*given |= 1u << k;
	if (k == 2)
		return set_backend(v->backend, val, n - kn - 1, why, why_len);
	if (set_text(value, k == 1 ? sizeof(v->bridge) : sizeof(value), val, n - kn - 1,
		     keys[k], why, why_len))
		return -1;
	if (k == 0 && !mac_parse(value, v->mac))
		return fail(why, why_len, "mac=%s: not a MAC address (six hex pairs with ':')",
			    value);
	if (k == 0 && (v->mac[0] & 1))
		return fail(why, why_len, "mac=%s: a multicast address (the first byte is odd)",
			    value);
	if (k == 0 && !memcmp(v->mac, "\0\0\0\0\0\0", 6))
		return fail(why, why_len, "mac=%s: the zero address", value);
	if (k == 1 && (!name_ok(value) || strchr(value, '.')))
		return fail(why, why_len, "bridge=%s: not an interface name", value);
	if (k == 1)
		strcpy(v->bridge, value);
	if (k == 3 && strcmp(value, "vif"))
		return fail(why, why_len, "type=%s: only vif (PV guests have no emulated NIC)",
			    value);
	return 0;
}

int vif_spec_parse(const char *spec, struct vif_config *v, char *why, size_t why_len)
{
	const char *s = spec, *p;
	unsigned int given = 0;
	size_t n;

	memset(v, 0, sizeof(*v));
	strcpy(v->bridge, "xenbr0");
	while (*s) {
		next_param(&s, &p, &n);
		if (n && vif_param(v, p, n, &given, why, why_len))
			return -1;
	}
	v->mac_generated = !(given & 1);
	if (!v->backend[0])
		return fail(why, why_len, "no backend= (Parvus has no dom0: name the driver "
			    "domain's config)");
	return 0;
}
