/* SPDX-License-Identifier: GPL-2.0-only */
/* The PV CPUID policy over a fake host that claims every feature. */
#include "unit.h"
#include <parvus/cpuid_policy.h>

static void all_features(uint32_t leaf, uint32_t sub, struct cpuid_regs *out)
{
	out->a = out->b = out->c = out->d = 0xffffffff;
}

static struct cpuid_regs leaf(uint32_t l, uint32_t sub)
{
	struct cpuid_regs r;

	static const struct cpuid_pv_info info = { 0x40011, 2500000, 0xcccccccc, -1 };

	cpuid_pv_policy(all_features, l, sub, &info, &r);
	return r;
}

Test(cpuid_policy, xen_leaves)
{
	struct cpuid_regs r = leaf(0x40000000, 0);

	cr_assert_eq(r.a, 0x40000003);
	cr_assert_eq(memcmp(&r.b, "XenV", 4), 0);
	cr_assert_eq(memcmp(&r.c, "MMXe", 4), 0);
	cr_assert_eq(memcmp(&r.d, "nVMM", 4), 0);
	cr_assert_eq(leaf(0x40000001, 0).a, 0x40011);
	cr_assert_eq(leaf(0x40000002, 0).b, 0x40000000);
	r = leaf(0x40000007, 0);
	cr_assert_eq(r.a | r.b | r.c | r.d, 0, "unknown hypervisor leaves are empty");
}

Test(cpuid_policy, time_leaf)
{
	struct cpuid_regs r = leaf(0x40000003, 0);

	cr_assert_eq(r.a, 0, "not emulated, and not claimed reliable (the host's own bit)");
	cr_assert_eq(r.b, XEN_TSC_MODE_NEVER_EMULATE);
	cr_assert_eq(r.c, 2500000, "guest TSC kHz");
	r = leaf(0x40000003, 1);
	cr_assert_eq(r.a | r.b, 0, "no TSC offset");
	cr_assert_eq(r.c, 0xcccccccc, "tsc-to-ns multiplier");
	cr_assert_eq((int32_t)r.d, -1, "shift, sign-extended");
	cr_assert_eq(leaf(0x40000003, 2).a, 2500000, "host TSC kHz");
	r = leaf(0x40000003, 3);
	cr_assert_eq(r.a | r.b | r.c | r.d, 0, "no sub-leaf 3");
}

Test(cpuid_policy, ring3_kernel_cannot_have_these)
{
	struct cpuid_regs r = leaf(1, 0);

	cr_assert_eq(r.d & (1u << 3), 0, "PSE");
	cr_assert_eq(r.d & (1u << 13), 0, "PGE");
	cr_assert_eq(r.d & (1u << 9), 0, "APIC");
	cr_assert_eq(r.d & (1u << 11), 0, "SEP");
	cr_assert_eq(r.c & (1u << 5), 0, "VMX");
	cr_assert_eq(r.c & (1u << 17), 0, "PCID");
	cr_assert_eq(r.c & (1u << 26), 0, "XSAVE");
	cr_assert_eq(r.c & (1u << 28), 0, "AVX needs XSAVE");
	cr_assert_neq(r.c & (1u << 31), 0, "hypervisor bit");
	cr_assert_neq(r.d & 1, 0, "FPU stays");
	r = leaf(7, 0);
	cr_assert_eq(r.b & ((1u << 0) | (1u << 7) | (1u << 10) | (1u << 20)), 0,
		     "FSGSBASE, SMEP, INVPCID, SMAP");
	cr_assert_eq(r.c, 0, "no PKU, UMIP, LA57");
	cr_assert_neq(r.b & (1u << 3), 0, "BMI1 stays");
	cr_assert_eq(leaf(7, 1).b, 0, "only subleaf 0 has features");
	cr_assert_eq(leaf(0xd, 0).a, 0, "XSAVE leaf empty");
	r = leaf(0x80000001, 0);
	cr_assert_eq(r.d & (1u << 26), 0, "1 GiB pages");
	cr_assert_neq(r.d & (1u << 29), 0, "long mode stays");
	cr_assert_eq(r.c & (1u << 2), 0, "SVM");
}
