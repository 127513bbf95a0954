/* SPDX-License-Identifier: GPL-2.0-only */
/* The parts of HYPERVISOR_memory_op (memory.c) that live in files of their
 * own, and the one encoding they share. For the handlers only. */
#ifndef HYPERCALLS_MEMORY_OP_H
#define HYPERCALLS_MEMORY_OP_H

#include <parvus/types.h>

struct vcpu;

/* The low 6 bits of cmd select the sub-op; Xen keeps a continuation's
 * progress above them (MEMOP_EXTENT_SHIFT, not in the public headers). */
#define MEMOP_EXTENT_SHIFT	6
#define MEMOP_CMD_MASK		((1u << MEMOP_EXTENT_SHIFT) - 1)

/* XENMEM_decrease_reservation and XENMEM_populate_physmap
 * (memory_reservation.c). */
long memory_reservation(struct vcpu *v, unsigned int op, uint64_t cmd,
			uint64_t arg);
/* XENMEM_exchange (memory_exchange.c). */
long memory_exchange(struct vcpu *v, uint64_t cmd, uint64_t arg);

#endif
