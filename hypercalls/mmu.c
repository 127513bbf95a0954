/* SPDX-License-Identifier: GPL-2.0-only */
/* HYPERVISOR_mmu_update, HYPERVISOR_mmuext_op and
 * HYPERVISOR_update_va_mapping (xen/xen.h): how a PV guest changes its page
 * tables, which it can only read itself. Every entry goes through the
 * page-type engine (mm/page_types.c); semantics and error codes follow
 * Xen's do_mmu_update, do_mmuext_op and __do_update_va_mapping. Batches
 * continue once their step's budget is spent (an item is a unit: 256 a
 * step alone), and so does one item whose page-table (de)validation needs
 * more than the page-type engine's budget (MM_WORK_BUDGET entries). */
#include <parvus/hypercall.h>
#include <parvus/arch_pv.h>
#include <parvus/hypercall_dispatch.h>
#include <parvus/continuation.h>
#include <parvus/descriptor_tables.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/machine_mm.h>
#include <parvus/layout.h>
#include <parvus/string.h>
#include <parvus/perf_counters.h>
#include <parvus/xen.h>

/* Top bit of a batch count: "continuation, done so far is in *pdone".
 * Xen's BATCH_PREEMPTED; internal to Xen, visible to guests. */
#define BATCH_PREEMPTED (1u << 31)

typedef int (*batch_item_fn)(struct vcpu *v, const void *item);

/* Unprivileged guests act on their own memory only. */
static int check_foreigndom(struct vcpu *v, uint64_t foreigndom)
{
	domid_t dom = (domid_t)foreigndom;

	return dom == DOMID_SELF || dom == v->domain->domid ? 0 : -XEN_EPERM;
}

static void report_done(uint64_t pdone, uint32_t done)
{
	if (pdone)
		(void)copy_to_guest(pdone, &done, sizeof(done));
}

/* The rest of the batch, from the item at `at`, is a continuation. */
static long continue_batch(struct vcpu *v, uint64_t at, uint32_t left,
			   uint64_t pdone, uint64_t foreigndom)
{
	hypercall_continue(v, at, left | BATCH_PREEMPTED, pdone, foreigndom);
	return 0;	/* unused: the call continues */
}

/* Tables an item released are devalidated before the next item runs, and
 * before the batch returns, within what is left of the call's budget; if
 * that is not enough, a continuation pays the rest on entry. Once the
 * batch is over, that continuation (no items, count BATCH_PREEMPTED)
 * returns the batch's result, carried in foreigndom as Xen carries it. */
static bool owes_devalidation(struct vcpu *v)
{
	return !machine_mm_pay_owed(v->domain->domid);
}

static long result_after_devalidation(struct vcpu *v, long rc)
{
	return continue_batch(v, 0, 0, 0, (uint64_t)rc);
}

static bool is_result_continuation(uint64_t items, uint64_t count)
{
	return !items && (uint32_t)count == BATCH_PREEMPTED;
}

static long carried_result(uint64_t foreigndom)
{
	long rc = (long)foreigndom;

	return rc <= 0 && rc > -4096 ? rc : -XEN_EINVAL;	/* a guest's forgery */
}

/* The shared shape of mmu_update and mmuext_op: an array of items, a
 * count whose top bit marks a continuation, and an optional "done" count
 * that accumulates across continuations. Stops at the first failing item. */
static long run_batch(struct vcpu *v, uint64_t items,
		      uint64_t count, uint64_t pdone, uint64_t foreigndom,
		      size_t item_size, batch_item_fn fn)
{
	uint8_t item[32];
	uint32_t n = (uint32_t)count, done = 0, i;
	long rc;

	if (is_result_continuation(items, count))
		return carried_result(foreigndom);	/* hypercall_call paid */
	rc = check_foreigndom(v, foreigndom);
	if (rc)
		return rc;
	if (n & BATCH_PREEMPTED) {
		n &= ~BATCH_PREEMPTED;
		if (pdone && copy_from_guest(&done, pdone, sizeof(done)))
			done = 0;
	}
	for (i = 0; i < n; i++) {
		if (i && hypercall_preempt_check(v))
			goto preempted;
		if (copy_from_guest(item, items + i * item_size, item_size)) {
			rc = -XEN_EFAULT;
			break;
		}
		rc = fn(v, item);
		hypercall_charge(v, 1);
		if (rc == -PT_ERESTART) {	/* the same item again */
			perfc_event(PERFC_PT_PREEMPTED);
			goto preempted;
		}
		if (rc)
			break;
		if (i + 1 < n && owes_devalidation(v)) {
			i++;	/* paid on entry to the continuation */
			goto preempted;
		}
	}
	report_done(pdone, done + i);
	if (owes_devalidation(v))
		return result_after_devalidation(v, rc);
	return rc;

preempted:
	report_done(pdone, done + i);
	return continue_batch(v, items + i * item_size, n - i, pdone, foreigndom);
}

/* ---- mmu_update ---- */

static int mmu_update_one(struct vcpu *v, const void *item)
{
	const struct mmu_update *req = item;
	unsigned int d = v->domain->domid;
	uint64_t mfn = req->ptr >> PAGE_SHIFT;

	switch (req->ptr & 3) {
	case MMU_NORMAL_PT_UPDATE:
	case MMU_PT_UPDATE_PRESERVE_AD:
		if (req->ptr & 4)
			return -XEN_EINVAL;	/* not 8-byte aligned */
		return pt_update_entry(&machine_mm, mfn, (req->ptr & ~PAGE_MASK) >> 3,
				       req->val, d, (req->ptr & 3) ==
				       MMU_PT_UPDATE_PRESERVE_AD);
	case MMU_MACHPHYS_UPDATE:
		if (page_get(&machine_mm, mfn, d))
			return -XEN_EINVAL;
		m2p[mfn] = req->val;
		page_put(&machine_mm, mfn);
		return 0;
	default:
		return -XEN_ENOSYS;	/* NO_TRANSLATE: privileged mappers only */
	}
}

long do_mmu_update(struct vcpu *v, uint64_t reqs, uint64_t count,
		   uint64_t pdone, uint64_t foreigndom, uint64_t a5)
{
	return run_batch(v, reqs, count, pdone,
			 foreigndom, sizeof(struct mmu_update), mmu_update_one);
}

/* ---- mmuext_op ---- */

/* The new table takes its reference before the old one drops its own,
 * and CR3 moves before the old table can be torn down. */
static int set_baseptr(struct vcpu *v, uint64_t mfn, bool user)
{
	uint64_t *slot = user ? &v->user_l4_mfn : &v->kernel_l4_mfn;
	uint64_t old = *slot;
	int rc;

	if (mfn || !user) {
		rc = page_get_typed(&machine_mm, mfn, v->domain->domid, PGT_l4);
		if (rc)
			return rc;
	}
	*slot = mfn;
	if (user != v->in_kernel)
		arch_load_guest_cr3(v);
	if (old)
		page_put_typed(&machine_mm, old);
	return 0;
}

static int check_vcpumask(uint64_t mask)
{
	uint64_t bits;

	return copy_from_guest(&bits, mask, sizeof(bits)) ? -XEN_EFAULT : 0;
}

/* mask: a guest vCPU bitmap for the *_MULTI forms, or 0. */
static int flush_checked(struct vcpu *v, uint64_t mask)
{
	if (mask && check_vcpumask(mask))
		return -XEN_EFAULT;
	arch_flush_tlb();
	return 0;
}

static int invlpg_checked(uint64_t va, uint64_t mask)
{
	if (mask && check_vcpumask(mask))
		return -XEN_EFAULT;
	if (!guest_range_ok(va, 1))
		return -XEN_EINVAL;
	arch_flush_tlb_va(va);
	return 0;
}

/* CLEAR_PAGE and COPY_PAGE write a frame as a writable page would be. */
static int with_writable_frame(struct vcpu *v, uint64_t dst, uint64_t src,
			       bool copy)
{
	unsigned int d = v->domain->domid;
	int rc = page_get_typed(&machine_mm, dst, d, PGT_writable);

	if (rc)
		return -XEN_EINVAL;
	if (copy && page_get(&machine_mm, src, d)) {
		page_put_typed(&machine_mm, dst);
		return -XEN_EINVAL;
	}
	if (copy) {
		memcpy(mfn_to_virt(dst), mfn_to_virt(src), PAGE_SIZE);
		page_put(&machine_mm, src);
	} else {
		memset(mfn_to_virt(dst), 0, PAGE_SIZE);
	}
	page_put_typed(&machine_mm, dst);
	return 0;
}

static int set_ldt(struct vcpu *v, uint64_t base, uint32_t nr_ents)
{
	if ((base & ~PAGE_MASK) || nr_ents > LDT_MAX_ENTRIES ||
	    !guest_range_ok(base, (uint64_t)nr_ents * 8))
		return -XEN_EINVAL;
	return descriptor_set_ldt(v, base, nr_ents);
}

static int mmuext_one(struct vcpu *v, const void *item)
{
	const struct mmuext_op *op = item;
	unsigned int d = v->domain->domid;
	uint64_t arg1 = op->arg1.mfn;

	switch (op->cmd) {
	case MMUEXT_PIN_L1_TABLE:
	case MMUEXT_PIN_L2_TABLE:
	case MMUEXT_PIN_L3_TABLE:
	case MMUEXT_PIN_L4_TABLE:
		return page_pin(&machine_mm, arg1, d,
				PGT_l1 + op->cmd - MMUEXT_PIN_L1_TABLE);
	case MMUEXT_UNPIN_TABLE:
		return page_unpin(&machine_mm, arg1, d);
	case MMUEXT_NEW_BASEPTR:
		return set_baseptr(v, arg1, false);
	case MMUEXT_NEW_USER_BASEPTR:
		return set_baseptr(v, arg1, true);
	case MMUEXT_TLB_FLUSH_MULTI:
		/* One vCPU per domain: "these vCPUs" means this one. */
		return flush_checked(v, (uint64_t)op->arg2.vcpumask.p);
	case MMUEXT_TLB_FLUSH_LOCAL:
	case MMUEXT_TLB_FLUSH_ALL:
		return flush_checked(v, 0);
	case MMUEXT_INVLPG_MULTI:
		return invlpg_checked(op->arg1.linear_addr,
				      (uint64_t)op->arg2.vcpumask.p);
	case MMUEXT_INVLPG_LOCAL:
	case MMUEXT_INVLPG_ALL:
		return invlpg_checked(op->arg1.linear_addr, 0);
	case MMUEXT_SET_LDT:
		return set_ldt(v, op->arg1.linear_addr, op->arg2.nr_ents);
	case MMUEXT_CLEAR_PAGE:
		return with_writable_frame(v, arg1, 0, false);
	case MMUEXT_COPY_PAGE:
		return with_writable_frame(v, arg1, op->arg2.src_mfn, true);
	case MMUEXT_FLUSH_CACHE:
	case MMUEXT_FLUSH_CACHE_GLOBAL:
		return -XEN_EACCES;	/* no cache-flush rights without devices */
	default:
		return hypercall_nosys(v, __HYPERVISOR_mmuext_op, op->cmd);
	}
}

long do_mmuext_op(struct vcpu *v, uint64_t ops, uint64_t count,
		  uint64_t pdone, uint64_t foreigndom, uint64_t a5)
{
	return run_batch(v, ops, count, pdone,
			 foreigndom, sizeof(struct mmuext_op), mmuext_one);
}

/* ---- update_va_mapping ---- */

static int check_flush_target(uint64_t flags)
{
	uint64_t target = flags & ~UVMF_FLUSHTYPE_MASK;

	if (target == UVMF_LOCAL || target == UVMF_ALL)
		return 0;
	return check_vcpumask(target);	/* UVMF_MULTI: a vCPU mask pointer */
}

long do_update_va_mapping(struct vcpu *v, uint64_t va, uint64_t val,
			  uint64_t flags, uint64_t a4, uint64_t a5)
{
	uint64_t l1;
	int rc;

	if (!guest_range_ok(va, 1) ||
	    pt_find_l1(&machine_mm, v->cr3 >> PAGE_SHIFT, va, &l1) ||
	    !page_is_table(&machine_mm, l1, PGT_l1))
		return -XEN_EINVAL;
	rc = check_flush_target(flags);
	if (rc)
		return rc;
	rc = pt_update_entry(&machine_mm, l1, (va >> PAGE_SHIFT) & 511, val,
			     v->domain->domid, false);
	if (rc)
		return rc;
	switch (flags & UVMF_FLUSHTYPE_MASK) {
	case UVMF_TLB_FLUSH:
		arch_flush_tlb();
		break;
	case UVMF_INVLPG:
		arch_flush_tlb_va(va);
		break;
	}
	return 0;
}
