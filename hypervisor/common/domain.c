/* SPDX-License-Identifier: GPL-2.0-only */
/* Domain lifetime: allocation, shutdown at the guest's request, and
 * destruction when it faults fatally. A domain's failure is contained: we
 * print why, give back its memory and carry on with the other domains. */
#include <parvus/domain.h>
#include <parvus/pci.h>
#include <parvus/console_ring.h>
#include <parvus/frame_alloc.h>
#include <parvus/heap.h>
#include <parvus/machine_mm.h>
#include <parvus/mm_audit_run.h>
#include <arch/cpu.h>
#include <parvus/layout.h>
#include <parvus/string.h>
#include <parvus/time.h>
#include <arch/machine.h>
#include <arch/paging.h>

struct vcpu *current;

#define MAX_DOMAINS 64
_Static_assert(MAX_DOMAINS <= MM_MAX_OWNERS, "each domain has a dying-table queue");
static struct domain *domain_table[MAX_DOMAINS];

struct domain *domain_by_id(domid_t domid)
{
	struct domain *d = domid < MAX_DOMAINS ? domain_table[domid] : NULL;

	return d && d->state == DOMAIN_RUNNING ? d : NULL;
}

/* A zeroed struct with its event channel table becomes domain domid. */
static int domain_init(struct domain *d, unsigned int domid)
{
	evtchn_init(d->evtchn);
	d->shutdown_code = -1;
	d->domid = domid;
	d->state = DOMAIN_RUNNING;
	d->vcpu0.domain = d;
	/* Not runnable until built: the scheduler makes it so (a zeroed
	 * state would read as VCPU_RUNNABLE, and a failed rebuild ran). */
	d->vcpu0.state = VCPU_DOWN;
	d->vcpu0.in_kernel = true;
	guest_console_init(&d->console, domid);
	return gnttab_create(d);
}

struct domain *domain_alloc(unsigned int domid)
{
	struct domain *d;

	if (domid >= MAX_DOMAINS || domain_table[domid])
		return NULL;
	d = xzalloc(sizeof(*d));
	if (!d)
		return NULL;
	d->evtchn = xmalloc(sizeof(*d->evtchn));
	if (!d->evtchn) {
		xfree(d);
		return NULL;
	}
	domain_table[domid] = d;
	if (domain_init(d, domid)) {
		domain_release_memory(d);
		return NULL;
	}
	return d;
}

/* The struct stays where it is (the run list and the domain table point
 * at it); every field of the dead instance goes, so nothing of it (its
 * shared_info, grant table, console ring, pirqs, I/O ranges, devices,
 * timers, counters, page-table bases) reaches the next one. What points
 * outside the struct must have been given back by the teardown. */
int domain_reinit(struct domain *d)
{
	struct evtchn_table *evtchn = d->evtchn;
	unsigned int domid = d->domid;
	char name[sizeof(d->name)];

	if (d->gnttab || d->pirqs || d->frames || d->console_ring_mfn ||
	    d->pirq_eoi_mfn || d->iomem.nr || d->ioport.nr) {
		printk("parvus: d%u: the last instance left state behind; not rebuilt\n",
		       domid);
		return -1;
	}
	strlcpy(name, d->name, sizeof(name));
	memset(d, 0, sizeof(*d));
	d->evtchn = evtchn;
	strlcpy(d->name, name, sizeof(d->name));
	return domain_init(d, domid);
}

/* Every frame the domain owns, whatever it became (RAM, page table,
 * shared_info, ballooned in later), is found by its owner field and
 * freed (machine_mm_free_frame scrubs it). Frames another domain still
 * maps by grant are not: they become orphans first (gnttab_orphan), kept
 * until the last mapping goes. Nothing else outside the domain refers to
 * its frames, so its tables need no unwinding, partial or dying ones
 * included (their entries only reference the domain's own frames); the
 * TLB is flushed so no stale mapping survives. */
void domain_release_memory(struct domain *d)
{
	console_ring_detach(d);
	gnttab_orphan(d);
	page_types_forget(&machine_mm, d->domid);	/* its frames go below */
	for (uint64_t mfn = 0; mfn < machine_mm.nr_frames; mfn++)
		if (machine_mm.pages[mfn].owner == d->domid)
			machine_mm_free_frame(mfn);
	xfree(d->frames);
	d->frames = NULL;
	gnttab_free(d);
	d->shared_info = NULL;
	d->nr_pages = 0;
	flush_tlb_local();
}

static const char *shutdown_reason_name(unsigned int reason)
{
	switch (reason) {
	case SHUTDOWN_poweroff:	return "poweroff";
	case SHUTDOWN_reboot:	return "reboot";
	case SHUTDOWN_suspend:	return "suspend";
	case SHUTDOWN_crash:	return "crash";
	case SHUTDOWN_watchdog:	return "watchdog";
	case SHUTDOWN_soft_reset: return "soft_reset";
	default:		return "unknown";
	}
}

/* VIRQ_DOM_EXC tells xenstored that a domain has gone (Xen raises it for
 * the domain that handles that global VIRQ): its store connection is
 * over, and @releaseDomain watches fire. */
void domain_notify_xenstore(const struct domain *d)
{
	for (domid_t id = 1; id < MAX_DOMAINS; id++) {
		struct domain *o = domain_by_id(id);

		if (o && o != d && o->is_xenstore)
			evtchn_send_virq(&o->vcpu0, VIRQ_DOM_EXC);
	}
}

/* Leave the guest's address space before its page tables are freed, and
 * take its descriptors and breakpoints out of the hardware. Its devices
 * stop bus-mastering first (their DMA would reach frames about to be
 * reused); its event channels close, so peers see their ends unbound. */
static uint64_t domain_teardown(struct domain *d)
{
	uint64_t start = time_now_ns();
	unsigned long free_before = machine_frames.nr_free, pages = d->nr_pages;
	long state;

	pci_release(d);	/* no DMA into its frames once they are freed */
	evtchn_reset(d);
	pirq_release(d);
	domain_notify_xenstore(d);
	gnttab_release(d);
	paging_load_idle();
	gdt_clear_guest_pages(0);
	ldt_activate(0);
	write_dr7(0x400);
	domain_release_memory(d);
	if (current && current->domain == d)
		current = NULL;
	/* With start.c's count before any domain was built, this is how a
	 * frame leak shows: the last destruction must bring it back. */
	printk("parvus: d%u destroyed; free frames: %lu\n", d->domid,
	       (unsigned long)machine_frames.nr_free);
	/* What the hypervisor kept for it besides its memory: grant table
	 * and maptrack frames and the like (frames a peer still maps by
	 * grant stay out until unmapped, so this can come out short). */
	state = (long)(machine_frames.nr_free - free_before) - (long)pages;
	if (state >= 0)
		printk("parvus: d%u had %lu pages and %ld frames of hypervisor state, "
		       "%lu bytes of heap\n", d->domid, pages, state,
		       (unsigned long)(sizeof(*d) + sizeof(*d->evtchn)));
	mm_audit_after_teardown();
	return start;
}

/* The domain stops for reason: torn down, and rebuilt later if it failed
 * and is on_crash=restart, or rebooted and is on_reboot=restart
 * (domain_restart.c). */
static void domain_stop(struct domain *d, unsigned int reason)
{
	bool failed = reason == SHUTDOWN_crash || reason == SHUTDOWN_watchdog;
	uint64_t start;

	d->state = failed ? DOMAIN_CRASHED : DOMAIN_SHUTDOWN;
	d->vcpu0.state = VCPU_DOWN;
	d->shutdown_reason = reason;
	start = domain_teardown(d);
	domain_restart_after_stop(d, reason, start);
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	printk("parvus: d%u shut down (%s)\n", d->domid,
	       shutdown_reason_name(reason));
	domain_stop(d, reason);
	schedule();
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
	va_list ap;

	printk("parvus: d%u crashed: ", d->domid);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	domain_stop(d, SHUTDOWN_crash);
	schedule();
}

void domain_kill(struct domain *d, const char *why)
{
	printk("parvus: d%u (%s) killed: %s\n", d->domid, d->name, why);
	domain_stop(d, SHUTDOWN_crash);
}
