/* SPDX-License-Identifier: GPL-2.0-only */
/* Writing and reading the xenstore domain's boot seed (the format is in
 * parvus/xenstore_seed.h): domain lines, and the node lines the boot
 * manifest carries through to xenstored. The reader treats the text as
 * untrusted input even though the hypervisor wrote it: every field is
 * bounded. */
#include <parvus/xenstore_seed.h>
#include <parvus/string.h>

size_t xs_seed_format(char *buf, size_t size, size_t len,
		      const struct xs_seed_domain *d)
{
	int n;

	if (len >= size)
		return size;
	n = snprintf(buf + len, size - len, "%s %u %s %lu %lu %u %lu %u%s%s\n",
		     d->self ? "self" : "domain", d->domid, d->name,
		     (unsigned long)d->memory_kib, (unsigned long)d->store_mfn,
		     d->store_port, (unsigned long)d->console_mfn, d->console_port,
		     d->driver ? " driver" : "", d->restart ? " restart" : "");
	if (n < 0 || (size_t)n >= size - len)
		return size;
	return len + (size_t)n;
}

/* The next space-separated word of the line [*p, end): at most max-1
 * characters, NUL-terminated into word. */
static bool next_word(const char **p, const char *end, char *word, size_t max)
{
	size_t n = 0;

	while (*p < end && **p == ' ')
		(*p)++;
	while (*p < end && **p != ' ') {
		if (n + 1 >= max)
			return false;
		word[n++] = *(*p)++;
	}
	word[n] = '\0';
	return n > 0;
}

static bool parse_number(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (max - (uint64_t)(*s - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return true;
}

#define MAX_MFN		(1UL << 40)	/* 52-bit machine addresses */
#define MAX_PORT	4095		/* the 2-level ABI's last port */

/* The flags after the numbers: "driver", then "restart", each at most
 * once and in that order, then nothing. */
static bool parse_flags(const char *p, const char *end, struct xs_seed_domain *d)
{
	char word[XS_SEED_NAME_MAX];
	bool more = next_word(&p, end, word, sizeof(word));

	d->driver = more && !strcmp(word, "driver");
	if (d->driver)
		more = next_word(&p, end, word, sizeof(word));
	d->restart = more && !strcmp(word, "restart");
	if (d->restart)
		more = next_word(&p, end, word, sizeof(word));
	return !more;
}

static bool parse_line(const char *p, const char *end, struct xs_seed_domain *d)
{
	/* The numeric fields after the name, in order, and their limits. */
	static const uint64_t limit[5] = { MAX_MFN << 2, MAX_MFN, MAX_PORT,
					   MAX_MFN, MAX_PORT };
	char word[XS_SEED_NAME_MAX];
	uint64_t v[5], domid;

	if (!next_word(&p, end, word, sizeof(word)) ||
	    (strcmp(word, "self") && strcmp(word, "domain")))
		return false;
	d->self = !strcmp(word, "self");
	if (!next_word(&p, end, word, sizeof(word)) ||
	    !parse_number(word, 0x7fef, &domid) ||	/* below DOMID_FIRST_RESERVED */
	    !next_word(&p, end, d->name, sizeof(d->name)))
		return false;
	d->domid = (uint16_t)domid;
	for (unsigned int i = 0; i < 5; i++)
		if (!next_word(&p, end, word, sizeof(word)) ||
		    !parse_number(word, limit[i], &v[i]))
			return false;
	d->memory_kib = v[0];
	d->store_mfn = v[1];
	d->store_port = (uint32_t)v[2];
	d->console_mfn = v[3];
	d->console_port = (uint32_t)v[4];
	return parse_flags(p, end, d);
}

static bool is_node_line(const char *p, const char *end)
{
	return end - p >= 5 && !memcmp(p, "node ", 5);
}

int xs_seed_parse(const char *text, size_t len, struct xs_seed_domain *out,
		  unsigned int max)
{
	const char *p = text, *end = text + len;
	unsigned int n = 0;

	while (p < end) {
		const char *eol = p;

		while (eol < end && *eol != '\n')
			eol++;
		if (eol > p && !is_node_line(p, eol)) {
			if (n == max || !parse_line(p, eol, &out[n]))
				return -1;
			n++;
		}
		p = eol + 1;
	}
	return (int)n;
}

/* ---- node lines ---- */

static bool path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_' || c == '@';
}

#define DOMAIN_PREFIX	"/local/domain/"

int xs_seed_path_domid(const char *path)
{
	size_t n = strlen(DOMAIN_PREFIX);
	const char *s = path + n;
	long id = 0;

	if (strncmp(path, DOMAIN_PREFIX, n) || *s < '0' || *s > '9' ||
	    (*s == '0' && s[1] != '/'))
		return -1;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((id = id * 10 + (*s - '0')) >= 0x7ff0)	/* DOMID_FIRST_RESERVED */
			return -1;
	return *s == '/' && s[1] ? (int)id : -1;
}

static const char *check_path(const char *path)
{
	if (xs_seed_path_domid(path) < 0)
		return "the path must start /local/domain/<domid>/";
	for (const char *s = path; *s; s++) {
		if (!path_char(*s))
			return "the path holds a character xenstore refuses";
		if (*s == '/' && (s[1] == '/' || !s[1]))
			return "the path has an empty component";
	}
	return NULL;
}

static bool bare_ok(const char *v)
{
	if (!*v)
		return false;
	for (; *v; v++)
		if (*v == ' ' || *v == '"' || *v == '\\')
			return false;
	return true;
}

static const char perm_letter[4] = { 'n', 'r', 'w', 'b' };

static size_t put_value(char *out, const char *v)
{
	size_t n = 0;

	if (bare_ok(v)) {
		for (; *v; v++)
			out[n++] = *v;
		return n;
	}
	out[n++] = '"';
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			out[n++] = '\\';
		out[n++] = *v;
	}
	out[n++] = '"';
	return n;
}

size_t xs_seed_format_node(char *buf, size_t size, size_t len,
			   const struct xs_seed_node *n)
{
	char line[XS_SEED_NODE_LINE_MAX];
	size_t at;

	if (len >= size || strnlen(n->path, sizeof(n->path)) == sizeof(n->path) ||
	    strnlen(n->value, sizeof(n->value)) == sizeof(n->value) || check_path(n->path) ||
	    !n->nr_perms || n->nr_perms > XS_SEED_PERMS_MAX)
		return size;
	for (const char *v = n->value; *v; v++)
		if (*v < 0x20 || *v > 0x7e)
			return size;
	at = (size_t)snprintf(line, sizeof(line), "node %s ", n->path);
	at += put_value(line + at, n->value);
	at += (size_t)snprintf(line + at, sizeof(line) - at, " perms=");
	for (unsigned int i = 0; i < n->nr_perms; i++) {
		if (n->perms[i].perm > 3 || n->perms[i].domid >= 0x7ff0)
			return size;
		at += (size_t)snprintf(line + at, sizeof(line) - at, "%s%c%u", i ? "," : "",
				       perm_letter[n->perms[i].perm], n->perms[i].domid);
	}
	line[at++] = '\n';
	if (at > size - len - 1)	/* and room for a NUL, as snprintf leaves */
		return size;
	memcpy(buf + len, line, at);
	buf[len + at] = '\0';
	return len + at;
}

struct cursor {
	const char *p, *end;
	char *why;
	size_t why_len;
};

static int bad(struct cursor *c, const char *reason)
{
	snprintf(c->why, c->why_len, "%s", reason);
	return -1;
}

static void skip_blanks(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

/* A bare word (up to a blank) into out (size bytes, NUL included). */
static int bare_word(struct cursor *c, char *out, size_t size, const char *what)
{
	size_t n = 0;

	while (c->p < c->end && *c->p != ' ' && *c->p != '\t') {
		char ch = *c->p++;

		if (n + 1 >= size)
			return bad(c, what);
		if (ch < 0x20 || ch > 0x7e || ch == '"' || ch == '\\')
			return bad(c, "a bare field holds a control character, '\"' or '\\' "
				   "(quote it)");
		out[n++] = ch;
	}
	out[n] = '\0';
	return n ? 0 : bad(c, "a field is missing");
}

static int quoted_value(struct cursor *c, char *out, size_t size)
{
	size_t n = 0;

	for (c->p++; c->p < c->end && *c->p != '"'; c->p++) {
		char ch = *c->p;

		if (ch == '\\') {
			if (++c->p == c->end || (*c->p != '"' && *c->p != '\\'))
				return bad(c, "only \\\" and \\\\ may follow a '\\' in a value");
			ch = *c->p;
		}
		if (ch < 0x20 || ch > 0x7e)
			return bad(c, "the value holds a byte that is not printable ASCII");
		if (n + 1 >= size)
			return bad(c, "the value is too long");
		out[n++] = ch;
	}
	if (c->p == c->end)
		return bad(c, "unterminated quote in the value");
	c->p++;
	out[n] = '\0';
	if (c->p < c->end && *c->p != ' ' && *c->p != '\t')
		return bad(c, "a quoted value must end its field");
	return 0;
}

static int perm_entry(struct cursor *c, struct xs_seed_perm *perm)
{
	unsigned long id = 0;
	const char *digits;
	unsigned int bits;

	if (c->p == c->end)
		return bad(c, "perms= ends in ','");
	for (bits = 0; bits < 4 && perm_letter[bits] != *c->p; bits++)
		;
	if (bits == 4)
		return bad(c, "a permission starts with n, r, w or b");
	digits = ++c->p;
	for (; c->p < c->end && *c->p >= '0' && *c->p <= '9'; c->p++)
		if ((id = id * 10 + (unsigned long)(*c->p - '0')) >= 0x7ff0)
			return bad(c, "a permission's domain id is not below 0x7ff0");
	if (c->p == digits || (*digits == '0' && c->p - digits > 1))
		return bad(c, "a permission needs a domain id after its letter");
	perm->domid = (uint16_t)id;
	perm->perm = (uint8_t)bits;
	return 0;
}

static int perms_field(struct cursor *c, struct xs_seed_node *n)
{
	if (c->end - c->p < 6 || memcmp(c->p, "perms=", 6))
		return bad(c, "expected perms= after the value");
	c->p += 6;
	if (c->p == c->end || *c->p == ' ' || *c->p == '\t')
		return bad(c, "perms= is empty");
	n->nr_perms = 0;
	do {
		if (n->nr_perms == XS_SEED_PERMS_MAX)
			return bad(c, "more than 8 permissions");
		if (perm_entry(c, &n->perms[n->nr_perms++]))
			return -1;
	} while (c->p < c->end && *c->p == ',' && ++c->p);
	if (c->p < c->end && *c->p != ' ' && *c->p != '\t')
		return bad(c, "a permission is a letter and a domain id, comma-separated");
	return 0;
}

int xs_seed_parse_node(const char *text, size_t len, struct xs_seed_node *n,
		       char *why, size_t why_len)
{
	struct cursor c = { text, text + len, why, why_len };
	const char *reason;
	int rc;

	memset(n, 0, sizeof(*n));
	skip_blanks(&c);
	if (bare_word(&c, n->path, sizeof(n->path), "the path is too long"))
		return -1;
	if ((reason = check_path(n->path)))
		return bad(&c, reason);
	skip_blanks(&c);
	if (c.p == c.end)
		return bad(&c, "the value is missing");
	rc = *c.p == '"' ? quoted_value(&c, n->value, sizeof(n->value)) :
			   bare_word(&c, n->value, sizeof(n->value), "the value is too long");
	if (rc)
		return -1;
	skip_blanks(&c);
	if (perms_field(&c, n))
		return -1;
	skip_blanks(&c);
	return c.p == c.end ? 0 : bad(&c, "something follows perms=");
}

int xs_seed_next_node(const char *text, size_t len, size_t *pos,
		      unsigned int *line, struct xs_seed_node *n,
		      char *why, size_t why_len)
{
	while (*pos < len) {
		const char *p = text + *pos, *eol = p;
		char reason[96];

		while (eol < text + len && *eol != '\n')
			eol++;
		*pos = (size_t)(eol - text) + 1;
		++*line;
		if (!is_node_line(p, eol))
			continue;
		if (!xs_seed_parse_node(p + 5, (size_t)(eol - p) - 5, n, reason, sizeof(reason)))
			return 1;
		snprintf(why, why_len, "seed line %u: %s", *line, reason);
		return -1;
	}
	return 0;
}
