/* HYPERVISOR_set_gdt and HYPERVISOR_update_descriptor (xen/xen.h): a PV
 * guest's own GDT. Its frames are typed as descriptor pages while
 * installed, so the guest cannot map them writable; every descriptor is
 * checked (descriptor_check) on the way in. The validated descriptors are
 * copied into the hardware GDT's guest part (entries 0 .. 7167; the
 * hypervisor's page follows). Semantics follow Xen's pv_set_gdt and
 * do_update_descriptor, including -EINVAL for more than 7168 entries. */
#include <parvus/hypercall.h>
#include <parvus/descriptor.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/layout.h>
#include <parvus/machine_mm.h>
#include <parvus/page_types.h>
#include <parvus/string.h>
#include <parvus/xen.h>
#include <arch/machine.h>

#define DESCS_PER_PAGE (PAGE_SIZE / 8)

static void release_frames(const uint64_t *frames, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		page_put_typed(&machine_mm, frames[i]);
}

/* Types a frame as a descriptor page and checks (and fixes) all of it. */
static int take_gdt_frame(struct vcpu *v, uint64_t mfn)
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

/* Puts the vCPU's GDT into the hardware table. */
void gdt_install_guest(struct vcpu *v)
{
	for (unsigned int i = 0; i < v->gdt_nr_frames; i++)
		gdt_load_guest_page(i, mfn_to_virt(v->gdt_frames[i]));
	gdt_clear_guest_pages(v->gdt_nr_frames);
}

long do_set_gdt(struct vcpu *v, uint64_t list, uint64_t entries,
		uint64_t a3, uint64_t a4, uint64_t a5)
{
	uint64_t frames[GDT_MAX_GUEST_FRAMES];
	unsigned int n = DIV_ROUND_UP((uint32_t)entries, DESCS_PER_PAGE);
	int rc;

	if ((uint32_t)entries > GDT_FIRST_RESERVED_ENTRY)
		return -XEN_EINVAL;
	if (copy_from_guest(frames, list, n * sizeof(uint64_t)))
		return -XEN_EFAULT;
	for (unsigned int i = 0; i < n; i++) {
		rc = take_gdt_frame(v, frames[i]);
		if (rc) {
			release_frames(frames, i);
			return rc;
		}
	}
	release_frames(v->gdt_frames, v->gdt_nr_frames);
	memcpy(v->gdt_frames, frames, n * sizeof(uint64_t));
	v->gdt_nr_frames = n;
	gdt_install_guest(v);
	return 0;
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
		gdt_install_guest(v);
	page_put_typed(&machine_mm, mfn);
	return 0;
}
