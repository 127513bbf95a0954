/* SPDX-License-Identifier: GPL-2.0-only */
/* pcifront's operations answered in "passthrough" mode (see pci_op.h):
 * conf_read/conf_write of the frontend's own devices, enable/disable of
 * MSI and MSI-X as pirqs mapped into the frontend's pirq space
 * (PHYSDEVOP_map_pirq with the frontend's domid, as Linux's pciback gets
 * them from Xen for a guest); everything else not implemented. The errors
 * are the protocol's (XEN_PCI_ERR_*) where Linux's pciback gives those, and
 * a negative Xen errno where it passes the kernel's through (MSI-X). */
#include "pci_op.h"
#include <parvus/string.h>
#include <xen/errno.h>

#define PCI_COMMAND		0x04
#define PCI_COMMAND_MEMORY	0x2
#define PCI_COMMAND_MASTER	0x4
#define PCI_STATUS		0x06
#define PCI_STATUS_CAP_LIST	0x10
#define PCI_BAR0		0x10
#define PCI_CAP_PTR		0x34
#define PCI_CAP_ID_MSIX		0x11
#define MSIX_FLAGS		2	/* within the capability */
#define MSIX_TABLE		4
#define MSIX_QSIZE		0x7ff
#define MSIX_BIR		0x7
#define MAX_CAPS		48	/* (256 - 64) / 4: a loop ends */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly `digits` hex digits then `end` (or the string's end if 0). */
static const char *hex_field(const char *s, int digits, char end, unsigned int *out)
{
	unsigned int v = 0;

	for (int i = 0; i < digits; i++) {
		int h = hexval(s[i]);

		if (h < 0)
			return NULL;
		v = v << 4 | (unsigned int)h;
	}
	if (s[digits] != end)
		return NULL;
	*out = v;
	return s + digits + (end ? 1 : 0);
}

bool pciback_parse_bdf(const char *s, uint16_t *seg, uint8_t *bus, uint8_t *devfn)
{
	unsigned int sg, b, d, f;

	if (!(s = hex_field(s, 4, ':', &sg)) || !(s = hex_field(s, 2, ':', &b)) ||
	    !(s = hex_field(s, 2, '.', &d)) || !hex_field(s, 1, 0, &f))
		return false;
	if (d > 0x1f || f > 7)
		return false;
	*seg = (uint16_t)sg;
	*bus = (uint8_t)b;
	*devfn = (uint8_t)(d << 3 | f);
	return true;
}

struct pciback_dev *pciback_find(struct pciback_fe *fe, uint32_t seg, uint32_t bus,
				 uint32_t devfn)
{
	for (unsigned int i = 0; i < fe->nr_devs && i < PCIBACK_MAX_DEVS; i++) {
		struct pciback_dev *d = &fe->devs[i];

		if (d->seg == seg && d->bus == bus && d->devfn == devfn)
			return d;
	}
	return NULL;
}

/* Linux's pciback valid_request, and conf1's 256 bytes. */
static bool conf_ok(int32_t offset, int32_t size)
{
	return (size == 1 || size == 2 || size == 4) && offset >= 0 &&
	       offset % size == 0 && offset <= PCIBACK_CONF_SIZE - size;
}

static uint32_t rd(const struct pciback_hw *hw, const struct pciback_dev *d,
		   unsigned int reg, unsigned int size)
{
	uint32_t v = hw->conf_read(hw->ctx, d, reg, size);

	return size == 4 ? v : v & ((1u << (size * 8)) - 1);
}

static void conf_access(const struct pciback_dev *d, struct xen_pci_op *op,
			const struct pciback_hw *hw)
{
	if (!conf_ok(op->offset, op->size)) {
		op->err = XEN_PCI_ERR_invalid_offset;
		return;
	}
	if (op->cmd == XEN_PCI_OP_conf_read) {
		op->value = rd(hw, d, (unsigned int)op->offset, (unsigned int)op->size);
	} else {
		uint32_t mask = op->size == 4 ? ~0u : (1u << (op->size * 8)) - 1;

		hw->conf_write(hw->ctx, d, (unsigned int)op->offset,
			       (unsigned int)op->size, op->value & mask);
	}
	op->err = XEN_PCI_ERR_success;
}

/* The MSI-X capability's offset, or 0: the list is the device's, bounded
 * and checked all the same. */
static unsigned int find_msix(const struct pciback_dev *d, const struct pciback_hw *hw)
{
	unsigned int pos;

	if (!(rd(hw, d, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
		return 0;
	pos = rd(hw, d, PCI_CAP_PTR, 1) & ~3u;
	for (int i = 0; i < MAX_CAPS && pos >= 0x40; i++) {
		if (rd(hw, d, pos, 1) == PCI_CAP_ID_MSIX)
			return pos;
		pos = rd(hw, d, pos + 1, 1) & ~3u;
	}
	return 0;
}

/* The address of the memory BAR that holds the MSI-X table, or 0: Xen's
 * table_base is the BAR (its msix_capability_init adds the table offset
 * itself and warns if table_base is not the BAR it reads), and a
 * non-zero table_base is what tells Xen's map_pirq MSI-X from MSI. */
static uint64_t msix_table_bar(const struct pciback_dev *d, unsigned int cap,
			       const struct pciback_hw *hw)
{
	unsigned int bir = rd(hw, d, cap + MSIX_TABLE, 4) & MSIX_BIR;
	uint32_t lo;

	if (bir > 5)
		return 0;
	lo = rd(hw, d, PCI_BAR0 + bir * 4, 4);
	if (lo & 1)
		return 0;			/* an I/O BAR cannot hold it */
	if ((lo >> 1 & 3) != 2)
		return lo & ~0xfu;
	if (bir == 5)
		return 0;			/* a 64-bit BAR needs two */
	return (uint64_t)rd(hw, d, PCI_BAR0 + bir * 4 + 4, 4) << 32 | (lo & ~0xfu);
}

static void unmap_all_msix(struct pciback_fe *fe, struct pciback_dev *d,
			   const struct pciback_hw *hw)
{
	for (unsigned int i = 0; i < d->nr_msix; i++)
		hw->unmap_pirq(hw->ctx, fe->domid, d->msix_pirq[i]);
	d->nr_msix = 0;
	d->msix_on = false;
}

/* The entries asked for: each below the table's size, none twice. */
static bool msix_entries_ok(const struct xen_pci_op *op, unsigned int nr,
			    unsigned int table_size)
{
	for (unsigned int i = 0; i < nr; i++) {
		if (op->msix_entries[i].entry >= table_size)
			return false;
		for (unsigned int j = 0; j < i; j++)
			if (op->msix_entries[j].entry == op->msix_entries[i].entry)
				return false;
	}
	return true;
}

/* Checks as Linux's xen_pcibk_enable_msix and pci_enable_msix_exact;
 * 0, or the negative Xen errno to answer. *base: the table's BAR. */
static int msix_check(const struct pciback_dev *d, const struct xen_pci_op *op,
		      const struct pciback_hw *hw, uint64_t *base)
{
	unsigned int nr = op->value, cap;

	if (nr == 0 || nr > SH_INFO_MAX_VEC)
		return -XEN_EINVAL;
	if (d->msix_on)
		return -XEN_EBUSY;
	if (d->msi_on || !(rd(hw, d, PCI_COMMAND, 2) & PCI_COMMAND_MEMORY))
		return -XEN_ENXIO;
	cap = find_msix(d, hw);
	if (!cap)
		return -XEN_EINVAL;
	if (!msix_entries_ok(op, nr, (rd(hw, d, cap + MSIX_FLAGS, 2) & MSIX_QSIZE) + 1))
		return -XEN_EINVAL;
	*base = msix_table_bar(d, cap, hw);
	return *base ? 0 : -XEN_ENXIO;
}

/* One pirq for an MSI-X entry (or MSI: entry -1) of d, in fe's pirq space. */
static int map_one(struct pciback_fe *fe, const struct pciback_dev *d, int entry,
		   uint64_t table_base, const struct pciback_hw *hw, int *pirq)
{
	struct physdev_map_pirq m = {
		.domid = fe->domid,
		.type = entry < 0 && !d->seg ? MAP_PIRQ_TYPE_MSI : MAP_PIRQ_TYPE_MSI_SEG,
		.index = -1,
		.pirq = -1,
		.bus = d->bus | (int)d->seg << 16,
		.devfn = d->devfn,
		.entry_nr = entry < 0 ? 0 : entry,
		.table_base = table_base,
	};
	int rc;

	if (m.type == MAP_PIRQ_TYPE_MSI)
		m.bus = d->bus;
	rc = hw->map_pirq(hw->ctx, &m);
	if (rc)
		return rc;
	if (m.pirq <= 0 || m.pirq > 0xffff) {	/* must fit the vector field */
		hw->unmap_pirq(hw->ctx, fe->domid, m.pirq);
		return -XEN_EINVAL;
	}
	*pirq = m.pirq;
	return 0;
}

static int map_entries(struct pciback_fe *fe, struct pciback_dev *d,
		       const struct xen_pci_op *op, uint64_t base, const struct pciback_hw *hw)
{
	for (unsigned int i = 0; i < op->value; i++) {
		int rc = map_one(fe, d, op->msix_entries[i].entry, base, hw, &d->msix_pirq[i]);

		if (rc) {
			unmap_all_msix(fe, d, hw);
			return rc;
		}
		d->nr_msix = i + 1;
	}
	return 0;
}

static void enable_msix(struct pciback_fe *fe, struct pciback_dev *d, struct xen_pci_op *op,
			const struct pciback_hw *hw)
{
	uint64_t base = 0;
	int rc = msix_check(d, op, hw, &base);

	if (!rc)
		rc = map_entries(fe, d, op, base, hw);
	if (rc) {
		op->err = rc;
		op->value = 0;
		return;
	}
	for (unsigned int i = 0; i < d->nr_msix; i++)
		op->msix_entries[i].vector = (uint16_t)d->msix_pirq[i];
	d->msix_on = true;
	op->err = XEN_PCI_ERR_success;
	op->value = 0;
}

static void enable_msi(struct pciback_fe *fe, struct pciback_dev *d, struct xen_pci_op *op,
		       const struct pciback_hw *hw)
{
	int pirq = 0;

	op->value = 0;
	if (d->msi_on || d->msix_on || map_one(fe, d, -1, 0, hw, &pirq)) {
		op->err = XEN_PCI_ERR_op_failed;	/* as Linux's pciback */
		return;
	}
	d->msi_on = true;
	d->msi_pirq = pirq;
	op->value = (uint32_t)pirq;
	op->err = XEN_PCI_ERR_success;
}

static void disable_msi(struct pciback_fe *fe, struct pciback_dev *d,
			const struct pciback_hw *hw)
{
	if (d->msi_on)
		hw->unmap_pirq(hw->ctx, fe->domid, d->msi_pirq);
	d->msi_on = false;
}

void pciback_do_op(struct pciback_fe *fe, struct xen_pci_op *op, const struct pciback_hw *hw)
{
	struct pciback_dev *d = pciback_find(fe, op->domain, op->bus, op->devfn);

	if (!d) {
		op->err = XEN_PCI_ERR_dev_not_found;
		return;
	}
	switch (op->cmd) {
	case XEN_PCI_OP_conf_read:
	case XEN_PCI_OP_conf_write:
		conf_access(d, op, hw);
		return;
	case XEN_PCI_OP_enable_msi:
		enable_msi(fe, d, op, hw);
		return;
	case XEN_PCI_OP_disable_msi:
		disable_msi(fe, d, hw);
		break;
	case XEN_PCI_OP_enable_msix:
		enable_msix(fe, d, op, hw);
		return;
	case XEN_PCI_OP_disable_msix:
		unmap_all_msix(fe, d, hw);
		break;
	default:	/* the AER ops, enable_multi_msi, anything else */
		op->err = XEN_PCI_ERR_not_implemented;
		return;
	}
	op->value = 0;		/* no INTx pirq to report */
	op->err = XEN_PCI_ERR_success;
}

/* The operation, read once: word by word through the volatile page. */
static void take_op(volatile struct xen_pci_sharedinfo *sh, struct xen_pci_op *op)
{
	volatile const uint32_t *src = (volatile const uint32_t *)&sh->op;
	uint32_t *dst = (uint32_t *)op;

	_Static_assert(sizeof(*op) % 4 == 0, "the op is whole words");
	for (size_t i = 0; i < sizeof(*op) / 4; i++)
		dst[i] = src[i];
}

const struct xen_pci_op *pciback_serve(struct pciback_fe *fe,
				       volatile struct xen_pci_sharedinfo *sh,
				       const struct pciback_hw *hw)
{
	static struct xen_pci_op op;	/* 548 bytes: not on a small stack */
	unsigned int nr;
	uint32_t cmd;

	if (!(sh->flags & XEN_PCIF_active))
		return NULL;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);	/* the flag before the op */
	take_op(sh, &op);
	cmd = op.cmd;
	nr = op.value;
	pciback_do_op(fe, &op, hw);
	sh->op.err = op.err;
	sh->op.value = op.value;
	if (cmd == XEN_PCI_OP_enable_msix && op.err == XEN_PCI_ERR_success)
		for (unsigned int i = 0; i < nr && i < SH_INFO_MAX_VEC; i++)
			sh->op.msix_entries[i].vector = op.msix_entries[i].vector;
	__atomic_fetch_and(&sh->flags, ~(uint32_t)XEN_PCIF_active, __ATOMIC_SEQ_CST);
	return &op;
}

void pciback_fe_reset(struct pciback_fe *fe, const struct pciback_hw *hw)
{
	for (unsigned int i = 0; i < fe->nr_devs && i < PCIBACK_MAX_DEVS; i++) {
		struct pciback_dev *d = &fe->devs[i];
		uint32_t cmd;

		disable_msi(fe, d, hw);
		unmap_all_msix(fe, d, hw);
		cmd = rd(hw, d, PCI_COMMAND, 2);
		if (cmd != 0xffff && (cmd & PCI_COMMAND_MASTER))
			hw->conf_write(hw->ctx, d, PCI_COMMAND, 2, cmd & ~PCI_COMMAND_MASTER);
	}
}
