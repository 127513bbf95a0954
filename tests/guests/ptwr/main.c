/* SPDX-License-Identifier: GPL-2.0-only */
/* ptwr: writable page-table emulation. With VMASST_TYPE_writable_pagetables
 * on, a guest kernel may write its (read-only) L1 tables with ordinary
 * instructions, as Linux does: each store faults, is decoded, validated
 * like mmu_update and applied. Checked: the store forms Linux uses (mov,
 * movq $imm, xchg, lock cmpxchg, lock and/or, lock bts/btr) with their
 * results and flags, and that a store the validator refuses, a store to a
 * non-L1 table, and any store with the assist off all reach the guest as
 * the page fault they are. */
#include "guest.h"
#include "trap_stubs.h"

#define VIRT_BASE	0xffffffff80000000UL
#define M2P		((const uint64_t *)MACH2PHYS_VIRT_START)
#define PTE_P		0x001UL
#define PTE_RW		0x002UL
#define PTE_US		0x004UL
#define PTE_A		0x020UL
#define MFN(e)		(((e) & 0x000ffffffffff000UL) >> 12)

static const uint64_t *p2m;
static volatile uint64_t *win;		/* a spare page we remap */
static volatile uint64_t *pte;		/* its L1 entry, through the RO view */
static uint64_t own_mfn, far_mfn;

static void *mfn_va(uint64_t mfn) { return (void *)(VIRT_BASE + M2P[mfn] * 4096); }

static void locate(void)
{
	unsigned long pfn = ((start_info->pt_base - VIRT_BASE) >> 12) + start_info->nr_pt_frames + 8;
	uint64_t va = VIRT_BASE + pfn * 4096, mfn = p2m[(start_info->pt_base - VIRT_BASE) >> 12];

	for (int shift = 39; shift > 12; shift -= 9)
		mfn = MFN(((const uint64_t *)mfn_va(mfn))[(va >> shift) & 511]);
	win = (volatile uint64_t *)va;
	pte = (volatile uint64_t *)mfn_va(mfn) + ((va >> 12) & 511);
	own_mfn = p2m[pfn];
	far_mfn = p2m[start_info->nr_pages - 1];
}

static void flush(void)
{
	struct mmuext_op op = { .cmd = MMUEXT_INVLPG_LOCAL };

	op.arg1.linear_addr = (unsigned long)win;
	HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static void check_store_forms(void)
{
	uint64_t v, old;
	uint8_t cf, zf;

	*pte = far_mfn << 12 | PTE_P | PTE_RW;		/* mov r64 -> m64 */
	flush();
	CHECK_EQ(MFN(*pte), far_mfn, "mov: the entry changed");
	CHECK(*pte & PTE_US, "mov: validated (user bit added)");
	*win = 0xabcd;
	asm volatile("movq $0, %0" : "=m"(*pte));	/* c7 /0 */
	CHECK_EQ(*pte, 0, "movq $0 cleared the entry");
	v = own_mfn << 12 | PTE_P | PTE_RW;
	asm volatile("xchgq %0, %1" : "+r"(v), "+m"(*pte));
	CHECK_EQ(v, 0, "xchg returned the old entry");
	CHECK_EQ(MFN(*pte), own_mfn, "xchg stored the new one");

	/* lock cmpxchg: a mismatch changes nothing and returns the value. */
	old = 0x1234;
	v = far_mfn << 12 | PTE_P | PTE_RW;
	asm volatile("lock cmpxchgq %2, %1; setz %0" : "=r"(zf), "+m"(*pte), "+r"(v), "+a"(old));
	CHECK(!zf, "cmpxchg mismatch: ZF clear");
	CHECK_EQ(old, *pte, "cmpxchg mismatch: rax gets the current entry");
	asm volatile("lock cmpxchgq %2, %1; setz %0" : "=r"(zf), "+m"(*pte), "+r"(v), "+a"(old));
	CHECK(zf, "cmpxchg match: ZF set");
	CHECK_EQ(MFN(*pte), far_mfn, "cmpxchg match: stored");
	flush();
	CHECK_EQ(*win, 0xabcd, "the far frame is mapped again");

	/* Linux's ptep_set_wrprotect and ptep_test_and_clear_young. */
	asm volatile("lock andb $~2, %0" : "+m"(*pte));
	CHECK_EQ(*pte & PTE_RW, 0, "lock andb cleared RW");
	asm volatile("lock orq $2, %0" : "+m"(*pte));
	CHECK(*pte & PTE_RW, "lock orq set it again");
	(void)*win;					/* sets Accessed */
	asm volatile("lock btrq $5, %1; setc %0" : "=r"(cf), "+m"(*pte));
	CHECK(cf, "btr: CF is the old Accessed bit");
	CHECK_EQ(*pte & PTE_A, 0, "btr cleared it");
	asm volatile("lock btsq $5, %1; setc %0" : "=r"(cf), "+m"(*pte));
	CHECK(!cf, "bts: CF clear, bit was clear");
	CHECK(*pte & PTE_A, "bts set it");
	*pte = own_mfn << 12 | PTE_P | PTE_RW;
	flush();
}

static void check_refusals(void)
{
	uint64_t l4 = p2m[(start_info->pt_base - VIRT_BASE) >> 12];
	uint64_t before = fault_count;
	volatile uint64_t *l4_view = (volatile uint64_t *)start_info->pt_base;

	/* A writable mapping of our own L4: refused, so a #PF. */
	EXPECT_FAULT_WITH("movq %%rbx, (%%rsi)", l4 << 12 | PTE_P | PTE_RW, pte);
	CHECK_EQ(fault_count, before + 1, "invalid entry: #PF delivered");
	CHECK_EQ(fault_vector, 14, "it is a page fault");
	CHECK_EQ(fault_error, 3, "present + write, kernel mode");
	CHECK_EQ(MFN(*pte), own_mfn, "the entry is unchanged");
	/* L4 entries are never emulated. */
	EXPECT_FAULT_WITH("movq $0, (%%rsi)", 0, &l4_view[300]);
	CHECK_EQ(fault_count, before + 2, "store to the L4: #PF");
	/* Without the assist nothing is emulated. */
	CHECK_EQ(HYPERVISOR_vm_assist(VMASST_CMD_disable, VMASST_TYPE_writable_pagetables), 0,
		 "assist off");
	EXPECT_FAULT_WITH("movq %%rbx, (%%rsi)", own_mfn << 12 | PTE_P, pte);
	CHECK_EQ(fault_count, before + 3, "store with the assist off: #PF");
	CHECK(*pte & PTE_RW, "and nothing changed");
}

void guest_main(void)
{
	static struct trap_info table[] = {
		{ 14, 0, FLAT_KERNEL_CS, (unsigned long)stub_pf }, { 0 },
	};

	p2m = (const uint64_t *)start_info->mfn_list;
	locate();
	CHECK_EQ(hypercall5(__HYPERVISOR_set_trap_table, (long)table, 0, 0, 0, 0), 0, "trap table");
	CHECK_EQ(HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables), 0,
		 "enable writable_pagetables");
	check_store_forms();
	check_refusals();
}
