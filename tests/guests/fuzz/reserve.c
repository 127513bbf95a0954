/* SPDX-License-Identifier: GPL-2.0-only */
/* Memory the fuzzer sets aside: the guarded area whose unmapped pages
 * end every list and argument that may run long, the pool of argument
 * buffers, stacks and iret frames, the pages the hypervisor may be told to
 * write (vcpu_info, runstate/time areas), and the scratch hierarchy at L4
 * slot 1 that random page-table entries go into; with the helpers that
 * hand out pointers into them, or pointers no call may use. */
#include "fuzz.h"

/* ---- memory the fuzzer sets aside ---- */
uint8_t guarded_area[16 * PAGE] __aligned(PAGE);	/* pages 3, 7, 11 unmapped; 15 stays mapped */
/* Each buffer holds the largest output a call writes (xen_version's
 * capabilities: 1 KiB), so one call's output never reaches the next
 * buffer, which a later entry of the same multicall may be using. */
uint8_t pool_mem[32][2048] __aligned(64);
unsigned int pool_next;
uint8_t trap_stack[16384] __aligned(16);
uint8_t iret_stack[8192] __aligned(16);
uint64_t iret_frame[16];
uint8_t vcpu_info_page[PAGE] __aligned(PAGE);
uint8_t area_page[PAGE] __aligned(PAGE);
volatile struct vcpu_info *vcpu_info_now;
evtchn_port_t timer_port;

/* A fresh pool buffer, filled with random words. */
void *fuzz_pool(void)
{
	uint64_t *p = (uint64_t *)pool_mem[pool_next++ % ARRAY_SIZE(pool_mem)];

	for (unsigned int i = 0; i < 512 / 8; i++)
		p[i] = chance(50) ? fuzz_edge() : 0;
	return p;
}

/* len bytes that end exactly at (or run a little into) a guard page. */
static void *guarded(uint64_t guard, size_t len)
{
	uint64_t at = guard - len;

	if (chance(20))
		at += rn(len ? len : 1);
	return (void *)at;
}

/* Addresses a hypercall must never be able to use, or not for writing. */
uint64_t fuzz_bad_pointer(void)
{
	switch (rn(10)) {
	case 0: return PICK(0xffff828000208000UL, 0xffff830000200000UL,
			    0xffff87fffffffff8UL, HV_START + (rnd() & 0x7fffffffff8UL));
	case 1: return 0xffff800000000000UL;			/* the M2P */
	case 2: return PICK(0x1000, 0x10, 0x7ffffffff000UL, VIRT_BASE - PAGE);
	case 3: return PICK(0x0000800000000000UL, 0x8000000000000000UL,
			    0x0000800000000000UL | rnd(), 0x7fff800000000000UL);
	case 4: return PICK(0xfffffffffffffff0UL, 0xfffffffffffffffcUL, ~0UL);
	case 5: return start_info->pt_base + (rnd() & 0xff8);	/* read-only tables */
	case 6: return SCRATCH_VA + (rnd() % SCRATCH_SIZE);
	case 7: return GUARD_A + (rnd() & 0xfff);
	case 8: return 0;
	default: return fuzz_edge();
	}
}

/* Whether [p, p + len) is clear of our guard pages, so we may fill it. */
bool fuzz_fits(const void *p, size_t len)
{
	uint64_t a = (uint64_t)p, end = a + len;

	return !((a < GUARD_A + PAGE && end > GUARD_A) ||
		 (a < GUARD_B + PAGE && end > GUARD_B) ||
		 (a < GUARD_C + PAGE && end > GUARD_C) ||
		 (a < GUARD_D + PAGE && end > GUARD_D));
}

/* A pointer argument: usually a pool buffer (returned in *buf to be
 * filled), sometimes one crossing into a guard page (left as it is),
 * sometimes bad. */
uint64_t fuzz_ptr_arg(void **buf)
{
	static uint64_t dummy[64];

	if (chance(75)) {
		*buf = fuzz_pool();
		return (uint64_t)*buf;
	}
	*buf = dummy;
	if (chance(30)) {
		/* What the hypervisor reads before the guard is zeros: left
		 * over from earlier calls it could name our own memory (as a
		 * runstate area, say), which the fuzzer must not hand out. */
		uint8_t *p = guarded(GUARD_C, 8 * (1 + rn(8)));

		memset(p, 0, GUARD_C - (uint64_t)p);
		return (uint64_t)p;
	}
	return fuzz_bad_pointer();
}

/* A pointer for a list the hypervisor may run along for as long as the
 * count says: it always ends at a guard page. The whole run up to the
 * guard is cleared first: a count larger than the items we write reaches
 * the ones left there by earlier calls, made safe for a state of ours
 * that may be gone (a stale NEW_BASEPTR to a frame that has since become
 * ours, a stale block with no timer). A zero item fails at once. */
void *fuzz_list_arg(uint64_t guard, size_t item, unsigned int n)
{
	uint8_t *p = guarded(guard, item * n);

	memset(p, 0, guard - (uint64_t)p);
	return p;
}

uint64_t fuzz_guest_va(void)
{
	switch (rn(6)) {
	case 0: return SCRATCH_VA + (rnd() % SCRATCH_SIZE & ~7UL);
	case 1: return (uint64_t)pool_mem[rn(ARRAY_SIZE(pool_mem))];
	case 2: return (uint64_t)fuzz_landing_ud2;
	default: return fuzz_bad_pointer();
	}
}

/* L4 slot 1: an L3, an L2 and SCRATCH_L1S L1s of frames we do not use,
 * the L1s mapped read-only at the start of the area (for ptwr stores),
 * and a few free frames writable after them. */
void fuzz_build_scratch(void)
{
	unsigned int n = ARRAY_SIZE(scratch_tables);

	if (nr_free_frames < n + 64) {
		guest_fail("too few spare frames (%u) for the scratch area", nr_free_frames);
		return;
	}
	for (unsigned int i = 0; i < n; i++)
		scratch_tables[i] = free_frames[--nr_free_frames];
	if (fuzz_mmu_write(scratch_tables[1], 0, 0) ||	/* both known empty */
	    fuzz_mmu_write(scratch_tables[0], 0, scratch_tables[1] << 12 | 7))
		guest_fail("cannot build the scratch L3");
	for (unsigned int i = 0; i < SCRATCH_L1S; i++)
		if (fuzz_mmu_write(scratch_tables[1], i, scratch_tables[2 + i] << 12 | 7))
			guest_fail("cannot link scratch L1 %u", i);
	if (fuzz_mmu_write(l4_mfn, SCRATCH_SLOT, scratch_tables[0] << 12 | 7))
		guest_fail("cannot link the scratch L3");
	for (unsigned int i = 0; i < SCRATCH_L1S; i++)
		if (HYPERVISOR_update_va_mapping(SCRATCH_VA + i * PAGE,
						 scratch_tables[2 + i] << 12 | 5, UVMF_INVLPG))
			guest_fail("cannot map scratch L1 %u", i);
	for (unsigned int i = 0; i < 32; i++)
		HYPERVISOR_update_va_mapping(SCRATCH_VA + (16 + i) * PAGE,
					     free_frames[i] << 12 | 7, UVMF_INVLPG);
}
