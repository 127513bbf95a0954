/* fuzz: a guest that throws random hypercalls at the hypervisor, beside a
 * witness domain (tests/guests/witness) that checks nothing leaks into it.
 *
 * Command line: seed=N iter=N [self=ID] [witness=ID] [progress=N] [trace=1].
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
 * (seed % 4 == 3: from inside a multicall), for the hypervisor to undo. */
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
#define HV_START	0xffff800000000000UL
#define HV_END		0xffff880000000000UL
#define PTE_P		1UL
#define PTE_RW		2UL
#define PTE_US		4UL
#define PTE_A		0x20UL
#define PTE_ADDR	0x000ffffffffff000UL
#define MAX_TRACKED_MFN	(1u << 17)
#define RING		64
#define NR_OTHER_OPS	6	/* iret is a hypercall; these are not */

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
#define LIST_STORE(n) fuzz_store_##n,
#define LIST_INSN(n) fuzz_insn_##n,
static const store_fn stores[] = { STORES(LIST_STORE) };
static const insn_fn insns[] = { INSNS(LIST_INSN) };
extern char fuzz_stub_0[], fuzz_stub_db[], fuzz_stub_2[], fuzz_stub_3[], fuzz_stub_4[],
	fuzz_stub_5[], fuzz_stub_6[], fuzz_stub_7[], fuzz_stub_8[], fuzz_stub_9[],
	fuzz_stub_10[], fuzz_stub_11[], fuzz_stub_12[], fuzz_stub_13[], fuzz_stub_14[],
	fuzz_stub_15[], fuzz_stub_16[], fuzz_stub_17[], fuzz_stub_18[], fuzz_stub_19[],
	fuzz_stub_20[], fuzz_stub_21[], fuzz_stub_softint[], fuzz_stub_syscall[],
	fuzz_stub_failsafe[];

/* ---- run parameters and statistics ---- */
static uint64_t seed = 1, iterations = 20000, progress_every = 2000;
static bool trace;
static domid_t self_id = 1, witness_id = 2;
static uint64_t now_iter;

struct hc_stats {
	uint64_t calls, ok;
};
static struct hc_stats stats[64 + NR_OTHER_OPS];
static uint64_t errno_count[128], errno_other, traps_recovered, db_traps;
static uint64_t multicall_entries, grant_maps, grant_copies;
static const char *const other_op_name[NR_OTHER_OPS] = {
	"ptwr store", "trapping insn", "iret to user", "iret to kernel", "grant scenario",
	"second L4",
};

/* Xen's errno names, for the summary. */
static const char *errno_name(unsigned int e)
{
	switch (e) {
	case XEN_EPERM: return "EPERM";
	case XEN_ENOENT: return "ENOENT";
	case XEN_ESRCH: return "ESRCH";
	case XEN_E2BIG: return "E2BIG";
	case XEN_EAGAIN: return "EAGAIN";
	case XEN_ENOMEM: return "ENOMEM";
	case XEN_EACCES: return "EACCES";
	case XEN_EFAULT: return "EFAULT";
	case XEN_EBUSY: return "EBUSY";
	case XEN_EEXIST: return "EEXIST";
	case XEN_EINVAL: return "EINVAL";
	case XEN_ENOSPC: return "ENOSPC";
	case XEN_ENOSYS: return "ENOSYS";
	case XEN_ETIME: return "ETIME";
	default: return NULL;
	}
}

/* ---- the ring buffer of calls ---- */
struct logged_call {
	uint64_t iter;
	long nr, a[5];
	long rc;
	bool done;
};
static struct logged_call ring[RING];
static uint64_t ring_next;

static struct logged_call *log_call(long nr, const long a[5])
{
	struct logged_call *l = &ring[ring_next++ % RING];

	*l = (struct logged_call){ .iter = now_iter, .nr = nr,
				   .a = { a[0], a[1], a[2], a[3], a[4] } };
	if (trace)
		guest_printf("fuzz: #%lu call %ld(0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx)\n",
			     (unsigned long)now_iter, nr, a[0], a[1], a[2], a[3], a[4]);
	return l;
}

static void print_last_calls(unsigned int n)
{
	uint64_t first = ring_next > n ? ring_next - n : 0;

	guest_printf("fuzz: last %lu calls (oldest first):\n",
		     (unsigned long)(ring_next - first));
	for (uint64_t i = first; i < ring_next; i++) {
		const struct logged_call *l = &ring[i % RING];

		guest_printf("fuzz:   #%lu call %ld(0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx) %s %ld\n",
			     (unsigned long)l->iter, l->nr, l->a[0], l->a[1], l->a[2],
			     l->a[3], l->a[4], l->done ? "=" : "did not return;",
			     l->done ? l->rc : 0);
	}
}

/* ---- the PRNG: xorshift64*, seeded from the command line ---- */
static uint64_t prng_state;

static uint64_t rnd(void)
{
	prng_state ^= prng_state >> 12;
	prng_state ^= prng_state << 25;
	prng_state ^= prng_state >> 27;
	return prng_state * 0x2545f4914f6cdd1dUL;
}

static uint64_t rn(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static bool chance(unsigned int percent)
{
	return rn(100) < percent;
}

#define PICK(...) ({ const uint64_t pick_[] = { __VA_ARGS__ };	\
		     pick_[rn(ARRAY_SIZE(pick_))]; })

/* Integers where handlers tend to go wrong. */
static uint64_t edge(void)
{
	switch (rn(12)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return ~0UL;
	case 3: return PICK(0x7fffffffUL, 0x80000000UL, 0xffffffffUL, 0x100000000UL);
	case 4: return 1UL << 63;
	case 5: return rn(16);
	case 6: return PICK(4095, 4096, 4097, 511, 512, 513, 1023, 1024, 65535, 65536);
	case 7: return (uint64_t)-(int64_t)rn(16);
	case 8: return 0x7fffffffffffffffUL;
	case 9: return rnd() & 0xffff;
	default: return rnd();
	}
}

static domid_t rand_domid(void)
{
	return (domid_t)PICK(DOMID_SELF, self_id, witness_id, witness_id, 0, DOMID_XEN,
			     DOMID_IO, DOMID_INVALID, 63, 64, 0x7fef, 0xffff, rn(8),
			     rnd() & 0xffff);
}

/* ---- what every machine frame is to us (see the header comment) ---- */
enum frame_class {
	F_NONE,		/* the hypervisor's, free, or unknown */
	F_FOREIGN,	/* another domain's (the witness) */
	F_BOOT,		/* in our bootstrap region: code, data, stacks */
	F_BOOT_TABLE,	/* one of our bootstrap page tables */
	F_FREE,		/* ours, unused: fair game */
	F_SHARED,	/* shared_info */
	F_GRANT,	/* our grant table frames */
};
static uint8_t frame_class[MAX_TRACKED_MFN];
static uint64_t max_mfn, own_first, own_last;
static uint64_t free_frames[8192], foreign_frames[8192], none_frames[64];
static unsigned int nr_free_frames, nr_foreign_frames, nr_none_frames;
static uint64_t scratch_tables[2 + SCRATCH_L1S];	/* L3, L2, L1s */
static uint64_t grant_frames[4], shared_info_mfn, l4_mfn;

static enum frame_class class_of(uint64_t mfn)
{
	return mfn < MAX_TRACKED_MFN ? frame_class[mfn] : F_NONE;
}

/* The witness's frames are another domain's while it lives; once it has
 * gone they are free, and populate_physmap may hand them to us. */
static bool witness_gone;

static bool is_foreign(uint64_t mfn)
{
	if (class_of(mfn) != F_FOREIGN || witness_gone)
		return false;
	{
		struct evtchn_bind_interdomain b = { .remote_dom = witness_id };

		witness_gone = hypercall5(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_interdomain,
					  (long)&b, 0, 0, 0) == -XEN_ESRCH;
	}
	return !witness_gone;
}

/* Our bootstrap page tables and which entries were present at start. */
struct boot_table {
	uint64_t mfn;
	uint64_t *va;		/* read-only mapping of it */
	unsigned int level;
	uint64_t present[8];	/* bitmap of protected entries */
};
static struct boot_table boot_tables[16];
static unsigned int nr_boot_tables;

static struct boot_table *boot_table_of(uint64_t mfn)
{
	for (unsigned int i = 0; i < nr_boot_tables; i++)
		if (boot_tables[i].mfn == mfn)
			return &boot_tables[i];
	return NULL;
}

static bool is_protected(const struct boot_table *t, unsigned int idx)
{
	return (t->present[idx / 64] >> (idx % 64)) & 1;
}

static uint64_t own_mfn(uint64_t pfn)
{
	return ((const uint64_t *)start_info->mfn_list)[pfn];
}

static uint64_t *va_of_pfn(uint64_t pfn)
{
	return (uint64_t *)(VIRT_BASE + pfn * PAGE);
}

static uint64_t mfn_of_va(const void *p)
{
	return own_mfn(((uint64_t)p - VIRT_BASE) / PAGE);
}

static uint16_t pfn_of_mfn[MAX_TRACKED_MFN];	/* ours only */

/* Purposes of a random frame: what it may be used for decides which of
 * ours it may be. */
enum mfn_use {
	USE_ANY,	/* read, pinned, typed: nothing of ours is harmed */
	USE_WRITE,	/* written by the hypervisor: never a frame we use */
};

static uint64_t rand_mfn(enum mfn_use use)
{
	uint64_t mfn;

	switch (rn(12)) {
	case 0: case 1: case 2:
		mfn = nr_free_frames ? free_frames[rn(nr_free_frames)] : 0;
		break;
	case 3:
		mfn = boot_tables[rn(nr_boot_tables)].mfn;
		break;
	case 4:
		mfn = scratch_tables[rn(ARRAY_SIZE(scratch_tables))];
		break;
	case 5: case 6:
		mfn = nr_foreign_frames ? foreign_frames[rn(nr_foreign_frames)] : 1;
		break;
	case 7:
		mfn = own_mfn(rn(start_info->nr_pages));
		break;
	case 8:
		mfn = PICK(shared_info_mfn, grant_frames[rn(4)],
			   nr_none_frames ? none_frames[rn(nr_none_frames)] : 0);
		break;
	case 9:
		mfn = own_first + rn(own_last - own_first + 33) - 16;
		break;
	default:
		mfn = PICK(0, 1, max_mfn, max_mfn + 1, 0xfffffffffUL, 0xffffffffffUL,
			   rnd() & 0xffffffffffUL, rn(max_mfn + 1));
		break;
	}
	if (use == USE_WRITE) {
		enum frame_class c = class_of(mfn);

		if (c == F_BOOT || c == F_SHARED)
			mfn = nr_free_frames ? free_frames[rn(nr_free_frames)] : 0;
	}
	return mfn;
}

/* A page-table entry to write somewhere we may: frames we use are only
 * ever mapped read-only, our bootstrap tables not at all (a read-only
 * mapping of one in the scratch area would let a ptwr store rewrite it). */
static uint64_t rand_pte(void)
{
	uint64_t mfn = rand_mfn(USE_ANY), flags;
	enum frame_class c;

	if (chance(5))
		return PICK(0, ~0UL, edge());
	c = class_of(mfn);
	if (c == F_BOOT_TABLE)
		mfn = scratch_tables[rn(ARRAY_SIZE(scratch_tables))];
	flags = PTE_P | (chance(60) ? PTE_RW : 0) | (chance(70) ? PTE_US : 0) |
		(chance(30) ? PTE_A : 0) | (chance(20) ? 0x40 : 0);
	if (chance(10))
		flags |= PICK(0x8, 0x10, 0x80, 0x100, 0xe00, 1UL << 63, 0x7ffUL << 52,
			      1UL << 51, 1UL << 40);
	if (chance(5))
		flags &= ~PTE_P;
	if (c == F_BOOT || c == F_SHARED)
		flags &= ~PTE_RW;
	return (mfn << 12 & PTE_ADDR) | flags;
}

/* ---- memory the fuzzer sets aside ---- */
static uint8_t guarded_area[16 * PAGE] __aligned(PAGE);	/* pages 3, 7, 11, 15 unmapped */
#define GUARD_A ((uint64_t)guarded_area + 3 * PAGE)	/* batch lists */
#define GUARD_B ((uint64_t)guarded_area + 7 * PAGE)	/* lists inside arguments */
#define GUARD_C ((uint64_t)guarded_area + 11 * PAGE)	/* arguments running off */
#define GUARD_D ((uint64_t)guarded_area + 15 * PAGE)	/* long lists inside a multicall */
/* Each buffer holds the largest output a call writes (xen_version's
 * capabilities: 1 KiB), so one call's output never reaches the next
 * buffer, which a later entry of the same multicall may be using. */
static uint8_t pool_mem[32][2048] __aligned(64);
static unsigned int pool_next;
static uint8_t trap_stack[16384] __aligned(16);
static uint8_t iret_stack[8192] __aligned(16);
static uint64_t iret_frame[16];
static uint8_t vcpu_info_page[PAGE] __aligned(PAGE);
static uint8_t area_page[PAGE] __aligned(PAGE);
static volatile struct vcpu_info *vcpu_info_now;
static evtchn_port_t timer_port;
static const char safe_text[] = "fuzz: console_io write from the fuzzer\n";

/* A fresh pool buffer, filled with random words. */
static void *pool(void)
{
	uint64_t *p = (uint64_t *)pool_mem[pool_next++ % ARRAY_SIZE(pool_mem)];

	for (unsigned int i = 0; i < 512 / 8; i++)
		p[i] = chance(50) ? edge() : 0;
	return p;
}

/* len bytes that end exactly at (or run a little into) a guard page. */
static void *guarded(uint64_t guard, size_t len)
{
	uint64_t at = guard - len;

	if (chance(20))
		at += rn(len ? len : 1);
	return (void *)at;
}

/* Addresses a hypercall must never be able to use, or not for writing. */
static uint64_t bad_pointer(void)
{
	switch (rn(10)) {
	case 0: return PICK(0xffff828000208000UL, 0xffff830000200000UL,
			    0xffff87fffffffff8UL, HV_START + (rnd() & 0x7fffffffff8UL));
	case 1: return 0xffff800000000000UL;			/* the M2P */
	case 2: return PICK(0x1000, 0x10, 0x7ffffffff000UL, VIRT_BASE - PAGE);
	case 3: return PICK(0x0000800000000000UL, 0x8000000000000000UL,
			    0x0000800000000000UL | rnd(), 0x7fff800000000000UL);
	case 4: return PICK(0xfffffffffffffff0UL, 0xfffffffffffffffcUL, ~0UL);
	case 5: return start_info->pt_base + (rnd() & 0xff8);	/* read-only tables */
	case 6: return SCRATCH_VA + (rnd() % SCRATCH_SIZE);
	case 7: return GUARD_A + (rnd() & 0xfff);
	case 8: return 0;
	default: return edge();
	}
}

/* Whether [p, p + len) is clear of our guard pages, so we may fill it. */
static bool fits(const void *p, size_t len)
{
	uint64_t a = (uint64_t)p, end = a + len;

	return !((a < GUARD_A + PAGE && end > GUARD_A) ||
		 (a < GUARD_B + PAGE && end > GUARD_B) ||
		 (a < GUARD_C + PAGE && end > GUARD_C) ||
		 (a < GUARD_D + PAGE && end > GUARD_D));
}

/* A pointer argument: usually a pool buffer (returned in *buf to be
 * filled), sometimes one crossing into a guard page (left as it is),
 * sometimes bad. */
static uint64_t ptr_arg(void **buf)
{
	static uint64_t dummy[64];

	if (chance(75)) {
		*buf = pool();
		return (uint64_t)*buf;
	}
	*buf = dummy;
	if (chance(30)) {
		/* What the hypervisor reads before the guard is zeros: left
		 * over from earlier calls it could name our own memory (as a
		 * runstate area, say), which the fuzzer must not hand out. */
		uint8_t *p = guarded(GUARD_C, 8 * (1 + rn(8)));

		memset(p, 0, GUARD_C - (uint64_t)p);
		return (uint64_t)p;
	}
	return bad_pointer();
}

/* A pointer for a list the hypervisor may run along for as long as the
 * count says: it always ends at a guard page. The whole run up to the
 * guard is cleared first: a count larger than the items we write reaches
 * the ones left there by earlier calls, made safe for a state of ours
 * that may be gone (a stale NEW_BASEPTR to a frame that has since become
 * ours, a stale block with no timer). A zero item fails at once. */
static void *list_arg(uint64_t guard, size_t item, unsigned int n)
{
	uint8_t *p = guarded(guard, item * n);

	memset(p, 0, guard - (uint64_t)p);
	return p;
}

static uint64_t guest_va(void)
{
	switch (rn(6)) {
	case 0: return SCRATCH_VA + (rnd() % SCRATCH_SIZE & ~7UL);
	case 1: return (uint64_t)pool_mem[rn(ARRAY_SIZE(pool_mem))];
	case 2: return (uint64_t)fuzz_landing_ud2;
	default: return bad_pointer();
	}
}

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
static long mmu_write(uint64_t table_mfn, unsigned int idx, uint64_t val);

/* ---- set_trap_table, callbacks, stack_switch ---- */
static char *const trap_handlers[32] = {
	fuzz_stub_0, fuzz_stub_db, fuzz_stub_2, fuzz_stub_3, fuzz_stub_4, fuzz_stub_5,
	fuzz_stub_6, fuzz_stub_7, fuzz_stub_8, fuzz_stub_9, fuzz_stub_10, fuzz_stub_11,
	fuzz_stub_12, fuzz_stub_13, fuzz_stub_14, fuzz_stub_15, fuzz_stub_16, fuzz_stub_17,
	fuzz_stub_18, fuzz_stub_19, fuzz_stub_20, fuzz_stub_21,
};

static void install_handlers(void)
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
	return chance(30) ? (uint64_t)fuzz_landing_ud2 : chance(50) ? 0 : guest_va();
}

static void gen_set_trap_table(struct call *c, bool in_batch)
{
	void *buf = pool();
	struct trap_info *t;

	c->a[0] = chance(10) ? 0 : ptr_arg(&buf);
	t = chance(50) ? buf : (void *)(c->a[0] = (long)list_arg(GUARD_B, sizeof(*t), 8));
	for (unsigned int i = 0; i < 8 && fits(t + i, sizeof(*t)); i++)
		t[i] = (struct trap_info){ (uint8_t)rnd(), (uint8_t)rnd(), (uint16_t)rnd(),
					   rand_handler() };
	c->flags |= CALL_MASKED | CALL_RESTORE;
}

static void gen_set_callbacks(struct call *c, bool in_batch)
{
	for (unsigned int i = 0; i < 3; i++)
		c->a[i] = rand_handler();
	c->flags |= CALL_MASKED | CALL_RESTORE;
}

static void gen_callback_op(struct call *c, bool in_batch)
{
	void *buf;
	struct callback_register *r;

	c->a[0] = PICK(CALLBACKOP_register, CALLBACKOP_unregister, 2, edge());
	c->a[1] = ptr_arg(&buf);
	r = buf;
	r->type = PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, rnd() & 0xffff);
	r->flags = PICK(0, CALLBACKF_mask_events, rnd() & 0xffff);
	r->address = rand_handler();
	c->flags |= CALL_MASKED | CALL_RESTORE;
}

static void gen_stack_switch(struct call *c, bool in_batch)
{
	/* The stack must stay usable: events and traps from user mode land
	 * on it. Only the selector is random. */
	c->a[0] = PICK(FLAT_KERNEL_SS, 0, 3, 0xe02b, 0xe023, edge());
	c->a[1] = (long)(trap_stack + sizeof(trap_stack));
}

static void gen_fpu_taskswitch(struct call *c, bool in_batch)
{
	c->a[0] = PICK(0, 1, edge());
}

/* ---- debug registers ---- */
static void gen_set_debugreg(struct call *c, bool in_batch)
{
	c->a[0] = PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, edge());
	switch (c->a[0]) {
	case 7: case 5:
		c->a[1] = chance(50) ? (long)(rnd() & 0xffff0fff) : edge();
		break;
	default:	/* never our code outside the landing pads */
		c->a[1] = chance(50) ? guest_va() : edge();
	}
}

static void gen_get_debugreg(struct call *c, bool in_batch)
{
	c->a[0] = PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, edge());
}

/* ---- descriptors ---- */
static uint64_t rand_descriptor(void)
{
	uint64_t d = 0xffff | (0xfUL << 48);	/* limit */

	d |= (uint64_t)PICK(0x9a, 0xfa, 0x92, 0xf2, 0x89, 0x82, 0x8c, 0x8e, 0x9e, 0x96,
			    0x1a, 0x00, rnd() & 0xff) << 40;
	d |= (uint64_t)PICK(0xa, 0xc, 0x8, 0x0, 0xe, rnd() & 0xf) << 52;
	if (chance(20))
		d = edge();
	return d;
}

static void gen_update_descriptor(struct call *c, bool in_batch)
{
	c->a[0] = (long)(rand_mfn(USE_WRITE) << 12 | (chance(80) ? rn(512) * 8 : rn(4096)));
	if (chance(5))
		c->a[0] = edge();
	c->a[1] = rand_descriptor();
}

static void gen_set_gdt(struct call *c, bool in_batch)
{
	void *buf;
	uint64_t *frames;

	c->a[0] = ptr_arg(&buf);
	frames = buf;
	for (unsigned int i = 0; i < 16; i++)
		frames[i] = rand_mfn(USE_ANY);
	c->a[1] = PICK(0, 1, 512, 513, 7168, 7169, 8192, edge(), rn(16 * 512));
}

/* ---- mmu_update, update_va_mapping, mmuext_op ---- */

/* A table entry we may rewrite: (table, index, value). A protected entry
 * gets its own value back. */
static void rand_table_entry(uint64_t *ptr, uint64_t *val)
{
	uint64_t mfn, idx = rn(512);
	struct boot_table *t;

	switch (rn(6)) {
	case 0: case 1:
		mfn = scratch_tables[rn(ARRAY_SIZE(scratch_tables))];
		break;
	case 2: case 3:
		mfn = boot_tables[rn(nr_boot_tables)].mfn;
		if (chance(30))
			idx = PICK(1, 255, 256, 271, 272, 510, 511);
		break;
	default:
		mfn = rand_mfn(USE_WRITE);
		break;
	}
	*val = rand_pte();
	t = boot_table_of(mfn);
	if (t && is_protected(t, idx))
		*val = t->va[idx];
	*ptr = mfn << 12 | idx * 8;
}

static void rand_mmu_update(struct mmu_update *u)
{
	uint64_t ptr, val;

	rand_table_entry(&ptr, &val);
	switch (rn(10)) {
	case 0:		/* M2P entry of one of our frames (or not ours) */
		u->ptr = (rand_mfn(USE_ANY) << 12) | MMU_MACHPHYS_UPDATE;
		u->val = PICK(rn(8192), edge());
		return;
	case 1:		/* misaligned, NO_TRANSLATE and unknown kinds */
		u->ptr = (ptr & ~7UL) | PICK(4, 2, 3, 6, 7);
		u->val = val;
		return;
	case 2:
		u->ptr = ptr | MMU_PT_UPDATE_PRESERVE_AD;
		u->val = val;
		return;
	default:
		u->ptr = ptr;
		u->val = val;
	}
}

static uint32_t rand_count(unsigned int items)
{
	return (uint32_t)PICK(items, items, items, 0, 1, items + 1, 0x7fffffff, 0x80000000,
			      0x80000000 | items, 0xffffffff, rnd());
}

static uint64_t rand_pdone(void)
{
	void *buf;

	return chance(30) ? 0 : ptr_arg(&buf);
}

static uint64_t rand_foreigndom(void)
{
	return chance(70) ? PICK(DOMID_SELF, self_id) : rand_domid() | (chance(10) ? rnd() << 16 : 0);
}

static bool long_list_used;	/* by an entry of the multicall being made */

static void gen_mmu_update(struct call *c, bool in_batch)
{
	/* In a multicall, a long list now and then: its continuation then
	 * runs inside the batch's (the entry keeps it). At most one long
	 * list per batch: they all sit at GUARD_D. */
	bool long_in_batch = in_batch && !long_list_used && chance(10);
	unsigned int n = long_in_batch || (!in_batch && chance(5)) ? 300 : in_batch ? 1 : rn(9);
	struct mmu_update *u;

	long_list_used |= long_in_batch;
	u = long_in_batch ? list_arg(GUARD_D, sizeof(*u), n) : in_batch ? pool() :
	    list_arg(GUARD_A, sizeof(*u), n);
	for (unsigned int i = 0; i < n && fits(u + i, sizeof(*u)); i++) {
		if (n > 64) {	/* a long batch of harmless rewrites: continuations */
			const struct boot_table *t = &boot_tables[0];

			u[i] = (struct mmu_update){ t->mfn << 12 | 511 * 8, t->va[511] };
			continue;
		}
		rand_mmu_update(&u[i]);
	}
	c->a[0] = chance(95) ? (long)u : (long)bad_pointer();
	c->a[1] = long_in_batch ? n : in_batch ? 1 : rand_count(n);
	c->a[2] = rand_pdone();
	c->a[3] = rand_foreigndom();
}

/* The bootstrap L1 (and index) that maps va, if the walk stays in our
 * bootstrap tables. */
static const struct boot_table *boot_l1_of(uint64_t va, unsigned int *idx)
{
	const struct boot_table *t = &boot_tables[0];

	for (unsigned int shift = 39; t && t->level > 1; shift -= 9) {
		uint64_t e = t->va[(va >> shift) & 511];

		if (!(e & PTE_P))
			return NULL;
		t = boot_table_of((e & PTE_ADDR) >> 12);
	}
	*idx = (va >> 12) & 511;
	return t;
}

static uint64_t rand_va_for_update(uint64_t *val)
{
	const struct boot_table *t;
	unsigned int idx;
	uint64_t va;

	*val = rand_pte();
	switch (rn(6)) {
	case 0: case 1:
		va = SCRATCH_VA + (rnd() % SCRATCH_SIZE & ~(PAGE - 1));
		break;
	case 2:
		va = VIRT_BASE + rn(start_info->nr_pages + 64) * PAGE;
		break;
	default:
		va = bad_pointer() & ~(PAGE - 1);
	}
	/* In our own region, a present entry keeps its value. */
	t = boot_l1_of(va, &idx);
	if (t && is_protected(t, idx))
		*val = t->va[idx];
	return va;
}

static void gen_update_va_mapping(struct call *c, bool in_batch)
{
	uint64_t val, va = rand_va_for_update(&val);
	void *buf;

	c->a[0] = va;
	c->a[1] = val;
	c->a[2] = PICK(UVMF_NONE, UVMF_INVLPG, UVMF_TLB_FLUSH, UVMF_INVLPG | UVMF_ALL,
		       UVMF_TLB_FLUSH | UVMF_LOCAL, 3, edge());
	if (chance(10))
		c->a[2] = (long)(ptr_arg(&buf) | PICK(UVMF_INVLPG, UVMF_TLB_FLUSH));
}

static void gen_update_va_mapping_otherdomain(struct call *c, bool in_batch)
{
	gen_update_va_mapping(c, in_batch);
	c->a[3] = rand_domid();
}

/* One mmuext op. The baseptr stays ours: NEW_BASEPTR only names our own
 * L4 or a frame it cannot be. CLEAR_PAGE and COPY_PAGE write only frames
 * we do not use. */
static void rand_mmuext(struct mmuext_op *op)
{
	void *buf;

	op->cmd = (unsigned int)PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
				     16, 17, 18, 19, 20, 21, edge());
	op->arg1.mfn = rand_mfn(USE_ANY);
	op->arg2.src_mfn = rand_mfn(USE_ANY);
	switch (op->cmd) {
	case MMUEXT_NEW_BASEPTR:
		/* A frame of the witness only while it lives: after, it may be
		 * ours (populate_physmap) and would make a fine empty L4. */
		op->arg1.mfn = PICK(l4_mfn, 0, max_mfn + 1, ~0UL,
				    nr_foreign_frames ? foreign_frames[rn(nr_foreign_frames)] : 0);
		if (op->arg1.mfn != l4_mfn && !is_foreign(op->arg1.mfn))
			op->arg1.mfn = max_mfn + 1;
		break;
	case MMUEXT_CLEAR_PAGE:
	case MMUEXT_COPY_PAGE:
		op->arg1.mfn = rand_mfn(USE_WRITE);
		break;
	case MMUEXT_INVLPG_LOCAL:
	case MMUEXT_INVLPG_ALL:
	case MMUEXT_INVLPG_MULTI:
		op->arg1.linear_addr = guest_va();
		/* fall through */
	case MMUEXT_TLB_FLUSH_MULTI:
		op->arg2.vcpumask.p = (void *)ptr_arg(&buf);
		break;
	case MMUEXT_SET_LDT:
		op->arg1.linear_addr = chance(50) ? SCRATCH_VA + rn(SCRATCH_L1S * 512) * PAGE :
				       guest_va();
		op->arg2.nr_ents = (unsigned int)PICK(0, 1, 8192, 8193, 512, rn(8192), edge());
		break;
	}
}

static void gen_mmuext_op(struct call *c, bool in_batch)
{
	bool long_in_batch = in_batch && !long_list_used && chance(10);
	unsigned int n = long_in_batch || (!in_batch && chance(3)) ? 300 : in_batch ? 1 : rn(9);
	struct mmuext_op *op = long_in_batch ? list_arg(GUARD_D, sizeof(*op), n) :
			       in_batch ? pool() : list_arg(GUARD_A, sizeof(*op), n);

	long_list_used |= long_in_batch;
	for (unsigned int i = 0; i < n && fits(op + i, sizeof(*op)); i++) {
		if (n > 64)
			op[i] = (struct mmuext_op){ .cmd = PICK(MMUEXT_TLB_FLUSH_LOCAL,
								MMUEXT_INVLPG_LOCAL) };
		else
			rand_mmuext(&op[i]);
	}
	c->a[0] = chance(95) ? (long)op : (long)bad_pointer();
	c->a[1] = long_in_batch ? n : in_batch ? 1 : rand_count(n);
	c->a[2] = rand_pdone();
	c->a[3] = rand_foreigndom();
}

/* ---- memory_op ---- */
static void gen_memory_op(struct call *c, bool in_batch)
{
	void *buf;
	unsigned int op = (unsigned int)PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
					     15, 16, 17, 21, 22, 23, 24, 25, 26, 27, 28,
					     rn(64), XENMEM_decrease_reservation,
					     XENMEM_populate_physmap);

	/* A start extent in cmd (as a continuation has): populate writes each
	 * MFN back at extent_start + 8 * index, so an index that jumps past
	 * the guard page would land in our own memory. Only starts inside
	 * the list, into its guard page, or far beyond everything of ours. */
	c->a[0] = op | (chance(10) ? PICK(1, 2, 7, 8, 9, 256, 511, 1UL << 20, 1UL << 40,
					  ~0UL >> 6) << 6 : 0);
	c->a[1] = ptr_arg(&buf);
	switch (op) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap: {
		struct xen_memory_reservation *r = buf;
		unsigned int n = 1 + rn(8);
		uint64_t *ext = list_arg(GUARD_B, 8, n);

		for (unsigned int i = 0; i < n && fits(ext + i, 8); i++)
			ext[i] = op == XENMEM_decrease_reservation ? rand_mfn(USE_ANY) :
				 PICK(rn(start_info->nr_pages), rn(1 << 20), edge());
		set_xen_guest_handle(r->extent_start, chance(90) ? ext : (void *)bad_pointer());
		r->nr_extents = rand_count(n);
		r->extent_order = (unsigned int)PICK(0, 0, 0, 1, 9, 10, 31, edge());
		r->mem_flags = (unsigned int)PICK(0, edge());
		r->domid = chance(80) ? DOMID_SELF : rand_domid();
		break;
	}
	case XENMEM_memory_map: {
		struct xen_memory_map *m = buf;

		m->nr_entries = (unsigned int)PICK(0, 1, 2, edge());
		set_xen_guest_handle(m->buffer, (void *)ptr_arg(&buf));
		break;
	}
	case XENMEM_machphys_mfn_list: {
		struct xen_machphys_mfn_list *l = buf;
		unsigned int n = 1 + rn(4);

		l->max_extents = (unsigned int)PICK(0, 1, n, edge());
		set_xen_guest_handle(l->extent_start, list_arg(GUARD_B, 8, n));
		break;
	}
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENMEM_maximum_gpfn:
		*(domid_t *)buf = rand_domid();
		break;
	}
}

/* ---- multicall: a batch of calls from the generator, minus what must
 * not be batched by us (see gen_for) ---- */
static void gen_call(struct call *c, long nr, bool in_batch);

static void gen_multicall(struct call *c, bool in_batch)
{
	long_list_used = false;
	unsigned int n = chance(3) ? 70 : rn(9);
	struct multicall_entry *e = list_arg(GUARD_A, sizeof(*e), n);

	/* A zero entry is set_trap_table(NULL): every entry up to the guard
	 * that we do not generate asks for the version instead. */
	for (unsigned int i = n; fits(e + i, sizeof(*e)); i++)
		e[i] = (struct multicall_entry){ __HYPERVISOR_xen_version, 0, { XENVER_version } };
	for (unsigned int i = 0; i < n && fits(e + i, sizeof(*e)); i++) {
		struct call sub = { 0 };

		if (n > 64) {
			e[i] = (struct multicall_entry){ __HYPERVISOR_xen_version, 0,
							 { XENVER_version } };
			continue;
		}
		gen_call(&sub, PICK(rn(64), rn(64), __HYPERVISOR_xen_version,
				    __HYPERVISOR_mmu_update, __HYPERVISOR_mmuext_op,
				    __HYPERVISOR_update_va_mapping, __HYPERVISOR_sched_op,
				    __HYPERVISOR_event_channel_op, __HYPERVISOR_vcpu_op,
				    __HYPERVISOR_memory_op, __HYPERVISOR_grant_table_op,
				    __HYPERVISOR_multicall, __HYPERVISOR_iret), true);
		e[i].op = sub.nr;
		e[i].result = rnd();
		for (unsigned int j = 0; j < 5; j++)
			e[i].args[j] = sub.a[j];
		e[i].args[5] = edge();
		c->flags |= sub.flags & CALL_BLOCKS;
		multicall_entries++;
	}
	/* A batch that blocks (after it has run, or when it is preempted)
	 * must not also stop the timer that wakes us, or close its port, and
	 * may block only once: one timer wakes one block. */
	for (unsigned int i = 0, blocks = 0; (c->flags & CALL_BLOCKS) && i < n &&
	     fits(e + i, sizeof(*e)); i++) {
		bool block = e[i].op == __HYPERVISOR_sched_op && e[i].args[0] == SCHEDOP_block;

		if (e[i].op == __HYPERVISOR_vcpu_op || e[i].op == __HYPERVISOR_set_timer_op ||
		    e[i].op == __HYPERVISOR_event_channel_op || (block && blocks++))
			e[i] = (struct multicall_entry){ __HYPERVISOR_xen_version, 0, { XENVER_version } };
	}
	c->a[0] = chance(95) ? (long)e : (long)bad_pointer();
	c->a[1] = rand_count(n);
	for (unsigned int i = 0; trace && i < n && fits(e + i, sizeof(*e)); i++)
		guest_printf("fuzz:   entry %u: %lu(0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx)\n", i,
			     (unsigned long)e[i].op, (unsigned long)e[i].args[0],
			     (unsigned long)e[i].args[1], (unsigned long)e[i].args[2],
			     (unsigned long)e[i].args[3], (unsigned long)e[i].args[4]);
}

/* ---- time, scheduling, vCPUs ---- */
static uint64_t now_ns(void)
{
	volatile struct vcpu_time_info *t = &vcpu_info_now->time;
	uint64_t ns, delta;
	uint32_t version, lo, hi;

	for (unsigned int tries = 0;; tries++) {
		version = t->version;
		asm volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
		delta = ((uint64_t)hi << 32 | lo) - t->tsc_timestamp;
		delta = t->tsc_shift < 0 ? delta >> -t->tsc_shift : delta << t->tsc_shift;
		ns = t->system_time + (uint64_t)(((unsigned __int128)delta *
						  t->tsc_to_system_mul) >> 32);
		asm volatile("" : : : "memory");
		if ((!(version & 1) && version == t->version) || tries > 1000)
			return ns;
	}
}

static void gen_set_timer_op(struct call *c, bool in_batch)
{
	uint64_t now = now_ns();

	c->a[0] = PICK(0, 1, now, now + 1000000, now - 1, now + rn(5000000), edge());
}

static void gen_sched_op(struct call *c, bool in_batch)
{
	void *buf;
	uint32_t *w;

	c->a[0] = PICK(SCHEDOP_yield, SCHEDOP_block, SCHEDOP_shutdown, SCHEDOP_poll,
		       SCHEDOP_remote_shutdown, SCHEDOP_shutdown_code, SCHEDOP_pin_override,
		       8, 9, 100, edge());
	if (c->a[0] == SCHEDOP_watchdog)
		c->a[0] = SCHEDOP_yield;	/* a watchdog would end us later */
	c->a[1] = ptr_arg(&buf);
	/* What shutdown and poll read must be what we wrote (a reason that
	 * leaves us running, a timeout), or nothing readable at all. */
	if ((c->a[0] == SCHEDOP_poll || c->a[0] == SCHEDOP_shutdown) &&
	    buf != pool_mem[(pool_next - 1) % ARRAY_SIZE(pool_mem)])
		c->a[1] = PICK(0, 0x1000, GUARD_A, 0xffff830000200000UL);
	w = buf;
	switch (c->a[0]) {
	case SCHEDOP_block:
		c->flags |= CALL_BLOCKS;
		break;
	case SCHEDOP_shutdown:
		/* Only reasons that leave us running: suspend and soft_reset
		 * need a toolstack, the rest are not reasons at all. */
		w[0] = (uint32_t)PICK(SHUTDOWN_suspend, SHUTDOWN_soft_reset, 6, 7, 255, 0x80000000,
				      0xffffffff);
		break;
	case SCHEDOP_remote_shutdown: {
		struct sched_remote_shutdown *r = buf;

		r->domain_id = rand_domid();
		r->reason = (unsigned int)PICK(0, 1, 2, 3, 4, 5, edge());
		break;
	}
	case SCHEDOP_poll: {
		struct sched_poll *p = buf;
		evtchn_port_t *ports = (evtchn_port_t *)pool();

		for (unsigned int i = 0; i < 16; i++)
			ports[i] = (evtchn_port_t)PICK(timer_port, 0, 1, 2, 3, 1023, 1024, 4096,
						       edge());
		set_xen_guest_handle(p->ports, chance(80) ? ports : (void *)bad_pointer());
		p->nr_ports = (unsigned int)PICK(0, 1, 2, 16, 128, 129, edge());
		if (p->nr_ports > 16 && p->nr_ports <= 128)
			p->nr_ports = 16;
		p->timeout = now_ns() + PICK(0, 100000, 1000000, 2000000) - PICK(0, 0, 5000000);
		break;
	}
	}
}

static void gen_vcpu_op(struct call *c, bool in_batch)
{
	void *buf;

	c->a[0] = PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, edge());
	c->a[1] = chance(85) ? 0 : (long)PICK(1, 2, 31, 32, edge());
	if (c->a[0] == VCPUOP_down && c->a[1] == 0)
		c->a[1] = 1;	/* taking our only vCPU down would end us */
	c->a[2] = ptr_arg(&buf);
	switch (c->a[0]) {
	case VCPUOP_set_singleshot_timer: {
		struct vcpu_set_singleshot_timer *t = buf;

		t->timeout_abs_ns = now_ns() + PICK(0, 1000000, 50000000) - PICK(0, 0, 10000000);
		t->flags = (uint32_t)PICK(0, VCPU_SSHOTTMR_future, edge());
		break;
	}
	case VCPUOP_set_periodic_timer: {
		struct vcpu_set_periodic_timer *t = buf;

		t->period_ns = PICK(0, 1, 999999, 1000000, 10000000, edge());
		break;
	}
	case VCPUOP_register_vcpu_info: {
		/* Only our spare page may really take it: the hypervisor
		 * writes vcpu_info there from now on, and we read it there. */
		struct vcpu_register_vcpu_info *r = buf;

		/* The move marks every event pending in the new place, which
		 * our upcall would only see once we point at it. */
		c->flags |= CALL_MASKED;

		r->mfn = chance(50) ? mfn_of_va(vcpu_info_page) : rand_mfn(USE_ANY);
		r->offset = (uint32_t)PICK(0, 64, 4096 - 64, 4032, 4033, 4096, 3, edge());
		/* Any other frame (even one not ours now: populate_physmap may
		 * make it ours) gets a misaligned offset, which is refused. */
		if (r->mfn != mfn_of_va(vcpu_info_page) || in_batch)
			r->offset |= 1;
		break;
	}
	case VCPUOP_register_runstate_memory_area:
	case VCPUOP_register_vcpu_time_memory_area:
		/* Written at every switch: only our spare page, or addresses
		 * that cannot be written at all. */
		*(uint64_t *)buf = chance(50) ? (uint64_t)area_page + rn(PAGE - 64) :
				   PICK(0, bad_pointer() & 0xffff800000000000UL,
					0x0000800000000000UL, HV_START + rn(1UL << 30));
		break;
	}
}

/* ---- event channels ---- */
static evtchn_port_t rand_port(void)
{
	return (evtchn_port_t)PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, timer_port,
				   start_info->console.domU.evtchn, start_info->store_evtchn,
				   1023, 1024, 4095, 4096, edge());
}

static void gen_event_channel_op(struct call *c, bool in_batch)
{
	void *buf;
	uint32_t *w;

	c->a[0] = PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
		       EVTCHNOP_send, EVTCHNOP_alloc_unbound, EVTCHNOP_bind_interdomain, edge());
	c->a[1] = ptr_arg(&buf);
	w = buf;
	switch (c->a[0]) {
	case EVTCHNOP_alloc_unbound: {
		struct evtchn_alloc_unbound *a = buf;

		a->dom = chance(70) ? DOMID_SELF : rand_domid();
		a->remote_dom = rand_domid();
		break;
	}
	case EVTCHNOP_bind_interdomain: {
		struct evtchn_bind_interdomain *b = buf;

		b->remote_dom = chance(50) ? witness_id : chance(50) ? DOMID_SELF : rand_domid();
		b->remote_port = rand_port();
		break;
	}
	case EVTCHNOP_bind_virq:
		w[0] = (uint32_t)PICK(0, 1, 2, 3, 7, 8, 9, 23, 24, 31, edge());
		w[1] = (uint32_t)PICK(0, 0, 1, edge());
		break;
	case EVTCHNOP_status:
		w[0] = chance(70) ? DOMID_SELF : rand_domid();
		w[1] = rand_port();
		break;
	case EVTCHNOP_reset:
		w[0] = chance(70) ? DOMID_SELF : rand_domid();
		break;
	default:
		w[0] = rand_port();
		w[1] = (uint32_t)PICK(0, 1, edge());
	}
}

/* ---- grant tables ---- */
static void rand_copy_ptr(struct gnttab_copy_ptr *p, bool gref, bool dest)
{
	p->domid = chance(60) ? (gref ? witness_id : DOMID_SELF) : rand_domid();
	p->offset = (uint16_t)PICK(0, 8, 4095, 4096, rn(4096), edge());
	if (gref)
		p->u.ref = (grant_ref_t)PICK(0, 1, 8, 9, 10, 2047, 2048, edge());
	else
		p->u.gmfn = rand_mfn(dest ? USE_WRITE : USE_ANY);
}

static void rand_grant_op(unsigned int cmd, void *item)
{
	switch (cmd) {
	case GNTTABOP_map_grant_ref: {
		struct gnttab_map_grant_ref *m = item;

		m->host_addr = chance(70) ? SCRATCH_VA + rn(SCRATCH_L1S * 512) * PAGE :
			       bad_pointer();
		if (m->host_addr - (uint64_t)guarded_area < sizeof(guarded_area))
			m->host_addr = 0x1000;	/* the guards stay unmapped */
		m->flags = (uint32_t)PICK(GNTMAP_host_map, GNTMAP_host_map | GNTMAP_readonly,
					  GNTMAP_host_map | GNTMAP_readonly,
					  GNTMAP_host_map | GNTMAP_readonly,
					  GNTMAP_device_map, GNTMAP_host_map | GNTMAP_contains_pte,
					  GNTMAP_host_map | (7u << _GNTMAP_guest_avail0), edge());
		m->ref = (grant_ref_t)PICK(0, 1, 8, 9, 10, 11, 12, 13, 14, 15, 2047, 2048, edge());
		m->dom = chance(70) ? witness_id : rand_domid();
		break;
	}
	case GNTTABOP_unmap_grant_ref: {
		struct gnttab_unmap_grant_ref *u = item;

		u->host_addr = PICK(0, SCRATCH_VA + rn(SCRATCH_L1S * 512) * PAGE, bad_pointer());
		u->dev_bus_addr = edge();
		u->handle = (grant_handle_t)PICK(0, 1, 2, 127, 128, edge());
		break;
	}
	case GNTTABOP_copy: {
		struct gnttab_copy *g = item;

		g->flags = (uint16_t)PICK(0, GNTCOPY_source_gref, GNTCOPY_dest_gref,
					  GNTCOPY_source_gref | GNTCOPY_dest_gref, edge());
		rand_copy_ptr(&g->source, g->flags & GNTCOPY_source_gref, false);
		rand_copy_ptr(&g->dest, g->flags & GNTCOPY_dest_gref, true);
		g->len = (uint16_t)PICK(0, 1, 8, 4096, 4097, rn(4096), edge());
		break;
	}
	}
}

static void gen_grant_table_op(struct call *c, bool in_batch)
{
	unsigned int cmd = (unsigned int)PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
					      GNTTABOP_map_grant_ref, GNTTABOP_copy, edge());
	unsigned int n = in_batch ? 1 : rn(5);
	void *buf;

	c->a[0] = cmd;
	c->a[2] = chance(70) ? 1 : rand_count(n);
	c->a[1] = ptr_arg(&buf);
	switch (cmd) {
	case GNTTABOP_map_grant_ref:
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_copy: {
		size_t size = cmd == GNTTABOP_copy ? sizeof(struct gnttab_copy) :
			      sizeof(struct gnttab_map_grant_ref);
		uint8_t *items = in_batch ? pool() : list_arg(GUARD_A, size, n);

		for (unsigned int i = 0; i < n && fits(items + i * size, size); i++)
			rand_grant_op(cmd, items + i * size);
		if (in_batch)
			rand_grant_op(cmd, items);
		c->a[1] = chance(95) ? (long)items : (long)bad_pointer();
		c->a[2] = in_batch ? 1 : rand_count(n);
		break;
	}
	case GNTTABOP_setup_table: {
		struct gnttab_setup_table *s = buf;

		s->dom = chance(70) ? DOMID_SELF : rand_domid();
		s->nr_frames = (uint32_t)PICK(0, 1, 4, 5, edge());
		set_xen_guest_handle(s->frame_list, list_arg(GUARD_B, 8, 4));
		break;
	}
	default:
		*(domid_t *)buf = rand_domid();
	}
}

/* ---- the rest ---- */
static void gen_xen_version(struct call *c, bool in_batch)
{
	void *buf;

	c->a[0] = PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, edge());
	c->a[1] = ptr_arg(&buf);
	if (c->a[0] == XENVER_get_features)
		*(uint32_t *)buf = (uint32_t)PICK(0, 0, 1, 2, edge());	/* submap_idx */
}

static void gen_console_io(struct call *c, bool in_batch)
{
	c->a[0] = PICK(CONSOLEIO_write, CONSOLEIO_read, 2, edge());
	if (c->a[0] == CONSOLEIO_write && chance(30)) {
		c->a[1] = rn(sizeof(safe_text));
		c->a[2] = (long)safe_text;
		return;
	}
	/* Otherwise only buffers that cannot be read: whatever our memory
	 * holds (copies of our own strings among it) must not reach the log. */
	c->a[1] = edge();
	c->a[2] = PICK(0, 0x1000, GUARD_A, GUARD_B - 1, 0xffff828000208000UL,
		       0xffff830000200000UL, 0x0000800000000000UL, 0xfffffffffffffff0UL,
		       HV_START + (rnd() & 0x7fffffffff8UL));
}

static void gen_vm_assist(struct call *c, bool in_batch)
{
	c->a[0] = PICK(VMASST_CMD_enable, VMASST_CMD_disable, VMASST_CMD_enable, 2, edge());
	c->a[1] = PICK(0, 1, 2, 3, 4, 5, 6, 7, 8, 31, 32, 63, 64, edge(),
		       VMASST_TYPE_writable_pagetables);
}

static void gen_set_segment_base(struct call *c, bool in_batch)
{
	c->a[0] = PICK(SEGBASE_FS, SEGBASE_GS_USER, SEGBASE_GS_KERNEL, SEGBASE_GS_USER_SEL,
		       4, edge());
	c->a[1] = c->a[0] == SEGBASE_GS_USER_SEL ?
		  (long)PICK(0, 3, 0xe02b, 0xe033, 0xe023, 0xe008, 0x2b, 0x1b, 7, 15,
			     rnd() & 0xffff) : (long)PICK(0, edge(), guest_va());
}

static void gen_physdev_op(struct call *c, bool in_batch)
{
	void *buf;

	c->a[0] = PICK(PHYSDEVOP_set_iopl, PHYSDEVOP_set_iopl, 0, 1, 2, 3, 4, 5, 6, 7, 8, 13,
		       20, 30, edge());
	c->a[1] = ptr_arg(&buf);
	if (c->a[0] == PHYSDEVOP_set_iopl)
		*(uint32_t *)buf = (uint32_t)PICK(0, 1, 2, 3, 4, edge());
}

/* Anything else, including the numbers nothing implements: random
 * sub-ops, random arguments, pointers that are pool buffers or bad. */
static void gen_random(struct call *c, bool in_batch)
{
	void *buf;

	for (unsigned int i = 0; i < 5; i++)
		c->a[i] = chance(40) ? (long)ptr_arg(&buf) : (long)edge();
	/* The compat sched_op takes SCHEDOP_shutdown's reason directly. */
	if (c->nr == __HYPERVISOR_sched_op_compat && c->a[0] == SCHEDOP_shutdown)
		c->a[0] = SCHEDOP_yield;
}

static gen_fn gen_for(long nr, bool in_batch)
{
	switch (nr) {
	case __HYPERVISOR_set_trap_table: return in_batch ? gen_random : gen_set_trap_table;
	case __HYPERVISOR_mmu_update: return gen_mmu_update;
	case __HYPERVISOR_set_gdt: return gen_set_gdt;
	case __HYPERVISOR_stack_switch: return gen_stack_switch;
	case __HYPERVISOR_set_callbacks: return in_batch ? gen_random : gen_set_callbacks;
	case __HYPERVISOR_fpu_taskswitch: return gen_fpu_taskswitch;
	case __HYPERVISOR_set_debugreg: return gen_set_debugreg;
	case __HYPERVISOR_get_debugreg: return gen_get_debugreg;
	case __HYPERVISOR_update_descriptor: return gen_update_descriptor;
	case __HYPERVISOR_memory_op: return gen_memory_op;
	case __HYPERVISOR_multicall: return in_batch ? gen_random : gen_multicall;
	case __HYPERVISOR_update_va_mapping: return gen_update_va_mapping;
	case __HYPERVISOR_set_timer_op: return gen_set_timer_op;
	case __HYPERVISOR_xen_version: return gen_xen_version;
	case __HYPERVISOR_console_io: return gen_console_io;
	case __HYPERVISOR_grant_table_op: return gen_grant_table_op;
	case __HYPERVISOR_vm_assist: return gen_vm_assist;
	case __HYPERVISOR_update_va_mapping_otherdomain: return gen_update_va_mapping_otherdomain;
	case __HYPERVISOR_vcpu_op: return gen_vcpu_op;
	case __HYPERVISOR_set_segment_base: return gen_set_segment_base;
	case __HYPERVISOR_mmuext_op: return gen_mmuext_op;
	case __HYPERVISOR_sched_op: return gen_sched_op;
	case __HYPERVISOR_callback_op: return in_batch ? gen_random : gen_callback_op;
	case __HYPERVISOR_event_channel_op: return gen_event_channel_op;
	case __HYPERVISOR_physdev_op: return gen_physdev_op;
	default: return gen_random;
	}
}

static void gen_call(struct call *c, long nr, bool in_batch)
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

/* ---- making the calls ---- */

/* Before anything that may sleep: VIRQ_TIMER bound (the fuzzer may have
 * closed it) and a timer due soon, so block always returns. */
static void arm_wakeup(void)
{
	struct evtchn_bind_virq bind = { VIRQ_TIMER, 0, 0 };
	struct vcpu_set_singleshot_timer t = { now_ns() + 1000000, 0 };
	struct evtchn_reset reset = { DOMID_SELF };
	long rc = evtchn_op(EVTCHNOP_bind_virq, &bind);

	if (rc == -XEN_ENOSPC) {	/* the fuzzer used every port */
		evtchn_op(EVTCHNOP_reset, &reset);
		rc = evtchn_op(EVTCHNOP_bind_virq, &bind);
	}
	if (rc == 0)
		timer_port = bind.port;
	hypercall5(__HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0, (long)&t, 0, 0);
}

static void count_result(long nr, long rc)
{
	struct hc_stats *s = &stats[nr < 64 ? nr : 63];

	s->calls++;
	if (rc >= 0) {
		s->ok++;
	} else if (-rc < (long)ARRAY_SIZE(errno_count)) {
		errno_count[-rc]++;
	} else {
		errno_other++;
	}
}

/* A hypercall that must have failed. */
static void wrongly_succeeded(const struct call *c, long rc, const char *why)
{
	guest_fail("call %ld(0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx) returned %ld: %s",
		   c->nr, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4], rc, why);
	print_last_calls(4);
}

static bool foreign_dom(uint64_t dom)
{
	domid_t d = (domid_t)dom;

	return d != DOMID_SELF && d != self_id;
}

/* The witness grants us pages read-only (refs 8..15) and nothing else:
 * no writable mapping of its, no copy into its pages, may succeed. */
static void check_grant_results(const struct call *c)
{
	const uint8_t *items = (const void *)c->a[1];
	size_t size = c->a[0] == GNTTABOP_copy ? sizeof(struct gnttab_copy) :
		      sizeof(struct gnttab_map_grant_ref);
	uint32_t n = MIN((uint32_t)c->a[2], 8u);	/* at most 8 were written */

	if ((c->a[0] != GNTTABOP_map_grant_ref && c->a[0] != GNTTABOP_copy) ||
	    (uint64_t)items < (uint64_t)guarded_area)
		return;
	for (uint32_t i = 0; i < n && fits(items + i * size, size); i++) {
		if (c->a[0] == GNTTABOP_map_grant_ref) {
			const struct gnttab_map_grant_ref *m = (const void *)(items + i * size);

			if (m->status == GNTST_okay && m->dom == witness_id) {
				grant_maps++;
				if (!(m->flags & GNTMAP_readonly))
					wrongly_succeeded(c, 0, "mapped a read-only grant writable");
			}
		} else {
			const struct gnttab_copy *g = (const void *)(items + i * size);

			if (g->status != GNTST_okay)
				continue;
			if ((g->flags & GNTCOPY_dest_gref) && g->dest.domid == witness_id)
				wrongly_succeeded(c, 0, "copied into a read-only grant");
			if ((!(g->flags & GNTCOPY_dest_gref) && is_foreign(g->dest.u.gmfn)) ||
			    (!(g->flags & GNTCOPY_source_gref) && is_foreign(g->source.u.gmfn)))
				wrongly_succeeded(c, 0, "copied another domain's frame without a grant");
			if (g->flags & GNTCOPY_source_gref && g->source.domid == witness_id)
				grant_copies++;
		}
	}
}

/* The rules every result must keep, whatever the arguments. */
static void check_result(const struct call *c, long rc)
{
	const struct mmu_update *u = (const void *)c->a[0];
	const struct mmuext_op *op = (const void *)c->a[0];
	bool one = (uint32_t)c->a[1] == 1 && (uint64_t)c->a[0] + 16 <= GUARD_A &&
		   (uint64_t)c->a[0] >= (uint64_t)guarded_area;

	if (rc < 0)
		return;
	switch (c->nr) {
	case __HYPERVISOR_update_va_mapping:
		if ((c->a[1] & PTE_P) && is_foreign((c->a[1] & PTE_ADDR) >> 12))
			wrongly_succeeded(c, rc, "mapped another domain's frame");
		break;
	case __HYPERVISOR_mmu_update:
		if ((uint32_t)c->a[1] && !(c->a[1] & 0x80000000) && foreign_dom(c->a[3]))
			wrongly_succeeded(c, rc, "acted for another domain");
		if (one && is_foreign(u->ptr >> 12))
			wrongly_succeeded(c, rc, "wrote into another domain's frame");
		if (one && (u->ptr & 3) == MMU_NORMAL_PT_UPDATE && boot_table_of(u->ptr >> 12) &&
		    (u->val & PTE_P) && is_foreign((u->val & PTE_ADDR) >> 12))
			wrongly_succeeded(c, rc, "linked another domain's frame into our tables");
		break;
	case __HYPERVISOR_mmuext_op:
		if ((uint32_t)c->a[1] && !(c->a[1] & 0x80000000) && foreign_dom(c->a[3]))
			wrongly_succeeded(c, rc, "acted for another domain");
		if (one && op->cmd != MMUEXT_SET_LDT && op->cmd != MMUEXT_INVLPG_LOCAL &&
		    op->cmd != MMUEXT_INVLPG_ALL && op->cmd != MMUEXT_INVLPG_MULTI &&
		    op->cmd <= MMUEXT_UNMARK_SUPER && op->cmd != MMUEXT_TLB_FLUSH_LOCAL &&
		    op->cmd != MMUEXT_TLB_FLUSH_MULTI && op->cmd != MMUEXT_TLB_FLUSH_ALL &&
		    is_foreign(op->arg1.mfn))
			wrongly_succeeded(c, rc, "used another domain's frame");
		break;
	case __HYPERVISOR_update_descriptor:
		if (is_foreign((uint64_t)c->a[0] >> 12))
			wrongly_succeeded(c, rc, "wrote another domain's descriptor page");
		break;
	case __HYPERVISOR_grant_table_op:
		check_grant_results(c);
		break;
	}
}

/* After the call: what the fuzzer itself must learn or put back. */
static void after_call(const struct call *c, long rc)
{
	if (c->flags & CALL_RESTORE)
		install_handlers();
	if (c->nr == __HYPERVISOR_vcpu_op && c->a[0] == VCPUOP_register_vcpu_info && rc == 0) {
		const struct vcpu_register_vcpu_info *r = (const void *)c->a[2];

		vcpu_info_now = (volatile struct vcpu_info *)(vcpu_info_page + r->offset);
		guest_vcpu_info = vcpu_info_now;
		guest_printf("fuzz: vcpu_info moved to our page, offset %u\n", r->offset);
	}
	if (c->nr == __HYPERVISOR_stack_switch || c->nr == __HYPERVISOR_multicall)
		install_handlers();
}

#define SLOW_CALL_NS 500000000UL

static long issue(struct call *c)
{
	struct logged_call *l;
	uint64_t start, took;
	long rc;

	/* Masked first, as a kernel blocks: the timer may fire before the
	 * block, and its event must still be pending then (block unmasks and
	 * tests for it at once), not consumed by our upcall. */
	if (c->flags & CALL_BLOCKS)
		c->flags |= CALL_MASKED;
	if (c->flags & CALL_MASKED)
		vcpu_info_now->evtchn_upcall_mask = 1;
	if (c->flags & CALL_BLOCKS)
		arm_wakeup();
	l = log_call(c->nr, c->a);
	start = now_ns();
	if (c->flags & CALL_VIA_PAGE)
		rc = hypercall_via_page(c->nr, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4]);
	else
		rc = hypercall_syscall(c->nr, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4]);
	l->rc = rc;
	l->done = true;
	took = now_ns() - start;
	if (trace)
		guest_printf("fuzz: #%lu   = %ld\n", (unsigned long)now_iter, rc);
	if (took > SLOW_CALL_NS)	/* the hypervisor held the CPU, or we slept */
		guest_printf("\nfuzz: #%lu call %ld(0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx) took %lu ms\n",
			     (unsigned long)now_iter, c->nr, c->a[0], c->a[1], c->a[2], c->a[3],
			     c->a[4], (unsigned long)(took / 1000000));
	after_call(c, rc);
	if (c->flags & CALL_MASKED)
		vcpu_info_now->evtchn_upcall_mask = 0;
	count_result(c->nr, rc);
	check_result(c, rc);
	return rc;
}

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
	print_last_calls(8);
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
static void op_ptwr_store(void)
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
	s.val = rand_pte();
	s.old = chance(50) ? rand_pte() : 0;
	a[0] = (long)s.addr;
	a[1] = (long)s.val;
	a[2] = (long)s.old;
	a[3] = (long)(s.fn == stores[0] ? 0 : 1);
	a[4] = 0;
	l = log_call(64, a);
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

static void op_insn(void)
{
	struct try_insn t = { insns[rn(ARRAY_SIZE(insns))], edge(), edge() };
	long a[5] = { 0 }, rc;
	struct logged_call *l;

	if (t.fn == fuzz_insn_rdmsr)
		t.a = PICK(0x10, 0x1b, 0xc0000080, 0xc0000100, 0xc0000101, 0xc0000102,
			   0x40000000, 0x277, 0x8b, rnd() & 0xffffffff);
	if (t.fn == fuzz_insn_wrmsr) {	/* the hypercall page MSR writes a frame */
		t.a = PICK(0x40000000, 0x40000000, 0xc0000100, 0xc0000101, 0xc0000102, 0xc0000080,
			   0x277, 0x10, rnd() & 0xffffffff);
		t.b = t.a == 0x40000000 ? rand_mfn(USE_WRITE) << 12 | (chance(80) ? 0 : rn(4096)) :
		      PICK(0, edge(), (uint64_t)fuzz_landing_ud2, 0x0000800000000000UL);
	}
	if (t.fn == fuzz_insn_loadds || t.fn == fuzz_insn_loades)
		t.a = PICK(0, 3, 0xe02b, 0xe033, 0xe023, 0xe008, 0x2b, 0x1b, 7, 15,
			   rnd() & 0xffff);
	a[1] = (long)t.a;
	a[2] = (long)t.b;
	for (unsigned int i = 0; i < ARRAY_SIZE(insns); i++)
		if (insns[i] == t.fn)
			a[0] = i;
	l = log_call(65, a);
	if (t.fn == fuzz_insn_hlt) {	/* emulated: sleeps, so a timer first */
		vcpu_info_now->evtchn_upcall_mask = 1;
		arm_wakeup();
	}
	rc = fuzz_try(do_insn, &t);
	vcpu_info_now->evtchn_upcall_mask = 0;
	log_other(l, 1, rc);
}

/* A second L4: a spare frame cleared, given our L4's entries, made the
 * base pointer for a few calls, then ours again. The copy shares every
 * lower table with ours, so our code and stacks stay mapped throughout. */
static void op_baseptr_scenario(void)
{
	uint64_t copy = free_frames[rn(nr_free_frames)];
	struct mmuext_op op = { .cmd = MMUEXT_CLEAR_PAGE };
	const struct boot_table *l4 = &boot_tables[0];
	long a[5] = { (long)copy, 0, 0, 0, 0 }, rc;
	struct logged_call *l = log_call(69, a);
	bool ok = true;

	stats[64 + 5].calls++;
	op.arg1.mfn = copy;
	if (HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF))
		goto out;
	for (unsigned int i = 0; i < 512 && ok; i++)
		if ((l4->va[i] & 1) && !(i >= 256 && i <= 271))
			ok = mmu_write(copy, i, l4->va[i]) == 0;
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
	HYPERVISOR_update_va_mapping(SCRATCH_VA + (16 + rn(32)) * PAGE, rand_pte(), UVMF_INVLPG);
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

static long do_read(void *p)
{
	return *(volatile uint64_t *)p ? 0 : 0;
}

/* Whether the page at host holds the witness's pattern (witness/main.c:
 * word i is (pfn << 32 | i) ^ 0x5a5aa5a5c3c33c3c), read under fuzz_try. */
struct page_probe {
	uint64_t host;
	bool match;
};

static long do_check_witness_page(void *p)
{
	struct page_probe *pr = p;
	const volatile uint64_t *w = (const volatile uint64_t *)pr->host;

	pr->match = true;
	for (unsigned int i = 0; i < 8; i++)
		if (((w[i] ^ 0x5a5aa5a5c3c33c3cUL) & 0xffffffffUL) != i)
			pr->match = false;
	return 0;
}

static bool witness_page_at(uint64_t host)
{
	struct page_probe pr = { host, false };

	return fuzz_try(do_check_witness_page, &pr) == 0 && pr.match;
}

static long do_write(void *p)
{
	*(volatile uint64_t *)p = 0x5ca1ab1e;
	return 0;
}

static long grant_op(unsigned int cmd, void *op)
{
	return hypercall5(__HYPERVISOR_grant_table_op, cmd, (long)op, 1, 0, 0);
}

/* A read-only grant of the witness mapped in the scratch area, then
 * taken down one of the ways a kernel may (or may not) do it: unmap,
 * overwrite the PTE, or unlink its L1 and link it back, where the stale
 * PTE must keep the L1 from validating. Writing the page must fault. */
static void op_grant_scenario(void)
{
	unsigned int k = (unsigned int)rn(SCRATCH_L1S), slot = 64 + (unsigned int)rn(448);
	uint64_t host = SCRATCH_VA + k * (512 * PAGE) + slot * PAGE, l1 = scratch_tables[2 + k];
	struct gnttab_map_grant_ref map = {
		.host_addr = host, .flags = GNTMAP_host_map | GNTMAP_readonly,
		.ref = (grant_ref_t)(8 + rn(8)), .dom = witness_id };
	struct gnttab_unmap_grant_ref unmap = { .host_addr = host };
	long a[5] = { (long)host, map.ref, 0, 0, 0 }, rc;
	struct logged_call *l = log_call(68, a);
	unsigned int how = (unsigned int)rn(5);
	struct mmuext_op flush = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };
	bool readable;

	stats[64 + 4].calls++;
	if (grant_op(GNTTABOP_map_grant_ref, &map) || map.status != GNTST_okay) {
		l->rc = map.status;
		l->done = true;
		return;
	}
	grant_maps++;
	stats[64 + 4].ok++;
	unmap.handle = map.handle;
	fuzz_try(do_read, (void *)host);
	if (fuzz_try(do_write, (void *)host) == 0)
		guest_fail("wrote a page the witness granted read-only, at 0x%lx",
			   (unsigned long)host);
	a[2] = how;
	switch (how) {
	case 0:
		grant_op(GNTTABOP_unmap_grant_ref, &unmap);
		if (unmap.status != GNTST_okay)
			guest_fail("unmapping a live grant mapping: status %d", unmap.status);
		break;
	case 1:
		mmu_write(l1, slot, 0);
		grant_op(GNTTABOP_unmap_grant_ref, &unmap);	/* the PTE went: an error */
		break;
	case 2:
		HYPERVISOR_update_va_mapping(host, rand_pte(), UVMF_INVLPG);
		grant_op(GNTTABOP_unmap_grant_ref, &unmap);
		break;
	case 3:	/* unlinked, relinked: the stale foreign PTE must be refused */
		if (mmu_write(scratch_tables[1], k, 0))
			break;
		rc = mmu_write(scratch_tables[1], k, l1 << 12 | 7);
		if (rc) {	/* refused: clear it as the plain page it is now */
			mmu_write(l1, slot, 0);
			mmu_write(scratch_tables[1], k, l1 << 12 | 7);
		}
		/* As on Xen, dropping entries leaves the TLB to the guest:
		 * flush before asking what is still mapped. */
		flush.cmd = MMUEXT_TLB_FLUSH_LOCAL;
		HYPERVISOR_mmuext_op(&flush, 1, NULL, DOMID_SELF);
		readable = fuzz_try(do_read, (void *)host) == 0;
		grant_op(GNTTABOP_unmap_grant_ref, &unmap);
		HYPERVISOR_mmuext_op(&flush, 1, NULL, DOMID_SELF);
		/* Still mapped, yet not by this grant mapping: the address may
		 * now go through another L1 holding an older mapping of ours
		 * (left there on purpose, perhaps at another address sharing
		 * that L1). Once every grant mapping we hold is gone, nothing
		 * may be mapped there any more. */
		if (readable && unmap.status != GNTST_okay && witness_page_at(host)) {
			for (unsigned int h = 0; h < 128; h++) {
				struct gnttab_unmap_grant_ref u = { .handle = (grant_handle_t)h };

				grant_op(GNTTABOP_unmap_grant_ref, &u);
			}
			HYPERVISOR_mmuext_op(&flush, 1, NULL, DOMID_SELF);
			readable = witness_page_at(host);
		} else {
			readable = false;	/* not the witness's page, or unmapped */
		}
		if (readable && unmap.status != GNTST_okay)
			guest_fail("the witness's frame stayed mapped at 0x%lx after its grant "
				   "mapping went (relink rc %ld, unmap status %d)",
				   (unsigned long)host, rc, unmap.status);
		mmu_write(l1, slot, 0);
		break;
	default:	/* left for the end of a domain to take down */
		break;
	}
	l->rc = how;
	l->done = true;
}

/* A random iret frame: landing on code that traps at once, or on an
 * address with nothing mapped; in kernel mode on a usable stack, in user
 * mode (with a user L4 we just set) on any stack. */
static void op_iret(void)
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
	f[0] = PICK(0, 0x1000, edge());			/* rax */
	f[1] = edge();					/* r11 */
	f[2] = edge();					/* rcx */
	f[3] = PICK(0, VGCF_in_syscall, edge());	/* flags */
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
	f[6] = PICK(0x202, 0x2, 0x246, 0x3202, 0x20202, 0x40202, 0x100, edge() & 0x3fffff);
	f[6] &= ~0x100UL;	/* TF would single-step the landing pad's own trap */
	f[7] = user ? PICK((uint64_t)iret_stack + rn(sizeof(iret_stack)), 0, edge()) :
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
	l = log_call(__HYPERVISOR_iret, a);
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

/* ---- setting up ---- */
static void classify_frames(void)
{
	const uint64_t *m2p = (const uint64_t *)MACH2PHYS_VIRT_START;
	struct xen_machphys_mapping mm;
	struct gnttab_setup_table gt = { .dom = DOMID_SELF, .nr_frames = 4 };

	if (HYPERVISOR_memory_op(XENMEM_machphys_mapping, &mm))
		guest_fail("machphys_mapping");
	max_mfn = mm.max_mfn;
	set_xen_guest_handle(gt.frame_list, grant_frames);
	if (hypercall5(__HYPERVISOR_grant_table_op, GNTTABOP_setup_table, (long)&gt, 1, 0, 0))
		guest_fail("setup_table");
	shared_info_mfn = start_info->shared_info >> 12;
	own_first = ~0UL;
	own_last = 0;
	for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++) {
		uint64_t mfn = own_mfn(pfn);

		if (mfn >= MAX_TRACKED_MFN)
			continue;
		frame_class[mfn] = F_FREE;	/* until the walk finds it mapped */
		pfn_of_mfn[mfn] = pfn;
		own_first = MIN(own_first, mfn);
		own_last = MAX(own_last, mfn);
	}
	if (shared_info_mfn < MAX_TRACKED_MFN)
		frame_class[shared_info_mfn] = F_SHARED;
	for (unsigned int i = 0; i < 4; i++)
		if (grant_frames[i] < MAX_TRACKED_MFN)
			frame_class[grant_frames[i]] = F_GRANT;
	for (uint64_t mfn = 0; mfn <= max_mfn && mfn < MAX_TRACKED_MFN; mfn++) {
		if (frame_class[mfn] != F_NONE)
			continue;
		if (m2p[mfn] != ~0UL && nr_foreign_frames < ARRAY_SIZE(foreign_frames)) {
			frame_class[mfn] = F_FOREIGN;
			foreign_frames[nr_foreign_frames++] = mfn;
		} else if (m2p[mfn] == ~0UL && nr_none_frames < ARRAY_SIZE(none_frames) &&
			   chance(5)) {
			none_frames[nr_none_frames++] = mfn;
		}
	}
}

/* Our bootstrap tables, from the L4 down, each read through the region's
 * own read-only mapping of it; every present entry is protected. */
static void walk_boot_tables(void)
{
	unsigned int next = 0;

	boot_tables[nr_boot_tables++] = (struct boot_table){
		.mfn = l4_mfn, .va = (uint64_t *)start_info->pt_base, .level = 4 };
	for (; next < nr_boot_tables; next++) {
		struct boot_table *t = &boot_tables[next];

		frame_class[t->mfn] = F_BOOT_TABLE;
		for (unsigned int i = 0; i < 512; i++) {
			uint64_t e = t->va[i], mfn = (e & PTE_ADDR) >> 12;

			if (!(e & PTE_P) || (t->level == 4 && i >= 256 && i <= 271))
				continue;
			t->present[i / 64] |= 1UL << (i % 64);
			if (mfn >= MAX_TRACKED_MFN || frame_class[mfn] == F_NONE)
				continue;
			if (t->level == 1) {
				if (frame_class[mfn] == F_FREE)
					frame_class[mfn] = F_BOOT;
			} else if (nr_boot_tables < ARRAY_SIZE(boot_tables)) {
				boot_tables[nr_boot_tables++] = (struct boot_table){
					.mfn = mfn, .va = va_of_pfn(pfn_of_mfn[mfn]),
					.level = t->level - 1 };
			}
		}
	}
	for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++) {
		uint64_t mfn = own_mfn(pfn);

		if (mfn < MAX_TRACKED_MFN && frame_class[mfn] == F_FREE &&
		    nr_free_frames < ARRAY_SIZE(free_frames))
			free_frames[nr_free_frames++] = mfn;
	}
}

static long mmu_write(uint64_t table_mfn, unsigned int idx, uint64_t val)
{
	struct mmu_update u = { table_mfn << 12 | idx * 8, val };

	return HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);
}

/* L4 slot 1: an L3, an L2 and SCRATCH_L1S L1s of frames we do not use,
 * the L1s mapped read-only at the start of the area (for ptwr stores),
 * and a few free frames writable after them. */
static void build_scratch(void)
{
	unsigned int n = ARRAY_SIZE(scratch_tables);

	if (nr_free_frames < n + 64) {
		guest_fail("too few spare frames (%u) for the scratch area", nr_free_frames);
		return;
	}
	for (unsigned int i = 0; i < n; i++)
		scratch_tables[i] = free_frames[--nr_free_frames];
	if (mmu_write(scratch_tables[1], 0, 0) ||	/* both known empty */
	    mmu_write(scratch_tables[0], 0, scratch_tables[1] << 12 | 7))
		guest_fail("cannot build the scratch L3");
	for (unsigned int i = 0; i < SCRATCH_L1S; i++)
		if (mmu_write(scratch_tables[1], i, scratch_tables[2 + i] << 12 | 7))
			guest_fail("cannot link scratch L1 %u", i);
	if (mmu_write(l4_mfn, SCRATCH_SLOT, scratch_tables[0] << 12 | 7))
		guest_fail("cannot link the scratch L3");
	for (unsigned int i = 0; i < SCRATCH_L1S; i++)
		if (HYPERVISOR_update_va_mapping(SCRATCH_VA + i * PAGE,
						 scratch_tables[2 + i] << 12 | 5, UVMF_INVLPG))
			guest_fail("cannot map scratch L1 %u", i);
	for (unsigned int i = 0; i < 32; i++)
		HYPERVISOR_update_va_mapping(SCRATCH_VA + (16 + i) * PAGE,
					     free_frames[i] << 12 | 7, UVMF_INVLPG);
}

static void setup(void)
{
	char value[32];

	seed = guest_arg_number("seed", seed);
	iterations = guest_arg_number("iter", iterations);
	progress_every = guest_arg_number("progress", progress_every);
	self_id = (domid_t)guest_arg_number("self", self_id);
	witness_id = (domid_t)guest_arg_number("witness", witness_id);
	trace = guest_arg("trace", value, sizeof(value)) || guest_arg("verbose", value, sizeof(value));
	prng_state = seed * 0x9e3779b97f4a7c15UL + 0x2545f4914f6cdd1dUL;
	if (!prng_state)
		prng_state = 1;

	l4_mfn = own_mfn((start_info->pt_base - VIRT_BASE) >> 12);
	classify_frames();
	walk_boot_tables();	/* before anything below changes an entry */
	events_map_shared_info();
	vcpu_info_now = guest_vcpu_info;
	install_handlers();
	arm_wakeup();
	HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables);
	if (HYPERVISOR_update_va_mapping(GUARD_A, 0, UVMF_INVLPG) ||
	    HYPERVISOR_update_va_mapping(GUARD_B, 0, UVMF_INVLPG) ||
	    HYPERVISOR_update_va_mapping(GUARD_C, 0, UVMF_INVLPG))
		guest_fail("cannot unmap the guard pages");
	build_scratch();
	vcpu_info_now->evtchn_upcall_mask = 0;
	guest_printf("fuzz: seed %lu, %lu iterations; %u bootstrap tables, %u spare "
		     "frames, %u of the witness (d%u) seen\n", (unsigned long)seed,
		     (unsigned long)iterations, nr_boot_tables, nr_free_frames,
		     nr_foreign_frames, witness_id);
}

/* The end of the run: undo everything that can hold a reference to a
 * spare frame (descriptor tables, the user L4, pins, grant mappings, every
 * entry we ever added to our tables), after which every spare frame must
 * be free of references and types, so decrease_reservation takes it. One
 * that is refused has a reference nothing holds any more: a leak. */
static void audit(void)
{
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT };
	struct gnttab_unmap_grant_ref unmap = { 0 };
	struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };
	uint64_t frames[1] = { 0 }, mfn;
	unsigned int released = 0, kept = 0;

	vcpu_info_now->evtchn_upcall_mask = 1;
	install_handlers();
	hypercall5(__HYPERVISOR_set_gdt, (long)frames, 0, 0, 0, 0);
	HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	op = (struct mmuext_op){ .cmd = MMUEXT_NEW_USER_BASEPTR };
	HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	for (unsigned int h = 0; h < 256; h++) {
		unmap.handle = (grant_handle_t)h;
		grant_op(GNTTABOP_unmap_grant_ref, &unmap);
	}
	for (unsigned int i = 0; i < nr_free_frames + ARRAY_SIZE(scratch_tables); i++) {
		op = (struct mmuext_op){ .cmd = MMUEXT_UNPIN_TABLE };
		op.arg1.mfn = i < nr_free_frames ? free_frames[i] :
			      scratch_tables[i - nr_free_frames];
		HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	}
	for (unsigned int t = 0; t < nr_boot_tables; t++)
		for (unsigned int i = 0; i < 512; i++)
			if (!is_protected(&boot_tables[t], i) && (boot_tables[t].va[i] & 1) &&
			    !(boot_tables[t].level == 4 && i >= 256 && i <= 271))
				mmu_write(boot_tables[t].mfn, i, 0);
	op = (struct mmuext_op){ .cmd = MMUEXT_TLB_FLUSH_LOCAL };
	HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	set_xen_guest_handle(r.extent_start, &mfn);
	for (unsigned int i = 0; i < nr_free_frames + ARRAY_SIZE(scratch_tables); i++) {
		mfn = i < nr_free_frames ? free_frames[i] : scratch_tables[i - nr_free_frames];
		if (HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r) == 1) {
			released++;
			continue;
		}
		/* Not ours any more (an earlier decrease_reservation) is fine. */
		if (((const uint64_t *)MACH2PHYS_VIRT_START)[mfn] == ~0UL)
			continue;
		if (kept++ < 8)
			guest_fail("spare frame 0x%lx is still referenced after the teardown",
				   (unsigned long)mfn);
	}
	vcpu_info_now->evtchn_upcall_mask = 0;
	guest_printf("fuzz: audit: %u spare frames released after the teardown, %u still "
		     "referenced\n", released, kept);
}

static void summary(void)
{
	uint64_t hypercalls = 0, others = 0;

	for (unsigned int i = 0; i < 64; i++)
		hypercalls += stats[i].calls;
	for (unsigned int i = 0; i < NR_OTHER_OPS; i++)
		others += stats[64 + i].calls;
	/* On a line of its own: partial console writes may precede it. */
	guest_printf("\nfuzz: summary: seed %lu, %lu iterations, %lu hypercalls, %lu other "
		     "operations, %lu multicall entries, %lu traps recovered, %lu #DB\n",
		     (unsigned long)seed, (unsigned long)now_iter, (unsigned long)hypercalls,
		     (unsigned long)others, (unsigned long)multicall_entries,
		     (unsigned long)traps_recovered, (unsigned long)db_traps);
	for (unsigned int i = 0; i < 64; i++)
		if (stats[i].calls)
			guest_printf("fuzz:   hypercall %2u: %6lu calls, %6lu >= 0\n", i,
				     (unsigned long)stats[i].calls, (unsigned long)stats[i].ok);
	for (unsigned int i = 0; i < NR_OTHER_OPS; i++)
		guest_printf("fuzz:   %s: %lu, %lu without a trap\n", other_op_name[i],
			     (unsigned long)stats[64 + i].calls, (unsigned long)stats[64 + i].ok);
	guest_printf("fuzz:   grants of the witness mapped: %lu, copied from: %lu\n",
		     (unsigned long)grant_maps, (unsigned long)grant_copies);
	for (unsigned int e = 1; e < ARRAY_SIZE(errno_count); e++) {
		const char *name = errno_name(e);

		if (errno_count[e] && name)
			guest_printf("fuzz:   -%s (%u): %lu\n", name, e, (unsigned long)errno_count[e]);
		else if (errno_count[e])
			guest_printf("fuzz:   -%u: %lu\n", e, (unsigned long)errno_count[e]);
	}
	if (errno_other)
		guest_printf("fuzz:   not an errno (< -127): %lu\n", (unsigned long)errno_other);
}

/* A 300-flush mmuext_op (preempted, its continuation in the entry), then
 * SCHEDOP_shutdown: the domain goes with a batch half done. */
static void die_in_multicall(void)
{
	static struct mmuext_op flushes[300];
	static struct sched_shutdown off = { SHUTDOWN_poweroff };
	static struct multicall_entry e[2];

	for (unsigned int i = 0; i < ARRAY_SIZE(flushes); i++)
		flushes[i].cmd = MMUEXT_TLB_FLUSH_LOCAL;
	e[0] = (struct multicall_entry){ __HYPERVISOR_mmuext_op, 0,
					 { (xen_ulong_t)flushes, ARRAY_SIZE(flushes), 0, DOMID_SELF } };
	e[1] = (struct multicall_entry){ __HYPERVISOR_sched_op, 0,
					 { SCHEDOP_shutdown, (xen_ulong_t)&off } };
	hypercall5(__HYPERVISOR_multicall, (long)e, 2, 0, 0, 0);
}

void test_main(void)
{
	setup();
	for (now_iter = 0; now_iter < iterations; now_iter++) {
		uint64_t r = rn(100);
		struct call c;

		if (progress_every && now_iter && now_iter % progress_every == 0)
			guest_printf("\nfuzz: %lu calls made\n", (unsigned long)now_iter);
		if (now_iter < 64 && now_iter != __HYPERVISOR_iret) {
			gen_call(&c, (long)now_iter, false);	/* every number once first */
			issue(&c);
		} else if (r < 4 || now_iter == __HYPERVISOR_iret) {
			op_iret();
		} else if (r < 8) {
			op_ptwr_store();
		} else if (r < 10) {
			op_insn();
		} else if (r < 11) {
			op_grant_scenario();
		} else if (r < 12) {
			op_baseptr_scenario();
		} else {
			long nr = r < 20 ? (long)rn(64) :
				  (long)PICK(0, 1, 1, 1, 2, 3, 4, 5, 8, 9, 10, 12, 12, 13, 13, 14, 14,
					     14, 15, 17, 18, 20, 20, 21, 22, 24, 24, 25, 26, 26,
					     26, 29, 29, 30, 32, 32, 32, 33);

			if (nr == __HYPERVISOR_iret) {
				op_iret();
				continue;
			}
			gen_call(&c, nr, false);
			issue(&c);
		}
	}
	summary();
	/* Half the seeds clean up and audit; the others end with all their
	 * state in place, for the domain's destruction to take down (a
	 * quarter of them from inside a multicall with a continuation). */
	if (seed % 2 == 0) {
		audit();
		return;
	}
	if (guest_failures())
		return;		/* the runtime reports FAILURE */
	guest_printf("Test result: SUCCESS\n");
	if (seed % 4 == 3)
		die_in_multicall();
	HYPERVISOR_shutdown(SHUTDOWN_poweroff);
}
