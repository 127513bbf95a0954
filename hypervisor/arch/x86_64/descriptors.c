/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's GDT, TSS and IDT. The GDT is as large as a PV guest's
 * may be (14 pages of guest descriptors, later filled by set_gdt) plus the
 * hypervisor's own page 14, which holds the flat selectors named in Xen's
 * public headers (FLAT_RING3_CS64 = 0xe033, ...). Exceptions that can hit
 * with a broken stack (#DF, NMI, #MC) run on their own IST stacks, and so
 * does #DB: `mov ss` from a watched address followed by syscall makes the
 * CPU deliver the #DB in ring 0 at syscall_entry, before it has left the
 * guest's rsp (XSA-260), and a ring-0 to ring-0 exception without IST
 * would push its frame wherever that rsp points. */
#include <parvus/layout.h>
#include <parvus/string.h>
#include <arch/cpu.h>
#include <arch/machine.h>
#include <xen/xen.h>

struct __packed tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
};

struct __packed idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
};

#define IST_DOUBLE_FAULT	1
#define IST_NMI			2
#define IST_MACHINE_CHECK	3
#define IST_DEBUG		4
#define NR_IST_STACKS		4
#define IST_STACK_SIZE		4096
#define GATE_INTERRUPT		0x8e	/* present, DPL 0, 64-bit interrupt gate */
#define GATE_DPL3		0x60

static uint64_t gdt[GDT_NR_ENTRIES] __aligned(PAGE_SIZE);
static uint64_t ldt[LDT_MAX_ENTRIES] __aligned(PAGE_SIZE);	/* the guest's, checked */
/* Pages of guest descriptors that may be non-zero: clearing stops there,
 * which keeps a context switch from wiping 56 KiB it never touched. */
static unsigned int gdt_dirty_pages = GDT_FIRST_RESERVED_ENTRY / 512;
static struct tss64 tss __aligned(128);
static struct idt_gate idt[256] __aligned(PAGE_SIZE);
static uint8_t ist_stacks[NR_IST_STACKS][IST_STACK_SIZE] __aligned(16);
extern const char exception_stubs[];	/* entry.S: 256 stubs, 16 bytes each */

#define GDT_SLOT(sel) (gdt[(sel) >> 3])

static void gdt_set_tss(void)
{
	uint64_t base = (uint64_t)&tss;
	uint64_t limit = sizeof(tss) - 1;

	GDT_SLOT(HV_TSS) = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			   (0x89UL << 40) | (((limit >> 16) & 0xf) << 48) |
			   (((base >> 24) & 0xff) << 56);
	gdt[(HV_TSS >> 3) + 1] = base >> 32;
}

static void gdt_init(void)
{
	GDT_SLOT(HV_CS) = 0x00af9a000000ffff;		/* ring-0 64-bit code */
	GDT_SLOT(HV_DS) = 0x00cf92000000ffff;		/* ring-0 data */
	GDT_SLOT(FLAT_RING3_CS32) = 0x00cffb000000ffff;	/* ring-3 32-bit code */
	GDT_SLOT(FLAT_RING3_DS32) = 0x00cff3000000ffff;	/* ring-3 data */
	GDT_SLOT(FLAT_RING3_CS64) = 0x00affb000000ffff;	/* ring-3 64-bit code */
	gdt_set_tss();
}

static void idt_set_gate(unsigned int vec, uint8_t ist, uint8_t attr)
{
	uint64_t target = (uint64_t)(exception_stubs + vec * 16);

	idt[vec] = (struct idt_gate){
		.offset_lo = target & 0xffff,
		.selector = HV_CS,
		.ist = ist,
		.type_attr = attr,
		.offset_mid = (target >> 16) & 0xffff,
		.offset_hi = target >> 32,
	};
}

static void idt_init(void)
{
	for (unsigned int v = 0; v < 256; v++)
		idt_set_gate(v, 0, GATE_INTERRUPT);
	idt_set_gate(1, IST_DEBUG, GATE_INTERRUPT);
	idt_set_gate(2, IST_NMI, GATE_INTERRUPT);
	idt_set_gate(8, IST_DOUBLE_FAULT, GATE_INTERRUPT);
	idt_set_gate(18, IST_MACHINE_CHECK, GATE_INTERRUPT);
	/* int3 and into are legitimate from ring 3, as on Xen; every other
	 * software interrupt from a guest raises #GP instead. */
	idt_set_gate(3, 0, GATE_INTERRUPT | GATE_DPL3);
	idt_set_gate(4, 0, GATE_INTERRUPT | GATE_DPL3);
}

static void tss_init(void)
{
	tss.rsp[0] = (uint64_t)hv_stack_top;
	for (unsigned int i = 0; i < NR_IST_STACKS; i++)
		tss.ist[i] = (uint64_t)ist_stacks[i] + IST_STACK_SIZE;
	/* No I/O bitmap: every port access from ring 3 faults. */
	tss.iomap_base = sizeof(tss);
}

static void load_segments(void)
{
	/* Reload CS with a far return, then the data segments. */
	asm volatile("pushq %[cs]\n\t"
		     "leaq 1f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "lretq\n"
		     "1:\n\t"
		     "movl %[ds], %%eax\n\t"
		     "movl %%eax, %%ds\n\t"
		     "movl %%eax, %%es\n\t"
		     "movl %%eax, %%ss\n\t"
		     "xorl %%eax, %%eax\n\t"
		     "movl %%eax, %%fs\n\t"
		     "movl %%eax, %%gs\n\t"
		     : : [cs] "i"(HV_CS), [ds] "i"(HV_DS) : "rax", "memory");
}

void gdt_load_guest_page(unsigned int page, const uint64_t *descs)
{
	memcpy(&gdt[page * 512], descs, PAGE_SIZE);
	if (page + 1 > gdt_dirty_pages)
		gdt_dirty_pages = page + 1;
}

void gdt_clear_guest_pages(unsigned int from_page)
{
	if (from_page < gdt_dirty_pages)
		memset(&gdt[from_page * 512], 0,
		       (gdt_dirty_pages - from_page) * PAGE_SIZE);
	gdt_dirty_pages = from_page;
}

void ldt_load_guest_page(unsigned int page, const uint64_t *descs)
{
	memcpy(&ldt[page * 512], descs, PAGE_SIZE);
}

/* An LDT system descriptor (16 bytes in long mode) in the hypervisor's GDT
 * slot for it, then lldt; no entries means no LDT at all. */
void ldt_activate(unsigned int nr_ents)
{
	uint64_t base = (uint64_t)ldt, limit = nr_ents * 8 - 1;

	if (!nr_ents) {
		lldt(0);
		return;
	}
	GDT_SLOT(HV_LDT) = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			   (0x82UL << 40) | (((limit >> 16) & 0xf) << 48) |
			   (((base >> 24) & 0xff) << 56);
	gdt[(HV_LDT >> 3) + 1] = base >> 32;
	lldt(HV_LDT);
}

void cpu_init_descriptors(void)
{
	struct desc_ptr gdtr = { sizeof(gdt) - 1, (uint64_t)gdt };
	struct desc_ptr idtr = { sizeof(idt) - 1, (uint64_t)idt };

	gdt_init();
	tss_init();
	idt_init();
	lgdt(&gdtr);
	load_segments();
	ltr(HV_TSS);
	lldt(0);
	lidt(&idtr);
}
