/* SPDX-License-Identifier: GPL-2.0-only */
/* Pirqs for MSI-X (see pirq.h). Errors follow Xen's physdev.c and
 * event_channel.c where a guest can tell: -EINVAL for a pirq out of range
 * or not mapped, -EEXIST for a pirq or an MSI-X entry already mapped, or a
 * pirq already bound, -ENOSPC when no host vector is left. Which domain may
 * call what is decided by the handlers (hypercalls/physdev.c). */
#include <parvus/pirq.h>
#include <parvus/pci.h>
#include <parvus/domain.h>
#include <parvus/machine_mm.h>
#include <parvus/page_types.h>
#include <parvus/heap.h>

/* Who each host vector belongs to: a domain and a pirq of it. */
static struct {
	struct domain *d;
	unsigned int pirq;
} vector_owner[PIRQ_VECTOR_LAST + 1];

static struct pirq *mapped_pirq(struct domain *d, uint32_t pirq)
{
	if (!d->pirqs || pirq >= NR_PIRQS || !d->pirqs->pirq[pirq].dev)
		return NULL;
	return &d->pirqs->pirq[pirq];
}

static int alloc_vector(struct domain *d, unsigned int pirq)
{
	for (unsigned int v = PIRQ_VECTOR_FIRST; v <= PIRQ_VECTOR_LAST; v++) {
		if (!vector_owner[v].d) {
			vector_owner[v].d = d;
			vector_owner[v].pirq = pirq;
			return (int)v;
		}
	}
	return -XEN_ENOSPC;
}

/* The pirq number to use: the one asked for if free, else the highest
 * free one, as Xen gives MSI pirqs from the top down and never below the
 * legacy GSIs (Linux's pcifront takes a pirq of 0 as invalid). */
static int choose_pirq(struct pirq_table *t, int want)
{
	if (want >= NR_PIRQS)
		return -XEN_EINVAL;
	if (want >= 0)
		return t->pirq[want].dev ? -XEN_EEXIST : want;
	for (int p = NR_PIRQS - 1; p >= PIRQ_FIRST_MSI; p--)
		if (!t->pirq[p].dev)
			return p;
	return -XEN_ENOSPC;
}

static bool entry_mapped(const struct pirq_table *t, const struct pci_dev *dev,
			 unsigned int entry)
{
	for (int p = 0; p < NR_PIRQS; p++)
		if (t->pirq[p].dev == dev && t->pirq[p].entry == entry)
			return true;
	return false;
}

static bool device_has_pirqs(const struct pirq_table *t, const struct pci_dev *dev)
{
	for (int p = 0; p < NR_PIRQS; p++)
		if (t->pirq[p].dev == dev)
			return true;
	return false;
}

/* Xen's table_base is the address of the BAR holding the MSI-X table (what
 * Linux passes: pci_resource_start of the table's BIR). */
static bool table_base_ok(const struct pci_dev *dev, uint64_t table_base)
{
	const struct pci_bar *bar = &dev->bars[dev->msix_table_bir];

	return bar->present && !bar->is_io && bar->base == table_base;
}

int pirq_map_msix(struct domain *owner, struct pci_dev *dev,
		  unsigned int entry, uint64_t table_base, int *pirq)
{
	struct pirq_table *t;
	int p, vector;

	if (!dev->msix_cap || entry >= dev->msix_entries ||
	    dev->msix_table_bir >= 6 || !table_base_ok(dev, table_base))
		return -XEN_EINVAL;
	/* Most domains never have a device: their table comes with the
	 * first pirq and goes at teardown. */
	if (!owner->pirqs && !(owner->pirqs = xzalloc(sizeof(*owner->pirqs))))
		return -XEN_ENOMEM;
	t = owner->pirqs;
	if (entry_mapped(t, dev, entry))
		return -XEN_EEXIST;
	p = choose_pirq(t, *pirq);
	if (p < 0)
		return p;
	vector = alloc_vector(owner, (unsigned int)p);
	if (vector < 0)
		return vector;
	t->pirq[p] = (struct pirq){ .dev = dev, .entry = (uint16_t)entry,
				    .vector = (uint8_t)vector };
	/* Masked until the owner binds it to an event channel. */
	arch_msix_mask(dev, entry, true);
	arch_msix_program(dev, entry, (unsigned int)vector);
	arch_msix_enable(dev, true);
	*pirq = p;
	return 0;
}

int pirq_unmap(struct domain *owner, int pirq)
{
	struct pirq *p = pirq >= 0 ? mapped_pirq(owner, (uint32_t)pirq) : NULL;
	struct pci_dev *dev;

	if (!p)
		return -XEN_EINVAL;
	/* Still bound: the port stays the owner's but hears nothing more
	 * (Xen's pirq_guest_force_unbind). */
	if (p->port)
		owner->evtchn->port[p->port].remote_port = NR_PIRQS;
	dev = p->dev;
	arch_msix_mask(dev, p->entry, true);
	vector_owner[p->vector].d = NULL;
	*p = (struct pirq){ 0 };
	if (!device_has_pirqs(owner->pirqs, dev))
		arch_msix_enable(dev, false);
	return 0;
}

int pirq_bind(struct domain *d, uint32_t pirq, evtchn_port_t port)
{
	struct pirq *p = mapped_pirq(d, pirq);

	if (!p)
		return -XEN_EINVAL;
	if (p->port)
		return -XEN_EEXIST;
	p->port = port;
	arch_msix_mask(p->dev, p->entry, false);
	return 0;
}

void pirq_unbind(struct domain *d, uint32_t pirq)
{
	struct pirq *p = mapped_pirq(d, pirq);

	if (!p)
		return;		/* unmapped under the binding already */
	arch_msix_mask(p->dev, p->entry, true);
	p->port = 0;
}

/* Xen answers for any pirq in range; MSI-X never needs a guest EOI and is
 * never shared. */
int pirq_status(struct domain *d, uint32_t pirq, uint32_t *flags)
{
	if (pirq >= NR_PIRQS)
		return -XEN_EINVAL;
	*flags = 0;
	return 0;
}

int pirq_eoi(struct domain *d, uint32_t pirq)
{
	return pirq >= NR_PIRQS ? -XEN_EINVAL : 0;
}

/* A writable-type reference, as for the console ring: the guest cannot
 * give the page away or make it a page table while it is registered. */
int pirq_set_eoi_map(struct domain *d, uint64_t mfn)
{
	int rc;

	if (d->pirq_eoi_mfn)
		return -XEN_EBUSY;
	rc = page_get_typed(&machine_mm, mfn, d->domid, PGT_writable);
	if (rc)
		return rc;
	d->pirq_eoi_mfn = mfn;
	return 0;
}

void pirq_vector_fired(unsigned int vector)
{
	struct domain *d;
	struct pirq *p;

	if (vector < PIRQ_VECTOR_FIRST || vector > PIRQ_VECTOR_LAST)
		return;
	d = vector_owner[vector].d;
	if (!d || d->state != DOMAIN_RUNNING)
		return;
	p = &d->pirqs->pirq[vector_owner[vector].pirq];
	if (p->port)
		evtchn_set_pending_port(d, p->port);
}

bool pirq_any_bound(void)
{
	for (unsigned int v = PIRQ_VECTOR_FIRST; v <= PIRQ_VECTOR_LAST; v++) {
		struct domain *d = vector_owner[v].d;

		if (d && d->state == DOMAIN_RUNNING &&
		    d->pirqs->pirq[vector_owner[v].pirq].port)
			return true;
	}
	return false;
}

void pirq_release(struct domain *d)
{
	for (int p = 0; d->pirqs && p < NR_PIRQS; p++)
		if (d->pirqs->pirq[p].dev)
			pirq_unmap(d, p);
	xfree(d->pirqs);
	d->pirqs = NULL;
	if (d->pirq_eoi_mfn)
		page_put_typed(&machine_mm, d->pirq_eoi_mfn);
	d->pirq_eoi_mfn = 0;
}
