/* The grant scenario: a read-only grant of the witness mapped in the
 * scratch area, then taken down one of the ways a kernel may (or may not)
 * do it, after which the witness's page must not be reachable any more;
 * and grant_op, the plain one-item grant_table_op it (and the audit)
 * uses. */
#include "fuzz.h"

static long do_read(void *p)
{
	return *(volatile uint64_t *)p ? 0 : 0;
}

/* Whether the page at host holds the witness's pattern (witness/main.c:
 * word i is (pfn << 32 | i) ^ 0x5a5aa5a5c3c33c3c), read under fuzz_try. */
struct page_probe {
	uint64_t host;
	bool match;
};

static long do_check_witness_page(void *p)
{
	struct page_probe *pr = p;
	const volatile uint64_t *w = (const volatile uint64_t *)pr->host;

	pr->match = true;
	for (unsigned int i = 0; i < 8; i++)
		if (((w[i] ^ 0x5a5aa5a5c3c33c3cUL) & 0xffffffffUL) != i)
			pr->match = false;
	return 0;
}

static bool witness_page_at(uint64_t host)
{
	struct page_probe pr = { host, false };

	return fuzz_try(do_check_witness_page, &pr) == 0 && pr.match;
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

/* A read-only grant of the witness mapped in the scratch area, then
 * taken down one of the ways a kernel may (or may not) do it: unmap,
 * overwrite the PTE, or unlink its L1 and link it back, where the stale
 * PTE must keep the L1 from validating. Writing the page must fault. */
void fuzz_op_grant_scenario(void)
{
	unsigned int k = (unsigned int)rn(SCRATCH_L1S), slot = 64 + (unsigned int)rn(448);
	uint64_t host = SCRATCH_VA + k * (512 * PAGE) + slot * PAGE, l1 = scratch_tables[2 + k];
	struct gnttab_map_grant_ref map = {
		.host_addr = host, .flags = GNTMAP_host_map | GNTMAP_readonly,
		.ref = (grant_ref_t)(8 + rn(8)), .dom = witness_id };
	struct gnttab_unmap_grant_ref unmap = { .host_addr = host };
	long a[5] = { (long)host, map.ref, 0, 0, 0 }, rc;
	struct logged_call *l = fuzz_log_call(68, a);
	unsigned int how = (unsigned int)rn(5);
	struct mmuext_op flush = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };
	bool readable;

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
	switch (how) {
	case 0:
		fuzz_grant_op(GNTTABOP_unmap_grant_ref, &unmap);
		if (unmap.status != GNTST_okay)
			guest_fail("unmapping a live grant mapping: status %d", unmap.status);
		break;
	case 1:
		fuzz_mmu_write(l1, slot, 0);
		fuzz_grant_op(GNTTABOP_unmap_grant_ref, &unmap);	/* the PTE went: an error */
		break;
	case 2:
		HYPERVISOR_update_va_mapping(host, fuzz_rand_pte(), UVMF_INVLPG);
		fuzz_grant_op(GNTTABOP_unmap_grant_ref, &unmap);
		break;
	case 3:	/* unlinked, relinked: the stale foreign PTE must be refused */
		if (fuzz_mmu_write(scratch_tables[1], k, 0))
			break;
		rc = fuzz_mmu_write(scratch_tables[1], k, l1 << 12 | 7);
		if (rc) {	/* refused: clear it as the plain page it is now */
			fuzz_mmu_write(l1, slot, 0);
			fuzz_mmu_write(scratch_tables[1], k, l1 << 12 | 7);
		}
		/* As on Xen, dropping entries leaves the TLB to the guest:
		 * flush before asking what is still mapped. */
		flush.cmd = MMUEXT_TLB_FLUSH_LOCAL;
		HYPERVISOR_mmuext_op(&flush, 1, NULL, DOMID_SELF);
		readable = fuzz_try(do_read, (void *)host) == 0;
		fuzz_grant_op(GNTTABOP_unmap_grant_ref, &unmap);
		HYPERVISOR_mmuext_op(&flush, 1, NULL, DOMID_SELF);
		/* Still mapped, yet not by this grant mapping: the address may
		 * now go through another L1 holding an older mapping of ours
		 * (left there on purpose, perhaps at another address sharing
		 * that L1). Once every grant mapping we hold is gone, nothing
		 * may be mapped there any more. */
		if (readable && unmap.status != GNTST_okay && witness_page_at(host)) {
			for (unsigned int h = 0; h < 128; h++) {
				struct gnttab_unmap_grant_ref u = { .handle = (grant_handle_t)h };

				fuzz_grant_op(GNTTABOP_unmap_grant_ref, &u);
			}
			HYPERVISOR_mmuext_op(&flush, 1, NULL, DOMID_SELF);
			readable = witness_page_at(host);
		} else {
			readable = false;	/* not the witness's page, or unmapped */
		}
		if (readable && unmap.status != GNTST_okay)
			guest_fail("the witness's frame stayed mapped at 0x%lx after its grant "
				   "mapping went (relink rc %ld, unmap status %d)",
				   (unsigned long)host, rc, unmap.status);
		fuzz_mmu_write(l1, slot, 0);
		break;
	default:	/* left for the end of a domain to take down */
		break;
	}
	l->rc = how;
	l->done = true;
}
