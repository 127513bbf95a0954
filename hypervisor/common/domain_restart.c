/* SPDX-License-Identifier: GPL-2.0-only */
/* on_crash=restart and on_reboot=restart (boot manifest; xl.cfg's): a
 * domain that crashes (or asks for a reboot) is torn down as any other,
 * then rebuilt with the same domain id from what it was built from at
 * boot, so its peers (xenstored, its guests' front ends) find it where it
 * was. A reboot loop gets the same back-off as a crash loop. The rebuild is deferred to
 * the scheduler (domain_restarts_run), never done in the dying domain's
 * trap or hypercall: it may wait out a crash-loop back-off
 * (restart_policy.h) while every other domain runs. The console's kill
 * key (console_ring.c) is deferred the same way. */
#include <parvus/domain.h>
#include <parvus/frame_alloc.h>
#include <parvus/pci.h>
#include <parvus/restart_policy.h>
#include <parvus/time.h>
#include <parvus/console.h>

#define RESTART_SLOTS	64	/* domain IDs, as domain.c's table */

struct restart_slot {
	struct domain *d;		/* NULL: on_crash=destroy */
	domain_rebuild_fn rebuild;
	bool on_crash, on_reboot;
	struct restart_history history;
	unsigned int restarts;
	uint64_t started_ns;		/* when this instance was built */
	uint64_t crashed_ns;		/* when the last instance's teardown began */
	uint64_t due_ns;		/* rebuild at; 0: none pending */
};

static struct restart_slot slots[RESTART_SLOTS];
static bool kill_requested[RESTART_SLOTS];

void domain_set_restartable(struct domain *d, domain_rebuild_fn rebuild, bool on_crash,
			    bool on_reboot)
{
	if (d->domid >= RESTART_SLOTS)
		return;
	slots[d->domid] = (struct restart_slot){ .d = d, .rebuild = rebuild,
						 .on_crash = on_crash, .on_reboot = on_reboot,
						 .started_ns = time_now_ns() };
}

/* Whether a domain of slot s that stopped for reason comes back, and
 * the word for what it did. */
static const char *restart_wanted(const struct restart_slot *s, unsigned int reason)
{
	if (reason == SHUTDOWN_crash || reason == SHUTDOWN_watchdog)
		return s->on_crash ? "crashed" : NULL;
	if (reason == SHUTDOWN_reboot)
		return s->on_reboot ? "rebooted" : NULL;
	return NULL;
}

bool domain_restart_after_stop(struct domain *d, unsigned int reason, uint64_t teardown_ns)
{
	struct restart_slot *s = d->domid < RESTART_SLOTS ? &slots[d->domid] : NULL;
	uint64_t now = time_now_ns(), delay;
	const char *did;

	if (!s || s->d != d || !(did = restart_wanted(s, reason)))
		return false;
	delay = restart_policy(&s->history, now - s->started_ns);
	if (delay == RESTART_GIVE_UP) {
		printk("parvus: d%u (%s) %s %u times in a row within %llu s of "
		       "starting; not restarting it\n", d->domid, d->name, did,
		       RESTART_MAX_QUICK, RESTART_QUICK_NS / 1000000000ULL);
		s->d = NULL;
		return false;
	}
	s->restarts++;
	printk("parvus: d%u (%s) %s; restarting it (restart %u)\n", d->domid,
	       d->name, did, s->restarts);
	if (delay)
		printk("parvus: d%u (%s) %s %u time(s) in a row within %llu s of "
		       "starting: back-off %llu ms\n", d->domid, d->name, did,
		       s->history.quick_crashes, RESTART_QUICK_NS / 1000000000ULL,
		       (unsigned long long)(delay / 1000000));
	d->state = DOMAIN_RESTARTING;
	s->crashed_ns = teardown_ns;
	s->due_ns = now + delay;
	if (!s->due_ns)
		s->due_ns = 1;
	return true;
}

static void restart_one(struct restart_slot *s)
{
	struct domain *d = s->d;
	uint64_t now;

	s->due_ns = 0;
	if (domain_reinit(d) || s->rebuild(d)) {
		printk("parvus: d%u (%s) could not be rebuilt; it stays destroyed\n",
		       d->domid, d->name);
		d->state = DOMAIN_CRASHED;
		d->vcpu0.state = VCPU_DOWN;
		pci_release(d);
		evtchn_reset(d);
		domain_release_memory(d);
		s->d = NULL;
		return;
	}
	sched_vcpu_restart(d);
	now = time_now_ns();
	s->started_ns = now;
	printk("parvus: d%u (%s) restarted in %llu ms; free frames: %lu\n", d->domid,
	       d->name, (unsigned long long)((now - s->crashed_ns) / 1000000),
	       (unsigned long)machine_frames.nr_free);
	domain_notify_xenstore(d);
}

void domain_restarts_run(uint64_t now)
{
	for (unsigned int i = 0; i < RESTART_SLOTS; i++)
		if (slots[i].d && slots[i].due_ns && slots[i].due_ns <= now)
			restart_one(&slots[i]);
}

uint64_t domain_restart_next_due(void)
{
	uint64_t t = 0;

	for (unsigned int i = 0; i < RESTART_SLOTS; i++)
		if (slots[i].d && slots[i].due_ns && (!t || slots[i].due_ns < t))
			t = slots[i].due_ns;
	return t;
}

bool domain_restart_due(uint64_t now)
{
	uint64_t t = domain_restart_next_due();

	return t && t <= now;
}

void domain_kill_request(domid_t domid)
{
	struct domain *d = domain_by_id(domid);

	if (!d || domid >= RESTART_SLOTS) {
		printk("parvus: no running d%u to kill\n", domid);
		return;
	}
	kill_requested[domid] = true;
}

bool domain_kill_pending(void)
{
	for (unsigned int i = 0; i < RESTART_SLOTS; i++)
		if (kill_requested[i])
			return true;
	return false;
}

void domain_kills_run(void)
{
	for (unsigned int i = 0; i < RESTART_SLOTS; i++) {
		struct domain *d;

		if (!kill_requested[i])
			continue;
		kill_requested[i] = false;
		d = domain_by_id((domid_t)i);
		if (d)
			domain_kill(d, "the console's kill key");
	}
}
