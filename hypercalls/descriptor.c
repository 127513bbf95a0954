/* SPDX-License-Identifier: GPL-2.0-only */
/* HYPERVISOR_set_gdt and HYPERVISOR_update_descriptor (xen/xen.h): a PV
 * guest's own GDT, and one descriptor of it, of its LDT or of any page
 * it may write. The tables themselves, their frames typed as descriptor
 * pages and copied into the hardware, are the core's
 * (arch/x86_64/pv/descriptor_tables.c, which MMUEXT_SET_LDT uses too);
 * every descriptor is checked (descriptor_check) on the way in.
 * Semantics follow Xen's pv_set_gdt and do_update_descriptor. */
#include <parvus/hypercall.h>
#include <parvus/descriptor.h>
#include <parvus/descriptor_tables.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/layout.h>
#include <parvus/machine_mm.h>
#include <parvus/page_types.h>
#include <parvus/xen.h>

long do_set_gdt(struct vcpu *v, uint64_t list, uint64_t entries,
		uint64_t a3, uint64_t a4, uint64_t a5)
{
	uint64_t frames[GDT_MAX_GUEST_FRAMES];
	unsigned int n = DIV_ROUND_UP((uint32_t)entries, DESCS_PER_PAGE);

	if ((uint32_t)entries > GDT_FIRST_RESERVED_ENTRY)
		return -XEN_EINVAL;
	if (copy_from_guest(frames, list, n * sizeof(uint64_t)))
		return -XEN_EFAULT;
	return descriptor_set_gdt(v, frames, n);
}

long do_update_descriptor(struct vcpu *v, uint64_t maddr, uint64_t desc,
			  uint64_t a3, uint64_t a4, uint64_t a5)
{
	uint64_t mfn = maddr >> PAGE_SHIFT;
	struct page_info *p;
	enum page_type type;

	if ((maddr & 7) || !descriptor_check(&desc) ||
	    page_get(&machine_mm, mfn, v->domain->domid))
		return -XEN_EINVAL;
	/* A live GDT page stays one; any other page must be writable-able. */
	p = &machine_mm.pages[mfn];
	type = p->type_count && p->type == PGT_seg_desc ? PGT_seg_desc : PGT_writable;
	if (page_get_type(&machine_mm, mfn, v->domain->domid, type)) {
		page_put(&machine_mm, mfn);
		return -XEN_EINVAL;
	}
	((uint64_t *)mfn_to_virt(mfn))[(maddr & ~PAGE_MASK) / 8] = desc;
	if (type == PGT_seg_desc)
		descriptor_tables_install(v);
	page_put_typed(&machine_mm, mfn);
	return 0;
}
