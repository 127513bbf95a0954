/* SPDX-License-Identifier: GPL-2.0-only */
/* PCI assignment's pure rules: the range sets of a domain's frames and
 * ports, BDF parsing, conf1 decoding, the pciback domain's config filter
 * (every refused register, BAR sizing, access sizes and alignment)
 * against a fake device, assignment checks, MSI-X frames and the memory
 * map of a device owner. */
#include "unit.h"
#include <parvus/pci.h>
#include <parvus/boot_info.h>

/* ---- range sets ---- */

Test(rangeset, add_merges_and_sorts)
{
	struct rangeset s = { 0 };

	cr_assert_eq(rangeset_add(&s, 10, 19), 0);
	cr_assert_eq(rangeset_add(&s, 30, 39), 0);
	cr_assert_eq(rangeset_add(&s, 0, 4), 0);
	cr_assert_eq(s.nr, 3);
	cr_assert_eq(s.r[0].first, 0);
	cr_assert_eq(s.r[1].first, 10);
	cr_assert_eq(s.r[2].first, 30);
	cr_assert_eq(rangeset_add(&s, 20, 29), 0, "adjacent on both sides");
	cr_assert_eq(s.nr, 2);
	cr_assert_eq(s.r[1].first, 10);
	cr_assert_eq(s.r[1].last, 39);
	cr_assert_eq(rangeset_add(&s, 3, 12), 0, "overlapping two");
	cr_assert_eq(s.nr, 1);
	cr_assert_eq(s.r[0].first, 0);
	cr_assert_eq(s.r[0].last, 39);
	cr_assert_eq(rangeset_add(&s, 5, 4), -1, "first > last");
	cr_assert_eq(s.nr, 1);
}

Test(rangeset, contains_and_overlaps)
{
	struct rangeset s = { 0 };

	rangeset_add(&s, 0xfebf4, 0xfebf7);
	rangeset_add(&s, 0xfebfe, 0xfebfe);
	cr_assert(rangeset_contains(&s, 0xfebf4, 0xfebf7));
	cr_assert(rangeset_contains(&s, 0xfebfe, 0xfebfe));
	cr_assert_not(rangeset_contains(&s, 0xfebf3, 0xfebf4), "starts outside");
	cr_assert_not(rangeset_contains(&s, 0xfebf7, 0xfebf8), "ends outside");
	cr_assert_not(rangeset_contains(&s, 0xfebf7, 0xfebfe), "spans a gap");
	cr_assert_not(rangeset_contains(&s, 0xfebf5, 0xfebf4), "empty");
	cr_assert(rangeset_overlaps(&s, 0xfebf0, 0xfebf4));
	cr_assert_not(rangeset_overlaps(&s, 0xfebf8, 0xfebfd));
	rangeset_clear(&s);
	cr_assert_not(rangeset_overlaps(&s, 0, UINT64_MAX));
}

Test(rangeset, extremes_and_full)
{
	struct rangeset s = { 0 };

	cr_assert_eq(rangeset_add(&s, UINT64_MAX - 1, UINT64_MAX), 0);
	cr_assert_eq(rangeset_add(&s, 0, 0), 0);
	cr_assert(rangeset_contains(&s, UINT64_MAX, UINT64_MAX));
	cr_assert_eq(rangeset_add(&s, 5, UINT64_MAX - 2), 0, "adjacent to the top one");
	cr_assert_eq(s.nr, 2);
	rangeset_clear(&s);
	for (unsigned int i = 0; i < RANGESET_MAX; i++)
		cr_assert_eq(rangeset_add(&s, 10 * i, 10 * i + 1), 0);
	cr_assert_eq(rangeset_add(&s, 10000, 10001), -1, "full");
	cr_assert_eq(s.nr, RANGESET_MAX);
	cr_assert_eq(rangeset_add(&s, 2, 9), 0, "a merge still fits");
	cr_assert_eq(s.nr, RANGESET_MAX - 1);
	cr_assert(rangeset_contains(&s, 0, 11));
}

/* ---- BDFs ---- */

static bool parse(const char *s, struct pci_bdf *b)
{
	return pci_parse_bdf(s, strlen(s), b);
}

Test(pci_bdf, forms)
{
	struct pci_bdf b;
	char buf[16];

	cr_assert(parse("00:04.0", &b));
	cr_assert_eq(b.seg, 0);
	cr_assert_eq(b.bus, 0);
	cr_assert_eq(b.devfn, PCI_DEVFN(4, 0));
	cr_assert(parse("0001:fF:1f.7", &b));
	cr_assert_eq(b.seg, 1);
	cr_assert_eq(b.bus, 0xff);
	cr_assert_eq(b.devfn, 0xff);
	pci_format_bdf(buf, sizeof(buf), &b);
	cr_assert_str_eq(buf, "0001:ff:1f.7");
	cr_assert(pci_parse_bdf("00:05.1,00:06.0", 7, &b), "a list's first item, by length");
	cr_assert_eq(b.devfn, PCI_DEVFN(5, 1));
}

Test(pci_bdf, refusals)
{
	static const char *const bad[] = {
		"", "0:4.0", "00:4.0", "00:04", "00:04.", "00:20.0", "00:04.8", "000:00:04.0",
		"00000:00:04.0", "00-04.0", "00:04:0", "g0:04.0", "00:04.0 ", " 00:04.0",
		"0000:00:04.0x", "0000.00:04.0",
	};
	struct pci_bdf b;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		cr_assert_not(parse(bad[i], &b), "\"%s\" accepted", bad[i]);
}

/* ---- conf1 ---- */

Test(pci_conf1, decode)
{
	struct pci_bdf b;
	unsigned int reg;
	uint32_t cf8 = PCI_CONF1_ENABLE | 0x00 << 16 | PCI_DEVFN(4, 0) << 8 | 0x10;

	cr_assert(pci_conf1_decode(cf8, 0xcfc, 4, &b, &reg));
	cr_assert_eq(b.devfn, PCI_DEVFN(4, 0));
	cr_assert_eq(reg, 0x10);
	cr_assert(pci_conf1_decode(cf8, 0xcfe, 2, &b, &reg));
	cr_assert_eq(reg, 0x12);
	cr_assert(pci_conf1_decode(cf8, 0xcff, 1, &b, &reg));
	cr_assert_eq(reg, 0x13);
	cr_assert(pci_conf1_decode(cf8 | 3, 0xcfc, 4, &b, &reg), "bits 1:0 of the latch ignored");
	cr_assert_eq(reg, 0x10);
	cr_assert(pci_conf1_decode(cf8 | 0x00030000, 0xcfc, 4, &b, &reg));
	cr_assert_eq(b.bus, 3);
	cr_assert_not(pci_conf1_decode(cf8 & ~PCI_CONF1_ENABLE, 0xcfc, 4, &b, &reg), "disabled");
	cr_assert_not(pci_conf1_decode(cf8 | 0x01000000, 0xcfc, 4, &b, &reg), "extended register");
	cr_assert_not(pci_conf1_decode(cf8, 0xcfd, 2, &b, &reg), "misaligned word");
	cr_assert_not(pci_conf1_decode(cf8, 0xcfe, 4, &b, &reg), "misaligned dword");
	cr_assert_not(pci_conf1_decode(cf8, 0xcfd, 4, &b, &reg), "dword off the end");
	cr_assert_not(pci_conf1_decode(cf8, 0xcfc, 3, &b, &reg), "size 3");
	cr_assert_not(pci_conf1_decode(cf8, 0xcf8, 4, &b, &reg), "the address port");
	cr_assert_not(pci_conf1_decode(cf8, 0xd00, 1, &b, &reg));
}

/* ---- the filter, on a fake device ---- */

static uint8_t space[256];
static unsigned int hw_writes;

static uint32_t fake_read(const struct pci_dev *d, unsigned int reg, unsigned int size)
{
	uint32_t v = 0;

	cr_assert_eq(reg % size, 0);
	for (unsigned int i = 0; i < size; i++)
		v |= (uint32_t)space[reg + i] << (8 * i);
	return v;
}

static void fake_write(const struct pci_dev *d, unsigned int reg, unsigned int size,
		       uint32_t v)
{
	cr_assert_eq(reg % size, 0);
	hw_writes++;
	for (unsigned int i = 0; i < size; i++)
		space[reg + i] = (uint8_t)(v >> (8 * i));
}

static const struct pci_conf_ops ops = { fake_read, fake_write };
static struct pci_dev dev;

static void put32(unsigned int reg, uint32_t v)
{
	fake_write(&dev, reg, 4, v);
}

/* virtio-rng-pci as QEMU shows it: BAR1 32-bit 4 KiB, BAR4 64-bit 16 KiB,
 * MSI at 0x50 (64-bit, maskable: 24 bytes), MSI-X at 0x98. */
static void setup(void)
{
	memset(space, 0, sizeof(space));
	put32(0x00, 0x10441af4);
	put32(0x04, 0x00100007);
	put32(0x14, 0xfebfe000);
	put32(0x20, 0xfebf400c);
	put32(0x24, 0x00000000);
	put32(0x30, 0xfeb80001);
	put32(0x34, 0x50);
	put32(0x50, 0x01809805);	/* MSI, next 0x98, 64-bit + mask */
	put32(0x98, 0x00010011);	/* MSI-X, 2 entries */
	put32(0xa0, 0x00000801);
	hw_writes = 0;
	dev = (struct pci_dev){ .owner = 1, .msi_cap = 0x50, .msi_len = 24, .msix_cap = 0x98,
				.bar_mask = { 0, 0xfffff000, 0, 0, 0xffffc00c, 0xffffffff, 0xfffc0000 } };
}

TestSuite(pci_filter, .init = setup);

Test(pci_filter, reads_pass)
{
	cr_assert_eq(pci_filter_read(&dev, 0x00, 4, &ops), 0x10441af4);
	cr_assert_eq(pci_filter_read(&dev, 0x02, 2, &ops), 0x1044);
	cr_assert_eq(pci_filter_read(&dev, 0x14, 4, &ops), 0xfebfe000, "a BAR reads as it is");
	cr_assert_eq(pci_filter_read(&dev, 0x98, 4, &ops), 0x00010011, "MSI-X is readable");
	cr_assert_eq(pci_filter_read(&dev, 0x30, 4, &ops), 0xfeb80001);
}

Test(pci_filter, every_refused_register)
{
	uint8_t before[256];

	memcpy(before, space, sizeof(space));
	for (unsigned int reg = PCI_BAR0; reg < PCI_BAR_END; reg += 4)
		pci_filter_write(&dev, reg, 4, 0x12345670, &ops);
	for (unsigned int reg = PCI_BAR0; reg < PCI_BAR_END; reg += 2)
		pci_filter_write(&dev, reg, 2, 0xffff, &ops);
	for (unsigned int reg = PCI_BAR0; reg < PCI_BAR_END; reg++)
		pci_filter_write(&dev, reg, 1, 0, &ops);
	pci_filter_write(&dev, 0x30, 4, 0xfeb00001, &ops);
	pci_filter_write(&dev, 0x30, 1, 0, &ops);
	for (unsigned int reg = 0x50; reg < 0x50 + 24; reg++)
		pci_filter_write(&dev, reg, 1, 0xff, &ops);
	for (unsigned int reg = 0x98; reg < 0x98 + 12; reg += 2)
		pci_filter_write(&dev, reg, 2, 0xc000, &ops);	/* MSI-X enable, mask all */
	pci_filter_write(&dev, 0x64, 4, 0xffffffff, &ops);	/* MSI's last dword (pending) */
	pci_filter_write(&dev, 0xa0, 4, 0xffffffff, &ops);	/* MSI-X's last dword (PBA) */
	cr_assert_eq(hw_writes, 0);
	cr_assert_eq(memcmp(before, space, sizeof(space)), 0);
	for (unsigned int reg = 0; reg < 256; reg++)
		cr_assert_eq(pci_filter_refuses(&dev, reg, 1),
			     (reg >= 0x10 && reg < 0x28) || (reg >= 0x30 && reg < 0x34) ||
			     (reg >= 0x50 && reg < 0x68) || (reg >= 0x98 && reg < 0xa4),
			     "register 0x%x", reg);
}

Test(pci_filter, other_writes_pass)
{
	pci_filter_write(&dev, PCI_COMMAND, 2, 0x0006, &ops);
	cr_assert_eq(space[PCI_COMMAND], 0x06, "command register: bus master, memory");
	pci_filter_write(&dev, 0x0c, 1, 0x10, &ops);		/* cache line size */
	pci_filter_write(&dev, 0x3c, 1, 0x0b, &ops);		/* interrupt line */
	pci_filter_write(&dev, 0x68, 4, 0xdeadbeef, &ops);	/* just past MSI */
	pci_filter_write(&dev, 0xa4, 1, 0x5a, &ops);		/* just past MSI-X */
	cr_assert_eq(hw_writes, 5);
	cr_assert_eq(space[0x3c], 0x0b);
	cr_assert_eq(fake_read(&dev, 0x68, 4), 0xdeadbeef);
	cr_assert_eq(space[0xa4], 0x5a);
}

Test(pci_filter, no_msi_caps_nothing_else_refused)
{
	dev.msi_cap = dev.msix_cap = 0;
	pci_filter_write(&dev, 0x50, 4, 0, &ops);
	pci_filter_write(&dev, 0x98, 4, 0, &ops);
	cr_assert_eq(hw_writes, 2);
}

/* Linux's __pci_read_base: save, write all-ones, read the mask, restore. */
Test(pci_filter, bar_sizing)
{
	pci_filter_write(&dev, 0x14, 4, 0xffffffff, &ops);
	cr_assert_eq(pci_filter_read(&dev, 0x14, 4, &ops), 0xfffff000, "the size mask");
	cr_assert_eq(pci_filter_read(&dev, 0x16, 2, &ops), 0xffff, "its upper half");
	cr_assert_eq(pci_filter_read(&dev, 0x14, 1, &ops), 0x00);
	cr_assert_eq(pci_filter_read(&dev, 0x20, 4, &ops), 0xfebf400c, "another BAR unaffected");
	pci_filter_write(&dev, 0x14, 4, 0xfebfe000, &ops);	/* the restore */
	cr_assert_eq(pci_filter_read(&dev, 0x14, 4, &ops), 0xfebfe000);
	cr_assert_eq(hw_writes, 0, "the BAR was never written");
	/* 64-bit: both halves. */
	pci_filter_write(&dev, 0x20, 4, 0xffffffff, &ops);
	pci_filter_write(&dev, 0x24, 4, 0xffffffff, &ops);
	cr_assert_eq(pci_filter_read(&dev, 0x20, 4, &ops), 0xffffc00c);
	cr_assert_eq(pci_filter_read(&dev, 0x24, 4, &ops), 0xffffffff);
	pci_filter_write(&dev, 0x20, 4, 0x1000000c, &ops);	/* not a restore: moved */
	cr_assert_eq(pci_filter_read(&dev, 0x20, 4, &ops), 0xfebf400c, "not moved");
	cr_assert_eq(pci_filter_read(&dev, 0x24, 4, &ops), 0xffffffff, "still sizing");
	pci_filter_write(&dev, 0x24, 2, 0xffff, &ops);	/* any other write ends it */
	cr_assert_eq(pci_filter_read(&dev, 0x24, 4, &ops), 0);
	cr_assert_eq(hw_writes, 0);
	/* An absent BAR sizes to 0, as the hardware said at boot. */
	pci_filter_write(&dev, 0x10, 4, 0xffffffff, &ops);
	cr_assert_eq(pci_filter_read(&dev, 0x10, 4, &ops), 0);
}

Test(pci_filter, rom_sizing)
{
	pci_filter_write(&dev, 0x30, 4, 0xfffff801, &ops);	/* l | PCI_ROM_ADDRESS_MASK */
	cr_assert_eq(pci_filter_read(&dev, 0x30, 4, &ops), 0xfffc0000);
	pci_filter_write(&dev, 0x30, 4, 0xfeb80001, &ops);
	cr_assert_eq(pci_filter_read(&dev, 0x30, 4, &ops), 0xfeb80001);
	pci_filter_write(&dev, 0x30, 4, 0x00000001, &ops);	/* move it to 0 */
	cr_assert_eq(pci_filter_read(&dev, 0x30, 4, &ops), 0xfeb80001);
	cr_assert_eq(hw_writes, 0);
}

/* The pciback domain's ports: the latch, assigned and unassigned devices. */
Test(pci_filter, conf1_ports)
{
	struct pci_dev devs[2] = { dev, dev };
	uint32_t cf8 = 0;

	devs[0].devfn = PCI_DEVFN(4, 0);
	devs[1].devfn = PCI_DEVFN(6, 0);
	devs[1].owner = 0;					/* found, not assigned */
	pci_conf1_write(devs, 2, &cf8, 0xcf8, 4, 0x80002000, &ops);
	cr_assert_eq(cf8, 0x80002000, "the latch");
	cr_assert_eq(pci_conf1_read(devs, 2, &cf8, 0xcf8, 4, &ops), 0x80002000);
	cr_assert_eq(pci_conf1_read(devs, 2, &cf8, 0xcfc, 4, &ops), 0x10441af4);
	cr_assert_eq(pci_conf1_read(devs, 2, &cf8, 0xcfe, 2, &ops), 0x1044);
	cr_assert_eq(pci_conf1_read(devs, 2, &cf8, 0xcfd, 1, &ops), 0x1a);
	cr_assert_eq(pci_conf1_read(devs, 2, &cf8, 0xcfd, 2, &ops), 0xffff, "misaligned");
	cr_assert_eq(pci_conf1_read(devs, 2, &cf8, 0xcf8, 2, &ops), 0xffff, "half the latch");
	cr_assert_eq(pci_conf1_read(devs, 2, &cf8, 0xcf9, 1, &ops), 0xff);
	pci_conf1_write(devs, 2, &cf8, 0xcf9, 1, 6, &ops);	/* the reset register */
	pci_conf1_write(devs, 2, &cf8, 0xcf8, 1, 0, &ops);
	cr_assert_eq(cf8, 0x80002000, "only a dword sets the latch");
	pci_conf1_write(devs, 2, &cf8, 0xcf8, 4, 0x80003000, &ops);
	cr_assert_eq(pci_conf1_read(devs, 2, &cf8, 0xcfc, 4, &ops), 0xffffffff, "unassigned");
	pci_conf1_write(devs, 2, &cf8, 0xcfc, 2, 0x0006, &ops);
	pci_conf1_write(devs, 2, &cf8, 0xcf8, 4, 0x80002800, &ops);
	cr_assert_eq(pci_conf1_read(devs, 2, &cf8, 0xcfc, 1, &ops), 0xff, "absent");
	pci_conf1_write(devs, 2, &cf8, 0xcfc, 4, 0, &ops);
	pci_conf1_write(devs, 2, &cf8, 0xcf8, 4, 0x01002004, &ops);
	cr_assert_eq(pci_conf1_read(devs, 2, &cf8, 0xcfc, 4, &ops), 0xffffffff,
		     "enable bit clear");
	cr_assert_eq(hw_writes, 0, "no write reached a device");
	pci_conf1_write(devs, 2, &cf8, 0xcf8, 4, 0x80002004, &ops);
	pci_conf1_write(devs, 2, &cf8, 0xcfc, 2, 0x0002, &ops);
	cr_assert_eq(hw_writes, 1, "the assigned device's command register");
	cr_assert_eq(space[PCI_COMMAND], 0x02);
}

/* ---- assignment ---- */

static const struct boot_region ram[] = {
	{ 0, 0x9fc00 }, { 0x100000, 0x7fe0000 }, { 0x100000000ULL, 0x140000000ULL },
};

static struct pci_dev virtio_rng(void)
{
	struct pci_dev d = { .bus = 0, .devfn = PCI_DEVFN(4, 0), .msix_cap = 0x98,
			     .msix_entries = 2, .msix_table_bir = 1, .msix_table_off = 0,
			     .msix_pba_bir = 1, .msix_pba_off = 0x800 };

	d.bars[1] = (struct pci_bar){ .base = 0xfebfe000, .size = 0x1000, .present = true };
	d.bars[4] = (struct pci_bar){ .base = 0xfebf4000, .size = 0x4000, .is_64 = true,
				      .present = true };
	return d;
}

Test(pci_assign, checks)
{
	struct pci_dev d = virtio_rng();
	char why[128];

	cr_assert_eq(pci_assign_check(&d, ram, ARRAY_SIZE(ram), why, sizeof(why)), 0, "%s", why);
	d.bars[1].base = 0x7fdf000;
	cr_assert_eq(pci_assign_check(&d, ram, ARRAY_SIZE(ram), why, sizeof(why)), -1);
	cr_assert_str_eq(why, "BAR 1 (0x7fdf000, 4096 bytes) overlaps RAM");
	d.bars[1].base = 0x13ffff000ULL;
	cr_assert_eq(pci_assign_check(&d, ram, ARRAY_SIZE(ram), why, sizeof(why)), -1,
		     "RAM above 4 GiB");
	d.bars[1].base = 0x7fe0000;
	cr_assert_eq(pci_assign_check(&d, ram, ARRAY_SIZE(ram), why, sizeof(why)), 0,
		     "just past RAM: %s", why);
	d.bars[1].base = 0xfebfe800;
	cr_assert_eq(pci_assign_check(&d, ram, ARRAY_SIZE(ram), why, sizeof(why)), -1);
	cr_assert_str_eq(why, "BAR 1 at 0xfebfe800 is not page-aligned");
	d = virtio_rng();
	d.bars[0] = (struct pci_bar){ .base = 0x3f8, .size = 8, .is_io = true, .present = true };
	cr_assert_eq(pci_assign_check(&d, ram, ARRAY_SIZE(ram), why, sizeof(why)), -1);
	cr_assert_str_eq(why, "I/O BAR 0 at port 0x3f8 is in the legacy ports (below 0x1000)");
	d = virtio_rng();
	d.bars[4].base = 0xfee00000;
	cr_assert_eq(pci_assign_check(&d, ram, ARRAY_SIZE(ram), why, sizeof(why)), -1);
	cr_assert_str_eq(why, "BAR 4 at 0xfee00000 overlaps the interrupt controllers "
			 "(0xfec00000-0xfeffffff)");
	d.bars[4].base = 0xfebfc000;	/* 16 KiB: its last byte at 0xfebfffff */
	cr_assert_eq(pci_assign_check(&d, ram, ARRAY_SIZE(ram), why, sizeof(why)), 0, "%s", why);
	d.bars[4].base = 0xfebfd000;
	cr_assert_eq(pci_assign_check(&d, ram, ARRAY_SIZE(ram), why, sizeof(why)), -1,
		     "reaching into the I/O APIC");
	d = virtio_rng();
	d.header_type = 0x81;
	cr_assert_eq(pci_assign_check(&d, ram, ARRAY_SIZE(ram), why, sizeof(why)), -1);
	cr_assert_str_eq(why, "is a bridge (header type 1), not a device");
	d = virtio_rng();
	d.bars[2] = (struct pci_bar){ .base = 0xfffffffffffff000ULL, .size = 0x2000,
				      .present = true };
	cr_assert_eq(pci_assign_check(&d, ram, ARRAY_SIZE(ram), why, sizeof(why)), -1);
	cr_assert_str_eq(why, "BAR 2 wraps the address space");
}

Test(pci_assign, ranges)
{
	struct pci_dev d = virtio_rng();
	struct rangeset iomem = { 0 }, ioport = { 0 };

	d.bars[0] = (struct pci_bar){ .base = 0xc000, .size = 0x20, .is_io = true, .present = true };
	cr_assert_eq(pci_assign_ranges(&d, &iomem, &ioport), 0);
	cr_assert(rangeset_contains(&iomem, 0xfebfe, 0xfebfe));
	cr_assert(rangeset_contains(&iomem, 0xfebf4, 0xfebf7));
	cr_assert_not(rangeset_overlaps(&iomem, 0xfebf8, 0xfebfd));
	cr_assert_not(rangeset_overlaps(&iomem, 0xfebff, 0xfebff));
	cr_assert(rangeset_contains(&ioport, 0xc000, 0xc01f));
	cr_assert_not(rangeset_overlaps(&ioport, 0xc020, 0xffff));
	cr_assert_not(rangeset_overlaps(&ioport, 0, 0xbfff));
}

Test(pci_assign, msix_frames_are_read_only)
{
	struct pci_dev d[2] = { virtio_rng(), virtio_rng() };

	d[0].owner = 1;
	d[1].owner = 2;
	d[1].bars[1].base = 0xfebfd000;
	cr_assert(pci_msix_frame(d, 2, 1, 0xfebfe), "table and PBA of d1's device");
	cr_assert_not(pci_msix_frame(d, 2, 1, 0xfebf4));
	cr_assert_not(pci_msix_frame(d, 2, 1, 0xfebfd), "d2's device is d2's business");
	cr_assert(pci_msix_frame(d, 2, 2, 0xfebfd));
	d[0].msix_pba_bir = 4;
	d[0].msix_pba_off = 0x3000;
	cr_assert(pci_msix_frame(d, 2, 1, 0xfebf7), "a PBA in another BAR");
	cr_assert_not(pci_msix_frame(d, 2, 1, 0xfebf6));
	d[0].msix_entries = 257;	/* 4112 bytes: the table's second page too */
	d[0].msix_table_bir = 4;
	cr_assert(pci_msix_frame(d, 2, 1, 0xfebf5));
	cr_assert_not(pci_msix_frame(d, 2, 1, 0xfebf6));
	d[0].msix_cap = 0;
	cr_assert_not(pci_msix_frame(d, 2, 1, 0xfebf5), "no MSI-X");
}

Test(pci_assign, memory_map)
{
	struct e820_entry e[PCI_MEMMAP_MAX];
	uint64_t hole = pci_hole_start(ram, ARRAY_SIZE(ram));

	cr_assert_eq(hole, 0x7fe0000);
	cr_assert_eq(pci_memory_map(64 << 20, false, hole, e), 1);
	cr_assert_eq(e[0].addr, 0);
	cr_assert_eq(e[0].size, 64 << 20);
	cr_assert_eq(e[0].type, E820_RAM);
	cr_assert_eq(pci_memory_map(64 << 20, true, hole, e), 2);
	cr_assert_eq(e[0].size, 64 << 20);
	cr_assert_eq(e[1].addr, 0x7fe0000);
	cr_assert_eq(e[1].size, 0x100000000ULL - 0x7fe0000);
	cr_assert_eq(e[1].type, E820_RESERVED);
	cr_assert_eq(pci_memory_map(256 << 20, true, hole, e), 3, "RAM past the hole's start");
	cr_assert_eq(e[0].size, 0x7fe0000);
	cr_assert_eq(e[2].addr, 0x100000000ULL);
	cr_assert_eq(e[2].size, (256 << 20) - 0x7fe0000);
	cr_assert_eq(e[2].type, E820_RAM);
	cr_assert_eq(pci_hole_start(ram, 1), 0xa0000, "rounded up to a page");
}
