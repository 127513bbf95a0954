/* SPDX-License-Identifier: GPL-2.0-only */
/* traps: the exception and mode-switch side of the PV ABI. A guest with a
 * trap table gets its exceptions delivered with Xen's bounce frame (rcx,
 * r11, error code; CS with RPL 0 in kernel mode; IF = the virtual
 * interrupt flag; CR2 in vcpu_info), returns with HYPERVISOR_iret, gets
 * software interrupts only as its trap table's DPL allows, gets pending
 * events through the event callback, and moves to user mode and back
 * through iret and syscall. Also callback_op, stack_switch,
 * set_segment_base and fpu_taskswitch, including their refusals. */
#include "guest.h"
#include <xen/callback.h>
#include "trap_stubs.h"
#include "events.h"

#define VIRT_BASE	0xffffffff80000000UL
#define RFLAGS_IF	0x200UL
#define KERNEL_CS_RPL0	(FLAT_KERNEL_CS & ~3)

static struct vcpu_info *vi;	/* vcpu 0's slot in our mapping of shared_info */
static uint64_t fs_probe = 0xf5f5f5f5, gs_probe = 0x6565;

static long set_traps(void)
{
	static struct trap_info table[] = {
		{ 0, 0, FLAT_KERNEL_CS, (unsigned long)stub_de },
		{ 3, 3, FLAT_KERNEL_CS, (unsigned long)stub_bp },
		{ 6, 0, FLAT_KERNEL_CS, (unsigned long)stub_ud },
		{ 7, 0, FLAT_KERNEL_CS, (unsigned long)stub_nm },
		{ 13, 0, FLAT_KERNEL_CS, (unsigned long)stub_gp },
		{ 14, 4, FLAT_KERNEL_CS, (unsigned long)stub_pf },	/* masks events */
		{ 0x80, 3, FLAT_KERNEL_CS, (unsigned long)stub_int80 },
		{ 0x81, 0, FLAT_KERNEL_CS, (unsigned long)stub_int80 },
		{ 0, 0, 0, 0 },
	};

	return hypercall5(__HYPERVISOR_set_trap_table, (long)table, 0, 0, 0, 0);
}

static void map_shared_info(void)
{
	/* A spare page of the bootstrap region becomes our view of it. */
	unsigned long pfn = ((start_info->pt_base - VIRT_BASE) >> 12) +
			    start_info->nr_pt_frames + 4;
	uint64_t va = VIRT_BASE + pfn * 4096;

	CHECK_EQ(HYPERVISOR_update_va_mapping(va, start_info->shared_info | 7, UVMF_INVLPG),
		 0, "map shared_info writable");
	vi = &((struct shared_info *)va)->vcpu_info[0];
	guest_shared_info = (volatile struct shared_info *)va;
	guest_vcpu_info = vi;
}

static void check_trap_table_rules(void)
{
	struct trap_info bad[2] = { { 6, 0, 0, 0x0000900000000000UL }, { 0 } };

	CHECK_EQ(hypercall5(__HYPERVISOR_set_trap_table, 0x1000, 0, 0, 0, 0), -XEN_EFAULT,
		 "trap table from an unmapped pointer");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_trap_table, 0xffff830000000000UL, 0, 0, 0, 0),
		 -XEN_EFAULT, "trap table from hypervisor memory");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_trap_table, (long)bad, 0, 0, 0, 0), -XEN_EINVAL,
		 "a non-canonical handler");
	bad[0].address = 0xffff828000201000UL;
	CHECK_EQ(hypercall5(__HYPERVISOR_set_trap_table, (long)bad, 0, 0, 0, 0), -XEN_EINVAL,
		 "a handler inside the hypervisor");
	CHECK_EQ(set_traps(), 0, "set_trap_table");
}

static void check_exceptions(void)
{
	uint64_t before;

	/* #UD with events masked (as the builder leaves them): IF clear. */
	EXPECT_FAULT("ud2");
	CHECK_EQ(fault_vector, 6, "#UD delivered");
	CHECK_EQ(fault_error, -1, "#UD has no error code");
	CHECK_EQ(fault_cs & 0xffff, KERNEL_CS_RPL0, "kernel-mode CS has RPL 0 in the frame");
	CHECK_EQ(fault_cs >> 32, 1, "saved event mask in CS bits 32-39");
	CHECK_EQ(fault_rflags & RFLAGS_IF, 0, "virtual IF clear while events are masked");

	vi->evtchn_upcall_mask = 0;
	EXPECT_FAULT("ud2");
	CHECK_EQ(fault_rflags & RFLAGS_IF, RFLAGS_IF, "virtual IF set with events unmasked");
	CHECK_EQ(vi->evtchn_upcall_mask, 0, "a trap gate without the IF flag leaves events on");

	/* #PF: error code in guest terms, CR2 in vcpu_info; an "interrupt
	 * gate" masks events on entry and iret restores them. */
	EXPECT_FAULT("movq 0x1000, %%rax");
	CHECK_EQ(fault_vector, 14, "#PF delivered");
	CHECK_EQ(fault_error, 0, "not present, read, kernel mode: error code 0");
	CHECK_EQ(vi->arch.cr2, 0x1000, "CR2 in vcpu_info.arch.cr2");
	CHECK_EQ(vi->evtchn_upcall_mask, 0, "iret restored the event mask from IF");
	EXPECT_FAULT("movq %%rax, 0x2000");
	CHECK_EQ(fault_error, 2, "write fault: error code 2");

	/* #GP from a bad segment load carries the selector. */
	EXPECT_FAULT("movl $0x1234, %%eax\n\tmovl %%eax, %%ds");
	CHECK_EQ(fault_vector, 13, "#GP delivered");
	CHECK_EQ(fault_error, 0x1234 & ~3, "#GP error code is the selector");
	asm volatile("movl %0, %%ds" : : "r"(0));

	/* #DE. */
	EXPECT_FAULT("xorl %%ecx, %%ecx\n\tmovl $1, %%eax\n\tcltd\n\tidivl %%ecx");
	CHECK_EQ(fault_vector, 0, "#DE delivered");

	/* int3 returns after itself; int 0x80 is DPL 3 in our table, int
	 * 0x81 DPL 0 and int 0x82 absent: those two become #GP. */
	before = fault_count;
	asm volatile("int3" : : : "rax", "rcx", "r11", "memory");
	CHECK_EQ(fault_vector, 3, "#BP delivered");
	CHECK_EQ(fault_count, before + 1, "one #BP");
	asm volatile("int $0x80" : : : "rax", "rcx", "r11", "memory");
	CHECK_EQ(fault_vector, 0x80, "int $0x80 delivered to its handler");
	EXPECT_FAULT("int $0x81");
	CHECK_EQ(fault_vector, 13, "int $0x81 (DPL 0) is a #GP");
	CHECK_EQ(fault_error, (0x81 << 3) | 2, "#GP error code names the vector");
	EXPECT_FAULT("int $0x82");
	CHECK_EQ(fault_error, (0x82 << 3) | 2, "unregistered vector is a #GP");
}

static void check_event_delivery(void)
{
	struct callback_register cb = { CALLBACKTYPE_event, 0, (unsigned long)stub_event };
	uint64_t before = fault_count;

	CHECK_EQ(hypercall5(__HYPERVISOR_callback_op, CALLBACKOP_register, (long)&cb, 0, 0, 0),
		 0, "register the event callback");
	/* Mark an event pending ourselves: the next exit from the
	 * hypervisor must enter the callback, with events masked. */
	vi->evtchn_upcall_mask = 1;
	vi->evtchn_upcall_pending = 1;
	HYPERVISOR_xen_version(XENVER_version, NULL);
	CHECK_EQ(fault_count, before, "no delivery while masked");
	vi->evtchn_upcall_mask = 0;
	asm volatile("movl %0, %%eax\n\tsyscall" : : "i"(__HYPERVISOR_xen_version)
		     : "rax", "rcx", "r11", "rdi", "rsi", "memory");
	CHECK_EQ(fault_count, before + 1, "delivered on the next exit");
	CHECK_EQ(fault_vector, 0x100, "through the event callback");
	CHECK_EQ(fault_rflags & RFLAGS_IF, RFLAGS_IF, "frame says events were on");
	CHECK_EQ(vi->evtchn_upcall_pending, 0, "the handler acknowledged it");
	CHECK_EQ(vi->evtchn_upcall_mask, 0, "iret turned events back on");
	vi->evtchn_upcall_mask = 1;
	HYPERVISOR_xen_version(XENVER_version, NULL);
	CHECK_EQ(fault_count, before + 1, "nothing more once handled");
	vi->evtchn_upcall_mask = 0;
}

static void check_callback_rules(void)
{
	struct callback_register cb = { CALLBACKTYPE_nmi, 0, (unsigned long)stub_event };

	CHECK_EQ(hypercall5(__HYPERVISOR_callback_op, CALLBACKOP_register, (long)&cb, 0, 0, 0),
		 -XEN_ENOSYS, "NMI callbacks are not supported yet");
	cb.type = 99;
	CHECK_EQ(hypercall5(__HYPERVISOR_callback_op, CALLBACKOP_register, (long)&cb, 0, 0, 0),
		 -XEN_EINVAL, "unknown callback type");
	cb.type = CALLBACKTYPE_failsafe;
	cb.address = 0xffff830000000000UL;
	CHECK_EQ(hypercall5(__HYPERVISOR_callback_op, CALLBACKOP_register, (long)&cb, 0, 0, 0),
		 -XEN_EINVAL, "callback inside the hypervisor");
	CHECK_EQ(hypercall5(__HYPERVISOR_callback_op, CALLBACKOP_register, 0x1000, 0, 0, 0),
		 -XEN_EFAULT, "unreadable argument");
	CHECK_EQ(hypercall5(__HYPERVISOR_callback_op, 42, (long)&cb, 0, 0, 0), -XEN_ENOSYS,
		 "unknown callback_op command");
	CHECK_EQ(hypercall5(__HYPERVISOR_stack_switch, FLAT_KERNEL_SS & ~3, 0, 0, 0, 0),
		 0, "a ring-0 kernel stack segment is raised to RPL 3, as in Xen");
}

static void check_segment_bases(void)
{
	uint64_t v;

	CHECK_EQ(hypercall5(__HYPERVISOR_set_segment_base, SEGBASE_FS, (long)&fs_probe, 0, 0, 0),
		 0, "set FS base");
	asm volatile("movq %%fs:0, %0" : "=r"(v));
	CHECK_EQ(v, fs_probe, "%fs:0 reads through the new base");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_segment_base, SEGBASE_GS_KERNEL, (long)&gs_probe, 0, 0, 0),
		 0, "set kernel GS base");
	asm volatile("movq %%gs:0, %0" : "=r"(v));
	CHECK_EQ(v, gs_probe, "%gs:0 reads through the kernel GS base");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_segment_base, SEGBASE_GS_USER, 0x1000, 0, 0, 0),
		 0, "set user GS base");
	asm volatile("movq %%gs:0, %0" : "=r"(v));
	CHECK_EQ(v, gs_probe, "the user base is not live in kernel mode");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_segment_base, SEGBASE_FS, 0x0000900000000000UL, 0, 0, 0),
		 -XEN_EINVAL, "non-canonical base");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_segment_base, 9, 0, 0, 0, 0), -XEN_EINVAL,
		 "unknown segment");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_segment_base, SEGBASE_GS_USER_SEL, FLAT_USER_SS, 0, 0, 0),
		 0, "user %gs selector: the flat data segment");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_segment_base, SEGBASE_GS_USER_SEL, 0, 0, 0, 0),
		 0, "user %gs selector: null");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_segment_base, SEGBASE_GS_USER_SEL, 0xe010, 0, 0, 0),
		 -XEN_EINVAL, "user %gs selector with RPL 0");
	CHECK_EQ(hypercall5(__HYPERVISOR_set_segment_base, SEGBASE_GS_USER_SEL, 0x1b, 0, 0, 0),
		 -XEN_EINVAL, "user %gs selector of an empty descriptor");
	asm volatile("movq %%gs:0, %0" : "=r"(v));
	CHECK_EQ(v, gs_probe, "the kernel GS base survived the selector loads");
	hypercall5(__HYPERVISOR_set_segment_base, SEGBASE_FS, 0, 0, 0, 0);
}

static void check_fpu_taskswitch(void)
{
	uint64_t before = fault_count;

	CHECK_EQ(hypercall5(__HYPERVISOR_fpu_taskswitch, 1, 0, 0, 0, 0), 0, "set virtual TS");
	EXPECT_FAULT("fnop");
	CHECK_EQ(fault_vector, 7, "#NM after fpu_taskswitch(1)");
	asm volatile("fnop");
	CHECK_EQ(fault_count, before + 1, "only once: the FPU is usable again");
	CHECK_EQ(hypercall5(__HYPERVISOR_fpu_taskswitch, 0, 0, 0, 0, 0), 0, "clear virtual TS");
}

/* Into guest user mode with iret, back with syscall through the
 * registered callback, on the stack given by stack_switch. */
static void check_user_mode(void)
{
	static uint64_t kstack[512] __aligned(16);
	struct callback_register cb = { CALLBACKTYPE_syscall, CALLBACKF_mask_events,
					(unsigned long)stub_syscall };
	uint64_t user_l4 = ((const uint64_t *)start_info->mfn_list)
		[(start_info->pt_base - VIRT_BASE) >> 12];
	uint64_t gs;

	CHECK_EQ(hypercall5(__HYPERVISOR_callback_op, CALLBACKOP_register, (long)&cb, 0, 0, 0),
		 0, "register the syscall callback");
	CHECK_EQ(hypercall5(__HYPERVISOR_stack_switch, FLAT_KERNEL_SS, (long)(kstack + 512), 0, 0, 0),
		 0, "stack_switch");
	{
		struct mmuext_op op = { .cmd = MMUEXT_NEW_USER_BASEPTR };
		op.arg1.mfn = user_l4;	/* for this test user mode may see everything */
		CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0, "NEW_USER_BASEPTR");
	}
	/* iret to user_mode_code (CS RPL 3); its syscall comes back to
	 * stub_syscall in kernel mode, which resumes at label 9 in kernel
	 * mode (resume_cs = kernel CS with RPL 0, as bounce frames show it). */
	asm volatile("leaq 9f(%%rip), %%rax\n\t"
		     "movq %%rax, resume_rip(%%rip)\n\t"
		     "movq %[kcs], resume_cs(%%rip)\n\t"
		     "movq %%rsp, %%rcx\n\t"
		     "pushq %[ss]\n\t"		/* ss */
		     "pushq %%rcx\n\t"		/* rsp */
		     "pushq $0x202\n\t"		/* rflags */
		     "pushq %[ucs]\n\t"		/* cs: RPL 3 = user mode */
		     "pushq %[rip]\n\t"		/* rip */
		     "pushq $0\n\t"		/* flags */
		     "pushq $0\n\t"		/* rcx */
		     "pushq $0\n\t"		/* r11 */
		     "pushq $0\n\t"		/* rax */
		     "movl %[iret], %%eax\n\t"
		     "syscall\n"
		     "9:"
		     : : [ss] "i"(FLAT_USER_SS), [ucs] "i"(FLAT_USER_CS), [kcs] "i"(KERNEL_CS_RPL0),
		       [rip] "r"(user_mode_code), [iret] "i"(__HYPERVISOR_iret)
		     : "rax", "rcx", "r11", "memory");
	CHECK_EQ(fault_vector, 0x101, "user-mode syscall reached the syscall callback");
	CHECK_EQ(fault_rip, (uint64_t)user_mode_code + 9, "frame rip is the user return address");
	CHECK_EQ(fault_cs & 3, 3, "frame CS says user mode");
	CHECK(fault_frame >= (uint64_t)kstack && fault_frame < (uint64_t)(kstack + 512),
	      "frame built on the stack_switch stack (at 0x%lx)", (unsigned long)fault_frame);
	/* Like the hardware, the frame's top (above ss) is 16-byte aligned;
	 * seven words below it: rcx, r11, rip, cs, rflags, rsp, ss. */
	CHECK_EQ((fault_frame + 7 * 8) % 16, 0, "the frame's top is 16-byte aligned");
	asm volatile("movq %%gs:0, %0" : "=r"(gs));
	CHECK_EQ(gs, gs_probe, "kernel GS base is back in kernel mode");
}

/* Privileged instructions from guest user mode are the kernel's #GP: the
 * hypervisor emulates them for the guest kernel only. Each snippet ends in
 * a system call, which would mean "it was emulated". */
asm(".pushsection .text\n"
    "user_clts: clts\n\tmovq $0x5ca11, %rax\n\tsyscall\n\tud2\n"
    "user_rdmsr: movl $0xc0000080, %ecx\n\trdmsr\n\tmovq $0x5ca11, %rax\n\tsyscall\n\tud2\n"
    "user_mov_cr0: movq %cr0, %rax\n\tmovq $0x5ca11, %rax\n\tsyscall\n\tud2\n"
    ".popsection");
extern char user_clts[], user_rdmsr[], user_mov_cr0[];

static void run_in_user_mode(const char *code)
{
	asm volatile("leaq 9f(%%rip), %%rax\n\t"
		     "movq %%rax, resume_rip(%%rip)\n\t"
		     "movq %[kcs], resume_cs(%%rip)\n\t"
		     "movq %%rsp, %%rcx\n\t"
		     "pushq %[ss]\n\tpushq %%rcx\n\tpushq $0x202\n\t"
		     "pushq %[ucs]\n\tpushq %[rip]\n\t"
		     "pushq $0\n\tpushq $0\n\tpushq $0\n\tpushq $0\n\t"
		     "movl %[iret], %%eax\n\t"
		     "syscall\n"
		     "9:"
		     : : [ss] "i"(FLAT_USER_SS), [ucs] "i"(FLAT_USER_CS), [kcs] "i"(KERNEL_CS_RPL0),
		       [rip] "r"(code), [iret] "i"(__HYPERVISOR_iret)
		     : "rax", "rcx", "rdx", "r11", "memory");
}

static void check_user_mode_privops(void)
{
	static const struct { const char *name; char *code; unsigned int at; } ops[] = {
		{ "clts", user_clts, 0 }, { "rdmsr", user_rdmsr, 5 },	/* after movl $msr */
		{ "mov from cr0", user_mov_cr0, 0 },
	};

	CHECK_EQ(hypercall5(__HYPERVISOR_fpu_taskswitch, 1, 0, 0, 0, 0), 0, "set virtual TS");
	for (unsigned int i = 0; i < ARRAY_SIZE(ops); i++) {
		fault_vector = 0;
		run_in_user_mode(ops[i].code);
		CHECK(fault_vector == 13, "%s in user mode: vector 0x%lx, want #GP",
		      ops[i].name, (unsigned long)fault_vector);
		CHECK_EQ(fault_rip, (uint64_t)ops[i].code + ops[i].at, "#GP at the instruction");
	}
	EXPECT_FAULT("fnop");
	CHECK_EQ(fault_vector, 7, "virtual TS survived a user-mode clts");
	guest_printf("privileged instructions from user mode: #GP\n");
}

/* An iret the CPU refuses (a ring-0 code selector) goes to the failsafe
 * callback, with ds, es, fs, gs above rcx and r11 and the refused frame. */
static void check_failsafe(void)
{
	struct callback_register cb = { CALLBACKTYPE_failsafe, CALLBACKF_mask_events,
					(unsigned long)stub_failsafe };

	CHECK_EQ(hypercall5(__HYPERVISOR_callback_op, CALLBACKOP_register, (long)&cb, 0, 0, 0),
		 0, "register the failsafe callback");
	asm volatile("leaq 9f(%%rip), %%rax\n\t"
		     "movq %%rax, resume_rip(%%rip)\n\t"
		     "movq %[kcs], resume_cs(%%rip)\n\t"
		     "movq %%rsp, %%rcx\n\t"
		     "pushq %[ss]\n\t"
		     "pushq %%rcx\n\t"
		     "pushq $0x202\n\t"
		     "pushq $0xe008\n\t"	/* the hypervisor's code selector */
		     "leaq 9f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "pushq $0\n\tpushq $0\n\tpushq $0\n\tpushq $0\n\t"
		     "movl %[iret], %%eax\n\t"
		     "syscall\n"
		     "9:"
		     : : [ss] "i"(FLAT_KERNEL_SS), [kcs] "i"(KERNEL_CS_RPL0),
		       [iret] "i"(__HYPERVISOR_iret)
		     : "rax", "rcx", "r11", "memory");
	CHECK_EQ(fault_vector, 0x102, "the refused iret reached the failsafe callback");
	CHECK_EQ(fault_cs & 0xffff, 0xe008, "frame shows the refused selector (RPL 0: from kernel mode)");
	CHECK_EQ(fault_error, 0, "ds is the first segment in the frame");
	CHECK_EQ(vi->evtchn_upcall_mask, 0, "iret from the failsafe handler unmasked events");
}

void guest_main(void)
{
	map_shared_info();
	check_trap_table_rules();
	check_exceptions();
	check_event_delivery();
	check_callback_rules();
	check_segment_bases();
	check_fpu_taskswitch();
	check_user_mode();
	check_user_mode_privops();
	check_failsafe();
}
