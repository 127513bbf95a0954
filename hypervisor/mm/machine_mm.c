/* SPDX-License-Identifier: GPL-2.0-only */
/* Per-frame bookkeeping for all machine memory: one struct page_info per
 * frame for the page-type engine, and the M2P table. The M2P is written by
 * the hypervisor through the direct map and mapped read-only (and user
 * accessible) at MACH2PHYS_VIRT_START in L4 slot 256, which every guest L4
 * carries: Linux reads it for every pte_val(). */
#include <parvus/machine_mm.h>
#include <parvus/frame_alloc.h>
#include <parvus/console.h>
#include <parvus/layout.h>
#include <parvus/string.h>
#include <parvus/xen.h>
#include <parvus/perf_counters.h>
#include <parvus/pci.h>
#include <arch/cpu.h>
#include <arch/paging.h>

struct mm machine_mm;
uint64_t *m2p;
uint64_t m2p_first_mfn;

static void *map_via_directmap(void *ctx, uint64_t mfn)
{
	(void)ctx;
	return mfn_to_virt(mfn);
}

static const struct boot_info *boot_ram;

/* A frame with any byte of RAM in it (the loader's memory map): never
 * device memory. A few regions, so a scan. */
static bool frame_is_ram(uint64_t mfn)
{
	uint64_t start = mfn << PAGE_SHIFT;

	for (unsigned int i = 0; i < boot_ram->nr_ram; i++)
		if (boot_ram->ram[i].start < start + PAGE_SIZE && start < boot_ram->ram[i].end)
			return true;
	return false;
}

/* (A local function: the address of one in another file would need a
 * GOT entry, which this image does not have.) */
static int mmio_access(unsigned int d, uint64_t mfn)
{
	return pci_frame_access(d, mfn);
}

static uint64_t alloc_zeroed(uint64_t bytes, const char *what)
{
	uint64_t n = DIV_ROUND_UP(bytes, PAGE_SIZE);
	uint64_t mfn = frame_alloc_contig(&machine_frames, n);

	if (mfn == FRAME_NONE)
		panic("no %lu contiguous frames for the %s", (unsigned long)n, what);
	memset(mfn_to_virt(mfn), 0, n * PAGE_SIZE);
	return mfn;
}

void machine_mm_init(const struct boot_info *bi)
{
	uint64_t top = 0, nr, m2p_mfn;

	for (unsigned int i = 0; i < bi->nr_ram; i++)
		top = MAX(top, bi->ram[i].end);
	nr = MIN(top >> PAGE_SHIFT, machine_frames.nr_frames);
	machine_mm.nr_frames = nr;
	machine_mm.pages = mfn_to_virt(alloc_zeroed(nr * sizeof(struct page_info),
						    "page_info array"));
	machine_mm.map = map_via_directmap;
	machine_mm.hv_l4_slots = paging_hv_l4_slots();
	machine_mm.preemptible = true;	/* no unbounded work with interrupts off */
	boot_ram = bi;
	machine_mm.is_ram = frame_is_ram;
	machine_mm.mmio_access = mmio_access;
	m2p_mfn = m2p_first_mfn = alloc_zeroed(nr * sizeof(uint64_t),
						"M2P table");
	m2p = mfn_to_virt(m2p_mfn);
	memset(m2p, 0xff, nr * sizeof(uint64_t));	/* all M2P_INVALID */
	paging_map_guest_readonly(MACH2PHYS_VIRT_START, m2p_mfn,
				  DIV_ROUND_UP(nr * sizeof(uint64_t), PAGE_SIZE));
}

void machine_mm_assign(uint64_t mfn, unsigned int d, uint64_t pfn)
{
	machine_mm.pages[mfn] = (struct page_info){ .owner = d };
	m2p[mfn] = pfn;
}

/* The frame changes owner: its old owner's TLB entries must go before
 * it can be reached by anyone else. */
void machine_mm_reclaim(uint64_t mfn)
{
	machine_mm.pages[mfn] = (struct page_info){ 0 };
	m2p[mfn] = M2P_INVALID;
	machine_mm.flush_needed = true;
}

/* Scrubbed before it is free again: whatever its owner left there must
 * not outlive it (allocation zeroes too; this keeps free memory clean). */
void machine_mm_free_frame(uint64_t mfn)
{
	memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
	machine_mm_reclaim(mfn);
	frame_free(&machine_frames, mfn);
}

void machine_mm_new_step(void)
{
	machine_mm.work_left = MM_WORK_BUDGET;
}

bool machine_mm_pay_owed(unsigned int d)
{
	if (page_types_drain(&machine_mm, d))
		return true;
	perfc_event(PERFC_PT_PREEMPTED);
	return false;
}

void machine_mm_flush_if_needed(void)
{
	if (machine_mm.flush_needed) {
		machine_mm.flush_needed = false;
		flush_tlb_local();
	}
}
