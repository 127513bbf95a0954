/* SPDX-License-Identifier: GPL-2.0-only */
/* XENMEM_decrease_reservation and XENMEM_populate_physmap, the part of
 * HYPERVISOR_memory_op (memory.c) that changes a guest's reservation
 * (memory_reservation.c). For the handlers only. */
#ifndef HYPERCALLS_MEMORY_RESERVATION_H
#define HYPERCALLS_MEMORY_RESERVATION_H

#include <parvus/types.h>

struct vcpu;

long memory_reservation(struct vcpu *v, unsigned int op, uint64_t cmd,
			uint64_t arg);

#endif
