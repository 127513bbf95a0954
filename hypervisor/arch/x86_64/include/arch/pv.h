/* SPDX-License-Identifier: GPL-2.0-only */
/* The paravirtual CPU: how events reach a PV guest kernel (bounce frames
 * on its stack, as Xen's create_bounce_frame builds them) and how the
 * guest moves between its kernel and user modes (both in ring 3, told
 * apart by our in_kernel flag and by which L4 is loaded). */
#ifndef ARCH_PV_H
#define ARCH_PV_H

#include <parvus/types.h>
#include <arch/regs.h>

struct vcpu;

/* Delivers an exception to the guest's handler from its trap table; a
 * guest without one (or whose stack cannot take the frame) is destroyed. */
void pv_inject_exception(struct vcpu *v, struct cpu_regs *r,
			 unsigned int vector, uint64_t error_code);
/* A page fault: CR2 goes to vcpu_info.arch.cr2, the error code's user bit
 * says the guest's virtual mode. */
void pv_inject_page_fault(struct vcpu *v, struct cpu_regs *r, uint64_t cr2,
			  uint64_t error_code);
/* syscall from guest user mode (or 32-bit code) to the registered
 * callback; #UD if there is none, as on Xen. */
void pv_syscall_to_guest(struct vcpu *v, struct cpu_regs *r,
			 unsigned int callback_type);
/* Before every return to the guest: a pending, unmasked event is delivered
 * through the event callback (Xen's test_all_events). */
void pv_check_events(struct vcpu *v, struct cpu_regs *r);
/* Switch between guest kernel and user mode: L4, GS bases. */
void pv_toggle_guest_mode(struct vcpu *v);
/* Copies the guest instruction at rip (as many of 15 bytes as are
 * mapped); returns how many. */
#define MAX_INSN_LEN 15
size_t pv_fetch_insn(uint64_t rip, uint8_t *buf);

#endif
