/* SPDX-License-Identifier: GPL-2.0-only */
/* preempt: long hypercalls are cut into bounded steps, and the guest can
 * see the cuts: a continuation rewinds rip onto the guest's own syscall
 * instruction, and an event delivered in between arrives with that rip in
 * its frame. Command line: check=restart | populate | exchange | ldt | hog |
 * neighbour | flood (see preempt.h; hog and neighbour run side by side,
 * each with peer=ID of the other). */
#include "preempt.h"

const uint64_t *p2m;
unsigned long scratch_pfn;
void (*watched_upcall)(void);

void *pfn_va(unsigned long pfn) { return (void *)(VIRT_BASE + pfn * 4096); }
uint64_t pfn_mfn(unsigned long pfn) { return p2m[pfn]; }

static long set_entry(uint64_t table_mfn, unsigned int idx, uint64_t val)
{
	struct mmu_update u = { (table_mfn << 12) + idx * 8, val };

	return HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);
}

/* The first n entries of a spare page, then read-only: a page table. */
static void fill_table(unsigned long pfn, uint64_t entry, unsigned int n)
{
	uint64_t *t = pfn_va(pfn);

	for (unsigned int i = 0; i < 512; i++)
		t[i] = i < n ? entry : 0;
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)t, pfn_mfn(pfn) << 12 | PTE_P,
					      UVMF_INVLPG), 0, "a page-table page made read-only");
}

void alias_one_page(unsigned long data_pfn, unsigned long table_pfn, uint64_t size)
{
	uint64_t l1 = pfn_mfn(table_pfn), l2 = pfn_mfn(table_pfn + 1);
	uint64_t l3 = pfn_mfn(table_pfn + 2);
	uint64_t l4 = pfn_mfn((start_info->pt_base - VIRT_BASE) >> 12);
	unsigned int l2_entries = size >= (1UL << 30) ? 512 : (unsigned int)(size >> 21);

	fill_table(table_pfn, pfn_mfn(data_pfn) << 12 | PTE_P, 512);
	fill_table(table_pfn + 1, l1 << 12 | PTE_P | PTE_RW, l2_entries);
	fill_table(table_pfn + 2, l2 << 12 | PTE_P | PTE_RW,
		   (unsigned int)DIV_ROUND_UP(size, 1UL << 30));
	CHECK_EQ(set_entry(l4, (ALIAS_BASE >> 39) & 511, l3 << 12 | PTE_P | PTE_RW), 0,
		 "hook the aliasing tables into our L4");
}

__attribute__((noinline, noclone))
long watched_hypercall(long nr, long a1, long a2, long a3, long a4)
{
	register long r10 asm("r10") = a4;
	long ret;

	asm volatile(".globl watched_syscall\n"
		     "watched_syscall:\n\t"
		     "syscall"
		     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10)
		     : "0"(nr)
		     : "rcx", "r11", "r8", "memory");
	return ret;
}

static void upcall_hook(uint64_t rip)
{
	if (rip == (uint64_t)watched_syscall && watched_upcall)
		watched_upcall();
}

void guest_main(void)
{
	static struct trap_info table[] = {
		{ 6, 0, FLAT_KERNEL_CS, (unsigned long)stub_ud },
		{ 13, 0, FLAT_KERNEL_CS, (unsigned long)stub_gp },
		{ 14, 0, FLAT_KERNEL_CS, (unsigned long)stub_pf }, { 0 },
	};
	char check[16];

	p2m = (const uint64_t *)start_info->mfn_list;
	/* Past shared_info's page (events.c), inside the builder's slack. */
	scratch_pfn = ((start_info->pt_base - VIRT_BASE) >> 12) + start_info->nr_pt_frames + 8;
	events_map_shared_info();
	CHECK_EQ(events_register_callback(), 0, "event callback");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_trap_table, (long)table, 0, 0, 0, 0), 0, "trap table");
	guest_upcall_hook = upcall_hook;
	guest_vcpu_info->evtchn_upcall_mask = 0;
	if (!guest_arg("check", check, sizeof(check)))
		guest_fail("no check= on the command line");
	else if (!strcmp(check, "restart"))
		check_restart_out_of_band();
	else if (!strcmp(check, "populate"))
		check_populate_preempted_by_frames();
	else if (!strcmp(check, "exchange"))
		check_exchange_preempted_by_chunks();
	else if (!strcmp(check, "ldt"))
		check_ldt_batch_counts_frames();
	else if (!strcmp(check, "hog"))
		console_hog();
	else if (!strcmp(check, "neighbour"))
		console_neighbour();
	else if (!strcmp(check, "flood"))
		console_flood();
	else
		guest_fail("unknown check=%s", check);
}
