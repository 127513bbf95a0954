/* SPDX-License-Identifier: GPL-2.0-only */
/* The per-domain console as Xen's console_io(CONSOLEIO_write) presents it:
 * guest text goes to the serial port, each line prefixed with "(dN) " so
 * interleaved output from several domains stays readable. Control bytes
 * other than newline and tab are shown as '.', so a guest cannot drive the
 * operator's terminal with escape sequences. */
#include <parvus/console.h>
#include <parvus/perf_counters.h>
#include <parvus/string.h>

void guest_console_init(struct guest_console *gc, unsigned int domid)
{
	gc->domid = domid;
	gc->name = NULL;
	gc->at_line_start = true;
	gc->mark_matched = 0;
	console_rate_init(&gc->rate);
}

/* Follows a line's start against PERFC_MARK; at its end, a whole match
 * prints the counters (perfc_mark does nothing without perfc=exit). */
static void follow_mark(struct guest_console *gc, char c)
{
	static const char mark[] = PERFC_MARK;

	if (c == '\n') {
		if (gc->mark_matched == (int)sizeof(mark) - 1)
			perfc_mark(gc->domid);
		gc->mark_matched = 0;
		return;
	}
	if (gc->mark_matched < 0 || gc->mark_matched == (int)sizeof(mark) - 1)
		return;
	gc->mark_matched = c == mark[gc->mark_matched] ? gc->mark_matched + 1 : -1;
}

static char console_sanitise(char c)
{
	if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f))
		return c;
	return '.';
}

void guest_console_write(struct guest_console *gc, const char *s, size_t n)
{
	char prefix[40];

	for (; n; n--, s++) {
		char c = console_sanitise(*s);

		if (*s == '\r')
			continue;
		if (!gc->at_line_start && !serial_line_continues(gc)) {
			/* Someone else wrote since: go on on a line of our own. */
			if (!serial_at_line_start())
				serial_write_as(gc, "\n", 1);
			gc->at_line_start = true;
		}
		if (gc->at_line_start) {
			int len = gc->name ?
				  snprintf(prefix, sizeof(prefix), "(%s) ", gc->name) :
				  snprintf(prefix, sizeof(prefix), "(d%u) ", gc->domid);
			serial_write_as(gc, prefix, len);
			gc->at_line_start = false;
		}
		serial_write_as(gc, &c, 1);
		follow_mark(gc, c);
		if (c == '\n')
			gc->at_line_start = true;
	}
}
