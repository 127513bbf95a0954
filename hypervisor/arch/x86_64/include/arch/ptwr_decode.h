/* SPDX-License-Identifier: GPL-2.0-only */
/* The stores writable page-table emulation understands (arch/x86_64/
 * ptwr_decode.c): decoding one from its bytes, and computing what it does
 * to the old entry, the registers and the flags. Pure logic, so it is
 * unit-tested and fuzzed on the host (against the host CPU itself). */
#ifndef ARCH_PTWR_DECODE_H
#define ARCH_PTWR_DECODE_H

#include <parvus/types.h>
#include <arch/regs.h>

#define RFLAGS_CF	(1UL << 0)
#define RFLAGS_PF	(1UL << 2)
#define RFLAGS_AF	(1UL << 4)
#define RFLAGS_ZF	(1UL << 6)
#define RFLAGS_SF	(1UL << 7)
#define RFLAGS_OF	(1UL << 11)
#define PTWR_ARITH_FLAGS (RFLAGS_CF | RFLAGS_PF | RFLAGS_AF | RFLAGS_ZF | RFLAGS_SF | \
			  RFLAGS_OF)

enum ptwr_op { PTWR_MOV, PTWR_XCHG, PTWR_CMPXCHG, PTWR_OR, PTWR_AND, PTWR_BTS, PTWR_BTR };

struct ptwr_store {
	enum ptwr_op op;
	unsigned int size;	/* operand bytes: 1, 2, 4 or 8 */
	unsigned int reg;	/* ModRM.reg (with REX.R): the source register */
	bool has_reg;
	uint64_t imm;
	size_t len;		/* instruction length, at most the bytes given */
};

/* Decodes insn[0..len) as one of the supported stores to memory. */
bool ptwr_decode(const uint8_t *insn, size_t len, struct ptwr_store *s);
uint64_t ptwr_size_mask(unsigned int size);
/* The new operand value from the old one (size bytes), and the flags it
 * leaves; *write says whether memory changes (a failed cmpxchg does not). */
uint64_t ptwr_apply(struct cpu_regs *r, const struct ptwr_store *s, uint64_t old,
		    uint64_t *flags, bool *write);
/* The registers after the store: xchg and a failed cmpxchg load the old
 * value, arithmetic sets the flags, rip moves past the instruction. */
void ptwr_write_back(struct cpu_regs *r, const struct ptwr_store *s, uint64_t old,
		     uint64_t flags, bool wrote);

#endif
