/* SPDX-License-Identifier: GPL-2.0-only */
/* Control registers and MSRs the hypervisor needs before running guests:
 * NX if the CPU has it, the syscall MSRs through which guest kernels make
 * hypercalls (Xen PV64 ABI: syscall with the number in rax), SSE enabled
 * for guests, CR0.WP so that read-only page-table mappings bind ring 0 too,
 * SMEP and SMAP if the CPU has them (ring 0 never runs guest code, and
 * reads or writes guest memory only through guest_access.c), and the
 * legacy PIC masked so no stray BIOS timer tick arrives as a "double
 * fault" on vector 8. */
#include <parvus/console.h>
#include <parvus/layout.h>
#include <parvus/string.h>
#include <arch/cpu.h>
#include <arch/machine.h>
#include <xen/xen.h>

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xa0
#define PIC2_DATA	0xa1
#define PIC_REMAP_BASE	0x20

#define CPUID_80000008_EBX_RSTR_FP_ERR_PTRS (1U << 2)
#define CPUID7_EBX_SMEP	(1U << 7)
#define CPUID7_EBX_SMAP	(1U << 20)

extern char syscall_entry[], syscall32_entry[];
static bool nx_supported, fpu_ptrs_bug;
bool cpu_smap_on;

bool cpu_has_nx(void)
{
	return nx_supported;
}

/* Move the PIC's vectors away from the exception range, then mask it. */
static void pic_disable(void)
{
	outb(PIC1_CMD, 0x11);
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, PIC_REMAP_BASE);
	outb(PIC2_DATA, PIC_REMAP_BASE + 8);
	outb(PIC1_DATA, 4);
	outb(PIC2_DATA, 2);
	outb(PIC1_DATA, 1);
	outb(PIC2_DATA, 1);
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
}

/* The one legacy interrupt we take: the serial port's, for interactive
 * console input (IRQ 4 on the master PIC). */
void pic_unmask_irq(unsigned int irq)
{
	if (irq < 8)
		outb(PIC1_DATA, inb(PIC1_DATA) & ~(1u << irq));
}

void pic_eoi(void)
{
	outb(PIC1_CMD, 0x20);
}

static void syscall_msrs_init(void)
{
	/* SYSRET loads CS = STAR[63:48] + 16 (FLAT_RING3_CS64) and
	 * SS = STAR[63:48] + 8 (FLAT_RING3_SS64); SYSCALL loads HV_CS/HV_DS. */
	wrmsr(MSR_STAR, ((uint64_t)FLAT_RING3_CS32 << 48) |
			((uint64_t)HV_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_CSTAR, (uint64_t)syscall32_entry);
	/* SYSENTER_CS 0 makes sysenter fault (#GP) instead of entering ring 0. */
	wrmsr(MSR_SYSENTER_CS, 0);
	wrmsr(MSR_SFMASK, RFLAGS_IF | RFLAGS_TF | RFLAGS_DF | RFLAGS_AC |
			  RFLAGS_NT | RFLAGS_IOPL);
}

bool cpu_fxrstor_keeps_x87_pointers(void)
{
	return fpu_ptrs_bug;
}

/* As Xen's init_amd: an AMD (or Hygon) CPU saves and restores the x87
 * error pointers with fxsave/fxrstor only if it says so in CPUID
 * 0x80000008 EBX (RSTR_FP_ERR_PTRS); Intel's always do. */
static bool detect_fpu_ptrs_bug(void)
{
	uint32_t max_ext, b, c, d, vendor[3];

	cpuid(0, 0, &max_ext, &vendor[0], &vendor[2], &vendor[1]);
	if (memcmp(vendor, "AuthenticAMD", 12) && memcmp(vendor, "HygonGenuine", 12))
		return false;
	cpuid(0x80000000, 0, &max_ext, &b, &c, &d);
	if (max_ext < 0x80000008)
		return true;
	cpuid(0x80000008, 0, &max_ext, &b, &c, &d);
	return !(b & CPUID_80000008_EBX_RSTR_FP_ERR_PTRS);
}

/* Every guest page is _PAGE_USER (the guest kernel runs in ring 3), so
 * SMEP stops ring 0 from executing any of them and SMAP from touching one
 * outside guest_access.c's stac/clac window, as Xen does with its
 * smep/smap options. */
static uint64_t cr4_user_page_guards(void)
{
	uint32_t max_leaf, b, c, d, ebx7 = 0;
	uint64_t cr4 = 0;

	cpuid(0, 0, &max_leaf, &b, &c, &d);
	if (max_leaf >= 7)
		cpuid(7, 0, &max_leaf, &ebx7, &c, &d);
	if (ebx7 & CPUID7_EBX_SMEP)
		cr4 |= CR4_SMEP;
	if (ebx7 & CPUID7_EBX_SMAP)
		cr4 |= CR4_SMAP;
	return cr4;
}

void cpu_init_features(void)
{
	uint32_t a, b, c, d;
	uint64_t efer = rdmsr(MSR_EFER) | EFER_SCE, guards;

	cpuid(0x80000001, 0, &a, &b, &c, &d);
	nx_supported = d & (1U << 20);
	if (nx_supported)
		efer |= EFER_NXE;
	wrmsr(MSR_EFER, efer);
	write_cr0(read_cr0() | CR0_WP);
	guards = cr4_user_page_guards();
	write_cr4((read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT | guards) & ~CR4_PGE);
	cpu_smap_on = guards & CR4_SMAP;
	printk("parvus: SMEP %s, SMAP %s\n", guards & CR4_SMEP ? "on" : "off",
	       cpu_smap_on ? "on" : "off");
	fpu_ptrs_bug = detect_fpu_ptrs_bug();
	if (fpu_ptrs_bug)
		printk("parvus: fxrstor keeps the x87 FIP/FDP/FOP (AMD without "
		       "RSTR_FP_ERR_PTRS): cleared on every switch\n");
	/* Xen's PAT layout, which PV guests are told about (MSR_PAT reads). */
	wrmsr(MSR_PAT, XEN_MSR_PAT);
	syscall_msrs_init();
	pic_disable();
}
