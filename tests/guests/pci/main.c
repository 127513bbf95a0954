/* SPDX-License-Identifier: GPL-2.0-only */
/* pci: PCI device assignment seen from the domains (parvus/pci.h). One
 * image in three roles, by role= on its command line, against QEMU
 * devices whose BAR addresses the case passes (bar1=, bar4= of 00:04.0,
 * io= of 00:05.0, other= a BAR of the unassigned 00:06.0):
 * - pciback (pciback.c): filtered conf1 to the assigned devices only;
 * - owner (owner.c): its devices' memory (uncached, MSI-X read-only) and
 *   ports, nothing else; after the pciback domain's attacks, its BARs
 *   still where they were;
 * - none (here): no config space, no device memory, no ports. */
#include "pci.h"
#include <xen/memory.h>

uint32_t port_in(uint16_t port, unsigned int size)
{
	uint32_t v = 0;

	if (size == 1)
		asm volatile("inb %w1, %b0" : "=a"(v) : "Nd"(port));
	else if (size == 2)
		asm volatile("inw %w1, %w0" : "=a"(v) : "Nd"(port));
	else
		asm volatile("inl %w1, %0" : "=a"(v) : "Nd"(port));
	return size == 1 ? v & 0xff : size == 2 ? v & 0xffff : v;
}

void port_out(uint16_t port, unsigned int size, uint32_t v)
{
	if (size == 1)
		asm volatile("outb %b0, %w1" : : "a"(v), "Nd"(port));
	else if (size == 2)
		asm volatile("outw %w0, %w1" : : "a"(v), "Nd"(port));
	else
		asm volatile("outl %0, %w1" : : "a"(v), "Nd"(port));
}

static uint32_t cf8(uint8_t devfn, unsigned int reg)
{
	return 0x80000000u | (uint32_t)devfn << 8 | (reg & 0xfc);
}

uint32_t conf_read(uint8_t devfn, unsigned int reg, unsigned int size)
{
	port_out(0xcf8, 4, cf8(devfn, reg));
	return port_in((uint16_t)(0xcfc + (reg & 3)), size);
}

void conf_write(uint8_t devfn, unsigned int reg, unsigned int size, uint32_t v)
{
	port_out(0xcf8, 4, cf8(devfn, reg));
	port_out((uint16_t)(0xcfc + (reg & 3)), size, v);
}

uint64_t hex_arg(const char *name)
{
	char s[24];
	uint64_t v = 0;

	if (!guest_arg(name, s, sizeof(s)))
		return 0;
	for (const char *p = s; *p; p++)
		v = v << 4 | (uint64_t)(*p <= '9' ? *p - '0' : (*p | 0x20) - 'a' + 10);
	return v;
}

long map_at(int n, uint64_t maddr, uint64_t flags)
{
	return HYPERVISOR_update_va_mapping((unsigned long)spare_va(n), maddr | flags,
					    UVMF_INVLPG);
}

void unmap_at(int n)
{
	CHECK_EQ(map_at(n, spare_mfn(n) << 12, PTE_P | PTE_RW | PTE_A), 0, "spare page back");
}

long memory_map(struct e820 *e)
{
	struct xen_memory_map map = { .nr_entries = 4 };
	long rc;

	set_xen_guest_handle(map.buffer, (void *)e);
	rc = HYPERVISOR_memory_op(XENMEM_memory_map, &map);
	return rc ? rc : (long)map.nr_entries;
}

/* A domain without pci=: none of it. */
void plain_main(void)
{
	struct e820 e[4];

	CHECK_EQ(conf_read(DEV_A, 0, 4), ONES, "conf1 without role=pciback");
	CHECK_EQ(map_at(0, hex_arg("bar4"), PTE_P), -XEN_EINVAL, "another domain's BAR");
	CHECK_EQ(map_at(0, hex_arg("bar4"), PTE_P | PTE_PCD | PTE_PWT), -XEN_EINVAL,
		 "uncached either");
	CHECK_EQ(port_in((uint16_t)hex_arg("io"), 4), ONES, "another domain's I/O BAR");
	CHECK_EQ(memory_map(e), 1, "memory map: RAM only");
	CHECK_EQ(e[0].size, start_info->nr_pages << 12, "all of it");
	guest_printf("no config space, device memory or ports without pci=\n");
}

void guest_main(void)
{
	char role[16] = "";

	guest_arg("role", role, sizeof(role));
	if (!strcmp(role, "pciback"))
		pciback_main();
	else if (!strcmp(role, "owner"))
		owner_main();
	else if (!strcmp(role, "none"))
		plain_main();
	else
		guest_fail("role=%s: expected pciback, owner or none", role);
}
