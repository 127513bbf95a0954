/* SPDX-License-Identifier: GPL-2.0-only */
/* Pirqs for MSI-X (common/pirq.c) over fake domains and a fake device:
 * mapping gives each entry a vector of its own and leaves it masked until
 * bound; binding unmasks it and an interrupt on the vector sets the bound
 * port pending in the owner only; closing, unmapping and teardown mask it
 * again and give the vector back; every bad pirq, entry and table base is
 * refused with Xen's errno, and two domains never reach each other's. */
#include "unit.h"
#include <parvus/domain.h>
#include <parvus/machine_mm.h>
#include <parvus/pci.h>
#include <parvus/pirq.h>
#include <stdlib.h>

#define NR_ENTRIES	256
#define TABLE_BAR	0xfebf0000UL
#define NR_VECTORS	(PIRQ_VECTOR_LAST - PIRQ_VECTOR_FIRST + 1)
#define TOP		(NR_PIRQS - 1)	/* the first pirq given */

static struct domain doms[3];
static struct shared_info shinfo[3];
static struct evtchn_table tables[3];
static struct pci_dev dev;

/* The device's MSI-X table as the arch hooks would leave it. */
static struct {
	unsigned int vector;
	bool masked;
} entry_state[NR_ENTRIES];
static bool msix_enabled;

void arch_msix_program(const struct pci_dev *d, unsigned int entry, unsigned int vector)
{
	cr_assert_lt(entry, NR_ENTRIES);
	entry_state[entry].vector = vector;
}

void arch_msix_mask(const struct pci_dev *d, unsigned int entry, bool masked)
{
	cr_assert_lt(entry, NR_ENTRIES);
	entry_state[entry].masked = masked;
}

void arch_msix_enable(const struct pci_dev *d, bool on)
{
	msix_enabled = on;
}

/* The hypervisor's heap (mm/heap_init.c). */
void *xzalloc(size_t size)
{
	return calloc(1, size);
}

void xfree(void *p)
{
	free(p);
}

#define NR_FRAMES 64
static struct page_info pages[NR_FRAMES];
static _Alignas(4096) uint8_t memory[NR_FRAMES][4096];

static void *mm_map(void *ctx, uint64_t mfn)
{
	return memory[mfn];
}

static void setup(void)
{
	memset(doms, 0, sizeof(doms));
	memset(shinfo, 0, sizeof(shinfo));
	memset(entry_state, 0, sizeof(entry_state));
	msix_enabled = false;
	for (int i = 1; i <= 2; i++) {
		doms[i].domid = i;
		doms[i].state = DOMAIN_RUNNING;
		doms[i].shared_info = &shinfo[i];
		doms[i].evtchn = &tables[i];
		doms[i].vcpu0.domain = &doms[i];
		doms[i].vcpu0.vcpu_info = &shinfo[i].vcpu_info[0];
		evtchn_init(&tables[i]);
	}
	dev = (struct pci_dev){ .bus = 0, .devfn = 4 << 3, .owner = 1,
				.msix_cap = 0x40, .msix_entries = NR_ENTRIES,
				.msix_table_bir = 1, .msix_table_off = 0x800 };
	dev.bars[1] = (struct pci_bar){ .base = TABLE_BAR, .size = 0x1000, .present = true };
	memset(pages, 0, sizeof(pages));
	machine_mm = (struct mm){ .pages = pages, .nr_frames = NR_FRAMES, .map = mm_map };
	for (int mfn = 16; mfn < 32; mfn++)
		pages[mfn].owner = 1;
	for (int mfn = 32; mfn < 48; mfn++)
		pages[mfn].owner = 2;
}

TestSuite(pirq, .init = setup);

static bool pending(int d, evtchn_port_t p)
{
	return shinfo[d].evtchn_pending[p / 64] & (1UL << (p % 64));
}

static int map(int d, unsigned int entry, int want)
{
	int pirq = want;
	int rc = pirq_map_msix(&doms[d], &dev, entry, TABLE_BAR, &pirq);

	return rc ? rc : pirq;
}

Test(pirq, map_gives_the_highest_pirq_a_vector_and_a_masked_entry)
{
	cr_assert_eq(map(1, 3, -1), TOP);
	cr_assert_eq(map(1, 5, -1), TOP - 1);
	cr_assert_geq(entry_state[3].vector, PIRQ_VECTOR_FIRST);
	cr_assert_leq(entry_state[3].vector, PIRQ_VECTOR_LAST);
	cr_assert_neq(entry_state[3].vector, entry_state[5].vector);
	cr_assert(entry_state[3].masked && entry_state[5].masked);
	cr_assert(msix_enabled);
}

Test(pirq, map_refuses_bad_requests)
{
	int pirq = -1;

	cr_assert_eq(map(1, NR_ENTRIES, -1), -XEN_EINVAL, "entry past the table");
	cr_assert_eq(pirq_map_msix(&doms[1], &dev, 0, TABLE_BAR + 0x800, &pirq), -XEN_EINVAL,
		     "table_base is the BAR, not the table");
	cr_assert_eq(map(1, 0, NR_PIRQS), -XEN_EINVAL);
	cr_assert_eq(map(1, 0, 7), 7, "the pirq asked for");
	cr_assert_eq(map(1, 1, 7), -XEN_EEXIST, "pirq taken");
	cr_assert_eq(map(1, 0, -1), -XEN_EEXIST, "entry already mapped");
	dev.msix_cap = 0;
	cr_assert_eq(map(1, 2, -1), -XEN_EINVAL, "no MSI-X");
	dev.msix_cap = 0x40;
	dev.bars[1].is_io = true;
	cr_assert_eq(map(1, 2, -1), -XEN_EINVAL, "table in an I/O BAR");
	cr_assert_eq(pirq, -1, "nothing given on failure");
}

Test(pirq, bound_port_hears_its_vector_and_unbinding_masks_it)
{
	evtchn_port_t port;
	unsigned int vector;

	cr_assert_eq(map(1, 2, -1), TOP);
	vector = entry_state[2].vector;
	cr_assert_eq(evtchn_bind_pirq(&doms[1], TOP, &port), 0);
	cr_assert_not(entry_state[2].masked, "bound: unmasked");
	pirq_vector_fired(vector);
	cr_assert(pending(1, port));
	cr_assert_eq(shinfo[1].vcpu_info[0].evtchn_upcall_pending, 1);
	cr_assert(pirq_any_bound());
	cr_assert_eq(evtchn_close(&doms[1], port), 0);
	cr_assert(entry_state[2].masked, "closed: masked again");
	cr_assert_not(pirq_any_bound());
	pirq_vector_fired(vector);
	cr_assert_not(pending(1, port), "nothing delivered to a closed port");
}

Test(pirq, bind_refuses_unmapped_and_twice_bound)
{
	evtchn_port_t port, again;

	cr_assert_eq(evtchn_bind_pirq(&doms[1], 0, &port), -XEN_EINVAL);
	cr_assert_eq(evtchn_bind_pirq(&doms[1], NR_PIRQS, &port), -XEN_EINVAL);
	cr_assert_eq(tables[1].port[1].state, ECS_FREE, "a refused bind keeps no port");
	cr_assert_eq(map(1, 0, -1), TOP);
	cr_assert_eq(evtchn_bind_pirq(&doms[1], TOP, &port), 0);
	cr_assert_eq(evtchn_bind_pirq(&doms[1], TOP, &again), -XEN_EEXIST);
}

/* Two cooperating domains: d2 names d1's pirq and fires d1's vector; it
 * gets nothing, and d1's port is the only one that hears it. */
Test(pirq, another_domain_cannot_bind_or_hear_a_pirq)
{
	evtchn_port_t p1, p2;

	cr_assert_eq(map(1, 0, -1), TOP);
	cr_assert_eq(evtchn_bind_pirq(&doms[2], TOP, &p2), -XEN_EINVAL);
	cr_assert_eq(evtchn_alloc_unbound(&doms[2], 2, &p2), 0);
	cr_assert_eq(evtchn_bind_pirq(&doms[1], TOP, &p1), 0);
	pirq_vector_fired(entry_state[0].vector);
	cr_assert(pending(1, p1));
	cr_assert_eq(shinfo[2].evtchn_pending[0], 0, "d2 hears nothing");
	cr_assert_eq(pirq_unmap(&doms[2], TOP), -XEN_EINVAL, "d2 has no such pirq");
	cr_assert_not(entry_state[0].masked);
}

Test(pirq, unmap_under_a_binding_silences_the_port)
{
	evtchn_port_t port;
	unsigned int vector;

	cr_assert_eq(map(1, 0, -1), TOP);
	vector = entry_state[0].vector;
	cr_assert_eq(evtchn_bind_pirq(&doms[1], TOP, &port), 0);
	cr_assert_eq(pirq_unmap(&doms[1], TOP), 0);
	cr_assert(entry_state[0].masked);
	cr_assert_not(msix_enabled, "its last pirq gone: MSI-X off");
	pirq_vector_fired(vector);
	cr_assert_not(pending(1, port));
	cr_assert_eq(map(1, 1, -1), TOP, "the pirq is free again");
	cr_assert_eq(evtchn_close(&doms[1], port), 0, "the old port closes cleanly");
	cr_assert_eq(pirq_unmap(&doms[1], TOP), 0, "the new mapping is untouched by the close");
	cr_assert_eq(pirq_unmap(&doms[1], TOP), -XEN_EINVAL, "unmapped twice");
	cr_assert_eq(pirq_unmap(&doms[1], -1), -XEN_EINVAL);
}

Test(pirq, vectors_run_out_with_enospc_and_come_back)
{
	unsigned int e;

	for (e = 0; e < NR_VECTORS; e++)
		cr_assert_eq(map(1, e, -1), TOP - (int)e);
	cr_assert_eq(map(1, e, -1), -XEN_ENOSPC);
	cr_assert_eq(pirq_unmap(&doms[1], TOP - 5), 0);
	cr_assert_eq(map(1, e, -1), TOP - 5, "the freed pirq and vector are reused");
	cr_assert_eq(pirq_unmap(&doms[1], TOP), 0);
	cr_assert_eq(map(1, e + 1, 3), 3, "a legacy number only when asked for");
}

Test(pirq, teardown_masks_everything_and_frees_the_eoi_page)
{
	evtchn_port_t port;
	unsigned int vector;

	cr_assert_eq(pirq_set_eoi_map(&doms[1], 20), 0);
	cr_assert_eq(pages[20].ref_count, 1);
	cr_assert_eq(map(1, 0, -1), TOP);
	cr_assert_eq(map(1, 1, -1), TOP - 1);
	vector = entry_state[0].vector;
	cr_assert_eq(evtchn_bind_pirq(&doms[1], TOP, &port), 0);
	evtchn_reset(&doms[1]);
	pirq_release(&doms[1]);
	cr_assert(entry_state[0].masked && entry_state[1].masked);
	cr_assert_not(msix_enabled);
	cr_assert_null(doms[1].pirqs);
	cr_assert_eq(pages[20].ref_count, 0);
	cr_assert_eq(doms[1].pirq_eoi_mfn, 0);
	cr_assert_not(pirq_any_bound());
	pirq_vector_fired(vector);	/* nobody's: ignored */
	cr_assert_eq(map(2, 0, -1), TOP, "the entry is free for its next owner");
}

Test(pirq, eoi_page_must_be_ours_and_registered_once)
{
	cr_assert_eq(pirq_set_eoi_map(&doms[1], 40), -XEN_EINVAL, "d2's frame");
	cr_assert_eq(pirq_set_eoi_map(&doms[1], NR_FRAMES), -XEN_EINVAL);
	cr_assert_eq(pirq_set_eoi_map(&doms[1], 17), 0);
	cr_assert_eq(pirq_set_eoi_map(&doms[1], 18), -XEN_EBUSY);
	cr_assert_eq(pages[18].ref_count, 0);
}

Test(pirq, status_and_eoi_check_the_range_only)
{
	uint32_t flags = 0xff;

	cr_assert_eq(pirq_status(&doms[1], 3, &flags), 0);
	cr_assert_eq(flags, 0, "MSI-X: no EOI needed, not shared");
	cr_assert_eq(pirq_status(&doms[1], NR_PIRQS, &flags), -XEN_EINVAL);
	cr_assert_eq(pirq_eoi(&doms[1], NR_PIRQS - 1), 0);
	cr_assert_eq(pirq_eoi(&doms[1], NR_PIRQS), -XEN_EINVAL);
}

Test(pirq, vectors_outside_the_range_or_of_a_dead_domain_are_ignored)
{
	evtchn_port_t port;

	cr_assert_eq(map(1, 0, -1), TOP);
	cr_assert_eq(evtchn_bind_pirq(&doms[1], TOP, &port), 0);
	pirq_vector_fired(PIRQ_VECTOR_FIRST - 1);
	pirq_vector_fired(PIRQ_VECTOR_LAST + 1);
	cr_assert_not(pending(1, port));
	doms[1].state = DOMAIN_CRASHED;
	pirq_vector_fired(entry_state[0].vector);
	cr_assert_not(pending(1, port));
	cr_assert_not(pirq_any_bound(), "a dead domain's pirqs wake nothing");
}

Test(pirq, status_of_a_pirq_port)
{
	evtchn_port_t port;
	struct evtchn_status st = { .dom = DOMID_SELF };

	cr_assert_eq(map(1, 0, 9), 9);
	cr_assert_eq(evtchn_bind_pirq(&doms[1], 9, &port), 0);
	st.port = port;
	cr_assert_eq(evtchn_status(&doms[1], &st), 0);
	cr_assert_eq(st.status, EVTCHNSTAT_pirq);
	cr_assert_eq(st.u.pirq, 9);
}
