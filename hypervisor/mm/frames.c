/* SPDX-License-Identifier: GPL-2.0-only */
/* Sets up the machine frame allocator from the boot memory map. Frames
 * below 1 MiB (BIOS, real-mode structures), the hypervisor image, the
 * loader's information and every boot module stay reserved. */
#include <parvus/frame_alloc.h>
#include <parvus/boot_info.h>
#include <parvus/console.h>
#include <parvus/layout.h>

/* Up to 16 GiB of machine memory: 4M frames, a 512 KiB bitmap. Memory above
 * is reported and left unused. */
#define MAX_FRAMES	(16UL << (30 - PAGE_SHIFT))
#define LOW_MEMORY_END	0x100000

static uint64_t frame_bitmap[MAX_FRAMES / 64];
struct frame_allocator machine_frames;
extern char _end[];

void frames_init(const struct boot_info *bi);
void frames_init(const struct boot_info *bi)
{
	struct frame_allocator *fa = &machine_frames;
	uint64_t top = 0;

	frame_alloc_init(fa, frame_bitmap, MAX_FRAMES);
	for (unsigned int i = 0; i < bi->nr_ram; i++) {
		frame_alloc_add_range(fa, bi->ram[i].start, bi->ram[i].end);
		top = MAX(top, bi->ram[i].end);
	}
	frame_alloc_reserve_range(fa, 0, LOW_MEMORY_END);
	frame_alloc_reserve_range(fa, HV_PHYS_BASE, virt_to_maddr(_end));
	frame_alloc_reserve_range(fa, bi->info_start, bi->info_end);
	for (unsigned int i = 0; i < bi->nr_modules; i++)
		frame_alloc_reserve_range(fa, bi->modules[i].start,
					  bi->modules[i].end);
	if (top > MAX_FRAMES * PAGE_SIZE)
		printk("parvus: ignoring memory above %lu GiB\n",
		       (unsigned long)(MAX_FRAMES * PAGE_SIZE >> 30));
	printk("parvus: %lu MiB of RAM free for guests and the hypervisor\n",
	       (unsigned long)(fa->nr_free >> (20 - PAGE_SHIFT)));
}
