/* SPDX-License-Identifier: GPL-2.0-only */
/* layout: the domain as the builder hands it over, checked against Xen's
 * PV layout rules that Linux depends on (xen.h "Start-of-day memory
 * layout", libxenguest's order): pfn 0 at VIRT_BASE; kernel, p2m list,
 * start_info, xenstore and console pages, page tables, boot stack, in that
 * order; the region mapped on a 4 MiB boundary with at least 512 KiB to
 * spare; page tables read-only and everything else writable; a p2m and an
 * M2P that agree for every page; zeroed special pages; shared_info with
 * every vCPU's events masked. Built twice: the second time with an
 * INIT_P2M note, when the p2m list and its tables come last, outside the
 * bootstrap region, mapped at 512 GiB. */
#include "guest.h"

#define VIRT_BASE	0xffffffff80000000UL
#define M2P		((const uint64_t *)MACH2PHYS_VIRT_START)
#define MFN(e)		(((e) & 0x000ffffffffff000UL) >> 12)
#define PFN(va)		(((uint64_t)(va) - VIRT_BASE) >> 12)

extern char _start[];

static uint64_t l1e_of(uint64_t va)
{
	uint64_t mfn = ((const uint64_t *)start_info->mfn_list)[PFN(start_info->pt_base)];
	uint64_t e = 0;

	for (int shift = 39; shift >= 12; shift -= 9) {
		e = ((const uint64_t *)(VIRT_BASE + M2P[mfn] * 4096))[(va >> shift) & 511];
		if (!(e & 1))
			return 0;
		mfn = MFN(e);
	}
	return e;
}

void guest_main(void)
{
	const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;
	unsigned long nr = start_info->nr_pages, pt = PFN(start_info->pt_base);
	unsigned long p2m_pfn = PFN(start_info->mfn_list), si_pfn = PFN(start_info);
	unsigned long stack = pt + start_info->nr_pt_frames, mapped_end, bad = 0;
	const uint8_t *page;

	CHECK_EQ(PFN(_start), 0x100, "kernel at pfn 0x100 (physical 1 MiB)");
#ifdef INIT_P2M
	CHECK_EQ(start_info->mfn_list, 0x8000000000UL, "p2m list at the INIT_P2M address");
	CHECK_EQ(start_info->nr_p2m_frames, (nr * 8 + 4095) / 4096 + 3,
		 "nr_p2m_frames covers the list and its L3, L2, L1");
	(void)p2m_pfn;
#else
	CHECK_EQ(si_pfn, p2m_pfn + (nr * 8 + 4095) / 4096, "start_info follows the p2m");
	CHECK_EQ(start_info->nr_p2m_frames, 0, "no separate p2m");
#endif
	CHECK_EQ(M2P[start_info->store_mfn], si_pfn + 1, "xenstore page follows start_info");
	CHECK_EQ(M2P[start_info->console.domU.mfn], si_pfn + 2, "console page follows it");
	CHECK_EQ(pt, si_pfn + 3, "page tables follow the console page");
	CHECK_EQ(start_info->flags, 0, "no flags for a domU without a ramdisk");
	CHECK_EQ(start_info->store_evtchn, 0, "no xenstore event channel yet");

	/* The mapped region: everything up to a 4 MiB boundary with 512 KiB
	 * spare after the stack; nothing after it. */
	mapped_end = (stack + 1 + 128 + 1023) & ~1023UL;
#ifdef INIT_P2M
	CHECK_EQ(start_info->first_p2m_pfn, mapped_end, "the p2m frames follow the region");
#endif
	CHECK(l1e_of(VIRT_BASE + (mapped_end - 1) * 4096), "last page of the region mapped");
	CHECK(!l1e_of(VIRT_BASE + mapped_end * 4096), "nothing mapped past the region");
	for (unsigned long pfn = 0; pfn < mapped_end; pfn++) {
		uint64_t e = l1e_of(VIRT_BASE + pfn * 4096);
		bool is_pt = pfn >= pt && pfn < stack;

		if (MFN(e) != p2m[pfn] || !(e & 4) || !!(e & 2) == is_pt)
			bad++;
	}
	CHECK_EQ(bad, 0, "pages mapped 1:1 through the p2m, page tables read-only");
	for (unsigned long pfn = 0; pfn < nr; pfn++)
		if (M2P[p2m[pfn]] != pfn)
			bad++;
	CHECK_EQ(bad, 0, "the M2P inverts the p2m for every page");

	page = (const uint8_t *)(VIRT_BASE + (si_pfn + 1) * 4096);
	for (int i = 0; i < 8192; i++)
		bad += page[i] != 0;
	CHECK_EQ(bad, 0, "xenstore and console pages start zeroed");
	page = (const uint8_t *)(VIRT_BASE + (mapped_end - 1) * 4096);
	for (int i = 0; i < 4096; i++)
		bad += page[i] != 0;
	CHECK_EQ(bad, 0, "spare pages are zeroed");

	/* shared_info: mapped here only to look. */
	CHECK_EQ(HYPERVISOR_update_va_mapping(VIRT_BASE + (mapped_end - 1) * 4096,
					      start_info->shared_info | 5, UVMF_INVLPG), 0,
		 "map shared_info");
	for (int v = 0; v < XEN_LEGACY_MAX_VCPUS; v++)
		if (((const struct shared_info *)page)->vcpu_info[v].evtchn_upcall_mask != 1)
			bad++;
	CHECK_EQ(bad, 0, "events masked on every vCPU at start");
	CHECK_EQ(((const struct shared_info *)page)->vcpu_info[0].evtchn_upcall_pending, 0,
		 "nothing pending");
}
