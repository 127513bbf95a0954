/* SPDX-License-Identifier: GPL-2.0-only */
/* HYPERVISOR_memory_op (xen/memory.h, XENMEM_*): what a PV guest learns
 * about memory: its pseudo-physical map, its reservation, and where the
 * read-only M2P table is. Semantics follow Xen's do_memory_op and
 * arch_memory_op. Changing the reservation is in memory_reservation.c
 * (increase_reservation is not there yet and says so), trading frames for
 * contiguous ones in memory_exchange.c. */
#include <parvus/hypercall.h>
#include <parvus/hypercall_dispatch.h>
#include "memory_op.h"
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/machine_mm.h>
#include <parvus/pci.h>
#include <parvus/xen.h>
#include <xen/memory.h>

#define M2P_CHUNK_FRAMES 512	/* the list describes the M2P in 2 MiB pieces */

/* A domU's memory map, as libxl gives a PV guest: one RAM range covering
 * its pseudo-physical memory; for a domain with PCI devices, the host's
 * PCI hole below 4 GiB reserved too (pci_domain_memory_map), so its
 * kernel keeps the BARs' addresses out of RAM. As Xen, a buffer too short
 * gets the first entries. */
static long memory_map(struct domain *d, uint64_t arg)
{
	struct xen_memory_map map;
	struct e820_entry e[PCI_MEMMAP_MAX];
	unsigned int n = pci_domain_memory_map(d, e);

	if (copy_from_guest(&map, arg, sizeof(map)))
		return -XEN_EFAULT;
	if (map.nr_entries < 1)
		return -XEN_EINVAL;
	n = MIN(n, map.nr_entries);
	if (copy_to_guest((uint64_t)map.buffer.p, e, n * sizeof(e[0])))
		return -XEN_EFAULT;
	map.nr_entries = n;
	return copy_to_guest(arg, &map, sizeof(map)) ? -XEN_EFAULT : 0;
}

static long machphys_mapping(uint64_t arg)
{
	xen_machphys_mapping_t m = {
		.v_start = MACH2PHYS_VIRT_START,
		.v_end = MACH2PHYS_VIRT_START + machine_mm.nr_frames * sizeof(uint64_t),
		.max_mfn = machine_mm.nr_frames - 1,
	};

	return copy_to_guest(arg, &m, sizeof(m)) ? -XEN_EFAULT : 0;
}

static long machphys_mfn_list(uint64_t arg)
{
	xen_machphys_mfn_list_t list;
	uint64_t chunks = DIV_ROUND_UP(machine_mm.nr_frames * sizeof(uint64_t),
				       PAGE_SIZE * M2P_CHUNK_FRAMES);
	unsigned int i;

	if (copy_from_guest(&list, arg, sizeof(list)))
		return -XEN_EFAULT;
	for (i = 0; i < list.max_extents && i < chunks; i++) {
		xen_pfn_t mfn = m2p_first_mfn + (uint64_t)i * M2P_CHUNK_FRAMES;
		if (copy_to_guest((uint64_t)list.extent_start.p + i * sizeof(mfn),
				  &mfn, sizeof(mfn)))
			return -XEN_EFAULT;
	}
	list.nr_extents = i;
	return copy_to_guest(arg, &list, sizeof(list)) ? -XEN_EFAULT : 0;
}

/* Reservation queries name a domain; an unprivileged guest may ask only
 * about itself. */
static long reservation(struct domain *d, uint64_t arg, unsigned int op)
{
	struct xen_memory_domain md;

	if (copy_from_guest(&md, arg, sizeof(md)))
		return -XEN_EFAULT;
	if (md.domid != DOMID_SELF && md.domid != d->domid)
		return -XEN_EPERM;
	if (op == XENMEM_maximum_gpfn)
		return d->max_pages - 1;
	return op == XENMEM_maximum_reservation ? d->max_pages : d->nr_pages;
}

long do_memory_op(struct vcpu *v, uint64_t cmd, uint64_t arg,
		  uint64_t a3, uint64_t a4, uint64_t a5)
{
	unsigned int op = (unsigned int)cmd & MEMOP_CMD_MASK;

	switch (op) {
	case XENMEM_memory_map:
		return memory_map(v->domain, arg);
	case XENMEM_machphys_mapping:
		return machphys_mapping(arg);
	case XENMEM_machphys_mfn_list:
		return machphys_mfn_list(arg);
	case XENMEM_maximum_ram_page:
		return machine_mm.nr_frames - 1;
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		return memory_reservation(v, op, cmd, arg);
	case XENMEM_exchange:
		return memory_exchange(v, cmd, arg);
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENMEM_maximum_gpfn:
		return reservation(v->domain, arg, op);
	default:
		return hypercall_nosys(v, __HYPERVISOR_memory_op, op);
	}
}
