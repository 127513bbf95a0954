/* SPDX-License-Identifier: GPL-2.0-only */
/* privop: executes one privileged instruction natively, chosen by the
 * command line (insn=cli|sti|hlt|lgdt|ltr|invlpg|wrmsr-efer|mov-cr0).
 * A PV guest kernel runs in ring 3, so the CPU refuses each with #GP, and
 * none of these has a PV meaning the hypervisor could emulate (or, for
 * wrmsr EFER and mov to CR0, the value is not one a PV guest may set).
 * With no trap table the domain is destroyed with a message naming the
 * instruction, and the hypervisor keeps running. A guest that survives
 * the instruction reports FAILURE. (tests/guests/emulate covers the
 * instructions that are emulated.) */
#include "guest.h"

static void execute(const char *insn)
{
	static const struct { uint16_t limit; uint64_t base; } __packed gdtr;

	if (!strcmp(insn, "cli"))
		asm volatile("cli");
	else if (!strcmp(insn, "sti"))
		asm volatile("sti");
	else if (!strcmp(insn, "hlt"))
		asm volatile("hlt");
	else if (!strcmp(insn, "wrmsr-efer"))
		asm volatile("wrmsr" : : "c"(0xc0000080), "a"(0), "d"(0));
	else if (!strcmp(insn, "mov-cr0"))
		asm volatile("mov %0, %%cr0" : : "r"(0UL));
	else if (!strcmp(insn, "lgdt"))
		asm volatile("lgdt %0" : : "m"(gdtr));
	else if (!strcmp(insn, "ltr"))
		asm volatile("ltr %w0" : : "r"(0x40));
	else if (!strcmp(insn, "invlpg"))
		asm volatile("invlpg (%0)" : : "r"(0x1000UL) : "memory");
	else
		guest_fail("unknown insn=%s", insn);
}

void guest_main(void)
{
	char insn[16] = "cli";

	guest_arg("insn", insn, sizeof(insn));
	guest_printf("executing privileged instruction '%s' in ring 3\n", insn);
	execute(insn);
	guest_fail("'%s' did not trap: the guest is still running", insn);
}
