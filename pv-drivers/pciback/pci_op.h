/* SPDX-License-Identifier: GPL-2.0-only */
/* The pciback service's answers to pcifront's operations (xen/io/pciif.h,
 * as Linux's xen-pcifront sends them), kept free of hardware so that the
 * unit tests build it hosted: configuration space and pirqs are reached
 * only through struct pciback_hw, which the service fills with conf1 port
 * I/O and PHYSDEVOP_map_pirq/unmap_pirq, and the tests with fakes.
 *
 * The shared page belongs to the frontend and may change at any moment:
 * pciback_serve copies the operation out once, checks it against the
 * frontend's own device list (struct pciback_fe, from its dev-N nodes),
 * acts on the copy only, then writes back err, value and (for
 * enable_msix) the vectors, clears _XEN_PCIF_active and returns. */
#ifndef PCIBACK_PCI_OP_H
#define PCIBACK_PCI_OP_H

#include <parvus/types.h>
#include <xen/xen.h>
#include <xen/physdev.h>
#include <xen/io/pciif.h>

#define PCIBACK_MAX_DEVS	8	/* per frontend, as the manifest's pci= */
#define PCIBACK_CONF_SIZE	256	/* what conf1 reaches of each function */

struct pciback_dev {
	uint16_t seg;
	uint8_t bus, devfn;
	bool msi_on, msix_on;
	int msi_pirq;
	unsigned int nr_msix;
	int msix_pirq[SH_INFO_MAX_VEC];
};

/* One frontend: its domain and the devices its dev-N nodes list. */
struct pciback_fe {
	domid_t domid;
	unsigned int nr_devs;
	struct pciback_dev devs[PCIBACK_MAX_DEVS];
};

struct pciback_hw {
	/* size 1, 2 or 4; reg aligned to it and below PCIBACK_CONF_SIZE. */
	uint32_t (*conf_read)(void *ctx, const struct pciback_dev *d,
			      unsigned int reg, unsigned int size);
	void (*conf_write)(void *ctx, const struct pciback_dev *d,
			   unsigned int reg, unsigned int size, uint32_t v);
	/* PHYSDEVOP_map_pirq / unmap_pirq: 0 or a negative Xen errno. */
	int (*map_pirq)(void *ctx, struct physdev_map_pirq *map);
	int (*unmap_pirq)(void *ctx, domid_t domid, int pirq);
	void *ctx;
};

/* "SSSS:BB:DD.F" (hex, as the toolstack writes dev-N), nothing after it.
 * False if malformed or out of range. */
bool pciback_parse_bdf(const char *s, uint16_t *seg, uint8_t *bus, uint8_t *devfn);

/* The device of fe at seg:bus:devfn, or NULL. */
struct pciback_dev *pciback_find(struct pciback_fe *fe, uint32_t seg, uint32_t bus,
				 uint32_t devfn);

/* Acts on a private copy of an operation: sets op->err and op->value
 * (and op->msix_entries[].vector for enable_msix). */
void pciback_do_op(struct pciback_fe *fe, struct xen_pci_op *op, const struct pciback_hw *hw);

/* If the frontend has an operation pending (_XEN_PCIF_active), serves it
 * and clears the flag; the caller then notifies. Returns our copy of the
 * operation as answered, or NULL if none was pending. */
const struct xen_pci_op *pciback_serve(struct pciback_fe *fe, volatile struct xen_pci_sharedinfo *sh,
		   const struct pciback_hw *hw);

/* The frontend has gone (or disconnected): every pirq it still had is
 * unmapped and its devices stop bus mastering, as Linux's
 * xen_pcibk_reset_device does. */
void pciback_fe_reset(struct pciback_fe *fe, const struct pciback_hw *hw);

#endif
