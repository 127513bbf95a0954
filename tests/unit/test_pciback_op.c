/* SPDX-License-Identifier: GPL-2.0-only */
/* The pciback service's operations (pv-drivers/pciback/pci_op.c) against
 * a fake configuration space and a fake PHYSDEVOP_map_pirq: every
 * operation, every error it answers, garbage operations, too many MSI-X
 * entries, another frontend's device, and a frontend that rewrites the
 * shared page while its operation is being served. */
#include "unit.h"
#include "../../pv-drivers/pciback/pci_op.h"
#include <xen/errno.h>

#define DEVFN(d, f) ((d) << 3 | (f))
#define PCI_CAP_ID_MSIX_TEST 0x11

/* Two devices' configuration spaces: 00:04.0 (MSI-X: 4 entries, table in
 * BAR 1, a 64-bit BAR 1+2) and 00:05.0 (no capabilities). */
struct fake {
	uint8_t conf[2][PCIBACK_CONF_SIZE];
	unsigned int reads, writes, maps, unmaps;
	int next_pirq, fail_map_at;	/* fail the n-th map (1-based); 0 never */
	bool dead;			/* the frontend's domain has died: unmaps fail */
	struct physdev_map_pirq last_map;
	int mapped[256];		/* pirq -> mapped */
	unsigned int last_write_reg, last_write_size;
	uint32_t last_write;
	volatile struct xen_pci_sharedinfo *scribble;	/* rewritten on every read */
};

static struct fake fk;

static uint8_t *space(const struct pciback_dev *d)
{
	return fk.conf[d->devfn == DEVFN(4, 0) ? 0 : 1];
}

static void scribble(void)
{
	if (!fk.scribble)
		return;
	fk.scribble->op.cmd = 0xdead;
	fk.scribble->op.devfn = DEVFN(9, 0);
	fk.scribble->op.value = 100000;
	fk.scribble->op.offset = -4;
	for (int i = 0; i < SH_INFO_MAX_VEC; i++)
		fk.scribble->op.msix_entries[i].entry = 0xffff;
}

static uint32_t fake_read(void *ctx, const struct pciback_dev *d, unsigned int reg,
			  unsigned int size)
{
	uint32_t v = 0;

	cr_assert(size == 1 || size == 2 || size == 4);
	cr_assert_eq(reg % size, 0);
	cr_assert_leq(reg + size, PCIBACK_CONF_SIZE);
	memcpy(&v, space(d) + reg, size);
	fk.reads++;
	scribble();
	return v;
}

static void fake_write(void *ctx, const struct pciback_dev *d, unsigned int reg,
		       unsigned int size, uint32_t v)
{
	cr_assert(size == 1 || size == 2 || size == 4);
	cr_assert_eq(reg % size, 0);
	memcpy(space(d) + reg, &v, size);
	fk.writes++;
	fk.last_write_reg = reg;
	fk.last_write_size = size;
	fk.last_write = v;
}

static int fake_map(void *ctx, struct physdev_map_pirq *m)
{
	fk.maps++;
	fk.last_map = *m;
	scribble();
	if (fk.fail_map_at && fk.maps == (unsigned int)fk.fail_map_at)
		return -XEN_ENOSPC;
	m->pirq = fk.next_pirq++;
	fk.mapped[m->pirq] = 1;
	return 0;
}

static int fake_unmap(void *ctx, domid_t domid, int pirq)
{
	cr_assert_eq(domid, 7, "pirqs are the frontend's");
	cr_assert(pirq > 0 && pirq < 256 && fk.mapped[pirq], "unmap of pirq %d never mapped", pirq);
	fk.unmaps++;
	if (fk.dead)
		return -XEN_ESRCH;	/* the hypervisor released them with the domain */
	fk.mapped[pirq] = 0;
	return 0;
}

static const struct pciback_hw hw = { fake_read, fake_write, fake_map, fake_unmap, NULL };
static struct pciback_fe fe;
static struct xen_pci_sharedinfo sh;

static void put16(uint8_t *c, unsigned int reg, uint16_t v) { memcpy(c + reg, &v, 2); }
static void put32(uint8_t *c, unsigned int reg, uint32_t v) { memcpy(c + reg, &v, 4); }

static void setup(void)
{
	uint8_t *a = fk.conf[0], *b = fk.conf[1];

	memset(&fk, 0, sizeof(fk));
	memset(&sh, 0, sizeof(sh));
	fk.next_pirq = 20;
	put16(a, 0, 0x1af4);
	put16(a, 2, 0x1044);
	put16(a, 0x04, 0x0002);			/* memory decoding on */
	put16(a, 0x06, 0x0010);			/* a capability list */
	put32(a, 0x10, 0x0000c001);		/* BAR 0: I/O */
	put32(a, 0x14, 0xfebf000c);		/* BAR 1: 64-bit memory ... */
	put32(a, 0x18, 0x00000001);		/* ... above 4 GiB */
	a[0x34] = 0x40;
	a[0x40] = 0x09; a[0x41] = 0x50;		/* a vendor capability, then */
	a[0x50] = PCI_CAP_ID_MSIX_TEST; a[0x51] = 0;
	put16(a, 0x52, 3);			/* table size 4 */
	put32(a, 0x54, 0x00000801);		/* table at BAR 1 + 0x800 */
	put16(b, 0, 0x1af4);
	put16(b, 2, 0x1045);
	fe = (struct pciback_fe){ .domid = 7, .nr_devs = 2 };
	fe.devs[0] = (struct pciback_dev){ .bus = 0, .devfn = DEVFN(4, 0) };
	fe.devs[1] = (struct pciback_dev){ .bus = 0, .devfn = DEVFN(5, 0) };
}

/* One operation through the shared page, as pcifront sends it. */
static struct xen_pci_op *send(uint32_t cmd, uint32_t devfn, int32_t offset, int32_t size,
			       uint32_t value)
{
	sh.op.cmd = cmd;
	sh.op.domain = 0;
	sh.op.bus = 0;
	sh.op.devfn = devfn;
	sh.op.offset = offset;
	sh.op.size = size;
	sh.op.value = value;
	sh.op.err = 12345;
	sh.flags |= XEN_PCIF_active;
	cr_assert(pciback_serve(&fe, &sh, &hw));
	cr_assert_not(sh.flags & XEN_PCIF_active, "the op is answered");
	return &sh.op;
}

TestSuite(pciback_op, .init = setup);

Test(pciback_op, parse_bdf)
{
	uint16_t seg;
	uint8_t bus, devfn;

	cr_assert(pciback_parse_bdf("0000:00:04.0", &seg, &bus, &devfn));
	cr_assert_eq(seg, 0);
	cr_assert_eq(bus, 0);
	cr_assert_eq(devfn, 0x20);
	cr_assert(pciback_parse_bdf("fFfF:aB:1f.7", &seg, &bus, &devfn));
	cr_assert_eq(seg, 0xffff);
	cr_assert_eq(bus, 0xab);
	cr_assert_eq(devfn, 0xff);
	const char *bad[] = { "", "0000:00:04", "00:04.0", "0000:00:20.0", "0000:00:04.8",
			      "0000:00:04.0 ", "0000:00:04.00", "0000-00:04.0", "000g:00:04.0",
			      "00000:00:04.0", "0000:000:04.0", "0000:00:4.0" };
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_not(pciback_parse_bdf(bad[i], &seg, &bus, &devfn), "%s", bad[i]);
}

Test(pciback_op, conf_read_each_size)
{
	cr_assert_eq(send(XEN_PCI_OP_conf_read, DEVFN(4, 0), 0, 4, 0)->value, 0x10441af4);
	cr_assert_eq(sh.op.err, XEN_PCI_ERR_success);
	cr_assert_eq(send(XEN_PCI_OP_conf_read, DEVFN(4, 0), 2, 2, 0)->value, 0x1044);
	cr_assert_eq(send(XEN_PCI_OP_conf_read, DEVFN(4, 0), 0x34, 1, 0)->value, 0x40);
	cr_assert_eq(send(XEN_PCI_OP_conf_read, DEVFN(5, 0), 0, 4, 0)->value, 0x10451af4);
	cr_assert_eq(send(XEN_PCI_OP_conf_read, DEVFN(4, 0), 252, 4, 0)->err, XEN_PCI_ERR_success);
}

Test(pciback_op, conf_bad_offset_or_size)
{
	static const int32_t cases[][2] = {	/* offset, size */
		{ 0, 3 }, { 0, 0 }, { 0, 8 }, { 0, -1 }, { -4, 4 }, { 1, 2 }, { 2, 4 },
		{ 254, 4 }, { 256, 1 }, { 4096, 4 }, { INT32_MIN, 4 }, { INT32_MAX, 1 },
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		send(XEN_PCI_OP_conf_read, DEVFN(4, 0), cases[i][0], cases[i][1], 0x55);
		cr_assert_eq(sh.op.err, XEN_PCI_ERR_invalid_offset, "read %d/%d", cases[i][0],
			     cases[i][1]);
		send(XEN_PCI_OP_conf_write, DEVFN(4, 0), cases[i][0], cases[i][1], 0x55);
		cr_assert_eq(sh.op.err, XEN_PCI_ERR_invalid_offset, "write %d/%d", cases[i][0],
			     cases[i][1]);
	}
	cr_assert_eq(fk.reads + fk.writes, 0, "nothing reached the device");
}

Test(pciback_op, conf_write_masked_to_size)
{
	send(XEN_PCI_OP_conf_write, DEVFN(4, 0), 0x3c, 1, 0xabcdef0b);
	cr_assert_eq(sh.op.err, XEN_PCI_ERR_success);
	cr_assert_eq(fk.last_write_reg, 0x3c);
	cr_assert_eq(fk.last_write_size, 1);
	cr_assert_eq(fk.last_write, 0x0b);
	send(XEN_PCI_OP_conf_write, DEVFN(4, 0), 0x04, 2, 0xffff0006);
	cr_assert_eq(fk.last_write, 0x0006);
	send(XEN_PCI_OP_conf_write, DEVFN(5, 0), 0x10, 4, 0xffffffff);
	cr_assert_eq(fk.last_write, 0xffffffff, "a BAR write passes (the hypervisor filters)");
	cr_assert_eq(fk.writes, 3);
}

Test(pciback_op, device_not_listed)
{
	static const uint32_t where[][3] = {	/* domain, bus, devfn */
		{ 0, 0, DEVFN(3, 0) }, { 0, 0, DEVFN(4, 1) }, { 0, 1, DEVFN(4, 0) },
		{ 1, 0, DEVFN(4, 0) }, { 0x10000, 0, DEVFN(4, 0) }, { 0, 0x100, DEVFN(4, 0) },
		{ 0, 0, 0x100 | DEVFN(4, 0) }, { ~0u, ~0u, ~0u },
	};

	for (unsigned int i = 0; i < sizeof(where) / sizeof(where[0]); i++)
		for (uint32_t cmd = 0; cmd < 12; cmd++) {
			sh.op.domain = where[i][0];
			sh.op.bus = where[i][1];
			sh.op.devfn = where[i][2];
			sh.op.cmd = cmd;
			sh.op.offset = 0;
			sh.op.size = 4;
			sh.op.value = 1;
			sh.flags = XEN_PCIF_active;
			cr_assert(pciback_serve(&fe, &sh, &hw));
			cr_assert_eq(sh.op.err, XEN_PCI_ERR_dev_not_found, "%u:%u:%u op %u",
				     where[i][0], where[i][1], where[i][2], cmd);
		}
	cr_assert_eq(fk.reads + fk.writes + fk.maps, 0);
}

/* Another frontend's device is as absent as an empty slot. */
Test(pciback_op, another_frontends_device)
{
	struct pciback_fe other = { .domid = 8, .nr_devs = 1 };

	other.devs[0] = fe.devs[1];		/* 00:05.0 is the other's */
	fe.nr_devs = 1;
	cr_assert_eq(send(XEN_PCI_OP_conf_read, DEVFN(5, 0), 0, 4, 0)->err,
		     XEN_PCI_ERR_dev_not_found);
	cr_assert_eq(send(XEN_PCI_OP_enable_msi, DEVFN(5, 0), 0, 0, 0)->err,
		     XEN_PCI_ERR_dev_not_found);
	cr_assert_eq(fk.reads + fk.maps, 0);
	sh.op.cmd = XEN_PCI_OP_conf_read;
	sh.op.offset = 0;
	sh.op.size = 4;
	sh.flags = XEN_PCIF_active;
	cr_assert(pciback_serve(&other, &sh, &hw));
	cr_assert_eq(sh.op.err, XEN_PCI_ERR_success, "its own frontend reads it");
	cr_assert_eq(sh.op.value, 0x10451af4);
}

Test(pciback_op, garbage_and_unimplemented_ops)
{
	static const uint32_t cmds[] = { XEN_PCI_OP_aer_detected, XEN_PCI_OP_aer_resume,
		XEN_PCI_OP_aer_mmio, XEN_PCI_OP_aer_slotreset, XEN_PCI_OP_enable_multi_msi,
		11, 0x80000000, 0xffffffff };

	for (unsigned int i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		cr_assert_eq(send(cmds[i], DEVFN(4, 0), 0, 4, 0)->err,
			     XEN_PCI_ERR_not_implemented, "op %u", cmds[i]);
	cr_assert_eq(fk.reads + fk.writes + fk.maps, 0);
}

Test(pciback_op, no_op_pending)
{
	sh.op.cmd = XEN_PCI_OP_conf_read;
	sh.op.err = 77;
	sh.flags = XEN_PCIB_AERHANDLER;
	cr_assert_not(pciback_serve(&fe, &sh, &hw));
	cr_assert_eq(sh.op.err, 77, "untouched");
	sh.flags |= XEN_PCIF_active;
	cr_assert(pciback_serve(&fe, &sh, &hw));
	cr_assert_eq(sh.flags, XEN_PCIB_AERHANDLER, "only the active bit cleared");
}

static void msix_entries(unsigned int n, const uint16_t *entries)
{
	for (unsigned int i = 0; i < n; i++) {
		sh.op.msix_entries[i].entry = entries[i];
		sh.op.msix_entries[i].vector = 0xffff;	/* pcifront sends -1 */
	}
}

Test(pciback_op, enable_disable_msix)
{
	static const uint16_t e[] = { 0, 3 };

	msix_entries(2, e);
	sh.op.msix_entries[2].vector = 0xbeef;
	send(XEN_PCI_OP_enable_msix, DEVFN(4, 0), 0, 0, 2);
	cr_assert_eq(sh.op.err, 0);
	cr_assert_eq(sh.op.value, 0);
	cr_assert_eq(sh.op.msix_entries[0].vector, 20);
	cr_assert_eq(sh.op.msix_entries[1].vector, 21);
	cr_assert_eq(sh.op.msix_entries[2].vector, 0xbeef, "only the entries asked for");
	cr_assert_eq(fk.maps, 2);
	cr_assert_eq(fk.last_map.domid, 7);
	cr_assert_eq(fk.last_map.type, MAP_PIRQ_TYPE_MSI_SEG);
	cr_assert_eq(fk.last_map.index, -1);
	cr_assert_eq(fk.last_map.bus, 0);
	cr_assert_eq(fk.last_map.devfn, DEVFN(4, 0));
	cr_assert_eq(fk.last_map.entry_nr, 3);
	cr_assert_eq(fk.last_map.table_base, 0x1febf0000ull, "the table's BAR, as Xen takes it");
	send(XEN_PCI_OP_enable_msix, DEVFN(4, 0), 0, 0, 2);
	cr_assert_eq(sh.op.err, -XEN_EBUSY, "already on");
	cr_assert_eq(fk.unmaps, 0, "and still mapped");
	cr_assert_eq(send(XEN_PCI_OP_enable_msi, DEVFN(4, 0), 0, 0, 0)->err, XEN_PCI_ERR_op_failed,
		     "no MSI beside MSI-X");
	send(XEN_PCI_OP_disable_msix, DEVFN(4, 0), 0, 0, 0);
	cr_assert_eq(sh.op.err, 0);
	cr_assert_eq(fk.unmaps, 2);
	cr_assert_not(fk.mapped[20] || fk.mapped[21]);
	send(XEN_PCI_OP_disable_msix, DEVFN(4, 0), 0, 0, 0);
	cr_assert_eq(sh.op.err, 0, "disabling twice is harmless");
	cr_assert_eq(fk.unmaps, 2);
	send(XEN_PCI_OP_enable_msix, DEVFN(4, 0), 0, 0, 2);
	cr_assert_eq(sh.op.err, 0, "and it can be enabled again");
}

Test(pciback_op, msix_table_in_a_32bit_bar)
{
	static const uint16_t e[] = { 2 };

	put32(fk.conf[0], 0x14, 0xfebf1000);	/* BAR 1: 32-bit memory */
	msix_entries(1, e);
	cr_assert_eq(send(XEN_PCI_OP_enable_msix, DEVFN(4, 0), 0, 0, 1)->err, 0);
	cr_assert_eq(fk.last_map.table_base, 0xfebf1000);
	cr_assert_eq(fk.last_map.entry_nr, 2);
}

Test(pciback_op, msix_entry_counts_and_entries)
{
	uint16_t e[SH_INFO_MAX_VEC + 1] = { 0, 1, 2, 3, 4 };

	msix_entries(5, e);
	cr_assert_eq(send(XEN_PCI_OP_enable_msix, DEVFN(4, 0), 0, 0, SH_INFO_MAX_VEC + 1)->err,
		     -XEN_EINVAL, "more than SH_INFO_MAX_VEC");
	cr_assert_eq(send(XEN_PCI_OP_enable_msix, DEVFN(4, 0), 0, 0, 0xffffffff)->err, -XEN_EINVAL);
	cr_assert_eq(send(XEN_PCI_OP_enable_msix, DEVFN(4, 0), 0, 0, 0)->err, -XEN_EINVAL);
	cr_assert_eq(send(XEN_PCI_OP_enable_msix, DEVFN(4, 0), 0, 0, 5)->err, -XEN_EINVAL,
		     "entry 4 of a table of 4");
	e[1] = 0;
	msix_entries(2, e);
	cr_assert_eq(send(XEN_PCI_OP_enable_msix, DEVFN(4, 0), 0, 0, 2)->err, -XEN_EINVAL,
		     "an entry twice");
	cr_assert_eq(fk.maps, 0);
	e[1] = 1;
	msix_entries(4, e);
	cr_assert_eq(send(XEN_PCI_OP_enable_msix, DEVFN(4, 0), 0, 0, 4)->err, 0, "the whole table");
}

Test(pciback_op, msix_device_refusals)
{
	static const uint16_t e[] = { 0 };

	msix_entries(1, e);
	cr_assert_eq(send(XEN_PCI_OP_enable_msix, DEVFN(5, 0), 0, 0, 1)->err, -XEN_ENXIO,
		     "memory decoding off");
	put16(fk.conf[1], 0x04, 0x0002);
	cr_assert_eq(send(XEN_PCI_OP_enable_msix, DEVFN(5, 0), 0, 0, 1)->err, -XEN_EINVAL,
		     "no MSI-X capability");
	put32(fk.conf[0], 0x54, 0x00000800);	/* the table in the I/O BAR 0 */
	cr_assert_eq(send(XEN_PCI_OP_enable_msix, DEVFN(4, 0), 0, 0, 1)->err, -XEN_ENXIO);
	put32(fk.conf[0], 0x54, 0x00000806);	/* BIR 6 */
	cr_assert_eq(send(XEN_PCI_OP_enable_msix, DEVFN(4, 0), 0, 0, 1)->err, -XEN_ENXIO);
	put32(fk.conf[0], 0x54, 0x00000801);
	put32(fk.conf[0], 0x14, 0x0000000c);	/* BAR 1 unassigned */
	put32(fk.conf[0], 0x18, 0);
	cr_assert_eq(send(XEN_PCI_OP_enable_msix, DEVFN(4, 0), 0, 0, 1)->err, -XEN_ENXIO);
	fk.conf[0][0x41] = 0x41;		/* a capability list that loops */
	cr_assert_eq(send(XEN_PCI_OP_enable_msix, DEVFN(4, 0), 0, 0, 1)->err, -XEN_EINVAL);
	cr_assert_eq(fk.maps, 0);
}

Test(pciback_op, msix_map_fails_midway)
{
	static const uint16_t e[] = { 0, 1, 2 };

	msix_entries(3, e);
	fk.fail_map_at = 2;
	cr_assert_eq(send(XEN_PCI_OP_enable_msix, DEVFN(4, 0), 0, 0, 3)->err, -XEN_ENOSPC);
	cr_assert_eq(fk.unmaps, 1, "the first pirq is given back");
	cr_assert_not(fk.mapped[20]);
	fk.fail_map_at = 0;
	cr_assert_eq(send(XEN_PCI_OP_enable_msix, DEVFN(4, 0), 0, 0, 3)->err, 0);
}

Test(pciback_op, enable_disable_msi)
{
	send(XEN_PCI_OP_enable_msi, DEVFN(5, 0), 0, 0, 0);
	cr_assert_eq(sh.op.err, 0);
	cr_assert_eq(sh.op.value, 20, "the pirq");
	cr_assert_eq(fk.last_map.type, MAP_PIRQ_TYPE_MSI);
	cr_assert_eq(fk.last_map.domid, 7);
	cr_assert_eq(fk.last_map.devfn, DEVFN(5, 0));
	cr_assert_eq(send(XEN_PCI_OP_enable_msi, DEVFN(5, 0), 0, 0, 0)->err, XEN_PCI_ERR_op_failed,
		     "already on");
	cr_assert_eq(send(XEN_PCI_OP_disable_msi, DEVFN(5, 0), 0, 0, 0)->err, 0);
	cr_assert_eq(fk.unmaps, 1);
	fk.fail_map_at = (int)fk.maps + 1;
	cr_assert_eq(send(XEN_PCI_OP_enable_msi, DEVFN(5, 0), 0, 0, 0)->err, XEN_PCI_ERR_op_failed);
	cr_assert_eq(sh.op.value, 0);
	cr_assert_eq(send(XEN_PCI_OP_disable_msi, DEVFN(5, 0), 0, 0, 0)->err, 0);
	cr_assert_eq(fk.unmaps, 1, "nothing left to unmap");
}

/* The frontend rewrites the page on every configuration read and pirq
 * map while its operation is served: the answer follows the operation as
 * it was when taken. */
Test(pciback_op, page_rewritten_mid_op)
{
	static const uint16_t e[] = { 1, 2 };

	msix_entries(2, e);
	sh.op.msix_entries[2].vector = 0xbeef;
	fk.scribble = &sh;
	sh.op.cmd = XEN_PCI_OP_enable_msix;
	sh.op.devfn = DEVFN(4, 0);
	sh.op.value = 2;
	sh.flags = XEN_PCIF_active;
	cr_assert(pciback_serve(&fe, &sh, &hw));
	cr_assert_eq(sh.op.err, 0);
	cr_assert_eq(fk.maps, 2);
	cr_assert_eq(fk.last_map.entry_nr, 2, "the entries as taken");
	cr_assert_eq(sh.op.msix_entries[0].vector, 20);
	cr_assert_eq(sh.op.msix_entries[1].vector, 21);
	cr_assert_eq(sh.op.msix_entries[2].vector, 0xbeef, "two vectors written, not 100000");
	sh.op.cmd = XEN_PCI_OP_conf_read;
	sh.op.devfn = DEVFN(4, 0);
	sh.op.offset = 0;
	sh.op.size = 4;
	sh.flags = XEN_PCIF_active;
	cr_assert(pciback_serve(&fe, &sh, &hw));
	cr_assert_eq(sh.op.err, 0);
	cr_assert_eq(sh.op.value, 0x10441af4);
}

Test(pciback_op, reset_gives_everything_back)
{
	static const uint16_t e[] = { 0, 1, 2 };

	put16(fk.conf[0], 0x04, 0x0006);	/* memory, bus master */
	put16(fk.conf[1], 0x04, 0x0005);	/* I/O, bus master */
	msix_entries(3, e);
	cr_assert_eq(send(XEN_PCI_OP_enable_msix, DEVFN(4, 0), 0, 0, 3)->err, 0);
	cr_assert_eq(send(XEN_PCI_OP_enable_msi, DEVFN(5, 0), 0, 0, 0)->err, 0);
	pciback_fe_reset(&fe, &hw);
	cr_assert_eq(fk.unmaps, 4);
	for (int i = 0; i < 256; i++)
		cr_assert_not(fk.mapped[i], "pirq %d still mapped", i);
	cr_assert_eq(fk.conf[0][0x04], 0x02, "bus mastering off, decoding kept");
	cr_assert_eq(fk.conf[1][0x04], 0x01);
	pciback_fe_reset(&fe, &hw);
	cr_assert_eq(fk.unmaps, 4, "twice is harmless");
}

/* The frontend died without closing (a driver domain's crash) and comes
 * back with the same domid: its pirqs went with the dead domain, so every
 * unmap fails, and the state must be forgotten all the same, or the new
 * instance's enable_msix would be refused (-EBUSY) and its enable_msi
 * fail. */
Test(pciback_op, reset_after_a_crash_forgets_the_state)
{
	static const uint16_t e[] = { 0, 1 };

	put16(fk.conf[0], 0x04, 0x0006);
	msix_entries(2, e);
	cr_assert_eq(send(XEN_PCI_OP_enable_msix, DEVFN(4, 0), 0, 0, 2)->err, 0);
	cr_assert_eq(send(XEN_PCI_OP_enable_msi, DEVFN(5, 0), 0, 0, 0)->err, 0);
	fk.dead = true;
	pciback_fe_reset(&fe, &hw);
	cr_assert_eq(fk.unmaps, 3, "each pirq given back once, though it fails");
	cr_assert_eq(fk.conf[0][0x04], 0x02, "bus mastering off");
	fk.dead = false;
	memset(fk.mapped, 0, sizeof(fk.mapped));	/* the hypervisor's teardown */
	msix_entries(2, e);
	cr_assert_eq(send(XEN_PCI_OP_enable_msix, DEVFN(4, 0), 0, 0, 2)->err, 0,
		     "MSI-X for the new instance");
	cr_assert_eq(send(XEN_PCI_OP_enable_msi, DEVFN(5, 0), 0, 0, 0)->err, 0,
		     "MSI for the new instance");
	pciback_fe_reset(&fe, &hw);
	cr_assert_eq(fk.unmaps, 6);
}
