/* SPDX-License-Identifier: GPL-2.0-only */
/* The multicall generator: a batch of calls from the other generators
 * (fuzz_gen_call, with in_batch set), kept from blocking twice or stopping
 * the timer that wakes us, and now and then a long list whose
 * continuation runs inside the batch. */
#include "fuzz.h"

/* ---- multicall: a batch of calls from the generator, minus what must
 * not be batched by us (see gen_for) ---- */
void fuzz_gen_multicall(struct call *c, bool in_batch)
{
	long_list_used = false;
	unsigned int n = chance(3) ? 70 : rn(9);
	struct multicall_entry *e = fuzz_list_arg(GUARD_A, sizeof(*e), n);

	/* A zero entry is set_trap_table(NULL): every entry up to the guard
	 * that we do not generate asks for the version instead. */
	for (unsigned int i = n; fuzz_fits(e + i, sizeof(*e)); i++)
		e[i] = (struct multicall_entry){ __HYPERVISOR_xen_version, 0, { XENVER_version } };
	for (unsigned int i = 0; i < n && fuzz_fits(e + i, sizeof(*e)); i++) {
		struct call sub = { 0 };

		if (n > 64) {
			e[i] = (struct multicall_entry){ __HYPERVISOR_xen_version, 0,
							 { XENVER_version } };
			continue;
		}
		fuzz_gen_call(&sub, PICK(rn(64), rn(64), __HYPERVISOR_xen_version,
				    __HYPERVISOR_mmu_update, __HYPERVISOR_mmuext_op,
				    __HYPERVISOR_update_va_mapping, __HYPERVISOR_sched_op,
				    __HYPERVISOR_event_channel_op, __HYPERVISOR_vcpu_op,
				    __HYPERVISOR_memory_op, __HYPERVISOR_grant_table_op,
				    __HYPERVISOR_multicall, __HYPERVISOR_iret), true);
		e[i].op = sub.nr;
		e[i].result = rnd();
		for (unsigned int j = 0; j < 5; j++)
			e[i].args[j] = sub.a[j];
		e[i].args[5] = fuzz_edge();
		c->flags |= sub.flags & CALL_BLOCKS;
		multicall_entries++;
	}
	/* A batch that blocks (after it has run, or when it is preempted)
	 * must not also stop the timer that wakes us, or close its port, and
	 * may block only once: one timer wakes one block. */
	for (unsigned int i = 0, blocks = 0; (c->flags & CALL_BLOCKS) && i < n &&
	     fuzz_fits(e + i, sizeof(*e)); i++) {
		bool block = e[i].op == __HYPERVISOR_sched_op && e[i].args[0] == SCHEDOP_block;

		if (e[i].op == __HYPERVISOR_vcpu_op || e[i].op == __HYPERVISOR_set_timer_op ||
		    e[i].op == __HYPERVISOR_event_channel_op || (block && blocks++))
			e[i] = (struct multicall_entry){ __HYPERVISOR_xen_version, 0, { XENVER_version } };
	}
	c->a[0] = chance(95) ? (long)e : (long)fuzz_bad_pointer();
	c->a[1] = fuzz_rand_count(n);
	for (unsigned int i = 0; trace && i < n && fuzz_fits(e + i, sizeof(*e)); i++)
		guest_printf("fuzz:   entry %u: %lu(0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx)\n", i,
			     (unsigned long)e[i].op, (unsigned long)e[i].args[0],
			     (unsigned long)e[i].args[1], (unsigned long)e[i].args[2],
			     (unsigned long)e[i].args[3], (unsigned long)e[i].args[4]);
}
