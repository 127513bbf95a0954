/* SPDX-License-Identifier: GPL-2.0-only */
/* Fuzzes the writable-page-table store decoder and its arithmetic
 * (hypervisor/arch/x86_64/pv/ptwr_decode.c) against two references: the
 * Capstone disassembler for what the bytes are, and the host CPU itself
 * for what the instruction does. Input: rax, the source register, the old
 * memory operand, 8 bytes each, the flags (2 bytes), then the instruction.
 * A decoded store must not claim more bytes than given, must decode the
 * same from its own bytes alone, must be the instruction Capstone sees
 * (same length, mnemonic and operand size), and emulating it must leave
 * memory, rax, the source register and the defined flags exactly as
 * running it on this CPU does. */
#include <arch/ptwr_decode.h>
#include <parvus/string.h>
#include <capstone/capstone.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond); \
	abort(); } } while (0)

#define MAX_INSN	15	/* the architecture's limit, and pv_fetch_insn's */
#define HEADER		26	/* rax, source, old value, flags */

/* ---- the host CPU as the reference ---- */

struct host {
	uint64_t mem, rax, src, flags;
};

/* Runs one instruction on s->mem with the given flags. The stack moves
 * past the red zone first: push/pop must not clobber the compiler's. */
#define HOST_OP(name, insn)						\
static void name(struct host *h)					\
{									\
	asm volatile("lea -128(%%rsp), %%rsp\n\tpush %[fl]\n\tpopfq\n\t"	\
		     insn "\n\tpushfq\n\tpop %[fl]\n\tlea 128(%%rsp), %%rsp"	\
		     : [m] "+m"(h->mem), [a] "+a"(h->rax), [s] "+r"(h->src),	\
		       [fl] "+r"(h->flags) :: "cc", "memory");		\
}
#define HOST_WIDE(op, insn)				\
	HOST_OP(op##_2, insn " %w[s], %[m]")		\
	HOST_OP(op##_4, insn " %k[s], %[m]")		\
	HOST_OP(op##_8, insn " %q[s], %[m]")
#define HOST_SIZES(op, insn)				\
	HOST_OP(op##_1, insn " %b[s], %[m]")		\
	HOST_WIDE(op, insn)
HOST_SIZES(host_mov, "mov")
HOST_SIZES(host_xchg, "xchg")
HOST_SIZES(host_cmpxchg, "lock cmpxchg")
HOST_SIZES(host_or, "or")
HOST_SIZES(host_and, "and")
HOST_WIDE(host_bts, "bts")	/* no byte forms */
HOST_WIDE(host_btr, "btr")

typedef void (*host_fn)(struct host *);
#define HOST_ROW(op) { op##_1, op##_2, op##_4, op##_8 }
#define HOST_ROW_WIDE(op) { NULL, op##_2, op##_4, op##_8 }
static const host_fn host_ops[][4] = {
	[PTWR_MOV] = HOST_ROW(host_mov), [PTWR_XCHG] = HOST_ROW(host_xchg),
	[PTWR_CMPXCHG] = HOST_ROW(host_cmpxchg), [PTWR_OR] = HOST_ROW(host_or),
	[PTWR_AND] = HOST_ROW(host_and), [PTWR_BTS] = HOST_ROW_WIDE(host_bts),
	[PTWR_BTR] = HOST_ROW_WIDE(host_btr),
};

static unsigned int size_index(unsigned int size)
{
	return size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3;
}

/* The flags each operation defines: bt* leave all but CF undefined, and
 * or/and AF; mov and xchg change none. */
static uint64_t defined_flags(enum ptwr_op op)
{
	switch (op) {
	case PTWR_BTS: case PTWR_BTR: return RFLAGS_CF;
	case PTWR_OR: case PTWR_AND: return PTWR_ARITH_FLAGS & ~RFLAGS_AF;
	default: return PTWR_ARITH_FLAGS;
	}
}

static void check_against_cpu(const struct ptwr_store *s, uint64_t rax, uint64_t src,
			      uint64_t old, uint64_t flags_in)
{
	uint64_t mask = ptwr_size_mask(s->size), flags, val;
	struct cpu_regs r = { .rax = rax, .rip = 0x1000, .rflags = 0x2 | flags_in };
	/* The source may be rax itself (ModRM.reg 0). */
	struct host h = { old & mask, rax, s->reg == 0 ? rax : src, 0x2 | flags_in };
	bool wrote;

	if (s->has_reg)
		*regs_gpr(&r, s->reg) = h.src;
	else	/* bt* take the bit number masked, or/and/mov the immediate */
		h.src = s->op == PTWR_BTS || s->op == PTWR_BTR ?
			s->imm & (8 * s->size - 1) : s->imm;
	old &= mask;
	val = ptwr_apply(&r, s, old, &flags, &wrote) & mask;
	ptwr_write_back(&r, s, old, flags, wrote);
	CHECK(host_ops[s->op][size_index(s->size)]);
	host_ops[s->op][size_index(s->size)](&h);
	CHECK((h.mem & mask) == (wrote ? val : old));
	CHECK(((r.rflags ^ h.flags) & defined_flags(s->op)) == 0);
	CHECK(r.rip == 0x1000 + s->len);
	if (s->reg == 0 && s->op == PTWR_XCHG)
		CHECK(r.rax == h.src);
	else
		CHECK(r.rax == h.rax);
	if (s->has_reg && s->reg != 0)
		CHECK(*regs_gpr(&r, s->reg) == h.src);
}

/* ---- Capstone as the reference decoder ---- */

static const char *const mnemonics[] = {
	[PTWR_MOV] = "mov", [PTWR_XCHG] = "xchg", [PTWR_CMPXCHG] = "cmpxchg",
	[PTWR_OR] = "or", [PTWR_AND] = "and", [PTWR_BTS] = "bts", [PTWR_BTR] = "btr",
};

static csh capstone;

static void check_against_capstone(const uint8_t *insn, size_t len, const struct ptwr_store *s)
{
	cs_insn *ci;
	size_t count = cs_disasm(capstone, insn, len, 0x1000, 1, &ci);
	const char *word;
	const cs_x86_op *dst;

	CHECK(count == 1);
	CHECK(ci->size == s->len);
	word = strchr(ci->mnemonic, ' ') ? strchr(ci->mnemonic, ' ') + 1 : ci->mnemonic;
	CHECK(!strcmp(word, mnemonics[s->op]));
	CHECK(ci->detail->x86.op_count >= 1);
	dst = &ci->detail->x86.operands[0];
	CHECK(dst->type == X86_OP_MEM && dst->size == s->size);
	cs_free(ci, count);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &capstone) != CS_ERR_OK)
		abort();
	cs_option(capstone, CS_OPT_DETAIL, CS_OPT_ON);
	return 0;
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static bool same_store(const struct ptwr_store *a, const struct ptwr_store *b)
{
	return a->op == b->op && a->size == b->size && a->reg == b->reg &&
	       a->has_reg == b->has_reg && a->imm == b->imm && a->len == b->len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ptwr_store s, again;
	uint8_t *insn;
	size_t n;

	if (size < HEADER)
		return 0;
	n = MIN(size - HEADER, (size_t)MAX_INSN);
	insn = malloc(n ? n : 1);	/* exact size: ASan sees any overread */
	memcpy(insn, data + HEADER, n);
	if (ptwr_decode(insn, n, &s)) {
		CHECK(s.len >= 2 && s.len <= n);
		CHECK(s.size == 1 || s.size == 2 || s.size == 4 || s.size == 8);
		CHECK(s.reg < 16 && s.op <= PTWR_BTR);
		CHECK(ptwr_decode(insn, s.len, &again) && same_store(&s, &again));
		check_against_capstone(insn, n, &s);
		check_against_cpu(&s, le64(data), le64(data + 8), le64(data + 16),
				  (data[24] | (uint64_t)data[25] << 8) & PTWR_ARITH_FLAGS);
	}
	free(insn);
	return 0;
}
