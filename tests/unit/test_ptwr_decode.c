/* SPDX-License-Identifier: GPL-2.0-only */
/* The writable-page-table store decoder and its arithmetic: the forms
 * Linux uses, lengths that never pass the bytes given, and flags as the
 * CPU sets them (cases the host fuzzer found, checked here by value). */
#include "unit.h"
#include <arch/ptwr_decode.h>

static struct ptwr_store decode_ok(const uint8_t *b, size_t len)
{
	struct ptwr_store s;

	cr_assert(ptwr_decode(b, len, &s), "decodes");
	cr_assert_leq(s.len, len);
	return s;
}

Test(ptwr_decode, linux_forms)
{
	static const uint8_t cmpxchg[] = { 0xf0, 0x48, 0x0f, 0xb1, 0x17, 0x90 };
	static const uint8_t btr[] = { 0xf0, 0x48, 0x0f, 0xba, 0x37, 0x01 };
	static const uint8_t mov_sib[] = { 0x4c, 0x89, 0x84, 0x24, 0x00, 0x01, 0x00, 0x00 };
	struct ptwr_store s = decode_ok(cmpxchg, sizeof(cmpxchg));

	cr_assert(s.op == PTWR_CMPXCHG && s.size == 8 && s.reg == 2 && s.len == 5);
	s = decode_ok(btr, sizeof(btr));
	cr_assert(s.op == PTWR_BTR && s.size == 8 && s.imm == 1 && s.len == 6);
	s = decode_ok(mov_sib, sizeof(mov_sib));
	cr_assert(s.op == PTWR_MOV && s.size == 8 && s.reg == 8 && s.len == 8, "REX.R: r8");
}

Test(ptwr_decode, never_claims_bytes_it_was_not_given)
{
	static const uint8_t mov_sib[] = { 0x48, 0x89, 0x84, 0x24, 0x00, 0x01, 0x00, 0x00 };
	struct ptwr_store s;

	for (size_t n = 0; n < sizeof(mov_sib); n++)
		cr_assert_not(ptwr_decode(mov_sib, n, &s), "%zu of 8 bytes", n);
	decode_ok(mov_sib, sizeof(mov_sib));
}

/* Found by fuzzing against Capstone: 66 c7 /0 and 66 81 take a 16-bit
 * immediate (we took 4 bytes, and so a wrong length), and lock mov is
 * #UD, not a store. */
Test(ptwr_decode, operand_size_prefix_and_lock)
{
	static const uint8_t mov16[] = { 0x66, 0xc7, 0x07, 0x00, 0x80, 0x90, 0x90 };
	static const uint8_t or16[] = { 0x66, 0x81, 0x0f, 0x34, 0x12, 0x90, 0x90 };
	static const uint8_t mov64[] = { 0x48, 0xc7, 0x07, 0x00, 0x00, 0x00, 0x80 };
	static const uint8_t lock_mov[] = { 0xf0, 0x89, 0x3e };
	struct ptwr_store s = decode_ok(mov16, sizeof(mov16));

	cr_assert(s.size == 2 && s.len == 5);
	cr_assert_eq(s.imm & 0xffff, 0x8000);
	s = decode_ok(or16, sizeof(or16));
	cr_assert(s.op == PTWR_OR && s.size == 2 && s.len == 5 && s.imm == 0x1234);
	s = decode_ok(mov64, sizeof(mov64));
	cr_assert(s.size == 8 && s.len == 7 && s.imm == 0xffffffff80000000UL, "imm32, sign-extended");
	cr_assert_not(ptwr_decode(lock_mov, sizeof(lock_mov), &s));
}

/* Found by fuzzing against the CPU: a failed cmpxchg sets OF (and AF) as
 * cmp does; we left OF clear. */
Test(ptwr_decode, cmpxchg_sets_every_compare_flag)
{
	static const uint8_t cmpxchg[] = { 0xf0, 0x48, 0x0f, 0xb1, 0x17 };
	struct ptwr_store s = decode_ok(cmpxchg, sizeof(cmpxchg));
	struct cpu_regs r = { .rax = 0x0067800000000063UL, .rdx = 0x1234, .rflags = 0x2 };
	uint64_t old = 0x8000000000000063UL, flags;
	bool wrote;

	cr_assert_eq(ptwr_apply(&r, &s, old, &flags, &wrote), old);
	cr_assert_not(wrote);
	cr_assert_eq(flags, RFLAGS_OF | RFLAGS_SF | RFLAGS_CF | RFLAGS_PF);
	ptwr_write_back(&r, &s, old, flags, wrote);
	cr_assert_eq(r.rax, old, "a failed cmpxchg loads the old value");
	cr_assert_eq(r.rip, 5);

	r.rax = old;
	cr_assert_eq(ptwr_apply(&r, &s, old, &flags, &wrote), 0x1234);
	cr_assert(wrote);
	cr_assert_eq(flags, RFLAGS_ZF | RFLAGS_PF);
}

Test(ptwr_decode, bit_ops_report_the_old_bit)
{
	static const uint8_t bts[] = { 0x48, 0x0f, 0xba, 0x2f, 0x41 };	/* bts $65: bit 1 */
	struct ptwr_store s = decode_ok(bts, sizeof(bts));
	struct cpu_regs r = { .rflags = 0x2 | RFLAGS_ZF };
	uint64_t flags;
	bool wrote;

	cr_assert_eq(ptwr_apply(&r, &s, 0x1, &flags, &wrote), 0x3);
	cr_assert_eq(flags, RFLAGS_ZF, "CF clear (bit 1 was 0), other flags kept");
	cr_assert_eq(ptwr_apply(&r, &s, 0x2, &flags, &wrote), 0x2);
	cr_assert_eq(flags & RFLAGS_CF, RFLAGS_CF);
}
