/* SPDX-License-Identifier: GPL-2.0-only */
/* A virtual 8254 channel 2 and its gate and output on port 0x61, for each
 * domain, as Xen gives PV guests (its pv_pit_handler). Linux calibrates
 * its CPU clock with channel 2 early in boot (quick_pit_calibrate): with
 * nothing behind the ports every read is all-ones and it polls 100,000
 * times, each a trap into the hypervisor, before giving up (a quarter of
 * a second of every boot under TCG). The counter here runs from the
 * hypervisor's system time, so the guest sees a real 1.193182 MHz clock.
 * Channels 0 and 1 stay absent: a PV guest's timer is a hypercall.
 * Pure logic: the caller passes the time. */
#include <parvus/vpit.h>

#define NS_PER_S	1000000000ULL
#define REFRESH_NS	15085	/* port 0x61 bit 4 toggles about every 15 us */

bool vpit_owns_port(uint16_t port, unsigned int size)
{
	return size == 1 && (port == VPIT_PORT_CH2 || port == VPIT_PORT_CMD ||
			     port == VPIT_PORT_GATE);
}

static uint64_t ns_to_ticks(uint64_t ns)
{
	return ns / NS_PER_S * VPIT_HZ + ns % NS_PER_S * VPIT_HZ / NS_PER_S;
}

static uint64_t ticks_counted(const struct vpit *p, uint64_t now_ns)
{
	if (!p->loaded)
		return 0;
	if (!p->gate || now_ns < p->start_ns)
		return p->paused_ticks;
	return p->paused_ticks + ns_to_ticks(now_ns - p->start_ns);
}

static bool periodic(const struct vpit *p)
{
	return p->mode == 2 || p->mode == 3;
}

static uint64_t period(const struct vpit *p)
{
	return p->reload ? p->reload : 65536;
}

/* Modes 0, 1, 4, 5 count down once and go on wrapping; 2 and 3 reload. */
static uint16_t counter_value(const struct vpit *p, uint64_t now_ns)
{
	uint64_t t = ticks_counted(p, now_ns);

	if (!p->loaded)
		return p->reload;
	if (periodic(p))
		return (uint16_t)(period(p) - t % period(p));
	return (uint16_t)(period(p) - t);
}

static bool output(const struct vpit *p, uint64_t now_ns)
{
	uint64_t t = ticks_counted(p, now_ns);

	if (!p->loaded)
		return p->mode != 0;	/* mode 0 holds OUT low until loaded */
	switch (p->mode) {
	case 0:
	case 1:
		return t >= period(p);
	case 2:
		return t % period(p) != period(p) - 1;
	case 3:
		return t % period(p) < (period(p) + 1) / 2;
	default:
		return t != period(p);	/* 4, 5: a one-tick strobe */
	}
}

static void latch(struct vpit *p, uint64_t now_ns)
{
	if (p->latched)
		return;		/* the first latch holds until read */
	p->latched = true;
	p->latch_msb_next = false;
	p->latch_value = counter_value(p, now_ns);
}

/* One byte of a 16-bit value, as the access mode and the toggle say. */
static uint8_t read_byte(uint8_t access, uint16_t v, bool *msb_next, bool *done)
{
	bool msb = access == 2 || (access == 3 && *msb_next);

	*done = access != 3 || *msb_next;
	if (access == 3)
		*msb_next = !*msb_next;
	return msb ? (uint8_t)(v >> 8) : (uint8_t)v;
}

static uint8_t read_counter(struct vpit *p, uint64_t now_ns)
{
	bool done;
	uint8_t b;

	if (p->latched) {
		b = read_byte(p->access, p->latch_value, &p->latch_msb_next, &done);
		p->latched = !done;
		return b;
	}
	return read_byte(p->access, counter_value(p, now_ns), &p->read_msb_next, &done);
}

static void write_command(struct vpit *p, uint8_t val, uint64_t now_ns)
{
	unsigned int channel = val >> 6, access = (val >> 4) & 3;

	if (channel == 3) {	/* read-back: bit 3 picks channel 2, bit 5 clear latches */
		if ((val & 0x08) && !(val & 0x20))
			latch(p, now_ns);
		return;
	}
	if (channel != 2)
		return;		/* channels 0 and 1 are not there */
	if (!access) {
		latch(p, now_ns);
		return;
	}
	p->access = (uint8_t)access;
	p->mode = (val >> 1) & 7;
	if (p->mode > 5)
		p->mode -= 4;	/* 6 and 7 are 2 and 3 */
	p->loaded = p->latched = false;
	p->write_msb_next = p->read_msb_next = false;
	p->paused_ticks = 0;
}

static void write_counter(struct vpit *p, uint8_t val, uint64_t now_ns)
{
	switch (p->access) {
	case 1:
		p->reload = val;
		break;
	case 2:
		p->reload = (uint16_t)(val << 8);
		break;
	case 3:
		if (!p->write_msb_next) {
			p->reload = (uint16_t)((p->reload & 0xff00) | val);
			p->write_msb_next = true;
			return;	/* counting starts with the second byte */
		}
		p->reload = (uint16_t)((p->reload & 0x00ff) | (val << 8));
		p->write_msb_next = false;
		break;
	default:
		return;		/* no mode programmed yet */
	}
	p->loaded = true;
	p->paused_ticks = 0;
	p->start_ns = now_ns;
}

/* Gate low stops the count; going high again resumes it (modes 0 and 4)
 * or restarts it from the reload value (the others). */
static void write_gate(struct vpit *p, uint8_t val, uint64_t now_ns)
{
	bool gate = val & 1;

	if (p->gate && !gate)
		p->paused_ticks = ticks_counted(p, now_ns);
	if (!p->gate && gate) {
		if (p->mode != 0 && p->mode != 4)
			p->paused_ticks = 0;
		p->start_ns = now_ns;
	}
	p->gate = gate;
	p->speaker = val & 2;
}

uint8_t vpit_read(struct vpit *p, uint16_t port, uint64_t now_ns)
{
	switch (port) {
	case VPIT_PORT_CH2:
		return read_counter(p, now_ns);
	case VPIT_PORT_GATE:
		return (uint8_t)(p->gate | p->speaker << 1 | (now_ns / REFRESH_NS & 1) << 4 |
				 output(p, now_ns) << 5);
	default:
		return 0xff;	/* the command port cannot be read */
	}
}

void vpit_write(struct vpit *p, uint16_t port, uint8_t val, uint64_t now_ns)
{
	switch (port) {
	case VPIT_PORT_CH2:
		write_counter(p, val, now_ns);
		break;
	case VPIT_PORT_CMD:
		write_command(p, val, now_ns);
		break;
	case VPIT_PORT_GATE:
		write_gate(p, val, now_ns);
		break;
	}
}
