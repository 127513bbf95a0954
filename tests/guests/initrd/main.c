/* SPDX-License-Identifier: GPL-2.0-only */
/* initrd: the ramdisk (second boot module) as start_info describes it.
 * Without a MOD_START_PFN note it is mapped right after the kernel and
 * mod_start is its address; with the note (Linux's choice) it sits in the
 * pfns after the mapped region, mod_start is its first pfn and
 * SIF_MOD_START_PFN is set. Either way every byte must arrive: the test
 * ramdisk is "PARVUS-RAMDISK-" repeated, len=N bytes (command line). */
#include "guest.h"

#define VIRT_BASE 0xffffffff80000000UL

static const char pattern[] = "PARVUS-RAMDISK-";

/* Maps pseudo-physical page pfn at a spare page of ours. */
static const uint8_t *map_pfn(unsigned long pfn)
{
	unsigned long spare = ((start_info->pt_base - VIRT_BASE) >> 12) + start_info->nr_pt_frames + 8;
	uint64_t va = VIRT_BASE + spare * 4096;
	uint64_t mfn = ((const uint64_t *)start_info->mfn_list)[pfn];

	if (HYPERVISOR_update_va_mapping(va, mfn << 12 | 5, UVMF_INVLPG))
		guest_fail("cannot map pfn %lu", pfn);
	return (const uint8_t *)va;
}

static uint8_t ramdisk_byte(uint64_t i)
{
	static const uint8_t *page;
	static unsigned long mapped = ~0UL;

	if (!(start_info->flags & SIF_MOD_START_PFN))
		return ((const uint8_t *)start_info->mod_start)[i];
	if (mapped != start_info->mod_start + i / 4096) {
		mapped = start_info->mod_start + i / 4096;
		page = map_pfn(mapped);
	}
	return page[i % 4096];
}

void guest_main(void)
{
	char value[16];
	uint64_t len = 0, bad = 0;
	bool by_pfn;

	CHECK(guest_arg("len", value, sizeof(value)), "len= missing from the command line");
	for (char *p = value; *p; p++)
		len = len * 10 + (*p - '0');
	by_pfn = guest_arg("by-pfn", value, sizeof(value));
	CHECK_EQ(start_info->mod_len, len, "mod_len is the ramdisk's size");
	CHECK_EQ(!!(start_info->flags & SIF_MOD_START_PFN), by_pfn,
		 "SIF_MOD_START_PFN as the MOD_START_PFN note asks");
	if (by_pfn)
		CHECK(start_info->mod_start * 4096 >= start_info->pt_base - VIRT_BASE,
		      "an unmapped ramdisk lies after the bootstrap region");
	else
		CHECK(start_info->mod_start >= VIRT_BASE, "a mapped ramdisk has an address");
	for (uint64_t i = 0; i < start_info->mod_len; i++)
		if (ramdisk_byte(i) != (uint8_t)pattern[i % (sizeof(pattern) - 1)])
			bad++;
	CHECK_EQ(bad, 0, "ramdisk bytes that differ");
	guest_printf("ramdisk of %lu bytes checked (%s)\n", (unsigned long)len,
		     by_pfn ? "by pfn" : "mapped");
}
