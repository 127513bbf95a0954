/* SPDX-License-Identifier: GPL-2.0-only */
/* The xl.cfg-style config parser (see config.h). One pass over the lines:
 * each is blank, a comment, or `key = value`; a value is parsed by its
 * first character, then checked against what the key accepts. A list
 * may run over several lines; each of its entries keeps its own line for
 * the messages. */
#include "config.h"
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MEMORY_MIB	128	/* xl's default */
#define MAX_MEMORY_MIB		65536
#define MAX_WEIGHT		65535
#define CFG_LIST_MAX		16	/* entries kept: the most of any device kind */
#define CFG_ITEM_MAX		(DEV_PATH_MAX + 256)
#define MAX_GRANT_FRAMES	64	/* the hypervisor's GNTTAB_MAX_FRAMES */
#define MAX_MAPTRACK_FRAMES	64	/* and GNTTAB_MAX_MAPTRACK_FRAMES */

struct parser {
	const char *file;
	unsigned int line;
	char *why;
	size_t why_len;
	char root[CFG_CMDLINE_MAX], extra[CFG_CMDLINE_MAX];
	bool have_cmdline;
};

enum value_kind { V_STRING, V_NUMBER, V_LIST };

struct value {
	enum value_kind kind;
	char text[CFG_CMDLINE_MAX];
	unsigned long number;
	char items[CFG_LIST_MAX][CFG_ITEM_MAX];	/* a list's strings */
	unsigned int item_line[CFG_LIST_MAX];
	unsigned int nr_items;		/* all of them, kept or not */
	unsigned int over_line;		/* the first one past CFG_LIST_MAX */
};

static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n = p->line ? snprintf(p->why, p->why_len, "%s:%u: ", p->file, p->line) :
			  snprintf(p->why, p->why_len, "%s: ", p->file);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < p->why_len)
		vsnprintf(p->why + n, p->why_len - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *skip_space(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
		s++;
	return s;
}

/* A quoted string starting at *s (the quote), on one line, into out
 * (size bytes); no escapes, as in xl. */
static int parse_quoted(struct parser *p, const char **s, const char *end,
			char *out, size_t size)
{
	char quote = *(*s)++;
	size_t n = 0;

	while (*s < end && **s != quote && **s != '\n') {
		if (n + 1 >= size)
			return fail(p, "string longer than %zu characters", size - 1);
		out[n++] = *(*s)++;
	}
	if (*s == end || **s == '\n')
		return fail(p, "unterminated string");
	(*s)++;
	out[n] = '\0';
	return 0;
}

static int parse_string(struct parser *p, const char **s, const char *end,
			struct value *v)
{
	v->kind = V_STRING;
	return parse_quoted(p, s, end, v->text, sizeof(v->text));
}

/* Blanks, line ends (counted) and comments inside a list. */
static const char *skip_list_space(struct parser *p, const char *s, const char *end)
{
	for (;;) {
		s = skip_space(s, end);
		if (s < end && *s == '#')
			while (s < end && *s != '\n')
				s++;
		if (s == end || *s != '\n')
			return s;
		p->line++;
		s++;
	}
}

/* [ 'a', "b", ... ] from *s (the '['), over as many lines as it takes; a
 * trailing comma is fine, as in xl. */
static int parse_list(struct parser *p, const char **s, const char *end, struct value *v)
{
	unsigned int first_line = p->line;

	v->kind = V_LIST;
	v->nr_items = 0;
	for (*s = skip_list_space(p, *s + 1, end); *s == end || **s != ']';) {
		unsigned int i = v->nr_items;
		char *item = v->items[i < CFG_LIST_MAX ? i : CFG_LIST_MAX - 1];

		if (*s == end) {
			p->line = first_line;
			return fail(p, "unterminated list (no ']')");
		}
		if (**s != '"' && **s != '\'')
			return fail(p, "a list holds \"strings\", separated by ','");
		if (i < CFG_LIST_MAX)
			v->item_line[i] = p->line;
		else if (i == CFG_LIST_MAX)
			v->over_line = p->line;
		if (parse_quoted(p, s, end, item, CFG_ITEM_MAX))
			return -1;
		v->nr_items++;
		*s = skip_list_space(p, *s, end);
		if (*s < end && **s == ',')
			*s = skip_list_space(p, *s + 1, end);
		else if (*s < end && **s != ']')
			return fail(p, "expected ',' or ']' in the list");
	}
	(*s)++;
	return 0;
}

static int parse_value(struct parser *p, const char **s, const char *end,
		       struct value *v)
{
	if (*s < end && (**s == '"' || **s == '\''))
		return parse_string(p, s, end, v);
	if (*s < end && **s == '[')
		return parse_list(p, s, end, v);
	if (*s < end && isdigit((unsigned char)**s)) {
		unsigned long n = 0;

		while (*s < end && isdigit((unsigned char)**s)) {
			if (n > (ULONG_MAX - 9) / 10)
				return fail(p, "number too large");
			n = n * 10 + (unsigned long)(*(*s)++ - '0');
		}
		v->kind = V_NUMBER;
		v->number = n;
		return 0;
	}
	return fail(p, "expected a \"string\", a number or a [list]");
}

static int want(struct parser *p, const char *key, const struct value *v,
		enum value_kind kind)
{
	static const char *const names[] = { "a string", "a number", "a list" };

	if (v->kind != kind)
		return fail(p, "%s must be %s", key, names[kind]);
	return 0;
}

static int set_string(struct parser *p, const char *key, const struct value *v,
		      char *dst, size_t size)
{
	if (want(p, key, v, V_STRING))
		return -1;
	if (strlen(v->text) >= size)
		return fail(p, "%s is longer than %zu characters", key, size - 1);
	strcpy(dst, v->text);
	return 0;
}

static int set_name(struct parser *p, struct domain_config *c, const struct value *v)
{
	if (set_string(p, "name", v, c->name, sizeof(c->name)))
		return -1;
	if (!c->name[0])
		return fail(p, "name is empty");
	for (const char *s = c->name; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.-", *s))
			return fail(p, "name \"%s\": only letters, digits, '_', '.' and '-'", c->name);
	return 0;
}

static int set_number(struct parser *p, const char *key, const struct value *v,
		      unsigned long lo, unsigned long hi, unsigned long *out)
{
	if (want(p, key, v, V_NUMBER))
		return -1;
	if (v->number < lo || v->number > hi)
		return fail(p, "%s = %lu: expected %lu to %lu", key, v->number, lo, hi);
	*out = v->number;
	return 0;
}

/* Keys xl knows that ask for something we cannot do: refused by name. */
static int set_only(struct parser *p, const char *key, const struct value *v,
		    const char *allowed)
{
	if (want(p, key, v, V_STRING))
		return -1;
	if (strcmp(v->text, allowed))
		return fail(p, "%s = \"%s\": only \"%s\" is supported", key, v->text, allowed);
	return 0;
}

/* on_crash and on_reboot: xl's "destroy" or "restart" (the others,
 * preserve, coredump-*, rename-restart and soft-reset, need a control
 * domain to act on them). */
static int set_action(struct parser *p, const char *key, const struct value *v,
		      bool *restart)
{
	if (want(p, key, v, V_STRING))
		return -1;
	if (strcmp(v->text, "destroy") && strcmp(v->text, "restart"))
		return fail(p, "%s = \"%s\": only \"destroy\" and \"restart\" are supported",
			    key, v->text);
	*restart = !strcmp(v->text, "restart");
	return 0;
}

/* An entry as the messages quote it: whole, or its first 57 bytes and "...". */
static const char *quote_entry(const char *item, char out[64])
{
	snprintf(out, 64, strlen(item) > 60 ? "%.57s..." : "%s", item);
	return out;
}

/* disk = [ ... ]: each entry parsed (devspec.c), reported at its line. */
static int set_disks(struct parser *p, struct domain_config *c, const struct value *v)
{
	unsigned int end_line = p->line;
	char why[300], q[64];

	if (want(p, "disk", v, V_LIST))
		return -1;
	if (v->nr_items > CFG_MAX_DISKS) {
		p->line = v->over_line;
		return fail(p, "disk: %u disks; at most %d per guest", v->nr_items,
			    CFG_MAX_DISKS);
	}
	c->nr_disks = v->nr_items;
	for (unsigned int i = 0; i < v->nr_items; i++) {
		struct disk_config *d = &c->disks[i];

		p->line = v->item_line[i];
		if (disk_spec_parse(v->items[i], d, why, sizeof(why)))
			return fail(p, "disk '%s': %s", quote_entry(v->items[i], q), why);
		d->line = p->line;
		for (unsigned int j = 0; j < i; j++)
			if (c->disks[j].devnum == d->devnum)
				return fail(p, "disk vdev=%s: the same virtual device as "
					    "vdev=%s (line %u)", d->vdev, c->disks[j].vdev,
					    c->disks[j].line);
	}
	p->line = end_line;
	return 0;
}

static int set_vifs(struct parser *p, struct domain_config *c, const struct value *v)
{
	unsigned int end_line = p->line;
	char why[300], mac[18], q[64];

	if (want(p, "vif", v, V_LIST))
		return -1;
	if (v->nr_items > CFG_MAX_VIFS) {
		p->line = v->item_line[CFG_MAX_VIFS];
		return fail(p, "vif: %u vifs; at most %d per guest", v->nr_items, CFG_MAX_VIFS);
	}
	c->nr_vifs = v->nr_items;
	for (unsigned int i = 0; i < v->nr_items; i++) {
		struct vif_config *f = &c->vifs[i];

		p->line = v->item_line[i];
		if (vif_spec_parse(v->items[i], f, why, sizeof(why)))
			return fail(p, "vif '%s': %s", quote_entry(v->items[i], q), why);
		f->line = p->line;
		for (unsigned int j = 0; j < i; j++)
			if (!f->mac_generated && !c->vifs[j].mac_generated &&
			    !memcmp(f->mac, c->vifs[j].mac, 6))
				return mac_format(f->mac, mac),
				       fail(p, "vif: mac=%s is also vif %u's (line %u)", mac, j,
					    c->vifs[j].line);
	}
	p->line = end_line;
	return 0;
}

static int set_key(struct parser *p, struct domain_config *c, const char *key,
		   const struct value *v)
{
	unsigned long n;

	if (!strcmp(key, "name"))
		return set_name(p, c, v);
	if (!strcmp(key, "memory")) {
		if (set_number(p, key, v, 1, MAX_MEMORY_MIB, &n))
			return -1;
		c->memory_mib = n;
		return 0;
	}
	if (!strcmp(key, "vcpus")) {
		if (set_number(p, key, v, 1, 1, &n))
			return fail(p, "vcpus: only 1 vCPU per domain for now");
		c->vcpus = 1;
		return 0;
	}
	if (!strcmp(key, "cpu_weight")) {
		if (set_number(p, key, v, 1, MAX_WEIGHT, &n))
			return -1;
		c->weight = (unsigned int)n;
		return 0;
	}
	if (!strcmp(key, "max_grant_frames")) {
		if (set_number(p, key, v, 1, MAX_GRANT_FRAMES, &n))
			return -1;
		c->grant_frames = (unsigned int)n;
		return 0;
	}
	if (!strcmp(key, "max_maptrack_frames")) {
		if (set_number(p, key, v, 1, MAX_MAPTRACK_FRAMES, &n))
			return -1;
		c->maptrack_frames = (unsigned int)n;
		return 0;
	}
	if (!strcmp(key, "kernel"))
		return set_string(p, key, v, c->kernel, sizeof(c->kernel));
	if (!strcmp(key, "ramdisk"))
		return set_string(p, key, v, c->ramdisk, sizeof(c->ramdisk));
	if (!strcmp(key, "cmdline")) {
		p->have_cmdline = true;
		return set_string(p, key, v, c->cmdline, sizeof(c->cmdline));
	}
	if (!strcmp(key, "root"))
		return set_string(p, key, v, p->root, sizeof(p->root));
	if (!strcmp(key, "extra"))
		return set_string(p, key, v, p->extra, sizeof(p->extra));
	if (!strcmp(key, "type"))
		return set_only(p, key, v, "pv");
	if (!strcmp(key, "on_crash"))
		return set_action(p, key, v, &c->restart_on_crash);
	if (!strcmp(key, "on_reboot"))
		return set_action(p, key, v, &c->restart_on_reboot);
	if (!strcmp(key, "on_poweroff"))
		return set_only(p, key, v, "destroy");
	if (!strcmp(key, "disk"))
		return set_disks(p, c, v);
	if (!strcmp(key, "vif"))
		return set_vifs(p, c, v);
	return fail(p, "unknown key \"%s\"", key);
}

/* One `key = value` statement from *cursor: a line, or more for a list;
 * *cursor moves to the start of the next line. */
static int parse_line(struct parser *p, struct domain_config *c,
		      const char **cursor, const char *text_end)
{
	static struct value v;	/* 20 KiB of list entries */
	const char *s = *cursor, *end = memchr(s, '\n', (size_t)(text_end - s));
	char key[32];
	size_t n = 0;

	end = end ? end : text_end;
	*cursor = end < text_end ? end + 1 : end;
	s = skip_space(s, end);
	if (s == end || *s == '#')
		return 0;
	while (s < end && (isalnum((unsigned char)*s) || *s == '_')) {
		if (n + 1 >= sizeof(key))
			return fail(p, "key too long");
		key[n++] = *s++;
	}
	key[n] = '\0';
	s = skip_space(s, end);
	if (!n || s == end || *s != '=')
		return fail(p, "expected key = value");
	s = skip_space(s + 1, end);
	if (parse_value(p, &s, s < end && *s == '[' ? text_end : end, &v))
		return -1;
	if (s > end) {		/* a list ran on: its last line ends here */
		end = memchr(s, '\n', (size_t)(text_end - s));
		end = end ? end : text_end;
		*cursor = end < text_end ? end + 1 : end;
	}
	s = skip_space(s, end);
	if (s < end && *s != '#')
		return fail(p, "unexpected \"%.*s\" after the value", (int)(end - s), s);
	return set_key(p, c, key, &v);
}

/* Does vif i's MAC clash with one given, or made before it? */
static bool mac_taken(const struct domain_config *c, unsigned int i)
{
	for (unsigned int j = 0; j < c->nr_vifs; j++)
		if (j != i && (j < i || !c->vifs[j].mac_generated) &&
		    !memcmp(c->vifs[i].mac, c->vifs[j].mac, 6))
			return true;
	return false;
}

/* A vif with no mac= gets one made from the name and its index, unlike
 * any other vif's of this domain. */
static void generate_macs(struct domain_config *c)
{
	for (unsigned int i = 0; i < c->nr_vifs; i++) {
		unsigned int salt = 0;

		if (!c->vifs[i].mac_generated)
			continue;
		do
			mac_generate(c->name, i, salt++, c->vifs[i].mac);
		while (mac_taken(c, i));
	}
}

/* xl's rule: cmdline wins; otherwise root= and extra= make one. */
static int finish(struct parser *p, struct domain_config *c)
{
	if (!c->name[0])
		return fail(p, "no name = \"...\" (every domain needs one)");
	if (!c->kernel[0])
		return fail(p, "no kernel = \"...\"");
	if (!p->have_cmdline && (p->root[0] || p->extra[0])) {
		int n = snprintf(c->cmdline, sizeof(c->cmdline), "%s%s%s%s",
				 p->root[0] ? "root=" : "", p->root,
				 p->root[0] && p->extra[0] ? " " : "", p->extra);

		if (n < 0 || (size_t)n >= sizeof(c->cmdline))
			return fail(p, "root and extra together are too long");
	}
	generate_macs(c);
	return 0;
}

int config_parse(const char *file, const char *text, size_t len,
		 struct domain_config *cfg, char *why, size_t why_len)
{
	struct parser p = { .file = file, .why = why, .why_len = why_len };
	const char *s = text, *end = text + len;

	memset(cfg, 0, sizeof(*cfg));
	cfg->memory_mib = DEFAULT_MEMORY_MIB;
	cfg->vcpus = 1;
	cfg->weight = 256;
	if (memchr(s, '\0', len)) {
		const char *nul = memchr(s, '\0', len);

		for (p.line = 1; s < nul; s++)
			p.line += *s == '\n';
		return fail(&p, "a NUL byte: not a text file");
	}
	while (s < end) {
		p.line++;
		if (parse_line(&p, cfg, &s, end))
			return -1;
	}
	p.line = 0;
	if (finish(&p, cfg))
		return -1;
	return 0;
}
