/* SPDX-License-Identifier: GPL-2.0-only */
/* Fuzzes the xl.cfg parser (toolstack/parvus/config.c): any text is
 * refused with "file:line: reason" or gives a config inside the limits
 * config.h promises; and an accepted config, written back out as xl.cfg,
 * parses to the same config (the parser reads what it means). */
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
}

/* Field by field: a key given twice leaves the longer value's tail
 * behind the shorter one's NUL, which is no difference. */
static bool same_config(const struct domain_config *a, const struct domain_config *b)
{
	return !strcmp(a->name, b->name) && a->memory_mib == b->memory_mib &&
	       a->vcpus == b->vcpus && a->weight == b->weight &&
	       !strcmp(a->kernel, b->kernel) && !strcmp(a->ramdisk, b->ramdisk) &&
	       !strcmp(a->cmdline, b->cmdline);
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

static void check_round_trip(const struct domain_config *c)
{
	static char text[4 * CFG_PATH_MAX + 256];
	struct domain_config again;
	char why[256], *p = text;

	p += sprintf(p, "memory = %lu\nvcpus = 1\ncpu_weight = %u\n", c->memory_mib, c->weight);
	if (!put_string(&p, "name", c->name) || !put_string(&p, "kernel", c->kernel) ||
	    (c->ramdisk[0] && !put_string(&p, "ramdisk", c->ramdisk)) ||
	    (c->cmdline[0] && !put_string(&p, "cmdline", c->cmdline)))
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
