/* SPDX-License-Identifier: GPL-2.0-only */
/* A PV guest's own GDT and LDT (arch/x86_64/pv/descriptor_tables.c): the
 * frames it names become descriptor pages, are checked, and are copied
 * into the hardware tables. The handlers (set_gdt, update_descriptor,
 * MMUEXT_SET_LDT) check the guest's arguments before they call in. */
#ifndef PARVUS_DESCRIPTOR_TABLES_H
#define PARVUS_DESCRIPTOR_TABLES_H

#include <parvus/types.h>

#define DESCS_PER_PAGE (PAGE_SIZE / 8)

struct vcpu;

/* The guest part of the GDT becomes frames[0..n-1] (n at most
 * GDT_MAX_GUEST_FRAMES): all of them taken, or none and an error. */
int descriptor_set_gdt(struct vcpu *v, const uint64_t *frames, unsigned int n);
/* The LDT becomes nr_ents (at most LDT_MAX_ENTRIES) descriptors at the
 * page-aligned guest address base, mapped in the current tables. */
int descriptor_set_ldt(struct vcpu *v, uint64_t base, uint32_t nr_ents);
/* Puts the vCPU's GDT and LDT into the hardware: after a change, and each
 * time the vCPU takes the CPU. */
void descriptor_tables_install(struct vcpu *v);

#endif
