/* SPDX-License-Identifier: GPL-2.0-only */
/* The PV CPUID policy (see cpuid_policy.h). Which bits go follows the
 * rules in Xen's PV featureset and what Linux's Xen PV code relies on:
 * without PSE/PGE/PDPE1GB Linux builds only 4 KiB, non-global mappings,
 * which is all our page-table validation accepts. */
#include <parvus/cpuid_policy.h>
#include <parvus/string.h>

#define BIT(n) (1u << (n))

/* Leaf 1 EDX: VME, DE, PSE, MCE, APIC, SEP, MTRR, PGE, MCA, PSE36, DS,
 * ACPI, TM, PBE. */
#define L1_EDX_HIDE (BIT(1) | BIT(2) | BIT(3) | BIT(7) | BIT(9) | BIT(11) | \
		     BIT(12) | BIT(13) | BIT(14) | BIT(17) | BIT(21) | BIT(22) | \
		     BIT(29) | BIT(31))
/* Leaf 1 ECX: DTES64, MONITOR, DS-CPL, VMX, SMX, EST, TM2, PDCM, PCID,
 * DCA, X2APIC, TSC-deadline, XSAVE, OSXSAVE, AVX (needs XSAVE), F16C. */
#define L1_ECX_HIDE (BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(6) | BIT(7) | \
		     BIT(8) | BIT(15) | BIT(17) | BIT(18) | BIT(21) | BIT(24) | \
		     BIT(26) | BIT(27) | BIT(28) | BIT(29))
#define L1_ECX_HYPERVISOR BIT(31)
/* Leaf 7 EBX kept: BMI1, BMI2, ERMS, RDSEED, ADX, CLFLUSHOPT, CLWB, SHA. */
#define L7_EBX_KEEP (BIT(3) | BIT(8) | BIT(9) | BIT(18) | BIT(19) | BIT(23) | \
		     BIT(24) | BIT(29))
/* 0x80000001 EDX: PDPE1GB, RDTSCP (needs TSC_AUX we do not manage yet). */
#define EXT1_EDX_HIDE (BIT(26) | BIT(27))
/* 0x80000001 ECX: SVM, SKINIT, WDT. */
#define EXT1_ECX_HIDE (BIT(2) | BIT(12) | BIT(13))

/* Xen's time leaf (cpuid_hypervisor_leaves, "Time leaf"): sub-leaf 0
 * says the TSC is never emulated and gives its rate, 1 the offset (none:
 * a PV guest reads the machine's TSC) and the TSC-to-ns scale, 2 the host
 * rate. The TSC is not claimed reliable (EAX bit 1): that is the host's
 * invariant-TSC bit, which a guest reads itself in leaf 0x80000007. */
static void xen_time_leaf(uint32_t subleaf, const struct cpuid_pv_info *info,
			  struct cpuid_regs *out)
{
	switch (subleaf) {
	case 0:
		out->b = XEN_TSC_MODE_NEVER_EMULATE;
		out->c = info->tsc_khz;
		break;
	case 1:
		out->c = info->tsc_to_ns_mul;
		out->d = (uint32_t)(int32_t)info->tsc_shift;
		break;
	case 2:
		out->a = info->tsc_khz;
		break;
	}
}

static void xen_leaves(uint32_t leaf, uint32_t subleaf,
		       const struct cpuid_pv_info *info, struct cpuid_regs *out)
{
	switch (leaf) {
	case XEN_CPUID_BASE:
		out->a = XEN_CPUID_MAX_LEAF;
		memcpy(&out->b, "XenV", 4);
		memcpy(&out->c, "MMXe", 4);
		memcpy(&out->d, "nVMM", 4);
		break;
	case XEN_CPUID_BASE + 1:
		out->a = info->xen_version;
		break;
	case XEN_CPUID_BASE + 2:
		out->a = 1;			/* hypercall pages */
		out->b = XEN_HYPERCALL_MSR;
		break;
	case XEN_CPUID_BASE + 3:
		xen_time_leaf(subleaf, info, out);
		break;
	}
}

void cpuid_pv_policy(host_cpuid_fn host, uint32_t leaf, uint32_t subleaf,
		     const struct cpuid_pv_info *info, struct cpuid_regs *out)
{
	memset(out, 0, sizeof(*out));
	if ((leaf & 0xffff0000) == XEN_CPUID_BASE) {
		xen_leaves(leaf, subleaf, info, out);
		return;
	}
	host(leaf, subleaf, out);
	switch (leaf) {
	case 1:
		out->d &= ~L1_EDX_HIDE;
		out->c = (out->c & ~L1_ECX_HIDE) | L1_ECX_HYPERVISOR;
		break;
	case 7:
		out->b = subleaf == 0 ? out->b & L7_EBX_KEEP : 0;
		out->a = out->c = out->d = 0;
		break;
	case 5:		/* MONITOR/MWAIT */
	case 6:		/* thermal and power */
	case 0xa:	/* performance monitoring */
	case 0xd:	/* XSAVE */
		memset(out, 0, sizeof(*out));
		break;
	case 0x80000001:
		out->d &= ~EXT1_EDX_HIDE;
		out->c &= ~EXT1_ECX_HIDE;
		break;
	}
}
