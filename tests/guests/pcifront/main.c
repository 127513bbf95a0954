/* SPDX-License-Identifier: GPL-2.0-only */
/* pcifront: a minimal PCI frontend (not Linux's) against the pciback
 * service domain (pv-drivers/pciback/), over xen/io/pciif.h as Linux's
 * xen-pcifront speaks it: grant one page, offer a port, publish
 * pci-op-ref, event-channel and magic, go Initialised, wait for the
 * backend's Connected and its root-0, then send operations (set
 * _XEN_PCIF_active, notify, poll until it clears).
 *
 * mode=good checks the answers: conf reads of its device (dev=), an empty
 * slot and another frontend's device (other=) not found, a garbage op
 * not implemented, bad offsets and sizes refused, too many MSI-X entries
 * refused; expect=VVVV:DDDD also checks the vendor and device IDs, and
 * msix=1 enables and disables one MSI-X entry (both need the device
 * assigned by the hypervisor). With abandon=1 it then starts over
 * without closing, as a restarted driver domain's pcifront does (same
 * domid, its predecessor's page and port left behind): Initialising, a
 * new page and port, Initialised; the service must have unmapped the old
 * page, closed its end of the old port and forgotten the MSI-X state
 * (with msix=1, MSI-X is left enabled before and enabled again after).
 * With wait=<domid> it then waits for that
 * domain's data/pcifront-done and checks it is still served. It closes
 * and sees the backend back in InitWait.
 *
 * mode=hostile attacks the service: a wrong magic and an ungranted
 * pci-op-ref (each refused, Closing, then a restart), a page scribbled over while its operation is being
 * served, its grant revoked mid-op, Closed with an operation pending, a
 * reconnect; with abandon=1, starting over without closing with garbage
 * in the new nodes (refused), then a port it never offered (refused),
 * then its old page and port again (served); then it writes
 * data/pcifront-done (readable by reader=) and powers off still
 * connected, its page still mapped by the service (which then waits for
 * its restart: pciback's restart_wait=). */
#include "guest.h"
#include "events.h"
#include "guest_pt.h"
#include "xs_client.h"
#include <xen/grant_table.h>
#include <xen/io/pciif.h>
#include <xen/io/xenbus.h>

#define OP_REF		8
#define NEW_REF		9	/* the page after starting over (spare 2) */
#define OP_TIMEOUT_NS	5000000000ull
#define DEVFN(d, f)	((d) << 3 | (f))

static char me[16], name[32], be_path[96], value[128];
static domid_t be_id;
static evtchn_port_t port;
static volatile struct grant_entry_v1 *table;
static volatile struct xen_pci_sharedinfo *sh;
static struct { uint32_t bus, devfn; } dev, other;

static long gnttab(int cmd, void *op)
{
	return hypercall5(__HYPERVISOR_grant_table_op, cmd, (long)op, 1, 0, 0);
}

static bool bdf_arg(const char *arg, uint32_t *bus, uint32_t *devfn)
{
	char v[16];
	uint32_t s, b, d, f;
	const char *p = v;

	if (!guest_arg(arg, v, sizeof(v)) || strlen(v) != 12)
		return false;
	s = 0, b = 0, d = 0, f = 0;
	for (int i = 0; i < 12; i++, p++) {
		int h = *p >= 'a' ? *p - 'a' + 10 : *p - '0';

		if (i == 4 || i == 7 || i == 10)
			continue;
		if (i < 4)
			s = s << 4 | h;
		else if (i < 7)
			b = b << 4 | h;
		else if (i < 10)
			d = d << 4 | h;
		else
			f = h;
	}
	*bus = b;
	*devfn = DEVFN(d, f);
	return s == 0;
}

static int be_state(void)
{
	char path[128], v[8];

	snprintf(path, sizeof(path), "%s/state", be_path);
	if (xs_read(path, v, sizeof(v)) <= 0)
		return -1;
	return v[0] - '0';
}

/* Waits (watch events) until the backend's state is want. */
static void wait_backend(int want, const char *what)
{
	char path[128], token[8];

	snprintf(path, sizeof(path), "%s/state", be_path);
	CHECK_EQ(xs_watch(path, "be"), 0, "watch the backend's state");
	while (be_state() != want)
		xs_wait_watch(path, sizeof(path), token, sizeof(token));
	snprintf(path, sizeof(path), "%s/state", be_path);
	xs_unwatch(path, "be");
	guest_printf("pcifront: %s: backend %s (%d)\n", name, what, want);
}

static void set_state(int state)
{
	char v[4];

	snprintf(v, sizeof(v), "%d", state);
	CHECK_EQ(xs_write("device/pci/0/state", v), 0, "write our state");
}

/* Grant table frame mapped at spare 0, the shared page at spare 1. */
static void setup_page(void)
{
	struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = 1 };
	xen_pfn_t frame;

	set_xen_guest_handle(setup.frame_list, &frame);
	CHECK_EQ(gnttab(GNTTABOP_setup_table, &setup), 0, "setup_table");
	table = spare_va(0);
	CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)table, frame << 12 | 7, UVMF_INVLPG), 0,
		 "map our grant table");
	sh = spare_va(1);
	memset((void *)sh, 0, 4096);
}

/* The page in use: OP_REF on spare 1, after starting over NEW_REF on 2. */
static uint32_t cur_ref = OP_REF;
static int cur_spare = 1;

static void grant(void)
{
	table[cur_ref] = (struct grant_entry_v1){ GTF_permit_access, be_id,
						  (uint32_t)spare_mfn(cur_spare) };
}

static void publish_magic(uint32_t ref, const char *magic)
{
	char v[16];

	snprintf(v, sizeof(v), "%u", ref);
	CHECK_EQ(xs_write("device/pci/0/pci-op-ref", v), 0, "pci-op-ref");
	snprintf(v, sizeof(v), "%u", port);
	CHECK_EQ(xs_write("device/pci/0/event-channel", v), 0, "event-channel");
	CHECK_EQ(xs_write("device/pci/0/magic", magic), 0, "magic");
	set_state(XenbusStateInitialised);
}

static void publish(uint32_t ref)
{
	publish_magic(ref, XEN_PCI_MAGIC);
}

static void connect(void)
{
	grant();
	publish(cur_ref);
	wait_backend(XenbusStateConnected, "Connected");
}

static void notify(void)
{
	struct evtchn_send s = { .port = port };

	evtchn_op(EVTCHNOP_send, &s);
}

static void start_op(const struct xen_pci_op *op)
{
	memcpy((void *)&sh->op, op, sizeof(*op));
	__atomic_fetch_or(&sh->flags, XEN_PCIF_active, __ATOMIC_SEQ_CST);
	notify();
}

/* Polls our port until the backend clears _XEN_PCIF_active. */
static bool finish_op(void)
{
	uint64_t end = guest_now_ns() + OP_TIMEOUT_NS;
	struct sched_poll poll = { .nr_ports = 1 };

	set_xen_guest_handle(poll.ports, &port);
	while (sh->flags & XEN_PCIF_active) {
		if (guest_now_ns() > end)
			return false;
		poll.timeout = guest_now_ns() + 100000000;
		HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
		__atomic_and_fetch(&guest_shared_info->evtchn_pending[port / 64],
				   ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
	}
	return true;
}

/* One operation; its err (or 1000 if the backend never answered). */
static int32_t do_op(uint32_t cmd, uint32_t bus, uint32_t devfn, int32_t offset, int32_t size,
		     uint32_t *val)
{
	struct xen_pci_op op = { .cmd = cmd, .bus = bus, .devfn = devfn, .offset = offset,
				 .size = size, .value = val ? *val : 0 };

	start_op(&op);
	if (!finish_op())
		return 1000;
	if (val)
		*val = sh->op.value;
	return sh->op.err;
}

static int32_t conf_read(uint32_t bus, uint32_t devfn, int32_t offset, int32_t size,
			 uint32_t *val)
{
	return do_op(XEN_PCI_OP_conf_read, bus, devfn, offset, size, val);
}

static void check_roots(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/root_num", be_path);
	CHECK(xs_read(path, value, sizeof(value)) > 0 && !strcmp(value, "1"), "root_num %s", value);
	snprintf(path, sizeof(path), "%s/root-0", be_path);
	CHECK(xs_read(path, value, sizeof(value)) > 0 && !strcmp(value, "0000:00"), "root-0 %s",
	      value);
}

static void check_ids(void)
{
	uint32_t v = 0, w = 0;
	char want[16];

	CHECK_EQ(conf_read(dev.bus, dev.devfn, 0, 4, &v), XEN_PCI_ERR_success, "vendor/device");
	CHECK_EQ(conf_read(dev.bus, dev.devfn, 2, 2, &w), XEN_PCI_ERR_success, "device ID alone");
	CHECK_EQ(w, v >> 16, "the same device ID");
	guest_printf("pcifront: %s: vendor:device %04x:%04x\n", name, v & 0xffff, v >> 16);
	if (guest_arg("expect", want, sizeof(want))) {
		char got[16];

		snprintf(got, sizeof(got), "%04x:%04x", v & 0xffff, v >> 16);
		CHECK(!strcmp(got, want), "vendor:device %s, want %s", got, want);
	}
}

static void check_refusals(void)
{
	uint32_t v = 0;

	CHECK_EQ(conf_read(0, DEVFN(3, 0), 0, 4, &v), XEN_PCI_ERR_dev_not_found, "an empty slot");
	CHECK_EQ(conf_read(other.bus, other.devfn, 0, 4, &v), XEN_PCI_ERR_dev_not_found,
		 "another frontend's device");
	CHECK_EQ(do_op(0x1234, dev.bus, dev.devfn, 0, 4, &v), XEN_PCI_ERR_not_implemented,
		 "a garbage op");
	CHECK_EQ(do_op(XEN_PCI_OP_aer_detected, dev.bus, dev.devfn, 0, 4, &v),
		 XEN_PCI_ERR_not_implemented, "an AER op");
	CHECK_EQ(conf_read(dev.bus, dev.devfn, 256, 4, &v), XEN_PCI_ERR_invalid_offset,
		 "offset 256");
	CHECK_EQ(conf_read(dev.bus, dev.devfn, 1, 2, &v), XEN_PCI_ERR_invalid_offset,
		 "an unaligned offset");
	CHECK_EQ(conf_read(dev.bus, dev.devfn, 0, 3, &v), XEN_PCI_ERR_invalid_offset, "size 3");
	CHECK_EQ(conf_read(dev.bus, dev.devfn, -4, 4, &v), XEN_PCI_ERR_invalid_offset,
		 "a negative offset");
	v = SH_INFO_MAX_VEC + 1;
	CHECK_EQ(do_op(XEN_PCI_OP_enable_msix, dev.bus, dev.devfn, 0, 0, &v), -XEN_EINVAL,
		 "too many MSI-X entries");
	guest_printf("pcifront: %s: not found, not implemented, bad offsets and too many "
		     "MSI-X entries refused\n", name);
}

/* Needs the device (MSI-X) assigned by the hypervisor and map_pirq.
 * Entry 0 enabled (a pirq for it); disabled again unless keep. */
static void check_msix(bool keep)
{
	struct xen_pci_op op = { .cmd = XEN_PCI_OP_enable_msix, .bus = dev.bus,
				 .devfn = dev.devfn, .value = 1 };
	uint32_t cmd = 0;

	CHECK_EQ(conf_read(dev.bus, dev.devfn, 4, 2, &cmd), 0, "command register");
	cmd |= 2;	/* memory decoding, as Linux's pci_enable_device */
	CHECK_EQ(do_op(XEN_PCI_OP_conf_write, dev.bus, dev.devfn, 4, 2, &cmd), 0, "enable memory");
	op.msix_entries[0] = (struct xen_msix_entry){ .vector = 0xffff, .entry = 0 };
	start_op(&op);
	CHECK(finish_op(), "enable_msix answered");
	CHECK_EQ(sh->op.err, 0, "enable_msix");
	CHECK(sh->op.msix_entries[0].vector > 0 && sh->op.msix_entries[0].vector != 0xffff,
	      "a pirq for entry 0: %u", sh->op.msix_entries[0].vector);
	guest_printf("pcifront: %s: MSI-X entry 0 is pirq %u\n", name, sh->op.msix_entries[0].vector);
	if (!keep)
		CHECK_EQ(do_op(XEN_PCI_OP_disable_msix, dev.bus, dev.devfn, 0, 0, NULL), 0,
			 "disable_msix");
}

/* What a round trip costs (Linux's probe of a device sends hundreds). */
static void time_reads(void)
{
	uint64_t t0 = guest_now_ns();
	uint32_t v;
	int bad = 0;

	for (int i = 0; i < 1000; i++)
		bad += conf_read(dev.bus, dev.devfn, (i % 64) * 4, 4, &v) != 0;
	CHECK_EQ(bad, 0, "1000 conf reads");
	guest_printf("pcifront: %s: 1000 conf reads in %lu us\n", name,
		     (unsigned long)((guest_now_ns() - t0) / 1000));
}

static void close_and_see_initwait(void)
{
	set_state(XenbusStateClosing);
	wait_backend(XenbusStateClosing, "Closing");
	set_state(XenbusStateClosed);
	wait_backend(XenbusStateInitWait, "InitWait again");
}

static void wait_for_done(void)
{
	char path[64], token[8];
	domid_t peer = guest_arg_number("wait", 0);

	snprintf(path, sizeof(path), "/local/domain/%u/data/pcifront-done", peer);
	CHECK_EQ(xs_watch(path, "done"), 0, "watch the hostile frontend's word");
	while (xs_read(path, value, sizeof(value)) <= 0)
		xs_wait_watch(value, sizeof(value), token, sizeof(token));
	guest_printf("pcifront: %s: d%u is done attacking\n", name, peer);
}

static void new_port(void);

/* The service has let go of our previous connection: its map of that
 * page (GTF_reading gone from our entry) and its end of that port (ours
 * unbound again, still offered to it). */
static void check_dropped(uint32_t old_ref, evtchn_port_t old_port)
{
	struct evtchn_status st = { .dom = DOMID_SELF, .port = old_port };

	CHECK(!(table[old_ref].flags & (GTF_reading | GTF_writing)),
	      "the service still maps our old page (flags %#x)", table[old_ref].flags);
	CHECK_EQ(evtchn_op(EVTCHNOP_status, &st), 0, "status of our old port");
	CHECK(st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == be_id,
	      "our old port: status %u, want unbound to the service", st.status);
}

/* Initialising again while Connected, as a restarted frontend of the
 * same domid: the service drops the old page and port (InitWait). */
static void start_over(void)
{
	set_state(XenbusStateInitialising);
	wait_backend(XenbusStateInitWait, "InitWait after we started over without closing");
}

/* A new page (NEW_REF on spare 2) and port; the old ones left as they
 * are (granted, bound until the service closes its end). */
static void new_page(void)
{
	cur_ref = NEW_REF;
	cur_spare = 2;
	sh = spare_va(2);
	memset((void *)sh, 0, 4096);
	new_port();
}

static void abandon(bool msix)
{
	uint32_t v = 0, old_ref = cur_ref;
	evtchn_port_t old_port = port;

	if (msix)
		check_msix(true);	/* left enabled, as a crash leaves it */
	start_over();
	check_dropped(old_ref, old_port);
	new_page();
	connect();
	CHECK_EQ(conf_read(dev.bus, dev.devfn, 0, 4, &v), 0, "served after starting over");
	if (msix)
		check_msix(false);	/* -EBUSY if the old state were kept */
	guest_printf("pcifront: %s: started over without closing: old page unmapped, old port "
		     "closed%s; served again\n", name, msix ? ", MSI-X state forgotten" : "");
}

static void run_good(void)
{
	uint32_t v;
	bool msix = guest_arg_number("msix", 0) != 0;

	connect();
	check_roots();
	check_ids();
	check_refusals();
	if (guest_arg_number("abandon", 0))
		abandon(msix);
	else if (msix)
		check_msix(false);
	time_reads();
	if (guest_arg_number("wait", 0)) {
		wait_for_done();
		CHECK_EQ(conf_read(dev.bus, dev.devfn, 0, 4, &v), 0, "served after the attack");
		guest_printf("pcifront: %s: still served after the attack\n", name);
	}
	close_and_see_initwait();
}

static void new_port(void)
{
	struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = be_id };

	CHECK_EQ(evtchn_op(EVTCHNOP_alloc_unbound, &a), 0, "offer a port to the backend");
	port = a.port;
}

/* Another protocol's magic, then an ungranted pci-op-ref: each refused
 * (Closing); after each restart the backend waits again. */
static void bad_ref(void)
{
	grant();
	publish_magic(OP_REF, "6");
	wait_backend(XenbusStateClosing, "refused magic 6");
	set_state(XenbusStateClosed);
	wait_backend(XenbusStateInitWait, "InitWait after our restart");
	publish(4000);
	wait_backend(XenbusStateClosing, "refused an ungranted pci-op-ref");
	set_state(XenbusStateClosed);
	wait_backend(XenbusStateInitWait, "InitWait after our restart");
}

static uint64_t rnd = 88172645463325252ull;

static uint32_t xorshift(void)
{
	rnd ^= rnd << 13;
	rnd ^= rnd >> 7;
	rnd ^= rnd << 17;
	return (uint32_t)rnd;
}

/* Lets whatever the service took from a scribbled page be answered. */
static void settle(void)
{
	uint32_t v;

	finish_op();
	memset((void *)sh, 0, 4096);
	conf_read(dev.bus, dev.devfn, 0, 4, &v);
}

/* The whole page, flags too, rewritten for 200 ms while an enable_msix
 * of two entries is in flight; then a clean operation is answered. */
static void scribble(void)
{
	struct xen_pci_op op = { .cmd = XEN_PCI_OP_enable_msix, .bus = dev.bus,
				 .devfn = dev.devfn, .value = 2 };
	volatile uint32_t *w = (volatile uint32_t *)sh;
	uint64_t end = guest_now_ns() + 200000000;
	unsigned long n = 0;
	uint32_t v = 0;

	start_op(&op);
	while (guest_now_ns() < end) {
		for (int i = 0; i < 256; i++)
			w[xorshift() % 1024] = xorshift();
		n += 256;
		if (n % 4096 == 0)
			notify();
	}
	settle();
	CHECK_EQ(conf_read(dev.bus, dev.devfn, 0, 4, &v), 0, "a clean op after the scribbling");
	guest_printf("pcifront: %s: %lu words scribbled mid-op; the next op answered\n", name, n);
}

/* The grant ended while the service maps the page: its mapping stays
 * (as in Xen), the operation is answered, the grant comes back. */
static void revoke_mid_op(void)
{
	struct xen_pci_op op = { .cmd = XEN_PCI_OP_conf_read, .bus = dev.bus, .devfn = dev.devfn,
				 .size = 4 };
	bool answered;

	start_op(&op);
	table[OP_REF].flags = 0;
	answered = finish_op();
	CHECK(answered, "an op answered after our grant was revoked");
	guest_printf("pcifront: %s: grant revoked mid-op; answered (err %d)\n", name, sh->op.err);
	grant();
}

/* Closed with an operation pending: unmapped, unbound, InitWait. */
static void close_mid_op(void)
{
	struct xen_pci_op op = { .cmd = XEN_PCI_OP_conf_read, .bus = dev.bus, .devfn = dev.devfn,
				 .size = 4 };

	start_op(&op);
	set_state(XenbusStateClosed);
	wait_backend(XenbusStateInitWait, "InitWait after we closed mid-op");
}

static void say_done(void)
{
	char perms[16];
	int n = snprintf(perms, sizeof(perms), "n%s", me) + 1;

	n += snprintf(perms + n, sizeof(perms) - n, "r%lu",
		      (unsigned long)guest_arg_number("reader", 0)) + 1;
	CHECK_EQ(xs_write("data/pcifront-done", "1"), 0, "write data/pcifront-done");
	CHECK_EQ(xs_set_perms("data/pcifront-done", perms, (size_t)n), 0, "share it");
}

/* Publishes raw node values and goes Initialised. */
static void publish_raw(const char *ref, const char *evtchn, const char *magic)
{
	CHECK_EQ(xs_write("device/pci/0/pci-op-ref", ref), 0, "pci-op-ref");
	CHECK_EQ(xs_write("device/pci/0/event-channel", evtchn), 0, "event-channel");
	CHECK_EQ(xs_write("device/pci/0/magic", magic), 0, "magic");
	set_state(XenbusStateInitialised);
}

/* Started over without closing, with garbage in the new nodes: each
 * refused (Closing) with the old connection already dropped; then the
 * old page and port published again, which the service maps and binds
 * afresh. */
static void hostile_start_over(void)
{
	static const char *const bad[][3] = {
		{ "8; rm -rf", "12", XEN_PCI_MAGIC },	/* not a number */
		{ "9", "99999999999", XEN_PCI_MAGIC },	/* over 32 bits */
		{ "-1", "", XEN_PCI_MAGIC },
		{ "9", "4000", XEN_PCI_MAGIC },		/* a port never offered */
	};
	uint32_t v = 0, old_ref = cur_ref;
	evtchn_port_t old_port = port;
	char r[16], p[16];

	start_over();
	check_dropped(old_ref, old_port);
	table[NEW_REF] = (struct grant_entry_v1){ GTF_permit_access, be_id, (uint32_t)spare_mfn(2) };
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		publish_raw(bad[i][0], bad[i][1], bad[i][2]);
		wait_backend(XenbusStateClosing, "refused garbage after starting over");
		start_over();
	}
	table[NEW_REF].flags = 0;
	snprintf(r, sizeof(r), "%u", old_ref);
	snprintf(p, sizeof(p), "%u", old_port);
	publish_raw(r, p, XEN_PCI_MAGIC);
	wait_backend(XenbusStateConnected, "Connected on our old page and port");
	CHECK_EQ(conf_read(dev.bus, dev.devfn, 0, 4, &v), 0, "served on the old page again");
	guest_printf("pcifront: %s: started over with garbage: %u refused; old page and port "
		     "served again\n", name, (unsigned int)(sizeof(bad) / sizeof(bad[0])));
}

static void run_hostile(void)
{
	uint32_t v = 0;

	bad_ref();
	connect();
	CHECK_EQ(do_op(0xffffffff, dev.bus, dev.devfn, 0, 4, &v), XEN_PCI_ERR_not_implemented,
		 "a garbage op");
	CHECK_EQ(conf_read(other.bus, other.devfn, 0, 4, &v), XEN_PCI_ERR_dev_not_found,
		 "another frontend's device");
	scribble();
	revoke_mid_op();
	close_mid_op();
	memset((void *)sh, 0, 4096);
	new_port();
	connect();
	CHECK_EQ(conf_read(dev.bus, dev.devfn, 0, 4, &v), 0, "served after reconnecting");
	guest_printf("pcifront: %s: reconnected and served; leaving with the page mapped\n", name);
	if (guest_arg_number("abandon", 0))
		hostile_start_over();
	say_done();
}

void guest_main(void)
{
	char mode[16], id[8];

	xs_client_init();
	CHECK(xs_read("domid", me, sizeof(me)) > 0, "our domid");
	CHECK(xs_read("name", name, sizeof(name)) > 0, "our name");
	CHECK(xs_read("device/pci/0/backend", be_path, sizeof(be_path)) > 0, "device/pci/0/backend");
	CHECK(xs_read("device/pci/0/backend-id", id, sizeof(id)) > 0, "device/pci/0/backend-id");
	be_id = 0;
	for (const char *p = id; *p >= '0' && *p <= '9'; p++)
		be_id = be_id * 10 + (domid_t)(*p - '0');
	CHECK(bdf_arg("dev", &dev.bus, &dev.devfn), "dev=0000:BB:DD.F");
	CHECK(bdf_arg("other", &other.bus, &other.devfn), "other=0000:BB:DD.F");
	if (guest_failures())
		return;
	setup_page();
	new_port();
	if (guest_arg("mode", mode, sizeof(mode)) && !strcmp(mode, "hostile"))
		run_hostile();
	else
		run_good();
}
