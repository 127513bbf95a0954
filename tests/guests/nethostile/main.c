/* SPDX-License-Identifier: GPL-2.0-only */
/* nethostile: a hostile netfront against the driver domain's Linux
 * xen-netback (issue 15's hostile front ends, beside blkhostile). Run as
 * d<self> with the DD (d<dd>) serving it (init-dd.sh ddback=self,...,
 * one vif back end per device/vif/N folder we make): each vif connects
 * as netfront does (tx and rx rings granted, one event channel,
 * request-rx-copy, xenstore handshake to Connected). On vif 0 a good ARP
 * request must be answered OKAY and its reply from the DD's bridge
 * received; then requests netback must refuse without harm (a grant never
 * made, one revoked before use, a frame shorter than an Ethernet header,
 * a fragment larger than the frame, 19 fragments, a fragment's grant never
 * made) each get NETIF_RSP_ERROR, and good frames still pass. Last come
 * the three requests netback treats as a malicious front end and answers
 * by disabling that vif: a producer index far past the ring (vif 0), a
 * slot crossing its page (vif 1), 21 fragments (vif 2). Each vif then
 * closes with requests outstanding, and every grant it made must come
 * back (no GTF_reading/GTF_writing) within 5 s. The Linux guest beside us
 * (cases.sh) must carry on. */
#include "guest.h"
#include "events.h"
#include "guest_pt.h"
#include "xs_client.h"
#include <xen/grant_table.h>
/* ring.h's barriers: one CPU and x86's store order need only the compiler's. */
#define xen_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb()	__atomic_signal_fence(__ATOMIC_SEQ_CST)
#define xen_wmb()	__atomic_signal_fence(__ATOMIC_SEQ_CST)
#include <xen/io/netif.h>
#include <xen/io/xenbus.h>

#define NVIFS		3
#define PAGES_PER_VIF	4	/* tx ring, rx ring, tx data, rx buffer */
#define REF_NEVER	500	/* inside the table, never granted */
#define NREFS		512	/* one v1 frame */
#define MAX_IDS		1024
#define ETHERTYPE_ARP	0x0806
#define ETHERTYPE_TEST	0x88b5	/* IEEE local experimental */
#define NO_ANSWER	1000

enum { P_TXRING, P_RXRING, P_DATA, P_RXBUF, P_REVOKED };

struct vif {
	unsigned int n;
	evtchn_port_t port;
	struct netif_tx_front_ring tx;
	struct netif_rx_front_ring rx;
	uint8_t *data, *rxbuf;
	uint8_t mac[6];
	uint16_t next_id;
	int16_t status[MAX_IDS];
	bool answered[MAX_IDS];
};

static domid_t self, dd;
static volatile struct grant_entry_v1 *gnt;
static bool granted[NREFS];
static struct vif vifs[NVIFS];

static long gnttab(int cmd, void *op, int count)
{
	return hypercall5(__HYPERVISOR_grant_table_op, cmd, (long)op, count, 0, 0);
}

static unsigned int ref_of(const struct vif *v, unsigned int what)
{
	return 16 + 8 * v->n + what;
}

static void *page_of(const struct vif *v, unsigned int what)
{
	return spare_va(1 + PAGES_PER_VIF * (int)v->n + (int)what);
}

static uint64_t mfn_of(const struct vif *v, unsigned int what)
{
	return spare_mfn(1 + PAGES_PER_VIF * (int)v->n + (int)what);
}

static void grant(unsigned int ref, uint64_t mfn, bool readonly)
{
	gnt[ref].domid = dd;
	gnt[ref].frame = (uint32_t)mfn;
	granted[ref] = true;
	__atomic_store_n(&gnt[ref].flags, GTF_permit_access | (readonly ? GTF_readonly : 0),
			 __ATOMIC_RELEASE);
}

static void sleep_ms(unsigned int ms)
{
	struct sched_poll poll = { .nr_ports = 0, .timeout = guest_now_ns() + ms * 1000000UL };

	HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
}

/* As gnttab_end_foreign_access_ref does: the entry is cleared only if
 * the back end holds it neither for reading nor writing; we retry for up
 * to 5 s while it does. */
static bool end_access(unsigned int ref)
{
	for (int i = 0; i < 500; i++) {
		uint16_t flags = __atomic_load_n(&gnt[ref].flags, __ATOMIC_ACQUIRE);

		if (!(flags & (GTF_reading | GTF_writing)) &&
		    __atomic_compare_exchange_n(&gnt[ref].flags, &flags, 0, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			granted[ref] = false;
			return true;
		}
		sleep_ms(10);
	}
	return false;
}

static int read_int(const char *path)
{
	char v[32];
	int n = 0;

	if (xs_read(path, v, sizeof(v)) < 0)
		return -1;
	for (const char *p = v; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (*p - '0');
	return n;
}

/* Waits up to seconds for the vif's back end to reach state want. */
static bool backend_state_is(const struct vif *v, int want, unsigned int seconds)
{
	char path[96];

	snprintf(path, sizeof(path), "/local/domain/%u/backend/vif/%u/%u/state", dd, self, v->n);
	for (unsigned int i = 0; i < seconds * 10; i++) {
		if (read_int(path) == want)
			return true;
		sleep_ms(100);
	}
	return false;
}

static void front_write(const struct vif *v, const char *node, const char *value)
{
	char path[64];

	snprintf(path, sizeof(path), "device/vif/%u/%s", v->n, node);
	CHECK_EQ(xs_write(path, value), 0, node);
}

static void front_write_uint(const struct vif *v, const char *node, unsigned int value)
{
	char s[16];

	snprintf(s, sizeof(s), "%u", value);
	front_write(v, node, s);
}

/* A folder of ours the DD may read, as libxl makes a frontend's. */
static void shared_folder(const char *path)
{
	char perms[16];
	int n;

	CHECK_EQ(xs_write(path, ""), 0, path);
	n = snprintf(perms, sizeof(perms), "n%u", self) + 1;
	n += snprintf(perms + n, sizeof(perms) - (size_t)n, "r%u", dd) + 1;
	CHECK_EQ(xs_set_perms(path, perms, (size_t)n), 0, path);
}

static void notify(const struct vif *v)
{
	struct evtchn_send s = { v->port };

	evtchn_op(EVTCHNOP_send, &s);
}

/* The nodes libxl writes for a vif's front end; init-dd.sh serves one
 * back end for each device/vif/N it finds once device/vif/0/state exists. */
static void vif_folder(struct vif *v)
{
	char path[96];

	snprintf(path, sizeof(path), "device/vif/%u", v->n);
	shared_folder(path);
	snprintf(path, sizeof(path), "/local/domain/%u/backend/vif/%u/%u", dd, self, v->n);
	front_write(v, "backend", path);
	front_write_uint(v, "backend-id", dd);
	front_write_uint(v, "handle", v->n);
	snprintf(path, sizeof(path), "00:16:3e:00:%02x:%02x", self, v->n);
	front_write(v, "mac", path);
	front_write(v, "state", "1");
}

/* One rx buffer, id 0, the whole page: posted again after each frame. */
static void rx_post(struct vif *v)
{
	struct netif_rx_request *r = RING_GET_REQUEST(&v->rx, v->rx.req_prod_pvt);

	r->id = 0;
	r->gref = ref_of(v, P_RXBUF);
	v->rx.req_prod_pvt++;
	RING_PUSH_REQUESTS(&v->rx);
	notify(v);
}

static void rings(struct vif *v)
{
	struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = dd };

	CHECK_EQ(evtchn_op(EVTCHNOP_alloc_unbound, &a), 0, "a port for the DD");
	v->port = a.port;
	SHARED_RING_INIT((struct netif_tx_sring *)page_of(v, P_TXRING));
	FRONT_RING_INIT(&v->tx, (struct netif_tx_sring *)page_of(v, P_TXRING), 4096);
	SHARED_RING_INIT((struct netif_rx_sring *)page_of(v, P_RXRING));
	FRONT_RING_INIT(&v->rx, (struct netif_rx_sring *)page_of(v, P_RXRING), 4096);
	v->data = page_of(v, P_DATA);
	v->rxbuf = page_of(v, P_RXBUF);
	grant(ref_of(v, P_TXRING), mfn_of(v, P_TXRING), false);
	grant(ref_of(v, P_RXRING), mfn_of(v, P_RXRING), false);
	grant(ref_of(v, P_DATA), mfn_of(v, P_DATA), true);
	grant(ref_of(v, P_RXBUF), mfn_of(v, P_RXBUF), false);
	rx_post(v);
	v->next_id = 1;
	v->mac[0] = 0x00, v->mac[1] = 0x16, v->mac[2] = 0x3e;
	v->mac[3] = 0, v->mac[4] = (uint8_t)self, v->mac[5] = (uint8_t)v->n;
}

/* As netfront's talk_to_netback: rings, one event channel, rx by copy;
 * Connected, then the back end's Connected. */
static bool connect(struct vif *v)
{
	CHECK(backend_state_is(v, XenbusStateInitWait, 120), "vif%u: back end InitWait", v->n);
	rings(v);
	front_write_uint(v, "tx-ring-ref", ref_of(v, P_TXRING));
	front_write_uint(v, "rx-ring-ref", ref_of(v, P_RXRING));
	front_write_uint(v, "event-channel", v->port);
	front_write(v, "request-rx-copy", "1");
	front_write(v, "feature-rx-notify", "1");
	front_write(v, "feature-no-csum-offload", "1");
	front_write(v, "state", "4");
	if (!backend_state_is(v, XenbusStateConnected, 60)) {
		guest_fail("vif%u: the back end does not connect", v->n);
		return false;
	}
	guest_printf("nethostile: vif%u connected\n", v->n);
	return true;
}

/* One slot at the ring's private producer; its id is returned. */
static uint16_t tx_put(struct vif *v, unsigned int gref, uint16_t offset, uint16_t flags,
		       uint16_t size)
{
	struct netif_tx_request *r = RING_GET_REQUEST(&v->tx, v->tx.req_prod_pvt);
	uint16_t id = v->next_id++ % MAX_IDS;

	*r = (struct netif_tx_request){ .gref = gref, .offset = offset, .flags = flags,
					.id = id, .size = size };
	v->answered[id] = false;
	v->tx.req_prod_pvt++;
	return id;
}

static void tx_push(struct vif *v)
{
	RING_PUSH_REQUESTS(&v->tx);
	notify(v);
}

static void tx_collect(struct vif *v)
{
	while (RING_HAS_UNCONSUMED_RESPONSES(&v->tx)) {
		struct netif_tx_response *rsp = RING_GET_RESPONSE(&v->tx, v->tx.rsp_cons);

		v->tx.rsp_cons++;
		if (rsp->status == NETIF_RSP_NULL)
			continue;	/* the slot of an extra-info request */
		v->status[rsp->id % MAX_IDS] = rsp->status;
		v->answered[rsp->id % MAX_IDS] = true;
	}
}

/* The status of request id, waiting up to 5 s; NO_ANSWER if none. */
static int tx_status(struct vif *v, uint16_t id)
{
	for (int i = 0; i < 500; i++) {
		tx_collect(v);
		if (v->answered[id])
			return v->status[id];
		sleep_ms(10);
	}
	return NO_ANSWER;
}

/* A one-slot frame from the data page. */
static int send_one(struct vif *v, unsigned int gref, uint16_t offset, uint16_t size)
{
	uint16_t id = tx_put(v, gref, offset, 0, size);

	tx_push(v);
	return tx_status(v, id);
}

static void put16(uint8_t *p, uint16_t x)
{
	p[0] = (uint8_t)(x >> 8), p[1] = (uint8_t)x;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* An Ethernet header from us to broadcast at the data page's start. */
static void ether(struct vif *v, uint16_t type)
{
	memset(v->data, 0xff, 6);
	memcpy(v->data + 6, v->mac, 6);
	put16(v->data + 12, type);
}

/* "Who has 10.0.0.<dd>? Tell 10.0.0.<self>", padded to 60 bytes. */
static uint16_t arp_request(struct vif *v)
{
	uint8_t *a = v->data + 14;

	memset(v->data, 0, 60);
	ether(v, ETHERTYPE_ARP);
	put16(a, 1), put16(a + 2, 0x0800), a[4] = 6, a[5] = 4, put16(a + 6, 1);
	memcpy(a + 8, v->mac, 6);
	a[14] = 10, a[15] = 0, a[16] = 0, a[17] = (uint8_t)self;
	a[24] = 10, a[25] = 0, a[26] = 0, a[27] = (uint8_t)dd;
	return 60;
}

/* Is this received frame the DD's ARP reply to us? */
static bool is_arp_reply(const struct vif *v, const uint8_t *f, int len)
{
	return len >= 42 && !memcmp(f, v->mac, 6) && get16(f + 12) == ETHERTYPE_ARP &&
	       get16(f + 20) == 2 && f[28] == 10 && f[29] == 0 && f[30] == 0 && f[31] == dd;
}

/* Takes the received frames (each one reposts the buffer); true if one
 * was the ARP reply. */
static bool rx_poll(struct vif *v, unsigned int *frames)
{
	bool reply = false;

	while (RING_HAS_UNCONSUMED_RESPONSES(&v->rx)) {
		struct netif_rx_response *rsp = RING_GET_RESPONSE(&v->rx, v->rx.rsp_cons);

		v->rx.rsp_cons++;
		(*frames)++;
		if (rsp->status > 0 && rsp->offset + rsp->status <= 4096 &&
		    is_arp_reply(v, v->rxbuf + rsp->offset, rsp->status))
			reply = true;
		rx_post(v);
	}
	return reply;
}

/* Step 1: an ARP request answered OKAY, until the DD's reply comes back
 * (the DD addresses its bridge once it has served every guest). */
static void prove_path(struct vif *v)
{
	unsigned int sent = 0, frames = 0;

	for (int s = 0; s < 180; s++) {
		int st = send_one(v, ref_of(v, P_DATA), 0, arp_request(v));

		sent++;
		CHECK_EQ(st, NETIF_RSP_OKAY, "an ARP request");
		if (st != NETIF_RSP_OKAY)
			return;
		for (int i = 0; i < 10; i++) {
			if (rx_poll(v, &frames)) {
				guest_printf("nethostile: vif0: ARP request answered OKAY (%u sent), "
					     "reply from 10.0.0.%u received (%u frames in)\n",
					     sent, dd, frames);
				return;
			}
			sleep_ms(100);
		}
	}
	guest_fail("vif0: no ARP reply from 10.0.0.%u in 180 s (%u frames in)", dd, frames);
}

/* A 600-byte broadcast frame: netback copies 128 bytes, maps the rest. */
static int good_big_frame(struct vif *v)
{
	ether(v, ETHERTYPE_TEST);
	for (int i = 14; i < 600; i++)
		v->data[i] = (uint8_t)i;
	return send_one(v, ref_of(v, P_DATA), 0, 600);
}

static void expect_error(int st, const char *what)
{
	CHECK(st == NETIF_RSP_ERROR, "%s: status %d, not NETIF_RSP_ERROR", what, st);
}

/* A chain of slots from the data page: the first says the frame is
 * total bytes, then n - 1 more_data fragments of frag bytes each. Every
 * slot's status must be NETIF_RSP_ERROR. */
static void chain_refused(struct vif *v, unsigned int n, uint16_t total, uint16_t frag,
			  const char *what)
{
	uint16_t ids[32];

	ether(v, ETHERTYPE_TEST);
	for (unsigned int i = 0; i < n; i++)
		ids[i] = tx_put(v, ref_of(v, P_DATA), 0, i + 1 < n ? NETTXF_more_data : 0,
				i ? frag : total);
	tx_push(v);
	for (unsigned int i = 0; i < n; i++) {
		int st = tx_status(v, ids[i]);

		CHECK(st == NETIF_RSP_ERROR, "%s: slot %u status %d", what, i, st);
	}
}

/* A frame whose second slot's grant was never made: that slot fails. */
static void bad_fragment_grant(struct vif *v)
{
	uint16_t first, second;
	int a, b;

	ether(v, ETHERTYPE_TEST);
	first = tx_put(v, ref_of(v, P_DATA), 0, NETTXF_more_data, 400);
	second = tx_put(v, REF_NEVER, 0, 0, 100);
	tx_push(v);
	a = tx_status(v, first);
	b = tx_status(v, second);
	CHECK(a == NETIF_RSP_OKAY || a == NETIF_RSP_ERROR, "fragment grant: first slot %d", a);
	expect_error(b, "a fragment whose grant was never made");
	guest_printf("nethostile: vif0: a fragment's grant never made: first slot %d, fragment %d\n",
		     a, b);
}

/* Step 2: what netback must refuse, each with NETIF_RSP_ERROR. */
static void garbage(struct vif *v)
{
	unsigned int revoked = ref_of(v, P_REVOKED);

	arp_request(v);
	expect_error(send_one(v, REF_NEVER, 0, 60), "a grant never made");
	grant(revoked, mfn_of(v, P_DATA), true);
	__atomic_store_n(&gnt[revoked].flags, 0, __ATOMIC_RELEASE);
	granted[revoked] = false;
	expect_error(send_one(v, revoked, 0, 60), "a grant revoked before use");
	expect_error(send_one(v, ref_of(v, P_DATA), 0, 10), "a frame shorter than its header");
	chain_refused(v, 2, 100, 200, "a fragment larger than the frame");
	chain_refused(v, 2, 100, 100, "fragments leaving the first slot empty");
	chain_refused(v, 20, 20 * 16, 16, "19 fragments");
	bad_fragment_grant(v);
	guest_printf("nethostile: vif0: 7 bad requests refused with NETIF_RSP_ERROR\n");
}

/* A producer index far past the ring ("Impossible number of requests"). */
static void bogus_producer(struct vif *v)
{
	__atomic_store_n(&v->tx.sring->req_prod, v->tx.req_prod_pvt + 5000, __ATOMIC_RELEASE);
	notify(v);
}

/* One slot, offset + size past its page ("Cross page boundary"). */
static void crossing_slot(struct vif *v)
{
	ether(v, ETHERTYPE_TEST);
	tx_put(v, ref_of(v, P_DATA), 4000, 0, 200);
	tx_push(v);
}

/* 22 slots in one frame ("Malicious frontend using 20 slots"). */
static void too_many_slots(struct vif *v)
{
	ether(v, ETHERTYPE_TEST);
	for (unsigned int i = 0; i < 22; i++)
		tx_put(v, ref_of(v, P_DATA), 0, i < 21 ? NETTXF_more_data : 0,
		       i ? 16 : 22 * 16);
	tx_push(v);
}

/* Step 3, one on each vif, back to back: what netback answers by
 * disabling the vif. No response may come for any of them. */
static void fatal_requests(void)
{
	static const char *const what[NVIFS] = {
		"a producer index 5000 past the ring", "a slot crossing its page",
		"21 fragments" };
	RING_IDX before[NVIFS];

	for (int i = 0; i < NVIFS; i++)
		before[i] = vifs[i].tx.sring->rsp_prod;
	bogus_producer(&vifs[0]);
	crossing_slot(&vifs[1]);
	too_many_slots(&vifs[2]);
	sleep_ms(1000);
	for (int i = 0; i < NVIFS; i++) {
		CHECK_EQ(vifs[i].tx.sring->rsp_prod, before[i], what[i]);
		guest_printf("nethostile: vif%d: %s: no response\n", i, what[i]);
	}
}

/* Closing with requests outstanding; then each grant must come back. */
static void close_and_release(struct vif *v)
{
	unsigned int count = 0;

	front_write(v, "state", "5");
	CHECK(backend_state_is(v, XenbusStateClosing, 30), "vif%u: back end Closing", v->n);
	front_write(v, "state", "6");
	CHECK(backend_state_is(v, XenbusStateClosed, 30), "vif%u: back end Closed", v->n);
	for (unsigned int ref = ref_of(v, 0); ref < ref_of(v, 8); ref++) {
		if (!granted[ref])
			continue;
		if (end_access(ref))
			count++;
		else
			guest_fail("vif%u: grant %u still in use 5 s after closing", v->n, ref);
	}
	guest_printf("nethostile: vif%u: closed, %u grants ended\n", v->n, count);
}

static void map_grant_table(void)
{
	struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = 1 };
	xen_pfn_t frame;

	set_xen_guest_handle(setup.frame_list, &frame);
	CHECK_EQ(gnttab(GNTTABOP_setup_table, &setup, 1), 0, "setup_table");
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)spare_va(0), (frame << 12) | 7,
					      UVMF_INVLPG), 0, "grant table mapped");
	gnt = spare_va(0);
}

/* vif 0's good frames, its garbage, then good frames again. */
static void vif0(struct vif *v)
{
	prove_path(v);
	CHECK_EQ(good_big_frame(v), NETIF_RSP_OKAY, "a 600-byte frame");
	garbage(v);
	CHECK_EQ(send_one(v, ref_of(v, P_DATA), 0, arp_request(v)), NETIF_RSP_OKAY,
		 "an ARP request after the garbage");
	CHECK_EQ(good_big_frame(v), NETIF_RSP_OKAY, "a 600-byte frame after the garbage");
	guest_printf("nethostile: vif0: good frames still OKAY after the garbage\n");
}

void guest_main(void)
{
	self = (domid_t)guest_arg_number("self", 0);
	dd = (domid_t)guest_arg_number("dd", 0);
	xs_client_init();
	map_grant_table();
	/* The DD's cue is device/vif/0/state: the others first. */
	for (int i = NVIFS - 1; i >= 0; i--) {
		vifs[i].n = (unsigned int)i;
		vif_folder(&vifs[i]);
	}
	/* The vbd the DD serves too stays unconnected (InitWait). */
	shared_folder("device/vbd/51712");
	CHECK_EQ(xs_write("device/vbd/51712/state", "1"), 0, "vbd state");
	for (int i = 0; i < NVIFS; i++)
		if (!connect(&vifs[i]))
			return;
	for (int i = 1; i < NVIFS; i++) {
		ether(&vifs[i], ETHERTYPE_TEST);
		CHECK_EQ(send_one(&vifs[i], ref_of(&vifs[i], P_DATA), 0, 60), NETIF_RSP_OKAY,
			 "a good frame on vifs 1 and 2");
	}
	vif0(&vifs[0]);
	fatal_requests();
	for (int i = 0; i < NVIFS; i++)
		close_and_release(&vifs[i]);
	for (unsigned int ref = 0; ref < NREFS; ref++)
		CHECK(!granted[ref], "grant %u left", ref);
	if (!guest_failures())
		guest_printf("nethostile: every grant released\n");
	CHECK_EQ(xs_write("device/vbd/51712/parvus-test-done", "1"), 0, "done");
}
