/* SPDX-License-Identifier: GPL-2.0-only */
/* The operations that are not plain calls: stores into (maybe)
 * read-only page tables, instructions that trap or are emulated, random
 * iret frames, and a few calls made on a second L4. Each runs under
 * fuzz_try, and the traps they raise come back here (fuzz_trap, from
 * fuzz_entry.S); any other trap of ours is a FAIL. The grant scenario is
 * in ops_grant.c. */
#include "fuzz.h"

/* The stores and instructions of fuzz_entry.S, for the ops to pick from. */
#define LIST_STORE(n) fuzz_store_##n,
#define LIST_INSN(n) fuzz_insn_##n,
static const store_fn stores[] = { STORES(LIST_STORE) };
static const insn_fn insns[] = { INSNS(LIST_INSN) };

/* ---- the operations that are not plain calls ---- */
static struct trap_record {
	unsigned int vector;
	uint64_t rip, error, cr2;
} last_trap;

long fuzz_trap(unsigned int vector, uint64_t *frame, unsigned int kind)
{
	uint64_t *f = frame + 2 + (kind == 1 ? 1 : kind == 2 ? 4 : 0);

	last_trap = (struct trap_record){ vector, f[0], kind == 1 ? frame[2] : 0,
					  vector == 14 ? vcpu_info_now->arch.cr2 : 0 };
	if (fuzz_armed) {
		traps_recovered++;
		vcpu_info_now->evtchn_upcall_mask = 0;
		return vector;
	}
	guest_printf("\n");
	guest_fail("unexpected %s %u at rip 0x%lx cs 0x%lx (error 0x%lx, cr2 0x%lx) "
		   "in iteration %lu", kind == 2 ? "failsafe callback" : "trap", vector,
		   (unsigned long)f[0], (unsigned long)f[1], (unsigned long)last_trap.error,
		   (unsigned long)last_trap.cr2, (unsigned long)now_iter);
	fuzz_print_last_calls(8);
	guest_printf("Test result: FAILURE (the fuzzer faulted)\n");
	HYPERVISOR_shutdown(SHUTDOWN_crash);
	for (;;)
		;
}

/* Our random debug registers fire anywhere: switch them off, go on. */
void fuzz_debug_trap(void)
{
	db_traps++;
	hypercall5(__HYPERVISOR_set_debugreg, 7, 0, 0, 0, 0);
}

static void log_other(struct logged_call *l, unsigned int op, long rc)
{
	l->rc = rc;
	l->done = true;
	stats[64 + op].calls++;
	if (rc == 0)
		stats[64 + op].ok++;
}

struct try_store {
	store_fn fn;
	uint64_t *addr, val, old;
};

static long do_store(void *p)
{
	struct try_store *s = p;

	s->fn(s->addr, s->val, s->old);
	return 0;
}

/* A store into a (maybe) read-only page table: writable page tables
 * emulation, or a #PF back to us. Only the scratch area and our upper
 * tables (L2-L4, never emulated): never our own L1s. */
void fuzz_op_ptwr_store(void)
{
	struct try_store s = { .fn = stores[rn(ARRAY_SIZE(stores))] };
	struct logged_call *l;
	long a[5], rc;

	s.addr = (uint64_t *)(SCRATCH_VA + rn(SCRATCH_L1S) * PAGE + rn(512) * 8 +
			      (chance(10) ? rn(8) : 0));
	if (chance(10)) {	/* L2-L4: never emulated */
		const struct boot_table *t = &boot_tables[rn(nr_boot_tables)];

		if (t->level > 1)
			s.addr = t->va + rn(512);
	}
	s.val = fuzz_rand_pte();
	s.old = chance(50) ? fuzz_rand_pte() : 0;
	a[0] = (long)s.addr;
	a[1] = (long)s.val;
	a[2] = (long)s.old;
	a[3] = (long)(s.fn == stores[0] ? 0 : 1);
	a[4] = 0;
	l = fuzz_log_call(64, a);
	rc = fuzz_try(do_store, &s);
	log_other(l, 0, rc);
}

struct try_insn {
	insn_fn fn;
	uint64_t a, b;
};

static long do_insn(void *p)
{
	struct try_insn *t = p;

	t->fn(t->a, t->b);
	return 0;
}

void fuzz_op_insn(void)
{
	struct try_insn t = { insns[rn(ARRAY_SIZE(insns))], fuzz_edge(), fuzz_edge() };
	long a[5] = { 0 }, rc;
	struct logged_call *l;

	if (t.fn == fuzz_insn_rdmsr)
		t.a = PICK(0x10, 0x1b, 0xc0000080, 0xc0000100, 0xc0000101, 0xc0000102,
			   0x40000000, 0x277, 0x8b, rnd() & 0xffffffff);
	if (t.fn == fuzz_insn_wrmsr) {	/* the hypercall page MSR writes a frame */
		t.a = PICK(0x40000000, 0x40000000, 0xc0000100, 0xc0000101, 0xc0000102, 0xc0000080,
			   0x277, 0x10, rnd() & 0xffffffff);
		t.b = t.a == 0x40000000 ?
		      fuzz_rand_mfn(USE_WRITE) << 12 | (chance(80) ? 0 : rn(4096)) :
		      PICK(0, fuzz_edge(), (uint64_t)fuzz_landing_ud2, 0x0000800000000000UL);
	}
	if (t.fn == fuzz_insn_loadds || t.fn == fuzz_insn_loades)
		t.a = PICK(0, 3, 0xe02b, 0xe033, 0xe023, 0xe008, 0x2b, 0x1b, 7, 15,
			   rnd() & 0xffff);
	a[1] = (long)t.a;
	a[2] = (long)t.b;
	for (unsigned int i = 0; i < ARRAY_SIZE(insns); i++)
		if (insns[i] == t.fn)
			a[0] = i;
	l = fuzz_log_call(65, a);
	if (t.fn == fuzz_insn_hlt) {	/* emulated: sleeps, so a timer first */
		vcpu_info_now->evtchn_upcall_mask = 1;
		fuzz_arm_wakeup();
	}
	rc = fuzz_try(do_insn, &t);
	vcpu_info_now->evtchn_upcall_mask = 0;
	log_other(l, 1, rc);
}

/* A second L4: a spare frame cleared, given our L4's entries, made the
 * base pointer for a few calls, then ours again. The copy shares every
 * lower table with ours, so our code and stacks stay mapped throughout. */
void fuzz_op_baseptr_scenario(void)
{
	uint64_t copy = free_frames[rn(nr_free_frames)];
	struct mmuext_op op = { .cmd = MMUEXT_CLEAR_PAGE };
	const struct boot_table *l4 = &boot_tables[0];
	long a[5] = { (long)copy, 0, 0, 0, 0 }, rc;
	struct logged_call *l = fuzz_log_call(69, a);
	bool ok = true;

	stats[64 + 5].calls++;
	op.arg1.mfn = copy;
	if (HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF))
		goto out;
	for (unsigned int i = 0; i < 512 && ok; i++)
		if ((l4->va[i] & 1) && !(i >= 256 && i <= 271))
			ok = fuzz_mmu_write(copy, i, l4->va[i]) == 0;
	if (!ok)
		goto out;
	op = (struct mmuext_op){ .cmd = MMUEXT_NEW_BASEPTR };
	op.arg1.mfn = copy;
	rc = HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	a[1] = rc;
	if (rc)
		goto out;
	stats[64 + 5].ok++;
	HYPERVISOR_xen_version(XENVER_version, NULL);
	HYPERVISOR_update_va_mapping(SCRATCH_VA + (16 + rn(32)) * PAGE, fuzz_rand_pte(),
				     UVMF_INVLPG);
	if (chance(50)) {	/* unpinned or not, CR3 holds it */
		op = (struct mmuext_op){ .cmd = MMUEXT_PIN_L4_TABLE };
		op.arg1.mfn = copy;
		HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	}
	op = (struct mmuext_op){ .cmd = MMUEXT_NEW_BASEPTR };
	op.arg1.mfn = l4_mfn;
	if (HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF))
		guest_fail("cannot switch back to our own L4 from a copy (0x%lx)",
			   (unsigned long)copy);
	op = (struct mmuext_op){ .cmd = MMUEXT_UNPIN_TABLE };
	op.arg1.mfn = copy;
	HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
out:
	l->rc = a[1];
	l->done = true;
}

static long do_iret(void *p)
{
	fuzz_do_iret(p);
}

/* A random iret frame: landing on code that traps at once, or on an
 * address with nothing mapped; in kernel mode on a usable stack, in user
 * mode (with a user L4 we just set) on any stack. */
void fuzz_op_iret(void)
{
	bool user = chance(40);
	uint64_t *f = iret_frame + rn(4);
	struct logged_call *l;
	long a[5], rc;

	if (user) {
		struct mmuext_op op = { .cmd = MMUEXT_NEW_USER_BASEPTR };

		op.arg1.mfn = chance(50) ? l4_mfn : free_frames[rn(nr_free_frames)];
		if (HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF))
			user = false;
	}
	f[0] = PICK(0, 0x1000, fuzz_edge());			/* rax */
	f[1] = fuzz_edge();					/* r11 */
	f[2] = fuzz_edge();					/* rcx */
	f[3] = PICK(0, VGCF_in_syscall, fuzz_edge());	/* flags */
	f[4] = PICK((uint64_t)fuzz_landing_ud2, (uint64_t)fuzz_landing_int3,
		    (uint64_t)fuzz_landing_ud2, 0, 0x1000, 0x7ffffffff000UL,
		    HV_END, VIRT_BASE - PAGE, 0xffff828000208000UL);
	/* In kernel mode, compatibility mode would truncate rsp, and the
	 * next bounce frame could not be written: the domain is crashed, as
	 * Xen would. So kernel-mode frames get 64-bit or unusable selectors,
	 * never one of our own GDT's (which may hold 32-bit code segments). */
	f[5] = user ? PICK(FLAT_RING3_CS64, FLAT_RING3_CS32, 0xe008, 0, 0xe02b, 0x10, 0x33,
			   rnd() & 0xffff) | 3 :
		      PICK(FLAT_KERNEL_CS, FLAT_KERNEL_CS, 0xe008, 0, 0xe02b) & ~3UL;
	/* QEMU 7.2's TCG itself crashes (SIGSEGV) on an iretq to a 32-bit
	 * code segment with rip above 4 GiB: such frames stay below it. */
	if ((f[5] & ~3UL) == (FLAT_RING3_CS32 & ~3UL) || (f[5] & 0xfffc) > 0xe033) {
		f[4] &= 0xffffffffUL;
		if (f[4] >= 0x80000000UL)
			f[4] = 0x1000;
	}
	f[6] = PICK(0x202, 0x2, 0x246, 0x3202, 0x20202, 0x40202, 0x100, fuzz_edge() & 0x3fffff);
	f[6] &= ~0x100UL;	/* TF would single-step the landing pad's own trap */
	f[7] = user ? PICK((uint64_t)iret_stack + rn(sizeof(iret_stack)), 0, fuzz_edge()) :
		      (uint64_t)iret_stack + 512 + rn(sizeof(iret_stack) - 1024);
	f[8] = PICK(FLAT_KERNEL_SS, FLAT_RING3_SS64, 0, 0xe02b, 0xe033, 0x2b, 0x18,
		    rnd() & 0xffff);
	if (!user && chance(20))
		f[7] &= ~15UL;
	a[0] = (long)f[4];
	a[1] = (long)f[5];
	a[2] = (long)f[6];
	a[3] = (long)f[7];
	a[4] = (long)f[8];
	l = fuzz_log_call(__HYPERVISOR_iret, a);
	rc = fuzz_try(do_iret, f);
	log_other(l, user ? 2 : 3, rc);
	stats[__HYPERVISOR_iret].calls++;
	if (!user)
		return;
	/* Back in kernel mode: the user L4 goes, so it cannot pin a frame
	 * we might want to type otherwise. */
	{
		struct mmuext_op op = { .cmd = MMUEXT_NEW_USER_BASEPTR };

		HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	}
}
