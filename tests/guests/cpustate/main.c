/* SPDX-License-Identifier: GPL-2.0-only */
/* cpustate: the guest's own GDT and LDT (set_gdt, update_descriptor,
 * MMUEXT_SET_LDT), batched
 * hypercalls (multicall, including a batched call that needs a
 * continuation) and hardware breakpoints (set_debugreg/get_debugreg),
 * with the refusals a hostile guest must meet: no descriptor that reaches
 * ring 0, no system descriptors, no writable GDT page, no breakpoint on
 * hypervisor addresses. */
#include "guest.h"
#include "trap_stubs.h"
#include "events.h"
#include <xen/callback.h>

#define VIRT_BASE	0xffffffff80000000UL
#define HV_MFN		0x200UL
#define CODE64_DPL0	0x00af9a000000ffffUL
#define DATA_DPL0	0x00cf92000000ffffUL
#define TSS_DESC	0x0000890000000067UL
#define CALL_GATE	0x0000ec0000000000UL
#define DPL3		(3UL << 45)

static uint64_t *gdt_page;
static uint64_t gdt_mfn;

static uint64_t va_mfn(const void *va)
{
	return ((const uint64_t *)start_info->mfn_list)[((uint64_t)va - VIRT_BASE) >> 12];
}

static long set_gdt(uint64_t *frames, unsigned int entries)
{
	return hypercall5(__HYPERVISOR_set_gdt, (long)frames, entries, 0, 0, 0);
}

static long protect(void *va, bool writable)
{
	return HYPERVISOR_update_va_mapping((uint64_t)va, va_mfn(va) << 12 | 5 | (writable ? 2 : 0),
					    UVMF_INVLPG);
}

/* HYPERVISOR_iret to a stack selector whose descriptor is not present:
 * the CPU's iretq raises #SS (not #GP) in ring 0; like any refused iret
 * frame it must reach the failsafe callback, never the host. */
static volatile uint64_t failsafe_hits, failsafe_ss, iret_saved_rsp;

/* Our failsafe handler for it: note the refused ss from the frame (rcx,
 * r11, ds, es, fs, gs, rip, cs, rflags, rsp, ss) and jump back, since the
 * frame itself cannot be returned to. */
asm(".pushsection .text\n"
    "ss_failsafe:\n\t"
    "incq failsafe_hits(%rip)\n\t"
    "movq 80(%rsp), %rax\n\t"
    "movq %rax, failsafe_ss(%rip)\n\t"
    "movq iret_saved_rsp(%rip), %rsp\n\t"
    "jmp ss_iret_done\n"
    ".popsection");
extern char ss_failsafe[];

static void check_iret_ss_not_present(void)
{
	struct callback_register cb = { CALLBACKTYPE_failsafe, 0, (unsigned long)ss_failsafe };
	uint64_t frames[1] = { gdt_mfn };

	CHECK_EQ(protect(gdt_page, true), 0, "writable");
	memset(gdt_page, 0, 4096);
	gdt_page[5] = (DATA_DPL0 | DPL3) & ~(1UL << 47);	/* not present */
	CHECK_EQ(protect(gdt_page, false), 0, "read-only");
	CHECK_EQ(set_gdt(frames, 16), 0, "a GDT with a not-present data segment");
	CHECK_EQ(hypercall5(__HYPERVISOR_callback_op, CALLBACKOP_register, (long)&cb, 0, 0, 0),
		 0, "register the failsafe callback");
	asm volatile("movq %%rsp, iret_saved_rsp(%%rip)\n\t"
		     "movq %%rsp, %%rcx\n\t"
		     "pushq $0x2b\n\t"		/* GDT entry 5, RPL 3 */
		     "pushq %%rcx\n\t"
		     "pushq $0x202\n\t"
		     "pushq %[cs]\n\t"
		     "leaq ss_iret_done(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "pushq $0\n\tpushq $0\n\tpushq $0\n\tpushq $0\n\t"
		     "movl %[iret], %%eax\n\t"
		     "syscall\n"
		     "ss_iret_done:"
		     : : [cs] "i"(FLAT_KERNEL_CS & ~3), [iret] "i"(__HYPERVISOR_iret)
		     : "rax", "rcx", "r11", "memory");
	CHECK_EQ(failsafe_hits, 1, "the iret to a not-present ss reached the failsafe callback");
	CHECK_EQ(failsafe_ss & 0xffff, 0x2b, "with the refused ss in its frame");
	CHECK_EQ(set_gdt(NULL, 0), 0, "no GDT");
	CHECK_EQ(protect(gdt_page, true), 0, "writable again");
}

static long set_ldt(void *base, unsigned int ents)
{
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT };

	op.arg1.linear_addr = (unsigned long)base;
	op.arg2.nr_ents = ents;
	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static void check_gdt(void)
{
	uint64_t frames[1] = { gdt_mfn }, bad[1] = { HV_MFN };
	uint16_t sel;

	memset(gdt_page, 0, 4096);
	gdt_page[1] = CODE64_DPL0;
	gdt_page[2] = DATA_DPL0;
	CHECK_EQ(set_gdt(frames, 16), -XEN_EINVAL, "a writable-mapped GDT page");
	CHECK_EQ(protect(gdt_page, false), 0, "GDT page read-only");
	CHECK_EQ(set_gdt(frames, 16), 0, "set_gdt");
	CHECK_EQ(gdt_page[1], CODE64_DPL0 | DPL3, "ring-0 code descriptor raised to DPL 3");
	CHECK_EQ(gdt_page[2], DATA_DPL0 | DPL3, "ring-0 data descriptor raised to DPL 3");
	asm volatile("movw %1, %%ds\n\tmovw %%ds, %0\n\tmovw %2, %%ds"
		     : "=r"(sel) : "r"((uint16_t)0x13), "r"((uint16_t)0) : "memory");
	CHECK_EQ(sel, 0x13, "our data segment loads");
	CHECK_EQ(protect(gdt_page, true), -XEN_EBUSY, "an installed GDT page cannot be writable");

	CHECK_EQ(hypercall5(__HYPERVISOR_update_descriptor, (gdt_mfn << 12) + 3 * 8, DATA_DPL0, 0, 0, 0),
		 0, "update_descriptor");
	CHECK_EQ(gdt_page[3], DATA_DPL0 | DPL3, "updated and raised");
	asm volatile("movw %0, %%es\n\tmovw %1, %%es" : : "r"((uint16_t)0x1b), "r"((uint16_t)0));
	CHECK_EQ(hypercall5(__HYPERVISOR_update_descriptor, (gdt_mfn << 12) + 4 * 8, CALL_GATE, 0, 0, 0),
		 -XEN_EINVAL, "a call gate");
	CHECK_EQ(hypercall5(__HYPERVISOR_update_descriptor, (gdt_mfn << 12) + 4 * 8, TSS_DESC, 0, 0, 0),
		 -XEN_EINVAL, "a TSS descriptor");
	CHECK_EQ(hypercall5(__HYPERVISOR_update_descriptor, (gdt_mfn << 12) + 4, DATA_DPL0, 0, 0, 0),
		 -XEN_EINVAL, "a misaligned descriptor");
	CHECK_EQ(hypercall5(__HYPERVISOR_update_descriptor, HV_MFN << 12, DATA_DPL0, 0, 0, 0),
		 -XEN_EINVAL, "a descriptor in hypervisor memory");

	CHECK_EQ(set_gdt(bad, 16), -XEN_EINVAL, "a hypervisor frame as GDT");
	CHECK_EQ(set_gdt(frames, 7169), -XEN_EINVAL, "more entries than the guest part");
	CHECK_EQ(set_gdt((uint64_t *)0x1000, 16), -XEN_EFAULT, "unreadable frame list");
	CHECK_EQ(set_gdt(NULL, 0), 0, "no GDT");
	CHECK_EQ(protect(gdt_page, true), 0, "the old GDT page is plain memory again");
	gdt_page[5] = TSS_DESC;
	CHECK_EQ(protect(gdt_page, false), 0, "read-only again");
	CHECK_EQ(set_gdt(frames, 16), -XEN_EINVAL, "a GDT page with a TSS descriptor");
	CHECK_EQ(protect(gdt_page, true), 0, "refused page stays plain memory");
}

/* The GDT page was writable a moment ago, through a mapping whose TLB
 * entry the guest never flushed (update_va_mapping without UVMF_INVLPG).
 * Once the frame is a descriptor page, that stale entry must be gone, or
 * the guest could write a call gate into it behind set_gdt's checks. */
static void check_stale_writable_tlb(void)
{
	uint64_t frames[1] = { gdt_mfn }, before;
	volatile uint64_t *alias = gdt_page;

	memset(gdt_page, 0, 4096);
	alias[4] = 0;			/* a writable TLB entry now exists */
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)gdt_page, gdt_mfn << 12 | 5, 0), 0,
		 "read-only without a flush");
	CHECK_EQ(set_gdt(frames, 16), 0, "set_gdt over a stale writable TLB entry");
	before = fault_count;
	EXPECT_FAULT_WITH("movq %%rsi, 32(%%rbx)", alias, CALL_GATE | DPL3);
	CHECK_EQ(fault_count, before + 1, "a write through the stale entry faults");
	CHECK_EQ(fault_vector, 14, "as #PF");
	CHECK_EQ(gdt_page[4], 0, "the GDT page is unchanged");
	CHECK_EQ(set_gdt(NULL, 0), 0, "no GDT");
	CHECK_EQ(protect(gdt_page, true), 0, "writable again");
	memset(gdt_page, 0, 4096);
	CHECK_EQ(protect(gdt_page, false), 0, "read-only, flushed");
	CHECK_EQ(set_ldt(gdt_page, 4), 0, "SET_LDT");
	CHECK_EQ(set_ldt(NULL, 0), 0, "no LDT");
	CHECK_EQ(protect(gdt_page, true), 0, "writable again");
	alias[4] = 0;
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)gdt_page, gdt_mfn << 12 | 5, 0), 0,
		 "read-only without a flush, again");
	CHECK_EQ(set_ldt(gdt_page, 4), 0, "SET_LDT over a stale writable TLB entry");
	before = fault_count;
	EXPECT_FAULT_WITH("movq %%rsi, 32(%%rbx)", alias, CALL_GATE | DPL3);
	CHECK_EQ(fault_count, before + 1, "a write to the LDT through the stale entry faults");
	CHECK_EQ(set_ldt(NULL, 0), 0, "no LDT");
	CHECK_EQ(protect(gdt_page, true), 0, "writable at the end");
}

static void check_ldt(void)
{
	uint16_t sel;

	memset(gdt_page, 0, 4096);
	gdt_page[1] = DATA_DPL0;
	CHECK_EQ(set_ldt(gdt_page, 4), -XEN_EINVAL, "a writable-mapped LDT page");
	CHECK_EQ(protect(gdt_page, false), 0, "LDT page read-only");
	CHECK_EQ(set_ldt(gdt_page, 4), 0, "SET_LDT");
	CHECK_EQ(gdt_page[1], DATA_DPL0 | DPL3, "LDT descriptor raised to DPL 3");
	asm volatile("movw %1, %%fs\n\tmovw %%fs, %0\n\tmovw %2, %%fs"
		     : "=r"(sel) : "r"((uint16_t)0x0f), "r"((uint16_t)0) : "memory");
	CHECK_EQ(sel, 0x0f, "an LDT data segment loads");
	CHECK_EQ(hypercall5(__HYPERVISOR_update_descriptor, gdt_mfn << 12, DATA_DPL0, 0, 0, 0), 0,
		 "update_descriptor on the LDT");
	asm volatile("movw %1, %%fs\n\tmovw %%fs, %0\n\tmovw %2, %%fs"
		     : "=r"(sel) : "r"((uint16_t)0x07), "r"((uint16_t)0) : "memory");
	CHECK_EQ(sel, 0x07, "the updated LDT entry loads");
	CHECK_EQ(protect(gdt_page, true), -XEN_EBUSY, "an installed LDT page cannot be writable");
	CHECK_EQ(set_ldt((void *)0x200000, 4), -XEN_EINVAL, "an unmapped LDT");
	CHECK_EQ(set_ldt(NULL, 0), 0, "no LDT");
	CHECK_EQ(protect(gdt_page, true), 0, "the LDT page is plain memory again");
	gdt_page[2] = TSS_DESC;
	CHECK_EQ(protect(gdt_page, false), 0, "read-only");
	CHECK_EQ(set_ldt(gdt_page, 4), -XEN_EINVAL, "an LDT with a TSS descriptor");
	CHECK_EQ(protect(gdt_page, true), 0, "writable again");
}

static void check_multicall(void)
{
	static struct multicall_entry mc[200];
	static struct mmu_update reqs[600];
	static const char msg[] = "(from a multicall)\n";
	unsigned int done = 0;
	uint64_t l4 = va_mfn((void *)start_info->pt_base);
	long version = HYPERVISOR_xen_version(XENVER_version, NULL);

	mc[0] = (struct multicall_entry){ __HYPERVISOR_xen_version, 99, { XENVER_version } };
	mc[1] = (struct multicall_entry){ __HYPERVISOR_console_io, 99,
					  { CONSOLEIO_write, sizeof(msg) - 1, (unsigned long)msg } };
	mc[2] = (struct multicall_entry){ 100, 99, { 0 } };
	mc[3] = (struct multicall_entry){ __HYPERVISOR_multicall, 99, { (unsigned long)mc, 1 } };
	mc[4] = (struct multicall_entry){ __HYPERVISOR_iret, 99, { 0 } };
	CHECK_EQ(hypercall5(__HYPERVISOR_multicall, (long)mc, 5, 0, 0, 0), 0, "multicall");
	CHECK_EQ(mc[0].result, version, "result of xen_version");
	CHECK_EQ(mc[1].result, 0, "result of console_io");
	CHECK_EQ((long)mc[2].result, -XEN_ENOSYS, "unknown hypercall in a batch");
	CHECK_EQ((long)mc[3].result, -XEN_ENOSYS, "nested multicall");
	CHECK_EQ((long)mc[4].result, -XEN_ENOSYS, "iret in a batch");
	CHECK_EQ(hypercall5(__HYPERVISOR_multicall, 0x1000, 1, 0, 0, 0), -XEN_EFAULT,
		 "unreadable batch");
	CHECK_EQ(hypercall5(__HYPERVISOR_multicall, (long)mc, 0, 0, 0, 0), 0, "empty batch");

	/* 600 page-table writes (harmless: rewrite an L4 entry with itself)
	 * inside a multicall: preempted and continued inside the batch. */
	for (int i = 0; i < 600; i++)
		reqs[i] = (struct mmu_update){ (l4 << 12) + 511 * 8,
					       ((const uint64_t *)start_info->pt_base)[511] };
	mc[0] = (struct multicall_entry){ __HYPERVISOR_mmu_update, 99,
					  { (unsigned long)reqs, 600, (unsigned long)&done, DOMID_SELF } };
	CHECK_EQ(hypercall5(__HYPERVISOR_multicall, (long)mc, 1, 0, 0, 0), 0, "multicall of mmu_update");
	CHECK_EQ(mc[0].result, 0, "its result");
	CHECK_EQ(done, 600, "all 600 done");

	/* Scheduling requests inside a batch: yield and block happen after
	 * it (block returns at once, an event being pending), poll is
	 * refused; every entry still runs and gets its result. */
	static evtchn_port_t port;
	static struct sched_poll poll = { .nr_ports = 1 };
	struct evtchn_alloc_unbound unbound = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };

	CHECK_EQ(evtchn_op(EVTCHNOP_alloc_unbound, &unbound), 0, "a port");
	port = unbound.port;
	set_xen_guest_handle(poll.ports, &port);
	guest_vcpu_info->evtchn_upcall_mask = 1;
	guest_vcpu_info->evtchn_upcall_pending = 1;
	mc[0] = (struct multicall_entry){ __HYPERVISOR_sched_op, 99, { SCHEDOP_yield } };
	mc[1] = (struct multicall_entry){ __HYPERVISOR_xen_version, 99, { XENVER_version } };
	mc[2] = (struct multicall_entry){ __HYPERVISOR_sched_op, 99, { SCHEDOP_poll, (unsigned long)&poll } };
	mc[3] = (struct multicall_entry){ __HYPERVISOR_sched_op, 99, { SCHEDOP_block } };
	mc[4] = (struct multicall_entry){ __HYPERVISOR_xen_version, 99, { XENVER_pagesize } };
	CHECK_EQ(hypercall5(__HYPERVISOR_multicall, (long)mc, 5, 0, 0, 0), 0, "a batch that yields");
	CHECK_EQ(mc[0].result, 0, "yield in a batch");
	CHECK_EQ(mc[1].result, version, "the entry after the yield");
	CHECK_EQ((long)mc[2].result, -XEN_EINVAL, "poll in a batch");
	CHECK_EQ(mc[3].result, 0, "block in a batch with an event pending");
	CHECK_EQ(mc[4].result, 4096, "the entry after the block");
	guest_vcpu_info->evtchn_upcall_pending = 0;
	guest_vcpu_info->evtchn_upcall_mask = 1;
	/* A preempted call after it must continue in its own registers. */
	CHECK_EQ(hypercall5(__HYPERVISOR_mmu_update, (long)reqs, 600, (long)&done, DOMID_SELF, 0), 0,
		 "600 updates after the batch");

	for (int i = 0; i < 200; i++)
		mc[i] = (struct multicall_entry){ __HYPERVISOR_xen_version, 99, { XENVER_pagesize } };
	CHECK_EQ(hypercall5(__HYPERVISOR_multicall, (long)mc, 200, 0, 0, 0), 0, "a long batch");
	for (int i = 0; i < 200; i++)
		if (mc[i].result != 4096)
			guest_fail("batch entry %d result %ld", i, (long)mc[i].result);
}

static volatile uint64_t watched;

static void check_debugregs(void)
{
	uint64_t before = fault_count;
	xen_extraversion_t extra;
	uint64_t dr7 = 1 | (1UL << 16) | (3UL << 18);	/* L0, write, 8 bytes */

	CHECK_EQ(hypercall5(__HYPERVISOR_set_debugreg, 0, (long)&watched, 0, 0, 0), 0, "DR0");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_debugreg, 7, dr7, 0, 0, 0), 0, "DR7");
	CHECK_EQ(hypercall5(__HYPERVISOR_get_debugreg, 0, 0, 0, 0, 0), (long)&watched, "read DR0 back");
	watched = 1;
	CHECK_EQ(fault_count, before + 1, "the write breakpoint fired");
	CHECK_EQ(fault_vector, 1, "as #DB");
	CHECK(hypercall5(__HYPERVISOR_get_debugreg, 6, 0, 0, 0, 0) & 1, "DR6.B0 says breakpoint 0");
	/* The hypervisor writing there on our behalf must not break anything. */
	CHECK_EQ(hypercall5(__HYPERVISOR_set_debugreg, 0, (long)extra, 0, 0, 0), 0, "DR0 on a buffer");
	CHECK_EQ(HYPERVISOR_xen_version(XENVER_extraversion, extra), 0,
		 "a hypercall writing the watched buffer");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_debugreg, 7, 0, 0, 0, 0), 0, "breakpoints off");

	CHECK_EQ(hypercall5(__HYPERVISOR_set_debugreg, 0, 0xffff828000201000UL, 0, 0, 0), -XEN_EPERM,
		 "a breakpoint on hypervisor code");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_debugreg, 7, 1UL << 13, 0, 0, 0), -XEN_EPERM,
		 "general detect");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_debugreg, 7, 1 | (2UL << 16), 0, 0, 0), -XEN_EPERM,
		 "an I/O breakpoint");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_debugreg, 8, 0, 0, 0, 0), -XEN_EINVAL, "DR8");
	CHECK_EQ(hypercall5(__HYPERVISOR_get_debugreg, 9, 0, 0, 0, 0), -XEN_EINVAL, "read DR9");
}

/* XSA-260: a breakpoint hit by `mov ss` is held back one instruction; if
 * that instruction is syscall, real CPUs deliver the #DB in ring 0 before
 * the entry code has switched stacks, on the guest's rsp. The hypervisor
 * takes #DB on an IST stack of its own, absorbs it and runs the hypercall.
 * (QEMU's TCG delivers the #DB right after `mov ss`, in ring 3, to our own
 * handler; either way the hypercall must complete with the right result.) */
static volatile uint16_t watched_ss;

static void check_movss_syscall(void)
{
	uint64_t dr7 = 1 | (3UL << 16) | (1UL << 18);	/* L0, read/write, 2 bytes */
	uint64_t before = fault_count;
	long ret;

	asm volatile("movw %%ss, %0" : "=r"(watched_ss));
	CHECK_EQ(hypercall5(__HYPERVISOR_set_debugreg, 0, (long)&watched_ss, 0, 0, 0), 0, "DR0 on ss");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_debugreg, 7, dr7, 0, 0, 0), 0, "DR7 read/write");
	asm volatile("leaq 2f(%%rip), %%rcx\n\t"
		     "movq %%rcx, resume_rip(%%rip)\n\t"
		     "movw %[ss], %%ss\n\t"
		     "syscall\n\t"
		     "jmp 3f\n"
		     "2: movq $-1, %%rax\n"	/* #DB came in ring 3: skipped */
		     "3: movq $0, resume_rip(%%rip)"
		     : "=a"(ret)
		     : "a"((long)__HYPERVISOR_xen_version), "D"((long)XENVER_version), "S"(0L),
		       [ss] "m"(watched_ss)
		     : "rcx", "r11", "memory");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_debugreg, 7, 0, 0, 0, 0), 0, "breakpoints off");
	if (ret == -1) {
		CHECK_EQ(fault_count, before + 1, "the #DB delivered after mov ss");
		CHECK_EQ(fault_vector, 1, "as #DB");
	} else {
		CHECK_EQ(ret, HYPERVISOR_xen_version(XENVER_version, NULL), "the hypercall after mov ss");
		CHECK_EQ(fault_count, before, "a #DB absorbed in ring 0");
	}
	guest_printf("mov ss + syscall with a pending #DB survived\n");
}

/* A #DB from the guest makes us write its bounce frame onto the guest's
 * stack; a second breakpoint watching that stack fires inside the
 * hypervisor while the first #DB is being handled. Both must end well. */
static void check_nested_db(void)
{
	uint64_t before = fault_count, here;
	uint64_t dr7 = 1 | 4 | (1UL << 16) | (3UL << 18) | (1UL << 20) | (3UL << 22);

	asm volatile("movq %%rsp, %0" : "=r"(here));
	CHECK_EQ(hypercall5(__HYPERVISOR_set_debugreg, 0, (long)&watched, 0, 0, 0), 0, "DR0");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_debugreg, 1, (long)((here - 256) & ~7UL), 0, 0, 0), 0,
		 "DR1 on our stack");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_debugreg, 7, dr7, 0, 0, 0), 0, "DR7 both write");
	for (int i = 0; i < 32; i++) {
		CHECK_EQ(hypercall5(__HYPERVISOR_set_debugreg, 1, (long)((here - 8 * i) & ~7UL), 0, 0, 0),
			 0, "DR1 moved");
		watched = i;
	}
	CHECK_EQ(hypercall5(__HYPERVISOR_set_debugreg, 7, 0, 0, 0, 0), 0, "breakpoints off");
	CHECK(fault_count >= before + 32, "every write breakpoint reached us");
	guest_printf("#DB with the bounce frame watched survived\n");
}

void guest_main(void)
{
	static struct trap_info table[] = {
		{ 1, 0, FLAT_KERNEL_CS, (unsigned long)stub_db },
		{ 14, 0, FLAT_KERNEL_CS, (unsigned long)stub_pf }, { 0 },
	};
	unsigned long pfn = ((start_info->pt_base - VIRT_BASE) >> 12) + start_info->nr_pt_frames + 8;

	gdt_page = (uint64_t *)(VIRT_BASE + pfn * 4096);
	gdt_mfn = va_mfn(gdt_page);
	events_map_shared_info();
	CHECK_EQ(events_register_callback(), 0, "event callback");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_trap_table, (long)table, 0, 0, 0, 0), 0, "trap table");
	check_gdt();
	check_ldt();
	check_stale_writable_tlb();
	check_iret_ss_not_present();
	check_multicall();
	check_debugregs();
	check_movss_syscall();
	check_nested_db();
}
