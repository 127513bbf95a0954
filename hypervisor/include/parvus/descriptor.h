/* SPDX-License-Identifier: GPL-2.0-only */
/* Segment descriptors a PV guest may install in its GDT (pure logic):
 * Xen's check_descriptor for 64-bit PV guests. Not-present descriptors are
 * harmless; code and data segments are accepted with their DPL raised to
 * 3, so no selector the guest can load reaches ring 0; system descriptors
 * (TSS, LDT, gates) are refused. */
#ifndef PARVUS_DESCRIPTOR_H
#define PARVUS_DESCRIPTOR_H

#include <parvus/types.h>

#define DESC_P		(1UL << 47)
#define DESC_S		(1UL << 44)	/* code or data, not system */
#define DESC_DPL_MASK	(3UL << 45)

/* Returns false if d may not be installed; otherwise may rewrite it. */
bool descriptor_check(uint64_t *d);

#endif
