/* SPDX-License-Identifier: GPL-2.0-only */
/* hello: the first PV guest. Checks the basic hypercall ABI both ways it
 * can be reached (hypercall page stubs and a bare syscall), that
 * console_io, xen_version and sched_op behave as Xen's do, that bad
 * arguments get Xen errno values rather than crashing anyone, and that a
 * hypercall preserves the registers the ABI says it preserves.
 * Built twice: with a HYPERCALL_PAGE note (hello) and without (hello-nopage,
 * like Linux 6.1), where only the syscall method exists. */
#include "guest.h"

#define HV_IMAGE_VA	0xffff828000200000UL	/* hypervisor text */
#define NONCANONICAL_VA	0x0000900000000000UL
#define UNMAPPED_VA	0x1000UL

static void check_console(const char *how)
{
	static const char msg[] = "Hello from a Parvus PV guest";
	char line[96];
	int n = snprintf(line, sizeof(line), "%s (via %s)\n", msg, how);

	CHECK_EQ(HYPERVISOR_console_io(CONSOLEIO_write, n, line), 0,
		 "console_io write");
}

static void check_version(void)
{
	xen_extraversion_t extra;
	long v = HYPERVISOR_xen_version(XENVER_version, NULL);

	CHECK(v >> 16 >= 3, "xen_version major %ld below 3", v >> 16);
	memset(extra, 'x', sizeof(extra));
	CHECK_EQ(HYPERVISOR_xen_version(XENVER_extraversion, extra), 0,
		 "XENVER_extraversion");
	CHECK(strnlen(extra, sizeof(extra)) < sizeof(extra),
	      "extraversion is not NUL-terminated");
	guest_printf("Xen ABI version %ld.%ld%.16s\n", v >> 16, v & 0xffff, extra);
	CHECK_EQ(HYPERVISOR_xen_version(XENVER_pagesize, NULL), 4096,
		 "XENVER_pagesize");
}

static void check_features(void)
{
	xen_feature_info_t fi = { .submap_idx = 0, .submap = 0xdeadbeef };

	CHECK_EQ(HYPERVISOR_xen_version(XENVER_get_features, &fi), 0,
		 "get_features submap 0");
	CHECK(!(fi.submap & (1u << XENFEAT_auto_translated_physmap)),
	      "a PV guest must not be told it is auto-translated");
	CHECK(!(fi.submap & (1u << XENFEAT_dom0)), "a domU is not dom0");
	fi.submap_idx = XENFEAT_NR_SUBMAPS;
	CHECK_EQ(HYPERVISOR_xen_version(XENVER_get_features, &fi), -XEN_EINVAL,
		 "get_features past the last submap");
}

/* Pointers a guest must not be able to make the hypervisor use. */
static void check_bad_pointers(void)
{
	static const uint64_t bad[] = { HV_IMAGE_VA, NONCANONICAL_VA, UNMAPPED_VA };

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		const char *p = (const char *)bad[i];
		CHECK_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 8, p),
			 -XEN_EFAULT, "console_io from a bad pointer");
		CHECK_EQ(HYPERVISOR_xen_version(XENVER_extraversion, (void *)p),
			 -XEN_EFAULT, "extraversion to a bad pointer");
		CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_shutdown, (void *)p),
			 -XEN_EFAULT, "shutdown from a bad pointer");
	}
	/* Writing into our own read-only page tables must fail too. */
	CHECK_EQ(HYPERVISOR_xen_version(XENVER_extraversion,
					(void *)start_info->pt_base),
		 -XEN_EFAULT, "extraversion into a read-only page table");
}

static void check_bad_requests(void)
{
	struct sched_shutdown bad_reason = { .reason = 99 };

	CHECK_EQ(hypercall5(60, 0, 0, 0, 0, 0), -XEN_ENOSYS,
		 "unknown hypercall 60");
	/* The page has 128 stubs; larger numbers only exist via syscall. */
	CHECK_EQ(hypercall_syscall(1000, 0, 0, 0, 0, 0), -XEN_ENOSYS,
		 "out-of-range hypercall 1000");
	CHECK_EQ(hypercall_syscall(-1L, 0, 0, 0, 0, 0), -XEN_ENOSYS,
		 "hypercall number -1");
	CHECK_EQ(HYPERVISOR_console_io(1234, 0, NULL), -XEN_ENOSYS,
		 "unknown console_io command");
	CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_shutdown, &bad_reason),
		 -XEN_EINVAL, "shutdown with an unknown reason");
	CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0, "SCHEDOP_yield");
}

/* The ABI preserves every register except rax, rcx, r11 and the argument
 * registers; in particular r9, rbx, rbp and r12-r15. */
static void check_preserved_registers(void)
{
	unsigned long out[7];

	asm volatile("push %%rbp\n\t"
		     "push %%rbx\n\t"
		     "push %[out]\n\t"	/* out may live in rbx */
		     "mov $0x1111, %%r9\n\t"
		     "mov $0x2222, %%rbx\n\t"
		     "mov $0x3333, %%rbp\n\t"
		     "mov $0x4444, %%r12\n\t"
		     "mov $0x5555, %%r13\n\t"
		     "mov $0x6666, %%r14\n\t"
		     "mov $0x7777, %%r15\n\t"
		     "mov %[nr], %%eax\n\t"
		     "xor %%edi, %%edi\n\t"
		     "syscall\n\t"
		     "pop %%rdi\n\t"
		     "mov %%r9, 0(%%rdi)\n\t"
		     "mov %%rbx, 8(%%rdi)\n\t"
		     "mov %%rbp, 16(%%rdi)\n\t"
		     "mov %%r12, 24(%%rdi)\n\t"
		     "mov %%r13, 32(%%rdi)\n\t"
		     "mov %%r14, 40(%%rdi)\n\t"
		     "mov %%r15, 48(%%rdi)\n\t"
		     "pop %%rbx\n\t"
		     "pop %%rbp"
		     : : [nr] "i"(__HYPERVISOR_xen_version), [out] "r"(out)
		     : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10",
		       "r11", "r12", "r13", "r14", "r15", "memory");
	for (unsigned int i = 0; i < ARRAY_SIZE(out); i++)
		CHECK_EQ(out[i], 0x1111 * (i + 1), "register preserved across a hypercall");
}

static void check_start_info(void)
{
	CHECK(!strncmp(start_info->magic, "xen-3.0-x86_64", 14),
	      "start_info magic \"%.32s\"", start_info->magic);
	CHECK(start_info->nr_pages > 0, "start_info nr_pages is 0");
	CHECK(start_info->pt_base >= 0xffffffff80000000UL,
	      "pt_base 0x%lx not in the bootstrap region",
	      (unsigned long)start_info->pt_base);
	guest_printf("command line: \"%s\"\n", (const char *)start_info->cmd_line);
}

static void run_checks(const char *how)
{
	check_console(how);
	check_version();
	check_features();
	check_bad_pointers();
	check_bad_requests();
}

void guest_main(void)
{
	check_start_info();
	check_preserved_registers();
#ifndef NO_HYPERCALL_PAGE
	hypercall_method = HYPERCALL_VIA_PAGE;
	run_checks("the hypercall page");
	hypercall_method = HYPERCALL_VIA_SYSCALL;
	CHECK_EQ(HYPERVISOR_xen_version(XENVER_version, NULL),
		 hypercall_via_page(__HYPERVISOR_xen_version, 0, 0, 0, 0, 0),
		 "xen_version same through page and syscall");
#endif
	run_checks("syscall");
}
