/* SPDX-License-Identifier: GPL-2.0-only */
/* Fuzzes the pciback domain's conf1 (hypervisor/common/pci_conf_filter.c)
 * against two fake devices: 00:04.0 assigned, with MSI at 0x50 (24 bytes)
 * and MSI-X at 0x98, and 00:06.0 found but assigned to nobody. The input
 * is a script of in/out on ports 0xCF8-0xCFF of any size (the latch often
 * pointed at one of the devices). Properties: every access that reaches a
 * device is the assigned one's, naturally aligned and inside its 256
 * bytes; no write ever changes a BAR, the ROM BAR or the MSI and MSI-X
 * capabilities; a read returns no bits beyond its size; a BAR reads as
 * the hardware has it or, while being sized, as the boot-time mask, and
 * after any write to it other than all-ones, as the hardware has it. */
#include <parvus/pci.h>
#include <parvus/string.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond); \
	abort(); } } while (0)

static uint8_t space[256], initial[256];
static struct pci_dev devs[2];

static bool guarded(unsigned int reg)
{
	return (reg >= 0x10 && reg < 0x28) || (reg >= 0x30 && reg < 0x34) ||
	       (reg >= 0x50 && reg < 0x68) || (reg >= 0x98 && reg < 0xa4);
}

static void check_access(const struct pci_dev *d, unsigned int reg, unsigned int size)
{
	CHECK(d == &devs[0] && d->owner);
	CHECK((size == 1 || size == 2 || size == 4) && reg % size == 0 && reg + size <= 256);
}

static uint32_t fake_read(const struct pci_dev *d, unsigned int reg, unsigned int size)
{
	uint32_t v = 0;

	check_access(d, reg, size);
	for (unsigned int i = 0; i < size; i++)
		v |= (uint32_t)space[reg + i] << (8 * i);
	return v;
}

static void fake_write(const struct pci_dev *d, unsigned int reg, unsigned int size, uint32_t v)
{
	check_access(d, reg, size);
	for (unsigned int i = 0; i < size; i++) {
		CHECK(!guarded(reg + i));
		space[reg + i] = (uint8_t)(v >> (8 * i));
	}
}

static const struct pci_conf_ops ops = { fake_read, fake_write };

static void setup(void)
{
	static const uint32_t regs[][2] = {
		{ 0x00, 0x10441af4 }, { 0x04, 0x00100007 }, { 0x14, 0xfebfe000 },
		{ 0x20, 0xfebf400c }, { 0x30, 0xfeb80001 }, { 0x34, 0x50 },
		{ 0x50, 0x01809805 }, { 0x98, 0x00010011 }, { 0xa0, 0x00000801 },
	};

	memset(space, 0, sizeof(space));
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		memcpy(&space[regs[i][0]], &regs[i][1], 4);
	memcpy(initial, space, sizeof(space));
	devs[0] = (struct pci_dev){ .devfn = PCI_DEVFN(4, 0), .owner = 1, .msi_cap = 0x50,
				    .msi_len = 24, .msix_cap = 0x98,
				    .bar_mask = { 0, 0xfffff000, 0, 0, 0xffffc00c, 0xffffffff,
						  0xfffc0000 } };
	devs[1] = devs[0];
	devs[1].devfn = PCI_DEVFN(6, 0);
	devs[1].owner = 0;
}

static uint32_t next32(const uint8_t **p, size_t *left)
{
	uint32_t v = 0;

	for (int i = 0; i < 4 && *left; i++, (*left)--)
		v |= (uint32_t)*(*p)++ << (8 * i);
	return v;
}

/* A BAR register's read: the hardware's value or, sizing, the mask. */
static void check_bar_read(unsigned int reg, unsigned int size, uint32_t got)
{
	unsigned int bar = reg >= 0x30 ? 6 : (reg - 0x10) / 4;
	uint32_t hw = fake_read(&devs[0], reg, size);
	uint32_t mask = (devs[0].bar_mask[bar] >> (8 * (reg & 3))) &
			(size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1);

	CHECK(got == ((devs[0].sizing >> bar) & 1 ? mask : hw));
}

static void step(uint8_t op, uint32_t v, uint32_t *cf8)
{
	static const unsigned int sizes[] = { 1, 2, 4, 3 };
	unsigned int size = sizes[op & 3], reg;
	uint16_t port = (uint16_t)(PCI_CONF1_ADDR + ((op >> 2) & 7));
	struct pci_bdf bdf;

	if (op & 0x20) {	/* point the latch at a device, register from v */
		*cf8 = PCI_CONF1_ENABLE | (op & 0x40 ? PCI_DEVFN(6, 0) : PCI_DEVFN(4, 0)) << 8 |
		       (v & 0xfc);
		return;
	}
	if (op & 0x80) {
		pci_conf1_write(devs, 2, cf8, port, size, v, &ops);
		return;
	}
	v = pci_conf1_read(devs, 2, cf8, port, size, &ops);
	CHECK(size == 4 || size == 3 || !(v >> (8 * size)));
	if (size != 3 && pci_conf1_decode(*cf8, port, size, &bdf, &reg) &&
	    bdf.devfn == devs[0].devfn && !bdf.bus &&
	    ((reg >= 0x10 && reg < 0x28) || (reg >= 0x30 && reg < 0x34)))
		check_bar_read(reg, size, v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t cf8 = 0;

	setup();
	while (size >= 5) {
		uint8_t op = *data++;

		size--;
		step(op, next32(&data, &size), &cf8);
		for (unsigned int r = 0; r < 256; r++)
			CHECK(!guarded(r) || space[r] == initial[r]);
	}
	return 0;
}
