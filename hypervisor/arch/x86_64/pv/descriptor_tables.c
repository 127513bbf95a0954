/* SPDX-License-Identifier: GPL-2.0-only */
/* A PV guest's own descriptor tables, set by HYPERVISOR_set_gdt and
 * MMUEXT_SET_LDT and changed by HYPERVISOR_update_descriptor (xen/xen.h).
 * Their frames are typed as descriptor pages while installed, so the guest
 * cannot map them writable; every descriptor is checked (descriptor_check)
 * on the way in. The validated descriptors are copied into the hardware
 * GDT's guest part (entries 0 .. 7167; the hypervisor's page follows) and
 * into the hypervisor's LDT. Semantics follow Xen's pv_set_gdt and
 * MMUEXT_SET_LDT (which Xen maps lazily; we take the pages when the LDT is
 * set, so they must be mapped by then). */
#include <parvus/descriptor_tables.h>
#include <parvus/continuation.h>
#include <parvus/descriptor.h>
#include <parvus/domain.h>
#include <parvus/layout.h>
#include <parvus/machine_mm.h>
#include <parvus/page_types.h>
#include <parvus/string.h>
#include <parvus/xen.h>
#include <arch/machine.h>

static void release_frames(const uint64_t *frames, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		page_put_typed(&machine_mm, frames[i]);
}

/* Types a frame as a descriptor page and checks (and fixes) all of it. */
static int take_descriptor_frame(struct vcpu *v, uint64_t mfn)
{
	uint64_t *descs;
	int rc = page_get_typed(&machine_mm, mfn, v->domain->domid, PGT_seg_desc);

	if (rc)
		return rc;
	descs = mfn_to_virt(mfn);
	for (unsigned int i = 0; i < DESCS_PER_PAGE; i++) {
		if (!descriptor_check(&descs[i])) {
			page_put_typed(&machine_mm, mfn);
			return -XEN_EINVAL;
		}
	}
	return 0;
}

void descriptor_tables_install(struct vcpu *v)
{
	for (unsigned int i = 0; i < v->gdt_nr_frames; i++)
		gdt_load_guest_page(i, mfn_to_virt(v->gdt_frames[i]));
	gdt_clear_guest_pages(v->gdt_nr_frames);
	for (unsigned int i = 0; i < DIV_ROUND_UP(v->ldt_ents, DESCS_PER_PAGE); i++)
		ldt_load_guest_page(i, mfn_to_virt(v->ldt_frames[i]));
	ldt_activate(v->ldt_ents);
}

/* The frame mapped at guest address va in the current tables. */
static int frame_at(struct vcpu *v, uint64_t va, uint64_t *mfn)
{
	uint64_t l1, e;

	if (pt_find_l1(&machine_mm, v->cr3 >> PAGE_SHIFT, va, &l1))
		return -XEN_EINVAL;
	e = ((uint64_t *)mfn_to_virt(l1))[(va >> PAGE_SHIFT) & 511];
	if (!(e & PTE_P))
		return -XEN_EINVAL;
	*mfn = pte_mfn(e);
	return 0;
}

/* Takes all n frames as descriptor pages, or none (-XEN_EINVAL). A frame
 * that just stopped being writable may still have a writable TLB entry:
 * flushed before the guest runs again. Each frame checked is a unit of
 * the step's budget (16 for an LDT of 8192 entries in an mmuext_op
 * batch, up to 14 for a GDT in a multicall). */
static int take_descriptor_frames(struct vcpu *v, const uint64_t *frames,
				  unsigned int n)
{
	hypercall_charge(v, n);
	for (unsigned int i = 0; i < n; i++) {
		int rc = take_descriptor_frame(v, frames[i]);

		if (rc) {
			release_frames(frames, i);
			return rc;
		}
	}
	return 0;
}

int descriptor_set_ldt(struct vcpu *v, uint64_t base, uint32_t nr_ents)
{
	uint64_t frames[LDT_MAX_ENTRIES / DESCS_PER_PAGE];
	unsigned int n = DIV_ROUND_UP(nr_ents, DESCS_PER_PAGE);
	int rc;

	for (unsigned int i = 0; i < n; i++)
		if (frame_at(v, base + i * PAGE_SIZE, &frames[i]))
			return -XEN_EINVAL;
	rc = take_descriptor_frames(v, frames, n);
	if (rc)
		return rc;
	release_frames(v->ldt_frames, DIV_ROUND_UP(v->ldt_ents, DESCS_PER_PAGE));
	memcpy(v->ldt_frames, frames, n * sizeof(uint64_t));
	v->ldt_ents = nr_ents;
	descriptor_tables_install(v);
	return 0;
}

int descriptor_set_gdt(struct vcpu *v, const uint64_t *frames, unsigned int n)
{
	int rc = take_descriptor_frames(v, frames, n);

	if (rc)
		return rc;
	release_frames(v->gdt_frames, v->gdt_nr_frames);
	memcpy(v->gdt_frames, frames, n * sizeof(uint64_t));
	v->gdt_nr_frames = n;
	descriptor_tables_install(v);
	return 0;
}
