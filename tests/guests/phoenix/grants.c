/* SPDX-License-Identifier: GPL-2.0-only */
/* phoenix grants=PEER: grants across a restart, with two cooperating
 * domains. Each instance K of phoenix grants PEER one page (ref 8+K,
 * "phoenix instance K") and publishes the ref and the frame's mfn in
 * xenstore; it crashes only once PEER has mapped it, so the frame must
 * outlive it as an orphan. The next instance, told the dead one's mfn,
 * tries to map that frame (writable, read-only): refused, it is nobody's.
 * The companion (grants=PHOENIX) keeps each mapping over the crash,
 * checks the page still holds the dead instance's words, that the dead
 * instance's ref means nothing to the new one, and then unmaps it; the
 * run's frame count shows every orphan came back. */
#include "phoenix.h"
#include "guest_pt.h"
#include <xen/grant_table.h>

#define FIRST_REF	8
#define WAIT_NS		(20ULL * 1000000000ULL)

static long gnttab(int cmd, void *op, int count)
{
	return hypercall5(__HYPERVISOR_grant_table_op, cmd, (long)op, count, 0, 0);
}

/* perms "n<owner>\0r<reader>\0" on a node of ours. */
void phoenix_share_node(const char *rel, unsigned int owner, unsigned int reader)
{
	char perms[32];
	int n = snprintf(perms, sizeof(perms), "n%u", owner);

	n += 1 + snprintf(perms + n + 1, sizeof(perms) - (size_t)n - 1, "r%u", reader);
	CHECK(xs_set_perms(rel, perms, (size_t)n + 1) == 0, "share %s", rel);
}

/* The dead instance's frame: an orphan while the peer maps it. */
static void try_the_dead_frame(uint64_t mfn)
{
	uint64_t va = (uint64_t)spare_va(2);
	unsigned int failures = guest_failures();

	CHECK(HYPERVISOR_update_va_mapping(va, mfn << 12 | 7, UVMF_INVLPG) != 0,
	      "the dead instance's frame 0x%lx mapped writable", (unsigned long)mfn);
	CHECK(HYPERVISOR_update_va_mapping(va, mfn << 12 | 5, UVMF_INVLPG) != 0,
	      "the dead instance's frame 0x%lx mapped read-only", (unsigned long)mfn);
	if (guest_failures() == failures)
		guest_printf("phoenix: the dead instance's frame is not ours to map\n");
}

static void wait_until_mapped(unsigned int peer, unsigned long boots)
{
	char path[64];
	uint64_t start = guest_now_ns();

	snprintf(path, sizeof(path), "/local/domain/%u/data/mapped", peer);
	while (phoenix_read_number(path) != boots && guest_now_ns() - start < WAIT_NS)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	CHECK(phoenix_read_number(path) == boots, "d%u mapped our page", peer);
}

void phoenix_share(unsigned int self, unsigned int peer, unsigned long boots)
{
	struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = 1 };
	volatile struct grant_entry_v1 *table = spare_va(0);
	xen_pfn_t frame;

	if (boots > 1)
		try_the_dead_frame(phoenix_read_number("data/mfn"));
	set_xen_guest_handle(setup.frame_list, &frame);
	CHECK(gnttab(GNTTABOP_setup_table, &setup, 1) == 0 && setup.status == GNTST_okay,
	      "setup_table");
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)table, frame << 12 | 7, UVMF_INVLPG), 0,
		 "map our grant table frame");
	snprintf(spare_va(1), 64, "phoenix instance %lu", boots);
	table[FIRST_REF + boots] = (struct grant_entry_v1){ GTF_permit_access, (domid_t)peer,
							    (uint32_t)spare_mfn(1) };
	phoenix_write_number("data/mfn", spare_mfn(1));
	phoenix_write_number("data/gref", FIRST_REF + boots);
	phoenix_share_node("data/gref", self, peer);
	wait_until_mapped(peer, boots);
}

/* ---- the companion's side ---- */

struct held {
	unsigned long instance;		/* 0: none */
	grant_handle_t handle;
	char *va;
};

static int16_t map(domid_t dom, grant_ref_t ref, char *va, grant_handle_t *h)
{
	struct gnttab_map_grant_ref op = { (uint64_t)va, GNTMAP_host_map, ref, dom, 0, 0, 0 };

	CHECK_EQ(gnttab(GNTTABOP_map_grant_ref, &op, 1), 0, "map_grant_ref hypercall");
	*h = op.handle;
	return op.status;
}

static int16_t unmap(char *va, grant_handle_t h)
{
	struct gnttab_unmap_grant_ref op = { (uint64_t)va, 0, h, 0 };

	CHECK_EQ(gnttab(GNTTABOP_unmap_grant_ref, &op, 1), 0, "unmap_grant_ref hypercall");
	return op.status;
}

/* Two holes (spare pages 5 and 6, unmapped once) for the mappings. */
static char *hole(unsigned long instance)
{
	static bool made;

	if (!made) {
		CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)spare_va(5), 0, UVMF_INVLPG), 0, "hole");
		CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)spare_va(6), 0, UVMF_INVLPG), 0, "hole");
		made = true;
	}
	return spare_va(5 + (int)(instance & 1));
}

/* The dead instance's page, still mapped: its words, and its ref refused
 * by the new instance; then let go. */
static void release_dead(unsigned int phoenix, struct held *old)
{
	unsigned int failures = guest_failures();
	char want[32];
	grant_handle_t h;

	snprintf(want, sizeof(want), "phoenix instance %lu", old->instance);
	CHECK(!strcmp(old->va, want), "the dead instance's page reads \"%s\"", old->va);
	CHECK(map(phoenix, FIRST_REF + old->instance, hole(old->instance + 1), &h) != GNTST_okay,
	      "the dead instance's ref %lu mapped from the new one", FIRST_REF + old->instance);
	CHECK_EQ(unmap(old->va, old->handle), GNTST_okay, "unmap the dead instance's page");
	if (guest_failures() == failures)
		guest_printf("companion: instance %lu's page held intact over its death; "
			     "its ref refused by the next\n", old->instance);
}

static struct held held_page;

void companion_follow(unsigned int self, unsigned int phoenix)
{
	struct held *held = &held_page;
	char path[64], want[32];
	unsigned long ref, instance;
	grant_handle_t h;

	snprintf(path, sizeof(path), "/local/domain/%u/data/gref", phoenix);
	ref = phoenix_read_number(path);
	instance = ref > FIRST_REF ? ref - FIRST_REF : 0;
	if (!instance || instance == held->instance)
		return;
	if (held->instance)
		release_dead(phoenix, held);
	CHECK(map(phoenix, (grant_ref_t)ref, hole(instance), &h) == GNTST_okay, "map ref %lu", ref);
	snprintf(want, sizeof(want), "phoenix instance %lu", instance);
	CHECK(!strcmp(hole(instance), want), "instance %lu's page reads \"%s\"", instance,
	      hole(instance));
	*held = (struct held){ instance, h, hole(instance) };
	phoenix_write_number("data/mapped", instance);
	phoenix_share_node("data/mapped", self, phoenix);
}

void companion_let_go(void)
{
	if (held_page.instance)
		CHECK_EQ(unmap(held_page.va, held_page.handle), GNTST_okay, "unmap the last page");
	held_page.instance = 0;
}
