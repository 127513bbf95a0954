/* SPDX-License-Identifier: GPL-2.0-only */
/* Fuzzes the boot-manifest parser (hypervisor/boot/manifest.c). The first
 * byte is the number of boot modules, the rest the manifest text. Any text
 * is refused with a reason or gives domains that keep every rule of
 * manifest.h (node lines: paths and perms= naming its domains); an
 * accepted manifest written back out (node lines as the xenstore seed
 * writes them) parses the same. */
#include <parvus/manifest.h>
#include <parvus/string.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond); \
	abort(); } } while (0)

static bool terminated(const char *s, size_t size)
{
	return strnlen(s, size) < size;
}

static bool module_ok(int module, unsigned int nr_modules, bool optional)
{
	if (module == MANIFEST_NO_MODULE)
		return optional;
	return module >= 1 && (unsigned int)module < nr_modules;
}


static bool same_bdf(const struct pci_bdf *a, const struct pci_bdf *b)
{
	return a->seg == b->seg && a->bus == b->bus && a->devfn == b->devfn;
}

/* pci=: at most 8 a domain, each device named once in the manifest. */
static void check_pci(const struct manifest *m)
{
	for (unsigned int i = 0; i < m->nr_domains; i++) {
		const struct manifest_domain *d = &m->domains[i];

		CHECK(d->nr_pci <= PCI_MAX_PER_DOMAIN);
		for (unsigned int k = 0; k < d->nr_pci; k++) {
			CHECK(PCI_SLOT(d->pci[k].devfn) <= 0x1f);
			for (unsigned int j = 0; j <= i; j++)
				for (unsigned int l = 0; l < (j == i ? k : m->domains[j].nr_pci); l++)
					CHECK(!same_bdf(&d->pci[k], &m->domains[j].pci[l]));
		}
	}
}

static void check_manifest(const struct manifest *m, unsigned int nr_modules)
{
	unsigned int stores = 0, pcibacks = 0;

	check_pci(m);
	CHECK(m->nr_domains >= 1 && m->nr_domains <= MANIFEST_MAX_DOMAINS);
	for (unsigned int i = 0; i < m->nr_domains; i++) {
		const struct manifest_domain *d = &m->domains[i];

		CHECK(terminated(d->name, sizeof(d->name)) && d->name[0]);
		CHECK(terminated(d->cmdline, sizeof(d->cmdline)));
		CHECK(d->memory_mib >= 1 && d->memory_mib <= 1024UL * 1024);
		CHECK(d->vcpus == 1);
		CHECK(d->weight >= 1 && d->weight <= MANIFEST_MAX_WEIGHT);
		CHECK(module_ok(d->kernel_module, nr_modules, false));
		CHECK(module_ok(d->ramdisk_module, nr_modules, true));
		CHECK(d->role == ROLE_ORDINARY || d->role == ROLE_XENSTORE ||
		      d->role == ROLE_PCIBACK || d->role == ROLE_DRIVER);
		CHECK(d->role != ROLE_XENSTORE || !d->restart_on_crash);
		pcibacks += d->role == ROLE_PCIBACK;
		CHECK(d->role != ROLE_XENSTORE || d->ramdisk_module == MANIFEST_NO_MODULE);
		stores += d->role == ROLE_XENSTORE;
		for (unsigned int j = 0; j < i; j++)
			CHECK(strcmp(d->name, m->domains[j].name));
	}
	CHECK(stores <= 1 && pcibacks <= 1);
	CHECK(m->nr_nodes <= MANIFEST_MAX_NODES);
	CHECK(!m->nr_nodes || stores == 1);
	for (unsigned int i = 0; i < m->nr_nodes; i++) {
		const struct xs_seed_node *n = &m->nodes[i];
		int domid = xs_seed_path_domid(n->path);

		CHECK(terminated(n->path, sizeof(n->path)) && terminated(n->value, sizeof(n->value)));
		CHECK(domid >= 1 && (unsigned int)domid <= m->nr_domains);
		CHECK(n->nr_perms >= 1 && n->nr_perms <= XS_SEED_PERMS_MAX);
		for (unsigned int j = 0; j < n->nr_perms; j++)
			CHECK(n->perms[j].domid <= m->nr_domains && n->perms[j].perm <= 3);
	}
}

static bool same_domain(const struct manifest_domain *a, const struct manifest_domain *b)
{
	return !strcmp(a->name, b->name) && a->memory_mib == b->memory_mib &&
	       a->vcpus == b->vcpus && a->kernel_module == b->kernel_module &&
	       a->ramdisk_module == b->ramdisk_module && a->role == b->role &&
	       a->weight == b->weight && !strcmp(a->cmdline, b->cmdline) &&
	       a->restart_on_crash == b->restart_on_crash &&
	       a->nr_pci == b->nr_pci && !memcmp(a->pci, b->pci, sizeof(a->pci));
}

/* Every value quoted; a value holding a quote cannot be written back. */
static void check_round_trip(const struct manifest *m, unsigned int nr_modules)
{
	static char text[MANIFEST_MAX_DOMAINS * (MANIFEST_CMDLINE_MAX + 200) +
			 MANIFEST_MAX_NODES * XS_SEED_NODE_LINE_MAX];
	static struct manifest again;
	char why[200];
	size_t n = (size_t)snprintf(text, sizeof(text), MANIFEST_MAGIC "\n");

	for (unsigned int i = 0; i < m->nr_domains; i++) {
		const struct manifest_domain *d = &m->domains[i];

		if (strchr(d->name, '"') || strchr(d->cmdline, '"'))
			return;
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "domain name=\"%s\" memory=%lu vcpus=%u kernel=%d weight=%u "
				      "role=%s on_crash=%s cmdline=\"%s\"", d->name, d->memory_mib,
				      d->vcpus, d->kernel_module, d->weight,
				      d->role == ROLE_XENSTORE ? "xenstore" :
				      d->role == ROLE_PCIBACK ? "pciback" :
				      d->role == ROLE_DRIVER ? "driver" : "ordinary",
				      d->restart_on_crash ? "restart" : "destroy", d->cmdline);
		for (unsigned int k = 0; k < d->nr_pci; k++) {
			char bdf[16];

			pci_format_bdf(bdf, sizeof(bdf), &d->pci[k]);
			n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%s",
					      k ? "," : " pci=", bdf);
		}
		if (d->ramdisk_module != MANIFEST_NO_MODULE)
			n += (size_t)snprintf(text + n, sizeof(text) - n, " ramdisk=%d",
					      d->ramdisk_module);
		n += (size_t)snprintf(text + n, sizeof(text) - n, "\n");
	}
	/* Node lines as the seed writes them: the manifest reads them back. */
	for (unsigned int i = 0; i < m->nr_nodes; i++) {
		n = xs_seed_format_node(text, sizeof(text), n, &m->nodes[i]);
		CHECK(n < sizeof(text));
	}
	CHECK(n < sizeof(text));
	CHECK(manifest_parse(text, n, nr_modules, &again, why, sizeof(why)) == 0);
	CHECK(again.nr_domains == m->nr_domains);
	for (unsigned int i = 0; i < m->nr_domains; i++)
		CHECK(same_domain(&m->domains[i], &again.domains[i]));
	CHECK(again.nr_nodes == m->nr_nodes);
	for (unsigned int i = 0; i < m->nr_nodes; i++)
		CHECK(!memcmp(&m->nodes[i], &again.nodes[i], sizeof(again.nodes[i])));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct manifest m;
	unsigned int nr_modules;
	size_t len;
	char *text, why[200];
	int rc;

	if (!size)
		return 0;
	nr_modules = data[0] % 20;
	len = size - 1;
	text = malloc(len ? len : 1);	/* exact size, not NUL-terminated */
	memcpy(text, data + 1, len);
	rc = manifest_parse(text, len, nr_modules, &m, why, sizeof(why));
	CHECK(rc == 0 || rc == -1);
	if (rc)
		CHECK(why[0] && terminated(why, sizeof(why)));
	else
		check_manifest(&m, nr_modules);
	if (!rc)
		check_round_trip(&m, nr_modules);
	CHECK(manifest_detect(text, len) || rc);
	free(text);
	return 0;
}
