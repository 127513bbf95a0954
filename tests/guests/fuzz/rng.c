/* SPDX-License-Identifier: GPL-2.0-only */
/* The PRNG's state and its two larger picks: integers where handlers
 * tend to go wrong, and domain IDs (ours, the witness's, special and
 * invalid ones). rnd, rn, chance and PICK are static inline in fuzz.h;
 * setup() in main.c seeds the state from the command line. */
#include "fuzz.h"

/* ---- the PRNG: xorshift64*, seeded from the command line ---- */
uint64_t prng_state;

/* Integers where handlers tend to go wrong. */
uint64_t fuzz_edge(void)
{
	switch (rn(12)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return ~0UL;
	case 3: return PICK(0x7fffffffUL, 0x80000000UL, 0xffffffffUL, 0x100000000UL);
	case 4: return 1UL << 63;
	case 5: return rn(16);
	case 6: return PICK(4095, 4096, 4097, 511, 512, 513, 1023, 1024, 65535, 65536);
	case 7: return (uint64_t)-(int64_t)rn(16);
	case 8: return 0x7fffffffffffffffUL;
	case 9: return rnd() & 0xffff;
	default: return rnd();
	}
}

domid_t fuzz_rand_domid(void)
{
	return (domid_t)PICK(DOMID_SELF, self_id, witness_id, witness_id, 0, DOMID_XEN,
			     DOMID_IO, DOMID_INVALID, 63, 64, 0x7fef, 0xffff, rn(8),
			     rnd() & 0xffff);
}
