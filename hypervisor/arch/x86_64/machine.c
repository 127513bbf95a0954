/* SPDX-License-Identifier: GPL-2.0-only */
/* Ending a run. Under QEMU the isa-debug-exit device turns the status into
 * QEMU's exit code; on real hardware the write goes nowhere and the CPU
 * halts with interrupts off. */
#include <arch/cpu.h>
#include <arch/machine.h>

void machine_exit(int code)
{
	outl(PARVUS_EXIT_IOPORT, (uint32_t)code);
	halt_forever();
}
