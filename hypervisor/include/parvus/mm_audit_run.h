/* SPDX-License-Identifier: GPL-2.0-only */
/* When the memory audit runs (common/mm_audit_domains.c): the option
 * audit=mm[:N], the points after hypercalls and traps, and teardown. */
#ifndef PARVUS_MM_AUDIT_RUN_H
#define PARVUS_MM_AUDIT_RUN_H

#include <parvus/types.h>

/* Once at boot, before the free-frame count: reads audit=, takes scratch. */
void mm_audit_init(const char *cmdline);
/* A guest's hypercall or trap (what, and its number) has been handled. */
void mm_audit_point(const char *what, uint64_t n);
/* A domain has been destroyed and its frames given back. */
void mm_audit_after_teardown(void);

#endif
