/* SPDX-License-Identifier: GPL-2.0-only */
/* XENMEM_exchange, the part of HYPERVISOR_memory_op (memory.c) that trades
 * a guest's frames for contiguous ones (memory_exchange.c). For the
 * handlers only. */
#ifndef HYPERCALLS_MEMORY_EXCHANGE_H
#define HYPERCALLS_MEMORY_EXCHANGE_H

#include <parvus/types.h>

struct vcpu;

long memory_exchange(struct vcpu *v, uint64_t cmd, uint64_t arg);

#endif
