/* SPDX-License-Identifier: GPL-2.0-only */
/* Moving a guest's xenstore_domain_interface in and out of the xenstore
 * domain with GNTTABOP_copy (see ring_copy.h). Indexes the server owns are
 * kept here and put back into the shadow after every copy-in: a guest can
 * scribble over its own copy of rsp_prod and req_cons, but never make the
 * server believe them. */
#include "guest.h"
#include "ring_copy.h"
#include <xen/grant_table.h>

#define VIRT_BASE 0xffffffff80000000UL
#define IFACE_OFFSET(f) __builtin_offsetof(struct xenstore_domain_interface, f)

static uint64_t local_gmfn(const void *va)
{
	return ((const uint64_t *)start_info->mfn_list)[((uint64_t)va - VIRT_BASE) >> 12];
}

static bool copy_one(struct gnttab_copy *op)
{
	long rc = hypercall5(__HYPERVISOR_grant_table_op, GNTTABOP_copy, (long)op, 1, 0, 0);

	return rc == 0 && op->status == GNTST_okay;
}

/* One copy between the guest's ring page at offset and our shadow. */
static bool copy_field(struct ring_copy *rc, unsigned int offset, unsigned int len,
		       bool in)
{
	struct gnttab_copy op = { .len = (uint16_t)len };
	struct gnttab_copy_ptr *guest = in ? &op.source : &op.dest;
	struct gnttab_copy_ptr *ours = in ? &op.dest : &op.source;

	guest->u.ref = GNTTAB_RESERVED_XENSTORE;
	guest->domid = rc->domid;
	guest->offset = (uint16_t)offset;
	ours->u.gmfn = local_gmfn(&rc->shadow);
	ours->domid = DOMID_SELF;
	ours->offset = (uint16_t)offset;
	op.flags = in ? GNTCOPY_source_gref : GNTCOPY_dest_gref;
	return copy_one(&op);
}

bool ring_copy_in(struct ring_copy *rc)
{
	if (!copy_field(rc, 0, sizeof(rc->shadow), true))
		return false;
	rc->shadow.req_cons = rc->req_cons;
	rc->shadow.rsp_prod = rc->rsp_prod;
	return true;
}

/* Data before the index that publishes it: rsp[] first, then the two
 * indexes, in separate copies that the hypervisor performs in order. */
bool ring_copy_out(struct ring_copy *rc)
{
	bool ok = copy_field(rc, IFACE_OFFSET(rsp), sizeof(rc->shadow.rsp), false);

	rc->req_cons = rc->shadow.req_cons;
	rc->rsp_prod = rc->shadow.rsp_prod;
	ok = ok && copy_field(rc, IFACE_OFFSET(req_cons), sizeof(uint32_t), false);
	ok = ok && copy_field(rc, IFACE_OFFSET(rsp_prod), sizeof(uint32_t), false);
	return ok && copy_field(rc, IFACE_OFFSET(error), sizeof(uint32_t), false);
}
