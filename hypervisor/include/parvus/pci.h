/* SPDX-License-Identifier: GPL-2.0-only */
/* PCI device assignment: the devices the boot scan found on segment 0
 * (hypervisor/common/pci.c over the conf1 ports in
 * hypervisor/arch/x86_64/pci_conf1.c), which domain each one is assigned
 * to by the boot manifest's pci= key, and the rules derived from that:
 *
 * - the owner may map the device's memory BARs (its iomem ranges, always
 *   uncached; the MSI-X table and PBA pages read-only) and use its I/O
 *   BARs' ports (its ioport ranges), see page_types.h and emul_priv_op.c;
 * - the one role=pciback domain reaches the assigned devices' config
 *   space through an emulated conf1 (0xCF8/0xCFC), filtered by
 *   hypervisor/common/pci_conf_filter.c: BARs, the ROM BAR and the MSI and
 *   MSI-X capabilities are the hypervisor's (writes dropped, BAR sizing
 *   emulated from what the scan probed once at boot).
 *
 * There is no IOMMU: a device's DMA reaches all of memory (docs/security.md).
 * The first block of declarations is the contract the pirq work builds on
 * (names and meaning fixed); the rest is this subsystem's own. */
#ifndef PARVUS_PCI_H
#define PARVUS_PCI_H

#include <parvus/types.h>
#include <parvus/rangeset.h>

struct pci_bar { uint64_t base, size; bool is_io, is_64, present; };
struct pci_dev {
	uint16_t seg; uint8_t bus, devfn;
	unsigned int owner;		/* domid it is assigned to; 0 = nobody */
	struct pci_bar bars[6];
	uint8_t msix_cap;		/* config offset of MSI-X capability; 0 none */
	uint16_t msix_entries;		/* table size */
	uint8_t msix_table_bir, msix_pba_bir;
	uint32_t msix_table_off, msix_pba_off;

	/* Recorded by the boot scan, for the filter and the boot log. */
	uint16_t vendor, device;
	uint8_t header_type;		/* 0: an endpoint; 1, 2: bridges */
	uint8_t msi_cap, msi_len;	/* MSI capability and its length; 0 none */
	/* A virtio 1.0 device's common configuration (vendor capability,
	 * cfg_type 1): where pci_release resets it. */
	bool virtio_common;
	uint8_t virtio_common_bar;
	uint32_t virtio_common_off;
	/* What BARs 0-5 and the ROM BAR (6) read back after all-ones was
	 * written to them at boot (restored at once): the emulated answer
	 * to a BAR sizing read. */
	uint32_t bar_mask[7];
	uint8_t sizing;			/* bit i: BAR register i (6: ROM) is
					 * being sized by the pciback domain */
};

struct pci_dev *pci_dev_find(uint16_t seg, uint8_t bus, uint8_t devfn);
/* Config space by conf1 (segment 0; others read all-ones), reg below 256
 * and naturally aligned for size (1, 2 or 4). */
uint32_t pci_conf_read(const struct pci_dev *d, unsigned int reg, unsigned int size);
void pci_conf_write(const struct pci_dev *d, unsigned int reg, unsigned int size, uint32_t v);

/* ---- config space layout used here ---- */
#define PCI_VENDOR_ID		0x00
#define PCI_COMMAND		0x04
#define PCI_COMMAND_IO		0x1
#define PCI_COMMAND_MEMORY	0x2
#define PCI_COMMAND_MASTER	0x4
#define PCI_STATUS		0x06
#define PCI_STATUS_CAP_LIST	0x10
#define PCI_HEADER_TYPE		0x0e
#define PCI_BAR0		0x10
#define PCI_BAR_END		0x28	/* BARs 0x10-0x27 */
#define PCI_ROM_BAR		0x30
#define PCI_ROM_MASK		0xfffff800u
#define PCI_CAP_PTR		0x34
#define PCI_CAP_ID_MSI		0x05
#define PCI_CAP_ID_MSIX		0x11
#define PCI_CAP_ID_VNDR		0x09
#define PCI_VENDOR_VIRTIO	0x1af4
#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define PCI_MSIX_LEN		12
#define PCI_CONF_SIZE		256	/* what conf1 reaches */

#define PCI_DEVFN(dev, fn)	((uint8_t)(((dev) << 3) | (fn)))
#define PCI_SLOT(devfn)		((devfn) >> 3)
#define PCI_FUNC(devfn)		((devfn) & 7)

#define PCI_MAX_DEVS		64	/* devices the boot scan records */
#define PCI_MAX_PER_DOMAIN	8	/* pci= entries of one domain */

struct pci_bdf {
	uint16_t seg;
	uint8_t bus, devfn;
};

/* ---- hypervisor/lib/pci_bdf.c (pure) ---- */
/* "BB:DD.F" (segment 0) or "SSSS:BB:DD.F", hexadecimal, exactly len
 * bytes (no blanks). False if malformed or out of range (device > 0x1f,
 * function > 7). */
bool pci_parse_bdf(const char *s, size_t len, struct pci_bdf *out);
/* "SSSS:BB:DD.F" into buf (at least 13 bytes). */
void pci_format_bdf(char *buf, size_t size, const struct pci_bdf *bdf);

/* ---- hypervisor/common/pci_assign.c (pure) ---- */
struct boot_region;
/* Why dev may not be assigned (a bridge; a BAR over RAM or the interrupt
 * controllers, 0xfec00000-0xfeffffff; an I/O BAR in the legacy ports
 * below 0x1000), or 0. */
int pci_assign_check(const struct pci_dev *dev, const struct boot_region *ram,
		     unsigned int nr_ram, char *why, size_t why_len);
/* dev's memory BARs into iomem (frame numbers) and its I/O BARs into
 * ioport (port numbers). -1 if a set is full. */
int pci_assign_ranges(const struct pci_dev *dev, struct rangeset *iomem,
		      struct rangeset *ioport);
/* Frame mfn holds (part of) an MSI-X table or PBA of a device owned by
 * domid: it may only be mapped read-only. */
bool pci_msix_frame(const struct pci_dev *devs, unsigned int nr, unsigned int domid,
		    uint64_t mfn);
/* The start of the host's PCI hole: the end of the highest RAM below
 * 4 GiB, page-aligned; the hole ends at 4 GiB. */
uint64_t pci_hole_start(const struct boot_region *ram, unsigned int nr_ram);

struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
} __packed;
#define E820_RAM	1
#define E820_RESERVED	2
#define PCI_MEMMAP_MAX	3
/* The pseudo-physical memory map of a domain with ram_bytes of memory
 * (XENMEM_memory_map): its RAM from 0; with a hole, RAM stops at the
 * hole's start (the rest goes above 4 GiB) and the hole up to 4 GiB is
 * reserved. Returns the number of entries (at most PCI_MEMMAP_MAX). */
unsigned int pci_memory_map(uint64_t ram_bytes, bool hole, uint64_t hole_start,
			    struct e820_entry *out);

/* ---- hypervisor/common/pci_conf_filter.c (pure) ---- */
#define PCI_CONF1_ADDR		0xcf8
#define PCI_CONF1_DATA		0xcfc
#define PCI_CONF1_ENABLE	0x80000000u
/* The access to data port `port` (0xCFC-0xCFF) of `size` with the address
 * latch cf8: the device and register it reaches. False for a latch
 * without the enable bit or with extended register bits (27:24), or an
 * access that is not naturally aligned. */
bool pci_conf1_decode(uint32_t cf8, uint16_t port, unsigned int size,
		      struct pci_bdf *bdf, unsigned int *reg);
struct pci_conf_ops {
	uint32_t (*read)(const struct pci_dev *d, unsigned int reg, unsigned int size);
	void (*write)(const struct pci_dev *d, unsigned int reg, unsigned int size,
		      uint32_t v);
};
/* The pciback domain's config read and write of an assigned device: reads
 * reach the device except a BAR being sized (its boot mask); writes to
 * the BARs, ROM BAR, MSI and MSI-X capabilities are dropped (all-ones to a
 * BAR starts sizing it, any other write stops it), the rest pass. reg is
 * naturally aligned for size (1, 2 or 4) and below 256. */
uint32_t pci_filter_read(struct pci_dev *d, unsigned int reg, unsigned int size,
			 const struct pci_conf_ops *ops);
void pci_filter_write(struct pci_dev *d, unsigned int reg, unsigned int size,
		      uint32_t v, const struct pci_conf_ops *ops);
/* True if a write of size bytes at reg touches a register the filter
 * keeps from the pciback domain. */
bool pci_filter_refuses(const struct pci_dev *d, unsigned int reg, unsigned int size);
/* The pciback domain's in and out on 0xCF8-0xCFF with its latch cf8:
 * a dword at 0xCF8 is the latch; the data ports reach the device of devs
 * the latch names, through the filter, only if it is assigned (owner
 * set); anything else reads all-ones and writes nowhere. */
uint32_t pci_conf1_read(struct pci_dev *devs, unsigned int nr, const uint32_t *cf8,
			uint16_t port, unsigned int size, const struct pci_conf_ops *ops);
void pci_conf1_write(struct pci_dev *devs, unsigned int nr, uint32_t *cf8, uint16_t port,
		     unsigned int size, uint32_t v, const struct pci_conf_ops *ops);

/* ---- hypervisor/common/pci.c (the hypervisor's device table) ---- */
extern struct pci_dev pci_devs[PCI_MAX_DEVS];
extern unsigned int pci_nr_devs;
/* Boot: scans segment 0 bus 0 (and the buses behind bridges), probes
 * each BAR's size once, prints one line per device. */
void pci_scan(const struct boot_region *ram, unsigned int nr_ram);
struct domain;
/* Before any domain is built: the manifest's devices exist and may be
 * assigned. 0, or -1 with a reason. */
int pci_check_assignable(const struct pci_bdf *bdf, char *why, size_t why_len);
/* Gives the devices to d (owner, iomem and ioport ranges); after
 * pci_check_assignable accepted each. */
int pci_assign(struct domain *d, const struct pci_bdf *bdfs, unsigned int n,
	       char *why, size_t why_len);
/* d is being destroyed: its devices stop bus-mastering, virtio ones are
 * reset, and all go back to nobody. */
void pci_release(struct domain *d);
/* arch/x86_64/virtio_reset.c: device_status 0 in d's virtio common
 * configuration; 0 once it reads back 0. */
int arch_virtio_reset(const struct pci_dev *d);
/* What domain d may do with a frame that is not RAM (page_types.h). */
int pci_frame_access(unsigned int d, uint64_t mfn);
/* The pciback domain's conf1 port I/O (emul_priv_op.c). */
uint32_t pci_conf1_in(struct domain *d, uint32_t *cf8, uint16_t port, unsigned int size);
void pci_conf1_out(struct domain *d, uint32_t *cf8, uint16_t port, unsigned int size,
		   uint32_t v);
/* XENMEM_memory_map for d: PCI_MEMMAP_MAX entries at most. */
unsigned int pci_domain_memory_map(const struct domain *d, struct e820_entry *out);

#endif
