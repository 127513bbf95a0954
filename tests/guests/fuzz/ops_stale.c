/* SPDX-License-Identifier: GPL-2.0-only */
/* Output through a stale translation (issue 13, item 5's class): a page
 * V of the scratch area maps spare frame X writable and is in the TLB;
 * (in the hypervisor's own TLB: a call has reported through it); then, in
 * one multicall or in separate calls, V is unmapped without a
 * flush, X is pinned as a page table, and a call whose output (pdone, a
 * status field, a frame list, a runstate, a string) points into V writes
 * it. The hypervisor must flush before writing, so the write faults: X,
 * cleared at the start, must still be empty once it is a page table (an
 * L4 aside from the hypervisor's own slots). A write that went through
 * would be an unvalidated entry in a live table: FAIL (and, with
 * audit=mm, the hypervisor's audit names it too). */
#include "fuzz.h"

static long do_clear(void *p)
{
	*(volatile uint64_t *)p = 0;
	return 0;
}

/* Ring 0 has TLB entries of its own (QEMU keeps one TLB per privilege
 * level too): a call that reports done through V puts V -> X, writable,
 * in the hypervisor's. Its report goes back to zero from our side. */
static bool prime_hypervisor_tlb(uint64_t v)
{
	static struct mmuext_op flush = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };

	return HYPERVISOR_mmuext_op(&flush, 1, (unsigned int *)v, DOMID_SELF) == 0 &&
	       fuzz_try(do_clear, (void *)v) == 0;
}

/* The call that writes into V + off, as (nr, args). */
static void writer(struct multicall_entry *e, uint64_t out)
{
	static struct gnttab_setup_table setup;
	static struct mmuext_op flush = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };
	static struct mmu_update same;

	switch (rn(6)) {
	case 0:
		same = (struct mmu_update){ boot_tables[0].mfn << 12 | 511 * 8, boot_tables[0].va[511] };
		*e = (struct multicall_entry){ __HYPERVISOR_mmu_update, 0,
					       { (xen_ulong_t)&same, 1, out, DOMID_SELF } };
		break;
	case 1:
		*e = (struct multicall_entry){ __HYPERVISOR_mmuext_op, 0,
					       { (xen_ulong_t)&flush, 1, out, DOMID_SELF } };
		break;
	case 2:
		setup = (struct gnttab_setup_table){ .dom = DOMID_SELF, .nr_frames = 4 };
		set_xen_guest_handle(setup.frame_list, (uint64_t *)out);
		*e = (struct multicall_entry){ __HYPERVISOR_grant_table_op, 0,
					       { GNTTABOP_setup_table, (xen_ulong_t)&setup, 1 } };
		break;
	case 3:		/* a zero map op read from V, its status written back */
		*e = (struct multicall_entry){ __HYPERVISOR_grant_table_op, 0,
					       { GNTTABOP_map_grant_ref, out, 1 } };
		break;
	case 4:
		*e = (struct multicall_entry){ __HYPERVISOR_vcpu_op, 0,
					       { VCPUOP_get_runstate_info, 0, out } };
		break;
	default:
		*e = (struct multicall_entry){ __HYPERVISOR_xen_version, 0,
					       { XENVER_extraversion, out } };
	}
}

static bool page_is_empty(uint64_t va, unsigned int level)
{
	const uint64_t *p = (const uint64_t *)va;

	for (unsigned int i = 0; i < 512; i++)
		if (p[i] && !(level == 4 && i >= 256 && i <= 271))
			return false;
	return true;
}

void fuzz_op_stale_output(void)
{
	unsigned int i = (unsigned int)rn(32), level = 1 + (unsigned int)rn(4);
	uint64_t v = SCRATCH_VA + (16 + i) * PAGE, x = free_frames[i];
	uint64_t out = v + (rnd() & 0xff8), hook = x << 12 | 7;
	unsigned int slot = 400 + (unsigned int)rn(112);
	struct mmuext_op pin = { .cmd = MMUEXT_PIN_L1_TABLE + level - 1 },
			 clear = { .cmd = MMUEXT_CLEAR_PAGE };
	struct mmu_update link = { scratch_tables[1] << 12 | slot * 8, hook };
	static struct multicall_entry e[4];
	long a[5] = { (long)x, level, (long)out, 0, 0 }, pinned;
	struct logged_call *l = fuzz_log_call(72, a);
	bool batch = chance(50);

	stats[64 + 6].calls++;
	pin.arg1.mfn = clear.arg1.mfn = x;
	l->done = true;
	if (HYPERVISOR_mmuext_op(&clear, 1, NULL, DOMID_SELF) ||
	    HYPERVISOR_update_va_mapping(v, x << 12 | 7, UVMF_INVLPG) ||
	    !prime_hypervisor_tlb(v))
		return;		/* X is busy being something else */
	e[0] = (struct multicall_entry){ __HYPERVISOR_update_va_mapping, 0, { v, 0, UVMF_NONE } };
	e[1] = (struct multicall_entry){ __HYPERVISOR_mmuext_op, 0,
					 { (xen_ulong_t)&pin, 1, chance(50) ? out : 0, DOMID_SELF } };
	e[2] = (struct multicall_entry){ __HYPERVISOR_mmu_update, 0,
					 { (xen_ulong_t)&link, 1, out, DOMID_SELF } };
	writer(&e[3], out);
	a[3] = (long)e[3].op;
	a[4] = batch;
	if (batch) {
		hypercall5(__HYPERVISOR_multicall, (long)e, 4, 0, 0, 0);
	} else {
		for (unsigned int j = 0; j < 4; j++)
			e[j].result = (xen_ulong_t)hypercall5((long)e[j].op, (long)e[j].args[0],
							      (long)e[j].args[1], (long)e[j].args[2],
							      (long)e[j].args[3], 0);
	}
	/* X is a page table now if the pin, or the link (which validates
	 * it as an L1), went through. */
	pinned = (long)e[1].result;
	if (pinned && (long)e[2].result == 0)
		level = 1;
	l->rc = pinned;
	if (pinned == 0 || (long)e[2].result == 0) {
		stats[64 + 6].ok++;
		if (HYPERVISOR_update_va_mapping(v, x << 12 | 5, UVMF_INVLPG) == 0 &&
		    !page_is_empty(v, level))
			guest_fail("stale output: a call wrote through a stale translation into "
				   "frame 0x%lx after it became an L%u (op %lu, output at 0x%lx, %s)",
				   (unsigned long)x, level, (unsigned long)e[3].op,
				   (unsigned long)out, batch ? "one multicall" : "separate calls");
	}
	/* Back as it was: unlinked, unpinned, mapped writable at V. */
	if ((long)e[2].result == 0)
		fuzz_mmu_write(scratch_tables[1], slot, 0);
	pin.cmd = MMUEXT_UNPIN_TABLE;
	HYPERVISOR_mmuext_op(&pin, 1, NULL, DOMID_SELF);
	HYPERVISOR_update_va_mapping(v, x << 12 | 7, UVMF_INVLPG);
}
