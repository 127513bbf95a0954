/* SPDX-License-Identifier: GPL-2.0-only */
/* What the hypervisor prints when something goes wrong in ring 0: every
 * register, CR2/CR3, and a backtrace that follows the frame-pointer chain
 * (the hypervisor is built with -fno-omit-frame-pointer) as far as it stays
 * on a hypervisor stack. Addresses are resolved through the embedded symbol
 * table; `addr2line -e build/parvus.elf ADDR` gives file and line. */
#include <parvus/console.h>
#include <parvus/symbols.h>
#include <parvus/layout.h>
#include <parvus/string.h>
#include <arch/cpu.h>
#include <arch/machine.h>

#define BACKTRACE_MAX_FRAMES 32

/* The symbol table emitted into .hv_symbols by the second link pass (the
 * first pass links an empty one). */
struct hv_symbol_table {
	uint64_t count;
	struct hv_symbol syms[];
};

extern const struct hv_symbol_table __start_hv_symbols[];
extern const char _text[], _etext[];

void symbol_format(char *buf, size_t size, uint64_t addr)
{
	const struct hv_symbol_table *t = __start_hv_symbols;
	const struct hv_symbol *s = NULL;

	if (addr >= (uint64_t)_text && addr < (uint64_t)_etext)
		s = symbol_find(t->syms, t->count, addr);
	if (s)
		snprintf(buf, size, "%s+0x%lx", s->name,
			 (unsigned long)(addr - s->addr));
	else
		snprintf(buf, size, "0x%016lx", (unsigned long)addr);
}

uint64_t read_frame_pointer(void)
{
	return read_rbp();
}

void dump_regs(const struct cpu_regs *r)
{
	char sym[96];

	symbol_format(sym, sizeof(sym), r->rip);
	printk("RIP: %04lx:%016lx  %s\n", (unsigned long)r->cs,
	       (unsigned long)r->rip, sym);
	printk("RSP: %04lx:%016lx  RFLAGS: %016lx\n", (unsigned long)r->ss,
	       (unsigned long)r->rsp, (unsigned long)r->rflags);
	printk("RAX: %016lx RBX: %016lx RCX: %016lx\n", (unsigned long)r->rax,
	       (unsigned long)r->rbx, (unsigned long)r->rcx);
	printk("RDX: %016lx RSI: %016lx RDI: %016lx\n", (unsigned long)r->rdx,
	       (unsigned long)r->rsi, (unsigned long)r->rdi);
	printk("RBP: %016lx R8:  %016lx R9:  %016lx\n", (unsigned long)r->rbp,
	       (unsigned long)r->r8, (unsigned long)r->r9);
	printk("R10: %016lx R11: %016lx R12: %016lx\n", (unsigned long)r->r10,
	       (unsigned long)r->r11, (unsigned long)r->r12);
	printk("R13: %016lx R14: %016lx R15: %016lx\n", (unsigned long)r->r13,
	       (unsigned long)r->r14, (unsigned long)r->r15);
	printk("CR2: %016lx CR3: %016lx CR0: %016lx CR4: %016lx\n",
	       (unsigned long)read_cr2(), (unsigned long)read_cr3(),
	       (unsigned long)read_cr0(), (unsigned long)read_cr4());
}

static bool on_hv_stack(uint64_t p)
{
	/* Frames must lie inside the hypervisor image (its stacks are
	 * there), never in guest memory a hostile guest could prepare. */
	return p >= HV_VIRT_BASE && p < DIRECTMAP_BASE && !(p & 7);
}

/* A fault in a leaf function, or before its prologue ran, leaves the
 * caller's return address at the top of the stack and out of the rbp
 * chain; show it, marked '?' as possibly stale, when it points at code. */
static void dump_stack_top(uint64_t rsp)
{
	char sym[96];
	uint64_t word;

	if (!on_hv_stack(rsp))
		return;
	word = *(const uint64_t *)rsp;
	if (word < (uint64_t)_text || word >= (uint64_t)_etext)
		return;
	symbol_format(sym, sizeof(sym), word);
	printk("  ? [<%016lx>] %s\n", (unsigned long)word, sym);
}

void dump_backtrace(uint64_t rbp, uint64_t fault_rsp)
{
	char sym[96];

	printk("Backtrace:\n");
	if (fault_rsp)
		dump_stack_top(fault_rsp);
	for (int i = 0; i < BACKTRACE_MAX_FRAMES && on_hv_stack(rbp); i++) {
		const uint64_t *frame = (const uint64_t *)rbp;
		uint64_t ret = frame[1];

		if (!ret)
			break;
		symbol_format(sym, sizeof(sym), ret);
		printk("  [<%016lx>] %s\n", (unsigned long)ret, sym);
		if (frame[0] <= rbp)
			break;	/* the chain must move up the stack */
		rbp = frame[0];
	}
}
