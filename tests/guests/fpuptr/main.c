/* SPDX-License-Identifier: GPL-2.0-only */
/* fpuptr: the x87 last-instruction pointers (FIP, FDP, FOP) must not leak
 * from one vCPU to the next (Xen's XSA-52: AMD CPUs without
 * RSTR_FP_ERR_PTRS neither save nor restore them with fxsave/fxrstor
 * unless an x87 exception is pending). Two domains take turns with
 * SCHEDOP_yield: role=leak loads a double before each yield, so its
 * pointers are the CPU's at every switch; role=look never runs an x87
 * instruction, and fnstenv must never show it the leaker's pointers (zero,
 * its initial state, or on an affected AMD CPU the hypervisor's own fild
 * that clears them, as Xen's fpu_fxrstor does).
 * Command line: role=leak|look rounds=N. */
#include "guest.h"

/* fnstenv's 28-byte image in 64-bit mode: the low 32 bits of each pointer. */
#define ENV_FIP		3	/* in 32-bit words */
#define ENV_FOP_FCS	4	/* FOP in bits 16-26 */
#define ENV_FDP		5

static const double marker = 1.5;

/* The x87 instruction whose address and operand are the leak. */
static __attribute__((noinline)) void load_marker(void)
{
	asm volatile("fldl %0\n\tfstp %%st(0)" : : "m"(marker));
}

struct x87_pointers {
	uint32_t fip, fdp, fop;
};

/* The x87 pointers in the CPU now, as fnstenv shows them. fxsave would do
 * on hardware, but QEMU's TCG leaves them out of its fxsave image (and
 * does not restore them with fxrstor: the AMD behaviour, for every model). */
static struct x87_pointers read_pointers(void)
{
	uint32_t env[7];

	asm volatile("fnstenv %0" : "=m"(env));
	return (struct x87_pointers){ .fip = env[ENV_FIP], .fdp = env[ENV_FDP],
				      .fop = env[ENV_FOP_FCS] >> 16 };
}

/* Whether p points into load_marker and at marker: the leaking domain's
 * pointers (both domains are this image, at the same addresses). */
static bool points_at_marker(struct x87_pointers p)
{
	uint32_t code = (uint32_t)(uint64_t)load_marker;

	return p.fdp == (uint32_t)(uint64_t)&marker || (p.fip >= code && p.fip < code + 16);
}

static void leak(uint64_t rounds)
{
	struct x87_pointers p;

	/* Without this the test would prove nothing: the CPU (or QEMU)
	 * must record the pointers in the first place. */
	load_marker();
	p = read_pointers();
	CHECK(points_at_marker(p), "fldl left FIP 0x%x FDP 0x%x, not load_marker and marker",
	      p.fip, p.fdp);
	for (uint64_t i = 0; i < rounds; i++) {
		load_marker();
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	guest_printf("fpuptr leak: loaded the double at %p from %p before each of %lu yields\n",
		     (const void *)&marker, (void *)load_marker, (unsigned long)rounds);
}

static void look(uint64_t rounds)
{
	struct x87_pointers p = { 0 };
	uint64_t seen = 0;

	for (uint64_t i = 0; i < rounds; i++) {
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
		p = read_pointers();
		if (points_at_marker(p) && !seen++)
			guest_fail("the other vCPU's x87 pointers: FIP 0x%x FDP 0x%x FOP 0x%x",
				   p.fip, p.fdp, p.fop);
	}
	guest_printf("fpuptr look: %lu of %lu looks showed the other vCPU's x87 pointers "
		     "(last: FIP 0x%x FDP 0x%x)\n", (unsigned long)seen, (unsigned long)rounds,
		     p.fip, p.fdp);
}

void guest_main(void)
{
	char role[8] = "";
	uint64_t rounds = guest_arg_number("rounds", 200);

	guest_arg("role", role, sizeof(role));
	if (!strcmp(role, "leak"))
		leak(rounds);
	else if (!strcmp(role, "look"))
		look(rounds);
	else
		guest_fail("role=%s: expected role=leak or role=look", role);
}
