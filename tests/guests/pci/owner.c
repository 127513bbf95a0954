/* SPDX-License-Identifier: GPL-2.0-only */
/* role=owner: the domain the manifest gave 00:04.0 and 00:05.0 (pci=).
 * Its memory map reserves the PCI hole; it maps its BARs uncached
 * (update_va_mapping, mmu_update, a trapped store, a pinned L1 of its
 * own) and reads the device through them; the MSI-X table page only
 * read-only (-EPERM); nothing of the unassigned 00:06.0 and no RAM with
 * PCD; its I/O BAR's ports for real and no others; no config space.
 * Then it meets the pciback domain (peer=), which has tried to move its
 * BARs over RAM meanwhile: the device is still where it was, and the RAM
 * it aimed at is still not device memory. */
#include "pci.h"
#include "events.h"
#include "trap_stubs.h"

#define M2P		((const uint64_t *)MACH2PHYS_VIRT_START)
#define NUM_QUEUES	0x12	/* virtio_pci_common_cfg.num_queues, at BAR4 + 0 */
#define DEVICE_STATUS	0x14	/* virtio_pci_common_cfg.device_status */
#define ACK_DRIVER	3	/* ACKNOWLEDGE | DRIVER */
#define UC		(PTE_PCD | PTE_PWT)

static uint64_t bar1, bar4;

static void check_memory_map(void)
{
	struct e820 e[4];

	CHECK_EQ(memory_map(e), 2, "memory map: RAM and the PCI hole");
	CHECK_EQ(e[0].addr, 0, "RAM from 0");
	CHECK_EQ(e[0].size, start_info->nr_pages << 12, "all of it");
	CHECK_EQ(e[0].type, 1, "RAM");
	CHECK(e[1].addr >= e[0].size && e[1].addr <= bar1, "the hole holds the BARs");
	CHECK_EQ(e[1].addr + e[1].size, 1UL << 32, "up to 4 GiB");
	CHECK_EQ(e[1].type, 2, "reserved");
	guest_printf("memory map: RAM 0x%lx, reserved 0x%lx-0xffffffff\n",
		     (unsigned long)e[0].size, (unsigned long)e[1].addr);
}

static uint16_t num_queues(int n)
{
	return *(volatile uint16_t *)((char *)spare_va(n) + NUM_QUEUES);
}

static volatile uint8_t *device_status(int n)
{
	return (volatile uint8_t *)((char *)spare_va(n) + DEVICE_STATUS);
}

static void check_bar_mapping(void)
{
	uint64_t e;
	unsigned int nq;

	CHECK_EQ(map_at(0, bar4, PTE_P | PTE_RW | PTE_A), 0, "map BAR4 writable");
	e = pt_get((uint64_t)spare_va(0), 1);
	CHECK_EQ(e & UC, UC, "the PTE is uncached (PCD|PWT)");
	CHECK_EQ(e >> 12 & 0xffffffffff, bar4 >> 12, "it maps BAR4");
	nq = num_queues(0);
	CHECK_EQ(nq, 1, "virtio common config: one queue");
	/* A dead instance (crash=1) left it ACKNOWLEDGE|DRIVER: the
	 * hypervisor's release must have reset it. */
	CHECK_EQ(*device_status(0), 0, "virtio device_status at start");
	guest_printf("virtio device_status %u at start\n", *device_status(0));
	CHECK_EQ(pt_set((uint64_t)spare_va(0), 1, bar4 | PTE_P | PTE_PAT), 0,
		 "mmu_update: write-combining asked, read-only");
	CHECK_EQ(pt_get((uint64_t)spare_va(0), 1) & (UC | PTE_RW), UC, "uncached all the same");
	CHECK_EQ(map_at(0, bar1, PTE_P | PTE_RW), -XEN_EPERM, "MSI-X table page writable");
	CHECK_EQ(pt_set((uint64_t)spare_va(0), 1, bar1 | PTE_P | PTE_RW), -XEN_EPERM,
		 "by mmu_update too");
	CHECK_EQ(map_at(0, bar1, PTE_P), 0, "MSI-X table page read-only");
	CHECK_EQ(*(volatile uint32_t *)((char *)spare_va(0) + 12) & 1, 1,
		 "MSI-X entry 0 is masked");
	guest_printf("BAR4 mapped uncached (PTE 0x%lx), num_queues %u; MSI-X page read-only\n",
		     (unsigned long)e, nq);
	unmap_at(0);
}

/* A trapped store into a live L1 (Linux's set_pte), both ways. */
static void check_ptwr(void)
{
	static struct trap_info table[] = {
		{ 14, 0, FLAT_KERNEL_CS, (unsigned long)stub_pf }, { 0 },
	};
	uint64_t va = (uint64_t)spare_va(0), before = fault_count;
	volatile uint64_t *pte = (volatile uint64_t *)(GUEST_VIRT_BASE +
		M2P[table_mfn(va, 1)] * 4096) + ((va >> 12) & 511);

	CHECK_EQ(hypercall5(__HYPERVISOR_set_trap_table, (long)table, 0, 0, 0, 0), 0, "trap table");
	CHECK_EQ(HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables), 0,
		 "writable page tables");
	*pte = bar4 | PTE_P | PTE_RW | PTE_A;
	CHECK_EQ(mmuext_on(MMUEXT_TLB_FLUSH_LOCAL, 0), 0, "flush");
	CHECK_EQ(*pte & UC, UC, "ptwr: uncached");
	CHECK_EQ(num_queues(0), 1, "ptwr: the device");
	EXPECT_FAULT_WITH("movq %%rbx, (%%rsi)", bar1 | PTE_P | PTE_RW, pte);
	CHECK_EQ(fault_count, before + 1, "ptwr: MSI-X writable is the guest's #PF");
	CHECK_EQ(*pte >> 12 & 0xffffffffff, bar4 >> 12, "and the entry is unchanged");
	unmap_at(0);
}

/* An L1 of our own with device entries, validated and devalidated. */
static void check_pinned_l1(void)
{
	uint64_t *t = spare_va(1), mfn = spare_mfn(1);

	memset(t, 0, 4096);
	t[0] = bar4 | PTE_P | PTE_RW;
	t[1] = bar1 | PTE_P;
	t[2] = (bar4 + 0x1000) | PTE_P | PTE_PCD;
	CHECK_EQ(map_at(1, mfn << 12, PTE_P | PTE_A), 0, "the L1 read-only");
	CHECK_EQ(mmuext_on(MMUEXT_PIN_L1_TABLE, mfn), 0, "pin an L1 with device entries");
	CHECK_EQ(t[0] & UC, UC, "validated uncached");
	CHECK_EQ(mmuext_on(MMUEXT_UNPIN_TABLE, mfn), 0, "unpin it");
	unmap_at(1);
	t[3] = bar1 | PTE_P | PTE_RW;
	CHECK_EQ(map_at(1, mfn << 12, PTE_P | PTE_A), 0, "the L1 read-only");
	CHECK_EQ(mmuext_on(MMUEXT_PIN_L1_TABLE, mfn), -XEN_EPERM, "MSI-X writable in an L1");
	unmap_at(1);
	memset(t, 0, 4096);
}

/* A frame of another domain's: named in the M2P (every guest reads it)
 * but not ours. */
static uint64_t neighbour_mfn(void)
{
	const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;
	long max = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);

	for (long mfn = 0; mfn <= max; mfn++) {
		uint64_t pfn = M2P[mfn];

		if (pfn != ~0UL && (pfn >= start_info->nr_pages || p2m[pfn] != (uint64_t)mfn))
			return (uint64_t)mfn;
	}
	guest_fail("no neighbour's frame in the M2P");
	return 0;
}

static void check_refusals(void)
{
	uint64_t theirs = neighbour_mfn() << 12;

	uint64_t other = hex_arg("other"), own = spare_mfn(2) << 12;

	CHECK_EQ(map_at(0, other, PTE_P), -XEN_EINVAL, "00:06.0 is nobody's");
	CHECK_EQ(map_at(0, other, PTE_P | UC), -XEN_EINVAL, "uncached either");
	CHECK_EQ(map_at(0, bar4 + 0x4000 * 2, PTE_P), -XEN_EINVAL, "past our BARs");
	CHECK_EQ(map_at(0, own, PTE_P | PTE_PCD), -XEN_EINVAL, "our own RAM with PCD");
	CHECK_EQ(map_at(0, own, PTE_P | PTE_PWT), -XEN_EINVAL, "our own RAM with PWT");
	CHECK_EQ(map_at(0, theirs, PTE_P | PTE_PCD), -XEN_EINVAL, "a neighbour's RAM with PCD");
	CHECK_EQ(map_at(0, theirs, PTE_P | UC | PTE_RW), -XEN_EINVAL, "uncached and writable");
	CHECK_EQ(map_at(0, theirs, PTE_P), -XEN_EBUSY, "or plain (as always)");
	CHECK_EQ(map_at(0, 0x100000, PTE_P | UC), -XEN_EINVAL, "the machine's RAM with PCD");
	CHECK(map_at(0, 0x100000, PTE_P) < 0, "or without");
	CHECK_EQ(conf_read(DEV_A, 0, 4), ONES, "no config space for the owner");
}

static void check_ports(void)
{
	uint16_t io = (uint16_t)hex_arg("io");
	uint32_t features = port_in(io, 4);

	CHECK(features != ONES && features != 0, "legacy virtio host features 0x%x", features);
	port_out(io + 0x0e, 2, 0);	/* queue select 0 */
	CHECK(port_in(io + 0x0c, 2) != 0 && port_in(io + 0x0c, 2) != 0xffff,
	      "queue 0's size through the I/O BAR");
	CHECK_EQ(port_in(io + 0x20, 4), ONES, "the port past our BAR (IDE's) is not ours");
	CHECK_EQ(port_in(io - 1, 1), 0xff, "nor the one before");
	CHECK_EQ(port_in(io + 0x1e, 4), ONES, "a dword running past the BAR");
	guest_printf("I/O BAR 0x%x: host features 0x%x\n", io, features);
}

/* After the pciback domain's attempts: nothing moved. */
static void check_after_pciback(void)
{
	struct evtchn_send done = { events_bind_offered_port((domid_t)guest_arg_number("peer", 0)) };

	CHECK_EQ(evtchn_op(EVTCHNOP_send, &done), 0, "tell the pciback domain");
	CHECK_EQ(map_at(0, bar4, PTE_P | PTE_A), 0, "BAR4 again");
	CHECK_EQ(num_queues(0), 1, "the device is still at BAR4");
	CHECK_EQ(map_at(0, 0x100000, PTE_P | UC), -XEN_EINVAL, "1 MiB is still RAM");
	CHECK_EQ(map_at(0, 0x200000, PTE_P | UC), -XEN_EINVAL, "2 MiB is still RAM");
	unmap_at(0);
	guest_printf("after the pciback domain: BARs where they were\n");
}

/* crash=1: dies with device memory mapped, by a pinned L1 and by the
 * bootstrap L1 (teardown must free every frame and touch no device
 * frame's bookkeeping), and the virtio device started (ACKNOWLEDGE |
 * DRIVER), which the next instance must find reset. */
static void die_with_mappings(void)
{
	uint64_t *t = spare_va(1), mfn = spare_mfn(1);

	memset(t, 0, 4096);
	t[0] = bar4 | PTE_P | PTE_RW;
	t[1] = bar1 | PTE_P;
	CHECK_EQ(map_at(1, mfn << 12, PTE_P | PTE_A), 0, "the L1 read-only");
	CHECK_EQ(mmuext_on(MMUEXT_PIN_L1_TABLE, mfn), 0, "pin an L1 with device entries");
	CHECK_EQ(map_at(0, bar4, PTE_P | PTE_RW | PTE_A), 0, "BAR4 mapped");
	*device_status(0) = ACK_DRIVER;
	CHECK_EQ(*device_status(0), ACK_DRIVER, "virtio device_status set");
	guest_printf("dying with device memory mapped (failures so far: %u)\n",
		     guest_failures());
	HYPERVISOR_shutdown(SHUTDOWN_crash);
}

void owner_main(void)
{
	bar1 = hex_arg("bar1");
	bar4 = hex_arg("bar4");
	check_memory_map();
	check_bar_mapping();
	check_ptwr();
	check_pinned_l1();
	check_refusals();
	check_ports();
	check_after_pciback();
	if (guest_arg_number("crash", 0))
		die_with_mappings();
}
