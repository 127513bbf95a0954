/* SPDX-License-Identifier: GPL-2.0-only */
/* The arch layer as seen by generic code: bring the CPU up, enter guests,
 * stop the machine, and print fault diagnostics. Implementations live in
 * hypervisor/arch/x86_64/. */
#ifndef ARCH_MACHINE_H
#define ARCH_MACHINE_H

#include <parvus/types.h>
#include <arch/regs.h>
#include <arch/exit_codes.h>

/* descriptors.c: GDT with Xen's reserved selectors, TSS, IDT. */
void cpu_init_descriptors(void);
/* descriptors.c: the guest part of the hardware GDT (pages 0..13). */
void gdt_load_guest_page(unsigned int page, const uint64_t *descs);
void gdt_clear_guest_pages(unsigned int from_page);
/* The guest's LDT, copied in page by page, then made live. */
void ldt_load_guest_page(unsigned int page, const uint64_t *descs);
void ldt_activate(unsigned int nr_ents);

/* cpu_setup.c: control registers, EFER, syscall MSRs, legacy PIC. */
void cpu_init_features(void);
bool cpu_has_nx(void);
/* AMD without RSTR_FP_ERR_PTRS: fxsave/fxrstor skip the x87 FIP, FDP and
 * FOP unless an exception is pending (Xen's X86_BUG_FPU_PTRS, XSA-52). */
bool cpu_fxrstor_keeps_x87_pointers(void);
/* Legacy PIC, remapped to vectors 0x20-0x2f and masked at boot. */
#define VECTOR_PIC_BASE		0x20
void pic_unmask_irq(unsigned int irq);
void pic_eoi(void);

/* machine.c: end the run with a status for isa-debug-exit. */
__noreturn void machine_exit(int code);

/* fault_dump.c: register dump and frame-pointer backtrace. */
void dump_regs(const struct cpu_regs *r);
/* fault_rsp: the stack pointer at a fault, or 0 outside fault handling. */
void dump_backtrace(uint64_t rbp, uint64_t fault_rsp);
uint64_t read_frame_pointer(void);

/* entry.S: load a register frame and iretq into the guest. */
__noreturn void return_to_guest_frame(struct cpu_regs *frame);
extern char hv_stack[], hv_stack_top[];

/* traps.c: entry points called from entry.S. */
void handle_trap(struct cpu_regs *r);
void handle_syscall(struct cpu_regs *r);

#endif
