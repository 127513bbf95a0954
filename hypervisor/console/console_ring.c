/* SPDX-License-Identifier: GPL-2.0-only */
/* The console back end for every domain's console ring (xen/io/console.h,
 * struct xencons_interface; start_info.console.domU): the job xenconsoled
 * does in Xen, done here in the hypervisor. Output: whatever the guest put
 * in out[] goes to the serial port, each line prefixed with the domain's
 * name. Input: bytes typed on the serial port go to one domain's in[] at a
 * time; Ctrl-A three times moves input to the next domain and, after the
 * last, to the hypervisor itself, as on Xen's console, where keys print
 * its state ('h' lists them). The ring lives in guest memory, so its indexes are untrusted:
 * a producer more than a ring ahead of the consumer is corrected, never
 * followed. */
#include <parvus/barrier.h>
#include <parvus/console.h>
#include <parvus/console_ring.h>
#include <parvus/domain.h>
#include <parvus/event_channel.h>
#include <parvus/layout.h>
#include <parvus/machine_mm.h>
#include <parvus/page_types.h>
#include <parvus/string.h>
#include <arch/machine.h>
#include <parvus/perf_counters.h>
#include <xen/io/console.h>

#define CTRL_A 0x01
#define SWITCH_PRESSES 3

static struct domain *console_domains[16];
static unsigned int nr_console_domains, ctrl_a_count;
/* The domain ID that has the keyboard; 0 (no domain has it): the
 * hypervisor. Input goes on to the next domain if that one has ended. */
#define FOCUS_HYPERVISOR 0
#define FOCUS_UNCHOSEN	 (~0u)
static unsigned int input_focus = FOCUS_UNCHOSEN;

/* At first the keyboard goes to the first domain that is not the
 * xenstore domain: the one a user came to talk to. */
static void choose_first_focus(void)
{
	struct domain *first = NULL;

	for (unsigned int i = 0; i < nr_console_domains; i++) {
		struct domain *d = console_domains[i];

		if (d->state == DOMAIN_RUNNING && !d->is_xenstore &&
		    (!first || d->domid < first->domid))
			first = d;
	}
	input_focus = first ? first->domid : 1;
}

static struct xencons_interface *ring_of(struct domain *d)
{
	return mfn_to_virt(d->console_ring_mfn);
}

/* The ring stays the domain's page, but while we write to it we hold a
 * writable-type reference: the guest can neither give the frame back
 * (decrease_reservation would hand it to someone else) nor turn it into
 * a page table or descriptor page under our writes. */
int console_ring_attach(struct domain *d, uint64_t mfn, evtchn_port_t port)
{
	int rc = page_get_typed(&machine_mm, mfn, d->domid, PGT_writable);

	if (rc)
		return rc;
	d->console_ring_mfn = mfn;
	d->console_port = port;
	guest_console_init(&d->ring_console, d->domid);
	d->ring_console.name = d->name;
	if (nr_console_domains < ARRAY_SIZE(console_domains))
		console_domains[nr_console_domains++] = d;
	return 0;
}

void console_ring_detach(struct domain *d)
{
	for (unsigned int i = 0; i < nr_console_domains; i++) {
		if (console_domains[i] != d)
			continue;
		console_domains[i] = console_domains[--nr_console_domains];
		page_put_typed(&machine_mm, d->console_ring_mfn);
		d->console_ring_mfn = 0;
		return;
	}
}

void console_ring_drain(struct domain *d)
{
	struct xencons_interface *r = ring_of(d);
	uint32_t cons = r->out_cons, prod = r->out_prod;
	char buf[64];

	barrier();	/* indexes before data */
	if (cons == prod)
		return;
	if (prod - cons > sizeof(r->out)) {
		printk("parvus: d%u: console ring indexes out of range; "
		       "output dropped\n", d->domid);
		r->out_cons = prod;
		return;
	}
	while (cons != prod) {
		unsigned int n = 0;

		while (cons != prod && n < sizeof(buf))
			buf[n++] = r->out[MASK_XENCONS_IDX(cons++, r->out)];
		guest_console_write(&d->ring_console, buf, n);
	}
	r->out_cons = cons;
	evtchn_set_pending_port(d, d->console_port);	/* consumed: room again */
}

static bool hypervisor_focused(void)
{
	return input_focus == FOCUS_HYPERVISOR;
}

/* The running console domain with the lowest ID at or after domid. */
static struct domain *running_from(unsigned int domid)
{
	struct domain *best = NULL;

	for (unsigned int i = 0; i < nr_console_domains; i++) {
		struct domain *d = console_domains[i];

		if (d->state == DOMAIN_RUNNING && d->domid >= domid &&
		    (!best || d->domid < best->domid))
			best = d;
	}
	return best;
}

static struct domain *focused_domain(void)
{
	struct domain *d;

	if (input_focus == FOCUS_UNCHOSEN)
		choose_first_focus();
	if (hypervisor_focused())
		return NULL;
	d = running_from(input_focus);
	if (!d)
		d = running_from(1);	/* wrap around */
	if (d)
		input_focus = d->domid;
	return d;
}

/* k then a digit 1-9: destroy that domain as a crash (on_crash=restart
 * rebuilds it), as xl destroy would but at the scheduler's next turn. */
static bool kill_key_armed;

static void kill_key(char c)
{
	kill_key_armed = false;
	if (c < '1' || c > '9') {
		printk("parvus: k takes a domain number, 1 to 9\n");
		return;
	}
	printk("parvus: killing d%c\n", c);
	domain_kill_request((domid_t)(c - '0'));
}

/* Keys for the hypervisor itself (Xen's debug keys, a few of them). */
static void hypervisor_key(char c)
{
	if (kill_key_armed) {
		kill_key(c);
		return;
	}
	switch (c) {
	case 'c':
		perfc_print();
		break;
	case 'z':
		perfc_reset();
		printk("parvus: counters reset\n");
		break;
	case 'k':
		kill_key_armed = true;
		break;
	case 'h':
	default:
		printk("parvus: keys: c counters of hypercalls and traps, z reset them, "
		       "kN kill dN (as a crash), h this help; Ctrl-A three times for "
		       "the next domain\n");
		break;
	}
}

static void switch_focus(void)
{
	struct domain *d;

	/* d1, d2, ... then the hypervisor, then d1 again. */
	if (input_focus == FOCUS_UNCHOSEN)
		choose_first_focus();
	d = hypervisor_focused() ? running_from(1) : running_from(input_focus + 1);
	input_focus = d ? d->domid : FOCUS_HYPERVISOR;
	if (d)
		printk("\nparvus: console input now goes to d%u (%s)\n", d->domid, d->name);
	else if (hypervisor_focused())
		printk("\nparvus: console input now goes to the hypervisor (h for help)\n");
}

static void deliver_input(struct domain *d, char c)
{
	struct xencons_interface *r = ring_of(d);
	uint32_t cons = r->in_cons, prod = r->in_prod;

	if (prod - cons >= sizeof(r->in))
		return;		/* full (or nonsense): the byte is lost */
	r->in[MASK_XENCONS_IDX(prod, r->in)] = c;
	barrier();	/* data before the index */
	r->in_prod = prod + 1;
	evtchn_set_pending_port(d, d->console_port);
}

void console_ring_input(char c)
{
	struct domain *d;

	/* Like Xen's serial_rx, the switch key itself is never delivered. */
	if (c == CTRL_A) {
		if (++ctrl_a_count < SWITCH_PRESSES)
			return;
		ctrl_a_count = 0;
		switch_focus();
		return;
	}
	ctrl_a_count = 0;
	if (hypervisor_focused()) {
		hypervisor_key(c);
		return;
	}
	d = focused_domain();
	if (d)
		deliver_input(d, c);
}

static bool interactive;

void console_ring_wake_on_input(void)
{
	serial_enable_rx_interrupt();
	pic_unmask_irq(SERIAL_IRQ);
}

void console_ring_set_interactive(void)
{
	interactive = true;
	console_ring_wake_on_input();
}

bool console_ring_input_possible(void)
{
	if (!interactive)
		return false;
	for (unsigned int i = 0; i < nr_console_domains; i++)
		if (console_domains[i]->state == DOMAIN_RUNNING)
			return true;
	return false;
}

void console_ring_poll(void)
{
	int c;

	for (unsigned int i = 0; i < nr_console_domains; i++)
		if (console_domains[i]->state == DOMAIN_RUNNING)
			console_ring_drain(console_domains[i]);
	while ((c = serial_getc()) >= 0)
		console_ring_input((char)c);
}
