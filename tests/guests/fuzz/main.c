/* SPDX-License-Identifier: GPL-2.0-only */
/* fuzz: a guest that throws random hypercalls at the hypervisor, beside a
 * witness domain (tests/guests/witness) that checks nothing leaks into it.
 *
 * Command line: seed=N iter=N [self=ID] [witness=ID] [progress=N] [trace=1]
 * [pair=granter|grantee peer=ID] (the pair mode: ops_pair.c).
 * The same seed gives the same sequence of calls (as far as time, which
 * timer arguments are taken from, lets it), so a failing run is followed
 * with trace=1, which prints every call before it is made.
 *
 * Every hypercall number 0..63 is called, with valid and random sub-ops
 * and arguments biased toward edges: 0, -1, huge counts, hypervisor
 * addresses, unmapped and non-canonical pointers, our own page tables,
 * buffers running into an unmapped page, other domains' IDs, ports and
 * frames. Page tables, descriptors, trap tables and iret frames get
 * random contents too. The fuzzer only hurts itself in ways it survives:
 *
 * - entries of our bootstrap page tables that were present at start are
 *   only ever rewritten with their current value; random entries go into
 *   the free slots and into a scratch hierarchy at L4 slot 1;
 * - nothing is mapped writable, cleared, copied over or registered as
 *   vcpu_info/runstate unless it is a frame we do not use (the frames
 *   past the bootstrap region) or a buffer set aside for it;
 * - the baseptr stays our L4 (or, briefly, a copy sharing its tables);
 *   trap table, callbacks and kernel stack are put back after each
 *   random change (events masked meanwhile);
 * - lists end at unmapped guard pages and are cleared up to them, so a
 *   count past our items runs into nothing stale;
 * - every iret and every instruction that may fault runs under fuzz_try:
 *   whatever traps comes back to it (fuzz_entry.S); iret frames only land
 *   on trapping code or unmapped addresses, and never on a non-canonical
 *   rip (the hypervisor kills for that, by design);
 * - shutdown only with reasons that do not end us, block and poll only
 *   with a timer that wakes us.
 *
 * A hypercall that succeeds where it must fail (mapping, writing or
 * pinning the witness's frames, acting on its tables, outliving a grant)
 * is a FAIL. Each call goes into a ring buffer, printed on an unexpected
 * fault of ours. At the end: calls per hypercall and per error; then even
 * seeds tear everything down and check every spare frame is free of
 * references (audit), odd seeds power off with all their state in place
 * (seed % 4 == 3: from inside a multicall), for the hypervisor to undo.
 *
 * This file reads the command line, sets up and runs the main loop; the
 * rest is in the files fuzz.h lists, one job each. */
#include "fuzz.h"

/* ---- run parameters and statistics ---- */
uint64_t seed = 1;
static uint64_t iterations = 20000, progress_every = 2000;
bool trace;
domid_t self_id = 1, witness_id = 2;
uint64_t now_iter;

struct hc_stats stats[64 + NR_OTHER_OPS];
uint64_t errno_count[128], errno_other, traps_recovered, db_traps;
uint64_t multicall_entries, grant_maps, grant_copies;

/* ---- setting up ---- */
static void setup(void)
{
	char value[32];

	seed = guest_arg_number("seed", seed);
	iterations = guest_arg_number("iter", iterations);
	progress_every = guest_arg_number("progress", progress_every);
	self_id = (domid_t)guest_arg_number("self", self_id);
	witness_id = (domid_t)guest_arg_number("witness", witness_id);
	trace = guest_arg("trace", value, sizeof(value)) || guest_arg("verbose", value, sizeof(value));
	if (guest_arg("pair", value, sizeof(value)))
		pair_role = !strcmp(value, "granter") ? PAIR_GRANTER : PAIR_GRANTEE;
	pair_peer = (domid_t)guest_arg_number("peer", 0);
	/* One seed drives the pair: each side its own stream of it. */
	prng_state = seed * 0x9e3779b97f4a7c15UL + 0x2545f4914f6cdd1dUL + pair_role;
	if (!prng_state)
		prng_state = 1;

	l4_mfn = fuzz_own_mfn((start_info->pt_base - VIRT_BASE) >> 12);
	fuzz_classify_frames();
	fuzz_walk_boot_tables();	/* before anything below changes an entry */
	events_map_shared_info();
	vcpu_info_now = guest_vcpu_info;
	fuzz_install_handlers();
	fuzz_arm_wakeup();
	HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables);
	if (HYPERVISOR_update_va_mapping(GUARD_A, 0, UVMF_INVLPG) ||
	    HYPERVISOR_update_va_mapping(GUARD_B, 0, UVMF_INVLPG) ||
	    HYPERVISOR_update_va_mapping(GUARD_C, 0, UVMF_INVLPG))
		guest_fail("cannot unmap the guard pages");
	fuzz_build_scratch();
	fuzz_build_grant_window();
	fuzz_pair_setup();
	fuzz_pair_plan(iterations);
	vcpu_info_now->evtchn_upcall_mask = 0;
	guest_printf("fuzz: seed %lu, %lu iterations; %u bootstrap tables, %u spare "
		     "frames, %u of the witness (d%u) seen\n", (unsigned long)seed,
		     (unsigned long)iterations, nr_boot_tables, nr_free_frames,
		     nr_foreign_frames, witness_id);
}

void guest_main(void)
{
	setup();
	for (now_iter = 0; now_iter < iterations; now_iter++) {
		uint64_t r = rn(100);
		struct call c;

		if (progress_every && now_iter && now_iter % progress_every == 0)
			guest_printf("\nfuzz: %lu calls made\n", (unsigned long)now_iter);
		if (now_iter < 64 && now_iter != __HYPERVISOR_iret) {
			/* every number once first */
			fuzz_gen_call(&c, (long)now_iter, false);
			fuzz_issue(&c);
		} else if (r < 4 || now_iter == __HYPERVISOR_iret) {
			fuzz_op_iret();
		} else if (r < 8) {
			fuzz_op_ptwr_store();
		} else if (r < 10) {
			fuzz_op_insn();
		} else if (r < 11) {
			fuzz_op_grant_scenario();
		} else if (r < 12) {
			fuzz_op_baseptr_scenario();
		} else if (r < 13) {
			fuzz_op_stale_output();
		} else if (pair_role && r < 23) {
			fuzz_op_pair();
		} else {
			long nr = r < 20 ? (long)rn(64) :
				  (long)PICK(0, 1, 1, 1, 2, 3, 4, 5, 8, 9, 10, 12, 12, 13, 13, 14, 14,
					     14, 15, 17, 18, 20, 20, 21, 22, 24, 24, 25, 26, 26,
					     26, 29, 29, 30, 32, 32, 32, 33);

			if (nr == __HYPERVISOR_iret) {
				fuzz_op_iret();
				continue;
			}
			fuzz_gen_call(&c, nr, false);
			fuzz_issue(&c);
		}
	}
	fuzz_summary();
	if (pair_role)
		fuzz_pair_end();
	/* Half the seeds clean up and audit; the others end with all their
	 * state in place, for the domain's destruction to take down (a
	 * quarter of them from inside a multicall with a continuation). */
	if (seed % 2 == 0) {
		fuzz_audit();
		return;
	}
	if (guest_failures())
		return;		/* the runtime reports FAILURE */
	guest_printf("Test result: SUCCESS\n");
	if (seed % 4 == 3)
		fuzz_die_in_multicall();
	HYPERVISOR_shutdown(SHUTDOWN_poweroff);
}
