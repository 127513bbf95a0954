/* SPDX-License-Identifier: GPL-2.0-only */
/* mmu: the memory side of the PV ABI from inside a guest. Direct paging
 * with validation: the guest's page tables are read-only to it and every
 * change goes through mmu_update, mmuext_op or update_va_mapping, which
 * must accept exactly what Xen accepts and refuse, with Xen's error
 * codes, every attempt to reach memory that is not the guest's or to get
 * a writable view of a page table. Also memory_op, vm_assist and the
 * read-only M2P table. */
#include "guest.h"
#include "guest_pt.h"

#define VIRT_BASE	0xffffffff80000000UL
#define M2P		((const uint64_t *)MACH2PHYS_VIRT_START)
#define HV_MFN		0x200UL		/* the hypervisor image at 2 MiB */
#define PTE_P		0x001UL
#define PTE_RW		0x002UL
#define PTE_US		0x004UL
#define PTE_PCD		0x010UL
#define PTE_A		0x020UL
#define PTE_D		0x040UL
#define MFN(e)		(((e) & 0x000ffffffffff000UL) >> 12)

static const uint64_t *p2m;
static unsigned long scratch_pfn;	/* first of a few spare mapped pfns */
static unsigned long mapped_end_pfn;	/* end of the bootstrap mapping */

static void *pfn_va(unsigned long pfn) { return (void *)(VIRT_BASE + pfn * 4096); }
static uint64_t pfn_mfn(unsigned long pfn) { return p2m[pfn]; }
static void *mfn_va(uint64_t mfn) { return pfn_va(M2P[mfn]); }
static uint64_t va_mfn(const void *va) { return pfn_mfn(((uint64_t)va - VIRT_BASE) >> 12); }

static long pte_update(uint64_t table_mfn, unsigned int idx, uint64_t val, unsigned int how)
{
	struct mmu_update u = { (table_mfn << 12) + idx * 8 + how, val };

	return HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);
}

static long ext1(unsigned int cmd, uint64_t arg1, uint64_t arg2)
{
	struct mmuext_op op = { .cmd = cmd };

	op.arg1.mfn = arg1;
	op.arg2.src_mfn = arg2;
	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static long remap(void *va, uint64_t mfn, uint64_t flags)
{
	return HYPERVISOR_update_va_mapping((uint64_t)va, mfn << 12 | flags, UVMF_INVLPG);
}

static void check_m2p_and_memory_op(void)
{
	uint64_t si_mfn = va_mfn(start_info);
	unsigned long si_pfn = ((uint64_t)start_info - VIRT_BASE) >> 12;
	struct xen_machphys_mapping mm;
	struct xen_memory_map map;
	struct xen_memory_domain md = { DOMID_SELF };
	struct { uint64_t addr, size; uint32_t type; } __packed e820[2];

	CHECK_EQ(M2P[si_mfn], si_pfn, "M2P entry of the start_info frame");
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_machphys_mapping, &mm), 0, "machphys_mapping");
	CHECK_EQ(mm.v_start, MACH2PHYS_VIRT_START, "M2P address");
	CHECK(mm.max_mfn >= si_mfn, "max_mfn %lu below our frames", (unsigned long)mm.max_mfn);
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL), mm.max_mfn, "maximum_ram_page");

	map.nr_entries = 2;
	set_xen_guest_handle(map.buffer, e820);
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_memory_map, &map), 0, "memory_map");
	CHECK_EQ(map.nr_entries, 1, "one RAM region");
	CHECK_EQ(e820[0].addr, 0, "RAM starts at 0");
	CHECK_EQ(e820[0].size, start_info->nr_pages * 4096, "RAM covers nr_pages");
	CHECK_EQ(e820[0].type, 1, "type RAM");
	map.nr_entries = 0;
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_memory_map, &map), -XEN_EINVAL, "memory_map, no room");
	map.nr_entries = 1;
	set_xen_guest_handle(map.buffer, (void *)0xffff830000000000UL);
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_memory_map, &map), -XEN_EFAULT, "memory_map into the hypervisor");

	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_current_reservation, &md), start_info->nr_pages,
		 "current_reservation");
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_maximum_gpfn, &md), start_info->nr_pages - 1,
		 "maximum_gpfn");
	md.domid = 5;
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_current_reservation, &md), -XEN_EPERM,
		 "another domain's reservation");
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_current_reservation, NULL), -XEN_EFAULT,
		 "reservation with a NULL argument");
}

static void check_vm_assist(void)
{
	CHECK_EQ(HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables), 0,
		 "enable writable_pagetables");
	CHECK_EQ(HYPERVISOR_vm_assist(VMASST_CMD_enable, 6), -XEN_EINVAL, "vm_assist type 6");
	CHECK_EQ(HYPERVISOR_vm_assist(VMASST_CMD_enable, 1000), -XEN_EINVAL, "vm_assist type 1000");
	CHECK_EQ(HYPERVISOR_vm_assist(7, VMASST_TYPE_writable_pagetables), -XEN_ENOSYS,
		 "vm_assist command 7");
}

/* update_va_mapping: remap a spare page to other frames and back. */
static void check_update_va_mapping(void)
{
	volatile uint64_t *win = pfn_va(scratch_pfn);
	uint64_t own = pfn_mfn(scratch_pfn);
	uint64_t far1 = pfn_mfn(start_info->nr_pages - 1), far2 = pfn_mfn(start_info->nr_pages - 2);

	CHECK_EQ(remap((void *)win, far1, PTE_P | PTE_RW), 0, "map an unmapped frame of ours");
	*win = 0x1111;
	CHECK_EQ(remap((void *)win, far2, PTE_P | PTE_RW), 0, "map another");
	*win = 0x2222;
	CHECK_EQ(remap((void *)win, far1, PTE_P | PTE_RW), 0, "and back");
	CHECK_EQ(*win, 0x1111, "the first frame kept its contents");
	CHECK_EQ(remap((void *)win, own, PTE_P | PTE_RW), 0, "restore the window");

	/* Hostile: the documented refusals. */
	CHECK_EQ(remap((void *)win, va_mfn((void *)start_info->pt_base), PTE_P | PTE_RW),
		 -XEN_EBUSY, "writable mapping of our own L4");
	CHECK_EQ(remap((void *)win, HV_MFN, PTE_P), -XEN_EBUSY, "mapping a hypervisor frame");
	CHECK_EQ(remap((void *)win, 1UL << 30, PTE_P), -XEN_EINVAL, "mapping a frame that is not RAM");
	CHECK_EQ(remap((void *)win, own, PTE_P | PTE_RW | PTE_PCD), -XEN_EINVAL, "cache attributes");
	CHECK_EQ(HYPERVISOR_update_va_mapping(0xffff830000000000UL, own << 12 | PTE_P, 0),
		 -XEN_EINVAL, "a VA in the hypervisor's range");
	CHECK_EQ(HYPERVISOR_update_va_mapping(0x1000, own << 12 | PTE_P, 0),
		 -XEN_EINVAL, "a VA with no L1 table");
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)win, own << 12 | PTE_P | PTE_RW,
					      UVMF_INVLPG | 0x10UL), -XEN_EFAULT,
		 "UVMF_MULTI with a bad vCPU mask pointer");
}

static void check_mmu_update(void)
{
	void *win = pfn_va(scratch_pfn);
	uint64_t l1 = table_mfn((uint64_t)win, 1), l4 = va_mfn((void *)start_info->pt_base);
	unsigned int idx = ((uint64_t)win >> 12) & 511, done = 1234;
	const uint64_t *l1_view = mfn_va(l1);
	uint64_t far1 = pfn_mfn(start_info->nr_pages - 1), own = pfn_mfn(scratch_pfn);
	static struct mmu_update many[600];

	CHECK_EQ(pte_update(l1, idx, far1 << 12 | PTE_P, MMU_NORMAL_PT_UPDATE), 0, "L1 update");
	/* mmu_update does not flush, as on Xen: the guest asks for it. */
	CHECK_EQ(ext1(MMUEXT_INVLPG_LOCAL, (uint64_t)win, 0), 0, "INVLPG_LOCAL");
	CHECK_EQ(MFN(l1_view[idx]), far1, "the L1 entry now names the new frame");
	CHECK(l1_view[idx] & PTE_US, "the hypervisor added _PAGE_USER");
	CHECK_EQ(*(volatile uint64_t *)win, 0x1111, "read through the new read-only mapping");
	CHECK_EQ(pte_update(l1, idx, far1 << 12 | PTE_P | PTE_RW, MMU_PT_UPDATE_PRESERVE_AD), 0,
		 "preserve-A/D update");
	CHECK(l1_view[idx] & PTE_A, "the Accessed bit set by our read survived");
	CHECK_EQ(pte_update(l1, idx, own << 12 | PTE_P | PTE_RW, MMU_NORMAL_PT_UPDATE), 0, "restore");
	CHECK_EQ(ext1(MMUEXT_INVLPG_LOCAL, (uint64_t)win, 0), 0, "INVLPG_LOCAL");

	CHECK_EQ(pte_update(l4, 256, l1 << 12 | PTE_P, MMU_NORMAL_PT_UPDATE), -XEN_EINVAL,
		 "writing a hypervisor L4 slot");
	CHECK_EQ(pte_update(l1, idx, l1 << 12 | PTE_P | PTE_RW, MMU_NORMAL_PT_UPDATE), -XEN_EBUSY,
		 "an L1 mapping itself writable");
	CHECK_EQ(pte_update(l1, idx, HV_MFN << 12 | PTE_P, MMU_NORMAL_PT_UPDATE), -XEN_EBUSY,
		 "an L1 entry for a hypervisor frame");
	CHECK_EQ(pte_update(HV_MFN, 0, 0, MMU_NORMAL_PT_UPDATE), -XEN_EINVAL,
		 "writing into a hypervisor frame");
	{
		struct mmu_update u = { (l1 << 12) + idx * 8 + 4, 0 };
		CHECK_EQ(HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF), -XEN_EINVAL, "misaligned entry");
		u.ptr = (l1 << 12) + 3;
		CHECK_EQ(HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF), -XEN_ENOSYS, "NO_TRANSLATE");
		u.ptr = (far1 << 12) | MMU_MACHPHYS_UPDATE;
		u.val = 0x1234;
		CHECK_EQ(HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF), 0, "MACHPHYS_UPDATE");
		CHECK_EQ(M2P[far1], 0x1234, "the M2P shows it");
		u.val = start_info->nr_pages - 1;
		HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);
		u.ptr = (HV_MFN << 12) | MMU_MACHPHYS_UPDATE;
		CHECK_EQ(HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF), -XEN_EINVAL,
			 "MACHPHYS_UPDATE of a hypervisor frame");
		CHECK_EQ(HYPERVISOR_mmu_update(&u, 1, NULL, 5), -XEN_EPERM, "another domain's tables");
	}

	/* Batches: empty, faulting, failing half-way, and long enough to be
	 * preempted and continued. */
	CHECK_EQ(HYPERVISOR_mmu_update(many, 0, &done, DOMID_SELF), 0, "count 0");
	CHECK_EQ(done, 0, "count 0 did nothing");
	CHECK_EQ(HYPERVISOR_mmu_update((void *)0xffff830000000000UL, 1, &done, DOMID_SELF),
		 -XEN_EFAULT, "requests in hypervisor memory");
	CHECK_EQ(HYPERVISOR_mmu_update((void *)0x1000, 0x7fffffff, &done, DOMID_SELF),
		 -XEN_EFAULT, "huge count from an unmapped pointer");
	CHECK_EQ(done, 0, "nothing done");
	for (int i = 0; i < 600; i++)
		many[i] = (struct mmu_update){ (l1 << 12) + idx * 8, own << 12 | PTE_P | PTE_RW };
	many[1].ptr = HV_MFN << 12;
	CHECK_EQ(HYPERVISOR_mmu_update(many, 3, &done, DOMID_SELF), -XEN_EINVAL, "second of three fails");
	CHECK_EQ(done, 1, "one update done before the failure");
	many[1] = many[0];
	CHECK_EQ(HYPERVISOR_mmu_update(many, 600, &done, DOMID_SELF), 0, "600 updates");
	CHECK_EQ(done, 600, "all 600 counted across continuations");
	/* Count -1 (Xen reads the top bit as "continued", done so far in
	 * *pdone): two good requests at the very end of our mapped memory,
	 * then the read of the third faults. */
	{
		struct mmu_update *tail = (void *)((char *)pfn_va(mapped_end_pfn) - 2 * sizeof(*tail));
		tail[0] = tail[1] = many[0];
		done = 0;
		CHECK_EQ(HYPERVISOR_mmu_update(tail, -1, &done, DOMID_SELF), -XEN_EFAULT,
			 "count -1 runs into unmapped memory");
		CHECK_EQ(done, 2, "the two good requests were done");
	}
}

/* Fill a spare frame with entries, make it read-only, and use it. */
static void make_table(void *page, uint64_t entry, int n)
{
	uint64_t *t = page;

	for (int i = 0; i < 512; i++)
		t[i] = i < n ? entry : 0;
}

static void check_mmuext(void)
{
	void *spare = pfn_va(scratch_pfn + 1);
	uint64_t spare_mfn = pfn_mfn(scratch_pfn + 1);
	uint64_t l4 = va_mfn((void *)start_info->pt_base), data = pfn_mfn(scratch_pfn + 2);
	struct mmuext_op op = { .cmd = MMUEXT_INVLPG_MULTI };

	CHECK_EQ(ext1(MMUEXT_PIN_L4_TABLE, l4, 0), -XEN_EINVAL, "the builder pinned our L4");
	CHECK_EQ(ext1(MMUEXT_UNPIN_TABLE, l4, 0), 0, "unpin the L4 that is CR3");
	CHECK_EQ(M2P[l4], ((uint64_t)start_info->pt_base - VIRT_BASE) >> 12, "still running on it");
	CHECK_EQ(ext1(MMUEXT_UNPIN_TABLE, l4, 0), -XEN_EINVAL, "unpin twice");
	CHECK_EQ(ext1(MMUEXT_PIN_L4_TABLE, l4, 0), 0, "pin it again");

	/* A new L1: must be read-only to be pinned, and pinned it cannot be
	 * made writable again. */
	make_table(spare, data << 12 | PTE_P | PTE_RW, 4);
	CHECK_EQ(ext1(MMUEXT_PIN_L1_TABLE, spare_mfn, 0), -XEN_EINVAL, "pin a writable-mapped frame");
	CHECK_EQ(remap(spare, spare_mfn, PTE_P), 0, "make it read-only");
	CHECK_EQ(ext1(MMUEXT_PIN_L1_TABLE, spare_mfn, 0), 0, "pin it as an L1");
	CHECK_EQ(remap(spare, spare_mfn, PTE_P | PTE_RW), -XEN_EBUSY, "writable while pinned");
	CHECK_EQ(ext1(MMUEXT_PIN_L2_TABLE, spare_mfn, 0), -XEN_EINVAL, "pin as L2 too");
	CHECK_EQ(ext1(MMUEXT_CLEAR_PAGE, spare_mfn, 0), -XEN_EINVAL, "clear a page table");
	CHECK_EQ(ext1(MMUEXT_UNPIN_TABLE, spare_mfn, 0), 0, "unpin");
	CHECK_EQ(remap(spare, spare_mfn, PTE_P | PTE_RW), 0, "writable again after unpin");

	/* Garbage cannot be pinned at any level. */
	make_table(spare, 0x8000000000000fffUL, 512);
	CHECK_EQ(remap(spare, spare_mfn, PTE_P), 0, "garbage read-only");
	for (unsigned int cmd = MMUEXT_PIN_L1_TABLE; cmd <= MMUEXT_PIN_L4_TABLE; cmd++)
		CHECK_EQ(ext1(cmd, spare_mfn, 0), -XEN_EINVAL, "pin garbage");
	CHECK_EQ(ext1(MMUEXT_NEW_BASEPTR, spare_mfn, 0), -XEN_EINVAL, "garbage as CR3");
	CHECK_EQ(ext1(MMUEXT_PIN_L1_TABLE, HV_MFN, 0), -XEN_EINVAL, "pin a hypervisor frame");
	CHECK_EQ(remap(spare, spare_mfn, PTE_P | PTE_RW), 0, "spare writable again");

	/* A copy of our L4 as the new CR3, validated on the spot, and back. */
	memcpy(spare, (void *)start_info->pt_base, 4096);
	CHECK_EQ(ext1(MMUEXT_NEW_BASEPTR, spare_mfn, 0), -XEN_EINVAL, "a writable-mapped L4");
	CHECK_EQ(remap(spare, spare_mfn, PTE_P), 0, "copy read-only");
	CHECK_EQ(ext1(MMUEXT_NEW_BASEPTR, spare_mfn, 0), 0, "switch to the copy");
	CHECK_EQ(M2P[spare_mfn], scratch_pfn + 1, "running on the copy");
	CHECK_EQ(ext1(MMUEXT_NEW_BASEPTR, l4, 0), 0, "switch back");
	CHECK_EQ(remap(spare, spare_mfn, PTE_P | PTE_RW), 0, "the copy is a plain page again");
	CHECK_EQ(ext1(MMUEXT_NEW_USER_BASEPTR, 0, 0), 0, "no user page table");

	/* Pages: clear and copy. */
	*(volatile uint64_t *)pfn_va(scratch_pfn + 2) = 77;
	CHECK_EQ(ext1(MMUEXT_COPY_PAGE, spare_mfn, data), 0, "copy page");
	CHECK_EQ(*(volatile uint64_t *)spare, 77, "copied");
	CHECK_EQ(ext1(MMUEXT_CLEAR_PAGE, spare_mfn, 0), 0, "clear page");
	CHECK_EQ(*(volatile uint64_t *)spare, 0, "cleared");
	CHECK_EQ(ext1(MMUEXT_CLEAR_PAGE, HV_MFN, 0), -XEN_EINVAL, "clear a hypervisor frame");
	CHECK_EQ(ext1(MMUEXT_COPY_PAGE, spare_mfn, HV_MFN), -XEN_EINVAL, "copy from a hypervisor frame");

	/* Flushes, LDT and the rest. */
	CHECK_EQ(ext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0, "TLB_FLUSH_LOCAL");
	CHECK_EQ(ext1(MMUEXT_TLB_FLUSH_ALL, 0, 0), 0, "TLB_FLUSH_ALL");
	CHECK_EQ(ext1(MMUEXT_INVLPG_LOCAL, (uint64_t)spare, 0), 0, "INVLPG_LOCAL");
	CHECK_EQ(ext1(MMUEXT_INVLPG_LOCAL, 0x0000900000000000UL, 0), -XEN_EINVAL, "INVLPG non-canonical");
	op.arg1.linear_addr = (uint64_t)spare;
	set_xen_guest_handle(op.arg2.vcpumask, (void *)0x1000);
	CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), -XEN_EFAULT, "INVLPG_MULTI bad mask");
	CHECK_EQ(ext1(MMUEXT_SET_LDT, 0, 0), 0, "SET_LDT none");
	CHECK_EQ(ext1(MMUEXT_SET_LDT, (uint64_t)spare + 8, 1), -XEN_EINVAL, "SET_LDT misaligned");
	CHECK_EQ(ext1(MMUEXT_SET_LDT, (uint64_t)spare, 9000), -XEN_EINVAL, "SET_LDT too many entries");
	CHECK_EQ(ext1(MMUEXT_FLUSH_CACHE, 0, 0), -XEN_EACCES, "FLUSH_CACHE without rights");
	CHECK_EQ(ext1(99, 0, 0), -XEN_ENOSYS, "unknown mmuext command");
}

/* Issue 13, item 5: the hypervisor must never write guest memory through
 * a TLB entry that a flush it owes should have removed. A frame X was
 * mapped writable at V (the TLB holds V -> X, writable), V is unmapped
 * without a flush, then one batch makes X a page table and reports
 * `done` through V. Through the stale entry that report would land in X,
 * now a validated table, and the guest picks its value: X[0] + 1, which
 * turns a not-present entry into "X maps X writable". */
#define BATCH_PREEMPTED (1u << 31)	/* Xen's, in the count of a continuation */
#define STALE_HOOK_VA	(VIRT_BASE + (512UL << 20))

static long make_x_a_table(int how, uint64_t x, uint32_t *pdone)
{
	struct mmu_update hook = { (table_mfn(STALE_HOOK_VA, 2) << 12) +
				   ((STALE_HOOK_VA >> 21) & 511) * 8,
				   x << 12 | PTE_P | PTE_RW | PTE_US | PTE_A };
	struct mmuext_op pin = { .cmd = MMUEXT_PIN_L1_TABLE, .arg1.mfn = x };
	struct mmuext_op user = { .cmd = MMUEXT_NEW_USER_BASEPTR, .arg1.mfn = x };

	if (how == 0)
		return HYPERVISOR_mmuext_op(&pin, 1 | BATCH_PREEMPTED, pdone, DOMID_SELF);
	if (how == 1)
		return HYPERVISOR_mmu_update(&hook, 1 | BATCH_PREEMPTED, pdone, DOMID_SELF);
	return HYPERVISOR_mmuext_op(&user, 1 | BATCH_PREEMPTED, pdone, DOMID_SELF);
}

static void undo_x_table(int how, uint64_t x)
{
	if (how == 0)
		CHECK_EQ(ext1(MMUEXT_UNPIN_TABLE, x, 0), 0, "unpin X");
	else if (how == 1)
		CHECK_EQ(pte_update(table_mfn(STALE_HOOK_VA, 2), (STALE_HOOK_VA >> 21) & 511,
				    0, MMU_NORMAL_PT_UPDATE), 0, "unhook X");
	else
		CHECK_EQ(ext1(MMUEXT_NEW_USER_BASEPTR, 0, 0), 0, "drop X as the user L4");
}

static void check_no_write_through_stale_tlb(void)
{
	static const char *const how_name[] = { "PIN_L1_TABLE", "mmu_update of an L2",
						 "NEW_USER_BASEPTR" };
	volatile uint64_t *v = pfn_va(scratch_pfn + 4), *view = pfn_va(scratch_pfn + 5);
	uint64_t x = pfn_mfn(scratch_pfn + 4), bait = x << 12 | 0x66;	/* RW|US|A|D, not present */

	for (int how = 0; how < 3; how++) {
		CHECK_EQ(remap((void *)v, x, PTE_P | PTE_RW), 0, "map X writable at V");
		/* Ring 0 keeps TLB entries of its own (QEMU too: one per
		 * privilege level): a call that reports done through V puts
		 * V -> X, writable, in the hypervisor's. */
		{
			struct mmuext_op op = { .cmd = MMUEXT_SET_LDT };

			CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, (uint32_t *)v, DOMID_SELF), 0,
				 "a call that reports done through V");
		}
		memset((void *)v, 0, 4096);
		v[0] = bait;
		CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)v, 0, 0), 0,
			 "unmap V without a flush");
		CHECK_EQ(make_x_a_table(how, x, (uint32_t *)v), 0, how_name[how]);
		CHECK_EQ(remap((void *)view, x, PTE_P), 0, "X read-only elsewhere");
		CHECK(view[0] == bait, "X[0] after %s reported done through a stale V: "
		      "%lx, want %lx", how_name[how], (unsigned long)view[0], (unsigned long)bait);
		undo_x_table(how, x);
		CHECK_EQ(remap((void *)view, pfn_mfn(scratch_pfn + 5), PTE_P | PTE_RW), 0,
			 "restore the view");
	}
	CHECK_EQ(remap((void *)v, x, PTE_P | PTE_RW), 0, "V writable again");
}

/* The same rule on the way down: decrease_reservation reads its extent
 * list through V, a stale translation of X, and the list's first extent
 * releases X itself. X then belongs to nobody (soon to someone else): the
 * second extent must not be read from it. It names Y, which must stay
 * ours; the call ends after X, or at once if a flush came first. */
static void check_no_read_of_a_released_frame(void)
{
	volatile uint64_t *v = pfn_va(scratch_pfn + 6);
	uint64_t x = pfn_mfn(scratch_pfn + 6), y = pfn_mfn(scratch_pfn + 7);
	struct xen_memory_reservation r = { .nr_extents = 2, .domid = DOMID_SELF };
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT };
	long rc;

	CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, (uint32_t *)&v[2], DOMID_SELF), 0,
		 "a call that reports done through V, priming ring 0's TLB");
	v[0] = x;
	v[1] = y;
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)pfn_va(scratch_pfn + 7), 0, UVMF_INVLPG),
		 0, "unmap Y, so it could be released");
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)v, 0, 0), 0, "unmap V without a flush");
	set_xen_guest_handle(r.extent_start, (uint64_t *)v);
	rc = HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r);
	CHECK(rc == 1 || rc == -XEN_EFAULT, "decrease_reservation through a list in a frame it "
	      "released: %ld, want 1 or -EFAULT", rc);
	CHECK(M2P[y] == scratch_pfn + 7, "Y, named only in the released frame, is still ours");
	CHECK_EQ(remap(pfn_va(scratch_pfn + 7), y, PTE_P | PTE_RW), 0, "map Y back");
	if (rc == 1) {	/* a frame in X's place, for the reservation checks after */
		uint64_t pfn = scratch_pfn + 6;

		r.nr_extents = 1;
		set_xen_guest_handle(r.extent_start, &pfn);
		CHECK_EQ(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 1,
			 "a frame back in X's place");
	}
}

static long reservation_op(unsigned int op, uint64_t *extents, unsigned int n,
			   unsigned int order, domid_t dom)
{
	struct xen_memory_reservation r = { .nr_extents = n, .extent_order = order,
					    .domid = dom };

	set_xen_guest_handle(r.extent_start, extents);
	return HYPERVISOR_memory_op(op, &r);
}

/* Ballooning: give the last pfn's frame back, then ask for a frame there
 * again; never past the maximum; never a frame still in use. */
static void check_reservation(void)
{
	struct xen_memory_domain md = { DOMID_SELF };
	unsigned long last = start_info->nr_pages - 1;
	uint64_t mfn = p2m[last], ext[2], si_mfn = va_mfn(start_info);
	void *win = pfn_va(scratch_pfn);

	ext[0] = mfn;
	CHECK_EQ(reservation_op(XENMEM_decrease_reservation, ext, 1, 0, DOMID_SELF), 1,
		 "decrease_reservation of an unused frame");
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_current_reservation, &md), start_info->nr_pages - 1,
		 "one frame fewer");
	CHECK_EQ(M2P[mfn], ~0UL, "its M2P entry is gone");
	CHECK_EQ(remap(win, mfn, PTE_P), -XEN_EBUSY, "the frame is no longer ours to map");
	CHECK_EQ(reservation_op(XENMEM_decrease_reservation, ext, 1, 0, DOMID_SELF), 0,
		 "giving it back twice");
	ext[0] = si_mfn;
	CHECK_EQ(reservation_op(XENMEM_decrease_reservation, ext, 1, 0, DOMID_SELF), 0,
		 "a frame still mapped is kept");
	ext[0] = HV_MFN;
	CHECK_EQ(reservation_op(XENMEM_decrease_reservation, ext, 1, 0, DOMID_SELF), 0,
		 "a hypervisor frame");

	ext[0] = last;
	ext[1] = last + 1;
	CHECK_EQ(reservation_op(XENMEM_populate_physmap, ext, 2, 0, DOMID_SELF), 1,
		 "populate: only one frame fits under the maximum");
	CHECK_EQ(M2P[ext[0]], last, "the new frame's M2P entry is its pfn");
	CHECK_EQ(remap(win, ext[0], PTE_P | PTE_RW), 0, "and it is ours to map");
	CHECK_EQ(*(volatile uint64_t *)win, 0, "it arrives zeroed");
	CHECK_EQ(remap(win, pfn_mfn(scratch_pfn), PTE_P | PTE_RW), 0, "restore the window");
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_current_reservation, &md), start_info->nr_pages,
		 "back to the full reservation");

	CHECK_EQ(reservation_op(XENMEM_populate_physmap, ext, 1, 10, DOMID_SELF), -XEN_EINVAL,
		 "extent order 10");
	CHECK_EQ(reservation_op(XENMEM_populate_physmap, ext, 1, 0, 7), -XEN_EPERM,
		 "another domain");
	CHECK_EQ(reservation_op(XENMEM_decrease_reservation, (uint64_t *)0x1000, 1, 0, DOMID_SELF),
		 -XEN_EFAULT, "unreadable extent list");
	CHECK_EQ(reservation_op(XENMEM_decrease_reservation, ext, 0, 0, DOMID_SELF), 0,
		 "no extents");
}

/* More extents than one call does before it continues (256), and a
 * continuation's own starting point in cmd: found by the fuzzer, which
 * passed a start of 512; each restart preempted again before doing
 * anything, so the call never returned. */
#define LONG_RESERVATION 300
#define MEMOP_EXTENT_SHIFT 6

static void check_long_reservation(void)
{
	static uint64_t ext[LONG_RESERVATION];
	struct xen_memory_domain md = { DOMID_SELF };
	unsigned long first = start_info->nr_pages - LONG_RESERVATION;
	struct xen_memory_reservation r = { .nr_extents = LONG_RESERVATION, .domid = DOMID_SELF };

	for (unsigned int i = 0; i < LONG_RESERVATION; i++)
		ext[i] = p2m[first + i];
	CHECK_EQ(reservation_op(XENMEM_decrease_reservation, ext, 256, 0, DOMID_SELF), 256,
		 "decrease_reservation of 256 unused frames");
	set_xen_guest_handle(r.extent_start, ext);
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_decrease_reservation | 256 << MEMOP_EXTENT_SHIFT, &r),
		 LONG_RESERVATION, "the rest, starting at extent 256 (as a continuation would)");
	for (unsigned int i = 0; i < LONG_RESERVATION; i++)
		ext[i] = first + i;
	CHECK_EQ(reservation_op(XENMEM_populate_physmap, ext, LONG_RESERVATION, 0, DOMID_SELF),
		 LONG_RESERVATION, "populate 300 frames: one continuation on the way");
	CHECK_EQ(M2P[ext[LONG_RESERVATION - 1]], first + LONG_RESERVATION - 1,
		 "the last new frame's M2P entry is its pfn");
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_current_reservation, &md), start_info->nr_pages,
		 "back to the full reservation after 300 out and in");
}

static void check_features(void)
{
	xen_feature_info_t fi = { .submap_idx = 0 };

	CHECK_EQ(HYPERVISOR_xen_version(XENVER_get_features, &fi), 0, "get_features");
	CHECK(fi.submap & (1u << XENFEAT_mmu_pt_update_preserve_ad),
	      "XENFEAT_mmu_pt_update_preserve_ad is honoured, so reported");
}

void guest_main(void)
{
	unsigned long stack_pfn;

	p2m = (const uint64_t *)start_info->mfn_list;
	stack_pfn = ((start_info->pt_base - VIRT_BASE) >> 12) + start_info->nr_pt_frames;
	scratch_pfn = stack_pfn + 8;	/* inside the 512 KiB of mapped slack */
	/* The builder maps up to a 4 MiB boundary with >= 512 KiB to spare. */
	mapped_end_pfn = ROUND_UP(stack_pfn + 1 + 128, 1024);
	check_m2p_and_memory_op();
	check_vm_assist();
	check_update_va_mapping();
	check_mmu_update();
	check_mmuext();
	check_no_write_through_stale_tlb();
	check_no_read_of_a_released_frame();
	check_reservation();
	check_long_reservation();
	check_features();
}
