/* SPDX-License-Identifier: GPL-2.0-only */
/* parvus bench's --systems list and its choice of console lines
 * (toolstack/parvus/bench_systems.c): an unknown or repeated name is
 * refused with a reason, and xen-domu's results come from the domU's
 * forwarded lines only, never from its dom0's own boot. */
#include <criterion/criterion.h>
#include <string.h>
#include "../../toolstack/parvus/bench_systems.h"

static unsigned int mask;
static char why[160];

static int parse(const char *s)
{
	why[0] = '\0';
	mask = 0xdead;
	return bench_parse_systems(s, &mask, why, sizeof(why));
}

Test(bench_systems, names_and_lists)
{
	cr_assert_eq(parse("parvus-pv"), 0);
	cr_assert_eq(mask, 1u << SYS_PARVUS);
	cr_assert_eq(parse("xen-domu"), 0);
	cr_assert_eq(mask, 1u << SYS_XEN_DOMU);
	cr_assert_eq(parse("parvus-pv,xen-domu"), 0);
	cr_assert_eq(mask, (1u << SYS_PARVUS) | (1u << SYS_XEN_DOMU));
	cr_assert_eq(parse("xen-domu,xen-pv,qemu-full,parvus-pv"), 0);
	cr_assert_eq(mask, BENCH_ALL_SYSTEMS);
}

Test(bench_systems, bad_lists_are_refused_with_a_reason)
{
	const char *bad[] = { "", ",", "xen", "xen-domu,", ",xen-domu", "xen-domu,,xen-pv",
			      "Xen-domu", "xen-domu ", "parvus-pv,kvm", "xen-pv,xen-pv" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(parse(bad[i]), -1, "\"%s\" accepted", bad[i]);
		cr_assert(why[0] && !strchr(why, '\n'), "\"%s\": no one-line reason", bad[i]);
	}
	parse("parvus-pv,kvm");
	cr_assert_str_eq(why, "unknown system \"kvm\" (known: parvus-pv, qemu-full, xen-pv, xen-domu)");
	parse("xen-pv,xen-pv");
	cr_assert_str_eq(why, "xen-pv named twice");
}

Test(bench_systems, domu_lines_only_for_xen_domu)
{
	const char *dom0 = "[    4.912345] Run /init as init process";
	const char *domu = "(domu) [    5.501234] Run /init as init process";
	const char *glued = "[   31.0] xen_evtchn: x(domu) bench null_syscall 0.250 us";

	/* dom0's own boot is not the guest's... */
	cr_assert_null(bench_guest_line(SYS_XEN_DOMU, dom0));
	cr_assert_null(bench_guest_line(SYS_XEN_DOMU, "bench-done"));
	/* ...the forwarded lines are, without the prefix. */
	cr_assert_str_eq(bench_guest_line(SYS_XEN_DOMU, domu), "[    5.501234] Run /init as init process");
	cr_assert_str_eq(bench_guest_line(SYS_XEN_DOMU, glued), "bench null_syscall 0.250 us");
	/* Every line of the other systems' logs is their guest's. */
	for (int s = SYS_PARVUS; s <= SYS_XEN; s++)
		cr_assert_eq(bench_guest_line(s, dom0), dom0);
}
