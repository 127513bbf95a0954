/* Writable page tables (Xen's pv/ro-page-fault.c, "ptwr"): Linux writes the
 * entries of its live L1 tables with ordinary instructions (set_pte during
 * boot, xchg in ptep_get_and_clear, lock and/btr on every fork and page
 * aging). Those pages are read-only to it, so each write faults; when the
 * guest has enabled VMASST_TYPE_writable_pagetables we decode the store,
 * compute the new entry, validate it exactly as mmu_update would, and apply
 * it. Anything we cannot or may not do is the guest's #PF. Only L1 tables
 * are handled, as in Xen. Supported forms (any addressing mode, lock
 * prefix allowed): mov r/imm32 -> m (89, c7 /0), xchg (87), cmpxchg
 * (0f b1), or/and r -> m (09, 21), or/and imm -> m (80, 81, 83 /1 /4),
 * bts/btr imm8 (0f ba /5 /6). */
#include <parvus/domain.h>
#include <parvus/machine_mm.h>
#include <parvus/page_types.h>
#include <parvus/layout.h>
#include <parvus/guest_access.h>
#include <parvus/xen.h>
#include <arch/cpu.h>
#include <arch/ptwr.h>
#include <arch/pv.h>

#define PFEC_PRESENT	(1u << 0)
#define PFEC_WRITE	(1u << 1)
#define PFEC_RSVD	(1u << 3)
#define PFEC_INSN	(1u << 4)
#define RFLAGS_CF	(1UL << 0)
#define RFLAGS_PF	(1UL << 2)
#define RFLAGS_ZF	(1UL << 6)
#define RFLAGS_SF	(1UL << 7)
#define RFLAGS_OF	(1UL << 11)
#define ARITH_FLAGS	(RFLAGS_CF | RFLAGS_PF | RFLAGS_ZF | RFLAGS_SF | RFLAGS_OF)

enum ptwr_op { OP_MOV, OP_XCHG, OP_CMPXCHG, OP_OR, OP_AND, OP_BTS, OP_BTR };

struct store {
	enum ptwr_op op;
	unsigned int size;	/* operand bytes: 1, 2, 4 or 8 */
	unsigned int reg;	/* ModRM.reg (with REX.R): the source register */
	bool has_reg;
	uint64_t imm;
	size_t len;		/* instruction length */
};

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
	return bytes == 1 ? (uint64_t)(int8_t)v : (uint64_t)(int32_t)v;
}

/* Maps opcode (and ModRM.reg for groups) to an operation and its
 * immediate size; false for anything else. */
static bool classify(uint8_t op, bool two_byte, unsigned int ext,
		     struct store *s, unsigned int *imm_bytes)
{
	*imm_bytes = 0;
	if (two_byte) {
		if (op == 0xb1) { s->op = OP_CMPXCHG; s->has_reg = true; return true; }
		if (op == 0xba && (ext == 5 || ext == 6)) {
			s->op = ext == 5 ? OP_BTS : OP_BTR;
			*imm_bytes = 1;
			return true;
		}
		return false;
	}
	switch (op) {
	case 0x89: s->op = OP_MOV; s->has_reg = true; return true;
	case 0x87: s->op = OP_XCHG; s->has_reg = true; return true;
	case 0x09: s->op = OP_OR; s->has_reg = true; return true;
	case 0x21: s->op = OP_AND; s->has_reg = true; return true;
	case 0xc7: s->op = OP_MOV; *imm_bytes = 4; return ext == 0;
	case 0x80: s->size = 1; /* fall into the group below */
		*imm_bytes = 1;
		break;
	case 0x81: *imm_bytes = 4; break;
	case 0x83: *imm_bytes = 1; break;
	default: return false;
	}
	if (ext != 1 && ext != 4)
		return false;
	s->op = ext == 1 ? OP_OR : OP_AND;
	return true;
}

static bool decode_store(const uint8_t *b, size_t len, struct store *s)
{
	size_t i = 0, m;
	uint8_t rex = 0;
	bool opsize16 = false, two_byte = false;
	unsigned int imm_bytes;

	for (; i < len && (b[i] == 0xf0 || b[i] == 0x66 || b[i] == 0x2e ||
			   b[i] == 0x3e || b[i] == 0x26 || b[i] == 0x36); i++)
		opsize16 |= b[i] == 0x66;
	if (i < len && (b[i] & 0xf0) == 0x40)
		rex = b[i++];
	if (i < len && b[i] == 0x0f) {
		two_byte = true;
		i++;
	}
	if (i + 1 >= len)
		return false;
	*s = (struct store){ .size = rex & 8 ? 8 : opsize16 ? 2 : 4 };
	if (!classify(b[i], two_byte, (b[i + 1] >> 3) & 7, s, &imm_bytes))
		return false;
	s->reg = ((b[i + 1] >> 3) & 7) | (rex & 4 ? 8 : 0);
	m = modrm_length(b + i + 1, len - i - 1);
	if (!m || i + 1 + m + imm_bytes > len)
		return false;
	s->imm = read_imm(b + i + 1 + m, imm_bytes);
	s->len = i + 1 + m + imm_bytes;
	return true;
}

static uint64_t size_mask(unsigned int size)
{
	return size == 8 ? ~0UL : (1UL << (8 * size)) - 1;
}

static uint64_t logic_flags(uint64_t result, unsigned int size)
{
	uint64_t f = 0;

	result &= size_mask(size);
	if (!result)
		f |= RFLAGS_ZF;
	if (result >> (8 * size - 1))
		f |= RFLAGS_SF;
	if (!(__builtin_popcount((unsigned int)(result & 0xff)) & 1))
		f |= RFLAGS_PF;
	return f;
}

/* Computes the new operand value and flags; *write says whether memory
 * changes (a failed cmpxchg does not). */
static uint64_t apply(struct cpu_regs *r, const struct store *s, uint64_t old,
		      uint64_t *flags, bool *write)
{
	uint64_t src = s->has_reg ? *regs_gpr(r, s->reg) : s->imm;
	uint64_t mask = size_mask(s->size), bit = s->imm & (8 * s->size - 1);

	*write = true;
	*flags = r->rflags & ARITH_FLAGS;
	switch (s->op) {
	case OP_MOV:
	case OP_XCHG:
		return src;
	case OP_CMPXCHG:
		*flags = logic_flags(r->rax - old, s->size) |
			 ((r->rax & mask) < old ? RFLAGS_CF : 0);
		*write = (r->rax & mask) == old;
		return *write ? src : old;
	case OP_OR:
		*flags = logic_flags(old | src, s->size);
		return old | src;
	case OP_AND:
		*flags = logic_flags(old & src, s->size);
		return old & src;
	case OP_BTS:
	case OP_BTR:
		*flags = (*flags & ~RFLAGS_CF) | ((old >> bit) & 1 ? RFLAGS_CF : 0);
		return s->op == OP_BTS ? old | (1UL << bit) : old & ~(1UL << bit);
	}
	return old;
}

static void write_back_registers(struct cpu_regs *r, const struct store *s,
				 uint64_t old, uint64_t flags, bool wrote)
{
	uint64_t mask = size_mask(s->size);

	if (s->op == OP_XCHG)
		*regs_gpr(r, s->reg) = s->size == 4 ? old : (*regs_gpr(r, s->reg) & ~mask) | old;
	if (s->op == OP_CMPXCHG && !wrote)
		r->rax = s->size == 4 ? old : (r->rax & ~mask) | old;
	if (s->op != OP_MOV && s->op != OP_XCHG)
		r->rflags = (r->rflags & ~ARITH_FLAGS) | flags;
	r->rip += s->len;
}

/* The frame the write went to, if it is one of the guest's live L1s mapped
 * read-only at va. */
static bool find_target_l1(struct vcpu *v, uint64_t va, uint64_t *target)
{
	struct page_info *p;
	uint64_t l1, e;

	if (!guest_range_ok(va, 1) ||
	    pt_find_l1(&machine_mm, v->cr3 >> PAGE_SHIFT, va, &l1))
		return false;
	e = ((uint64_t *)mfn_to_virt(l1))[(va >> PAGE_SHIFT) & 511];
	if (!(e & PTE_P) || (e & PTE_RW) || pte_mfn(e) >= machine_mm.nr_frames)
		return false;
	*target = pte_mfn(e);
	p = &machine_mm.pages[*target];
	return p->owner == v->domain->domid && p->type == PGT_l1 &&
	       p->type_count > 0;
}

bool ptwr_emulate(struct vcpu *v, struct cpu_regs *r, uint64_t cr2,
		  uint64_t error_code)
{
	uint8_t insn[MAX_INSN_LEN];
	struct store s;
	uint64_t target, *entry, old, val, flags;
	unsigned int shift = 8 * (cr2 & 7);
	bool wrote;

	if ((error_code & (PFEC_PRESENT | PFEC_WRITE | PFEC_RSVD | PFEC_INSN)) !=
	    (PFEC_PRESENT | PFEC_WRITE) || !v->in_kernel ||
	    !(v->domain->vm_assist & (1UL << VMASST_TYPE_writable_pagetables)) ||
	    !find_target_l1(v, cr2, &target) ||
	    !decode_store(insn, pv_fetch_insn(r->rip, insn), &s) ||
	    (cr2 & 7) + s.size > 8)
		return false;
	entry = &((uint64_t *)mfn_to_virt(target))[(cr2 & ~PAGE_MASK) >> 3];
	old = (*entry >> shift) & size_mask(s.size);
	val = apply(r, &s, old, &flags, &wrote) & size_mask(s.size);
	if (wrote) {
		uint64_t pte = (*entry & ~(size_mask(s.size) << shift)) | (val << shift);

		if (pt_update_entry(&machine_mm, target, (cr2 & ~PAGE_MASK) >> 3,
				    pte, v->domain->domid, false))
			return false;
		machine_mm_flush_if_needed();
	}
	write_back_registers(r, &s, old, flags, wrote);
	return true;
}
