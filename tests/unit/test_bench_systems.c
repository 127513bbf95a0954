/* SPDX-License-Identifier: GPL-2.0-only */
/* parvus bench's --systems and --only lists and its choice of console
 * lines (toolstack/parvus/bench_systems.c): an unknown or repeated name is
 * refused with a reason; xen-domu's results come from the domU's
 * forwarded lines only, never from its dom0's own boot, and parvus-pv's
 * I/O rows from its guest's lines, never its driver domain's. */
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
	cr_assert_eq(mask, BENCH_ALL_SYSTEMS & ~(1u << SYS_QEMU_EMUL));
	cr_assert_eq(parse("qemu-emul,xen-domu,xen-pv,qemu-full,parvus-pv"), 0);
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
	cr_assert_str_eq(why, "unknown system \"kvm\" (known: parvus-pv, qemu-full, qemu-emul, "
			 "xen-pv, xen-domu)");
	parse("xen-pv,xen-pv");
	cr_assert_str_eq(why, "xen-pv named twice");
}

Test(bench_systems, domu_lines_only_for_xen_domu)
{
	const char *dom0 = "[    4.912345] Run /init as init process";
	const char *domu = "(domu) [    5.501234] Run /init as init process";
	const char *glued = "[   31.0] xen_evtchn: x(domu) bench null_syscall 0.250 us";

	/* dom0's own boot is not the guest's... */
	for (int p = PART_CPU; p < BENCH_NR_PARTS; p++) {
		cr_assert_null(bench_guest_line(SYS_XEN_DOMU, p, dom0));
		cr_assert_null(bench_guest_line(SYS_XEN_DOMU, p, "bench-done"));
		/* ...the forwarded lines are, without the prefix. */
		cr_assert_str_eq(bench_guest_line(SYS_XEN_DOMU, p, domu),
				 "[    5.501234] Run /init as init process");
		cr_assert_str_eq(bench_guest_line(SYS_XEN_DOMU, p, glued), "bench null_syscall 0.250 us");
	}
	/* Every line of the other systems' CPU logs is their guest's. */
	for (int s = SYS_PARVUS; s < BENCH_NR_SYSTEMS; s++)
		if (s != SYS_XEN_DOMU)
			cr_assert_eq(bench_guest_line(s, PART_CPU, dom0), dom0);
}

Test(bench_systems, io_lines_of_parvus_are_the_guests_not_the_dds)
{
	const char *dd = "(dd) [    3.1] Run /init as init process";
	const char *guest = "(bench) bench io_seq_write_per_mib 812.500 us";

	cr_assert_null(bench_guest_line(SYS_PARVUS, PART_IO, dd));
	cr_assert_null(bench_guest_line(SYS_PARVUS, PART_IO, "(dd) bench-done"));
	cr_assert_str_eq(bench_guest_line(SYS_PARVUS, PART_IO, guest),
			 "bench io_seq_write_per_mib 812.500 us");
	/* QEMU's I/O guest is alone on its serial line. */
	cr_assert_eq(bench_guest_line(SYS_QEMU_EMUL, PART_IO, dd), dd);
	cr_assert_eq(bench_guest_line(SYS_QEMU, PART_IO, dd), dd);
}

Test(bench_systems, row_families)
{
	unsigned int parts = 0xdead;

	cr_assert_eq(bench_parse_only("io", &parts, why, sizeof(why)), 0);
	cr_assert_eq(parts, 1u << PART_IO);
	cr_assert_eq(bench_parse_only("cpu", &parts, why, sizeof(why)), 0);
	cr_assert_eq(parts, 1u << PART_CPU);
	cr_assert_eq(bench_parse_only("disk", &parts, why, sizeof(why)), -1);
	cr_assert_str_eq(why, "unknown row family \"disk\" (known: cpu, io)");
	cr_assert_eq(bench_parse_only("", &parts, why, sizeof(why)), -1);
	/* Emulated devices change only the I/O rows; Xen's dom0 has none. */
	cr_assert(!bench_runs_part(SYS_QEMU_EMUL, PART_CPU));
	cr_assert(bench_runs_part(SYS_QEMU_EMUL, PART_IO));
	cr_assert(!bench_runs_part(SYS_XEN, PART_IO));
	cr_assert(bench_runs_part(SYS_XEN, PART_CPU));
	cr_assert(bench_runs_part(SYS_PARVUS, PART_IO) && bench_runs_part(SYS_QEMU, PART_IO));
	cr_assert(bench_runs_part(SYS_XEN_DOMU, PART_IO) && bench_runs_part(SYS_XEN_DOMU, PART_CPU));
}
