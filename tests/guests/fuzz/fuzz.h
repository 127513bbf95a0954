/* SPDX-License-Identifier: GPL-2.0-only */
/* The fuzz guest's shared declarations (main.c says what the guest does
 * and which rules keep it alive): constants, the assembly side
 * (fuzz_entry.S), the run parameters and statistics, the PRNG, what every
 * machine frame is, the memory set aside, the ring of calls, and the entry
 * points of the generators (gen_*.c), of making and checking the calls
 * (calls.c, checks.c), of the other operations (ops*.c) and of the end of
 * a run (end_of_run.c). What crosses files is named fuzz_...; everything
 * else stays static in its file. */
#ifndef FUZZ_GUEST_FUZZ_H
#define FUZZ_GUEST_FUZZ_H

#include "guest.h"
#include "events.h"
#include "trap_stubs.h"
#include <xen/callback.h>
#include <xen/grant_table.h>
#include <xen/vcpu.h>
#include <xen/physdev.h>

#define VIRT_BASE	0xffffffff80000000UL
#define PAGE		4096UL
#define SCRATCH_SLOT	1
#define SCRATCH_VA	((uint64_t)SCRATCH_SLOT << 39)
#define SCRATCH_L1S	4
#define SCRATCH_SIZE	(SCRATCH_L1S * 512 * PAGE)
/* Grant mappings go only into one L1 of their own, hooked in a protected
 * entry of our bootstrap L2 and pinned, that no other operation writes,
 * unlinks or maps: removing a grant PTE any other way than grant unmap
 * gets a domain crashed (Xen's _PAGE_GNTTAB rule), which is what the
 * gntattack guest checks, not something the fuzzer may stumble into. */
#define GRANT_WINDOW_L2_IDX 510
#define GRANT_WINDOW_VA	(VIRT_BASE + ((uint64_t)GRANT_WINDOW_L2_IDX << 21))
#define HV_START	0xffff800000000000UL
#define HV_END		0xffff880000000000UL
#define PTE_P		1UL
#define PTE_RW		2UL
#define PTE_US		4UL
#define PTE_A		0x20UL
#define PTE_ADDR	0x000ffffffffff000UL
#define MAX_TRACKED_MFN	(1u << 17)
#define RING		64
#define NR_OTHER_OPS	8	/* iret is a hypercall; these are not */

/* ---- assembly side (fuzz_entry.S) ---- */
typedef long (*try_fn)(void *);
long fuzz_try(try_fn fn, void *arg);
void fuzz_do_iret(uint64_t *frame) __attribute__((noreturn));
extern char fuzz_landing_ud2[], fuzz_landing_int3[];
extern volatile uint64_t fuzz_armed;
long fuzz_trap(unsigned int vector, uint64_t *frame, unsigned int kind);
void fuzz_debug_trap(void);
typedef void (*store_fn)(uint64_t *addr, uint64_t val, uint64_t old);
typedef void (*insn_fn)(uint64_t a, uint64_t b);
#define STORES(X) X(movq) X(movl) X(movw) X(movb) X(imm) X(xchg) X(cmpxchg) \
	X(or) X(and) X(orimm) X(andimm) X(bts) X(btr) X(sub)
#define INSNS(X) X(int3) X(int80) X(int82) X(int20) X(ud2) X(rdmsr) X(cpuid) \
	X(inb) X(outb) X(cli) X(readcr) X(lgdt) X(into_div) X(rdtscp) X(loadds) X(loades) X(wrmsr) X(hlt)
#define DECL_STORE(n) void fuzz_store_##n(uint64_t *, uint64_t, uint64_t);
#define DECL_INSN(n) void fuzz_insn_##n(uint64_t, uint64_t);
STORES(DECL_STORE)
INSNS(DECL_INSN)
extern char fuzz_stub_0[], fuzz_stub_db[], fuzz_stub_2[], fuzz_stub_3[], fuzz_stub_4[],
	fuzz_stub_5[], fuzz_stub_6[], fuzz_stub_7[], fuzz_stub_8[], fuzz_stub_9[],
	fuzz_stub_10[], fuzz_stub_11[], fuzz_stub_12[], fuzz_stub_13[], fuzz_stub_14[],
	fuzz_stub_15[], fuzz_stub_16[], fuzz_stub_17[], fuzz_stub_18[], fuzz_stub_19[],
	fuzz_stub_20[], fuzz_stub_21[], fuzz_stub_softint[], fuzz_stub_syscall[],
	fuzz_stub_failsafe[];

/* ---- run parameters and statistics (main.c) ---- */
extern uint64_t seed;
extern bool trace;
extern domid_t self_id, witness_id;
extern uint64_t now_iter;

struct hc_stats {
	uint64_t calls, ok;
};
extern struct hc_stats stats[64 + NR_OTHER_OPS];	/* hypercalls, then the others */
extern uint64_t errno_count[128], errno_other, traps_recovered, db_traps;
extern uint64_t multicall_entries, grant_maps, grant_copies;

/* ---- the ring buffer of calls (calls.c) ---- */
struct logged_call {
	uint64_t iter;
	long nr, a[5];
	long rc;
	bool done;
};
struct logged_call *fuzz_log_call(long nr, const long a[5]);
void fuzz_print_last_calls(unsigned int n);

/* ---- the PRNG: xorshift64*, seeded from the command line ---- */
/* The state is one word (rng.c), seeded in main.c's setup(). rnd, rn and
 * chance are static inline, called on nearly every line of the generators;
 * edge and rand_domid are out of line in rng.c. Each call consumes numbers
 * in the order it is written: the sequence for a seed is the run, for one
 * build. Which machine frames we get depends on the pages this ELF file
 * takes (boot modules stay reserved), and which of our frames holds what on
 * the pages the image takes; random frame numbers hit other frames when
 * either changes, and the run goes another way from there. */
extern uint64_t prng_state;

static inline uint64_t rnd(void)
{
	prng_state ^= prng_state >> 12;
	prng_state ^= prng_state << 25;
	prng_state ^= prng_state >> 27;
	return prng_state * 0x2545f4914f6cdd1dUL;
}

static inline uint64_t rn(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static inline bool chance(unsigned int percent)
{
	return rn(100) < percent;
}

#define PICK(...) ({ const uint64_t pick_[] = { __VA_ARGS__ };	\
		     pick_[rn(ARRAY_SIZE(pick_))]; })

uint64_t fuzz_edge(void);
domid_t fuzz_rand_domid(void);
/* ---- what every machine frame is to us (frames.c) ---- */
/* Our bootstrap page tables and which entries were present at start. */
struct boot_table {
	uint64_t mfn;
	uint64_t *va;		/* read-only mapping of it */
	unsigned int level;
	uint64_t present[8];	/* bitmap of protected entries */
};
extern struct boot_table boot_tables[16];
extern unsigned int nr_boot_tables;
extern uint64_t max_mfn, l4_mfn;
extern uint64_t free_frames[8192], foreign_frames[8192];
extern unsigned int nr_free_frames, nr_foreign_frames;
extern uint64_t scratch_tables[2 + SCRATCH_L1S];	/* L3, L2, L1s */
extern uint64_t grant_window_l1;
void fuzz_build_grant_window(void);
uint64_t fuzz_grant_table_mfn(unsigned int i);
/* A fresh frame of ours takes the place of free_frames[i]. */
void fuzz_adopt_free_frame(unsigned int i, uint64_t mfn);

/* Purposes of a random frame: what it may be used for decides which of
 * ours it may be. */
enum mfn_use {
	USE_ANY,	/* read, pinned, typed: nothing of ours is harmed */
	USE_WRITE,	/* written by the hypervisor: never a frame we use */
};

void fuzz_classify_frames(void);
void fuzz_walk_boot_tables(void);
bool fuzz_is_foreign(uint64_t mfn);
bool fuzz_owns(uint64_t mfn);
struct boot_table *fuzz_boot_table_of(uint64_t mfn);
bool fuzz_is_protected(const struct boot_table *t, unsigned int idx);
uint64_t fuzz_own_mfn(uint64_t pfn);
uint64_t fuzz_mfn_of_va(const void *p);
uint64_t fuzz_rand_mfn(enum mfn_use use);
uint64_t fuzz_rand_pte(void);
long fuzz_mmu_write(uint64_t table_mfn, unsigned int idx, uint64_t val);

/* ---- memory the fuzzer sets aside (reserve.c) ---- */
extern uint8_t guarded_area[16 * PAGE];	/* pages 3, 7, 11 unmapped; 15 stays mapped */
#define GUARD_A ((uint64_t)guarded_area + 3 * PAGE)	/* batch lists */
#define GUARD_B ((uint64_t)guarded_area + 7 * PAGE)	/* lists inside arguments */
#define GUARD_C ((uint64_t)guarded_area + 11 * PAGE)	/* arguments running off */
#define GUARD_D ((uint64_t)guarded_area + 15 * PAGE)	/* multicall long lists (mapped) */
extern uint8_t pool_mem[32][2048];
extern unsigned int pool_next;
extern uint8_t trap_stack[16384], iret_stack[8192];
extern uint64_t iret_frame[16];
extern uint8_t vcpu_info_page[PAGE], area_page[PAGE];
extern volatile struct vcpu_info *vcpu_info_now;
extern evtchn_port_t timer_port;

void *fuzz_pool(void);
uint64_t fuzz_bad_pointer(void);
bool fuzz_fits(const void *p, size_t len);
uint64_t fuzz_ptr_arg(void **buf);
void *fuzz_list_arg(uint64_t guard, size_t item, unsigned int n);
uint64_t fuzz_guest_va(void);
void fuzz_build_scratch(void);

/* ---- the calls ---- */
struct call {
	long nr, a[5];
	uint64_t flags;
};
#define CALL_VIA_PAGE	1	/* through the hypercall page stub */
#define CALL_MASKED	2	/* events masked around it */
#define CALL_RESTORE	4	/* trap table and callbacks put back after */
#define CALL_BLOCKS	8	/* may sleep: arm our timer first */

typedef void (*gen_fn)(struct call *c, bool in_batch);

/* gen_misc.c: one call to hypercall nr, its generator picked by number. */
void fuzz_gen_call(struct call *c, long nr, bool in_batch);
/* calls.c: making it, with what must come before and after. */
void fuzz_arm_wakeup(void);
long fuzz_issue(struct call *c);
/* checks.c: what no result may be. */
void fuzz_check_result(const struct call *c, long rc);

/* ---- the generators, one per hypercall (or group) ---- */
/* gen_cpu.c: trap table, callbacks, stack_switch, debug registers,
 * descriptors. */
void fuzz_install_handlers(void);
void fuzz_gen_set_trap_table(struct call *c, bool in_batch);
void fuzz_gen_set_callbacks(struct call *c, bool in_batch);
void fuzz_gen_callback_op(struct call *c, bool in_batch);
void fuzz_gen_stack_switch(struct call *c, bool in_batch);
void fuzz_gen_fpu_taskswitch(struct call *c, bool in_batch);
void fuzz_gen_set_debugreg(struct call *c, bool in_batch);
void fuzz_gen_get_debugreg(struct call *c, bool in_batch);
void fuzz_gen_update_descriptor(struct call *c, bool in_batch);
void fuzz_gen_set_gdt(struct call *c, bool in_batch);
/* gen_mm.c: mmu_update, update_va_mapping, mmuext_op, memory_op. */
extern bool long_list_used;	/* by an entry of the multicall being made */
uint32_t fuzz_rand_count(unsigned int items);
void fuzz_gen_mmu_update(struct call *c, bool in_batch);
void fuzz_gen_update_va_mapping(struct call *c, bool in_batch);
void fuzz_gen_update_va_mapping_otherdomain(struct call *c, bool in_batch);
void fuzz_gen_mmuext_op(struct call *c, bool in_batch);
void fuzz_gen_memory_op(struct call *c, bool in_batch);
/* gen_multicall.c */
void fuzz_gen_multicall(struct call *c, bool in_batch);
/* gen_time_events.c: time, scheduling, vCPUs, event channels. */
uint64_t fuzz_now_ns(void);
void fuzz_gen_set_timer_op(struct call *c, bool in_batch);
void fuzz_gen_sched_op(struct call *c, bool in_batch);
void fuzz_gen_vcpu_op(struct call *c, bool in_batch);
void fuzz_gen_event_channel_op(struct call *c, bool in_batch);
/* gen_grants.c */
void fuzz_gen_grant_table_op(struct call *c, bool in_batch);
/* gen_misc.c has the rest, static, beside fuzz_gen_call. */

/* ---- the operations that are not plain calls (ops.c, ops_grant.c) ---- */
void fuzz_op_ptwr_store(void);
void fuzz_op_insn(void);
void fuzz_op_baseptr_scenario(void);
void fuzz_op_iret(void);
long fuzz_grant_op(unsigned int cmd, void *op);
void fuzz_op_grant_scenario(void);
/* ops_stale.c: outputs through a stale translation of a new page table. */
void fuzz_op_stale_output(void);

/* ---- the pair mode (ops_pair.c) ---- */
enum pair_role { PAIR_NONE, PAIR_GRANTER, PAIR_GRANTEE };
#define PAIR_FRAMES	64	/* free_frames[0..] the granter grants and churns */
#define PAIR_FATAL_SEEDS 8	/* seed % 8 == 7: the grantee tears a grant PTE out */
#define GNTTAB_MAPTRACK_GUESS 256
struct pair_stats {
	uint64_t grants_written, frames_given_back, frames_replaced;
	uint64_t maps, maps_ok, unmaps, unmaps_ok, accesses, writes_through, copies, copies_ok;
};
extern enum pair_role pair_role;
extern domid_t pair_peer;
void fuzz_pair_setup(void);
void fuzz_pair_plan(uint64_t iterations);
void fuzz_op_pair(void);
void fuzz_pair_end(void);

/* ---- the end of a run (end_of_run.c) ---- */
void fuzz_summary(void);
void fuzz_audit(void);
void fuzz_die_in_multicall(void);

#endif
