/* SPDX-License-Identifier: GPL-2.0-only */
/* What the pciback service's operations (pci_op.c) reach: configuration
 * space by conf1 port I/O (address to 0xCF8, data at 0xCFC-0xCFF), which
 * the hypervisor emulates for this domain and filters to the assigned
 * devices (everything else reads all-ones, writes go nowhere), and
 * PHYSDEVOP_map_pirq/unmap_pirq (xen/physdev.h) for the frontends'
 * MSI and MSI-X pirqs. conf1 reaches segment 0 only. */
#include "guest.h"
#include "pciback.h"

#define CONF1_ADDR	0xcf8
#define CONF1_DATA	0xcfc
#define CONF1_ENABLE	0x80000000u

static void outl(uint16_t port, uint32_t v)
{
	asm volatile("outl %0, %w1" : : "a"(v), "Nd"(port));
}

static void outw(uint16_t port, uint16_t v)
{
	asm volatile("outw %w0, %w1" : : "a"(v), "Nd"(port));
}

static void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %b0, %w1" : : "a"(v), "Nd"(port));
}

static uint32_t inl(uint16_t port)
{
	uint32_t v;

	asm volatile("inl %w1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static uint16_t inw(uint16_t port)
{
	uint16_t v;

	asm volatile("inw %w1, %w0" : "=a"(v) : "Nd"(port));
	return v;
}

static uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %w1, %b0" : "=a"(v) : "Nd"(port));
	return v;
}

static void conf1_select(const struct pciback_dev *d, unsigned int reg)
{
	outl(CONF1_ADDR, CONF1_ENABLE | (uint32_t)d->bus << 16 | (uint32_t)d->devfn << 8 |
			 (reg & 0xfc));
}

static uint32_t conf1_read(void *ctx, const struct pciback_dev *d, unsigned int reg,
			   unsigned int size)
{
	uint16_t port = CONF1_DATA + (reg & 3);

	if (d->seg)
		return ~0u;
	conf1_select(d, reg);
	return size == 1 ? inb(port) : size == 2 ? inw(port) : inl(port);
}

static void conf1_write(void *ctx, const struct pciback_dev *d, unsigned int reg,
			unsigned int size, uint32_t v)
{
	uint16_t port = CONF1_DATA + (reg & 3);

	if (d->seg)
		return;
	conf1_select(d, reg);
	if (size == 1)
		outb(port, (uint8_t)v);
	else if (size == 2)
		outw(port, (uint16_t)v);
	else
		outl(port, v);
}

static long physdev_op(int cmd, void *arg)
{
	return hypercall5(__HYPERVISOR_physdev_op, cmd, (long)arg, 0, 0, 0);
}

static int map_pirq(void *ctx, struct physdev_map_pirq *m)
{
	int rc = (int)physdev_op(PHYSDEVOP_map_pirq, m);

	if (pciback_trace)
		guest_printf("pciback: map_pirq d%u type %d bus 0x%x devfn 0x%x entry %d "
			     "table_base 0x%lx: %d, pirq %d\n", m->domid, m->type, m->bus,
			     m->devfn, m->entry_nr, (unsigned long)m->table_base, rc, m->pirq);
	return rc;
}

static int unmap_pirq(void *ctx, domid_t domid, int pirq)
{
	struct physdev_unmap_pirq u = { .domid = domid, .pirq = pirq };
	int rc = (int)physdev_op(PHYSDEVOP_unmap_pirq, &u);

	if (rc)
		guest_printf("pciback: unmap of d%u's pirq %d: error %d\n", domid, pirq, rc);
	return rc;
}

const struct pciback_hw pciback_hw = {
	.conf_read = conf1_read,
	.conf_write = conf1_write,
	.map_pirq = map_pirq,
	.unmap_pirq = unmap_pirq,
};
