/* SPDX-License-Identifier: GPL-2.0-only */
/* role=pciback: the config space of the assigned devices through the
 * hypervisor's conf1 filter. Reads pass; BAR sizing works and leaves the
 * BAR as it was; moving a BAR (over RAM), the ROM BAR, MSI-X control
 * and the MSI-X table's place are the hypervisor's; unassigned slots,
 * a disabled latch and misaligned accesses read all-ones. When done, it
 * offers the owner (peer=) an event channel: the owner then checks that
 * none of this moved its device. */
#include "pci.h"
#include "events.h"

static void check_reads(uint32_t bar1, uint32_t bar4)
{
	CHECK_EQ(conf_read(DEV_A, 0, 4), 0x10441af4, "00:04.0 vendor:device");
	CHECK_EQ(conf_read(DEV_A, 2, 2), 0x1044, "device ID by a word at 0xcfe");
	CHECK_EQ(conf_read(DEV_A, 0, 1), 0xf4, "a byte");
	CHECK_EQ(conf_read(DEV_A, 0x0e, 1), 0, "header type 0");
	CHECK_EQ(port_in(0xcf8, 4), 0x80000000u | DEV_A << 8 | 0x0c, "the latch reads back");
	CHECK_EQ(conf_read(DEV_B, 0, 4), 0x10051af4, "00:05.0 vendor:device");
	CHECK_EQ(conf_read(DEV_A, 0x14, 4), bar1, "BAR1 (as the case expects)");
	CHECK_EQ(conf_read(DEV_A, 0x20, 4), bar4 | 0xc, "BAR4: 64-bit prefetchable memory");
	CHECK_EQ(conf_read(DEV_A, 0x24, 4), 0, "BAR4's upper half");
	guest_printf("00:04.0 %08x BAR1 %08x BAR4 %08x\n", conf_read(DEV_A, 0, 4),
		     conf_read(DEV_A, 0x14, 4), conf_read(DEV_A, 0x20, 4));
}

static void check_sizing(uint32_t bar1, uint32_t bar4)
{
	conf_write(DEV_A, 0x14, 4, ONES);
	CHECK_EQ(conf_read(DEV_A, 0x14, 4), 0xfffff000, "BAR1 sizes to 4 KiB");
	conf_write(DEV_A, 0x14, 4, bar1);
	CHECK_EQ(conf_read(DEV_A, 0x14, 4), bar1, "BAR1 back");
	conf_write(DEV_A, 0x20, 4, ONES);
	conf_write(DEV_A, 0x24, 4, ONES);
	CHECK_EQ(conf_read(DEV_A, 0x20, 4), 0xffffc00c, "BAR4 sizes to 16 KiB");
	CHECK_EQ(conf_read(DEV_A, 0x24, 4), ONES, "its upper half");
	conf_write(DEV_A, 0x20, 4, bar4 | 0xc);
	conf_write(DEV_A, 0x24, 4, 0);
	CHECK_EQ(conf_read(DEV_A, 0x20, 4), bar4 | 0xc, "BAR4 back");
	CHECK_EQ(conf_read(DEV_A, 0x24, 4), 0, "BAR4's upper half back");
	guest_printf("BAR1 sized 0x1000, BAR4 0x4000, both unchanged\n");
}

static uint8_t find_cap(uint8_t devfn, uint8_t id)
{
	uint8_t cap = (uint8_t)conf_read(devfn, 0x34, 1);

	for (int n = 0; cap && n < 48; n++) {
		if (conf_read(devfn, cap, 1) == id)
			return cap;
		cap = (uint8_t)conf_read(devfn, cap + 1, 1);
	}
	return 0;
}

/* The moves a hostile pciback domain would make. */
static void check_refused_writes(uint32_t bar1, uint32_t bar4)
{
	uint32_t rom = conf_read(DEV_A, 0x30, 4), ctrl, table;
	uint8_t msix = find_cap(DEV_A, 0x11);

	conf_write(DEV_A, 0x14, 4, 0x00100000);		/* BAR1 over RAM at 1 MiB */
	conf_write(DEV_A, 0x20, 4, 0x0020000c);		/* BAR4 over RAM at 2 MiB */
	conf_write(DEV_A, 0x24, 4, 1);			/* or above 4 GiB */
	conf_write(DEV_A, 0x16, 2, 0x0010);		/* half a BAR */
	conf_write(DEV_A, 0x30, 4, 0x00100001);		/* the ROM over RAM, enabled */
	CHECK_EQ(conf_read(DEV_A, 0x14, 4), bar1, "BAR1 not moved");
	CHECK_EQ(conf_read(DEV_A, 0x20, 4), bar4 | 0xc, "BAR4 not moved");
	CHECK_EQ(conf_read(DEV_A, 0x24, 4), 0, "BAR4 not moved up");
	CHECK_EQ(conf_read(DEV_A, 0x30, 4), rom, "ROM BAR unchanged");
	CHECK(msix != 0, "00:04.0 has MSI-X");
	ctrl = conf_read(DEV_A, msix + 2, 2);
	table = conf_read(DEV_A, msix + 4, 4);
	conf_write(DEV_A, msix + 2, 2, ctrl | 0xc000);	/* enable + mask all */
	conf_write(DEV_A, msix + 4, 4, table + 0x800);	/* the table elsewhere */
	conf_write(DEV_A, msix, 4, ONES);
	CHECK_EQ(conf_read(DEV_A, msix + 2, 2), ctrl, "MSI-X control unchanged");
	CHECK_EQ(conf_read(DEV_A, msix + 4, 4), table, "MSI-X table unchanged");
	guest_printf("BAR, ROM and MSI-X writes dropped (MSI-X at 0x%x, control 0x%x)\n",
		     msix, ctrl);
}

static void check_command_passes(void)
{
	uint32_t cmd = conf_read(DEV_A, 4, 2);

	conf_write(DEV_A, 4, 2, cmd ^ 0x4);
	CHECK_EQ(conf_read(DEV_A, 4, 2), cmd ^ 0x4, "command register: bus master toggles");
	conf_write(DEV_A, 4, 2, cmd);
	CHECK_EQ(conf_read(DEV_A, 4, 2), cmd, "and back");
	/* Left on: the owner's teardown must turn it off (the case reads the
	 * hypervisor's log). */
	conf_write(DEV_A, 4, 2, cmd | 0x4);
	CHECK_EQ(conf_read(DEV_A, 4, 2) & 0x4, 0x4, "bus mastering on");
}

static void check_out_of_reach(void)
{
	struct e820 e[4];

	CHECK_EQ(conf_read(DEV_U, 0, 4), ONES, "unassigned 00:06.0");
	CHECK_EQ(conf_read(0x00, 0, 4), ONES, "the host bridge");
	CHECK_EQ(conf_read(0x08, 0, 2), 0xffff, "the ISA bridge");
	port_out(0xcf8, 4, DEV_A << 8);			/* enable bit clear */
	CHECK_EQ(port_in(0xcfc, 4), ONES, "a disabled latch");
	port_out(0xcf8, 4, 0x81000000u | DEV_A << 8);	/* extended register bits */
	CHECK_EQ(port_in(0xcfc, 4), ONES, "extended register bits");
	port_out(0xcf8, 4, 0x80000000u | DEV_A << 8);
	CHECK_EQ(port_in(0xcfd, 2), 0xffff, "a misaligned word");
	CHECK_EQ(port_in(0xcfe, 4), ONES, "a misaligned dword");
	CHECK_EQ(port_in(0xcfc, 2), 0x1af4, "the aligned word");
	port_out(0xcf9, 1, 0);				/* not the latch */
	CHECK_EQ(port_in(0xcf8, 4), 0x80000000u | DEV_A << 8, "latch unchanged");
	CHECK_EQ(map_at(0, hex_arg("bar4"), PTE_P | PTE_RW), -XEN_EINVAL,
		 "config access is not device memory");
	CHECK_EQ(memory_map(e), 1, "memory map: RAM only");
}

/* Offers the owner a port, and waits until the owner, having bound it,
 * sends on it: the pending bit stays even if the owner has ended since. */
static void hand_over(domid_t owner)
{
	struct evtchn_alloc_unbound a = { DOMID_SELF, owner, 0 };
	struct sched_poll poll = { .nr_ports = 1, .timeout = 0 };

	CHECK_EQ(evtchn_op(EVTCHNOP_alloc_unbound, &a), 0, "offer the owner a port");
	set_xen_guest_handle(poll.ports, &a.port);
	CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), 0, "the owner's event");
}

void pciback_main(void)
{
	uint32_t bar1 = (uint32_t)hex_arg("bar1"), bar4 = (uint32_t)hex_arg("bar4");

	check_reads(bar1, bar4);
	check_sizing(bar1, bar4);
	check_refused_writes(bar1, bar4);
	check_command_passes();
	check_out_of_reach();
	hand_over((domid_t)guest_arg_number("peer", 0));
}
