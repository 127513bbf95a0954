// SPDX-License-Identifier: GPL-2.0
/*
 * pvbench: micro-benchmarks of the PV ABI timed from guest kernel mode,
 * for `parvus bench` (issue 6). Loaded into Debian's stock kernel as an
 * out-of-tree module (top-level Kbuild); each result, in nanoseconds per
 * operation, is printed as "pvbench NAME NS" and kept in
 * /sys/kernel/pvbench/NAME. Runs only in a Xen PV domain.
 *
 *   null_hypercall       xen_version(XENVER_version)
 *   mmu_update_1         one MMU_NORMAL_PT_UPDATE rewriting a PTE as it is
 *   mmu_update_256       a batch of 256 of those
 *   update_va_mapping    the same PTE through update_va_mapping + INVLPG
 *   evtchn_self_upcall   send on a port bound to ourselves until its upcall
 *   grant_copy_4k        GNTTABOP_copy of one page between two of ours
 */
#include <linux/module.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include <linux/gfp.h>
#include <linux/interrupt.h>
#include <linux/ktime.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/page.h>
#include <xen/xen.h>
#include <xen/events.h>
#include <xen/interface/xen.h>
#include <xen/interface/version.h>
#include <xen/interface/grant_table.h>
#include <xen/interface/event_channel.h>

#define LOOPS 2000

enum { NULL_HC, MMU_1, MMU_256, UVA, EVTCHN, GNT_COPY, NR_RESULTS };
static const char *const names[NR_RESULTS] = {
	"null_hypercall", "mmu_update_1", "mmu_update_256", "update_va_mapping",
	"evtchn_self_upcall", "grant_copy_4k",
};
static u64 results[NR_RESULTS];	/* ns per operation */
static struct kobject *kobj;
static struct mmu_update reqs[256];

static void report(int i, u64 start, unsigned int n)
{
	results[i] = (ktime_get_ns() - start) / n;
	pr_info("pvbench %s %llu\n", names[i], results[i]);
}

static void bench_null_hypercall(void)
{
	u64 t = ktime_get_ns();

	for (int i = 0; i < LOOPS; i++)
		HYPERVISOR_xen_version(XENVER_version, NULL);
	report(NULL_HC, t, LOOPS);
}

/* A PTE of a page of ours, rewritten with its own value. */
static int bench_page_tables(void)
{
	unsigned long va = __get_free_page(GFP_KERNEL);
	unsigned int level;
	pte_t *ptep;
	u64 maddr, t;
	int rc = 0;

	if (!va)
		return -ENOMEM;
	ptep = lookup_address(va, &level);
	if (!ptep || level != PG_LEVEL_4K) {
		free_page(va);
		return -EINVAL;
	}
	maddr = arbitrary_virt_to_machine(ptep).maddr;
	for (int i = 0; i < 256; i++)
		reqs[i] = (struct mmu_update){ maddr | MMU_NORMAL_PT_UPDATE, ptep->pte };
	t = ktime_get_ns();
	for (int i = 0; i < LOOPS && !rc; i++)
		rc = HYPERVISOR_mmu_update(reqs, 1, NULL, DOMID_SELF);
	report(MMU_1, t, LOOPS);
	t = ktime_get_ns();
	for (int i = 0; i < LOOPS / 16 && !rc; i++)
		rc = HYPERVISOR_mmu_update(reqs, 256, NULL, DOMID_SELF);
	report(MMU_256, t, LOOPS / 16);
	t = ktime_get_ns();
	for (int i = 0; i < LOOPS && !rc; i++)
		rc = HYPERVISOR_update_va_mapping(va, __pte_ma(ptep->pte), UVMF_INVLPG);
	report(UVA, t, LOOPS);
	free_page(va);
	return rc;
}

static volatile unsigned int upcalls;

static irqreturn_t on_event(int irq, void *dev)
{
	upcalls++;
	return IRQ_HANDLED;
}

/* Two ports of ours bound to each other; each send raises the upcall on
 * the other, which has run by the time the hypercall returns. */
static int bench_evtchn(void)
{
	struct evtchn_alloc_unbound alloc = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
	struct evtchn_bind_interdomain bind = { .remote_dom = DOMID_SELF };
	struct evtchn_send send;
	int irq, rc;
	u64 t;

	rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &alloc);
	if (rc)
		return rc;
	bind.remote_port = alloc.port;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bind);
	if (rc)
		return rc;
	irq = bind_evtchn_to_irqhandler(alloc.port, on_event, 0, "pvbench", NULL);
	if (irq < 0)
		return irq;
	send.port = bind.local_port;
	t = ktime_get_ns();
	for (unsigned int i = 0; i < LOOPS; i++) {
		unsigned int before = upcalls;

		HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
		while (upcalls == before)
			cpu_relax();
	}
	report(EVTCHN, t, LOOPS);
	unbind_from_irqhandler(irq, NULL);
	return 0;
}

static int bench_grant_copy(void)
{
	struct page *pages = alloc_pages(GFP_KERNEL, 1);
	struct gnttab_copy op = { .len = PAGE_SIZE };
	int rc = 0;
	u64 t;

	if (!pages)
		return -ENOMEM;
	op.source.u.gmfn = pfn_to_gfn(page_to_pfn(pages));
	op.source.domid = DOMID_SELF;
	op.dest.u.gmfn = pfn_to_gfn(page_to_pfn(pages + 1));
	op.dest.domid = DOMID_SELF;
	t = ktime_get_ns();
	for (int i = 0; i < LOOPS && !rc; i++) {
		rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, &op, 1);
		if (!rc && op.status != GNTST_okay)
			rc = -EIO;
	}
	report(GNT_COPY, t, LOOPS);
	__free_pages(pages, 1);
	return rc;
}

static ssize_t result_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	for (int i = 0; i < NR_RESULTS; i++)
		if (!strcmp(a->attr.name, names[i]))
			return sysfs_emit(buf, "%llu\n", results[i]);
	return -ENOENT;
}

static struct kobj_attribute attrs[NR_RESULTS];
static struct attribute *attr_list[NR_RESULTS + 1];
static const struct attribute_group group = { .attrs = attr_list };

static int __init pvbench_init(void)
{
	int rc;

	if (!xen_pv_domain())
		return -ENODEV;
	bench_null_hypercall();
	rc = bench_page_tables();
	if (rc)
		pr_warn("pvbench: page-table rows failed: %d\n", rc);
	rc = bench_evtchn();
	if (rc)
		pr_warn("pvbench: event-channel row failed: %d\n", rc);
	rc = bench_grant_copy();
	if (rc)
		pr_warn("pvbench: grant-copy row failed: %d\n", rc);
	for (int i = 0; i < NR_RESULTS; i++) {
		sysfs_attr_init(&attrs[i].attr);
		attrs[i].attr.name = names[i];
		attrs[i].attr.mode = 0444;
		attrs[i].show = result_show;
		attr_list[i] = &attrs[i].attr;
	}
	kobj = kobject_create_and_add("pvbench", kernel_kobj);
	if (!kobj)
		return -ENOMEM;
	rc = sysfs_create_group(kobj, &group);
	if (rc)
		kobject_put(kobj);
	return rc;
}

static void __exit pvbench_exit(void)
{
	kobject_put(kobj);
}

module_init(pvbench_init);
module_exit(pvbench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("PV ABI micro-benchmarks from guest kernel mode (Parvus)");
