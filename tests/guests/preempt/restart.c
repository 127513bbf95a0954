/* SPDX-License-Identifier: GPL-2.0-only */
/* Issue 13 item 7: "re-execute this hypercall" was once a result value
 * (0x7fff0000) that the dispatcher compared every result with. A result
 * the guest chooses could then fake it: HYPERVISOR_iret returns the rax of
 * the guest's frame, get_debugreg the DR0 it set, memory_op the start
 * extent it encoded in cmd. Each must come back as the value it is, in a
 * multicall too, and iret must land exactly where its frame says. */
#include "preempt.h"

#define OLD_SENTINEL	0x7fff0000L
#define HV_START	0xffff800000000000UL	/* canonical; rewound by 2 it is not */
#define MEMOP_EXTENT_SHIFT 6
/* Kernel mode in an iret frame: RPL 0, as bounce frames show it. */
#define KERNEL_CS_RPL0	(FLAT_KERNEL_CS & ~3)

/* HYPERVISOR_iret to `landing` with rax in the frame. The two bytes
 * before landing are a ud2, where a rip rewound for a restart would
 * land; that #UD resumes past the landing with nothing recorded. */
static uint64_t iret_with_rax(uint64_t rax)
{
	uint64_t seen = 0;

	asm volatile("leaq 9f(%%rip), %%rcx\n\t"
		     "movq %%rcx, resume_rip(%%rip)\n\t"
		     "movq %%rsp, %%rcx\n\t"
		     "pushq %[ss]\n\t"		/* ss */
		     "pushq %%rcx\n\t"		/* rsp */
		     "pushq $0x202\n\t"		/* rflags */
		     "pushq %[cs]\n\t"		/* cs */
		     "leaq 8f(%%rip), %%rcx\n\t"
		     "pushq %%rcx\n\t"		/* rip */
		     "pushq $0\n\t"		/* flags */
		     "pushq $0\n\t"		/* rcx */
		     "pushq $0\n\t"		/* r11 */
		     "pushq %[rax]\n\t"		/* rax */
		     "movl %[iret], %%eax\n\t"
		     "syscall\n\t"
		     "ud2\n\t"
		     "ud2\n"
		     "8:\tmovq %%rax, %[seen]\n\t"
		     "movq $0, resume_rip(%%rip)\n"
		     "9:"
		     : [seen] "+m"(seen)
		     : [ss] "i"(FLAT_KERNEL_SS), [cs] "i"(KERNEL_CS_RPL0), [rax] "r"(rax),
		       [iret] "i"(__HYPERVISOR_iret)
		     : "rax", "rcx", "r11", "memory");
	return seen;
}

/* The frame: rax = the old sentinel, rip = the first canonical
 * address of the upper half (the hypervisor's, so not ours to run). The
 * guest must be entered there and fault there. */
static void check_iret_to_hypervisor_start(void)
{
	fault_rip = 0;
	asm volatile("leaq 9f(%%rip), %%rcx\n\t"
		     "movq %%rcx, resume_rip(%%rip)\n\t"
		     "movq %%rsp, %%rcx\n\t"
		     "pushq %[ss]\n\t"
		     "pushq %%rcx\n\t"
		     "pushq $0x202\n\t"
		     "pushq %[cs]\n\t"
		     "movabsq %[rip], %%rcx\n\t"
		     "pushq %%rcx\n\t"
		     "pushq $0\n\tpushq $0\n\tpushq $0\n\t"
		     "pushq %[rax]\n\t"
		     "movl %[iret], %%eax\n\t"
		     "syscall\n"
		     "9:"
		     : : [ss] "i"(FLAT_KERNEL_SS), [cs] "i"(KERNEL_CS_RPL0),
		       [rip] "i"(HV_START), [rax] "r"(OLD_SENTINEL), [iret] "i"(__HYPERVISOR_iret)
		     : "rax", "rcx", "r11", "memory");
	CHECK_EQ(fault_rip, HV_START, "iret to 0xffff800000000000 with rax 0x7fff0000: "
		 "the fault comes from that rip, not a rewound one");
}

static long memop_from_extent(unsigned long start, unsigned int op)
{
	struct xen_memory_reservation r = { .nr_extents = 0, .domid = DOMID_SELF };

	return hypercall5(__HYPERVISOR_memory_op, (long)(start << MEMOP_EXTENT_SHIFT | op),
			  (long)&r, 0, 0, 0);
}

/* Xen refuses a count whose progress a continuation's cmd could not
 * hold (more than UINT_MAX >> MEMOP_EXTENT_SHIFT), returning the start
 * extent before it reads a single extent. */
static void check_count_too_large_to_continue(void)
{
	struct xen_memory_reservation r = { .nr_extents = (0xffffffffUL >> MEMOP_EXTENT_SHIFT) + 1,
					    .domid = DOMID_SELF };

	set_xen_guest_handle(r.extent_start, (uint64_t *)0x1000);	/* unmapped */
	CHECK_EQ(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 0,
		 "populate of 2^26 extents: the start extent, at once");
}

static void check_in_a_multicall(void)
{
	static struct xen_memory_reservation r = { .nr_extents = 0, .domid = DOMID_SELF };
	struct multicall_entry mc[3] = {
		{ __HYPERVISOR_get_debugreg, 99, { 0 } },
		{ __HYPERVISOR_memory_op, 99,
		  { OLD_SENTINEL << MEMOP_EXTENT_SHIFT | XENMEM_populate_physmap, (unsigned long)&r } },
		{ __HYPERVISOR_xen_version, 99, { XENVER_version } },
	};

	CHECK_EQ(hypercall5(__HYPERVISOR_multicall, (long)mc, 3, 0, 0, 0), 0, "multicall");
	CHECK_EQ(mc[0].result, OLD_SENTINEL, "get_debugreg in a multicall");
	CHECK_EQ(mc[1].result, OLD_SENTINEL, "memory_op in a multicall");
	CHECK_EQ(mc[2].result, HYPERVISOR_xen_version(XENVER_version, NULL),
		 "the entry after them ran once");
}

void check_restart_out_of_band(void)
{
	CHECK_EQ(iret_with_rax(OLD_SENTINEL), OLD_SENTINEL,
		 "iret with rax 0x7fff0000 lands at its rip with that rax");
	CHECK_EQ(iret_with_rax(1234), 1234, "iret with rax 1234");
	check_iret_to_hypervisor_start();
	/* Xen's do_memory_op returns a start extent at or past nr_extents
	 * as it is. */
	CHECK_EQ(memop_from_extent(OLD_SENTINEL, XENMEM_populate_physmap), OLD_SENTINEL,
		 "populate_physmap whose cmd encodes extent 0x7fff0000");
	CHECK_EQ(memop_from_extent(OLD_SENTINEL, XENMEM_decrease_reservation), OLD_SENTINEL,
		 "decrease_reservation whose cmd encodes extent 0x7fff0000");
	check_count_too_large_to_continue();
	CHECK_EQ(hypercall5(__HYPERVISOR_set_debugreg, 0, OLD_SENTINEL, 0, 0, 0), 0,
		 "DR0 = 0x7fff0000 (a guest address)");
	CHECK_EQ(hypercall5(__HYPERVISOR_get_debugreg, 0, 0, 0, 0, 0), OLD_SENTINEL,
		 "get_debugreg returns it");
	check_in_a_multicall();
	guest_printf("results equal to the old restart value came back as results\n");
}
