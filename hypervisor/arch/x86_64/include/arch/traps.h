/* SPDX-License-Identifier: GPL-2.0-only */
/* Exception handling shared between the ring-0 path (traps.c) and the
 * paravirtual guest path (pv/traps.c). */
#ifndef ARCH_TRAPS_H
#define ARCH_TRAPS_H

#include <parvus/types.h>
#include <arch/regs.h>

/* Exception vectors (Intel SDM vol. 3, 6.3.1); 32 and up are interrupts. */
#define X86_EXC_DE		0	/* divide error */
#define X86_EXC_DB		1	/* debug */
#define X86_EXC_NMI		2
#define X86_EXC_BP		3	/* breakpoint (int3) */
#define X86_EXC_OF		4	/* overflow (into) */
#define X86_EXC_BR		5	/* bound range */
#define X86_EXC_UD		6	/* invalid opcode */
#define X86_EXC_NM		7	/* device not available */
#define X86_EXC_DF		8	/* double fault */
#define X86_EXC_TS		10	/* invalid TSS */
#define X86_EXC_NP		11	/* segment not present */
#define X86_EXC_SS		12	/* stack fault */
#define X86_EXC_GP		13	/* general protection */
#define X86_EXC_PF		14	/* page fault */
#define X86_EXC_MF		16	/* x87 error */
#define X86_EXC_AC		17	/* alignment check */
#define X86_EXC_MC		18	/* machine check */
#define X86_EXC_XM		19	/* SIMD error */
#define X86_EXC_VE		20	/* virtualization */
#define X86_EXC_CP		21	/* control protection */
#define X86_EXC_VC		29	/* VMM communication (SEV-ES) */
#define X86_EXC_SX		30	/* security (SVM) */
#define X86_NR_EXCEPTIONS	32

struct vcpu;

const char *exception_name(uint64_t vector);
/* Names a privileged instruction from its bytes (pure; NULL if none). */
const char *priv_insn_name(const uint8_t *bytes, size_t len);
/* An exception raised by guest code. */
void pv_handle_exception(struct vcpu *v, struct cpu_regs *r);

#endif
