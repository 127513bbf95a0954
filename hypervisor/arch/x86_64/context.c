/* SPDX-License-Identifier: GPL-2.0-only */
/* Context switch between vCPUs: what a PV vCPU leaves in the CPU while it
 * runs (FPU/SSE registers, data segment selectors, FS and GS bases, CR3,
 * CR0.TS, its GDT and LDT, debug registers) is saved into the vCPU when
 * another one takes the CPU and loaded back before it runs again. The
 * general registers travel in the trap frame. Like Xen's context_switch,
 * minus laziness: everything is switched every time. */
#include <parvus/descriptor_tables.h>
#include <parvus/domain.h>
#include <parvus/string.h>
#include <parvus/time.h>
#include <arch/context.h>
#include <arch/cpu.h>
#include <arch/machine.h>
#include <arch/pv.h>
#include <arch/segments.h>

#define FXSAVE_MXCSR_OFFSET 24
#define FXSAVE_FSW_OFFSET 2
#define X87_EXCEPTION_FLAGS 0x3f	/* FSW bits 0-5, masked by FCW bits 0-5 */

void arch_vcpu_init_fpu(struct vcpu *v)
{
	uint32_t mxcsr = 0x1f80;
	uint16_t fcw = 0x037f;

	memset(v->fpu, 0, sizeof(v->fpu));
	memcpy(v->fpu, &fcw, sizeof(fcw));
	memcpy(v->fpu + FXSAVE_MXCSR_OFFSET, &mxcsr, sizeof(mxcsr));
}

void arch_vcpu_save(struct vcpu *v, const struct cpu_regs *frame)
{
	v->regs = *frame;
	runstate_account(v, RUNSTATE_runnable);	/* the scheduler may say blocked */
	write_cr0(read_cr0() & ~CR0_TS);	/* fxsave would #NM */
	asm volatile("fxsaveq %0" : "=m"(v->fpu));
	read_data_segments(v->data_segments);
	v->fs_base = rdmsr(MSR_FS_BASE);
	if (v->in_kernel)
		v->gs_base_kernel = rdmsr(MSR_GS_BASE);
	else
		v->gs_base_user = rdmsr(MSR_GS_BASE);
}

/* XSA-52: where fxrstor keeps the previous vCPU's x87 FIP, FDP and FOP
 * (it loads them only with an exception pending), a known x87 load first
 * overwrites them, as Xen's fpu_fxrstor does: fnclex so it raises nothing,
 * ffree so the push has room; fxrstor then replaces all the rest. The
 * pointers the next vCPU sees are this fild's, in the hypervisor. */
static void clear_x87_pointers(const struct vcpu *v)
{
	uint16_t fcw, fsw;

	if (!cpu_fxrstor_keeps_x87_pointers())
		return;
	memcpy(&fcw, v->fpu, sizeof(fcw));
	memcpy(&fsw, v->fpu + FXSAVE_FSW_OFFSET, sizeof(fsw));
	if (fsw & ~fcw & X87_EXCEPTION_FLAGS)
		return;		/* fxrstor loads the vCPU's own pointers */
	asm volatile("fnclex\n\tffree %%st(7)\n\tfildl %0" : : "m"(*(const uint32_t *)v->fpu));
}

static void load_debug_registers(const struct vcpu *v)
{
	for (unsigned int n = 0; n < 4; n++)
		write_debugreg(n, v->debugreg[n]);
	write_dr7(v->debugreg[7] ? v->debugreg[7] : 0x400);
}

/* Selectors first (a load also sets a base), then the 64-bit bases. A
 * selector that no longer loads becomes null, as Xen's load_segments
 * would leave it before calling the failsafe callback. */
static void load_segments(const struct vcpu *v)
{
	static const unsigned int regs[4] = { SEG_DS, SEG_ES, SEG_FS, SEG_GS };

	for (unsigned int i = 0; i < 4; i++)
		if (!load_segment(regs[i], v->data_segments[i]))
			load_segment(regs[i], 0);
	wrmsr(MSR_FS_BASE, v->fs_base);
	wrmsr(MSR_GS_BASE, v->in_kernel ? v->gs_base_kernel : v->gs_base_user);
}

__noreturn void arch_vcpu_enter(struct vcpu *v)
{
	struct cpu_regs *frame = (struct cpu_regs *)((uintptr_t)hv_stack_top -
						     sizeof(struct cpu_regs));

	current = v;
	write_cr3(v->cr3);
	descriptor_tables_install(v);
	load_segments(v);
	write_cr0(read_cr0() & ~CR0_TS);
	clear_x87_pointers(v);
	asm volatile("fxrstorq %0" : : "m"(v->fpu));
	if (v->fpu_ts)
		write_cr0(read_cr0() | CR0_TS);
	load_debug_registers(v);
	vcpu_time_update(v);
	runstate_account(v, RUNSTATE_running);
	runstate_publish(v);
	/* The frame goes to the top of the hypervisor stack, where entries
	 * from the guest build theirs; our own call chain lies below it. */
	*frame = v->regs;
	pv_check_events(v, frame);
	return_to_guest_frame(frame);
}
