/* SPDX-License-Identifier: GPL-2.0-only */
/* Console output: the serial port, printk/panic for the hypervisor's own
 * messages, and the per-domain console that prefixes guest output with
 * "(dN) " the way Xen does. */
#ifndef PARVUS_CONSOLE_H
#define PARVUS_CONSOLE_H

#include <parvus/types.h>
#include <parvus/console_rate.h>

void serial_init(void);
void serial_write(const char *s, size_t n);
/* The same, on behalf of owner; true if the current line is owner's. */
void serial_write_as(const void *owner, const char *s, size_t n);
bool serial_line_continues(const void *owner);
bool serial_at_line_start(void);
/* The next byte received, or -1 if none is waiting. */
int serial_getc(void);
#define SERIAL_IRQ 4
void serial_enable_rx_interrupt(void);

void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list ap);
__noreturn void panic(const char *fmt, ...) __printf(1, 2);

struct guest_console {
	unsigned int domid;
	const char *name;	/* prefix "(name) " if set, else "(dN) " */
	bool at_line_start;
	/* How much of PERFC_MARK this line began with (-1: not it). */
	int mark_matched;
	struct console_rate rate;	/* console_io output it may still print */
};

void guest_console_init(struct guest_console *gc, unsigned int domid);
void guest_console_write(struct guest_console *gc, const char *s, size_t n);

#endif
