/* SPDX-License-Identifier: GPL-2.0-only */
/* The rest of the generators (xen_version, console_io, vm_assist,
 * set_segment_base, physdev_op, and gen_random: random sub-ops and
 * arguments for every number without a generator of its own), then
 * gen_call: one call to a given number, its generator picked by gen_for,
 * with what must never go into a multicall from us. The main loop and
 * the multicall generator both come here. */
#include "fuzz.h"

/* ---- the rest ---- */
/* All console_io may write of ours: see gen_console_io. */
static const char safe_text[] = "fuzz: console_io write from the fuzzer\n";

static void gen_xen_version(struct call *c, bool in_batch)
{
	void *buf;

	c->a[0] = PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, fuzz_edge());
	c->a[1] = fuzz_ptr_arg(&buf);
	if (c->a[0] == XENVER_get_features)
		*(uint32_t *)buf = (uint32_t)PICK(0, 0, 1, 2, fuzz_edge());	/* submap_idx */
}

static void gen_console_io(struct call *c, bool in_batch)
{
	c->a[0] = PICK(CONSOLEIO_write, CONSOLEIO_read, 2, fuzz_edge());
	if (c->a[0] == CONSOLEIO_write && chance(30)) {
		c->a[1] = rn(sizeof(safe_text));
		c->a[2] = (long)safe_text;
		return;
	}
	/* Otherwise only buffers that cannot be read: whatever our memory
	 * holds (copies of our own strings among it) must not reach the log. */
	c->a[1] = fuzz_edge();
	c->a[2] = PICK(0, 0x1000, GUARD_A, GUARD_B - 1, 0xffff828000208000UL,
		       0xffff830000200000UL, 0x0000800000000000UL, 0xfffffffffffffff0UL,
		       HV_START + (rnd() & 0x7fffffffff8UL));
}

static void gen_vm_assist(struct call *c, bool in_batch)
{
	c->a[0] = PICK(VMASST_CMD_enable, VMASST_CMD_disable, VMASST_CMD_enable, 2, fuzz_edge());
	c->a[1] = PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, 31, 32, 63, 64, fuzz_edge(),
		       VMASST_TYPE_writable_pagetables);
}

static void gen_set_segment_base(struct call *c, bool in_batch)
{
	c->a[0] = PICK(SEGBASE_FS, SEGBASE_GS_USER, SEGBASE_GS_KERNEL, SEGBASE_GS_USER_SEL,
		       4, fuzz_edge());
	c->a[1] = c->a[0] == SEGBASE_GS_USER_SEL ?
		  (long)PICK(0, 3, 0xe02b, 0xe033, 0xe023, 0xe008, 0x2b, 0x1b, 7, 15,
			     rnd() & 0xffff) : (long)PICK(0, fuzz_edge(), fuzz_guest_va());
}

static void gen_physdev_op(struct call *c, bool in_batch)
{
	void *buf;

	c->a[0] = PICK(PHYSDEVOP_set_iopl, PHYSDEVOP_set_iopl, 0, 1, 2, 3, 4, 5, 6, 7, 8, 13,
		       20, 30, fuzz_edge());
	c->a[1] = fuzz_ptr_arg(&buf);
	if (c->a[0] == PHYSDEVOP_set_iopl)
		*(uint32_t *)buf = (uint32_t)PICK(0, 1, 2, 3, 4, fuzz_edge());
}

/* Anything else, including the numbers nothing implements: random
 * sub-ops, random arguments, pointers that are pool buffers or bad. */
static void gen_random(struct call *c, bool in_batch)
{
	void *buf;

	for (unsigned int i = 0; i < 5; i++)
		c->a[i] = chance(40) ? (long)fuzz_ptr_arg(&buf) : (long)fuzz_edge();
	/* The compat sched_op takes SCHEDOP_shutdown's reason directly. */
	if (c->nr == __HYPERVISOR_sched_op_compat && c->a[0] == SCHEDOP_shutdown)
		c->a[0] = SCHEDOP_yield;
}

static gen_fn gen_for(long nr, bool in_batch)
{
	switch (nr) {
	case __HYPERVISOR_set_trap_table: return in_batch ? gen_random : fuzz_gen_set_trap_table;
	case __HYPERVISOR_mmu_update: return fuzz_gen_mmu_update;
	case __HYPERVISOR_set_gdt: return fuzz_gen_set_gdt;
	case __HYPERVISOR_stack_switch: return fuzz_gen_stack_switch;
	case __HYPERVISOR_set_callbacks: return in_batch ? gen_random : fuzz_gen_set_callbacks;
	case __HYPERVISOR_fpu_taskswitch: return fuzz_gen_fpu_taskswitch;
	case __HYPERVISOR_set_debugreg: return fuzz_gen_set_debugreg;
	case __HYPERVISOR_get_debugreg: return fuzz_gen_get_debugreg;
	case __HYPERVISOR_update_descriptor: return fuzz_gen_update_descriptor;
	case __HYPERVISOR_memory_op: return fuzz_gen_memory_op;
	case __HYPERVISOR_multicall: return in_batch ? gen_random : fuzz_gen_multicall;
	case __HYPERVISOR_update_va_mapping: return fuzz_gen_update_va_mapping;
	case __HYPERVISOR_set_timer_op: return fuzz_gen_set_timer_op;
	case __HYPERVISOR_xen_version: return gen_xen_version;
	case __HYPERVISOR_console_io: return gen_console_io;
	case __HYPERVISOR_grant_table_op: return fuzz_gen_grant_table_op;
	case __HYPERVISOR_vm_assist: return gen_vm_assist;
	case __HYPERVISOR_update_va_mapping_otherdomain:
		return fuzz_gen_update_va_mapping_otherdomain;
	case __HYPERVISOR_vcpu_op: return fuzz_gen_vcpu_op;
	case __HYPERVISOR_set_segment_base: return gen_set_segment_base;
	case __HYPERVISOR_mmuext_op: return fuzz_gen_mmuext_op;
	case __HYPERVISOR_sched_op: return fuzz_gen_sched_op;
	case __HYPERVISOR_callback_op: return in_batch ? gen_random : fuzz_gen_callback_op;
	case __HYPERVISOR_event_channel_op: return fuzz_gen_event_channel_op;
	case __HYPERVISOR_physdev_op: return gen_physdev_op;
	default: return gen_random;
	}
}

void fuzz_gen_call(struct call *c, long nr, bool in_batch)
{
	/* In a batch, iret and multicall are refused (-ENOSYS): random
	 * arguments are safe there. Outside, they have their own paths. */
	/* Our trap table and callbacks must stay ours in a batch: the batch
	 * itself gives us no point to put them back before they are used. */
	if (in_batch && (nr == __HYPERVISOR_set_trap_table || nr == __HYPERVISOR_set_callbacks ||
			 nr == __HYPERVISOR_callback_op))
		nr = __HYPERVISOR_xen_version;
	c->nr = nr;
	c->flags = chance(50) ? CALL_VIA_PAGE : 0;
	memset(c->a, 0, sizeof(c->a));
	gen_for(nr, in_batch)(c, in_batch);
	if (in_batch && nr == __HYPERVISOR_sched_op && c->a[0] == SCHEDOP_poll)
		c->a[0] = SCHEDOP_yield;	/* -EINVAL in a batch anyway */
}
