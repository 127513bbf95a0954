/* SPDX-License-Identifier: GPL-2.0-only */
/* The xl.cfg-style config parser (see config.h). One pass over the lines:
 * each is blank, a comment, or `key = value`; a value is parsed by its
 * first character, then checked against what the key accepts. */
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
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

/* A quoted string starting at *s (the quote); no escapes, as in xl. */
static int parse_string(struct parser *p, const char **s, const char *end,
			struct value *v)
{
	char quote = *(*s)++;
	size_t n = 0;

	while (*s < end && **s != quote) {
		if (n + 1 >= sizeof(v->text))
			return fail(p, "string longer than %zu characters", sizeof(v->text) - 1);
		v->text[n++] = *(*s)++;
	}
	if (*s == end)
		return fail(p, "unterminated string");
	(*s)++;
	v->text[n] = '\0';
	v->kind = V_STRING;
	return 0;
}

static int parse_value(struct parser *p, const char **s, const char *end,
		       struct value *v)
{
	if (*s < end && (**s == '"' || **s == '\''))
		return parse_string(p, s, end, v);
	if (*s < end && **s == '[') {
		/* Lists (disk = [...], vif = [...]) name devices we do not
		 * offer yet: recognised, then refused by key. */
		while (*s < end && **s != ']')
			(*s)++;
		if (*s == end)
			return fail(p, "unterminated list (lists must fit on one line)");
		(*s)++;
		v->kind = V_LIST;
		return 0;
	}
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
	if (!strcmp(key, "on_poweroff") || !strcmp(key, "on_reboot") ||
	    !strcmp(key, "on_crash"))
		return set_only(p, key, v, "destroy");
	if (!strcmp(key, "disk") || !strcmp(key, "vif"))
		return fail(p, "%s: no block or network devices yet", key);
	return fail(p, "unknown key \"%s\"", key);
}

static int parse_line(struct parser *p, struct domain_config *c,
		      const char *s, const char *end)
{
	char key[32];
	size_t n = 0;
	struct value v;

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
	if (parse_value(p, &s, end, &v))
		return -1;
	s = skip_space(s, end);
	if (s < end && *s != '#')
		return fail(p, "unexpected \"%.*s\" after the value", (int)(end - s), s);
	return set_key(p, c, key, &v);
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
	while (s < end) {
		const char *eol = memchr(s, '\n', (size_t)(end - s));

		if (!eol)
			eol = end;
		p.line++;
		if (memchr(s, '\0', (size_t)(eol - s))) {
			fail(&p, "a NUL byte: not a text file");
			return -1;
		}
		if (parse_line(&p, cfg, s, eol > s && eol[-1] == '\r' ? eol - 1 : eol))
			return -1;
		s = eol + 1;
	}
	p.line = 0;
	if (finish(&p, cfg))
		return -1;
	return 0;
}
