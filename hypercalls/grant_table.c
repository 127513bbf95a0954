/* SPDX-License-Identifier: GPL-2.0-only */
/* HYPERVISOR_grant_table_op (xen/grant_table.h, GNTTABOP_*): version 1
 * grant tables. The batched ops (map, unmap, copy) report a status per
 * entry and preempt with a continuation; setup_table grows the table to
 * the frames asked for, up to the domain's limit (grant_frames=), which
 * query_size reports. Only version 1 exists. Core logic in common/grant_table.c. */
#include <parvus/hypercall.h>
#include <parvus/hypercall_dispatch.h>
#include <parvus/continuation.h>
#include <parvus/domain.h>
#include <parvus/grant_table.h>
#include <parvus/guest_access.h>
#include <parvus/perf_counters.h>
#include <parvus/xen.h>

/* A map, unmap or copy (up to a page) counts as this many units of a
 * step's budget: 64 of them a step alone. */
#define UNITS_PER_OP 4

static long setup_table(struct domain *d, uint64_t arg)
{
	struct gnttab_setup_table op;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -XEN_EFAULT;
	if (op.dom != DOMID_SELF && op.dom != d->domid)
		op.status = GNTST_permission_denied;
	else
		op.status = gnttab_grow(d, op.nr_frames);
	for (uint32_t i = 0; op.status == GNTST_okay && i < op.nr_frames; i++) {
		xen_pfn_t mfn = d->gnttab->frame[i];

		if (copy_to_guest((uint64_t)op.frame_list.p + i * sizeof(mfn), &mfn,
				  sizeof(mfn)))
			return -XEN_EFAULT;
	}
	return copy_to_guest(arg, &op, sizeof(op)) ? -XEN_EFAULT : 0;
}

static long query_size(struct domain *d, uint64_t arg)
{
	struct gnttab_query_size op;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -XEN_EFAULT;
	op.status = op.dom == DOMID_SELF || op.dom == d->domid ?
		    GNTST_okay : GNTST_permission_denied;
	op.nr_frames = d->gnttab->nr_frames;
	op.max_nr_frames = d->gnttab->max_frames;
	return copy_to_guest(arg, &op, sizeof(op)) ? -XEN_EFAULT : 0;
}

static long version_op(struct domain *d, unsigned int cmd, uint64_t arg)
{
	struct gnttab_set_version sv;
	struct gnttab_get_version gv;

	if (cmd == GNTTABOP_set_version) {
		if (copy_from_guest(&sv, arg, sizeof(sv)))
			return -XEN_EFAULT;
		if (sv.version != 1)
			return -XEN_EINVAL;
		return 0;
	}
	if (copy_from_guest(&gv, arg, sizeof(gv)))
		return -XEN_EFAULT;
	if (gv.dom != DOMID_SELF && gv.dom != d->domid)
		return -XEN_EPERM;
	gv.version = 1;
	return copy_to_guest(arg, &gv, sizeof(gv)) ? -XEN_EFAULT : 0;
}

/* map, unmap, copy: `size` bytes per entry, a status each. */
static long batch(struct vcpu *v, unsigned int cmd, uint64_t uop, uint32_t count)
{
	union {
		struct gnttab_map_grant_ref map;
		struct gnttab_unmap_grant_ref unmap;
		struct gnttab_copy copy;
	} op;
	size_t size = cmd == GNTTABOP_map_grant_ref ? sizeof(op.map) :
		      cmd == GNTTABOP_unmap_grant_ref ? sizeof(op.unmap) : sizeof(op.copy);

	for (uint32_t i = 0; i < count; i++, uop += size) {
		if (i && hypercall_preempt_check(v))
			return hypercall_continue(v, cmd, uop, count - i, 0);
		if (copy_from_guest(&op, uop, size))
			return -XEN_EFAULT;
		if (cmd == GNTTABOP_map_grant_ref) {
			op.map.status = gnttab_map(v, &op.map);
			perfc_event(PERFC_GNT_MAP);
		} else if (cmd == GNTTABOP_unmap_grant_ref) {
			op.unmap.status = gnttab_unmap(v, &op.unmap);
			perfc_event(PERFC_GNT_UNMAP);
		} else {
			op.copy.status = gnttab_copy(v->domain, &op.copy);
			perfc_event(PERFC_GNT_COPY);
		}
		hypercall_charge(v, UNITS_PER_OP);
		if (copy_to_guest(uop, &op, size))
			return -XEN_EFAULT;
	}
	return 0;
}

long do_grant_table_op(struct vcpu *v, uint64_t cmd, uint64_t uop,
		       uint64_t count, uint64_t a4, uint64_t a5)
{
	switch ((uint32_t)cmd) {
	case GNTTABOP_map_grant_ref:
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_copy:
		return batch(v, (uint32_t)cmd, uop, (uint32_t)count);
	case GNTTABOP_setup_table:
		return count == 1 ? setup_table(v->domain, uop) : -XEN_EINVAL;
	case GNTTABOP_query_size:
		return count == 1 ? query_size(v->domain, uop) : -XEN_EINVAL;
	case GNTTABOP_set_version:
	case GNTTABOP_get_version:
		return count == 1 ? version_op(v->domain, (uint32_t)cmd, uop) : -XEN_EINVAL;
	default:
		return hypercall_nosys(v, __HYPERVISOR_grant_table_op, (long)cmd);
	}
}
