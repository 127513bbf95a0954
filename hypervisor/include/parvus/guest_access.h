/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading and writing guest virtual memory from hypercall handlers. Every
 * pointer a guest passes is untrusted: it may point into the hypervisor's
 * reserved L4 slots, be non-canonical, or be unmapped. These helpers
 * refuse the first two outright and turn a fault on the third into
 * -XEN_EFAULT through the exception table, so a bad pointer costs the guest
 * an error code and never crashes the hypervisor. They access memory
 * through the guest's current page tables, as Xen's copy_from_guest does. */
#ifndef PARVUS_GUEST_ACCESS_H
#define PARVUS_GUEST_ACCESS_H

#include <parvus/types.h>

bool guest_range_ok(uint64_t va, size_t len);
/* Whether va is in canonical form (bits 63..47 all equal): the only
 * addresses a segment base, an MSR or a return rip may hold. */
bool is_canonical(uint64_t va);
int copy_from_guest(void *dst, uint64_t guest_src, size_t len);
int copy_to_guest(uint64_t guest_dst, const void *src, size_t len);

#endif
