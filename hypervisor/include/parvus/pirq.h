/* SPDX-License-Identifier: GPL-2.0-only */
/* Physical IRQs given to a domain as pirqs (Xen's PHYSDEVOP_map_pirq and
 * EVTCHNOP_bind_pirq): an MSI-X entry of a device assigned to the domain
 * gets a host vector of its own; the pciback service maps it to a pirq
 * number in the owner's pirq space, the owner binds that pirq to an event
 * channel, and each interrupt on the vector sets that port pending. MSI-X
 * is edge-triggered: no guest EOI is needed, so the EOI bitmap page the
 * guest registers is never written. Pure logic over domain structures; the
 * device's MSI-X table is reached through the arch_msix_* hooks. */
#ifndef PARVUS_PIRQ_H
#define PARVUS_PIRQ_H

#include <parvus/types.h>
#include <parvus/xen.h>

#define NR_PIRQS		256	/* per domain */
#define PIRQ_FIRST_MSI		16	/* below: the legacy GSIs' numbers */
/* Host vectors for device interrupts: above the exceptions and the legacy
 * PIC's 0x20-0x2f, below the LAPIC timer (0xf0) and spurious (0xff). */
#define PIRQ_VECTOR_FIRST	0x30
#define PIRQ_VECTOR_LAST	0xdf

struct pci_dev;
struct domain;

struct pirq {
	struct pci_dev *dev;	/* NULL: this pirq is not mapped */
	uint16_t entry;		/* the MSI-X table entry */
	uint8_t vector;		/* the host vector it arrives on */
	evtchn_port_t port;	/* the event channel bound to it, 0 if none */
};

struct pirq_table {
	struct pirq pirq[NR_PIRQS];
};

/* PHYSDEVOP_map_pirq for an MSI-X entry of dev, which must be assigned to
 * owner; *pirq is the pirq asked for (<0: any) and the one given. */
int pirq_map_msix(struct domain *owner, struct pci_dev *dev,
		  unsigned int entry, uint64_t table_base, int *pirq);
int pirq_unmap(struct domain *owner, int pirq);
/* EVTCHNOP_bind_pirq's core: port (already allocated) now receives pirq. */
int pirq_bind(struct domain *d, uint32_t pirq, evtchn_port_t port);
void pirq_unbind(struct domain *d, uint32_t pirq);
/* PHYSDEVOP_irq_status_query and PHYSDEVOP_eoi. */
int pirq_status(struct domain *d, uint32_t pirq, uint32_t *flags);
int pirq_eoi(struct domain *d, uint32_t pirq);
/* PHYSDEVOP_pirq_eoi_gmfn_v2: the page stays typed writable, unwritten. */
int pirq_set_eoi_map(struct domain *d, uint64_t mfn);
/* An interrupt arrived on vector (arch traps.c, after the LAPIC EOI). */
void pirq_vector_fired(unsigned int vector);
/* Whether a device interrupt could still wake a blocked domain. */
bool pirq_any_bound(void);
/* Teardown: every pirq of d unmapped, its device entries masked, its
 * table and EOI page released. */
void pirq_release(struct domain *d);

/* The device side, in arch/x86_64/msix.c (fakes in the unit tests). */
void arch_msix_program(const struct pci_dev *dev, unsigned int entry,
		       unsigned int vector);
void arch_msix_mask(const struct pci_dev *dev, unsigned int entry, bool masked);
void arch_msix_enable(const struct pci_dev *dev, bool on);

#endif
