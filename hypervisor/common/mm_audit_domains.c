/* SPDX-License-Identifier: GPL-2.0-only */
/* audit=mm[:N] on the hypervisor command line: after every N-th hypercall
 * or guest trap (N = 1 if omitted), and after every domain's teardown,
 * the memory audit (mm/mm_audit.c) is run over all domains; a violation
 * prints what is wrong and panics, so a fuzz run that breaks an
 * invariant fails at once, next to the call that broke it. This file
 * knows the domains: it names every reference the hypervisor itself
 * holds (vCPU L4s, descriptor pages, vcpu_info, console ring, pirq EOI
 * map, shared pages), every grant mapping and every grant's pins. */
#include <parvus/mm_audit_run.h>
#include <parvus/mm_audit.h>
#include <parvus/boot_info.h>
#include <parvus/console.h>
#include <parvus/domain.h>
#include <parvus/frame_alloc.h>
#include <parvus/grant_table.h>
#include <parvus/heap.h>
#include <parvus/layout.h>
#include <parvus/machine_mm.h>
#include <parvus/string.h>

#define AUDIT_MAX_DOMID	64
#define DESCS_PER_PAGE	(PAGE_SIZE / 8)

static bool enabled;
static uint64_t every = 1, points, audits;
static void *scratch;
/* Room for every maptrack entry of every domain: grown (on the heap, so
 * the free-frame count is unchanged) when the maptracks outgrow it. */
static struct mm_audit_grant *grants;
static unsigned int max_grants;

void mm_audit_init(const char *cmdline)
{
	char value[32];
	uint64_t bytes, mfn;

	if (!cmdline_get(cmdline, "audit", value, sizeof(value)))
		return;
	if (strncmp(value, "mm", 2) || (value[2] && value[2] != ':'))
		panic("audit=%s: expected audit=mm or audit=mm:N", value);
	if (value[2]) {
		every = 0;
		for (const char *p = value + 3; *p >= '0' && *p <= '9'; p++)
			every = every * 10 + (uint64_t)(*p - '0');
		if (!every)
			panic("audit=%s: N must be a number above 0", value);
	}
	bytes = mm_audit_scratch_bytes(machine_mm.nr_frames, GNTTAB_MAX_ENTRIES);
	mfn = frame_alloc_contig(&machine_frames, DIV_ROUND_UP(bytes, PAGE_SIZE));
	if (mfn == FRAME_NONE)
		panic("audit=mm: no room for its %lu bytes of scratch", (unsigned long)bytes);
	scratch = mfn_to_virt(mfn);
	memset(scratch, 0, bytes);
	enabled = true;
	printk("parvus: mm audit after every %lu hypercall(s) or trap(s) and every "
	       "teardown\n", (unsigned long)every);
}

static void report(void *ctx, const char *line)
{
	printk("parvus: mm audit (%s): %s\n", (const char *)ctx, line);
}

static void add_vcpu_holders(struct mm_audit *a, const struct vcpu *v, unsigned int d)
{
	mm_audit_holder(a, d, v->kernel_l4_mfn, PGT_l4, "kernel baseptr");
	if (v->user_l4_mfn)
		mm_audit_holder(a, d, v->user_l4_mfn, PGT_l4, "user baseptr");
	for (unsigned int i = 0; i < v->gdt_nr_frames; i++)
		mm_audit_holder(a, d, v->gdt_frames[i], PGT_seg_desc, "GDT frame");
	for (unsigned int i = 0; i < DIV_ROUND_UP(v->ldt_ents, DESCS_PER_PAGE); i++)
		mm_audit_holder(a, d, v->ldt_frames[i], PGT_seg_desc, "LDT frame");
	if (v->vcpu_info_mfn)
		mm_audit_holder(a, d, v->vcpu_info_mfn, PGT_writable, "vcpu_info");
}

static void add_domain_holders(struct mm_audit *a, const struct domain *dom)
{
	unsigned int d = dom->domid;

	add_vcpu_holders(a, &dom->vcpu0, d);
	mm_audit_holder(a, d, dom->shared_info_mfn, PGT_writable, "shared_info");
	if (dom->console_ring_mfn)
		mm_audit_holder(a, d, dom->console_ring_mfn, PGT_writable, "console ring");
	if (dom->pirq_eoi_mfn)
		mm_audit_holder(a, d, dom->pirq_eoi_mfn, PGT_writable, "pirq EOI map");
	for (unsigned int i = 0; i < dom->gnttab->nr_frames; i++)
		mm_audit_holder(a, d, dom->gnttab->frame[i], PGT_writable, "grant table frame");
	for (unsigned int i = 0; i < dom->gnttab->nr_maptrack; i++) {
		const struct grant_mapping *m = &dom->gnttab->maptrack[i];

		if (m->in_use)
			mm_audit_grant(a, &(struct mm_audit_grant){
				.grantee = d, .granter = m->granter, .ref = m->ref,
				.writable = m->writable, .mfn = m->mfn, .l1_mfn = m->l1_mfn,
				.l1_idx = m->l1_idx, .pte = m->pte, .no_pte = !m->has_pte });
	}
}

/* The grant array covers every maptrack entry there is. */
static void size_grants(void)
{
	unsigned int n = 0;

	for (domid_t id = 1; id < AUDIT_MAX_DOMID; id++) {
		struct domain *d = domain_by_id(id);

		if (d && d->gnttab)
			n += d->gnttab->nr_maptrack;
	}
	if (n <= max_grants)
		return;
	xfree(grants);
	max_grants = n + GNTTAB_MAPTRACK_PER_FRAME;
	grants = xmalloc(max_grants * sizeof(*grants));
	if (!grants)
		panic("audit=mm: no room to audit %u grant mappings", n);
}

static void run_audit(const char *where)
{
	struct mm_audit a;
	unsigned int bad;

	audits++;
	size_grants();
	mm_audit_begin(&a, &machine_mm, scratch, grants, max_grants, GNTTAB_MAX_ENTRIES,
		       report, (void *)where);
	for (domid_t id = 1; id < AUDIT_MAX_DOMID; id++) {
		struct domain *d = domain_by_id(id);

		if (d && d->gnttab)
			add_domain_holders(&a, d);
	}
	for (domid_t id = 1; id < AUDIT_MAX_DOMID; id++) {
		struct domain *d = domain_by_id(id);

		if (d && d->gnttab)
			mm_audit_pins(&a, id, d->gnttab->pin_ro, d->gnttab->pin_rw,
				      d->gnttab->nr_frames * GNTTAB_ENTRIES_PER_FRAME);
	}
	bad = mm_audit_finish(&a);
	if (bad)
		panic("mm audit: %u violation(s) after %s (audit %lu)", bad, where,
		      (unsigned long)audits);
}

void mm_audit_point(const char *what, uint64_t n)
{
	char where[64];

	if (!enabled || ++points % every)
		return;
	snprintf(where, sizeof(where), "d%u's %s %lu", current ? current->domain->domid : 0,
		 what, (unsigned long)n);
	run_audit(where);
}

void mm_audit_after_teardown(void)
{
	if (enabled) {
		run_audit("a domain's teardown");
		printk("parvus: mm audit: %lu audits passed\n", (unsigned long)audits);
	}
}
