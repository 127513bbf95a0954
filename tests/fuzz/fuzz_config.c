/* SPDX-License-Identifier: GPL-2.0-only */
/* Fuzzes the xl.cfg parser (toolstack/parvus/config.c): any text is
 * refused with "file:line: reason" or gives a config inside the limits
 * config.h promises; and an accepted config, written back out as xl.cfg,
 * parses to the same config (the parser reads what it means), disks and
 * vifs included (devspec.c: every entry within its limits, no vdev or
 * MAC twice in a domain). */
#include "../../toolstack/parvus/config.h"
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond); \
	abort(); } } while (0)

static bool terminated(const char *s, size_t size)
{
	return strnlen(s, size) < size;
}

static void check_config(const struct domain_config *c)
{
	CHECK(terminated(c->name, sizeof(c->name)) && c->name[0]);
	for (const char *s = c->name; *s; s++)
		CHECK(isalnum((unsigned char)*s) || strchr("_.-", *s));
	CHECK(terminated(c->kernel, sizeof(c->kernel)) && c->kernel[0]);
	CHECK(terminated(c->ramdisk, sizeof(c->ramdisk)));
	CHECK(terminated(c->cmdline, sizeof(c->cmdline)));
	CHECK(c->memory_mib >= 1 && c->memory_mib <= 65536);
	CHECK(c->vcpus == 1);
	CHECK(c->weight >= 1 && c->weight <= 65535);
	CHECK(c->nr_disks <= CFG_MAX_DISKS && c->nr_vifs <= CFG_MAX_VIFS);
	for (unsigned int i = 0; i < c->nr_disks; i++) {
		const struct disk_config *d = &c->disks[i];

		CHECK(d->target[0] && terminated(d->target, sizeof(d->target)));
		CHECK(vdev_number(d->vdev) == (long)d->devnum && d->backend[0]);
		for (unsigned int j = 0; j < i; j++)
			CHECK(c->disks[j].devnum != d->devnum);
	}
	for (unsigned int i = 0; i < c->nr_vifs; i++) {
		CHECK(!(c->vifs[i].mac[0] & 1) && c->vifs[i].backend[0] && c->vifs[i].bridge[0]);
		for (unsigned int j = 0; j < i; j++)
			CHECK(memcmp(c->vifs[j].mac, c->vifs[i].mac, 6));
	}
}

static bool same_devices(const struct domain_config *a, const struct domain_config *b)
{
	for (unsigned int i = 0; i < a->nr_disks; i++) {
		const struct disk_config *x = &a->disks[i], *y = &b->disks[i];

		if (strcmp(x->target, y->target) || strcmp(x->vdev, y->vdev) ||
		    x->devnum != y->devnum || x->writable != y->writable ||
		    strcmp(x->backend, y->backend))
			return false;
	}
	for (unsigned int i = 0; i < a->nr_vifs; i++) {
		const struct vif_config *x = &a->vifs[i], *y = &b->vifs[i];

		if (memcmp(x->mac, y->mac, 6) || strcmp(x->bridge, y->bridge) ||
		    strcmp(x->backend, y->backend))
			return false;
	}
	return true;
}

/* Field by field: a key given twice leaves the longer value's tail
 * behind the shorter one's NUL, which is no difference. */
static bool same_config(const struct domain_config *a, const struct domain_config *b)
{
	return !strcmp(a->name, b->name) && a->memory_mib == b->memory_mib &&
	       a->vcpus == b->vcpus && a->weight == b->weight &&
	       !strcmp(a->kernel, b->kernel) && !strcmp(a->ramdisk, b->ramdisk) &&
	       !strcmp(a->cmdline, b->cmdline) && a->nr_disks == b->nr_disks &&
	       a->nr_vifs == b->nr_vifs && same_devices(a, b);
}

/* A string value in whichever quote it does not contain; false if it
 * contains both (xl strings have no escapes). */
static bool put_string(char **p, const char *key, const char *v)
{
	char q = strchr(v, '"') ? '\'' : '"';

	if (strchr(v, q))
		return false;
	*p += sprintf(*p, "%s = %c%s%c\n", key, q, v, q);
	return true;
}

/* disk = [...] and vif = [...] in keyword form, target= last (it takes
 * the rest); false if an entry cannot be quoted. */
static bool put_devices(char **p, const struct domain_config *c)
{
	char mac[18];

	*p += sprintf(*p, "disk = [\n");
	for (unsigned int i = 0; i < c->nr_disks; i++) {
		const struct disk_config *d = &c->disks[i];

		if (strchr(d->target, '\'') || strchr(d->target, '\n'))
			return false;
		*p += sprintf(*p, "'vdev=%s, access=%s, backend=%s, target=%s',\n", d->vdev,
			      d->writable ? "rw" : "ro", d->backend, d->target);
	}
	*p += sprintf(*p, "]\nvif = [ ");
	for (unsigned int i = 0; i < c->nr_vifs; i++) {
		mac_format(c->vifs[i].mac, mac);
		*p += sprintf(*p, "'mac=%s,bridge=%s,backend=%s', ", mac, c->vifs[i].bridge,
			      c->vifs[i].backend);
	}
	*p += sprintf(*p, "]\n");
	return true;
}

static void check_round_trip(const struct domain_config *c)
{
	static char text[4 * CFG_PATH_MAX + 256 + CFG_MAX_DISKS * (CFG_PATH_MAX + 128) +
			 CFG_MAX_VIFS * 128];
	struct domain_config again;
	char why[256], *p = text;

	p += sprintf(p, "memory = %lu\nvcpus = 1\ncpu_weight = %u\n", c->memory_mib, c->weight);
	if (!put_string(&p, "name", c->name) || !put_string(&p, "kernel", c->kernel) ||
	    (c->ramdisk[0] && !put_string(&p, "ramdisk", c->ramdisk)) ||
	    (c->cmdline[0] && !put_string(&p, "cmdline", c->cmdline)) || !put_devices(&p, c))
		return;
	CHECK(config_parse("again.cfg", text, (size_t)(p - text), &again, why, sizeof(why)) == 0);
	CHECK(same_config(c, &again));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);	/* not NUL-terminated */
	size_t small_len = size ? 1 + data[0] % 24 : 1;
	char *why = malloc(256), *small = malloc(small_len);
	static struct domain_config cfg, cfg2;
	int rc;

	memcpy(text, data, size);
	rc = config_parse("fuzz.cfg", text, size, &cfg, why, 256);
	CHECK(rc == 0 || rc == -1);
	if (rc) {
		CHECK(terminated(why, 256) && !strncmp(why, "fuzz.cfg:", 9));
	} else {
		check_config(&cfg);
		check_round_trip(&cfg);
	}
	CHECK(config_parse("fuzz.cfg", text, size, &cfg2, small, small_len) == rc);
	CHECK(!rc || terminated(small, small_len));
	CHECK(rc || same_config(&cfg, &cfg2));
	free(text);
	free(why);
	free(small);
	return 0;
}
