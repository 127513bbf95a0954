/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's virtual address layout. Everything lives in the L4 slots
 * Xen reserves for the hypervisor (256..271, __HYPERVISOR_VIRT_START ..
 * __HYPERVISOR_VIRT_END), which every guest L4 also carries, so that ring-0
 * entry works whatever CR3 the guest has loaded. Included from assembly too.
 *
 *   slot 256  0xffff800000000000  read-only machine-to-phys table
 *   slot 260  0xffff820000000000  device MMIO (the local APIC)
 *   slot 261  0xffff828000000000  hypervisor image, at HV_VIRT_BASE + phys
 *   slot 262+ 0xffff830000000000  direct map of all machine memory (NX)
 */
#ifndef PARVUS_LAYOUT_H
#define PARVUS_LAYOUT_H

#define HV_FIRST_L4_SLOT	256
#define HV_LAST_L4_SLOT		271
#define LAPIC_VIRT		0xffff820000000000	/* slot 260: device MMIO */
#define HV_VIRT_BASE		0xffff828000000000
#define HV_PHYS_BASE		0x200000
#define DIRECTMAP_BASE		0xffff830000000000
#define DIRECTMAP_END		0xffff880000000000

/* Selectors in the hypervisor's reserved GDT page (page 14, entries
 * 7168..), laid out as Xen does so that FLAT_RING3_* from the public headers
 * name real descriptors. SYSRET derives CS/SS from STAR, which needs
 * CS32 (0xe023), DS (0xe02b) and CS64 (0xe033) to be consecutive. */
#define HV_CS			0xe008
#define HV_DS			0xe010
#define HV_TSS			0xe040
#define HV_LDT			0xe050
#define LDT_MAX_ENTRIES		8192
#define GDT_FIRST_RESERVED_ENTRY 7168
#define GDT_NR_ENTRIES		(GDT_FIRST_RESERVED_ENTRY + 512)
#define GDT_MAX_GUEST_FRAMES	14	/* pages of guest descriptors */

#ifndef __ASSEMBLER__
#include <parvus/types.h>

static inline void *maddr_to_virt(uint64_t maddr)
{
	return (void *)(uintptr_t)(DIRECTMAP_BASE + maddr);
}

static inline void *mfn_to_virt(uint64_t mfn)
{
	return maddr_to_virt(mfn << PAGE_SHIFT);
}

static inline uint64_t virt_to_maddr(const void *va)
{
	uintptr_t v = (uintptr_t)va;

	if (v >= HV_VIRT_BASE && v < DIRECTMAP_BASE)
		return v - HV_VIRT_BASE;
	return v - DIRECTMAP_BASE;
}
#endif

#endif
