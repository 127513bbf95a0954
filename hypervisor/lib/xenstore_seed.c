/* SPDX-License-Identifier: GPL-2.0-only */
/* Writing and reading the xenstore domain's boot seed (the format is in
 * parvus/xenstore_seed.h). The reader treats the text as untrusted input
 * even though the hypervisor wrote it: every field is bounded. */
#include <parvus/xenstore_seed.h>
#include <parvus/string.h>

size_t xs_seed_format(char *buf, size_t size, size_t len,
		      const struct xs_seed_domain *d)
{
	int n;

	if (len >= size)
		return size;
	n = snprintf(buf + len, size - len, "%s %u %s %lu %lu %u %lu %u\n",
		     d->self ? "self" : "domain", d->domid, d->name,
		     (unsigned long)d->memory_kib, (unsigned long)d->store_mfn,
		     d->store_port, (unsigned long)d->console_mfn, d->console_port);
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
	return !next_word(&p, end, word, sizeof(word));	/* nothing after */
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
		if (eol > p) {
			if (n == max || !parse_line(p, eol, &out[n]))
				return -1;
			n++;
		}
		p = eol + 1;
	}
	return (int)n;
}
