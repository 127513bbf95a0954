/* SPDX-License-Identifier: GPL-2.0-only */
/* emulate: the privileged instructions a PV kernel executes natively and
 * the hypervisor carries out for it: CPUID through the forced-emulation
 * prefix (with the PV policy and Xen's leaves), the MSRs on the allowlist,
 * control registers, port I/O (no ports: reads give all-ones), clts and
 * wbinvd. What may not be done raises #GP in the guest, which this guest
 * catches with a trap handler, like Linux's rdmsr_safe does. */
#include "guest.h"
#include "events.h"
#include <xen/physdev.h>

#define PV_CPUID(leaf, sub, r)						\
	asm volatile("ud2; .ascii \"xen\"; cpuid"			\
		     : "=a"((r)[0]), "=b"((r)[1]), "=c"((r)[2]), "=d"((r)[3])	\
		     : "0"(leaf), "2"(sub))
#define MSR_FS_BASE	0xc0000100
#define MSR_GS_BASE	0xc0000101
#define MSR_SHADOW_GS	0xc0000102
#define MSR_EFER	0xc0000080
#define MSR_PAT		0x277

extern char gp_handler[];
volatile uint64_t gp_count, gp_error;
/* #GP handler: count, skip the 2-byte rdmsr/wrmsr, return with iret. */
asm(".text\n"
    "gp_handler:\n"
    "	popq %rcx\n"
    "	popq %r11\n"
    "	popq gp_error(%rip)\n"
    "	incq gp_count(%rip)\n"
    "	addq $2, 0(%rsp)\n"
    "	pushq $0\n	pushq %rcx\n	pushq %r11\n	pushq %rax\n"
    "	movl $23, %eax\n"
    "	syscall\n");

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo = 0, hi = 0;

	asm volatile("rdmsr" : "+a"(lo), "+d"(hi) : "c"(msr) : "r11", "memory");
	return (uint64_t)hi << 32 | lo;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
	asm volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
		     : "r11", "memory");
}

static void check_cpuid(void)
{
	uint32_t r[4];
	char sig[13];

	PV_CPUID(0x40000000, 0, r);
	memcpy(sig, &r[1], 4);
	memcpy(sig + 4, &r[2], 4);
	memcpy(sig + 8, &r[3], 4);
	sig[12] = 0;
	CHECK(!strcmp(sig, "XenVMMXenVMM"), "hypervisor signature \"%s\"", sig);
	CHECK(r[0] >= 0x40000002, "max hypervisor leaf 0x%x", r[0]);
	PV_CPUID(0x40000001, 0, r);
	CHECK_EQ(r[0], (4 << 16) | 17, "hypervisor version leaf");
	PV_CPUID(0x40000002, 0, r);
	CHECK_EQ(r[0], 1, "one hypercall page");
	CHECK_EQ(r[1], 0x40000000, "hypercall page MSR");
	/* The time leaf agrees with the pvclock record the guest reads. */
	PV_CPUID(0x40000003, 0, r);
	CHECK_EQ(r[1], 2, "tsc_mode: never emulated");
	CHECK(r[2] > 1000, "TSC rate %u kHz", r[2]);
	PV_CPUID(0x40000003, 1, r);
	events_map_shared_info();
	CHECK_EQ(r[2], guest_vcpu_info->time.tsc_to_system_mul, "tsc-to-ns multiplier");
	CHECK_EQ((int8_t)r[3], guest_vcpu_info->time.tsc_shift, "tsc-to-ns shift");
	PV_CPUID(1, 0, r);
	CHECK(r[2] & (1u << 31), "hypervisor bit set");
	CHECK(!(r[3] & (1u << 3)), "PSE hidden");
	CHECK(!(r[3] & (1u << 13)), "PGE hidden");
	CHECK(!(r[3] & (1u << 9)), "APIC hidden");
	CHECK(!(r[2] & (1u << 26)), "XSAVE hidden");
	CHECK(!(r[2] & (1u << 17)), "PCID hidden");
	CHECK(r[3] & (1u << 0), "FPU kept");
	PV_CPUID(7, 0, r);
	CHECK(!(r[1] & ((1u << 0) | (1u << 7) | (1u << 20))), "FSGSBASE, SMEP, SMAP hidden");
	PV_CPUID(0x80000001, 0, r);
	CHECK(!(r[3] & (1u << 26)), "1 GiB pages hidden");
	CHECK(r[3] & (1u << 29), "long mode kept");
}

static uint64_t gs_probe = 0x12345678;

/* Linux's startup_xen does this before it has a trap table. */
static void check_early_gs_base(void)
{
	uint64_t v;

	wrmsr(MSR_GS_BASE, (uint64_t)&gs_probe);
	asm volatile("movq %%gs:0, %0" : "=r"(v));
	CHECK_EQ(v, gs_probe, "wrmsr GS_BASE emulated");
}

static void check_msrs(void)
{
	static uint64_t probe = 0x12345678;
	uint64_t before;

	wrmsr(MSR_GS_BASE, (uint64_t)&probe);
	CHECK_EQ(rdmsr(MSR_GS_BASE), (uint64_t)&probe, "rdmsr GS_BASE");
	wrmsr(MSR_FS_BASE, 0x5000);
	CHECK_EQ(rdmsr(MSR_FS_BASE), 0x5000, "FS_BASE round trip");
	wrmsr(MSR_FS_BASE, 0);
	wrmsr(MSR_SHADOW_GS, 0x7000);
	CHECK_EQ(rdmsr(MSR_SHADOW_GS), 0x7000, "inactive GS base round trip");
	CHECK_EQ(rdmsr(MSR_PAT), 0x0000050100070406UL, "Xen's PAT");
	CHECK(rdmsr(MSR_EFER) & (1u << 10), "EFER says long mode active");
	CHECK_EQ(rdmsr(0x8b), 0, "microcode revision reads 0");

	before = gp_count;
	rdmsr(0x1b);				/* APIC base: not for PV */
	CHECK_EQ(gp_count, before + 1, "unknown MSR read is a #GP");
	CHECK_EQ(gp_error, 0, "#GP(0)");
	wrmsr(MSR_EFER, 0);
	CHECK_EQ(gp_count, before + 2, "changing EFER is a #GP");
	wrmsr(MSR_PAT, 0x0007040600070406UL);
	CHECK_EQ(gp_count, before + 3, "changing PAT is a #GP");
	wrmsr(MSR_GS_BASE, 0x0000900000000000UL);
	CHECK_EQ(gp_count, before + 4, "non-canonical GS base is a #GP");
}

static void check_control_registers(void)
{
	uint64_t cr0, cr3, cr4, v;

	asm volatile("mov %%cr0, %0" : "=r"(cr0));
	CHECK_EQ(cr0 & 0x80000001, 0x80000001, "CR0 shows PG and PE");
	asm volatile("mov %%cr3, %0" : "=r"(cr3));
	CHECK_EQ(cr3 >> 12, ((const uint64_t *)start_info->mfn_list)
		 [(start_info->pt_base - 0xffffffff80000000UL) >> 12], "CR3 is our L4's MFN");
	asm volatile("mov %0, %%cr3" : : "r"(cr3) : "memory");	/* = NEW_BASEPTR */
	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	CHECK(cr4 & (1u << 5), "CR4 shows PAE");
	asm volatile("mov %0, %%cr4" : : "r"(cr4 | (1u << 7)));	/* PGE: dropped */
	asm volatile("mov %%cr4, %0" : "=r"(v));
	CHECK(!(v & (1u << 7)), "CR4.PGE cannot be set");
	asm volatile("mov %0, %%cr2" : : "r"(0x4242UL));
	asm volatile("mov %%cr2, %0" : "=r"(v));
	CHECK_EQ(v, 0x4242, "CR2 round trip");
	asm volatile("mov %0, %%cr0" : : "r"(cr0 | 8));		/* TS */
	asm volatile("mov %%cr0, %0" : "=r"(v));
	CHECK(v & 8, "CR0.TS set");
	asm volatile("clts");
	asm volatile("mov %%cr0, %0" : "=r"(v));
	CHECK(!(v & 8), "clts cleared it");
	asm volatile("wbinvd");
}

/* The hypercall-page MSR (CPUID 0x40000002): stubs into a page of ours. */
static void check_hypercall_msr(void)
{
	unsigned long pfn = ((start_info->pt_base - 0xffffffff80000000UL) >> 12) +
			    start_info->nr_pt_frames + 8;
	uint8_t *page = (uint8_t *)(0xffffffff80000000UL + pfn * 4096);
	uint64_t mfn = ((const uint64_t *)start_info->mfn_list)[pfn], before = gp_count;
	long (*stub)(void);
	long v;

	wrmsr(0x40000000, mfn << 12);
	CHECK_EQ(gp_count, before, "the hypercall MSR accepted our page");
	CHECK_EQ(page[17 * 32 + 4], 17, "stub 17 loads its number");
	stub = (long (*)(void))(page + __HYPERVISOR_xen_version * 32);
	asm volatile("xorl %%edi, %%edi\n\tcall *%1" : "=a"(v) : "r"(stub)
		     : "rdi", "rcx", "r11", "memory");
	CHECK_EQ(v, HYPERVISOR_xen_version(XENVER_version, NULL), "the new page works");
	wrmsr(0x40000000, 0x200UL << 12);			/* the hypervisor's */
	CHECK_EQ(gp_count, before + 1, "a frame that is not ours is a #GP");
	wrmsr(0x40000000, (mfn << 12) | 1);
	CHECK_EQ(gp_count, before + 2, "page index 1 does not exist");
}

static void check_ports(void)
{
	uint64_t v = 0x1234567800000000UL;

	asm volatile("inb $0x80, %%al" : "+a"(v));
	CHECK_EQ(v, 0x12345678000000ffUL, "inb gives 0xff, rest untouched");
	v = 0;
	asm volatile("inw %%dx, %%ax" : "+a"(v) : "d"(0xcfc));
	CHECK_EQ(v, 0xffff, "inw gives 0xffff");
	v = 0xffffffff00000000UL;
	asm volatile("inl %%dx, %%eax" : "+a"(v) : "d"(0xcfc));
	CHECK_EQ(v, 0xffffffffUL, "inl zero-extends like the real thing");
	asm volatile("outb %%al, $0x80" : : "a"(0));
	asm volatile("outl %%eax, %%dx" : : "a"(0x80000000), "d"(0xcf8));
}

static uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %%dx, %%al" : "=a"(v) : "d"(port));
	return v;
}

static void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %%al, %%dx" : : "a"(v), "d"(port));
}

static uint16_t pit_ch2_read(void)
{
	uint8_t lo = inb(0x42);

	return (uint16_t)(lo | inb(0x42) << 8);
}

/* PIT channel 2 as Linux's TSC calibration programs it: gate up on port
 * 0x61, mode 0, count 0xffff; it must count down at 1.193182 MHz of the
 * pvclock's time, and its output rise at the terminal count. */
static void check_pit_channel_2(void)
{
	uint64_t t0, t1;
	uint16_t c0, c1, ticks, want;

	outb(0x61, (uint8_t)((inb(0x61) & ~2) | 1));
	CHECK_EQ(inb(0x61) & 3, 1, "port 0x61: gate up, speaker off");
	outb(0x43, 0xb0);
	outb(0x42, 0xff);
	outb(0x42, 0xff);
	/* Up to three 2 ms windows: the host may stop QEMU between a time
	 * read and a counter read, which costs one window, not the check. */
	for (int tries = 0; tries < 3; tries++) {
		t0 = guest_now_ns();
		c0 = pit_ch2_read();
		while (guest_now_ns() - t0 < 2000000)
			;
		c1 = pit_ch2_read();
		t1 = guest_now_ns();
		ticks = (uint16_t)(c0 - c1);
		want = (uint16_t)((t1 - t0) * 1193182 / 1000000000);
		if (ticks <= want + 2 && ticks + 600 >= want)
			break;
	}
	CHECK(ticks <= want + 2 && ticks + 600 >= want, "counts at the PIT rate: %u ticks in "
	      "%u ticks' time", ticks, want);
	CHECK_EQ(inb(0x61) & 0x20, 0, "OUT low before the terminal count");
	outb(0x43, 0x90);			/* LSB only: a 10-tick one-shot */
	outb(0x42, 10);
	t0 = guest_now_ns();
	while (guest_now_ns() - t0 < 20000)
		;
	CHECK_EQ(inb(0x61) & 0x20, 0x20, "OUT high after it");
	outb(0x61, 0);
}

/* PHYSDEVOP_pirq_eoi_gmfn_v2: a page of our own, once (Linux registers
 * one at boot); a bad pointer, a frame not ours or one of our page tables
 * (it would become writable-typed) is refused. The argument lies in the
 * very page it registers: the call reads it, then types that page. */
static void check_eoi_map(void)
{
	static char page[4096] __attribute__((aligned(4096)));
	const uint64_t *mfns = (const uint64_t *)start_info->mfn_list;
	uint64_t pfn = ((uint64_t)page - 0xffffffff80000000UL) >> 12;
	uint64_t l4_pfn = (start_info->pt_base - 0xffffffff80000000UL) >> 12;
	struct physdev_pirq_eoi_gmfn *g = (struct physdev_pirq_eoi_gmfn *)page;
	struct physdev_pirq_eoi_gmfn bad = { ~0UL >> 12 }, l4 = { mfns[l4_pfn] };

	CHECK_EQ(hypercall5(__HYPERVISOR_physdev_op, PHYSDEVOP_pirq_eoi_gmfn_v2, 0, 0, 0, 0),
		 -XEN_EFAULT, "EOI map at a bad pointer");
	CHECK_EQ(hypercall5(__HYPERVISOR_physdev_op, PHYSDEVOP_pirq_eoi_gmfn_v2, (long)&bad, 0, 0, 0),
		 -XEN_EINVAL, "EOI map on a frame not ours");
	CHECK_EQ(hypercall5(__HYPERVISOR_physdev_op, PHYSDEVOP_pirq_eoi_gmfn_v2, (long)&l4, 0, 0, 0),
		 -XEN_EINVAL, "EOI map on our L4");
	g->gmfn = mfns[pfn];
	CHECK_EQ(hypercall5(__HYPERVISOR_physdev_op, PHYSDEVOP_pirq_eoi_gmfn_v2, (long)g, 0, 0, 0),
		 0, "EOI map on the page holding the argument");
	CHECK_EQ(hypercall5(__HYPERVISOR_physdev_op, PHYSDEVOP_pirq_eoi_gmfn_v2, (long)g, 0, 0, 0),
		 -XEN_EBUSY, "a second EOI map");
	page[100] = 42;		/* still ours to write */
	CHECK_EQ(page[100], 42, "the EOI page stays writable");
}

/* cli and sti need a virtual IOPL (PHYSDEVOP_set_iopl), and are then
 * no-ops, as in Xen. gp_handler skips two bytes: "cli; nop". */
static void check_cli_sti(void)
{
	struct physdev_set_iopl iopl = { 4 };
	uint64_t before = gp_count;

	asm volatile("cli; nop" ::: "memory");
	CHECK_EQ(gp_count, before + 1, "cli with IOPL 0 is #GP");
	CHECK_EQ(hypercall5(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, (long)&iopl, 0, 0, 0),
		 -XEN_EINVAL, "IOPL 4");
	CHECK_EQ(hypercall5(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, 0x1000, 0, 0, 0),
		 -XEN_EFAULT, "unreadable argument");
	iopl.iopl = 1;
	CHECK_EQ(hypercall5(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, (long)&iopl, 0, 0, 0),
		 0, "IOPL 1, as Linux asks");
	asm volatile("cli; nop; sti; nop" ::: "memory");
	CHECK_EQ(gp_count, before + 1, "cli and sti with IOPL 1 pass");
	check_eoi_map();
	iopl.iopl = 0;
	CHECK_EQ(hypercall5(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, (long)&iopl, 0, 0, 0),
		 0, "IOPL 0 again");
	asm volatile("sti; nop" ::: "memory");
	CHECK_EQ(gp_count, before + 2, "sti with IOPL 0 is #GP");
}

void guest_main(void)
{
	static struct trap_info table[] = {
		{ 13, 0, FLAT_KERNEL_CS, (unsigned long)gp_handler }, { 0 },
	};

	check_early_gs_base();
	CHECK_EQ(hypercall5(__HYPERVISOR_set_trap_table, (long)table, 0, 0, 0, 0), 0,
		 "set_trap_table");
	check_msrs();
	check_cpuid();
	check_control_registers();
	check_ports();
	check_pit_channel_2();
	check_hypercall_msr();
	check_cli_sti();
}
