/* SPDX-License-Identifier: GPL-2.0-only */
/* Writable page-table emulation (arch/x86_64/pv/ptwr.c). */
#ifndef ARCH_PTWR_H
#define ARCH_PTWR_H

#include <parvus/types.h>
#include <arch/regs.h>

struct vcpu;

/* Tries to carry out a guest store that faulted on one of its own L1
 * tables. Returns true if done (rip advanced); false means the page fault
 * is the guest's. */
bool ptwr_emulate(struct vcpu *v, struct cpu_regs *r, uint64_t cr2,
		  uint64_t error_code);

#endif
