/* Exception handling shared between the ring-0 path (traps.c) and the
 * paravirtual guest path (pv/traps.c). */
#ifndef ARCH_TRAPS_H
#define ARCH_TRAPS_H

#include <parvus/types.h>
#include <arch/regs.h>

#define X86_EXC_DB	1
#define X86_EXC_UD	6
#define X86_EXC_NP	11
#define X86_EXC_SS	12
#define X86_EXC_GP	13
#define X86_EXC_PF	14

struct vcpu;

const char *exception_name(uint64_t vector);
/* Names a privileged instruction from its bytes (pure; NULL if none). */
const char *priv_insn_name(const uint8_t *bytes, size_t len);
/* An exception raised by guest code. */
void pv_handle_exception(struct vcpu *v, struct cpu_regs *r);

#endif
