/* SPDX-License-Identifier: GPL-2.0-only */
/* The end of a run: the summary (calls per hypercall and per error,
 * the other operations, the witness's grants used), then for even seeds
 * the teardown and audit of every spare frame, and for seeds % 4 == 3 the
 * death inside a multicall that main.c ends with. */
#include "fuzz.h"
#include <parvus/grant_table.h>

static const char *const other_op_name[NR_OTHER_OPS] = {
	"ptwr store", "trapping insn", "iret to user", "iret to kernel", "grant scenario",
	"second L4", "stale output", "pair op",
};

/* Xen's errno names, for the summary. */
static const char *errno_name(unsigned int e)
{
	switch (e) {
	case XEN_EPERM: return "EPERM";
	case XEN_ENOENT: return "ENOENT";
	case XEN_ESRCH: return "ESRCH";
	case XEN_E2BIG: return "E2BIG";
	case XEN_EAGAIN: return "EAGAIN";
	case XEN_ENOMEM: return "ENOMEM";
	case XEN_EACCES: return "EACCES";
	case XEN_EFAULT: return "EFAULT";
	case XEN_EBUSY: return "EBUSY";
	case XEN_EEXIST: return "EEXIST";
	case XEN_EINVAL: return "EINVAL";
	case XEN_ENOSPC: return "ENOSPC";
	case XEN_ENOSYS: return "ENOSYS";
	case XEN_ETIME: return "ETIME";
	default: return NULL;
	}
}

/* A frame of our grant table: the table grows (setup_table, at random)
 * into free frames, which may be spare frames we gave back earlier. */
static bool is_grant_frame(uint64_t mfn)
{
	static xen_pfn_t list[GNTTAB_MAX_FRAMES];
	static unsigned int n;
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	struct gnttab_setup_table s = { .dom = DOMID_SELF };

	if (!n && fuzz_grant_op(GNTTABOP_query_size, &q) == 0 && q.status == GNTST_okay &&
	    q.nr_frames <= GNTTAB_MAX_FRAMES) {
		s.nr_frames = q.nr_frames;
		set_xen_guest_handle(s.frame_list, list);
		if (fuzz_grant_op(GNTTABOP_setup_table, &s) == 0 && s.status == GNTST_okay)
			n = q.nr_frames;
	}
	for (unsigned int i = 0; i < n; i++)
		if (list[i] == mfn)
			return true;
	return false;
}

/* The end of the run: undo everything that can hold a reference to a
 * spare frame (descriptor tables, the user L4, pins, grant mappings, every
 * entry we ever added to our tables), after which every spare frame must
 * be free of references and types, so decrease_reservation takes it. One
 * that is refused has a reference nothing holds any more: a leak. */
void fuzz_audit(void)
{
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT };
	struct gnttab_unmap_grant_ref unmap = { 0 };
	struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };
	uint64_t frames[1] = { 0 }, mfn;
	unsigned int released = 0, kept = 0, unpinned_elsewhere = 0;

	vcpu_info_now->evtchn_upcall_mask = 1;
	fuzz_install_handlers();
	hypercall5(__HYPERVISOR_set_gdt, (long)frames, 0, 0, 0, 0);
	HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	op = (struct mmuext_op){ .cmd = MMUEXT_NEW_USER_BASEPTR };
	HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	/* Every handle the default maptrack can give (device maps hold one
	 * without a PTE, so there may be more than the window's slots). */
	for (unsigned int h = 0; h < GNTTAB_DEFAULT_MAPTRACK_FRAMES * GNTTAB_MAPTRACK_PER_FRAME;
	     h++) {
		unmap.handle = (grant_handle_t)h;
		fuzz_grant_op(GNTTABOP_unmap_grant_ref, &unmap);
	}
	for (unsigned int i = 0; i < nr_free_frames + ARRAY_SIZE(scratch_tables); i++) {
		op = (struct mmuext_op){ .cmd = MMUEXT_UNPIN_TABLE };
		op.arg1.mfn = i < nr_free_frames ? free_frames[i] :
			      scratch_tables[i - nr_free_frames];
		HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	}
	/* Frames populate_physmap gave us are in no list, but random pins
	 * may have made tables of them (the pair's granter replaces frames
	 * all the time): every frame we might own is unpinned. */
	for (uint64_t any = 0; any <= max_mfn && any < MAX_TRACKED_MFN; any++) {
		op = (struct mmuext_op){ .cmd = MMUEXT_UNPIN_TABLE, .arg1.mfn = any };
		if (HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF) == 0)
			unpinned_elsewhere++;
	}
	for (unsigned int t = 0; t < nr_boot_tables; t++)
		for (unsigned int i = 0; i < 512; i++)
			if (!fuzz_is_protected(&boot_tables[t], i) && (boot_tables[t].va[i] & 1) &&
			    !(boot_tables[t].level == 4 && i >= 256 && i <= 271))
				fuzz_mmu_write(boot_tables[t].mfn, i, 0);
	op = (struct mmuext_op){ .cmd = MMUEXT_TLB_FLUSH_LOCAL };
	HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	set_xen_guest_handle(r.extent_start, &mfn);
	for (unsigned int i = 0; i < nr_free_frames + ARRAY_SIZE(scratch_tables); i++) {
		mfn = i < nr_free_frames ? free_frames[i] : scratch_tables[i - nr_free_frames];
		if (HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r) == 1) {
			released++;
			continue;
		}
		/* Not ours any more (an earlier decrease_reservation; in the
		 * pair mode the peer may have been given it since) is fine, and
		 * so is a frame our grant table grew into since. */
		if (!fuzz_owns(mfn) || is_grant_frame(mfn))
			continue;
		if (kept++ < 8)
			guest_fail("spare frame 0x%lx is still referenced after the teardown",
				   (unsigned long)mfn);
	}
	vcpu_info_now->evtchn_upcall_mask = 0;
	guest_printf("fuzz: audit: %u spare frames released after the teardown, %u still "
		     "referenced (%u pins outside our lists undone)\n", released, kept,
		     unpinned_elsewhere);
}

void fuzz_summary(void)
{
	uint64_t hypercalls = 0, others = 0;

	for (unsigned int i = 0; i < 64; i++)
		hypercalls += stats[i].calls;
	for (unsigned int i = 0; i < NR_OTHER_OPS; i++)
		others += stats[64 + i].calls;
	/* On a line of its own: partial console writes may precede it. */
	guest_printf("\nfuzz: summary: seed %lu, %lu iterations, %lu hypercalls, %lu other "
		     "operations, %lu multicall entries, %lu traps recovered, %lu #DB\n",
		     (unsigned long)seed, (unsigned long)now_iter, (unsigned long)hypercalls,
		     (unsigned long)others, (unsigned long)multicall_entries,
		     (unsigned long)traps_recovered, (unsigned long)db_traps);
	for (unsigned int i = 0; i < 64; i++)
		if (stats[i].calls)
			guest_printf("fuzz:   hypercall %2u: %6lu calls, %6lu >= 0\n", i,
				     (unsigned long)stats[i].calls, (unsigned long)stats[i].ok);
	for (unsigned int i = 0; i < NR_OTHER_OPS; i++)
		guest_printf("fuzz:   %s: %lu, %lu without a trap\n", other_op_name[i],
			     (unsigned long)stats[64 + i].calls, (unsigned long)stats[64 + i].ok);
	guest_printf("fuzz:   grants of the witness mapped: %lu, copied from: %lu\n",
		     (unsigned long)grant_maps, (unsigned long)grant_copies);
	for (unsigned int e = 1; e < ARRAY_SIZE(errno_count); e++) {
		const char *name = errno_name(e);

		if (errno_count[e] && name)
			guest_printf("fuzz:   -%s (%u): %lu\n", name, e, (unsigned long)errno_count[e]);
		else if (errno_count[e])
			guest_printf("fuzz:   -%u: %lu\n", e, (unsigned long)errno_count[e]);
	}
	if (errno_other)
		guest_printf("fuzz:   not an errno (< -127): %lu\n", (unsigned long)errno_other);
}

/* A 300-flush mmuext_op (preempted, its continuation in the entry), then
 * SCHEDOP_shutdown: the domain goes with a batch half done. */
void fuzz_die_in_multicall(void)
{
	static struct mmuext_op flushes[300];
	static struct sched_shutdown off = { SHUTDOWN_poweroff };
	static struct multicall_entry e[2];

	for (unsigned int i = 0; i < ARRAY_SIZE(flushes); i++)
		flushes[i].cmd = MMUEXT_TLB_FLUSH_LOCAL;
	e[0] = (struct multicall_entry){ __HYPERVISOR_mmuext_op, 0,
					 { (xen_ulong_t)flushes, ARRAY_SIZE(flushes), 0, DOMID_SELF } };
	e[1] = (struct multicall_entry){ __HYPERVISOR_sched_op, 0,
					 { SCHEDOP_shutdown, (xen_ulong_t)&off } };
	hypercall5(__HYPERVISOR_multicall, (long)e, 2, 0, 0, 0);
}
