/* SPDX-License-Identifier: GPL-2.0-only */
/* A virtio PCI device reset, for pci_release: writing 0 to device_status
 * in the virtio 1.0 common configuration (virtio spec 4.1.4.3) stops the
 * device and forgets its queues, so a DMA address the dead owner left
 * in it cannot be used once the next owner turns bus mastering back on
 * (QEMU models neither FLR nor a D3hot reset for these devices). The
 * register is mapped uncached at its own scratch window; one CPU. */
#include <parvus/pci.h>
#include <parvus/layout.h>
#include <arch/paging.h>

#define RESET_WINDOW_VIRT	(LAPIC_VIRT + 2 * PAGE_SIZE)
#define VIRTIO_DEVICE_STATUS	20	/* u8 in struct virtio_pci_common_cfg */

int arch_virtio_reset(const struct pci_dev *d)
{
	const struct pci_bar *bar = &d->bars[d->virtio_common_bar];
	uint64_t pa = bar->base + d->virtio_common_off + VIRTIO_DEVICE_STATUS;
	volatile uint8_t *status;

	if (!bar->present || bar->is_io || !bar->base ||
	    (uint64_t)d->virtio_common_off + VIRTIO_DEVICE_STATUS >= bar->size)
		return -1;
	status = paging_map_mmio_window(RESET_WINDOW_VIRT, pa);
	*status = 0;
	/* The spec's driver waits for 0 to read back: the reset is done. */
	for (unsigned int i = 0; i < 1000000 && *status; i++)
		;
	return *status;
}
