/* SPDX-License-Identifier: GPL-2.0-only */
/* phoenix: a guest for on_crash=restart (boot manifest). Each boot it
 * counts itself in its own xenstore node data/boots (nodes outlive an
 * instance, and a write proves xenstored took the new instance back), then
 * crashes on boots 1 to crashes=N (how=shutdown: SCHEDOP_shutdown crash;
 * how=fault: reads an unmapped address with no handler; how=hold: waits
 * up to 60 s to be killed from the console; how=reboot: asks for a
 * reboot instead, for on_reboot=restart), after=S seconds if given
 * (a crash that late is restarted without a back-off), and powers off on
 * the next.
 * role=companion secs=S: an ordinary guest beside it, writing
 * data/alive every second for S seconds, to show the others carry on.
 * grants=PEER on both: a page granted across each restart (grants.c).
 * hoard=PEER on both: every frame granted and held, so the rebuild
 * cannot be done (hoard.c). */
#include "phoenix.h"

#define SEC	1000000000ULL
#define UNMAPPED_VA	0x1000UL

unsigned long phoenix_read_number(const char *path)
{
	char v[24];
	unsigned long n = 0;

	if (xs_read(path, v, sizeof(v)) <= 0)
		return 0;
	for (const char *s = v; *s >= '0' && *s <= '9'; s++)
		n = n * 10 + (unsigned long)(*s - '0');
	return n;
}

void phoenix_write_number(const char *path, unsigned long n)
{
	char v[24];

	snprintf(v, sizeof(v), "%lu", n);
	CHECK(xs_write(path, v) == 0, "write %s", path);
}

/* Yields the CPU until secs have gone by, writing data/alive each one. */
static void companion(uint64_t secs, unsigned int self, unsigned int phoenix)
{
	uint64_t start = guest_now_ns(), next = start;
	unsigned long writes = 0;

	while (guest_now_ns() - start < secs * SEC) {
		if (guest_now_ns() >= next) {
			phoenix_write_number("data/alive", ++writes);
			next += SEC;
		}
		if (phoenix)
			companion_follow(self, phoenix);
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	companion_let_go();
	CHECK_EQ(phoenix_read_number("data/alive"), writes, "data/alive");
	guest_printf("companion: ran %lu s beside it, %lu xenstore writes answered\n",
		     (unsigned long)secs, writes);
}

static void crash(const char *how, unsigned long boot)
{
	uint64_t start = guest_now_ns(), after = guest_arg_number("after", 0) * SEC;

	while (guest_now_ns() - start < after)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	start = guest_now_ns();
	guest_printf("phoenix: crashing on boot %lu (%s)\n", boot, how);
	if (!strcmp(how, "fault"))
		(void)*(volatile uint64_t *)UNMAPPED_VA;
	else if (!strcmp(how, "hold"))
		while (guest_now_ns() - start < 60 * SEC)
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	else if (!strcmp(how, "reboot"))
		HYPERVISOR_shutdown(SHUTDOWN_reboot);
	else
		HYPERVISOR_shutdown(SHUTDOWN_crash);
	CHECK(false, "still running after crashing (%s)", how);
}

void guest_main(void)
{
	char role[16] = "phoenix", how[16] = "shutdown", domid[8] = "?";
	unsigned long boots;

	guest_arg("role", role, sizeof(role));
	guest_arg("how", how, sizeof(how));
	events_map_shared_info();
	xs_client_init();
	CHECK(xs_read("domid", domid, sizeof(domid)) > 0, "read my domid");
	if (!strcmp(role, "companion") && guest_arg_number("hoard", 0)) {
		companion_hoard((unsigned int)phoenix_read_number("domid"),
				(unsigned int)guest_arg_number("hoard", 0),
				guest_now_ns() + guest_arg_number("secs", 20) * SEC);
		return;
	}
	if (!strcmp(role, "companion")) {
		companion(guest_arg_number("secs", 20), (unsigned int)phoenix_read_number("domid"),
			  (unsigned int)guest_arg_number("grants", 0));
		return;
	}
	/* Every instance has the ports the seed gave xenstored at boot. */
	CHECK_EQ(phoenix_read_number("store/port"), start_info->store_evtchn, "store/port");
	CHECK_EQ(phoenix_read_number("console/port"), start_info->console.domU.evtchn, "console/port");
	boots = phoenix_read_number("data/boots") + 1;
	phoenix_write_number("data/boots", boots);
	CHECK_EQ(phoenix_read_number("data/boots"), boots, "data/boots");
	guest_printf("phoenix: boot %lu as d%s, store port %u, console port %u\n", boots,
		     domid, start_info->store_evtchn, start_info->console.domU.evtchn);
	if (guest_arg_number("grants", 0))
		phoenix_share((unsigned int)phoenix_read_number("domid"),
			      (unsigned int)guest_arg_number("grants", 0), boots);
	if (guest_arg_number("hoard", 0))
		phoenix_hoard((unsigned int)phoenix_read_number("domid"),
			      (unsigned int)guest_arg_number("hoard", 0));
	if (boots <= guest_arg_number("crashes", 2))
		crash(how, boots);
	guest_printf("phoenix: boot %lu, powering off\n", boots);
}
