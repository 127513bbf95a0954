/* SPDX-License-Identifier: GPL-2.0-only */
/* msix: a device interrupt reaches a domain as an event (PHYSDEVOP_map_pirq,
 * EVTCHNOP_bind_pirq), on QEMU's e1000e at 00:05.0, whose interrupt cause
 * set register (ICS) raises an interrupt on demand.
 * mode=owner: the domain is both the device's owner (pci=) and the pciback
 * service (role=pciback), so it reads the device's config space itself,
 * maps its register BAR, maps MSI-X entry 0 to a pirq for itself and binds
 * it. Each ICS write must make the port pending; a closed port or an
 * unmapped pirq hears nothing; every bad map request gets Xen's errno; the
 * MSI-X table reads back as the hypervisor programmed it and cannot be
 * mapped writable.
 * mode=other: a domain with no device and no role: it may not map a pirq
 * for the owner, has no pirq to bind, and sees no config space. */
#include "guest.h"
#include "events.h"
#include "guest_pt.h"
#include <xen/physdev.h>

#define E1000E_DEVFN	(5 << 3)
#define E1000E_ID	0x10d38086u	/* device:vendor */
#define REG_ICS		0x00c8		/* interrupt cause set */
#define REG_IMS		0x00d0		/* interrupt mask set */
#define REG_IMC		0x00d8		/* interrupt mask clear */
#define REG_ICR		0x00c0		/* interrupt cause read (write 1s: clear) */
#define REG_IVAR	0x00e4		/* cause -> MSI-X vector */
#define ICR_OTHER	(1u << 24)
#define IVAR_OTHER_VEC0	(0x8u << 16)	/* "other" causes -> entry 0, valid */
#define PTE_PCD_PWT	0x18UL
#define PTE_RW		0x2UL
#define MSIX_CAP_ID	0x11

static inline void outl(uint16_t port, uint32_t v)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static uint32_t conf_read(unsigned int devfn, unsigned int reg)
{
	outl(0xcf8, 0x80000000u | (devfn << 8) | (reg & 0xfc));
	return inl(0xcfc);
}

static void conf_write(unsigned int devfn, unsigned int reg, uint32_t v)
{
	outl(0xcf8, 0x80000000u | (devfn << 8) | (reg & 0xfc));
	outl(0xcfc, v);
}

static long physdev(int cmd, void *arg)
{
	return hypercall5(__HYPERVISOR_physdev_op, cmd, (long)arg, 0, 0, 0);
}

/* The config-space offset of the MSI-X capability, 0 if none. */
static unsigned int find_msix(void)
{
	unsigned int pos = conf_read(E1000E_DEVFN, 0x34) & 0xfc;

	for (int n = 0; pos && n < 48; n++) {
		uint32_t cap = conf_read(E1000E_DEVFN, pos);

		if ((cap & 0xff) == MSIX_CAP_ID)
			return pos;
		pos = (cap >> 8) & 0xfc;
	}
	return 0;
}

static uint64_t bar_base(unsigned int bar)
{
	return conf_read(E1000E_DEVFN, 0x10 + 4 * bar) & ~0xfu;
}

/* Waits up to ms for the port to become pending; clears it. */
static bool port_fires(evtchn_port_t port, unsigned int ms)
{
	volatile xen_ulong_t *word = &guest_shared_info->evtchn_pending[port / 64];
	xen_ulong_t bit = 1UL << (port % 64);
	struct sched_poll poll = { .nr_ports = 1,
				   .timeout = guest_now_ns() + ms * 1000000UL };

	set_xen_guest_handle(poll.ports, &port);
	while (!(*word & bit) && guest_now_ns() < poll.timeout)
		HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
	if (!(*word & bit))
		return false;
	__atomic_and_fetch(word, ~bit, __ATOMIC_SEQ_CST);
	return true;
}

static volatile uint32_t *regs;

/* Raises the e1000e's "other" cause: MSI-X entry 0 fires once. */
static void raise_interrupt(void)
{
	regs[REG_IMC / 4] = ~0u;
	regs[REG_ICR / 4] = ~0u;	/* clear old causes */
	regs[REG_IVAR / 4] = IVAR_OTHER_VEC0;
	regs[REG_IMS / 4] = ICR_OTHER;
	regs[REG_ICS / 4] = ICR_OTHER;
}

static int map_entry(int entry, uint64_t table_base, int devfn, domid_t dom)
{
	struct physdev_map_pirq m = { .domid = dom, .type = MAP_PIRQ_TYPE_MSI_SEG,
				      .index = -1, .pirq = -1, .bus = 0,
				      .devfn = devfn, .entry_nr = entry,
				      .table_base = table_base };
	long rc = physdev(PHYSDEVOP_map_pirq, &m);

	return rc ? (int)rc : m.pirq;
}

static void check_bad_maps(uint64_t table_bar)
{
	struct physdev_map_pirq gsi = { .domid = DOMID_SELF, .type = MAP_PIRQ_TYPE_GSI,
					.index = 5, .pirq = -1 };

	CHECK_EQ(map_entry(0, table_bar + 0x1000, E1000E_DEVFN, DOMID_SELF), -XEN_EINVAL,
		 "map_pirq with a table_base that is not the table's BAR");
	CHECK_EQ(map_entry(5, table_bar, E1000E_DEVFN, DOMID_SELF), -XEN_EINVAL,
		 "map_pirq of entry 5 (e1000e has 5)");
	CHECK_EQ(map_entry(0, table_bar, 6 << 3, DOMID_SELF), -XEN_ENODEV,
		 "map_pirq of an absent device");
	CHECK_EQ(map_entry(0, table_bar, E1000E_DEVFN, 2), -XEN_EPERM,
		 "map_pirq of our device for a domain it is not assigned to");
	CHECK_EQ(map_entry(0, table_bar, E1000E_DEVFN, 77), -XEN_ESRCH,
		 "map_pirq for no domain");
	CHECK_EQ(physdev(PHYSDEVOP_map_pirq, &gsi), -XEN_EOPNOTSUPP, "map_pirq of a GSI");
	CHECK_EQ(physdev(PHYSDEVOP_map_pirq, (void *)0x10), -XEN_EFAULT, "map_pirq at a bad pointer");
}

/* The table as the hypervisor wrote it; our mapping of it is read-only. */
static void check_table(uint64_t table_pa, int vector_min)
{
	void *va = spare_va(1);
	uint64_t old = pt_get((uint64_t)va, 1);
	volatile uint32_t *entry0;

	CHECK_EQ(pt_set((uint64_t)va, 1, table_pa | GUEST_PTE_FLAGS), -XEN_EPERM,
		 "the MSI-X table mapped writable");
	CHECK_EQ(pt_set((uint64_t)va, 1, (table_pa | GUEST_PTE_FLAGS) & ~PTE_RW), 0,
		 "the MSI-X table mapped read-only");
	entry0 = va;
	CHECK_EQ(entry0[0] & 0xfff00000u, 0xfee00000u, "entry 0 addresses a local APIC");
	CHECK((int)(entry0[2] & 0xff) >= vector_min, "entry 0's vector %u is a device vector",
	      entry0[2] & 0xff);
	CHECK_EQ(pt_set((uint64_t)va, 1, old), 0, "spare page back");
}

static void owner(void)
{
	unsigned int cap = find_msix();
	uint32_t table = cap ? conf_read(E1000E_DEVFN, cap + 4) : 0;
	uint64_t table_bar = bar_base(table & 7), pte;
	struct evtchn_bind_pirq bind = { .pirq = 0 };
	struct evtchn_close close;
	struct physdev_unmap_pirq u = { .domid = DOMID_SELF };
	int pirq;

	CHECK_EQ(conf_read(E1000E_DEVFN, 0), E1000E_ID, "our device's ID");
	CHECK(cap != 0, "e1000e has MSI-X");
	conf_write(E1000E_DEVFN, 4, conf_read(E1000E_DEVFN, 4) | 0x6);	/* mem, master */
	CHECK_EQ(pt_set((uint64_t)spare_va(0), 1, bar_base(0) | GUEST_PTE_FLAGS), 0,
		 "the register BAR mapped");
	pte = pt_get((uint64_t)spare_va(0), 1);
	CHECK_EQ(pte & PTE_PCD_PWT, PTE_PCD_PWT, "device memory is mapped uncached");
	regs = spare_va(0);
	check_bad_maps(table_bar);

	pirq = map_entry(0, table_bar, E1000E_DEVFN, DOMID_SELF);
	CHECK(pirq >= 0, "map_pirq of entry 0: %d", pirq);
	CHECK_EQ(map_entry(0, table_bar, E1000E_DEVFN, DOMID_SELF), -XEN_EEXIST,
		 "entry 0 mapped twice");
	check_table(table_bar + (table & ~7u), 0x30);
	bind.pirq = (uint32_t)pirq;
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_pirq, &bind), 0, "bind_pirq");
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_pirq, &bind), -XEN_EEXIST, "bind_pirq twice");
	guest_shared_info->evtchn_mask[bind.port / 64] |= 1UL << (bind.port % 64);

	for (int i = 0; i < 3; i++) {
		raise_interrupt();
		CHECK(port_fires(bind.port, 2000), "interrupt %d arrives as an event", i);
	}
	guest_printf("msix: 3 device interrupts arrived as events on port %u (pirq %d)\n",
		     bind.port, pirq);
	close.port = bind.port;
	CHECK_EQ(evtchn_op(EVTCHNOP_close, &close), 0, "close the pirq's port");
	raise_interrupt();
	CHECK(!port_fires(bind.port, 200), "a closed port hears nothing");
	u.pirq = pirq;
	CHECK_EQ(physdev(PHYSDEVOP_unmap_pirq, &u), 0, "unmap_pirq");
	CHECK_EQ(physdev(PHYSDEVOP_unmap_pirq, &u), -XEN_EINVAL, "unmap_pirq twice");
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_pirq, &bind), -XEN_EINVAL, "bind an unmapped pirq");
	/* Mapped again and left mapped and bound: teardown cleans it up. */
	pirq = map_entry(1, table_bar, E1000E_DEVFN, DOMID_SELF);
	bind.pirq = (uint32_t)pirq;
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_pirq, &bind), 0, "bind_pirq of entry 1");
}

static void other(void)
{
	struct evtchn_bind_pirq bind = { .pirq = 0 };
	struct physdev_unmap_pirq u = { .domid = DOMID_SELF, .pirq = 0 };
	struct physdev_irq_status_query q = { .irq = 0 };
	struct sched_poll wait = { .nr_ports = 0 };

	/* Not even for itself: only the pciback service maps pirqs. */
	CHECK_EQ(map_entry(0, 0xfebf0000, E1000E_DEVFN, DOMID_SELF), -XEN_EPERM,
		 "map_pirq without the pciback role");
	CHECK_EQ(physdev(PHYSDEVOP_unmap_pirq, &u), -XEN_EPERM, "unmap_pirq without the role");
	CHECK_EQ(evtchn_op(EVTCHNOP_bind_pirq, &bind), -XEN_EINVAL, "bind a pirq never given");
	CHECK_EQ(conf_read(E1000E_DEVFN, 0), 0xffffffffu, "no config space");
	CHECK_EQ(physdev(PHYSDEVOP_irq_status_query, &q), 0, "irq_status_query");
	CHECK_EQ(q.flags, 0, "MSI-X needs no EOI");
	q.irq = 100000;
	CHECK_EQ(physdev(PHYSDEVOP_irq_status_query, &q), -XEN_EINVAL, "status of a pirq out of range");
	/* Stay a while: the owner names us as a domain its device is not
	 * assigned to, which must be -EPERM, not -ESRCH. */
	wait.timeout = guest_now_ns() + 3000000000UL;
	HYPERVISOR_sched_op(SCHEDOP_poll, &wait);
}

void guest_main(void)
{
	char mode[16] = "";

	events_map_shared_info();
	guest_arg("mode", mode, sizeof(mode));
	if (!strcmp(mode, "owner"))
		owner();
	else
		other();
}
