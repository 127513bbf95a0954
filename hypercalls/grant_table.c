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

/* map, copy: `size` bytes per entry, a status each (unmap: below). */
static long batch(struct vcpu *v, unsigned int cmd, uint64_t uop, uint32_t count)
{
	union {
		struct gnttab_map_grant_ref map;
		struct gnttab_copy copy;
	} op;
	size_t size = cmd == GNTTABOP_map_grant_ref ? sizeof(op.map) : sizeof(op.copy);

	for (uint32_t i = 0; i < count; i++, uop += size) {
		if (i && hypercall_preempt_check(v))
			return hypercall_continue(v, cmd, uop, count - i, 0);
		if (copy_from_guest(&op, uop, size))
			return -XEN_EFAULT;
		if (cmd == GNTTABOP_map_grant_ref) {
			op.map.status = gnttab_map(v, &op.map);
			perfc_event(PERFC_GNT_MAP);
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

/* Unmaps in chunks, as Xen does, so that a chunk owes one TLB flush, not
 * one per entry: each unmap leaves a flush owed (take_down), and any
 * access to guest memory pays it first (guest_access.c), so reading the
 * next entry or writing a status after each unmap flushed every time (a
 * full flush per 4 KiB page that netback unmaps). A chunk is read whole
 * before its first unmap and written back whole after the last, in one
 * flush: guest memory is never touched with a flush owed, and entries
 * that alias a page this chunk unmaps were read before it went (their
 * statuses then fault: -EFAULT, as from Xen, whose status writes also
 * come after its flush). */
#define UNMAP_CHUNK 16

static long unmap_batch(struct vcpu *v, uint64_t uop, uint32_t count)
{
	struct gnttab_unmap_grant_ref ops[UNMAP_CHUNK];

	for (uint32_t done = 0; done < count;) {
		uint32_t n = count - done < UNMAP_CHUNK ? count - done : UNMAP_CHUNK;
		uint64_t at = uop + (uint64_t)done * sizeof(ops[0]);
		uint32_t got = 0;

		if (done && hypercall_preempt_check(v))
			return hypercall_continue(v, GNTTABOP_unmap_grant_ref, at, count - done, 0);
		/* Entry by entry: those before an unreadable one are still done
		 * (Xen's order), then -EFAULT. */
		while (got < n && !copy_from_guest(&ops[got], at + got * sizeof(ops[0]),
						    sizeof(ops[0])))
			got++;
		for (uint32_t i = 0; i < got; i++) {
			ops[i].status = gnttab_unmap(v, &ops[i]);
			perfc_event(PERFC_GNT_UNMAP);
		}
		hypercall_charge(v, got * UNITS_PER_OP);
		if (copy_to_guest(at, ops, got * sizeof(ops[0])) || got < n)
			return -XEN_EFAULT;
		done += n;
	}
	return 0;
}

long do_grant_table_op(struct vcpu *v, uint64_t cmd, uint64_t uop,
		       uint64_t count, uint64_t a4, uint64_t a5)
{
	switch ((uint32_t)cmd) {
	case GNTTABOP_unmap_grant_ref:
		return unmap_batch(v, uop, (uint32_t)count);
	case GNTTABOP_map_grant_ref:
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
