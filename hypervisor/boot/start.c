/* start_parvus(): the boot sequence in C, entered from boot.S in long mode
 * on the boot stack. Console first (so everything after can explain a
 * failure), then the CPU's tables, the memory map, the frame allocator,
 * our own page tables and heap; then the first domain is built from the
 * first boot module and run. Bad boot input ends the run with a one-line
 * reason and the "guest failure" status, never a triple fault. */
#include <parvus/boot_info.h>
#include <parvus/console.h>
#include <parvus/domain.h>
#include <parvus/frame_alloc.h>
#include <parvus/heap.h>
#include <parvus/machine_mm.h>
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

/* The first module is the kernel (its command line the guest's), an
 * optional second one its ramdisk. */
static void start_first_domain(const struct boot_info *bi, const char *hv_cmdline)
{
	const struct boot_module *k = &bi->modules[0], *rd = &bi->modules[1];
	struct domain_image img = {
		.kernel = maddr_to_virt(k->start),
		.kernel_len = k->end - k->start,
		.cmdline = cmdline_skip_image_name(bi, k->cmdline),
	};
	struct domain *d;

	if (bi->nr_modules == 0)
		boot_fail("no guest kernel: pass one as the first boot module "
			  "(QEMU -initrd, GRUB module2)");
	if (bi->nr_modules > 1) {
		img.initrd = maddr_to_virt(rd->start);
		img.initrd_len = rd->end - rd->start;
	}
	d = domain_alloc(FIRST_DOMID);
	if (!d)
		boot_fail("out of memory allocating d%u", FIRST_DOMID);
	if (domain_build(d, &img, domain_mem_pages(hv_cmdline)))
		machine_exit(PARVUS_EXIT_GUEST_FAIL);
	sched_add_domain(d);
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
	selftest_run(cmdline);
	start_first_domain(&boot_info, cmdline);
	schedule();
}
