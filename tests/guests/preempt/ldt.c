/* SPDX-License-Identifier: GPL-2.0-only */
/* A batch's step counts the work of its items, not only how many there
 * are: MMUEXT_SET_LDT with 8192 entries checks 16 pages of descriptors,
 * and 256 of them in one step checked 4096 pages. The first cut of a
 * batch of such items comes after 16 of them (*pdone says how many),
 * seen through an event made pending just before the call. */
#include "preempt.h"

#define LDT_PAGES	16
#define LDT_ENTRIES	(LDT_PAGES * 512)
#define ITEMS		64

static unsigned int done, done_at_first_cut;
static bool cut;

static void at_cut(void)
{
	if (!cut)
		done_at_first_cut = done;
	cut = true;
}

static long set_ldt(uint64_t base, unsigned int entries)
{
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT };

	op.arg1.linear_addr = base;
	op.arg2.nr_ents = entries;
	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

void check_ldt_batch_counts_frames(void)
{
	static struct mmuext_op ops[ITEMS];
	unsigned long first = scratch_pfn + 8;

	/* Sixteen empty descriptor pages, read-only as an LDT must be. */
	for (unsigned int i = 0; i < LDT_PAGES; i++) {
		memset(pfn_va(first + i), 0, 4096);
		CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)pfn_va(first + i),
						      pfn_mfn(first + i) << 12 | PTE_P, UVMF_INVLPG),
			 0, "an LDT page made read-only");
	}
	for (unsigned int i = 0; i < ITEMS; i++) {
		ops[i].cmd = MMUEXT_SET_LDT;
		ops[i].arg1.linear_addr = (uint64_t)pfn_va(first);
		ops[i].arg2.nr_ents = LDT_ENTRIES;
	}
	watched_upcall = at_cut;
	guest_vcpu_info->evtchn_upcall_mask = 0;
	guest_vcpu_info->evtchn_upcall_pending = 1;
	CHECK_EQ(watched_hypercall(__HYPERVISOR_mmuext_op, (long)ops, ITEMS, (long)&done, DOMID_SELF),
		 0, "64 SET_LDT of 8192 entries in one batch");
	watched_upcall = NULL;
	CHECK_EQ(done, ITEMS, "all done");
	CHECK(cut, "the batch was cut into steps (an event came in between)");
	CHECK(done_at_first_cut > 0 && done_at_first_cut <= 256 / LDT_PAGES,
	      "at most 16 of them (256 pages) before the first cut (%u)", done_at_first_cut);
	CHECK_EQ(set_ldt(0, 0), 0, "no LDT again");
	guest_printf("ldt: first cut after %u items of 16 pages\n", done_at_first_cut);
}
