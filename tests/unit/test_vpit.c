/* SPDX-License-Identifier: GPL-2.0-only */
/* The virtual PIT channel 2 and port 0x61 (hypervisor/time/vpit.c), driven
 * the way Linux's TSC calibration drives the real one. */
#include "unit.h"
#include <parvus/vpit.h>

/* ns for n ticks of the 1.193182 MHz clock, rounded up. */
static uint64_t ticks_ns(uint64_t n)
{
	return (n * 1000000000ULL + VPIT_HZ - 1) / VPIT_HZ;
}

static uint16_t read16(struct vpit *p, uint64_t now)
{
	uint8_t lo = vpit_read(p, VPIT_PORT_CH2, now);

	return (uint16_t)(lo | vpit_read(p, VPIT_PORT_CH2, now) << 8);
}

/* quick_pit_calibrate: gate high, speaker off; channel 2, LSB then MSB,
 * mode 0, binary; count 0xffff. */
static void program_like_linux(struct vpit *p, uint64_t now)
{
	vpit_write(p, VPIT_PORT_GATE, (uint8_t)((vpit_read(p, VPIT_PORT_GATE, now) & ~2) | 1), now);
	vpit_write(p, VPIT_PORT_CMD, 0xb0, now);
	vpit_write(p, VPIT_PORT_CH2, 0xff, now);
	vpit_write(p, VPIT_PORT_CH2, 0xff, now);
}

Test(vpit, answers_channel_2_and_port_61_only)
{
	cr_assert(vpit_owns_port(0x42, 1) && vpit_owns_port(0x43, 1) && vpit_owns_port(0x61, 1));
	cr_assert(!vpit_owns_port(0x40, 1) && !vpit_owns_port(0x41, 1), "no channels 0 and 1");
	cr_assert(!vpit_owns_port(0x42, 2) && !vpit_owns_port(0x61, 4), "byte accesses only");
}

Test(vpit, counts_down_at_the_pit_rate)
{
	struct vpit p = { 0 };
	uint64_t t0 = 5000000;

	program_like_linux(&p, t0);
	cr_assert_eq(read16(&p, t0), 0xffff);
	cr_assert_eq(read16(&p, t0 + ticks_ns(1)), 0xfffe);
	/* The MSB steps every 256 ticks, which is what Linux watches. */
	cr_assert_eq(read16(&p, t0 + ticks_ns(255)) >> 8, 0xff);
	cr_assert_eq(read16(&p, t0 + ticks_ns(256)) >> 8, 0xfe);
	cr_assert_eq(read16(&p, t0 + 10000000), 0xffff - 11931, "10 ms is 11931 ticks");
}

Test(vpit, access_modes_pick_the_bytes)
{
	struct vpit p = { 0 };

	vpit_write(&p, VPIT_PORT_GATE, 1, 0);
	vpit_write(&p, VPIT_PORT_CMD, 0x90, 0);	/* LSB only, mode 0 */
	vpit_write(&p, VPIT_PORT_CH2, 0x34, 0);
	cr_assert_eq(p.reload, 0x34, "an LSB-only write clears the MSB");
	cr_assert_eq(vpit_read(&p, VPIT_PORT_CH2, 0), 0x34);
	cr_assert_eq(vpit_read(&p, VPIT_PORT_CH2, 0), 0x34, "no toggle");
	vpit_write(&p, VPIT_PORT_CMD, 0xa0, 0);	/* MSB only */
	vpit_write(&p, VPIT_PORT_CH2, 0x12, 0);
	cr_assert_eq(p.reload, 0x1200);
	cr_assert_eq(vpit_read(&p, VPIT_PORT_CH2, 0), 0x12);
	vpit_write(&p, VPIT_PORT_CMD, 0xb0, 0);
	vpit_write(&p, VPIT_PORT_CH2, 0x78, 0);
	cr_assert(!p.loaded, "LSB then MSB: one byte is not a count yet");
	vpit_write(&p, VPIT_PORT_CH2, 0x56, 0);
	cr_assert_eq(read16(&p, 0), 0x5678);
}

Test(vpit, latch_holds_the_count_until_read)
{
	struct vpit p = { 0 };
	uint64_t t0 = 1000;

	program_like_linux(&p, t0);
	vpit_write(&p, VPIT_PORT_CMD, 0x80, t0 + ticks_ns(100));	/* latch channel 2 */
	vpit_write(&p, VPIT_PORT_CMD, 0x80, t0 + ticks_ns(200));	/* ignored: still held */
	cr_assert_eq(read16(&p, t0 + ticks_ns(5000)), 0xffff - 100);
	cr_assert_eq(read16(&p, t0 + ticks_ns(5000)), 0xffff - 5000, "read, the latch is gone");
	/* The read-back command (0xc0 | count | channel 2) latches too. */
	vpit_write(&p, VPIT_PORT_CMD, 0xd8, t0 + ticks_ns(6000));
	cr_assert_eq(read16(&p, t0 + ticks_ns(7000)), 0xffff - 6000);
}

Test(vpit, mode_0_output_rises_at_terminal_count)
{
	struct vpit p = { 0 };

	/* pit_calibrate_tsc: a 10 ms one-shot, OUT polled on port 0x61. */
	vpit_write(&p, VPIT_PORT_GATE, 1, 0);
	vpit_write(&p, VPIT_PORT_CMD, 0xb0, 0);
	cr_assert_eq(vpit_read(&p, VPIT_PORT_GATE, 0) & 0x20, 0, "OUT low once mode 0 is set");
	vpit_write(&p, VPIT_PORT_CH2, 11932 & 0xff, 0);
	vpit_write(&p, VPIT_PORT_CH2, 11932 >> 8, 0);
	cr_assert_eq(vpit_read(&p, VPIT_PORT_GATE, 9990000) & 0x21, 0x01, "gate up, OUT low");
	cr_assert_eq(vpit_read(&p, VPIT_PORT_GATE, ticks_ns(11932)) & 0x20, 0x20, "OUT high");
	cr_assert_eq(read16(&p, ticks_ns(11932 + 2)), 0xfffe, "and the counter wraps on");
}

Test(vpit, gate_low_stops_the_count)
{
	struct vpit p = { 0 };
	uint64_t t0 = 0;

	program_like_linux(&p, t0);
	vpit_write(&p, VPIT_PORT_GATE, 0, t0 + ticks_ns(1000));
	cr_assert_eq(read16(&p, t0 + ticks_ns(90000)), 0xffff - 1000, "held while the gate is low");
	vpit_write(&p, VPIT_PORT_GATE, 1, t0 + ticks_ns(90000));
	cr_assert_eq(read16(&p, t0 + ticks_ns(90010)), 0xffff - 1010, "mode 0 resumes");
	cr_assert_eq(vpit_read(&p, VPIT_PORT_GATE, 0) & 1, 1);
}

Test(vpit, square_wave_reloads)
{
	struct vpit p = { 0 };

	vpit_write(&p, VPIT_PORT_GATE, 3, 0);		/* gate and speaker: a beep */
	vpit_write(&p, VPIT_PORT_CMD, 0xb6, 0);		/* mode 3 */
	vpit_write(&p, VPIT_PORT_CH2, 100, 0);
	vpit_write(&p, VPIT_PORT_CH2, 0, 0);
	for (uint64_t t = 0; t < 1000; t += 7) {
		uint16_t v = read16(&p, ticks_ns(t));

		cr_assert(v >= 1 && v <= 100, "tick %lu: %u", (unsigned long)t, v);
	}
	cr_assert_eq(vpit_read(&p, VPIT_PORT_GATE, ticks_ns(10)) & 0x22, 0x22, "first half high");
	cr_assert_eq(vpit_read(&p, VPIT_PORT_GATE, ticks_ns(60)) & 0x20, 0, "second half low");
	vpit_write(&p, VPIT_PORT_CMD, 0xbe, 0);		/* mode 7 is mode 3 */
	cr_assert_eq(p.mode, 3);
}

Test(vpit, other_channels_and_garbage_change_nothing)
{
	struct vpit p = { 0 }, before;

	program_like_linux(&p, 0);
	before = p;
	vpit_write(&p, VPIT_PORT_CMD, 0x34, 10);	/* channel 0, mode 2 */
	vpit_write(&p, VPIT_PORT_CMD, 0x74, 10);	/* channel 1 */
	vpit_write(&p, VPIT_PORT_CMD, 0xc2, 10);	/* read-back of channel 0 only */
	cr_assert_eq(memcmp(&p, &before, sizeof(p)), 0);
	cr_assert_eq(vpit_read(&p, VPIT_PORT_CMD, 10), 0xff, "the command port reads as nothing");

	struct vpit fresh = { 0 };

	vpit_write(&fresh, VPIT_PORT_CH2, 0x12, 0);	/* a count before any mode */
	cr_assert(!fresh.loaded);
	cr_assert_eq(read16(&fresh, ~0ULL), 0, "time at its limit does not overflow");
}
