/* SPDX-License-Identifier: GPL-2.0-only */
/* Small pure helpers: guest pointer ranges, privileged-instruction names,
 * hypercall names, symbol lookup. */
#include "unit.h"
#include <parvus/guest_access.h>
#include <parvus/hypercall_names.h>
#include <parvus/symbols.h>
#include <arch/traps.h>

Test(guest_range, accepts_guest_halves_refuses_the_hole)
{
	cr_assert(guest_range_ok(0x1000, 16));
	cr_assert(guest_range_ok(0x00007ffffffffff0UL, 16), "end of the lower half");
	cr_assert_not(guest_range_ok(0x00007ffffffffff0UL, 17), "crosses into non-canonical");
	cr_assert_not(guest_range_ok(0x0000900000000000UL, 1), "non-canonical");
	cr_assert_not(guest_range_ok(0xffff800000000000UL, 1), "hypervisor slot 256");
	cr_assert_not(guest_range_ok(0xffff830000000000UL, 8), "direct map");
	cr_assert_not(guest_range_ok(0xffff87fffffffff8UL, 16), "straddles the end of the hole");
	cr_assert(guest_range_ok(0xffff880000000000UL, 8), "Linux's direct map starts here");
	cr_assert(guest_range_ok(0xffffffff80000000UL, 4096));
	cr_assert_not(guest_range_ok(0xfffffffffffffff0UL, 32), "wraps around");
	cr_assert(guest_range_ok(0xffff830000000000UL, 0), "an empty range touches nothing");
}

Test(guest_range, canonical_addresses)
{
	cr_assert(is_canonical(0));
	cr_assert(is_canonical(0x00007fffffffffffUL), "top of the lower half");
	cr_assert_not(is_canonical(0x0000800000000000UL));
	cr_assert_not(is_canonical(0xffff7fffffffffffUL));
	cr_assert(is_canonical(0xffff800000000000UL), "bottom of the upper half");
	cr_assert(is_canonical(~0UL));
	cr_assert_not(is_canonical(0x8000000000000000UL));
}

Test(hypercall_names, by_xen_number)
{
	cr_assert_str_eq(hypercall_name(0), "set_trap_table");
	cr_assert_str_eq(hypercall_name(1), "mmu_update");
	cr_assert_str_eq(hypercall_name(23), "iret");
	cr_assert_str_eq(hypercall_name(29), "sched_op");
	cr_assert_str_eq(hypercall_name(42), "hypfs_op");
	cr_assert_str_eq(hypercall_name(11), "unknown", "no hypercall 11");
	cr_assert_str_eq(hypercall_name(43), "unknown");
	cr_assert_str_eq(hypercall_name(63), "unknown");
	cr_assert_str_eq(hypercall_name(~0UL), "unknown");
}

Test(priv_insn, names)
{
	static const struct { uint8_t b[4]; size_t n; const char *name; } cases[] = {
		{ { 0xfa }, 1, "cli" }, { { 0xfb }, 1, "sti" }, { { 0xf4 }, 1, "hlt" },
		{ { 0x0f, 0x20, 0xd8 }, 3, "mov from %cr" }, { { 0x0f, 0x22, 0xd8 }, 3, "mov to %cr" },
		{ { 0x0f, 0x30 }, 2, "wrmsr" }, { { 0x0f, 0x32 }, 2, "rdmsr" },
		{ { 0xe4, 0x80 }, 2, "in" }, { { 0x66, 0xef }, 2, "out" },
		{ { 0x0f, 0x01, 0x10 }, 3, "lgdt" }, { { 0x0f, 0x01, 0x38 }, 3, "invlpg" },
		{ { 0x0f, 0x01, 0xf8 }, 3, "swapgs" }, { { 0x48, 0x0f, 0x00, 0xd8 }, 4, "ltr" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = priv_insn_name(cases[i].b, cases[i].n);
		cr_assert_not_null(got, "case %zu not recognised", i);
		cr_assert_str_eq(got, cases[i].name);
	}
}

Test(priv_insn, ordinary_or_truncated_bytes_are_not_named)
{
	static const uint8_t nop[] = { 0x90 }, mov[] = { 0x48, 0x89, 0xc3 };
	static const uint8_t prefixes[15] = { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
					      0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66 };
	static const uint8_t half[] = { 0x0f };

	cr_assert_null(priv_insn_name(nop, 1));
	cr_assert_null(priv_insn_name(mov, 3));
	cr_assert_null(priv_insn_name(prefixes, 15));
	cr_assert_null(priv_insn_name(half, 1));
	cr_assert_null(priv_insn_name(nop, 0));
}

Test(symbols, find_nearest_preceding)
{
	static const struct hv_symbol tab[] = {
		{ 0x1000, "a" }, { 0x1010, "b" }, { 0x1200, "c" },
	};

	cr_assert_null(symbol_find(tab, 3, 0xfff));
	cr_assert_str_eq(symbol_find(tab, 3, 0x1000)->name, "a");
	cr_assert_str_eq(symbol_find(tab, 3, 0x100f)->name, "a");
	cr_assert_str_eq(symbol_find(tab, 3, 0x1010)->name, "b");
	cr_assert_str_eq(symbol_find(tab, 3, 0x9999)->name, "c");
	cr_assert_null(symbol_find(tab, 0, 0x1000));
}

#include <parvus/descriptor.h>

Test(descriptor, xen_check_descriptor_rules)
{
	uint64_t d;

	d = 0x00af9a000000ffffUL;			/* ring-0 64-bit code */
	cr_assert(descriptor_check(&d));
	cr_assert_eq(d, 0x00affa000000ffffUL, "DPL raised to 3");
	d = 0x00cff3000000ffffUL;			/* ring-3 data */
	cr_assert(descriptor_check(&d));
	cr_assert_eq(d, 0x00cff3000000ffffUL, "already DPL 3: unchanged");
	d = 0x0000890000000067UL;			/* available TSS */
	cr_assert_not(descriptor_check(&d), "TSS refused");
	d = 0x0000ec0000000000UL | (0xe008UL << 16);	/* call gate to ring 0 */
	cr_assert_not(descriptor_check(&d), "call gate refused");
	d = 0x0000090000000067UL;			/* not-present TSS */
	cr_assert(descriptor_check(&d), "not present is harmless");
	cr_assert_eq(d, 0x0000090000000067UL);
}
