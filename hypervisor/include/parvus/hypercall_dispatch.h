/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypercall dispatcher (hypercalls/hypercall_table.c): the entry from
 * the guest's syscall (arch/x86_64/traps.c, the only caller in the core),
 * calls by number (multicall), and the -ENOSYS report the handlers share.
 * Each step of a call starts a new budget (parvus/continuation.h). */
#ifndef PARVUS_HYPERCALL_DISPATCH_H
#define PARVUS_HYPERCALL_DISPATCH_H

#include <parvus/types.h>

struct vcpu;
struct cpu_regs;

void hypercall_dispatch(struct vcpu *v, struct cpu_regs *r);
/* Runs hypercall nr with args[0..4] (from registers or a multicall). */
long hypercall_call(struct vcpu *v, uint64_t nr, const uint64_t *args);

/* Reports an unimplemented hypercall or sub-op once per domain and returns
 * -XEN_ENOSYS: nothing we lack may silently "succeed". */
long hypercall_nosys(struct vcpu *v, uint64_t nr, long subop);

#endif
