/* SPDX-License-Identifier: GPL-2.0-only */
/* phoenix hoard=PEER: a rebuild that cannot be done, with two cooperating
 * domains. The first instance grants PEER every frame it owns, read-only
 * (refs HOARD_REF on), and crashes once PEER holds them all. PEER maps
 * each with GNTMAP_device_map alone (a back end's DMA mapping: no PTE),
 * so the dead instance's frames stay orphans, and the machine (sized for
 * it in the manifest) has too few free frames left to rebuild phoenix.
 * The hypervisor must say so and leave it destroyed (never run a
 * half-built domain, never crash); PEER runs on, checks the frames still
 * read as the granter left them, lets go of them all, and the run's frame
 * count shows every orphan came back. */
#include "phoenix.h"
#include "guest_pt.h"
#include <xen/grant_table.h>

#define HOARD_REF	16
#define HOARD_MAX	8192		/* frames: 32 MiB of phoenix */
#define TABLE_SPARE	8		/* spare pages 8.. map phoenix's grant table */
#define BATCH		64
#define WAIT_NS		(30ULL * 1000000000ULL)

static long gnttab(int cmd, void *op, int count)
{
	return hypercall5(__HYPERVISOR_grant_table_op, cmd, (long)op, count, 0, 0);
}

static void wait_for(const char *path, unsigned long want)
{
	uint64_t start = guest_now_ns();

	while (phoenix_read_number(path) != want && guest_now_ns() - start < WAIT_NS)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	CHECK_EQ(phoenix_read_number(path), want, path);
}

/* Our grant table, big enough for a ref per frame, mapped at spare pages. */
static volatile struct grant_entry_v1 *hoard_table(unsigned long frames)
{
	struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = (uint32_t)frames };
	xen_pfn_t list[HOARD_MAX / 512 + 1];

	set_xen_guest_handle(setup.frame_list, list);
	CHECK(gnttab(GNTTABOP_setup_table, &setup, 1) == 0 && setup.status == GNTST_okay,
	      "setup_table with %lu frames", frames);
	for (unsigned long i = 0; i < frames; i++)
		CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)spare_va(TABLE_SPARE + (int)i),
						      list[i] << 12 | 7, UVMF_INVLPG), 0,
			 "map a grant table frame");
	return spare_va(TABLE_SPARE);
}

void phoenix_hoard(unsigned int self, unsigned int peer)
{
	const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;
	unsigned long n = start_info->nr_pages, frames = (HOARD_REF + n + 511) / 512;
	volatile struct grant_entry_v1 *table;
	char path[64];

	CHECK(n <= HOARD_MAX, "at most %u frames to hoard, have %lu", HOARD_MAX, n);
	if (n > HOARD_MAX)
		return;
	table = hoard_table(frames);
	for (unsigned long pfn = 0; pfn < n; pfn++)
		table[HOARD_REF + pfn] = (struct grant_entry_v1){
			GTF_permit_access | GTF_readonly, (domid_t)peer, (uint32_t)p2m[pfn] };
	phoenix_write_number("data/hoard", n);
	phoenix_share_node("data/hoard", self, peer);
	guest_printf("phoenix: granted d%u all %lu of my frames\n", peer, n);
	snprintf(path, sizeof(path), "/local/domain/%u/data/hoarded", peer);
	wait_for(path, n);
}

/* ---- the companion's side ---- */

static grant_handle_t handles[HOARD_MAX];
static uint64_t addrs[HOARD_MAX];

/* Maps refs [first, first + count) of dom; how many it got. */
static unsigned long map_batch(domid_t dom, unsigned long first, unsigned long count)
{
	struct gnttab_map_grant_ref op[BATCH];
	unsigned long ok = 0;

	for (unsigned long i = 0; i < count; i++)
		op[i] = (struct gnttab_map_grant_ref){ .flags = GNTMAP_device_map | GNTMAP_readonly,
						       .ref = (grant_ref_t)(HOARD_REF + first + i),
						       .dom = dom };
	CHECK_EQ(gnttab(GNTTABOP_map_grant_ref, op, (int)count), 0, "map_grant_ref hypercall");
	for (unsigned long i = 0; i < count; i++) {
		handles[first + i] = op[i].handle;
		addrs[first + i] = op[i].dev_bus_addr;
		ok += op[i].status == GNTST_okay;
	}
	return ok;
}

static unsigned long unmap_batch(unsigned long first, unsigned long count)
{
	struct gnttab_unmap_grant_ref op[BATCH];
	unsigned long ok = 0;

	for (unsigned long i = 0; i < count; i++)
		op[i] = (struct gnttab_unmap_grant_ref){ .dev_bus_addr = addrs[first + i],
							 .handle = handles[first + i] };
	CHECK_EQ(gnttab(GNTTABOP_unmap_grant_ref, op, (int)count), 0, "unmap_grant_ref hypercall");
	for (unsigned long i = 0; i < count; i++)
		ok += op[i].status == GNTST_okay;
	return ok;
}

static unsigned long batch(unsigned long i, unsigned long n)
{
	return n - i < BATCH ? n - i : BATCH;
}

/* Every frame phoenix granted, held until `until` (guest time), then let
 * go: phoenix has died by then, and failed to come back (the test reads
 * that in the hypervisor's log). */
void companion_hoard(unsigned int self, unsigned int phoenix, uint64_t until)
{
	char path[64];
	unsigned long n, got = 0, freed = 0;

	snprintf(path, sizeof(path), "/local/domain/%u/data/hoard", phoenix);
	for (uint64_t start = guest_now_ns(); !phoenix_read_number(path) &&
	     guest_now_ns() - start < WAIT_NS;)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	n = phoenix_read_number(path);
	CHECK(n && n <= HOARD_MAX, "phoenix's hoard: %lu frames", n);
	if (!n || n > HOARD_MAX)
		return;
	for (unsigned long i = 0; i < n; i += BATCH)
		got += map_batch((domid_t)phoenix, i, batch(i, n));
	CHECK_EQ(got, n, "frames of phoenix mapped");
	guest_printf("companion: holding all %lu frames of d%u (device maps)\n", got, phoenix);
	phoenix_write_number("data/hoarded", got);
	phoenix_share_node("data/hoarded", self, phoenix);
	while (guest_now_ns() < until)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	for (unsigned long i = 0; i < n; i += BATCH)
		freed += unmap_batch(i, batch(i, n));
	CHECK_EQ(freed, n, "frames let go");
	guest_printf("companion: phoenix never came back; let go of its %lu frames\n", freed);
}
