/* SPDX-License-Identifier: GPL-2.0-only */
/* The grant scenario: a read-only grant of the witness mapped in the
 * grant window, then unmapped or left for teardown; and grant_op, the
 * plain one-item grant_table_op it (and the audit) uses. */
#include "fuzz.h"

static long do_read(void *p)
{
	return *(volatile uint64_t *)p ? 0 : 0;
}

static long do_write(void *p)
{
	*(volatile uint64_t *)p = 0x5ca1ab1e;
	return 0;
}

long fuzz_grant_op(unsigned int cmd, void *op)
{
	return hypercall5(__HYPERVISOR_grant_table_op, cmd, (long)op, 1, 0, 0);
}

/* A read-only grant of the witness mapped in the grant window, then
 * unmapped, or left for the end of a domain to take down. Writing the page
 * must fault. Taking it down any other way (overwriting the PTE, unlinking
 * its L1) gets a domain crashed now: tests/guests/gntattack checks that. */
void fuzz_op_grant_scenario(void)
{
	unsigned int slot = (unsigned int)rn(pair_role ? 256 : 512);	/* see gen_grants.c */
	uint64_t host = GRANT_WINDOW_VA + slot * PAGE;
	struct gnttab_map_grant_ref map = {
		.host_addr = host, .flags = GNTMAP_host_map | GNTMAP_readonly,
		.ref = (grant_ref_t)(8 + rn(8)), .dom = witness_id };
	struct gnttab_unmap_grant_ref unmap = { .host_addr = host };
	long a[5] = { (long)host, map.ref, 0, 0, 0 };
	struct logged_call *l = fuzz_log_call(68, a);
	unsigned int how = (unsigned int)rn(2);

	stats[64 + 4].calls++;
	if (fuzz_grant_op(GNTTABOP_map_grant_ref, &map) || map.status != GNTST_okay) {
		l->rc = map.status;
		l->done = true;
		return;
	}
	grant_maps++;
	stats[64 + 4].ok++;
	unmap.handle = map.handle;
	fuzz_try(do_read, (void *)host);
	if (fuzz_try(do_write, (void *)host) == 0)
		guest_fail("wrote a page the witness granted read-only, at 0x%lx",
			   (unsigned long)host);
	a[2] = how;
	if (how == 0) {
		fuzz_grant_op(GNTTABOP_unmap_grant_ref, &unmap);
		if (unmap.status != GNTST_okay)
			guest_fail("unmapping a live grant mapping: status %d", unmap.status);
	}
	l->rc = how;
	l->done = true;
}
