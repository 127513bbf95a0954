/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's page tables. The image is mapped at HV_VIRT_BASE + phys
 * with 4 KiB pages: text read-only and executable, rodata read-only, data
 * and bss writable and non-executable. All RAM is mapped again at
 * DIRECTMAP_BASE with 2 MiB pages, writable and non-executable. No entry
 * has _PAGE_USER, so when these L4 slots are copied into a guest's L4 the
 * guest (ring 3) cannot touch any of it. */
#include <parvus/frame_alloc.h>
#include <parvus/console.h>
#include <parvus/layout.h>
#include <parvus/string.h>
#include <arch/cpu.h>
#include <arch/machine.h>
#include <arch/paging.h>

#define LARGE_PAGE_SIZE	(2UL << 20)

static uint64_t *idle_l4;
extern char _text[], _etext[], _rodata[], _erodata[], _data[], _end[];

static uint64_t *alloc_table(void)
{
	uint64_t mfn = frame_alloc(&machine_frames);

	if (mfn == FRAME_NONE)
		panic("out of memory building the hypervisor page tables");
	memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
	return mfn_to_virt(mfn);
}

/* table_flags: extra bits for the upper-level entries on the way down
 * (_PAGE_USER only for the guest-readable M2P). */
static uint64_t *walk(uint64_t *table, uint64_t va, unsigned int shift,
		      uint64_t table_flags)
{
	uint64_t *e = &table[(va >> shift) & 511];

	if (!(*e & _PAGE_PRESENT))
		*e = virt_to_maddr(alloc_table()) | _PAGE_PRESENT | _PAGE_RW;
	*e |= table_flags;
	return maddr_to_virt(*e & PTE_ADDR_MASK);
}

static void map_4k(uint64_t va, uint64_t pa, uint64_t flags)
{
	uint64_t table_flags = flags & _PAGE_USER;
	uint64_t *l3 = walk(idle_l4, va, 39, table_flags);
	uint64_t *l2 = walk(l3, va, 30, table_flags);
	uint64_t *l1 = walk(l2, va, 21, table_flags);

	l1[(va >> 12) & 511] = pa | flags | _PAGE_PRESENT;
}

static void map_2m(uint64_t va, uint64_t pa, uint64_t flags)
{
	uint64_t *l3 = walk(idle_l4, va, 39, 0);
	uint64_t *l2 = walk(l3, va, 30, 0);

	l2[(va >> 21) & 511] = pa | flags | _PAGE_PRESENT | _PAGE_PSE;
}

static void map_image_range(const char *start, const char *end, uint64_t flags)
{
	for (uint64_t va = (uint64_t)start; va < (uint64_t)end; va += PAGE_SIZE)
		map_4k(va, va - HV_VIRT_BASE, flags);
}

void paging_init(const struct boot_info *bi)
{
	uint64_t nx = cpu_has_nx() ? _PAGE_NX : 0;

	idle_l4 = alloc_table();
	map_image_range(_text, _etext, 0);
	map_image_range(_rodata, _erodata, nx);
	map_image_range(_data, _end, _PAGE_RW | nx);
	for (unsigned int i = 0; i < bi->nr_ram; i++) {
		uint64_t pa = ROUND_DOWN(bi->ram[i].start, LARGE_PAGE_SIZE);

		for (; pa < bi->ram[i].end; pa += LARGE_PAGE_SIZE)
			if (pa < DIRECTMAP_END - DIRECTMAP_BASE)
				map_2m(DIRECTMAP_BASE + pa, pa, _PAGE_RW | nx);
	}
	paging_load_idle();
}

void paging_map_guest_readonly(uint64_t va, uint64_t mfn, uint64_t nr)
{
	uint64_t nx = cpu_has_nx() ? _PAGE_NX : 0;

	for (uint64_t i = 0; i < nr; i++)
		map_4k(va + i * PAGE_SIZE, (mfn + i) << PAGE_SHIFT,
		       _PAGE_USER | nx);
}

#define _PAGE_PWT 0x008UL
#define _PAGE_PCD 0x010UL

void paging_map_mmio(uint64_t va, uint64_t pa)
{
	map_4k(va, pa, _PAGE_RW | _PAGE_PCD | _PAGE_PWT |
	       (cpu_has_nx() ? _PAGE_NX : 0));
	invlpg(va);
}

volatile void *paging_map_mmio_window(uint64_t window, uint64_t pa)
{
	paging_map_mmio(window, pa & ~(uint64_t)(PAGE_SIZE - 1));
	return (volatile void *)(window + (pa & (PAGE_SIZE - 1)));
}

const uint64_t *paging_hv_l4_slots(void)
{
	return &idle_l4[HV_FIRST_L4_SLOT];
}

void paging_load_idle(void)
{
	write_cr3(virt_to_maddr(idle_l4));
}
