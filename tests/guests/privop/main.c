/* privop: executes one privileged instruction natively, chosen by the
 * command line (insn=cli|sti|hlt|cr3|wrmsr|in|lgdt). A PV guest kernel
 * runs in ring 3, so the CPU refuses each with #GP; the instruction must
 * never take effect. Until emulation exists the hypervisor kills the domain
 * with a message naming the instruction, and keeps running itself. A
 * guest that survives the instruction reports FAILURE. */
#include "guest.h"

static void execute(const char *insn)
{
	static const struct { uint16_t limit; uint64_t base; } __packed gdtr;
	unsigned long v;

	if (!strcmp(insn, "cli"))
		asm volatile("cli");
	else if (!strcmp(insn, "sti"))
		asm volatile("sti");
	else if (!strcmp(insn, "hlt"))
		asm volatile("hlt");
	else if (!strcmp(insn, "cr3"))
		asm volatile("mov %%cr3, %0" : "=r"(v));
	else if (!strcmp(insn, "wrmsr"))
		asm volatile("wrmsr" : : "c"(0xc0000080), "a"(0), "d"(0));
	else if (!strcmp(insn, "in"))
		asm volatile("inb $0x80, %%al" : : : "rax");
	else if (!strcmp(insn, "lgdt"))
		asm volatile("lgdt %0" : : "m"(gdtr));
	else
		guest_fail("unknown insn=%s", insn);
}

void test_main(void)
{
	char insn[16] = "cli";

	guest_arg("insn", insn, sizeof(insn));
	guest_printf("executing privileged instruction '%s' in ring 3\n", insn);
	execute(insn);
	guest_fail("'%s' did not trap: the guest is still running", insn);
}
