/* SPDX-License-Identifier: GPL-2.0-only */
/* bigpin: pinning and unpinning one L4 whose tables reach all of the
 * guest's memory must be preempted (issue 13 item 9; Xen's PGT_partial,
 * XSA-45): the hypervisor may not validate or devalidate tens of thousands
 * of entries in one go with interrupts off. The proof is progress, not
 * time: an event is made pending just before the call, and the upcall
 * that delivers it records where the guest was. A hypercall that was
 * continued returns to the guest with rip back on its syscall (so the
 * upcall runs in the middle of the pin); one done in one go returns after
 * it. Each round also checks that the pin took effect (a table cannot be
 * mapped writable) and that the unpin had fully released it when it
 * returned (it can). Then the same through mmu_update and a batch that
 * fails after the release. Command line: rounds=N (default 4). */
#include "guest.h"
#include "events.h"
#include "guest_pt.h"
#include "trap_stubs.h"

#define MAX_L1		128		/* up to 256 MiB of guest memory */
#define PTE_P		0x1UL
#define PTE_RW		0x2UL
#define SYSCALL_0	0x0f		/* syscall: 0f 05 */
#define SYSCALL_1	0x05

static uint64_t l4, l3, l2, l1[MAX_L1];
static unsigned int nr_l1;

static uint64_t pfn_to_mfn(unsigned long pfn)
{
	return ((const uint64_t *)start_info->mfn_list)[pfn];
}

/* Fills frame mfn through the spare window, then unmaps the window, so
 * the frame has no writable mapping left and may become a table. */
static void fill_frame(uint64_t mfn, uint64_t (*entry)(unsigned int i, unsigned int arg),
		       unsigned int arg)
{
	uint64_t *w = spare_va(0);

	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)w, mfn << 12 | GUEST_PTE_FLAGS,
					      UVMF_INVLPG), 0, "map a frame to fill");
	for (unsigned int i = 0; i < 512; i++)
		w[i] = entry(i, arg);
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)w, 0, UVMF_INVLPG), 0, "unmap it");
}

/* L1 number n maps pfns n*512 .. n*512+511 read-only: every frame the
 * guest has, page tables included, may be mapped so. */
static uint64_t l1_entry(unsigned int i, unsigned int n)
{
	unsigned long pfn = (unsigned long)n * 512 + i;

	return pfn < start_info->nr_pages ? pfn_to_mfn(pfn) << 12 | PTE_P : 0;
}

static uint64_t l2_entry(unsigned int i, unsigned int unused)
{
	return i < nr_l1 ? l1[i] << 12 | PTE_P | PTE_RW : 0;
}

static uint64_t only_entry0(unsigned int i, unsigned int child)
{
	return i == 0 ? (child == 3 ? l3 : l2) << 12 | PTE_P | PTE_RW : 0;
}

/* The tables live in the guest's last frames, which the bootstrap
 * mapping does not reach. */
static void build_tables(void)
{
	unsigned long top = start_info->nr_pages;

	nr_l1 = (top + 511) / 512;
	if (nr_l1 > MAX_L1)
		nr_l1 = MAX_L1;
	for (unsigned int n = 0; n < nr_l1; n++)
		l1[n] = pfn_to_mfn(top - 1 - n);
	l2 = pfn_to_mfn(top - 1 - nr_l1);
	l3 = pfn_to_mfn(top - 2 - nr_l1);
	l4 = pfn_to_mfn(top - 3 - nr_l1);
	for (unsigned int n = 0; n < nr_l1; n++)
		fill_frame(l1[n], l1_entry, n);
	fill_frame(l2, l2_entry, 0);
	fill_frame(l3, only_entry0, 2);
	fill_frame(l4, only_entry0, 3);
}

/* An event made pending now is delivered at the next return from the
 * hypervisor: the next hypercall's first continuation, or its end. */
static void arm_upcall(void)
{
	fault_count = 0;
	guest_vcpu_info->evtchn_upcall_pending = 1;
}

/* Where that upcall found the guest: 1 on the call's syscall (it was
 * continued), 0 just after it (done in one go), -1 elsewhere (a timer
 * interrupt came first: inconclusive). */
static int upcall_landed(void)
{
	const uint8_t *at = (const uint8_t *)fault_rip;

	if (fault_count == 0)
		return -1;
	if (at[0] == SYSCALL_0 && at[1] == SYSCALL_1)
		return 1;
	return at[-2] == SYSCALL_0 && at[-1] == SYSCALL_1 ? 0 : -1;
}

static int upcall_inside(unsigned int cmd, uint64_t mfn, long *rc)
{
	arm_upcall();
	*rc = mmuext_on(cmd, mfn);
	return upcall_landed();
}

static bool preempted(const char *what, unsigned int cmd, uint64_t mfn)
{
	long rc;
	int inside;

	for (int tries = 0; tries < 3; tries++) {
		inside = upcall_inside(cmd, mfn, &rc);
		CHECK_EQ(rc, 0, what);
		if (inside >= 0)
			return inside;
		/* the event went early: undo and do the same again */
		if (cmd == MMUEXT_PIN_L4_TABLE)
			CHECK_EQ(mmuext_on(MMUEXT_UNPIN_TABLE, mfn), 0, "unpin to retry");
		else
			CHECK_EQ(mmuext_on(MMUEXT_PIN_L4_TABLE, mfn), 0, "pin to retry");
	}
	guest_fail("%s: the event never arrived during the call", what);
	return false;
}

static long map_writable(uint64_t mfn)
{
	return HYPERVISOR_update_va_mapping((uint64_t)spare_va(0), mfn << 12 | GUEST_PTE_FLAGS,
					    UVMF_INVLPG);
}

static void one_round(unsigned int r)
{
	uint64_t last_l1 = l1[nr_l1 - 1];

	CHECK(preempted("pin the L4", MMUEXT_PIN_L4_TABLE, l4),
	      "round %u: pinning %u L1s went through in one call", r, nr_l1);
	CHECK(map_writable(last_l1) != 0, "round %u: a pinned L1 mapped writable", r);
	CHECK(preempted("unpin the L4", MMUEXT_UNPIN_TABLE, l4),
	      "round %u: unpinning went through in one call", r);
	CHECK_EQ(map_writable(last_l1), 0, "the L1 is an ordinary page once unpin returned");
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)spare_va(0), 0, UVMF_INVLPG), 0,
		 "unmap it");
}

static uint64_t no_entry(unsigned int i, unsigned int unused)
{
	return 0;
}

/* An L4 whose entry 0 leads to the tree and entry 1 to a frame not ours. */
static uint64_t tree_then_bad(unsigned int i, unsigned int unused)
{
	if (i == 0)
		return l3 << 12 | PTE_P | PTE_RW;
	return i == 1 ? (~0UL >> 20) << 12 | PTE_P : 0;
}

/* The other ways in: the tree hooked into a second, pinned L4 by one
 * mmu_update (that item is continued until the subtree is validated), then
 * a batch that unpins that L4 and pins a third whose tree validates (the
 * released one, revived) up to a bad entry. The pin's error comes back,
 * with done = 1, only once everything both released has been devalidated. */
static void other_paths(void)
{
	uint64_t l4b = pfn_to_mfn(start_info->nr_pages - 4 - nr_l1);
	uint64_t l4c = pfn_to_mfn(start_info->nr_pages - 5 - nr_l1);
	struct mmu_update hook = { (l4b << 12) + 8, l3 << 12 | PTE_P | PTE_RW };
	struct mmuext_op ops[2] = { { .cmd = MMUEXT_UNPIN_TABLE, .arg1.mfn = l4b },
				    { .cmd = MMUEXT_PIN_L4_TABLE, .arg1.mfn = l4c } };
	unsigned int done = 0;

	fill_frame(l4b, no_entry, 0);
	fill_frame(l4c, tree_then_bad, 0);
	CHECK_EQ(mmuext_on(MMUEXT_PIN_L4_TABLE, l4b), 0, "pin an empty L4");
	arm_upcall();
	CHECK_EQ(HYPERVISOR_mmu_update(&hook, 1, NULL, DOMID_SELF), 0, "hook the tree");
	CHECK(upcall_landed() != 0, "hooking the tree by mmu_update went through in one call");
	CHECK(map_writable(l1[0]) != 0, "an L1 of the hooked tree mapped writable");
	arm_upcall();
	CHECK_EQ(HYPERVISOR_mmuext_op(ops, 2, &done, DOMID_SELF), -XEN_EINVAL,
		 "unpin, then a pin that fails late: the pin's error");
	CHECK(upcall_landed() != 0, "releasing the tree went through in one call");
	CHECK_EQ(done, 1, "done counts the unpin only");
	CHECK_EQ(map_writable(l1[0]), 0, "the tree was released before the call returned");
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)spare_va(0), 0, UVMF_INVLPG), 0,
		 "unmap it");
}

void guest_main(void)
{
	unsigned int rounds = guest_arg_number("rounds", 4);

	events_map_shared_info();
	CHECK_EQ(events_register_callback(), 0, "event callback");
	guest_vcpu_info->evtchn_upcall_mask = 0;
	build_tables();
	guest_printf("L4 over %u L1s (%lu pages), %u rounds\n", nr_l1,
		     (unsigned long)start_info->nr_pages, rounds);
	for (unsigned int r = 0; r < rounds && !guest_failures(); r++)
		one_round(r);
	if (!guest_failures())
		guest_printf("pin and unpin were preempted in every round\n");
	other_paths();
	if (!guest_failures())
		guest_printf("so were a hooking mmu_update and a failing batch's release\n");
}
