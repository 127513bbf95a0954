/* SPDX-License-Identifier: GPL-2.0-only */
/* The CPUID a PV guest sees (pure logic, unit-tested): the host's values
 * with everything a ring-3 kernel cannot use hidden (superpages, global
 * pages, PCID, SMEP/SMAP, FSGSBASE, XSAVE and what depends on it, VMX/SVM,
 * the local APIC, MTRRs, machine checks, sysenter), the hypervisor bit
 * set, and Xen's leaves at 0x40000000: "XenVMMXenVMM", the version, the
 * hypercall-page MSR, and the time leaf (how the TSC behaves: we never
 * emulate it). Linux reads it through the forced-emulation prefix
 * (ud2; .ascii "xen"; cpuid). */
#ifndef PARVUS_CPUID_POLICY_H
#define PARVUS_CPUID_POLICY_H

#include <parvus/types.h>

struct cpuid_regs {
	uint32_t a, b, c, d;
};

typedef void (*host_cpuid_fn)(uint32_t leaf, uint32_t subleaf,
			      struct cpuid_regs *out);

#define XEN_CPUID_BASE		0x40000000
#define XEN_CPUID_MAX_LEAF	0x40000003
#define XEN_HYPERCALL_MSR	0x40000000
/* Time leaf (0x40000003, xen/arch-x86/cpuid.h "Leaf 4") EBX tsc_mode:
 * 2 = no emulation, rdtsc always reads the real TSC. */
#define XEN_TSC_MODE_NEVER_EMULATE 2

/* What the hypervisor's own leaves report. */
struct cpuid_pv_info {
	uint32_t xen_version;		/* major << 16 | minor */
	uint32_t tsc_khz;
	uint32_t tsc_to_ns_mul;		/* the pvclock scale (time.h) */
	int8_t tsc_shift;
};

void cpuid_pv_policy(host_cpuid_fn host, uint32_t leaf, uint32_t subleaf,
		     const struct cpuid_pv_info *info, struct cpuid_regs *out);

#endif
