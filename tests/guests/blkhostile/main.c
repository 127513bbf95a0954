/* SPDX-License-Identifier: GPL-2.0-only */
/* blkhostile: a hostile blkfront against the driver domain's Linux blkback
 * (issue 15's hostile front ends). Run as d<self> with the DD (d<dd>)
 * serving it (init-dd.sh ddback=self,...): it connects a vbd as blkfront
 * does (grant table, shared ring, event channel, xenstore handshake),
 * checks that a good write reads back, then sends what a broken or
 * malicious front end would: an unknown operation, no segments, too many,
 * sectors out of order or past a page, a grant reference never granted,
 * one revoked before the back end used it, and writes that run past the
 * end of the disk. Each must get an error response, and the ring must
 * still serve a good request after them. Last, it scribbles the ring's
 * producer index (blkback halts this ring only) and closes with a request
 * outstanding. Whatever it does, the DD and its other guests carry on
 * (the cases.sh case runs a Linux guest beside it). */
#include "guest.h"
#include "events.h"
#include "guest_pt.h"
#include "xs_client.h"
#include <xen/grant_table.h>
/* ring.h's barriers: one CPU and x86's store order need only the compiler's. */
#define xen_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb()	__atomic_signal_fence(__ATOMIC_SEQ_CST)
#define xen_wmb()	__atomic_signal_fence(__ATOMIC_SEQ_CST)
#include <xen/io/blkif.h>
#include <xen/io/protocols.h>
#include <xen/io/xenbus.h>

#define VDEV		51712			/* xvda */
#define REF_RING	8
#define REF_DATA	9
#define REF_REVOKED	10
#define REF_NEVER	500			/* inside the table, never granted */
#define SECTORS_PER_PAGE 8

static domid_t self, dd;
static evtchn_port_t port;
static volatile struct grant_entry_v1 *gnt;
static struct blkif_front_ring ring;
static uint8_t *data;
static uint64_t next_id = 1;

static long gnttab(int cmd, void *op, int count)
{
	return hypercall5(__HYPERVISOR_grant_table_op, cmd, (long)op, count, 0, 0);
}

static void grant(unsigned int ref, uint64_t mfn, bool readonly)
{
	gnt[ref].domid = dd;
	gnt[ref].frame = (uint32_t)mfn;
	__atomic_store_n(&gnt[ref].flags, GTF_permit_access | (readonly ? GTF_readonly : 0),
			 __ATOMIC_RELEASE);
}

static void sleep_ms(unsigned int ms)
{
	struct sched_poll poll = { .nr_ports = 0, .timeout = guest_now_ns() + ms * 1000000UL };

	HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
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

/* Waits up to seconds for the back end's state to reach want. */
static bool backend_state_is(int want, unsigned int seconds)
{
	char path[96];

	snprintf(path, sizeof(path), "/local/domain/%u/backend/vbd/%u/%u/state", dd, self, VDEV);
	for (unsigned int i = 0; i < seconds * 10; i++) {
		if (read_int(path) == want)
			return true;
		sleep_ms(100);
	}
	return false;
}

static void front_write(const char *node, const char *value)
{
	char path[64];

	snprintf(path, sizeof(path), "device/vbd/%u/%s", VDEV, node);
	CHECK_EQ(xs_write(path, value), 0, node);
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

static void notify(void)
{
	struct evtchn_send s = { port };

	evtchn_op(EVTCHNOP_send, &s);
}

/* Puts one request on the ring and waits up to 5 s for its response. */
static int submit(const struct blkif_request *r)
{
	struct blkif_request *slot = RING_GET_REQUEST(&ring, ring.req_prod_pvt);
	uint64_t id = next_id++;
	uint64_t until = guest_now_ns() + 5000000000UL;
	int notify_needed;

	*slot = *r;
	slot->id = id;
	ring.req_prod_pvt++;
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&ring, notify_needed);
	if (notify_needed)
		notify();
	while (guest_now_ns() < until) {
		while (RING_HAS_UNCONSUMED_RESPONSES(&ring)) {
			struct blkif_response *rsp = RING_GET_RESPONSE(&ring, ring.rsp_cons);

			ring.rsp_cons++;
			if (rsp->id == id)
				return rsp->status;
		}
		sleep_ms(10);
	}
	return 1;	/* no answer */
}

static struct blkif_request rw(uint8_t op, uint64_t sector, unsigned int ref,
			       uint8_t first, uint8_t last)
{
	struct blkif_request r = { .operation = op, .nr_segments = 1, .handle = VDEV,
				   .sector_number = sector };

	r.seg[0] = (struct blkif_request_segment){ .gref = ref, .first_sect = first,
						   .last_sect = last };
	return r;
}

static void connect(void)
{
	struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = dd };
	char v[96];

	CHECK_EQ(evtchn_op(EVTCHNOP_alloc_unbound, &a), 0, "a port for the DD");
	port = a.port;
	SHARED_RING_INIT((struct blkif_sring *)spare_va(1));
	FRONT_RING_INIT(&ring, (struct blkif_sring *)spare_va(1), 4096);
	grant(REF_RING, spare_mfn(1), false);
	grant(REF_DATA, spare_mfn(2), false);
	snprintf(v, sizeof(v), "device/vbd/%u", VDEV);
	shared_folder(v);
	snprintf(v, sizeof(v), "/local/domain/%u/backend/vbd/%u/%u", dd, self, VDEV);
	front_write("backend", v);
	snprintf(v, sizeof(v), "%u", dd);
	front_write("backend-id", v);
	snprintf(v, sizeof(v), "%u", VDEV);
	front_write("virtual-device", v);
	front_write("device-type", "disk");
	front_write("state", "1");
	/* init-dd.sh makes our back ends once it sees a vif frontend. */
	shared_folder("device/vif/0");
	CHECK_EQ(xs_write("device/vif/0/state", "1"), 0, "the DD's cue");
	CHECK(backend_state_is(XenbusStateInitWait, 120), "the back end reaches InitWait");
	snprintf(v, sizeof(v), "%u", REF_RING);
	front_write("ring-ref", v);
	snprintf(v, sizeof(v), "%u", port);
	front_write("event-channel", v);
	front_write("protocol", XEN_IO_PROTO_ABI_X86_64);
	front_write("state", "3");
	CHECK(backend_state_is(XenbusStateConnected, 30), "the back end connects");
	front_write("state", "4");
}

/* What a good front end does: a page written, cleared, read back. */
static void good_io(const char *when)
{
	struct blkif_request w = rw(BLKIF_OP_WRITE, 64, REF_DATA, 0, 7);
	struct blkif_request r = rw(BLKIF_OP_READ, 64, REF_DATA, 0, 7);

	for (int i = 0; i < 4096; i++)
		data[i] = (uint8_t)(i * 7 + 3);
	CHECK_EQ(submit(&w), BLKIF_RSP_OKAY, when);
	memset(data, 0, 4096);
	CHECK_EQ(submit(&r), BLKIF_RSP_OKAY, when);
	for (int i = 0; i < 4096; i++)
		if (data[i] != (uint8_t)(i * 7 + 3)) {
			guest_fail("%s: byte %d read back differs", when, i);
			return;
		}
}

static void expect_error(struct blkif_request r, const char *what)
{
	int st = submit(&r);

	CHECK(st == BLKIF_RSP_ERROR || st == BLKIF_RSP_EOPNOTSUPP,
	      "%s: status %d, not an error", what, st);
}

static void garbage(uint64_t sectors)
{
	struct blkif_request r = rw(BLKIF_OP_WRITE, 0, REF_DATA, 0, 7);

	r.operation = 0x7f;
	expect_error(r, "an unknown operation");
	r = rw(BLKIF_OP_READ, 0, REF_DATA, 0, 7);
	r.nr_segments = 0;
	expect_error(r, "a read with no segments");
	r.nr_segments = BLKIF_MAX_SEGMENTS_PER_REQUEST + 1;
	expect_error(r, "12 segments");
	expect_error(rw(BLKIF_OP_READ, 0, REF_DATA, 5, 2), "first sector after the last");
	expect_error(rw(BLKIF_OP_READ, 0, REF_DATA, 0, SECTORS_PER_PAGE), "a sector past the page");
	expect_error(rw(BLKIF_OP_READ, 0, REF_NEVER, 0, 7), "a grant never made");
	grant(REF_REVOKED, spare_mfn(2), false);
	__atomic_store_n(&gnt[REF_REVOKED].flags, 0, __ATOMIC_RELEASE);
	expect_error(rw(BLKIF_OP_WRITE, 0, REF_REVOKED, 0, 7), "a grant revoked before use");
	expect_error(rw(BLKIF_OP_WRITE, sectors - 4, REF_DATA, 0, 7), "a write across the end");
	expect_error(rw(BLKIF_OP_WRITE, sectors, REF_DATA, 0, 7), "a write past the end");
	expect_error(rw(BLKIF_OP_READ, 1UL << 60, REF_DATA, 0, 7), "a read far past the end");
	guest_printf("blkhostile: 10 bad requests refused on a disk of %lu sectors\n",
		     (unsigned long)sectors);
}

/* A producer index far past the ring: blkback halts this ring (and only
 * it); then the front end closes with a request it never got answered. */
static void bogus_ring_then_close(void)
{
	struct blkif_sring *s = (struct blkif_sring *)spare_va(1);

	__atomic_store_n(&s->req_prod, ring.req_prod_pvt + 5000, __ATOMIC_RELEASE);
	notify();
	sleep_ms(500);
	front_write("state", "5");
	CHECK(backend_state_is(XenbusStateClosing, 30), "the back end closing after a bogus ring");
	front_write("state", "6");
	CHECK(backend_state_is(XenbusStateClosed, 30), "the back end closed");
	/* Once closed, blkback holds none of our pages. */
	CHECK_EQ(gnt[REF_RING].flags & (GTF_reading | GTF_writing), 0, "ring grant released");
	CHECK_EQ(gnt[REF_DATA].flags & (GTF_reading | GTF_writing), 0, "data grant released");
	guest_printf("blkhostile: bogus ring halted, closed, every grant released\n");
}

void guest_main(void)
{
	struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = 1 };
	xen_pfn_t frame;
	char v[96];
	int sectors;

	self = (domid_t)guest_arg_number("self", 0);
	dd = (domid_t)guest_arg_number("dd", 0);
	xs_client_init();
	set_xen_guest_handle(setup.frame_list, &frame);
	CHECK_EQ(gnttab(GNTTABOP_setup_table, &setup, 1), 0, "setup_table");
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)spare_va(0), (frame << 12) | 7,
					      UVMF_INVLPG), 0, "grant table mapped");
	gnt = spare_va(0);
	data = spare_va(2);
	connect();
	snprintf(v, sizeof(v), "/local/domain/%u/backend/vbd/%u/%u/sectors", dd, self, VDEV);
	sectors = read_int(v);
	CHECK(sectors > 64, "the back end says how big the disk is (%d)", sectors);
	good_io("a good write and read");
	garbage((uint64_t)sectors);
	good_io("a good write and read after the garbage");
	guest_printf("blkhostile: the ring still serves good requests\n");
	bogus_ring_then_close();
	CHECK_EQ(xs_write("device/vbd/51712/parvus-test-done", "1"), 0, "done");
}
