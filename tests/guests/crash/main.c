/* SPDX-License-Identifier: GPL-2.0-only */
/* crash: ends badly on purpose, in the way the command line picks
 * (mode=...), to check that the hypervisor contains each failure to this
 * domain and reports it:
 *   shutdown       SCHEDOP_shutdown(SHUTDOWN_crash)
 *   pagefault      read an unmapped address
 *   hv-read        read the hypervisor's memory (mapped, but supervisor-only)
 *   pt-write       write to our own page table, which is mapped read-only
 *   ud2            execute an invalid opcode
 *   bad-stack      fault with a trap handler but an unmapped kernel stack
 *   iret-ring0     HYPERVISOR_iret to the hypervisor's code selector
 *   iret-noncanon  HYPERVISOR_iret to a non-canonical rip
 *   iret-user      HYPERVISOR_iret to user mode with no user page table
 *   text-write     write to our own code after guest_protect_image()
 *   stack-overflow recurse past the boot stack after guest_protect_image()
 * Reaching the end of guest_main means the failure did not happen. */
#include "guest.h"

#define UNMAPPED_VA	0x1000UL
#define HV_DIRECTMAP_VA	0xffff830000200000UL	/* hypervisor image, via the direct map */

/* HYPERVISOR_iret with the given frame, from a fresh stack area. */
static void iret_to(uint64_t rip, uint64_t cs, uint64_t ss)
{
	static uint64_t frame[9];

	frame[4] = rip;		/* rax, r11, rcx, flags, then rip */
	frame[5] = cs;
	frame[6] = 0x202;
	frame[7] = (uint64_t)&frame[9];
	frame[8] = ss;
	asm volatile("movq %0, %%rsp\n\t"
		     "movl %1, %%eax\n\t"
		     "syscall"
		     : : "r"(frame), "i"(__HYPERVISOR_iret) : "rax", "memory");
}

static void fault_on_bad_stack(void)
{
	static struct trap_info table[] = {
		{ 6, 0, FLAT_KERNEL_CS, (unsigned long)guest_main }, { 0 },
	};

	hypercall5(__HYPERVISOR_set_trap_table, (long)table, 0, 0, 0, 0);
	asm volatile("movq $0x1000, %%rsp\n\tud2" : : : "memory");
}

/* Deep enough to leave any stack; the exit only keeps the compiler from
 * calling it infinite. */
static unsigned long recurse(unsigned long depth)
{
	volatile char frame[512];

	frame[0] = (char)depth;
	if (depth == ~0UL)
		return 0;
	return recurse(depth + 1) + frame[0];
}

static void protect_then(const char *mode)
{
	CHECK_EQ(guest_protect_image(), 0, "guest_protect_image");
	if (!strcmp(mode, "text-write"))
		*(volatile uint8_t *)guest_main = 0xc3;
	else
		guest_printf("recursed %lu deep\n", recurse(0));
}

void guest_main(void)
{
	char mode[16] = "shutdown";

	guest_arg("mode", mode, sizeof(mode));
	guest_printf("crash mode '%s'\n", mode);
	if (!strcmp(mode, "shutdown"))
		HYPERVISOR_shutdown(SHUTDOWN_crash);
	else if (!strcmp(mode, "pagefault"))
		(void)*(volatile uint64_t *)UNMAPPED_VA;
	else if (!strcmp(mode, "hv-read"))
		(void)*(volatile uint64_t *)HV_DIRECTMAP_VA;
	else if (!strcmp(mode, "pt-write"))
		*(volatile uint64_t *)start_info->pt_base = 0;
	else if (!strcmp(mode, "ud2"))
		asm volatile("ud2");
	else if (!strcmp(mode, "bad-stack"))
		fault_on_bad_stack();
	else if (!strcmp(mode, "iret-ring0"))
		iret_to((uint64_t)guest_main, 0xe008, FLAT_KERNEL_SS);
	else if (!strcmp(mode, "iret-noncanon"))
		iret_to(0x0000900000000000UL, FLAT_KERNEL_CS & ~3, FLAT_KERNEL_SS);
	else if (!strcmp(mode, "iret-user"))
		iret_to((uint64_t)guest_main, FLAT_USER_CS, FLAT_USER_SS);
	else if (!strcmp(mode, "text-write") || !strcmp(mode, "stack-overflow"))
		protect_then(mode);
	else
		guest_fail("unknown mode=%s", mode);
	guest_fail("mode '%s' did not end the domain", mode);
}
