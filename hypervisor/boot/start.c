/* SPDX-License-Identifier: GPL-2.0-only */
/* start_parvus(): the boot sequence in C, entered from boot.S in long mode
 * on the boot stack. Console first (so everything after can explain a
 * failure), then the CPU's tables, the memory map, the frame allocator,
 * our own page tables and heap; then the first domain is built from the
 * first boot module and run. Bad boot input ends the run with a one-line
 * reason and the "guest failure" status, never a triple fault. The
 * domains come from a boot manifest (module 0), or, without one, from a
 * kernel and ramdisk passed directly. */
#include <parvus/boot_info.h>
#include <parvus/console.h>
#include <parvus/console_ring.h>
#include <parvus/perf_counters.h>
#include <parvus/domain.h>
#include <parvus/frame_alloc.h>
#include <parvus/heap.h>
#include <parvus/machine_mm.h>
#include <parvus/manifest.h>
#include <parvus/mm_audit_run.h>
#include <parvus/pci.h>
#include <parvus/xenstore_seed.h>
#include <parvus/time.h>
#include <parvus/layout.h>
#include <parvus/string.h>
#include <arch/machine.h>
#include <arch/paging.h>

#define DEFAULT_DOMAIN_MEM	(32UL << 20)
#define FIRST_DOMID		1

void start_parvus(uint32_t magic, uint32_t info_paddr);
void frames_init(const struct boot_info *bi);
void heap_setup(void);
void selftest_run(const char *cmdline);
void selftest_run_on_guest(const char *cmdline, struct domain *d);

static struct boot_info boot_info;

static const void *boot_phys_to_ptr(uint64_t paddr, size_t len)
{
	(void)len;
	return maddr_to_virt(paddr);
}

static __noreturn void boot_fail(const char *fmt, ...) __printf(1, 2);
static __noreturn void boot_fail(const char *fmt, ...)
{
	va_list ap;

	printk("parvus: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	machine_exit(PARVUS_EXIT_GUEST_FAIL);
}

static unsigned long domain_mem_pages(const char *cmdline)
{
	char value[32];
	uint64_t bytes = DEFAULT_DOMAIN_MEM;

	if (cmdline_get(cmdline, "dom_mem", value, sizeof(value)) &&
	    (!parse_size(value, &bytes) || bytes < PAGE_SIZE))
		boot_fail("bad dom_mem=%s on the hypervisor command line "
			  "(expected a size such as 64M)", value);
	return bytes >> PAGE_SHIFT;
}

static const void *module_data(const struct boot_info *bi, int n)
{
	return maddr_to_virt(bi->modules[n].start);
}

static size_t module_size(const struct boot_info *bi, int n)
{
	return bi->modules[n].end - bi->modules[n].start;
}

static struct domain *build_domain(unsigned int domid, const char *name,
				   const struct domain_image *img,
				   unsigned long nr_pages)
{
	struct domain *d = domain_alloc(domid);

	if (!d)
		boot_fail("out of memory allocating d%u", domid);
	strlcpy(d->name, name, sizeof(d->name));
	if (domain_build(d, img, nr_pages))
		machine_exit(PARVUS_EXIT_GUEST_FAIL);
	sched_add_domain(d);
	return d;
}

/* What the xenstore domain needs to know of a built domain. */
static struct xs_seed_domain seed_entry(const struct domain *d)
{
	struct xs_seed_domain e = {
		.domid = (uint16_t)d->domid, .memory_kib = d->memory_kib,
		.store_mfn = d->store_mfn, .store_port = d->store_port,
		.console_mfn = d->console_ring_mfn, .console_port = d->console_port,
	};

	strlcpy(e.name, d->name, sizeof(e.name));
	return e;
}

/* The manifest's devices exist and may be assigned: checked before any
 * domain is built, so a bad pci= starts nothing. */
static void check_manifest_pci(const struct manifest *m)
{
	char why[200];

	for (unsigned int i = 0; i < m->nr_domains; i++)
		for (unsigned int j = 0; j < m->domains[i].nr_pci; j++)
			if (pci_check_assignable(&m->domains[i].pci[j], why, sizeof(why)))
				boot_fail("bad boot manifest: domain %s: %s",
					  m->domains[i].name, why);
}

/* Devices and the pciback role, before the domain first runs. */
static void give_pci(struct domain *d, const struct manifest_domain *md)
{
	char why[200];

	d->is_pciback = md->role == ROLE_PCIBACK;
	if (md->nr_pci && pci_assign(d, md->pci, md->nr_pci, why, sizeof(why)))
		boot_fail("domain %s: %s", md->name, why);
}

/* What a manifest domain is built from; the same at boot and when it is
 * rebuilt after a crash (the boot modules stay reserved: frames.c). */
static struct domain_image manifest_image(const struct boot_info *bi,
					  const struct manifest_domain *md,
					  domid_t xenstore, const char *seed,
					  size_t seed_len)
{
	struct domain_image img = {
		.kernel = module_data(bi, md->kernel_module),
		.kernel_len = module_size(bi, md->kernel_module),
		.cmdline = md->cmdline,
		.xenstore_domid = xenstore,
		.weight = md->weight,
		.grant_frames = md->grant_frames,
		.maptrack_frames = md->maptrack_frames,
		.initrd = seed,
		.initrd_len = seed_len,
	};

	if (md->ramdisk_module != MANIFEST_NO_MODULE) {
		img.initrd = module_data(bi, md->ramdisk_module);
		img.initrd_len = module_size(bi, md->ramdisk_module);
	}
	return img;
}

static struct manifest manifest;
static domid_t manifest_xenstore;

/* on_crash=restart, on_reboot=restart: the same domain again, from the manifest and the
 * boot modules, its devices assigned again (domain_restart.c calls it
 * with the struct reinitialised; no xenstore domain restarts). */
static int rebuild_manifest_domain(struct domain *d)
{
	const struct manifest_domain *md = &manifest.domains[d->domid - FIRST_DOMID];
	struct domain_image img = manifest_image(&boot_info, md, manifest_xenstore, NULL, 0);
	char why[200];

	strlcpy(d->name, md->name, sizeof(d->name));
	if (domain_build(d, &img, md->memory_mib << (20 - PAGE_SHIFT)))
		return -1;
	d->is_pciback = md->role == ROLE_PCIBACK;
	if (md->nr_pci && pci_assign(d, md->pci, md->nr_pci, why, sizeof(why))) {
		printk("parvus: d%u (%s): %s\n", d->domid, md->name, why);
		return -1;
	}
	return 0;
}

static void build_manifest_domain(const struct boot_info *bi,
				  const struct manifest_domain *md, domid_t domid,
				  domid_t xenstore, const char *seed, size_t seed_len)
{
	struct domain_image img = manifest_image(bi, md, xenstore, seed, seed_len);
	struct domain *d = build_domain(domid, md->name, &img,
					md->memory_mib << (20 - PAGE_SHIFT));

	give_pci(d, md);
	if (md->restart_on_crash || md->restart_on_reboot)
		domain_set_restartable(d, rebuild_manifest_domain, md->restart_on_crash,
				       md->restart_on_reboot);
}

/* Module 0 is a manifest naming every domain and its modules. The
 * xenstore domain is built last: its ramdisk is the seed listing every
 * other domain's store ring and port, which exist only once they are
 * built (IDs still follow the manifest's order), then the manifest's
 * node lines, carried through as they are. */
static void start_manifest_domains(const struct boot_info *bi)
{
	struct manifest *m = &manifest;
	/* Domain lines, then the node lines (short in practice: 160 KiB
	 * holds 512 of 320 bytes; a longer seed is refused below). */
	static char seed[160 << 10];
	struct xs_seed_domain e;
	size_t seed_len = 0;
	char why[200];
	int store = -1;

	if (manifest_parse(module_data(bi, 0), module_size(bi, 0), bi->nr_modules,
			   m, why, sizeof(why)))
		boot_fail("bad boot manifest: %s", why);
	check_manifest_pci(m);
	for (unsigned int i = 0; i < m->nr_domains; i++)
		if (m->domains[i].role == ROLE_XENSTORE)
			store = (int)i;
	manifest_xenstore = store < 0 ? 0 : FIRST_DOMID + store;
	for (unsigned int i = 0; i < m->nr_domains; i++) {
		if ((int)i == store)
			continue;
		build_manifest_domain(bi, &m->domains[i], FIRST_DOMID + i,
				      manifest_xenstore, NULL, 0);
		e = seed_entry(domain_by_id(FIRST_DOMID + i));
		e.driver = m->domains[i].role == ROLE_DRIVER;
		e.restart = m->domains[i].restart_on_crash || m->domains[i].restart_on_reboot;
		seed_len = xs_seed_format(seed, sizeof(seed), seed_len, &e);
	}
	if (store < 0)
		return;
	e = (struct xs_seed_domain){ .self = true, .domid = FIRST_DOMID + store,
				     .memory_kib = m->domains[store].memory_mib << 10 };
	strlcpy(e.name, m->domains[store].name, sizeof(e.name));
	seed_len = xs_seed_format(seed, sizeof(seed), seed_len, &e);
	for (unsigned int i = 0; i < m->nr_nodes; i++)
		seed_len = xs_seed_format_node(seed, sizeof(seed), seed_len, &m->nodes[i]);
	if (seed_len >= sizeof(seed))
		boot_fail("the xenstore seed does not fit in %lu bytes",
			  (unsigned long)sizeof(seed));
	build_manifest_domain(bi, &m->domains[store], FIRST_DOMID + store,
			      FIRST_DOMID + store, seed, seed_len);
}

/* Without a manifest: the first module is the kernel (its command line
 * the guest's), an optional second one its ramdisk. */
static void start_first_domain(const struct boot_info *bi, const char *hv_cmdline)
{
	const struct boot_module *k = &bi->modules[0], *rd = &bi->modules[1];
	struct domain_image img = {
		.kernel = maddr_to_virt(k->start),
		.kernel_len = k->end - k->start,
		.cmdline = cmdline_skip_image_name(bi, k->cmdline),
	};

	if (bi->nr_modules == 0)
		boot_fail("no guest kernel: pass one as the first boot module "
			  "(QEMU -initrd, GRUB module2)");
	if (manifest_detect(module_data(bi, 0), module_size(bi, 0))) {
		start_manifest_domains(bi);
		return;
	}
	if (bi->nr_modules > 1) {
		img.initrd = maddr_to_virt(rd->start);
		img.initrd_len = rd->end - rd->start;
	}
	build_domain(FIRST_DOMID, "d1", &img, domain_mem_pages(hv_cmdline));
}

/* perfc=exit: the hypercall and trap counters when the machine stops. */
static void start_perf_counters(const char *cmdline)
{
	char value[16];

	if (!cmdline_get(cmdline, "perfc", value, sizeof(value)))
		return;
	if (strcmp(value, "exit"))
		boot_fail("perfc=%s: expected perfc=exit", value);
	perfc_report_at_exit();
}

/* console=interactive (make run): typed input wakes waiting domains. */
static void start_console(const char *cmdline)
{
	char value[16];

	if (!cmdline_get(cmdline, "console", value, sizeof(value)))
		return;
	if (strcmp(value, "interactive"))
		boot_fail("console=%s: expected console=interactive", value);
	console_ring_set_interactive();
	printk("parvus: interactive console: Ctrl-A three times switches "
	       "input between domains\n");
}

/* idle_deadlock=shutdown|wait: what every domain blocked with no timer
 * means. The tests want it reported as a deadlock; a user's machine idles
 * (wait, the default) until serial input wakes a domain. */
static void start_idle_policy(const char *cmdline)
{
	char value[16];

	if (!cmdline_get(cmdline, "idle_deadlock", value, sizeof(value)))
		return;
	if (!strcmp(value, "shutdown"))
		sched_set_idle_deadlock_shutdown(true);
	else if (strcmp(value, "wait"))
		boot_fail("idle_deadlock=%s: expected idle_deadlock=shutdown or wait",
			  value);
}

/* console_rate=off: no limit on what a domain's console_io may print. */
static void start_console_rate(const char *cmdline)
{
	char value[16];

	if (!cmdline_get(cmdline, "console_rate", value, sizeof(value)))
		return;
	if (strcmp(value, "off"))
		boot_fail("console_rate=%s: expected console_rate=off", value);
	console_rate_set_unlimited();
	printk("parvus: console_rate=off: domains' console output is not rate-limited\n");
}

/* The free-frame count before any domain exists, to compare with the one
 * each domain's destruction prints (domain.c): once every domain has
 * gone, the two must be equal, or a frame leaked. Nothing else takes
 * frames after this point (the heap is one arena sized at boot). */
static void report_free_frames(void)
{
	printk("parvus: free frames: %lu before building domains\n",
	       (unsigned long)machine_frames.nr_free);
}

void start_parvus(uint32_t magic, uint32_t info_paddr)
{
	char why[128];
	const char *cmdline;

	serial_init();
	printk("\nParvus PV hypervisor (Xen PV64 ABI)\n");
	cpu_init_descriptors();
	cpu_init_features();
	if (boot_info_parse(magic, info_paddr, boot_phys_to_ptr, &boot_info,
			    why, sizeof(why)))
		boot_fail("bad boot information: %s", why);
	cmdline = cmdline_skip_image_name(&boot_info, boot_info.cmdline);
	printk("parvus: multiboot%s loader \"%s\", command line \"%s\"\n",
	       boot_info.multiboot_version == 2 ? "2" : "",
	       boot_info.loader, cmdline);
	frames_init(&boot_info);
	paging_init(&boot_info);
	heap_setup();
	machine_mm_init(&boot_info);
	pci_scan(boot_info.ram, boot_info.nr_ram);
	gnttab_init();
	time_init();
	selftest_run(cmdline);
	mm_audit_init(cmdline);
	report_free_frames();
	start_first_domain(&boot_info, cmdline);
	selftest_run_on_guest(cmdline, domain_by_id(FIRST_DOMID));
	start_console(cmdline);
	start_console_rate(cmdline);
	start_perf_counters(cmdline);
	start_idle_policy(cmdline);
	schedule();
}
