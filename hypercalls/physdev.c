/* SPDX-License-Identifier: GPL-2.0-only */
/* HYPERVISOR_physdev_op (xen/physdev.h): physical devices and their
 * interrupts.
 *   set_iopl            the vCPU's virtual I/O privilege level (Linux asks
 *                       for 1 at boot, which lets its kernel run cli/sti)
 *   map_pirq/unmap_pirq an MSI-X entry of a device assigned to a domain
 *                       becomes one of its pirqs; only the pciback service
 *                       domain may ask (Xen: the domain's device model or
 *                       a privileged domain), never the owner itself
 *   irq_status_query    for a pirq: MSI-X needs no EOI and is not shared
 *   eoi                 accepted for any pirq in range (nothing to do)
 *   pirq_eoi_gmfn_v2    the guest's EOI bitmap page (never set for MSI-X)
 * Plain MSI and legacy GSIs are not given out (-EOPNOTSUPP); every other
 * operation is -ENOSYS, logged once. */
#include <parvus/hypercall.h>
#include <parvus/hypercall_dispatch.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/pci.h>
#include <parvus/pirq.h>
#include <parvus/xen.h>
#include <xen/physdev.h>

static long set_iopl(struct vcpu *v, uint64_t arg)
{
	struct physdev_set_iopl op;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -XEN_EFAULT;
	if (op.iopl > 3)
		return -XEN_EINVAL;
	v->iopl = op.iopl;
	return 0;
}

/* The domain a map or unmap names, if the caller may act for it. */
static long pirq_target(struct domain *d, domid_t domid, struct domain **owner)
{
	*owner = domain_by_id(domid == DOMID_SELF ? d->domid : domid);
	if (!*owner)
		return -XEN_ESRCH;
	return d->is_pciback ? 0 : -XEN_EPERM;
}

/* The device an MSI-X map names: seg:bus:devfn, assigned to owner. */
static long map_pirq_device(const struct physdev_map_pirq *m,
			    const struct domain *owner, struct pci_dev **dev)
{
	uint32_t seg = m->type == MAP_PIRQ_TYPE_MSI_SEG ? (uint32_t)m->bus >> 16 : 0;

	if (m->type == MAP_PIRQ_TYPE_GSI)
		return -XEN_EOPNOTSUPP;
	if (m->type != MAP_PIRQ_TYPE_MSI && m->type != MAP_PIRQ_TYPE_MSI_SEG)
		return -XEN_EINVAL;
	if (m->index != -1 || m->entry_nr < 0 || (m->bus & 0xff00) ||
	    m->devfn < 0 || m->devfn > 0xff)
		return -XEN_EINVAL;
	if (!m->table_base)
		return -XEN_EOPNOTSUPP;		/* plain MSI */
	*dev = pci_dev_find((uint16_t)seg, (uint8_t)m->bus, (uint8_t)m->devfn);
	if (!*dev)
		return -XEN_ENODEV;
	return (*dev)->owner == owner->domid ? 0 : -XEN_EPERM;
}

static long map_pirq(struct domain *d, uint64_t arg)
{
	struct physdev_map_pirq m;
	struct domain *owner;
	struct pci_dev *dev;
	long rc;

	if (copy_from_guest(&m, arg, sizeof(m)))
		return -XEN_EFAULT;
	rc = pirq_target(d, m.domid, &owner);
	if (!rc)
		rc = map_pirq_device(&m, owner, &dev);
	if (!rc)
		rc = pirq_map_msix(owner, dev, (unsigned int)m.entry_nr,
				   m.table_base, &m.pirq);
	if (!rc && copy_to_guest(arg, &m, sizeof(m))) {
		pirq_unmap(owner, m.pirq);	/* it never learnt the number */
		return -XEN_EFAULT;
	}
	return rc;
}

static long unmap_pirq(struct domain *d, uint64_t arg)
{
	struct physdev_unmap_pirq u;
	struct domain *owner;
	long rc;

	if (copy_from_guest(&u, arg, sizeof(u)))
		return -XEN_EFAULT;
	rc = pirq_target(d, u.domid, &owner);
	return rc ? rc : pirq_unmap(owner, u.pirq);
}

static long irq_status_query(struct domain *d, uint64_t arg)
{
	struct physdev_irq_status_query q;
	long rc;

	if (copy_from_guest(&q, arg, sizeof(q)))
		return -XEN_EFAULT;
	rc = pirq_status(d, q.irq, &q.flags);
	if (!rc && copy_to_guest(arg, &q, sizeof(q)))
		return -XEN_EFAULT;
	return rc;
}

static long eoi(struct domain *d, uint64_t arg)
{
	struct physdev_eoi e;

	if (copy_from_guest(&e, arg, sizeof(e)))
		return -XEN_EFAULT;
	return pirq_eoi(d, e.irq);
}

/* A PV guest names the page by its machine frame. */
static long pirq_eoi_gmfn(struct domain *d, uint64_t arg)
{
	struct physdev_pirq_eoi_gmfn g;

	if (copy_from_guest(&g, arg, sizeof(g)))
		return -XEN_EFAULT;
	return pirq_set_eoi_map(d, g.gmfn);
}

long do_physdev_op(struct vcpu *v, uint64_t cmd, uint64_t arg,
		   uint64_t a3, uint64_t a4, uint64_t a5)
{
	switch ((uint32_t)cmd) {
	case PHYSDEVOP_set_iopl:
		return set_iopl(v, arg);
	case PHYSDEVOP_map_pirq:
		return map_pirq(v->domain, arg);
	case PHYSDEVOP_unmap_pirq:
		return unmap_pirq(v->domain, arg);
	case PHYSDEVOP_irq_status_query:
		return irq_status_query(v->domain, arg);
	case PHYSDEVOP_eoi:
		return eoi(v->domain, arg);
	case PHYSDEVOP_pirq_eoi_gmfn_v2:
		return pirq_eoi_gmfn(v->domain, arg);
	default:
		return hypercall_nosys(v, __HYPERVISOR_physdev_op, (long)(int)cmd);
	}
}
