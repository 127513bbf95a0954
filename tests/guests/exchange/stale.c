/* SPDX-License-Identifier: GPL-2.0-only */
/* XENMEM_exchange's guest pointers inside a frame the same call gives up.
 * X is mapped writable at V; a call that reports through V puts V -> X in
 * ring 0's TLB (QEMU keeps one per privilege level); V is unmapped without
 * a flush, so only that stale entry still reaches X, and X has no mapping
 * left, so it may be exchanged. The hypervisor must not read or write X
 * through V once X has left us: the flush it then owes is paid before any
 * guest access. Each case checks what such an access would change: the
 * input list, the output list, the exchange structure, and the multicall
 * entry that made the call. */
#include "exchange.h"

#define SPARE_V	6

static volatile uint64_t *prime(void)
{
	volatile uint64_t *v = spare_va(SPARE_V);
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT };

	CHECK_EQ(remap((void *)v, p2m[spare_pfn(SPARE_V)], PTE_P | PTE_RW), 0, "map X at V");
	CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, (uint32_t *)&v[400], DOMID_SELF), 0,
		 "a call that reports done through V, priming ring 0's TLB");
	return v;
}

static void unmap_without_flush(volatile uint64_t *v)
{
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)v, 0, 0), 0, "unmap V without a flush");
}

/* After a case: X, or the frame that replaced it, at V again. */
static void settle(bool exchanged, uint64_t new_mfn)
{
	unsigned long pfn = spare_pfn(SPARE_V);

	if (exchanged)
		p2m[pfn] = new_mfn;
	CHECK_EQ(remap(spare_va(SPARE_V), p2m[pfn], PTE_P | PTE_RW), 0, "V mapped again");
}

/* The input list in X: in[0] = X, in[1] = Y. Chunk 0 gives X up; chunk 1
 * must not read in[1] from it, so Y stays ours. */
static void input_list_in_x(void)
{
	volatile uint64_t *v = prime();
	unsigned long y_pfn = pool_take(1), x_pfn = spare_pfn(SPARE_V);
	uint64_t x_mfn = p2m[x_pfn], y_mfn = p2m[y_pfn];
	xen_pfn_t out[2] = { x_pfn, y_pfn };
	struct xen_memory_exchange x;
	long rc;

	v[0] = x_mfn;
	v[1] = y_mfn;
	unmap_without_flush(v);
	xch_set(&x, (xen_pfn_t *)v, 2, 0, out, 2, 0, 0);
	rc = xch(&x);
	CHECK_EQ(rc, -XEN_EFAULT, "an input list in a frame the call gave up");
	CHECK(x.nr_exchanged <= 1, "nr_exchanged %lu, want 0 or 1", (unsigned long)x.nr_exchanged);
	CHECK(frame_is_ours(y_mfn, y_pfn), "Y, named only in the frame given up, is still ours");
	CHECK_EQ(out[1], y_pfn, "Y's output entry is untouched");
	settle(x.nr_exchanged == 1, out[0]);
}

/* The output list in X, X the only input: its pfn is read after X is taken
 * and must fault, so nothing is exchanged and X is kept (read through the
 * stale entry, the call would succeed and X would be gone). */
static void output_list_in_x(void)
{
	volatile uint64_t *v = prime();
	unsigned long x_pfn = spare_pfn(SPARE_V);
	xen_pfn_t in = p2m[x_pfn];
	struct xen_memory_exchange x;

	v[0] = x_pfn;
	unmap_without_flush(v);
	xch_set(&x, &in, 1, 0, (xen_pfn_t *)v, 1, 0, 0);
	CHECK_EQ(xch(&x), -XEN_EFAULT, "an output list in the frame the call gives up");
	CHECK_EQ(x.nr_exchanged, 0, "nothing exchanged");
	CHECK(frame_is_ours(in, x_pfn), "X is kept");
	settle(false, 0);
	CHECK_EQ(v[0], x_pfn, "the output entry in X is untouched");
}

/* The exchange structure itself in X: read while X is ours, then X goes;
 * nr_exchanged must not be written back through V (that write is what
 * would make the call return 0). */
static void struct_in_x(void)
{
	volatile uint64_t *v = prime();
	unsigned long x_pfn = spare_pfn(SPARE_V);
	static xen_pfn_t in, out;
	struct xen_memory_exchange *x = (struct xen_memory_exchange *)v;

	in = p2m[x_pfn];
	out = x_pfn;
	xch_set(x, &in, 1, 0, &out, 1, 0, 0);
	unmap_without_flush(v);
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_exchange, x), -XEN_EFAULT,
		 "the exchange structure in the frame the call gives up");
	if (out != x_pfn) {
		CHECK_EQ(M2P[out], x_pfn, "X was exchanged: its replacement at its pfn");
		CHECK_EQ(M2P[in], M2P_INVALID, "and X is gone");
	} else {
		CHECK(frame_is_ours(in, x_pfn), "not exchanged: X is kept");
	}
	settle(out != x_pfn, out);
}

/* A multicall whose entry list is in X, the entry exchanging X: the
 * entry's result must not be written back through V once X has gone. */
static void multicall_list_in_x(void)
{
	volatile uint64_t *v = prime();
	unsigned long x_pfn = spare_pfn(SPARE_V);
	static xen_pfn_t in, out;
	static struct xen_memory_exchange x;
	struct multicall_entry *e = (struct multicall_entry *)v;

	in = p2m[x_pfn];
	out = x_pfn;
	xch_set(&x, &in, 1, 0, &out, 1, 0, 0);
	*e = (struct multicall_entry){ __HYPERVISOR_memory_op, 99,
				       { XENMEM_exchange, (unsigned long)&x } };
	unmap_without_flush(v);
	CHECK_EQ(hypercall5(__HYPERVISOR_multicall, (long)e, 1, 0, 0, 0), -XEN_EFAULT,
		 "a multicall whose entries are in the frame its entry gives up");
	if (out != x_pfn) {
		CHECK_EQ(x.nr_exchanged, 1, "the entry's exchange was done");
		CHECK_EQ(M2P[in], M2P_INVALID, "X is gone");
	} else {
		CHECK(frame_is_ours(in, x_pfn), "not exchanged: X is kept");
	}
	settle(out != x_pfn, out);
}

void check_stale_tlb(void)
{
	input_list_in_x();
	output_list_in_x();
	struct_in_x();
	multicall_list_in_x();
}
