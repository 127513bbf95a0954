/* SPDX-License-Identifier: GPL-2.0-only */
/* xenstore: two guests (role=alice, role=bob) talk through the xenstore
 * domain: what the hypervisor seeded for them, nodes one writes and the
 * other reads once permitted (and not before), watches that wake the
 * reader, a transaction that conflicts (EAGAIN) and one that commits.
 * role=mallory first sends paths 127 components deep (which once
 * overflowed xenstored's stack), then breaks its own ring (an index a ring
 * and more ahead) and must get the ring's error field set, while the
 * others carry on.
 * role=front and role=back check the device nodes the toolstack decided
 * (boot-manifest node lines, made by xenstored at boot) for disk xvda
 * (51712) and vif 0 of the front end, served by the back end: values as
 * libxl writes them, permissions exact, each side reading what it may and
 * refused what it may not.
 * Command line: role=alice|bob|mallory|front|back me=<name> peer=<peer domid>. */
#include "guest.h"
#include "xs_client.h"
#include "events.h"
#include <xen/io/xs_wire.h>

static char me[32], peer[8], mine[16];
static char path[128], value[256];

static const char *peer_path(const char *rel)
{
	snprintf(path, sizeof(path), "/local/domain/%s/%s", peer, rel);
	return path;
}

/* "n<owner>\0r<reader>\0" */
static int share_with_peer(const char *rel)
{
	char perms[32];
	int n = snprintf(perms, sizeof(perms), "n%s", mine);

	n += 1 + snprintf(perms + n + 1, sizeof(perms) - n - 1, "r%s", peer);
	return xs_set_perms(rel, perms, (size_t)n + 1);
}

static void check_seeded(void)
{
	char want[64];

	CHECK(xs_read("domid", mine, sizeof(mine)) > 0, "read my domid");
	snprintf(want, sizeof(want), "/local/domain/%s", mine);
	CHECK(xs_request(XS_GET_DOMAIN_PATH, 0, mine, strlen(mine) + 1, value, sizeof(value)) > 0 &&
	      !strcmp(value, want), "get_domain_path: %s", value);
	CHECK(xs_read("name", value, sizeof(value)) > 0 && !strcmp(value, me), "name: %s", value);
	CHECK(xs_read("memory/target", value, sizeof(value)) > 0, "memory/target");
	snprintf(want, sizeof(want), "%u", start_info->console.domU.evtchn);
	CHECK(xs_read("console/port", value, sizeof(value)) > 0 && !strcmp(value, want),
	      "console/port %s, want %s", value, want);
	snprintf(want, sizeof(want), "%u", start_info->store_evtchn);
	CHECK(xs_read("store/port", value, sizeof(value)) > 0 && !strcmp(value, want),
	      "store/port %s, want %s", value, want);
	CHECK_EQ(xs_write("name", "mallory"), -XEN_EACCES, "renaming myself");
	CHECK_EQ(xs_read(peer_path("name"), value, sizeof(value)), -XEN_EACCES,
		 "reading the peer's name");
	guest_printf("%s: seeded as /local/domain/%s\n", me, mine);
}

/* Waits until the peer's node rel reads as want, woken by a watch. */
static void wait_for_peer_node(const char *rel, const char *want)
{
	char token[16], p[128];

	CHECK_EQ(xs_watch(peer_path(rel), "peer"), 0, "watch the peer's node");
	for (int i = 0; i < 100; i++) {
		CHECK_EQ(xs_wait_watch(p, sizeof(p), token, sizeof(token)), 0, "a watch event");
		CHECK(!strcmp(token, "peer"), "watch token %s", token);
		if (xs_read(peer_path(rel), value, sizeof(value)) > 0 && !strcmp(value, want)) {
			CHECK_EQ(xs_unwatch(peer_path(rel), "peer"), 0, "unwatch");
			return;
		}
	}
	guest_fail("%s never became %s", rel, want);
}

static void check_transactions(void)
{
	uint32_t tx;
	static const char payload[] = "data/counter\0" "2";

	CHECK_EQ(xs_write("data/counter", "0"), 0, "counter");
	CHECK_EQ(xs_transaction_start(&tx), 0, "transaction start");
	CHECK(xs_request(XS_READ, tx, "data/counter", 13, value, sizeof(value)) > 0,
	      "read in the transaction");
	CHECK_EQ(xs_write("data/counter", "1"), 0, "a write outside it");
	CHECK(xs_request(XS_WRITE, tx, payload, sizeof(payload) - 1, NULL, 0) >= 0,
	      "write in the transaction");
	CHECK_EQ(xs_transaction_end(tx, 1), -XEN_EAGAIN, "the conflicting commit");
	CHECK(xs_read("data/counter", value, sizeof(value)) > 0 && !strcmp(value, "1"),
	      "the conflicting write left nothing: %s", value);
	CHECK_EQ(xs_transaction_start(&tx), 0, "transaction again");
	CHECK(xs_request(XS_WRITE, tx, payload, sizeof(payload) - 1, NULL, 0) >= 0,
	      "write in the transaction");
	CHECK_EQ(xs_transaction_end(tx, 1), 0, "commit");
	CHECK(xs_read("data/counter", value, sizeof(value)) > 0 && !strcmp(value, "2"),
	      "the committed value: %s", value);
	guest_printf("%s: transaction conflict gave EAGAIN, the retry committed\n", me);
}

static void run_alice(void)
{
	CHECK_EQ(xs_write("data/secret", "s3cret"), 0, "write a private node");
	CHECK_EQ(xs_write("data/shared", "hello"), 0, "write a node to share");
	CHECK_EQ(share_with_peer("data/shared"), 0, "share it");
	CHECK_EQ(xs_write("data/ready", "1"), 0, "ready");
	CHECK_EQ(share_with_peer("data/ready"), 0, "share ready");
	wait_for_peer_node("data/ack", "ok");
	guest_printf("alice: bob acknowledged through xenstore\n");
	check_transactions();
}

static void run_bob(void)
{
	wait_for_peer_node("data/ready", "1");
	CHECK(xs_read(peer_path("data/shared"), value, sizeof(value)) > 0 &&
	      !strcmp(value, "hello"), "alice's shared node: %s", value);
	CHECK_EQ(xs_read(peer_path("data/secret"), value, sizeof(value)), -XEN_EACCES,
		 "alice's private node");
	CHECK_EQ(xs_write(peer_path("data/shared"), "mine"), -XEN_EACCES,
		 "writing alice's read-only share");
	CHECK_EQ(xs_write(peer_path("data/new"), "x"), -XEN_EACCES,
		 "creating a node under alice's");
	CHECK_EQ(xs_rm(peer_path("data/shared")), -XEN_EACCES, "removing alice's node");
	guest_printf("bob: read alice's share, refused her private node\n");
	CHECK_EQ(xs_write("data/ack", "ok"), 0, "ack");
	CHECK_EQ(share_with_peer("data/ack"), 0, "share ack");
}

/* "/a/a/.../a", or relative below data/, n components. */
static const char *deep(bool absolute, unsigned int n)
{
	static char p[512];
	size_t at = snprintf(p, sizeof(p), "%s", absolute ? "" : "data");

	for (unsigned int i = 0; i < n; i++)
		at += snprintf(p + at, sizeof(p) - at, "/a");
	return p;
}

/* Deep paths are refused by permission or length, before any node is
 * made, or created without recursion: xenstored answers every one. */
static void send_deep_paths(void)
{
	CHECK_EQ(xs_write(deep(true, 127), "x"), -XEN_EACCES, "write 127 deep under /");
	CHECK_EQ(xs_mkdir(deep(true, 127)), -XEN_EACCES, "mkdir 127 deep under /");
	CHECK_EQ(xs_write(deep(false, 127), "x"), -XEN_EINVAL, "a path past the length limit");
	CHECK_EQ(xs_write(deep(false, 117), "x"), 0, "117 deep in my own data/");
	CHECK(xs_read(deep(false, 117), value, sizeof(value)) == 1 && value[0] == 'x',
	      "and it reads back");
	CHECK_EQ(xs_rm("data/a"), 0, "and goes");
	guest_printf("mallory: 127-deep paths refused, a 117-deep one made; xenstored answers\n");
}

/* The store ring by hand: req_prod far past req_cons, then a notify. */
static void run_mallory(void)
{
	volatile struct xenstore_domain_interface *r = xs_client_ring();
	uint64_t deadline;

	r->req_prod = r->req_cons + XENSTORE_RING_SIZE + 100;
	xs_client_notify();
	deadline = guest_now_ns() + 2000000000ULL;
	while (r->error != XENSTORE_ERROR_RINGIDX && guest_now_ns() < deadline)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	CHECK_EQ(r->error, XENSTORE_ERROR_RINGIDX, "the ring's error field");
	guest_printf("mallory: a corrupt ring index was refused\n");
}

/* The perms of path, as "n3,r2". */
static const char *perms_of(const char *p)
{
	static char out[64];
	char raw[64];
	int n = xs_get_perms(p, raw, sizeof(raw)), at = 0;

	if (n < 0)
		return "(refused)";
	for (int i = 0; i < n && at < (int)sizeof(out) - 1; i++)
		out[at++] = raw[i] ? raw[i] : ',';
	out[at && out[at - 1] == ',' ? at - 1 : at] = '\0';
	return out;
}

static void check_node(const char *p, const char *want, const char *perms)
{
	CHECK(xs_read(p, value, sizeof(value)) >= 0 && !strcmp(value, want),
	      "%s reads \"%s\", want \"%s\"", p, value, want);
	CHECK(!strcmp(perms_of(p), perms), "%s: perms %s, want %s", p, perms_of(p), perms);
}

/* The front end (F = mine) of disk 51712 and vif 0, back end peer. */
static void run_front(void)
{
	char fe[64], be[64], want[64], p[96], fe_perms[16], be_perms[16];

	snprintf(fe, sizeof(fe), "/local/domain/%s/device/vbd/51712", mine);
	snprintf(be, sizeof(be), "/local/domain/%s/backend/vbd/%s/51712", peer, mine);
	snprintf(fe_perms, sizeof(fe_perms), "n%s,r%s", mine, peer);
	snprintf(be_perms, sizeof(be_perms), "n%s,r%s", peer, mine);
	check_node(fe, "", fe_perms);
	snprintf(p, sizeof(p), "%s/backend", fe);
	check_node(p, be, fe_perms);
	snprintf(p, sizeof(p), "%s/backend-id", fe);
	check_node(p, peer, fe_perms);
	snprintf(p, sizeof(p), "%s/virtual-device", fe);
	check_node(p, "51712", fe_perms);
	snprintf(p, sizeof(p), "%s/device-type", fe);
	check_node(p, "disk", fe_perms);
	snprintf(p, sizeof(p), "%s/state", fe);
	check_node(p, "1", fe_perms);
	CHECK_EQ(xs_write(p, "3"), 0, "the front end writes its own state");
	snprintf(p, sizeof(p), "%s/frontend-id", be);
	check_node(p, mine, be_perms);
	snprintf(p, sizeof(p), "%s/mode", be);
	check_node(p, "w", be_perms);
	CHECK_EQ(xs_write(p, "r"), -XEN_EACCES, "writing the back end's node");
	snprintf(p, sizeof(p), "/local/domain/%s/backend/vbd", peer);
	CHECK_EQ(xs_read(p, value, sizeof(value)), -XEN_EACCES, "reading the back end's backend/vbd");
	snprintf(want, sizeof(want), "/local/domain/%s/backend/vif/%s/0", peer, mine);
	CHECK(xs_read("device/vif/0/backend", value, sizeof(value)) > 0 && !strcmp(value, want),
	      "vif backend %s", value);
	CHECK(xs_read("device/vif/0/mac", value, sizeof(value)) == 17 &&
	      !strncmp(value, "00:16:3e:", 9), "vif mac %s", value);
	guest_printf("%s: device nodes as libxl writes them; the back end's are read-only to me\n", me);
}

/* The back end (B = mine) of the front end peer's disk and vif. */
static void run_back(void)
{
	char be[64], fe[64], p[96], be_perms[16], dir_perms[16], img[32];

	snprintf(be, sizeof(be), "/local/domain/%s/backend/vbd/%s/51712", mine, peer);
	snprintf(fe, sizeof(fe), "/local/domain/%s/device/vbd/51712", peer);
	snprintf(be_perms, sizeof(be_perms), "n%s,r%s", mine, peer);
	snprintf(dir_perms, sizeof(dir_perms), "n%s", mine);
	snprintf(p, sizeof(p), "/local/domain/%s/backend/vbd/%s", mine, peer);
	check_node(p, "", dir_perms);
	snprintf(p, sizeof(p), "%s/frontend", be);
	check_node(p, fe, be_perms);
	snprintf(p, sizeof(p), "%s/params", be);
	snprintf(img, sizeof(img), "image:vbd-%s-51712", peer);
	check_node(p, img, be_perms);
	snprintf(p, sizeof(p), "%s/type", be);
	check_node(p, "phy", be_perms);
	snprintf(p, sizeof(p), "%s/dev", be);
	check_node(p, "xvda", be_perms);
	snprintf(p, sizeof(p), "%s/state", be);
	CHECK_EQ(xs_write(p, "2"), 0, "the back end writes its own state");
	snprintf(p, sizeof(p), "%s/physical-device", be);
	CHECK_EQ(xs_write(p, "7:0"), 0, "and adds nodes in its device's directory");
	snprintf(p, sizeof(p), "%s/backend-id", fe);
	CHECK(xs_read(p, value, sizeof(value)) > 0 && !strcmp(value, mine), "frontend's backend-id");
	CHECK_EQ(xs_write(p, "9"), -XEN_EACCES, "writing the front end's node");
	snprintf(p, sizeof(p), "/local/domain/%s/device/vbd", peer);
	CHECK_EQ(xs_read(p, value, sizeof(value)), -XEN_EACCES, "reading the front end's device/vbd");
	snprintf(p, sizeof(p), "/local/domain/%s/backend/vif/%s/0/script", mine, peer);
	check_node(p, "/etc/xen/scripts/vif-bridge", be_perms);
	guest_printf("%s: back-end nodes mine to write; the front end's read-only\n", me);
}

void guest_main(void)
{
	char role[16];

	if (!guest_arg("role", role, sizeof(role)) || !guest_arg("me", me, sizeof(me)) ||
	    !guest_arg("peer", peer, sizeof(peer))) {
		guest_fail("usage: role=alice|bob me=NAME peer=DOMID");
		return;
	}
	xs_client_init();
	if (!strcmp(role, "mallory")) {
		send_deep_paths();
		run_mallory();
		return;
	}
	if (!strcmp(role, "front") || !strcmp(role, "back")) {
		CHECK(xs_read("domid", mine, sizeof(mine)) > 0, "read my domid");
		if (!strcmp(role, "front"))
			run_front();
		else
			run_back();
		return;
	}
	check_seeded();
	if (!strcmp(role, "alice"))
		run_alice();
	else
		run_bob();
}
