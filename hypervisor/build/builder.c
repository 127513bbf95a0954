/* SPDX-License-Identifier: GPL-2.0-only */
/* The PV domain builder: turns a kernel image into a runnable domain the
 * way Xen's builder does for a domU. It checks the image and places
 * everything (image_check.c: elf_xen.c, layout.c), gives the domain its
 * memory, loads the segments and ramdisk (loader.c), writes the p2m list,
 * start_info, the hypercall page and the bootstrap page tables
 * (pt_build.c), and sets the vCPU's entry registers. Every write to a
 * domain page goes through loader_frame's bound check. Any failure frees
 * what was allocated: no half-built domain survives. */
#include <parvus/domain.h>
#include <parvus/domain_build.h>
#include <parvus/frame_alloc.h>
#include <parvus/heap.h>
#include <parvus/machine_mm.h>
#include <parvus/console_ring.h>
#include <parvus/layout.h>
#include <parvus/string.h>
#include <parvus/xen.h>
#include <arch/cpu.h>
#include <arch/paging.h>

struct builder {
	struct domain *d;
	struct xen_elf_info info;
	struct domain_layout layout;
	struct domain_loader loader;	/* d->frames, bound-checked */
	char why[160];
};

static void *map_machine_frame(void *ctx, uint64_t mfn)
{
	(void)ctx;
	return mfn_to_virt(mfn);
}

/* The domain's page pfn, or NULL with the reason in b->why. */
static void *pfn_to_virt(struct builder *b, unsigned long pfn)
{
	return loader_frame(&b->loader, pfn);
}

/* The machine frame behind pfn, or FRAME_NONE (reason in b->why). */
static uint64_t pfn_to_mfn(struct builder *b, unsigned long pfn)
{
	return pfn_to_virt(b, pfn) ? b->d->frames[pfn] : FRAME_NONE;
}

/* A hypervisor page the guest may map writable but never turn into a page
 * table: it keeps a writable type reference of its own for ever, as Xen's
 * share_xen_page_with_guest arranges. Not in the p2m, so no M2P entry. */
static void share_with_guest(struct domain *d, uint64_t mfn)
{
	machine_mm_assign(mfn, d->domid, M2P_INVALID);
	machine_mm.pages[mfn].ref_count = 1;
	machine_mm.pages[mfn].type = PGT_writable;
	machine_mm.pages[mfn].type_count = 1;
}

static int alloc_memory(struct builder *b, unsigned long nr_pages)
{
	struct domain *d = b->d;
	unsigned long free_before = (unsigned long)machine_frames.nr_free;

	d->frames = xmalloc(nr_pages * sizeof(uint64_t));
	if (!d->frames)
		goto no_memory;
	d->nr_pages = d->max_pages = nr_pages;
	for (unsigned long pfn = 0; pfn < nr_pages; pfn++)
		d->frames[pfn] = FRAME_NONE;
	for (unsigned long pfn = 0; pfn < nr_pages; pfn++) {
		uint64_t mfn = frame_alloc(&machine_frames);
		if (mfn == FRAME_NONE)
			goto no_memory;
		d->frames[pfn] = mfn;
		memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
		machine_mm_assign(mfn, d->domid, pfn);
	}
	d->shared_info_mfn = frame_alloc(&machine_frames);
	if (d->shared_info_mfn == FRAME_NONE)
		goto no_memory;
	d->shared_info = mfn_to_virt(d->shared_info_mfn);
	share_with_guest(d, d->shared_info_mfn);
	return 0;

no_memory:
	snprintf(b->why, sizeof(b->why), "not enough free machine memory "
		 "for %lu MiB (%lu MiB free)", nr_pages >> 8, free_before >> 8);
	domain_release_memory(d);
	return -XEN_ENOMEM;
}

/* elf_xen_load's callback. A static function: the hypervisor is linked
 * position-dependent from -fpie objects, and ld cannot resolve the address
 * of an external function taken in code (a GOTPCREL load) there. */
static int load_segment(void *ctx, uint64_t va, const void *src,
			uint64_t filesz, uint64_t memsz)
{
	return loader_copy_segment(ctx, va, src, filesz, memsz);
}

static int load_image(struct builder *b, const struct domain_image *img)
{
	b->loader = (struct domain_loader){ &b->layout, b->d->frames,
					    map_machine_frame, NULL, b->why,
					    sizeof(b->why) };
	if (elf_xen_load(img->kernel, &b->info, load_segment, &b->loader))
		return -XEN_EINVAL;
	return loader_copy_initrd(&b->loader, img->initrd, img->initrd_len);
}

static int write_p2m(struct builder *b)
{
	const struct domain_layout *l = &b->layout;
	const unsigned long per_page = PAGE_SIZE / sizeof(uint64_t);

	for (unsigned long pfn = 0; pfn < l->nr_pages; pfn++) {
		uint64_t *page = pfn_to_virt(b, l->p2m_pfn + pfn / per_page);

		if (!page)
			return -XEN_EINVAL;
		page[pfn % per_page] = b->d->frames[pfn];
	}
	return 0;
}

static void init_shared_info(struct domain *d)
{
	memset(d->shared_info, 0, PAGE_SIZE);
	/* Event delivery starts masked, as Xen's builder leaves it. */
	for (unsigned int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		d->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;
}

/* The console ring page and its port, with the hypervisor at the back. */
static int attach_console(struct builder *b)
{
	uint64_t mfn = pfn_to_mfn(b, b->layout.console_pfn);
	evtchn_port_t port;
	int rc;

	if (mfn == FRAME_NONE)
		return -XEN_EINVAL;
	rc = evtchn_bind_console(b->d, &port);
	if (!rc)
		rc = console_ring_attach(b->d, mfn, port);
	/* The reserved entry Xen's toolstack seeds for the console back end
	 * of the control domain (0, none yet). */
	if (!rc)
		gnttab_seed(b->d, GNTTAB_RESERVED_CONSOLE, 0, mfn);
	return rc;
}

/* The store ring, as Xen's toolstack sets it up: granted to the xenstore
 * domain through the reserved entry, with an unbound port that domain
 * binds to (start_info.store_mfn/store_evtchn). The xenstore domain has
 * no store of its own to talk to; without one, the page is just there. */
static int attach_store(struct builder *b, domid_t xenstore_domid)
{
	struct domain *d = b->d;
	uint64_t mfn = pfn_to_mfn(b, b->layout.xenstore_pfn);

	if (mfn == FRAME_NONE)
		return -XEN_EINVAL;
	if (xenstore_domid == d->domid) {
		d->is_xenstore = true;
		return 0;
	}
	d->store_mfn = mfn;
	if (!xenstore_domid)
		return 0;
	gnttab_seed(d, GNTTAB_RESERVED_XENSTORE, xenstore_domid, mfn);
	return evtchn_alloc_unbound(d, xenstore_domid, &d->store_port);
}

static int write_start_info(struct builder *b, const char *cmdline,
			    uint64_t initrd_len)
{
	const struct domain_layout *l = &b->layout;
	struct domain *d = b->d;
	start_info_t *si = pfn_to_virt(b, l->start_info_pfn);

	if (!si)
		return -XEN_EINVAL;
	snprintf(si->magic, sizeof(si->magic), "xen-3.0-x86_64");
	si->nr_pages = d->nr_pages;
	si->shared_info = d->shared_info_mfn << PAGE_SHIFT;
	si->flags = 0;
	si->store_mfn = d->store_mfn;
	si->store_evtchn = d->store_port;
	si->console.domU.mfn = pfn_to_mfn(b, l->console_pfn);
	si->console.domU.evtchn = d->console_port;
	si->pt_base = layout_pfn_to_va(l, l->pt_pfn);
	si->nr_pt_frames = l->nr_pt_pages;
	si->mfn_list = l->p2m_va;
	if (l->p2m_separate) {
		si->first_p2m_pfn = l->p2m_pfn;
		si->nr_p2m_frames = l->nr_p2m_pages + l->nr_p2m_pt_pages;
	}
	if (initrd_len) {
		si->mod_start = l->initrd_unmapped ? l->initrd_pfn :
				layout_pfn_to_va(l, l->initrd_pfn);
		si->mod_len = initrd_len;
		if (l->initrd_unmapped)
			si->flags |= SIF_MOD_START_PFN;
	}
	strlcpy((char *)si->cmd_line, cmdline, sizeof(si->cmd_line));
	return 0;
}

static int write_hypercall_page(struct builder *b)
{
	uint64_t va = b->info.hypercall_page;
	uint8_t *page;

	if (va == UNSET_ADDR)
		return 0;
	page = loader_kernel_page(&b->loader, va);
	if (!page)
		return -XEN_EINVAL;
	hypercall_page_fill(page);
	return 0;
}

/* Pins the bootstrap L4 as Xen's builder does, and gives the vCPU's CR3 its
 * own reference, so the guest may unpin the table while it is loaded. */
static int pin_bootstrap_tables(struct builder *b, uint64_t l4_mfn)
{
	int rc;

	do {	/* nothing else waits for the builder: step until done */
		machine_mm_new_step();
		rc = page_pin(&machine_mm, l4_mfn, b->d->domid, PGT_l4);
	} while (rc == -PT_ERESTART);

	if (!rc)
		rc = page_get_typed(&machine_mm, l4_mfn, b->d->domid, PGT_l4);
	if (rc)
		snprintf(b->why, sizeof(b->why), "bootstrap page tables do not "
			 "validate (%d)", rc);
	return rc;
}

static void init_vcpu(struct builder *b, uint64_t l4_mfn)
{
	const struct domain_layout *l = &b->layout;
	struct vcpu *v = &b->d->vcpu0;

	memset(&v->regs, 0, sizeof(v->regs));
	v->regs.rip = b->info.entry;
	v->regs.cs = FLAT_KERNEL_CS;
	v->regs.rflags = RFLAGS_IF | RFLAGS_RESERVED_ONE;
	v->regs.rsp = layout_pfn_to_va(l, l->stack_pfn + 1);
	v->regs.ss = FLAT_KERNEL_SS;
	v->regs.rsi = layout_pfn_to_va(l, l->start_info_pfn);
	v->vcpu_info = &b->d->shared_info->vcpu_info[0];
	v->kernel_ss = FLAT_KERNEL_SS;
	v->kernel_sp = v->regs.rsp;
	v->kernel_l4_mfn = l4_mfn;
	v->user_l4_mfn = 0;
	v->cr3 = l4_mfn << PAGE_SHIFT;
	v->in_kernel = true;
}

static int report(struct builder *b, int rc)
{
	printk("parvus: cannot build d%u: %s\n", b->d->domid, b->why);
	return rc;
}

/* Everything after the domain has memory: any failure releases it. */
static int fill_domain(struct builder *b, const struct domain_image *img,
		       uint64_t *l4_mfn)
{
	int rc = load_image(b, img);

	if (!rc)
		rc = write_p2m(b);
	init_shared_info(b->d);
	if (!rc)
		rc = attach_console(b);
	if (!rc)
		rc = attach_store(b, img->xenstore_domid);
	if (!rc)
		rc = write_start_info(b, img->cmdline, img->initrd_len);
	if (!rc)
		rc = write_hypercall_page(b);
	if (!rc && pt_build_bootstrap(&b->layout, b->d->frames,
				      paging_hv_l4_slots(), map_machine_frame,
				      NULL, l4_mfn)) {
		snprintf(b->why, sizeof(b->why), "bootstrap page tables need "
			 "frames outside the layout");
		rc = -XEN_EINVAL;
	}
	if (!rc)
		rc = pin_bootstrap_tables(b, *l4_mfn);
	return rc;
}

int domain_build(struct domain *d, const struct domain_image *img,
		 unsigned long nr_pages)
{
	struct builder b = { .d = d };
	uint64_t l4_mfn;
	int rc;

	rc = domain_image_check(img->kernel, img->kernel_len, nr_pages,
				img->initrd_len, &b.info, &b.layout, b.why,
				sizeof(b.why));
	if (!rc && gnttab_set_limits(d, img->grant_frames, img->maptrack_frames))
		rc = -XEN_EINVAL;	/* the manifest parser bounds them */
	if (rc)
		return report(&b, rc);
	rc = alloc_memory(&b, nr_pages);
	if (rc)
		return report(&b, rc);
	d->memory_kib = (uint64_t)nr_pages << (PAGE_SHIFT - 10);
	d->weight = img->weight ? img->weight : SCHED_DEFAULT_WEIGHT;
	rc = fill_domain(&b, img, &l4_mfn);
	if (rc) {
		domain_release_memory(d);
		return report(&b, rc);
	}
	init_vcpu(&b, l4_mfn);
	vcpu_time_update(&d->vcpu0);
	domain_wallclock_update(d);
	strlcpy(d->cmdline, img->cmdline, sizeof(d->cmdline));
	xfree(d->frames);	/* from now on the M2P and owners say it all */
	d->frames = NULL;
	printk("parvus: d%u: %lu MiB, kernel 0x%lx-0x%lx, entry 0x%lx%s%s\n",
	       d->domid, nr_pages >> 8, (unsigned long)b.info.virt_kstart,
	       (unsigned long)b.info.virt_kend, (unsigned long)b.info.entry,
	       b.info.hypercall_page != UNSET_ADDR ? ", hypercall page" : "",
	       !img->initrd_len ? "" : b.layout.initrd_unmapped ?
	       ", ramdisk by pfn" : ", ramdisk mapped");
	if (img->grant_frames || img->maptrack_frames)
		printk("parvus: d%u: up to %u grant frames, %u grant mappings\n", d->domid,
		       d->gnttab->max_frames, d->gnttab->max_maptrack);
	return 0;
}
