/* SPDX-License-Identifier: GPL-2.0-only */
/* hostile: a guest that passes every hypercall taking a buffer the
 * addresses it must never be able to use (the hypervisor's image, its
 * direct map, the read-only M2P, unmapped and non-canonical addresses, a
 * range that wraps around, and read-only page tables for output), and
 * every batch hypercall counts of 0, 1, huge and -1. Each must come back
 * with Xen's error code; the hypervisor must keep running. */
#include "guest.h"
#include <xen/callback.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>

#define VIRT_BASE 0xffffffff80000000UL

struct buffer_call {
	const char *name;
	long nr, args[5];
	int ptr_arg;		/* which argument is the buffer */
	bool output;		/* the hypervisor writes the buffer */
};

static const struct buffer_call calls[] = {
	{ "console_io write", __HYPERVISOR_console_io, { CONSOLEIO_write, 16 }, 2, false },
	{ "xen_version extraversion", __HYPERVISOR_xen_version, { XENVER_extraversion }, 1, true },
	{ "xen_version compile_info", __HYPERVISOR_xen_version, { XENVER_compile_info }, 1, true },
	{ "xen_version capabilities", __HYPERVISOR_xen_version, { XENVER_capabilities }, 1, true },
	{ "xen_version changeset", __HYPERVISOR_xen_version, { XENVER_changeset }, 1, true },
	{ "xen_version platform_parameters", __HYPERVISOR_xen_version,
	  { XENVER_platform_parameters }, 1, true },
	{ "xen_version get_features", __HYPERVISOR_xen_version, { XENVER_get_features }, 1, false },
	{ "xen_version guest_handle", __HYPERVISOR_xen_version, { XENVER_guest_handle }, 1, true },
	{ "sched_op shutdown", __HYPERVISOR_sched_op, { SCHEDOP_shutdown }, 1, false },
	{ "mmu_update", __HYPERVISOR_mmu_update, { 0, 1, 0, DOMID_SELF }, 0, false },
	{ "mmuext_op", __HYPERVISOR_mmuext_op, { 0, 1, 0, DOMID_SELF }, 0, false },
	{ "memory_op memory_map", __HYPERVISOR_memory_op, { XENMEM_memory_map }, 1, false },
	{ "memory_op machphys_mapping", __HYPERVISOR_memory_op, { XENMEM_machphys_mapping }, 1, true },
	{ "memory_op machphys_mfn_list", __HYPERVISOR_memory_op, { XENMEM_machphys_mfn_list }, 1, false },
	{ "memory_op current_reservation", __HYPERVISOR_memory_op,
	  { XENMEM_current_reservation }, 1, false },
	{ "memory_op maximum_gpfn", __HYPERVISOR_memory_op, { XENMEM_maximum_gpfn }, 1, false },
	{ "memory_op decrease_reservation", __HYPERVISOR_memory_op,
	  { XENMEM_decrease_reservation }, 1, false },
	{ "memory_op populate_physmap", __HYPERVISOR_memory_op, { XENMEM_populate_physmap }, 1, false },
	{ "memory_op exchange", __HYPERVISOR_memory_op, { XENMEM_exchange }, 1, false },
	{ "set_trap_table", __HYPERVISOR_set_trap_table, { 0 }, 0, false },
	{ "callback_op register", __HYPERVISOR_callback_op, { CALLBACKOP_register }, 1, false },
	{ "multicall", __HYPERVISOR_multicall, { 0, 1 }, 0, false },
	{ "set_gdt", __HYPERVISOR_set_gdt, { 0, 16 }, 0, false },
	{ "event_channel_op alloc_unbound", __HYPERVISOR_event_channel_op,
	  { EVTCHNOP_alloc_unbound }, 1, false },
	{ "event_channel_op bind_virq", __HYPERVISOR_event_channel_op, { EVTCHNOP_bind_virq }, 1, false },
	{ "event_channel_op status", __HYPERVISOR_event_channel_op, { EVTCHNOP_status }, 1, false },
	{ "event_channel_op send", __HYPERVISOR_event_channel_op, { EVTCHNOP_send }, 1, false },
	{ "event_channel_op close", __HYPERVISOR_event_channel_op, { EVTCHNOP_close }, 1, false },
	{ "grant_table_op query_size", __HYPERVISOR_grant_table_op, { GNTTABOP_query_size, 0, 1 }, 1, false },
	{ "grant_table_op setup_table", __HYPERVISOR_grant_table_op, { GNTTABOP_setup_table, 0, 1 }, 1, false },
};

static const uint64_t bad_pointers[] = {
	0xffff828000208000UL,	/* hypervisor text */
	0xffff830000200000UL,	/* hypervisor memory through the direct map */
	0xffff800000000000UL,	/* the M2P: readable by the guest, but ours */
	0xffff87fffffffff8UL,	/* last bytes of the hypervisor's range */
	0x0000000000001000UL,	/* unmapped */
	0x0000800000000000UL,	/* non-canonical */
	0xfffffffffffffffcUL,	/* wraps around */
};

static void sweep_buffers(void)
{
	for (unsigned int c = 0; c < ARRAY_SIZE(calls); c++) {
		for (unsigned int p = 0; p < ARRAY_SIZE(bad_pointers); p++) {
			long a[5];
			long rc;

			memcpy(a, calls[c].args, sizeof(a));
			a[calls[c].ptr_arg] = bad_pointers[p];
			rc = hypercall_syscall(calls[c].nr, a[0], a[1], a[2], a[3], a[4]);
			if (rc != -XEN_EFAULT)
				guest_fail("%s with buffer 0x%lx: got %ld, want -EFAULT",
					   calls[c].name, (unsigned long)bad_pointers[p], rc);
		}
		/* Output into our read-only page tables must fail as well. */
		if (calls[c].output) {
			long a[5];

			memcpy(a, calls[c].args, sizeof(a));
			a[calls[c].ptr_arg] = start_info->pt_base;
			CHECK_EQ(hypercall_syscall(calls[c].nr, a[0], a[1], a[2], a[3], a[4]),
				 -XEN_EFAULT, calls[c].name);
		}
	}
}

/* Counts 0, 1, huge and -1 for each batch hypercall. A huge or negative
 * count is given an unmapped list, so the batch ends in -EFAULT. */
static void sweep_counts(void)
{
	static struct mmu_update nop_update;
	static struct mmuext_op flush = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };
	static struct multicall_entry version = { __HYPERVISOR_xen_version, 0, { XENVER_version } };
	static const uint32_t counts[] = { 0x7fffffff, 0xffffffff, 0x80000000 };
	uint64_t l4 = ((const uint64_t *)start_info->mfn_list)[(start_info->pt_base - VIRT_BASE) >> 12];
	unsigned int done;

	nop_update = (struct mmu_update){ (l4 << 12) + 511 * 8,
					  ((const uint64_t *)start_info->pt_base)[511] };
	CHECK_EQ(HYPERVISOR_mmu_update(&nop_update, 0, &done, DOMID_SELF), 0, "mmu_update count 0");
	CHECK_EQ(HYPERVISOR_mmu_update(&nop_update, 1, &done, DOMID_SELF), 0, "mmu_update count 1");
	CHECK_EQ(HYPERVISOR_mmuext_op(&flush, 0, NULL, DOMID_SELF), 0, "mmuext_op count 0");
	CHECK_EQ(HYPERVISOR_mmuext_op(&flush, 1, NULL, DOMID_SELF), 0, "mmuext_op count 1");
	CHECK_EQ(hypercall_syscall(__HYPERVISOR_multicall, (long)&version, 0, 0, 0, 0), 0,
		 "multicall count 0");
	CHECK_EQ(hypercall_syscall(__HYPERVISOR_multicall, (long)&version, 1, 0, 0, 0), 0,
		 "multicall count 1");
	for (unsigned int i = 0; i < ARRAY_SIZE(counts); i++) {
		struct xen_memory_reservation r = { .nr_extents = counts[i], .domid = DOMID_SELF };

		set_xen_guest_handle(r.extent_start, (void *)0x1000);
		/* The top bit of a batch count marks a continuation (Xen's
		 * MMU_UPDATE_PREEMPTED): 0x80000000 is "nothing left". */
		long want = counts[i] == 0x80000000 ? 0 : -XEN_EFAULT;

		CHECK_EQ(HYPERVISOR_mmu_update((void *)0x1000, counts[i], NULL, DOMID_SELF),
			 want, "mmu_update huge count");
		CHECK_EQ(HYPERVISOR_mmuext_op((void *)0x1000, counts[i], NULL, DOMID_SELF),
			 want, "mmuext_op huge count");
		CHECK_EQ(hypercall_syscall(__HYPERVISOR_multicall, 0x1000, counts[i], 0, 0, 0),
			 -XEN_EFAULT, "multicall huge count");
		/* Xen's do_memory_op returns the start extent, reading none,
		 * for a count a continuation could not encode (> 2^26). */
		CHECK_EQ(HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), 0,
			 "decrease_reservation huge count");
		CHECK_EQ(hypercall_syscall(__HYPERVISOR_set_gdt, 0x1000, counts[i], 0, 0, 0),
			 -XEN_EINVAL, "set_gdt huge count");
	}
}

/* Every machine frame that is not ours (the hypervisor's, free ones, and
 * those of any other domain running beside us) must refuse to be mapped,
 * read-only or writable. */
static void sweep_foreign_frames(void)
{
	const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;
	const uint64_t *m2p = (const uint64_t *)MACH2PHYS_VIRT_START;
	struct xen_machphys_mapping mm;
	unsigned long pfn = ((start_info->pt_base - VIRT_BASE) >> 12) + start_info->nr_pt_frames + 8;
	uint64_t win = VIRT_BASE + pfn * 4096, tried = 0, mapped = 0;

	struct gnttab_setup_table gt = { .dom = DOMID_SELF, .nr_frames = 4 };
	xen_pfn_t grant_frames[4] = { 0 };

	/* Ours but not in the p2m: shared_info and the grant table frames. */
	set_xen_guest_handle(gt.frame_list, grant_frames);
	CHECK_EQ(hypercall5(__HYPERVISOR_grant_table_op, GNTTABOP_setup_table, (long)&gt, 1, 0, 0),
		 0, "our grant frames");
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_machphys_mapping, &mm), 0, "machphys_mapping");
	for (uint64_t mfn = 0; mfn <= mm.max_mfn; mfn++) {
		uint64_t owner_pfn = m2p[mfn];

		if (owner_pfn < start_info->nr_pages && p2m[owner_pfn] == mfn)
			continue;	/* ours */
		if (mfn == start_info->shared_info >> 12 || mfn == grant_frames[0] ||
		    mfn == grant_frames[1] || mfn == grant_frames[2] || mfn == grant_frames[3])
			continue;	/* ours too */
		tried++;
		if (HYPERVISOR_update_va_mapping(win, mfn << 12 | 1, 0) == 0 ||
		    HYPERVISOR_update_va_mapping(win, mfn << 12 | 3, 0) == 0)
			mapped++;
	}
	HYPERVISOR_update_va_mapping(win, p2m[pfn] << 12 | 3, UVMF_INVLPG);
	CHECK_EQ(mapped, 0, "foreign frames that could be mapped");
	guest_printf("none of %lu foreign frames could be mapped\n", (unsigned long)tried);
}

/* The console ring is written by the hypervisor for as long as we live:
 * even unmapped, it must refuse to be given back (it would go to another
 * domain) or to become a page table. */
static void sweep_console_ring(void)
{
	uint64_t mfn = start_info->console.domU.mfn;
	uint64_t pfn = ((const uint64_t *)MACH2PHYS_VIRT_START)[mfn];
	uint64_t va = VIRT_BASE + pfn * 4096;
	struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };
	struct mmuext_op pin = { .cmd = MMUEXT_PIN_L1_TABLE, .arg1.mfn = mfn };

	set_xen_guest_handle(r.extent_start, &mfn);
	CHECK_EQ(HYPERVISOR_update_va_mapping(va, 0, UVMF_INVLPG), 0, "unmap the console ring");
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), 0,
		 "extents released: the console ring");
	CHECK_EQ(HYPERVISOR_mmuext_op(&pin, 1, NULL, DOMID_SELF), -XEN_EINVAL,
		 "pin the console ring as an L1 table");
	CHECK_EQ(HYPERVISOR_update_va_mapping(va, mfn << 12 | 7, UVMF_INVLPG), 0,
		 "map the console ring again");
	guest_printf("the console ring stayed ours and plain memory\n");
}

void guest_main(void)
{
	sweep_buffers();
	sweep_counts();
	sweep_foreign_frames();
	sweep_console_ring();
	guest_printf("swept %u buffer hypercalls with %u bad pointers each\n",
		     (unsigned int)ARRAY_SIZE(calls), (unsigned int)ARRAY_SIZE(bad_pointers));
}
