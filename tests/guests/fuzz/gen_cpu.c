/* SPDX-License-Identifier: GPL-2.0-only */
/* Generators for the calls that change how the CPU reaches us: the trap
 * table, callbacks and kernel stack (random for one call, then ours put
 * back: install_handlers), the FPU task switch flag, debug registers, and
 * descriptors (update_descriptor, set_gdt). */
#include "fuzz.h"

/* ---- set_trap_table, callbacks, stack_switch ---- */
static char *const trap_handlers[32] = {
	fuzz_stub_0, fuzz_stub_db, fuzz_stub_2, fuzz_stub_3, fuzz_stub_4, fuzz_stub_5,
	fuzz_stub_6, fuzz_stub_7, fuzz_stub_8, fuzz_stub_9, fuzz_stub_10, fuzz_stub_11,
	fuzz_stub_12, fuzz_stub_13, fuzz_stub_14, fuzz_stub_15, fuzz_stub_16, fuzz_stub_17,
	fuzz_stub_18, fuzz_stub_19, fuzz_stub_20, fuzz_stub_21,
};

void fuzz_install_handlers(void)
{
	static struct trap_info table[36];
	struct callback_register cb[3] = {
		{ CALLBACKTYPE_event, 0, (unsigned long)stub_event },
		{ CALLBACKTYPE_failsafe, 0, (unsigned long)fuzz_stub_failsafe },
		{ CALLBACKTYPE_syscall, 0, (unsigned long)fuzz_stub_syscall },
	};
	static const struct callback_unregister others[] = {
		{ .type = CALLBACKTYPE_syscall32 }, { .type = CALLBACKTYPE_sysenter },
	};
	unsigned int n = 0;

	for (unsigned int v = 0; v < 32; v++)
		if (trap_handlers[v])
			table[n++] = (struct trap_info){ v, v == 3 ? 3 : 0, FLAT_KERNEL_CS,
							 (unsigned long)trap_handlers[v] };
	table[n++] = (struct trap_info){ 0x80, 3, FLAT_KERNEL_CS,
					 (unsigned long)fuzz_stub_softint };
	table[n] = (struct trap_info){ 0 };
	/* Cleared first: a random entry left for some other vector, or a
	 * random syscall32/sysenter callback, would run whatever is there. */
	if (hypercall5(__HYPERVISOR_set_trap_table, 0, 0, 0, 0, 0) ||
	    hypercall5(__HYPERVISOR_set_trap_table, (long)table, 0, 0, 0, 0))
		guest_fail("cannot install the trap table");
	for (unsigned int i = 0; i < 3; i++)
		if (hypercall5(__HYPERVISOR_callback_op, CALLBACKOP_register, (long)&cb[i], 0, 0, 0))
			guest_fail("cannot register callback %u", i);
	for (unsigned int i = 0; i < ARRAY_SIZE(others); i++)
		if (hypercall5(__HYPERVISOR_callback_op, CALLBACKOP_unregister, (long)&others[i],
			       0, 0, 0))
			guest_fail("cannot unregister callback type %u", others[i].type);
	if (hypercall5(__HYPERVISOR_stack_switch, FLAT_KERNEL_SS,
		       (long)(trap_stack + sizeof(trap_stack)), 0, 0, 0))
		guest_fail("cannot set the kernel stack");
}

static uint64_t rand_handler(void)
{
	return chance(30) ? (uint64_t)fuzz_landing_ud2 : chance(50) ? 0 : fuzz_guest_va();
}

void fuzz_gen_set_trap_table(struct call *c, bool in_batch)
{
	void *buf = fuzz_pool();
	struct trap_info *t;

	c->a[0] = chance(10) ? 0 : fuzz_ptr_arg(&buf);
	t = chance(50) ? buf : (void *)(c->a[0] = (long)fuzz_list_arg(GUARD_B, sizeof(*t), 8));
	for (unsigned int i = 0; i < 8 && fuzz_fits(t + i, sizeof(*t)); i++)
		t[i] = (struct trap_info){ (uint8_t)rnd(), (uint8_t)rnd(), (uint16_t)rnd(),
					   rand_handler() };
	c->flags |= CALL_MASKED | CALL_RESTORE;
}

void fuzz_gen_set_callbacks(struct call *c, bool in_batch)
{
	for (unsigned int i = 0; i < 3; i++)
		c->a[i] = rand_handler();
	c->flags |= CALL_MASKED | CALL_RESTORE;
}

void fuzz_gen_callback_op(struct call *c, bool in_batch)
{
	void *buf;
	struct callback_register *r;

	c->a[0] = PICK(CALLBACKOP_register, CALLBACKOP_unregister, 2, fuzz_edge());
	c->a[1] = fuzz_ptr_arg(&buf);
	r = buf;
	r->type = PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, rnd() & 0xffff);
	r->flags = PICK(0, CALLBACKF_mask_events, rnd() & 0xffff);
	r->address = rand_handler();
	c->flags |= CALL_MASKED | CALL_RESTORE;
}

void fuzz_gen_stack_switch(struct call *c, bool in_batch)
{
	/* The stack must stay usable: events and traps from user mode land
	 * on it. Only the selector is random. */
	c->a[0] = PICK(FLAT_KERNEL_SS, 0, 3, 0xe02b, 0xe023, fuzz_edge());
	c->a[1] = (long)(trap_stack + sizeof(trap_stack));
}

void fuzz_gen_fpu_taskswitch(struct call *c, bool in_batch)
{
	c->a[0] = PICK(0, 1, fuzz_edge());
}

/* ---- debug registers ---- */
void fuzz_gen_set_debugreg(struct call *c, bool in_batch)
{
	c->a[0] = PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, fuzz_edge());
	switch (c->a[0]) {
	case 7: case 5:
		c->a[1] = chance(50) ? (long)(rnd() & 0xffff0fff) : fuzz_edge();
		break;
	default:	/* never our code outside the landing pads */
		c->a[1] = chance(50) ? fuzz_guest_va() : fuzz_edge();
	}
}

void fuzz_gen_get_debugreg(struct call *c, bool in_batch)
{
	c->a[0] = PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, fuzz_edge());
}

/* ---- descriptors ---- */
static uint64_t rand_descriptor(void)
{
	uint64_t d = 0xffff | (0xfUL << 48);	/* limit */

	d |= (uint64_t)PICK(0x9a, 0xfa, 0x92, 0xf2, 0x89, 0x82, 0x8c, 0x8e, 0x9e, 0x96,
			    0x1a, 0x00, rnd() & 0xff) << 40;
	d |= (uint64_t)PICK(0xa, 0xc, 0x8, 0x0, 0xe, rnd() & 0xf) << 52;
	if (chance(20))
		d = fuzz_edge();
	return d;
}

void fuzz_gen_update_descriptor(struct call *c, bool in_batch)
{
	c->a[0] = (long)(fuzz_rand_mfn(USE_WRITE) << 12 | (chance(80) ? rn(512) * 8 : rn(4096)));
	if (chance(5))
		c->a[0] = fuzz_edge();
	c->a[1] = rand_descriptor();
}

void fuzz_gen_set_gdt(struct call *c, bool in_batch)
{
	void *buf;
	uint64_t *frames;

	c->a[0] = fuzz_ptr_arg(&buf);
	frames = buf;
	for (unsigned int i = 0; i < 16; i++)
		frames[i] = fuzz_rand_mfn(USE_ANY);
	c->a[1] = PICK(0, 1, 512, 513, 7168, 7169, 8192, fuzz_edge(), rn(16 * 512));
}
