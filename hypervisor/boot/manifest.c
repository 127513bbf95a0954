/* SPDX-License-Identifier: GPL-2.0-only */
/* Boot manifest parser (see manifest.h). Everything is checked: unknown
 * keys, missing or repeated required keys, numbers out of range, module
 * numbers that do not exist or name the manifest itself, duplicate names,
 * unterminated quotes, lines too long; node lines that do not parse, name
 * a domain the manifest does not have, or are too many. */
#include <parvus/manifest.h>
#include <parvus/grant_table.h>
#include <parvus/string.h>

#define LINE_MAX_LEN	(MANIFEST_CMDLINE_MAX + 256)
#define MAX_MEMORY_MIB	(1024UL * 1024)

struct parser {
	struct manifest *m;
	unsigned int nr_modules;
	unsigned int line;
	char *why;
	size_t why_len;
	unsigned int node_lines[MANIFEST_MAX_NODES];	/* for messages */
};

static int fail(struct parser *p, const char *fmt, ...) __printf(2, 3);
static int fail(struct parser *p, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->why, p->why_len, "manifest line %u: %s", p->line, msg);
	return -1;
}

bool manifest_detect(const char *text, size_t len)
{
	size_t n = strlen(MANIFEST_MAGIC);

	return len >= n && !memcmp(text, MANIFEST_MAGIC, n) &&
	       (len == n || text[n] == '\n' || text[n] == '\r' || text[n] == ' ');
}

static bool parse_number(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > max / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

/* Splits off the next key=value word; a value may be "double quoted". */
static int next_pair(struct parser *p, char **cursor, char **key, char **value)
{
	char *s = *cursor, *eq;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return 0;
	*key = s;
	eq = strchr(s, '=');
	if (!eq)
		return fail(p, "expected key=value, got \"%.20s\"", s);
	*eq = '\0';
	s = eq + 1;
	if (*s == '"') {
		*value = ++s;
		while (*s && *s != '"')
			s++;
		if (!*s)
			return fail(p, "unterminated quote in %s=", *key);
		*s++ = '\0';
	} else {
		*value = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s)
			*s++ = '\0';
	}
	*cursor = s;
	return 1;
}

static int module_number(struct parser *p, const char *key, const char *value,
			 int *out)
{
	unsigned long n;

	if (!parse_number(value, 1000, &n))
		return fail(p, "%s=%s is not a module number", key, value);
	if (n == 0 || n >= p->nr_modules)
		return fail(p, "%s=%lu: no such boot module (modules 1..%u)",
			    key, n, p->nr_modules ? p->nr_modules - 1 : 0);
	*out = (int)n;
	return 0;
}

static bool same_bdf(const struct pci_bdf *a, const struct pci_bdf *b)
{
	return a->seg == b->seg && a->bus == b->bus && a->devfn == b->devfn;
}

/* pci=BDF[,BDF...]: at most PCI_MAX_PER_DOMAIN, none twice in the
 * manifest (this domain's and the ones before it). */
static int set_pci(struct parser *p, struct manifest_domain *d, const char *value)
{
	const char *s = value;

	if (!*value)
		return fail(p, "pci= names no device");
	while (*s) {
		size_t len = strchr(s, ',') ? (size_t)(strchr(s, ',') - s) : strlen(s);
		struct pci_bdf b;
		char name[16];

		if (!pci_parse_bdf(s, len, &b))
			return fail(p, "pci=%.*s: expected BB:DD.F or SSSS:BB:DD.F",
				    (int)MIN(len, (size_t)20), s);
		pci_format_bdf(name, sizeof(name), &b);
		if (d->nr_pci == PCI_MAX_PER_DOMAIN)
			return fail(p, "pci= names more than %d devices", PCI_MAX_PER_DOMAIN);
		for (unsigned int i = 0; i < d->nr_pci; i++)
			if (same_bdf(&d->pci[i], &b))
				return fail(p, "pci=%s named twice", name);
		for (unsigned int j = 0; j < p->m->nr_domains; j++)
			for (unsigned int i = 0; i < p->m->domains[j].nr_pci; i++)
				if (same_bdf(&p->m->domains[j].pci[i], &b))
					return fail(p, "pci=%s is already domain %s's", name,
						    p->m->domains[j].name);
		d->pci[d->nr_pci++] = b;
		s += len;
		if (*s == ',' && !*++s)
			return fail(p, "pci= ends with a comma");
	}
	return 0;
}

static int set_role(struct parser *p, struct manifest_domain *d, const char *value)
{
	if (!strcmp(value, "ordinary"))
		d->role = ROLE_ORDINARY;
	else if (!strcmp(value, "xenstore"))
		d->role = ROLE_XENSTORE;
	else if (!strcmp(value, "pciback"))
		d->role = ROLE_PCIBACK;
	else if (!strcmp(value, "driver"))
		d->role = ROLE_DRIVER;
	else
		return fail(p, "role=%s: expected ordinary, xenstore, pciback or driver", value);
	return 0;
}

/* on_crash= and on_reboot=: destroy (the default) or restart (xl.cfg's). */
static int set_action(struct parser *p, const char *key, bool *restart, const char *value)
{
	if (!strcmp(value, "destroy"))
		*restart = false;
	else if (!strcmp(value, "restart"))
		*restart = true;
	else
		return fail(p, "%s=%s: expected destroy or restart", key, value);
	return 0;
}

static int set_key(struct parser *p, struct manifest_domain *d,
		   const char *key, const char *value)
{
	unsigned long n;

	if (!strcmp(key, "name")) {
		if (!*value || strlen(value) >= MANIFEST_NAME_MAX)
			return fail(p, "name must be 1 to %d characters",
				    MANIFEST_NAME_MAX - 1);
		strlcpy(d->name, value, sizeof(d->name));
	} else if (!strcmp(key, "memory")) {
		if (!parse_number(value, MAX_MEMORY_MIB, &n) || n == 0)
			return fail(p, "memory=%s is not a size in MiB", value);
		d->memory_mib = n;
	} else if (!strcmp(key, "vcpus")) {
		if (!parse_number(value, 1, &n) || n != 1)
			return fail(p, "vcpus=%s: only 1 vCPU per domain for now",
				    value);
		d->vcpus = n;
	} else if (!strcmp(key, "kernel")) {
		return module_number(p, key, value, &d->kernel_module);
	} else if (!strcmp(key, "ramdisk")) {
		return module_number(p, key, value, &d->ramdisk_module);
	} else if (!strcmp(key, "cmdline")) {
		if (strlen(value) >= MANIFEST_CMDLINE_MAX)
			return fail(p, "cmdline longer than %d characters",
				    MANIFEST_CMDLINE_MAX - 1);
		strlcpy(d->cmdline, value, sizeof(d->cmdline));
	} else if (!strcmp(key, "weight")) {
		if (!parse_number(value, MANIFEST_MAX_WEIGHT, &n) || n == 0)
			return fail(p, "weight=%s: expected 1 to %d", value,
				    MANIFEST_MAX_WEIGHT);
		d->weight = n;
	} else if (!strcmp(key, "grant_frames")) {
		if (!parse_number(value, GNTTAB_MAX_FRAMES, &n) || n == 0)
			return fail(p, "grant_frames=%s: expected 1 to %d", value,
				    GNTTAB_MAX_FRAMES);
		d->grant_frames = n;
	} else if (!strcmp(key, "maptrack_frames")) {
		if (!parse_number(value, GNTTAB_MAX_MAPTRACK_FRAMES, &n) || n == 0)
			return fail(p, "maptrack_frames=%s: expected 1 to %d", value,
				    GNTTAB_MAX_MAPTRACK_FRAMES);
		d->maptrack_frames = n;
	} else if (!strcmp(key, "role")) {
		return set_role(p, d, value);
	} else if (!strcmp(key, "on_crash")) {
		return set_action(p, key, &d->restart_on_crash, value);
	} else if (!strcmp(key, "on_reboot")) {
		return set_action(p, key, &d->restart_on_reboot, value);
	} else if (!strcmp(key, "pci")) {
		if (d->nr_pci)
			return fail(p, "pci= given twice");
		return set_pci(p, d, value);
	} else {
		return fail(p, "unknown key \"%s\"", key);
	}
	return 0;
}

static unsigned int count_role(const struct manifest *m, enum domain_role role)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < m->nr_domains; i++)
		n += m->domains[i].role == role;
	return n;
}

static int check_domain(struct parser *p, const struct manifest_domain *d)
{
	const struct manifest *m = p->m;

	if (!d->name[0])
		return fail(p, "domain has no name=");
	if (!d->memory_mib)
		return fail(p, "domain %s has no memory=", d->name);
	if (d->kernel_module == MANIFEST_NO_MODULE)
		return fail(p, "domain %s has no kernel=", d->name);
	for (unsigned int i = 0; i < m->nr_domains; i++)
		if (!strcmp(m->domains[i].name, d->name))
			return fail(p, "domain name %s used twice", d->name);
	if (d->role == ROLE_XENSTORE && d->ramdisk_module != MANIFEST_NO_MODULE)
		return fail(p, "domain %s: role=xenstore takes no ramdisk= "
			    "(its ramdisk is the domain list)", d->name);
	if (d->role == ROLE_XENSTORE && (d->restart_on_crash || d->restart_on_reboot))
		return fail(p, "domain %s: role=xenstore cannot be restarted "
			    "(on_crash=restart, on_reboot=restart): the store would be lost",
			    d->name);
	if (d->role == ROLE_XENSTORE)
		for (unsigned int i = 0; i < m->nr_domains; i++)
			if (m->domains[i].role == ROLE_XENSTORE)
				return fail(p, "a second xenstore domain (%s)",
					    d->name);
	if (d->role == ROLE_PCIBACK)
		for (unsigned int i = 0; i < m->nr_domains; i++)
			if (m->domains[i].role == ROLE_PCIBACK)
				return fail(p, "a second pciback domain (%s; %s is one)",
					    d->name, m->domains[i].name);
	if (d->role == ROLE_DRIVER && count_role(m, ROLE_DRIVER) == MANIFEST_MAX_DRIVER_DOMAINS)
		return fail(p, "domain %s: more than %d role=driver domains", d->name,
			    MANIFEST_MAX_DRIVER_DOMAINS);
	return 0;
}

static int parse_domain(struct parser *p, char *rest)
{
	struct manifest_domain d = {
		.vcpus = 1,
		.weight = MANIFEST_DEFAULT_WEIGHT,
		.kernel_module = MANIFEST_NO_MODULE,
		.ramdisk_module = MANIFEST_NO_MODULE,
	};
	char *key = NULL, *value = NULL;
	int rc;

	if (p->m->nr_domains == MANIFEST_MAX_DOMAINS)
		return fail(p, "more than %d domains", MANIFEST_MAX_DOMAINS);
	while ((rc = next_pair(p, &rest, &key, &value)) > 0)
		if (set_key(p, &d, key, value))
			return -1;
	if (rc < 0 || check_domain(p, &d))
		return -1;
	p->m->domains[p->m->nr_domains++] = d;
	return 0;
}

/* A node line, checked alone here; its domain ids once every domain
 * line has been read (node_domains). */
static int parse_node(struct parser *p, const char *rest)
{
	char why[96];

	if (p->m->nr_nodes == MANIFEST_MAX_NODES)
		return fail(p, "more than %d node lines", MANIFEST_MAX_NODES);
	if (xs_seed_parse_node(rest, strlen(rest), &p->m->nodes[p->m->nr_nodes], why,
			       sizeof(why)))
		return fail(p, "node: %s", why);
	p->node_lines[p->m->nr_nodes++] = p->line;
	return 0;
}

static bool known_domid(const struct manifest *m, unsigned int domid)
{
	return domid <= m->nr_domains;	/* 0: the toolstack; then 1.. in order */
}

static int node_domains(struct parser *p)
{
	const struct manifest *m = p->m;
	bool store = false;

	for (unsigned int i = 0; i < m->nr_domains; i++)
		store |= m->domains[i].role == ROLE_XENSTORE;
	if (m->nr_nodes && !store) {
		p->line = p->node_lines[0];
		return fail(p, "node lines need a role=xenstore domain to create them");
	}
	for (unsigned int i = 0; i < m->nr_nodes; i++) {
		const struct xs_seed_node *n = &m->nodes[i];
		int domid = xs_seed_path_domid(n->path);

		p->line = p->node_lines[i];
		if (!domid || !known_domid(m, (unsigned int)domid))
			return fail(p, "node %s: no domain %d in this manifest (1 to %u)",
				    n->path, domid, m->nr_domains);
		for (unsigned int j = 0; j < n->nr_perms; j++)
			if (!known_domid(m, n->perms[j].domid))
				return fail(p, "node %s: perms= names domain %u, not in "
					    "this manifest (0 to %u)", n->path,
					    n->perms[j].domid, m->nr_domains);
	}
	return 0;
}

static int parse_line(struct parser *p, char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	if (!*line || *line == '#')
		return 0;
	if (!strncmp(line, "domain", 6) && (line[6] == ' ' || line[6] == '\t'))
		return parse_domain(p, line + 7);
	if (!strncmp(line, "node", 4) && (line[4] == ' ' || line[4] == '\t'))
		return parse_node(p, line + 5);
	return fail(p, "expected \"domain key=value ...\" or \"node PATH VALUE perms=...\"");
}

int manifest_parse(const char *text, size_t len, unsigned int nr_modules,
		   struct manifest *m, char *why, size_t why_len)
{
	static struct parser p;	/* node_lines: 2 KiB, too much for a stack */
	char line[LINE_MAX_LEN];
	size_t pos = 0;

	memset(&p, 0, sizeof(p));
	p.m = m;
	p.nr_modules = nr_modules;
	p.why = why;
	p.why_len = why_len;
	memset(m, 0, sizeof(*m));
	if (!manifest_detect(text, len))
		return snprintf(why, why_len, "manifest does not start with \""
				MANIFEST_MAGIC "\""), -1;
	while (pos < len) {
		size_t n = 0;

		p.line++;
		while (pos < len && text[pos] != '\n') {
			if (n == sizeof(line) - 1)
				return fail(&p, "line too long");
			if (text[pos] == '\0')
				return fail(&p, "NUL byte in the manifest");
			if (text[pos] != '\r')
				line[n++] = text[pos];
			pos++;
		}
		pos++;
		line[n] = '\0';
		if (p.line > 1 && parse_line(&p, line))
			return -1;
	}
	if (!m->nr_domains)
		return snprintf(why, why_len, "manifest names no domain"), -1;
	return node_domains(&p);
}
