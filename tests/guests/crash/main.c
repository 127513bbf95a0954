/* crash: ends badly on purpose, in the way the command line picks
 * (mode=...), to check that the hypervisor contains each failure to this
 * domain and reports it:
 *   shutdown       SCHEDOP_shutdown(SHUTDOWN_crash)
 *   pagefault      read an unmapped address
 *   hv-read        read the hypervisor's memory (mapped, but supervisor-only)
 *   pt-write       write to our own page table, which is mapped read-only
 *   ud2            execute an invalid opcode
 * Reaching the end of test_main means the failure did not happen. */
#include "guest.h"

#define UNMAPPED_VA	0x1000UL
#define HV_DIRECTMAP_VA	0xffff830000200000UL	/* hypervisor image, via the direct map */

void test_main(void)
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
	else
		guest_fail("unknown mode=%s", mode);
	guest_fail("mode '%s' did not end the domain", mode);
}
