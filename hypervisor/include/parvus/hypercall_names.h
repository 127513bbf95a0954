/* SPDX-License-Identifier: GPL-2.0-only */
/* The names of the Xen hypercalls (__HYPERVISOR_* in xen/xen.h), for
 * reports: the perf counters and the dispatcher's -ENOSYS notice. Pure
 * logic (common/hypercall_names.c), unit-tested. */
#ifndef PARVUS_HYPERCALL_NAMES_H
#define PARVUS_HYPERCALL_NAMES_H

#include <parvus/types.h>

/* The hypercall's name ("mmu_update"), or "unknown". */
const char *hypercall_name(uint64_t nr);

#endif
