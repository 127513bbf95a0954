/* SPDX-License-Identifier: GPL-2.0-only */
/* Deliberate hypervisor failures, selected with selftest= on the
 * hypervisor command line, so the integration tests can check that a
 * fault in ring 0 really produces the register dump, the backtrace and
 * the failure exit status (the paths one otherwise only sees on a bad
 * day). Without the option nothing here runs. */
#include <parvus/barrier.h>
#include <parvus/boot_info.h>
#include <parvus/console.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/string.h>
#include <arch/cpu.h>
#include <arch/paging.h>

#define UNMAPPED_HV_VA 0xffff870000000000UL	/* in our slots, never mapped */
#define X86_RET 0xc3

void selftest_run(const char *cmdline);
void selftest_run_on_guest(const char *cmdline, struct domain *d);

/* noipa and the barriers keep real frames and calls, so the backtrace
 * has something known to show. */
static __attribute__((noipa)) uint64_t selftest_touch(uint64_t va)
{
	uint64_t v = *(volatile uint64_t *)va;

	barrier();
	return v;
}

static __attribute__((noipa)) void selftest_ring0_pagefault(void)
{
	printk("parvus: selftest: reading unmapped 0x%lx in ring 0\n",
	       UNMAPPED_HV_VA);
	selftest_touch(UNMAPPED_HV_VA);
	barrier();
}

/* SMAP: ring 0 reads the guest's start_info page (a _PAGE_USER page, as
 * every guest page is) once through copy_from_guest, which must work, then
 * directly, which must fault. Runs on the guest's page tables, as a
 * hypercall would. */
static __attribute__((noipa)) void selftest_smap(struct domain *d)
{
	uint64_t va = d->vcpu0.regs.rsi;	/* start_info, as the ABI says */
	char magic[8] = "";

	write_cr3(d->vcpu0.cr3);
	if (copy_from_guest(magic, va, sizeof(magic) - 1))
		panic("selftest: copy_from_guest could not read start_info");
	printk("parvus: selftest: copy_from_guest read \"%s\" from d%u's start_info\n",
	       magic, d->domid);
	printk("parvus: selftest: reading guest page 0x%lx in ring 0 without stac\n",
	       (unsigned long)va);
	selftest_touch(va);
	printk("parvus: selftest: the read worked: SMAP did not stop ring 0\n");
	paging_load_idle();
}

/* SMEP: ring 0 calls a ret instruction it put in the guest's start_info
 * page (past the structure): the call must fault, never run guest code. */
static __attribute__((noipa)) void selftest_smep(struct domain *d)
{
	uint64_t va = d->vcpu0.regs.rsi + PAGE_SIZE - 8;
	uint8_t ret = X86_RET;

	write_cr3(d->vcpu0.cr3);
	if (copy_to_guest(va, &ret, 1))
		panic("selftest: copy_to_guest could not write start_info");
	printk("parvus: selftest: calling guest page 0x%lx in ring 0\n",
	       (unsigned long)va);
	((void (*)(void))va)();
	printk("parvus: selftest: the call returned: SMEP did not stop ring 0\n");
	paging_load_idle();
}

/* The self-tests that need a built domain (the first one): they run
 * before it does. */
void selftest_run_on_guest(const char *cmdline, struct domain *d)
{
	char what[32];

	if (!d || !cmdline_get(cmdline, "selftest", what, sizeof(what)))
		return;
	if (!strcmp(what, "smap"))
		selftest_smap(d);
	else if (!strcmp(what, "smep"))
		selftest_smep(d);
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
	else if (strcmp(what, "smap") && strcmp(what, "smep"))
		printk("parvus: unknown selftest=%s ignored\n", what);
}
