/* Deliberate hypervisor failures, selected with selftest= on the
 * hypervisor command line, so the integration tests can check that a
 * fault in ring 0 really produces the register dump, the backtrace and
 * the failure exit status (the paths one otherwise only sees on a bad
 * day). Without the option nothing here runs. */
#include <parvus/boot_info.h>
#include <parvus/console.h>
#include <parvus/string.h>

#define UNMAPPED_HV_VA 0xffff870000000000UL	/* in our slots, never mapped */

void selftest_run(const char *cmdline);

/* noipa and the barriers keep real frames and calls, so the backtrace
 * has something known to show. */
static __attribute__((noipa)) uint64_t selftest_touch(uint64_t va)
{
	uint64_t v = *(volatile uint64_t *)va;

	asm volatile("" : : : "memory");
	return v;
}

static __attribute__((noipa)) void selftest_ring0_pagefault(void)
{
	printk("parvus: selftest: reading unmapped 0x%lx in ring 0\n",
	       UNMAPPED_HV_VA);
	selftest_touch(UNMAPPED_HV_VA);
	asm volatile("" : : : "memory");
}

void selftest_run(const char *cmdline)
{
	char what[32];

	if (!cmdline_get(cmdline, "selftest", what, sizeof(what)))
		return;
	if (!strcmp(what, "ring0-pagefault"))
		selftest_ring0_pagefault();
	else if (!strcmp(what, "panic"))
		panic("selftest: panic requested on the command line");
	else
		printk("parvus: unknown selftest=%s ignored\n", what);
}
