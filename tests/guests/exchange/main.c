/* SPDX-License-Identifier: GPL-2.0-only */
/* exchange: XENMEM_exchange from inside a PV guest (xen/memory.h, struct
 * xen_memory_exchange), as Linux's xen_create_contiguous_region and
 * xen_destroy_contiguous_region use it. Alone (no role=): frames traded
 * for aligned contiguous extents below an address width and back, Xen's
 * argument checks and errors, frames that may not be given (mapped, page
 * tables, pinned, the hypervisor's, shared_info, named twice), a failed
 * chunk that keeps its frames, -ENOMEM, long exchanges continued, and
 * lists that live in a frame the same call gives up (stale.c). With
 * role=granter|grantee peer=ID: two domains against the grant rules
 * (pair.c). */
#include "exchange.h"

#define HV_MFN		0x200UL		/* the hypervisor image at 2 MiB */
#define ORDER9		512

uint64_t *p2m;
static unsigned long pool_next;

unsigned long pool_take(unsigned long n)
{
	pool_next -= n;
	return pool_next;
}

void xch_set(struct xen_memory_exchange *x, xen_pfn_t *in, unsigned long nr_in,
	     unsigned int in_order, xen_pfn_t *out, unsigned long nr_out,
	     unsigned int out_order, unsigned int mem_flags)
{
	*x = (struct xen_memory_exchange){
		.in = { .nr_extents = nr_in, .extent_order = in_order, .domid = DOMID_SELF },
		.out = { .nr_extents = nr_out, .extent_order = out_order,
			 .mem_flags = mem_flags, .domid = DOMID_SELF },
	};
	set_xen_guest_handle(x->in.extent_start, in);
	set_xen_guest_handle(x->out.extent_start, out);
}

long xch(struct xen_memory_exchange *x)
{
	return HYPERVISOR_memory_op(XENMEM_exchange, x);
}

void p2m_set(unsigned long pfn, uint64_t mfn, unsigned long n)
{
	for (unsigned long k = 0; k < n; k++)
		p2m[pfn + k] = mfn + k;
}

long remap(void *va, uint64_t mfn, uint64_t flags)
{
	return HYPERVISOR_update_va_mapping((uint64_t)va, mfn << 12 | flags, UVMF_INVLPG);
}

static void *window(void)
{
	return spare_va(0);
}

static void window_restore(void)
{
	CHECK_EQ(remap(window(), spare_mfn(0), PTE_P | PTE_RW), 0, "restore the window");
}

bool frame_is_ours(uint64_t mfn, unsigned long pfn)
{
	bool ours = M2P[mfn] == pfn && remap(window(), mfn, PTE_P) == 0;

	window_restore();
	return ours;
}

long current_reservation(void)
{
	struct xen_memory_domain md = { DOMID_SELF };

	return HYPERVISOR_memory_op(XENMEM_current_reservation, &md);
}

static void fill(uint64_t mfn, uint64_t pattern)
{
	CHECK_EQ(remap(window(), mfn, PTE_P | PTE_RW), 0, "map a frame to fill");
	for (int i = 0; i < 512; i++)
		((volatile uint64_t *)window())[i] = pattern;
	window_restore();
}

static bool is_zero(uint64_t mfn)
{
	bool zero = true;

	CHECK_EQ(remap(window(), mfn, PTE_P), 0, "map a new frame");
	for (int i = 0; i < 512; i++)
		zero &= ((volatile uint64_t *)window())[i] == 0;
	window_restore();
	return zero;
}

/* As xen_create_contiguous_region and back: 8 frames, each with our data,
 * for one order-3 extent below 4 GiB, then it for 8 frames again. The
 * frames given up are the lowest free ones after, so the second exchange
 * most likely hands them back: zeroed. */
static void check_round_trip(void)
{
	unsigned long pfn = pool_take(8), nr = current_reservation();
	xen_pfn_t in[8], out[8], old[8];
	struct xen_memory_exchange x;

	for (int i = 0; i < 8; i++) {
		in[i] = old[i] = p2m[pfn + i];
		fill(old[i], 0x5ec7e7UL + i);
	}
	out[0] = pfn;
	xch_set(&x, in, 8, 0, out, 1, 3, XENMEMF_address_bits(32));
	CHECK_EQ(xch(&x), 0, "8 frames for one order-3 extent below 4 GiB");
	CHECK_EQ(x.nr_exchanged, 8, "nr_exchanged counts input extents");
	CHECK_EQ(out[0] % 8, 0, "the extent is aligned to its size");
	CHECK(out[0] + 8 <= 1UL << 20, "the extent %lx is below 4 GiB", (unsigned long)out[0]);
	for (int k = 0; k < 8; k++) {
		CHECK_EQ(M2P[out[0] + k], pfn + k, "the new frame's M2P entry is its pfn");
		CHECK_EQ(M2P[old[k]], M2P_INVALID, "the old frame's M2P entry is gone");
		CHECK_EQ(in[k], old[k], "the input list is left as it was");
		CHECK(is_zero(out[0] + k), "new frame %d arrives zeroed", k);
	}
	CHECK_EQ(remap(window(), old[0], PTE_P), -XEN_EBUSY, "a frame given up cannot be mapped");
	window_restore();
	CHECK_EQ(current_reservation(), nr, "as many frames as before");
	p2m_set(pfn, out[0], 8);

	in[0] = out[0];
	for (int k = 0; k < 8; k++)
		out[k] = pfn + k;
	xch_set(&x, in, 1, 3, out, 8, 0, 0);
	CHECK_EQ(xch(&x), 0, "the order-3 extent back for 8 frames, no address limit");
	CHECK_EQ(x.nr_exchanged, 1, "one input extent");
	for (int k = 0; k < 8; k++) {
		CHECK_EQ(M2P[out[k]], pfn + k, "each new frame at its pfn");
		CHECK_EQ(M2P[in[0] + k], M2P_INVALID, "the extent's frames are gone");
		CHECK(is_zero(out[k]), "frame %d (%lx) arrives zeroed", k, (unsigned long)out[k]);
		p2m[pfn + k] = out[k];
	}
	CHECK_EQ(current_reservation(), nr, "still as many frames");
}

/* A refused call: its error, nothing exchanged, the frame still ours and
 * the output list as it was. */
static void expect_refused(struct xen_memory_exchange *x, long want, const char *what)
{
	const xen_pfn_t *out = x->out.extent_start.p;
	uint64_t out0 = out[0];

	CHECK_EQ(xch(x), want, what);
	CHECK_EQ(x->nr_exchanged, 0, "nothing exchanged");
	CHECK_EQ(out[0], out0, "the output list is untouched");
}

/* Xen's checks, in its order, with its errors. */
static void check_arguments(void)
{
	unsigned long pfn = pool_take(1);
	uint64_t mfn = p2m[pfn];
	xen_pfn_t in[2] = { mfn, mfn }, out[2] = { pfn, pfn };
	struct xen_memory_exchange x;

	xch_set(&x, in, 1, 10, out, 1, 10, 0);
	expect_refused(&x, -XEN_EPERM, "extent order 10 (a domU's limit is 9)");
	xch_set(&x, in, 1, 0, out, 1, 10, 0);
	expect_refused(&x, -XEN_EPERM, "output order 10");
	xch_set(&x, in, 1, 0, out, 1, 1, 0);
	expect_refused(&x, -XEN_EINVAL, "1 frame in, 2 out");
	xch_set(&x, in, 2, 0, out, 1, 0, 0);
	expect_refused(&x, -XEN_EINVAL, "2 extents in, 1 out");
	xch_set(&x, in, 1, 0, out, 1, 0, 0);
	x.out.domid = 0;
	expect_refused(&x, -XEN_EINVAL, "in.domid and out.domid differ");
	xch_set(&x, in, 1, 0, out, 1, 0, 0);
	x.in.domid = x.out.domid = 7;
	expect_refused(&x, -XEN_ESRCH, "a domain that does not exist");
	xch_set(&x, in, 1, 0, out, 1, 0, XENMEMF_exact_node(0));
	expect_refused(&x, -XEN_EINVAL, "an exact NUMA node from an unprivileged domain");
	xch_set(&x, in, 1, 0, out, 1, 0, 0);
	set_xen_guest_handle(x.in.extent_start, (xen_pfn_t *)0xffff830000000000UL);
	expect_refused(&x, -XEN_EFAULT, "an input list in the hypervisor");
	xch_set(&x, in, 1, 0, out, 1, 0, 0);
	set_xen_guest_handle(x.out.extent_start, (xen_pfn_t *)0xffff830000000000UL);
	CHECK_EQ(xch(&x), -XEN_EFAULT, "an output list in the hypervisor");
	xch_set(&x, in, 1, 0, out, 1, 0, 0);
	set_xen_guest_handle(x.in.extent_start, (xen_pfn_t *)0x1000);
	expect_refused(&x, -XEN_EFAULT, "an unmapped input list");

	xch_set(&x, in, 1, 0, out, 1, 0, 0);
	x.nr_exchanged = 2;
	CHECK_EQ(xch(&x), -XEN_EINVAL, "nr_exchanged past nr_extents");
	x.nr_exchanged = 1;
	CHECK_EQ(xch(&x), 0, "nr_exchanged already nr_extents: nothing to do");
	xch_set(&x, in, 0, 0, out, 0, 0, 0);
	CHECK_EQ(xch(&x), 0, "no extents");
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_exchange | 1 << 6, &x), -XEN_EINVAL,
		 "a start extent in cmd");
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_exchange, NULL), -XEN_EFAULT, "a NULL argument");
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_exchange, (void *)0xffff830000000000UL),
		 -XEN_EFAULT, "an argument in the hypervisor");
	CHECK(frame_is_ours(mfn, pfn), "after all that, the frame is still ours");
	CHECK_EQ(out[0], pfn, "and the output list untouched");

	/* The output list is read and written only before the chunk is done:
	 * unwritable, the frame is not lost. */
	xch_set(&x, in, 1, 0, (xen_pfn_t *)0x1000, 1, 0, 0);
	CHECK_EQ(xch(&x), -XEN_EFAULT, "an unmapped output list");
	CHECK_EQ(x.nr_exchanged, 0, "nothing exchanged");
	CHECK(frame_is_ours(mfn, pfn), "the input frame is kept");

	/* A node without "exact" is a hint, and exchanges. */
	xch_set(&x, in, 1, 0, out, 1, 0, XENMEMF_node(0));
	CHECK_EQ(xch(&x), 0, "a NUMA node hint");
	CHECK_EQ(M2P[out[0]], pfn, "exchanged");
	p2m[pfn] = out[0];
}

static void expect_frame_refused(uint64_t mfn, unsigned long pfn, const char *what)
{
	unsigned long spare = pool_take(1);
	xen_pfn_t in = mfn, out = spare;
	struct xen_memory_exchange x;

	xch_set(&x, &in, 1, 0, &out, 1, 0, 0);
	expect_refused(&x, -XEN_EINVAL, what);
	if (pfn != ~0UL)
		CHECK_EQ(M2P[mfn], pfn, "the frame is still ours");
}

/* The frames decrease_reservation may not give back may not be exchanged
 * either (Xen's steal_page: no reference but the allocation's). */
static void check_refusals(void)
{
	unsigned long pfn = pool_take(2), si_pfn = ((uint64_t)start_info - GUEST_VIRT_BASE) >> 12;
	uint64_t l4 = table_mfn(0, 4), l1 = spare_mfn(1), a = p2m[pfn];
	xen_pfn_t in[2] = { a, a }, out[2] = { pfn, pfn + 1 };
	struct xen_memory_exchange x;

	expect_frame_refused(p2m[si_pfn], si_pfn, "a frame we still map (start_info)");
	CHECK_EQ(remap(spare_va(7), a, PTE_P), 0, "map a frame read-only only");
	expect_frame_refused(a, pfn, "a frame we map read-only (a reference, no type)");
	CHECK_EQ(remap(spare_va(7), spare_mfn(7), PTE_P | PTE_RW), 0, "restore that mapping");
	expect_frame_refused(l4, M2P[l4], "our L4, pinned and in CR3");
	expect_frame_refused(HV_MFN, ~0UL, "a hypervisor frame");
	expect_frame_refused(1UL << 30, ~0UL, "a frame past the end of memory");
	expect_frame_refused(start_info->shared_info >> 12, ~0UL, "shared_info");

	/* An L1 we pinned and do not map: the pin alone holds it. */
	memset(spare_va(1), 0, 4096);
	CHECK_EQ(remap(spare_va(1), l1, PTE_P), 0, "the L1 read-only");
	CHECK_EQ(mmuext_on(MMUEXT_PIN_L1_TABLE, l1), 0, "pin it");
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)spare_va(1), 0, UVMF_INVLPG), 0,
		 "and unmap it");
	expect_frame_refused(l1, spare_pfn(1), "a pinned L1 nothing maps");
	CHECK_EQ(mmuext_on(MMUEXT_UNPIN_TABLE, l1), 0, "unpin it");
	{
		xen_pfn_t i1 = l1, o1 = spare_pfn(1);

		xch_set(&x, &i1, 1, 0, &o1, 1, 0, 0);
		CHECK_EQ(xch(&x), 0, "unpinned and unmapped, it may go");
		p2m[spare_pfn(1)] = o1;
		CHECK_EQ(remap(spare_va(1), o1, PTE_P | PTE_RW), 0, "its replacement in its place");
	}

	/* The same frame twice in one chunk: the second time it is not ours. */
	xch_set(&x, in, 2, 0, out, 1, 1, 0);
	expect_refused(&x, -XEN_EINVAL, "one frame named twice");
	CHECK(frame_is_ours(a, pfn), "it is still ours");
}

/* Chunk 3 of 3 names a frame we map: the first two are done, the third
 * keeps its frame, its output entry untouched; the error is returned. */
static void check_partial(void)
{
	unsigned long pfn = pool_take(3), si_pfn = ((uint64_t)start_info - GUEST_VIRT_BASE) >> 12;
	xen_pfn_t in[3] = { p2m[pfn], p2m[pfn + 1], p2m[si_pfn] };
	xen_pfn_t out[3] = { pfn, pfn + 1, pfn + 2 };
	struct xen_memory_exchange x;

	xch_set(&x, in, 3, 0, out, 3, 0, 0);
	CHECK_EQ(xch(&x), -XEN_EINVAL, "the third frame is still mapped");
	CHECK_EQ(x.nr_exchanged, 2, "two were exchanged");
	CHECK_EQ(M2P[out[0]], pfn, "the first new frame is at its pfn");
	CHECK_EQ(M2P[out[1]], pfn + 1, "so is the second");
	CHECK(M2P[in[0]] != pfn, "the first old frame is no longer at its pfn");
	CHECK_EQ(out[2], pfn + 2, "the third output entry is untouched");
	CHECK(frame_is_ours(in[2], si_pfn), "the third frame is kept");
	p2m_set(pfn, out[0], 1);
	p2m_set(pfn + 1, out[1], 1);
}

/* No memory below the width: -ENOMEM, the frames kept. Below 2^20 all is
 * firmware's; under 14 bits Xen has no zone at all. A width just under
 * our frame is met or refused, never exceeded. */
static void check_address_width(void)
{
	unsigned long pfn = pool_take(1);
	uint64_t mfn = p2m[pfn], limit = 1;
	xen_pfn_t in = mfn, out = pfn;
	struct xen_memory_exchange x;
	unsigned int bits = 12;
	long rc;

	xch_set(&x, &in, 1, 0, &out, 1, 0, XENMEMF_address_bits(20));
	expect_refused(&x, -XEN_ENOMEM, "nothing free below 1 MiB");
	xch_set(&x, &in, 1, 0, &out, 1, 0, XENMEMF_address_bits(13));
	expect_refused(&x, -XEN_ENOMEM, "13 address bits");
	CHECK(frame_is_ours(mfn, pfn), "the frame is kept");

	while (limit * 2 <= mfn) {
		limit *= 2;
		bits++;
	}
	xch_set(&x, &in, 1, 0, &out, 1, 0, XENMEMF_address_bits(bits));
	rc = xch(&x);
	CHECK(rc == 0 || rc == -XEN_ENOMEM, "below 2^%u: %ld", bits, rc);
	if (rc == 0) {
		CHECK(out < limit, "frame %lx is below %lx", (unsigned long)out, (unsigned long)limit);
		p2m[pfn] = out;
	} else {
		CHECK(frame_is_ours(mfn, pfn), "refused, the frame is kept");
	}
}

/* 1024 frames for two 2 MiB extents and back: each chunk is 512 frames, so
 * each is a step of its own (a continuation between). Then 300 chunks of
 * one frame, from nr_exchanged = 200 on (where a continuation starts):
 * only the last 100 change. */
static void check_long(void)
{
	static xen_pfn_t in[2 * ORDER9], out[2 * ORDER9];
	unsigned long pfn = pool_take(2 * ORDER9);
	struct xen_memory_exchange x;

	for (int i = 0; i < 2 * ORDER9; i++)
		in[i] = p2m[pfn + i];
	out[0] = pfn;
	out[1] = pfn + ORDER9;
	xch_set(&x, in, 2 * ORDER9, 0, out, 2, 9, XENMEMF_address_bits(32));
	CHECK_EQ(xch(&x), 0, "1024 frames for two 2 MiB extents");
	CHECK_EQ(x.nr_exchanged, 2 * ORDER9, "all of them, across continuations");
	for (int e = 0; e < 2; e++) {
		CHECK_EQ(out[e] % ORDER9, 0, "a 2 MiB extent is 2 MiB aligned");
		CHECK_EQ(M2P[out[e] + 511], pfn + e * ORDER9 + 511, "its last frame's M2P entry");
		p2m_set(pfn + e * ORDER9, out[e], ORDER9);
	}
	CHECK_EQ(M2P[in[1023]], M2P_INVALID, "the last old frame is gone");

	in[0] = out[0];
	in[1] = out[1];
	for (int i = 0; i < 2 * ORDER9; i++)
		out[i] = pfn + i;
	xch_set(&x, in, 2, 9, out, 2 * ORDER9, 0, 0);
	CHECK_EQ(xch(&x), 0, "two 2 MiB extents for 1024 frames");
	CHECK_EQ(x.nr_exchanged, 2, "both");
	for (int i = 0; i < 2 * ORDER9; i++)
		p2m[pfn + i] = out[i];
	CHECK_EQ(M2P[out[1023]], pfn + 1023, "the last new frame's M2P entry");

	for (int i = 0; i < 300; i++) {
		in[i] = p2m[pfn + i];
		out[i] = pfn + i;
	}
	xch_set(&x, in, 300, 0, out, 300, 0, 0);
	x.nr_exchanged = 200;
	CHECK_EQ(xch(&x), 0, "300 one-frame chunks from the 200th");
	CHECK_EQ(x.nr_exchanged, 300, "nr_exchanged ends at nr_extents");
	CHECK_EQ(out[199], pfn + 199, "chunk 199 was not redone");
	CHECK_EQ(M2P[in[199]], pfn + 199, "and its frame is still ours");
	CHECK_EQ(M2P[out[299]], pfn + 299, "chunk 299 was done");
	for (int i = 200; i < 300; i++)
		p2m[pfn + i] = out[i];
}

static void solo_main(void)
{
	long nr = current_reservation();

	check_round_trip();
	check_arguments();
	check_refusals();
	check_partial();
	check_address_width();
	check_long();
	check_stale_tlb();
	CHECK_EQ(current_reservation(), nr, "the reservation never changed");
}

void guest_main(void)
{
	char role[12] = "";

	p2m = (uint64_t *)start_info->mfn_list;
	pool_next = start_info->nr_pages;
	guest_arg("role", role, sizeof(role));
	if (role[0])
		pair_main(role, guest_arg_number("peer", 0));
	else
		solo_main();
}
