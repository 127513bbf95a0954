/* SPDX-License-Identifier: GPL-2.0-only */
/* The CMOS real-time clock, read once at boot for the wallclock. We wait
 * for an update to finish and read until two reads agree, and handle BCD
 * and 12-hour encodings. */
#include <parvus/time.h>
#include <arch/cpu.h>
#include <arch/timer.h>

#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71
#define RTC_UPDATING	0x80	/* status A */
#define RTC_BINARY	0x04	/* status B */
#define RTC_24H		0x02
#define RTC_PM		0x80

static uint8_t cmos(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

struct rtc_time {
	uint8_t sec, min, hour, day, month, year, century;
};

static void rtc_read_raw(struct rtc_time *t)
{
	while (cmos(0x0a) & RTC_UPDATING)
		cpu_relax();
	t->sec = cmos(0x00);
	t->min = cmos(0x02);
	t->hour = cmos(0x04);
	t->day = cmos(0x07);
	t->month = cmos(0x08);
	t->year = cmos(0x09);
	t->century = cmos(0x32);
}

static unsigned int from_bcd(uint8_t v, bool binary)
{
	return binary ? v : (v >> 4) * 10 + (v & 15);
}

uint64_t rtc_read_seconds(void)
{
	struct rtc_time a, b;
	uint8_t status_b = cmos(0x0b);
	bool bin = status_b & RTC_BINARY;
	unsigned int hour, century;

	do {
		rtc_read_raw(&a);
		rtc_read_raw(&b);
	} while (a.sec != b.sec || a.min != b.min || a.hour != b.hour ||
		 a.day != b.day);
	hour = from_bcd(a.hour & ~RTC_PM, bin);
	if (!(status_b & RTC_24H) && (a.hour & RTC_PM))
		hour = (hour % 12) + 12;
	century = a.century ? from_bcd(a.century, bin) : 20;
	return time_from_civil(century * 100 + from_bcd(a.year, bin),
			       from_bcd(a.month, bin), from_bcd(a.day, bin),
			       hour, from_bcd(a.min, bin), from_bcd(a.sec, bin));
}
