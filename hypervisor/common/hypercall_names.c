/* SPDX-License-Identifier: GPL-2.0-only */
/* Hypercall numbers to names, every one xen/xen.h defines below
 * __HYPERVISOR_arch_0, implemented or not: reports name a guest's call
 * whatever the dispatcher does with it (hypercalls/hypercall_table.c). */
#include <parvus/hypercall_names.h>
#include <parvus/xen.h>

#define NAME(nr) [__HYPERVISOR_##nr] = #nr

static const char *const names[] = {
	NAME(set_trap_table),
	NAME(mmu_update),
	NAME(set_gdt),
	NAME(stack_switch),
	NAME(set_callbacks),
	NAME(fpu_taskswitch),
	NAME(sched_op_compat),
	NAME(platform_op),
	NAME(set_debugreg),
	NAME(get_debugreg),
	NAME(update_descriptor),
	NAME(memory_op),
	NAME(multicall),
	NAME(update_va_mapping),
	NAME(set_timer_op),
	NAME(event_channel_op_compat),
	NAME(xen_version),
	NAME(console_io),
	NAME(physdev_op_compat),
	NAME(grant_table_op),
	NAME(vm_assist),
	NAME(update_va_mapping_otherdomain),
	NAME(iret),
	NAME(vcpu_op),
	NAME(set_segment_base),
	NAME(mmuext_op),
	NAME(xsm_op),
	NAME(nmi_op),
	NAME(sched_op),
	NAME(callback_op),
	NAME(xenoprof_op),
	NAME(event_channel_op),
	NAME(physdev_op),
	NAME(hvm_op),
	NAME(sysctl),
	NAME(domctl),
	NAME(kexec_op),
	NAME(tmem_op),
	NAME(argo_op),
	NAME(xenpmu_op),
	NAME(dm_op),
	NAME(hypfs_op),
};

const char *hypercall_name(uint64_t nr)
{
	return nr < ARRAY_SIZE(names) && names[nr] ? names[nr] : "unknown";
}
