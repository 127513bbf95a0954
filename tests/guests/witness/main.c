/* SPDX-License-Identifier: GPL-2.0-only */
/* witness: the domain beside the fuzzer (tests/guests/fuzz), checking
 * that nothing the fuzzer does reaches it. It fills every page past its
 * bootstrap region with a pattern, grants a few of them to the fuzzer
 * read-only, offers it an unbound event channel, snapshots its own page
 * tables, and then, until the fuzzer's domain is gone, checks in rounds:
 * - every patterned page still holds its pattern (read through a window);
 * - its page-table entries are what they were (Accessed/Dirty aside);
 * - the pvclock never goes back, its scale stays the same, and a timer
 *   set for PERIOD ms fires neither early nor absurdly late.
 * Then one last round, a summary line and the Test result.
 * Command line: fuzzer=ID [also=ID: a second fuzzer, the pair mode's]
 * [period_ms=N] [rounds=N: stop after N rounds,
 * even with the fuzzer still running, so its grant mappings of our pages
 * are taken down by our end]. */
#include "guest.h"
#include "events.h"
#include <xen/grant_table.h>
#include <xen/vcpu.h>

#define VIRT_BASE	0xffffffff80000000UL
#define PAGE		4096UL
#define PTE_ADDR	0x000ffffffffff000UL
#define PTE_AD		0x60UL
#define SLACK_PAGES	128	/* as the builder maps (build/layout.c) */
#define GRANT_FIRST	8	/* refs 8.. : pattern pages, read-only */
#define NR_GRANTS	8
#define LATE_NS		2000000000UL	/* a timer 2 s late means trouble */
#define EARLY_NS	1000000UL	/* pvclock vs. hypervisor rounding */
#define MAX_PTES	2048

static domid_t fuzzer = 1, also;	/* also: the fuzz pair's other domain */
static uint64_t period_ns = 20000000, max_rounds;
static uint64_t first_pfn, window_va, window_pfn;
static uint64_t ptes[MAX_PTES], nr_ptes;
static uint64_t upper[3][512];	/* the L4, L3 and L2 as we found them */
static const uint64_t *upper_va[3];
static uint32_t clock_mul;
static int8_t clock_shift;
static uint64_t last_ns, rounds, timer_waits, early_wakes;

static const uint64_t *p2m(void)
{
	return (const uint64_t *)start_info->mfn_list;
}

static uint64_t pattern(uint64_t pfn, unsigned int i)
{
	return (pfn << 32 | i) ^ 0x5a5aa5a5c3c33c3cUL;
}

static void *map_window(uint64_t pfn)
{
	if (HYPERVISOR_update_va_mapping(window_va, p2m()[pfn] << 12 | 7, UVMF_INVLPG))
		guest_fail("cannot map pfn 0x%lx at the window", (unsigned long)pfn);
	return (void *)window_va;
}

/* The entry of table t (a VA in the region) at idx, and the table it
 * points to, by its pfn through the M2P (ours: nobody else may write it). */
static const uint64_t *child(const uint64_t *t, unsigned int idx)
{
	const uint64_t *m2p = (const uint64_t *)MACH2PHYS_VIRT_START;
	uint64_t e = t[idx];

	if (!(e & 1))
		return NULL;
	return (const uint64_t *)(VIRT_BASE + m2p[(e & PTE_ADDR) >> 12] * PAGE);
}

static const uint64_t *l1_of(uint64_t va)
{
	const uint64_t *t = (const uint64_t *)start_info->pt_base;

	for (unsigned int shift = 39; t && shift > 12; shift -= 9)
		t = child(t, (va >> shift) & 511);
	return t;
}

static uint64_t pte_of(uint64_t pfn)
{
	uint64_t va = VIRT_BASE + pfn * PAGE;
	const uint64_t *l1 = l1_of(va);

	return l1 ? l1[(va >> 12) & 511] & ~PTE_AD : ~0UL;
}

static void snapshot_tables(void)
{
	const uint64_t *l4 = (const uint64_t *)start_info->pt_base;

	upper_va[0] = l4;
	upper_va[1] = child(l4, 511);
	upper_va[2] = upper_va[1] ? child(upper_va[1], 510) : NULL;
	for (unsigned int l = 0; l < 3; l++)
		for (unsigned int i = 0; upper_va[l] && i < 512; i++)
			upper[l][i] = upper_va[l][i] & ~PTE_AD;
	nr_ptes = MIN(first_pfn, (uint64_t)MAX_PTES);
	for (uint64_t pfn = 0; pfn < nr_ptes; pfn++)
		ptes[pfn] = pte_of(pfn);
}

static unsigned int check_tables(void)
{
	unsigned int bad = 0;

	for (unsigned int l = 0; l < 3; l++)
		for (unsigned int i = 0; upper_va[l] && i < 512; i++)
			if ((upper_va[l][i] & ~PTE_AD) != upper[l][i] && bad++ < 4)
				guest_fail("L%u entry %u changed: 0x%lx, was 0x%lx", 4 - l, i,
					   (unsigned long)upper_va[l][i], (unsigned long)upper[l][i]);
	for (uint64_t pfn = 0; pfn < nr_ptes; pfn++) {
		if (pfn == window_pfn)
			continue;
		if (pte_of(pfn) != ptes[pfn] && bad++ < 4)
			guest_fail("pte of pfn 0x%lx changed: 0x%lx, was 0x%lx", (unsigned long)pfn,
				   (unsigned long)pte_of(pfn), (unsigned long)ptes[pfn]);
	}
	return bad;
}

static void fill_memory(void)
{
	for (uint64_t pfn = first_pfn; pfn < start_info->nr_pages; pfn++) {
		uint64_t *w = map_window(pfn);

		for (unsigned int i = 0; i < PAGE / 8; i++)
			w[i] = pattern(pfn, i);
	}
}

static unsigned int check_memory(void)
{
	unsigned int bad = 0;

	for (uint64_t pfn = first_pfn; pfn < start_info->nr_pages; pfn++) {
		const uint64_t *w = map_window(pfn);

		for (unsigned int i = 0; i < PAGE / 8; i++) {
			if (w[i] == pattern(pfn, i))
				continue;
			if (bad++ < 4)
				guest_fail("pfn 0x%lx word %u is 0x%lx, want 0x%lx", (unsigned long)pfn,
					   i, (unsigned long)w[i], (unsigned long)pattern(pfn, i));
			break;
		}
	}
	return bad;
}

/* Read-only grants of pattern pages to the fuzzer: mapping them is its
 * right, writing them never. */
static void grant_pages(void)
{
	struct gnttab_setup_table gt = { .dom = DOMID_SELF, .nr_frames = 1 };
	xen_pfn_t frame = 0;
	struct grant_entry_v1 *e;
	uint64_t va = window_va + PAGE;

	set_xen_guest_handle(gt.frame_list, &frame);
	if (hypercall5(__HYPERVISOR_grant_table_op, GNTTABOP_setup_table, (long)&gt, 1, 0, 0) ||
	    gt.status != GNTST_okay ||
	    HYPERVISOR_update_va_mapping(va, frame << 12 | 7, UVMF_INVLPG)) {
		guest_fail("cannot map our grant table");
		return;
	}
	e = (struct grant_entry_v1 *)va;
	for (unsigned int i = 0; i < NR_GRANTS; i++) {
		e[GRANT_FIRST + i].domid = fuzzer;
		e[GRANT_FIRST + i].frame = (uint32_t)p2m()[first_pfn + i];
		__atomic_store_n(&e[GRANT_FIRST + i].flags, GTF_permit_access | GTF_readonly,
				 __ATOMIC_SEQ_CST);
	}
}

/* Monotonic over a burst of reads, with the scale we started with. */
static void check_clock(void)
{
	volatile struct vcpu_time_info *t = &guest_vcpu_info->time;

	for (unsigned int i = 0; i < 200; i++) {
		uint64_t now = guest_now_ns();

		if (now < last_ns)
			guest_fail("pvclock went back from %lu to %lu ns", (unsigned long)last_ns,
				   (unsigned long)now);
		last_ns = now;
	}
	if (t->tsc_to_system_mul != clock_mul || t->tsc_shift != clock_shift)
		guest_fail("pvclock scale changed: mul %u shift %d, was %u %d",
			   t->tsc_to_system_mul, t->tsc_shift, clock_mul, clock_shift);
}

/* Sleeps on a singleshot timer the way a kernel does (events masked
 * while it is armed, SCHEDOP_block unmasks and tests at once), checking
 * it neither fires early nor absurdly late. */
static void timed_wait(void)
{
	struct vcpu_set_singleshot_timer st;
	uint64_t start = guest_now_ns(), deadline = start + period_ns, now;

	st = (struct vcpu_set_singleshot_timer){ deadline, 0 };
	do {
		guest_vcpu_info->evtchn_upcall_mask = 1;
		if (hypercall5(__HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0, (long)&st, 0, 0))
			guest_fail("set_singleshot_timer");
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
		now = guest_now_ns();
		if (now + EARLY_NS < deadline)
			early_wakes++;	/* another event: sleep on */
	} while (now + EARLY_NS < deadline);
	timer_waits++;
	if (now > deadline && now - deadline > LATE_NS)
		guest_fail("a %lu ms timer set at %lu ns fired %lu ms late", (unsigned long)(period_ns / 1000000),
			   (unsigned long)start, (unsigned long)((now - deadline) / 1000000));
}

/* Whether the fuzzer's domain still exists: port 0 is never bindable, so
 * the answer is -EINVAL while it runs and -ESRCH once it is gone. */
static bool domain_alive(domid_t d)
{
	struct evtchn_bind_interdomain b = { .remote_dom = d, .remote_port = 0 };
	long rc = evtchn_op(EVTCHNOP_bind_interdomain, &b);

	if (rc != -XEN_EINVAL && rc != -XEN_ESRCH)
		guest_fail("probing d%u: got %ld, want -EINVAL or -ESRCH", d, rc);
	return rc == -XEN_EINVAL;
}

/* The fuzzer, or in the pair mode either of the two. */
static bool fuzzer_alive(void)
{
	return domain_alive(fuzzer) || (also && domain_alive(also));
}

static void setup(void)
{
	struct evtchn_bind_virq virq = { VIRQ_TIMER, 0, 0 };
	struct evtchn_alloc_unbound unbound = { DOMID_SELF, 0, 0 };
	uint64_t pt_pfn = (start_info->pt_base - VIRT_BASE) / PAGE;

	fuzzer = (domid_t)guest_arg_number("fuzzer", fuzzer);
	also = (domid_t)guest_arg_number("also", 0);
	max_rounds = guest_arg_number("rounds", max_rounds);
	period_ns = guest_arg_number("period_ms", period_ns / 1000000) * 1000000;
	/* The builder maps up to the next 4 MiB past the boot stack and its
	 * slack; everything after is ours to fill. */
	first_pfn = ROUND_UP(pt_pfn + start_info->nr_pt_frames + 1 + SLACK_PAGES, 1024);
	window_pfn = pt_pfn + start_info->nr_pt_frames + 8;
	window_va = VIRT_BASE + window_pfn * PAGE;
	events_map_shared_info();
	if (events_register_callback())
		guest_fail("cannot register the event callback");
	if (evtchn_op(EVTCHNOP_bind_virq, &virq))
		guest_fail("cannot bind VIRQ_TIMER");
	unbound.remote_dom = fuzzer;
	if (evtchn_op(EVTCHNOP_alloc_unbound, &unbound))
		guest_fail("cannot offer d%u a port", fuzzer);
	if (first_pfn + NR_GRANTS >= start_info->nr_pages)
		guest_fail("no memory past the bootstrap region to fill");
	fill_memory();
	grant_pages();
	map_window(first_pfn);
	snapshot_tables();	/* with the window and grant frame mapped */
	clock_mul = guest_vcpu_info->time.tsc_to_system_mul;
	clock_shift = guest_vcpu_info->time.tsc_shift;
	last_ns = guest_now_ns();
	guest_printf("witness: %lu pages patterned, port %u offered and %u pages granted to d%u\n",
		     (unsigned long)(start_info->nr_pages - first_pfn), unbound.port, NR_GRANTS,
		     fuzzer);
}

static bool round_ok(void)
{
	unsigned int bad = check_memory() + check_tables();

	map_window(first_pfn);	/* as it was in the snapshot */
	check_clock();
	rounds++;
	return bad == 0;
}

void guest_main(void)
{
	uint64_t start;

	setup();
	start = guest_now_ns();
	while ((fuzzer_alive() || rounds < 3) && (!max_rounds || rounds < max_rounds)) {
		if (!round_ok())
			break;
		timed_wait();
		if (rounds % 50 == 0)
			guest_printf("witness: %lu rounds\n", (unsigned long)rounds);
	}
	round_ok();
	if (last_ns - start < (timer_waits - 1) * period_ns)
		guest_fail("%lu timer waits of %lu ms took only %lu ms", (unsigned long)timer_waits,
			   (unsigned long)(period_ns / 1000000),
			   (unsigned long)((last_ns - start) / 1000000));
	guest_printf("witness: %lu rounds over %lu ms (%lu timer waits, %lu early wakes): memory, "
		     "page tables and clock intact while d%u ran\n", (unsigned long)rounds,
		     (unsigned long)((last_ns - start) / 1000000), (unsigned long)timer_waits,
		     (unsigned long)early_wakes, fuzzer);
}
