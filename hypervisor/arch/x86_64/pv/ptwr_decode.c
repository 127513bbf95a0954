/* SPDX-License-Identifier: GPL-2.0-only */
/* Decoding the stores Linux makes to its live L1 tables, and their effect
 * (see arch/ptwr_decode.h; ptwr.c applies them). Only the forms listed in
 * ptwr.c are recognised; anything else is not decoded, and the guest's
 * page fault stands. The decoder never reads past the bytes it is given. */
#include <arch/ptwr_decode.h>

/* Length of ModRM + SIB + displacement for a memory operand; 0 if the
 * operand is a register (not a store at all). */
static size_t modrm_length(const uint8_t *p, size_t avail)
{
	uint8_t mod, rm;
	size_t n = 1;

	if (avail < 1)
		return 0;
	mod = p[0] >> 6;
	rm = p[0] & 7;
	if (mod == 3)
		return 0;
	if (rm == 4) {
		if (avail < 2)
			return 0;
		n++;
		if (mod == 0 && (p[1] & 7) == 5)
			n += 4;
	} else if (mod == 0 && rm == 5) {
		n += 4;		/* rip-relative */
	}
	if (mod == 1)
		n += 1;
	else if (mod == 2)
		n += 4;
	return n <= avail ? n : 0;
}

static uint64_t read_imm(const uint8_t *p, unsigned int bytes)
{
	int64_t v = 0;

	for (unsigned int i = 0; i < bytes; i++)
		v |= (uint64_t)p[i] << (8 * i);
	/* Immediates are sign-extended to the operand size. */
	if (bytes == 1)
		return (uint64_t)(int8_t)v;
	return bytes == 2 ? (uint64_t)(int16_t)v : (uint64_t)(int32_t)v;
}

/* Maps opcode (and ModRM.reg for groups) to an operation and its
 * immediate size; false for anything else. An operand-size prefix makes a
 * full-size immediate 16 bits (iw); with REX.W it stays 32, sign-extended. */
static bool classify(uint8_t op, bool two_byte, unsigned int ext,
		     struct ptwr_store *s, unsigned int *imm_bytes)
{
	unsigned int imm_full = s->size == 2 ? 2 : 4;

	*imm_bytes = 0;
	if (two_byte) {
		if (op == 0xb1) { s->op = PTWR_CMPXCHG; s->has_reg = true; return true; }
		if (op == 0xba && (ext == 5 || ext == 6)) {
			s->op = ext == 5 ? PTWR_BTS : PTWR_BTR;
			*imm_bytes = 1;
			return true;
		}
		return false;
	}
	switch (op) {
	case 0x89: s->op = PTWR_MOV; s->has_reg = true; return true;
	case 0x87: s->op = PTWR_XCHG; s->has_reg = true; return true;
	case 0x09: s->op = PTWR_OR; s->has_reg = true; return true;
	case 0x21: s->op = PTWR_AND; s->has_reg = true; return true;
	case 0xc7: s->op = PTWR_MOV; *imm_bytes = imm_full; return ext == 0;
	case 0x80: s->size = 1; /* fall into the group below */
		*imm_bytes = 1;
		break;
	case 0x81: *imm_bytes = imm_full; break;
	case 0x83: *imm_bytes = 1; break;
	default: return false;
	}
	if (ext != 1 && ext != 4)
		return false;
	s->op = ext == 1 ? PTWR_OR : PTWR_AND;
	return true;
}

/* Legacy prefixes (lock, operand size, segments), one REX, the opcode
 * (0f escape), ModRM with its SIB and displacement, the immediate. */
bool ptwr_decode(const uint8_t *b, size_t len, struct ptwr_store *s)
{
	size_t i = 0, m;
	uint8_t rex = 0;
	bool opsize16 = false, two_byte = false, lock = false;
	unsigned int imm_bytes;

	for (; i < len && (b[i] == 0xf0 || b[i] == 0x66 || b[i] == 0x2e ||
			   b[i] == 0x3e || b[i] == 0x26 || b[i] == 0x36); i++) {
		opsize16 |= b[i] == 0x66;
		lock |= b[i] == 0xf0;
	}
	if (i < len && (b[i] & 0xf0) == 0x40)
		rex = b[i++];
	if (i < len && b[i] == 0x0f) {
		two_byte = true;
		i++;
	}
	if (i + 1 >= len)
		return false;
	*s = (struct ptwr_store){ .size = rex & 8 ? 8 : opsize16 ? 2 : 4 };
	if (!classify(b[i], two_byte, (b[i + 1] >> 3) & 7, s, &imm_bytes))
		return false;
	/* lock mov is #UD: the CPU never runs it, so it is no store of ours. */
	if (lock && s->op == PTWR_MOV)
		return false;
	s->reg = ((b[i + 1] >> 3) & 7) | (rex & 4 ? 8 : 0);
	m = modrm_length(b + i + 1, len - i - 1);
	if (!m || i + 1 + m + imm_bytes > len)
		return false;
	s->imm = read_imm(b + i + 1 + m, imm_bytes);
	s->len = i + 1 + m + imm_bytes;
	return true;
}

uint64_t ptwr_size_mask(unsigned int size)
{
	return size == 8 ? ~0UL : (1UL << (8 * size)) - 1;
}

static uint64_t logic_flags(uint64_t result, unsigned int size)
{
	uint64_t f = 0;

	result &= ptwr_size_mask(size);
	if (!result)
		f |= RFLAGS_ZF;
	if (result >> (8 * size - 1))
		f |= RFLAGS_SF;
	if (!(__builtin_popcount((unsigned int)(result & 0xff)) & 1))
		f |= RFLAGS_PF;
	return f;
}

/* The flags of cmp a, b (a - b), as cmpxchg sets them: all six. */
static uint64_t compare_flags(uint64_t a, uint64_t b, unsigned int size)
{
	uint64_t res = (a - b) & ptwr_size_mask(size);
	unsigned int top = 8 * size - 1;
	uint64_t f = logic_flags(res, size);

	if (a < b)
		f |= RFLAGS_CF;
	if ((a ^ b ^ res) & 0x10)
		f |= RFLAGS_AF;
	if ((((a ^ b) & (a ^ res)) >> top) & 1)	/* operands' signs differ, result's flipped */
		f |= RFLAGS_OF;
	return f;
}

/* See ptwr_decode.h. */
uint64_t ptwr_apply(struct cpu_regs *r, const struct ptwr_store *s, uint64_t old,
		    uint64_t *flags, bool *write)
{
	uint64_t src = s->has_reg ? *regs_gpr(r, s->reg) : s->imm;
	uint64_t mask = ptwr_size_mask(s->size), bit = s->imm & (8 * s->size - 1);

	*write = true;
	*flags = r->rflags & PTWR_ARITH_FLAGS;
	switch (s->op) {
	case PTWR_MOV:
	case PTWR_XCHG:
		return src;
	case PTWR_CMPXCHG:
		*flags = compare_flags(r->rax & mask, old, s->size);
		*write = (r->rax & mask) == old;
		return *write ? src : old;
	case PTWR_OR:
		*flags = logic_flags(old | src, s->size);
		return old | src;
	case PTWR_AND:
		*flags = logic_flags(old & src, s->size);
		return old & src;
	case PTWR_BTS:
	case PTWR_BTR:
		*flags = (*flags & ~RFLAGS_CF) | ((old >> bit) & 1 ? RFLAGS_CF : 0);
		return s->op == PTWR_BTS ? old | (1UL << bit) : old & ~(1UL << bit);
	}
	return old;
}

void ptwr_write_back(struct cpu_regs *r, const struct ptwr_store *s, uint64_t old,
		     uint64_t flags, bool wrote)
{
	uint64_t mask = ptwr_size_mask(s->size);

	if (s->op == PTWR_XCHG)
		*regs_gpr(r, s->reg) = s->size == 4 ? old : (*regs_gpr(r, s->reg) & ~mask) | old;
	if (s->op == PTWR_CMPXCHG && !wrote)
		r->rax = s->size == 4 ? old : (r->rax & ~mask) | old;
	if (s->op != PTWR_MOV && s->op != PTWR_XCHG)
		r->rflags = (r->rflags & ~PTWR_ARITH_FLAGS) | flags;
	r->rip += s->len;
}

