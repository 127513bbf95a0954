/* SPDX-License-Identifier: GPL-2.0-only */
/* printk and panic: formatted hypervisor messages on the serial console.
 * panic() is for the hypervisor's own failures only; a guest's misdeeds
 * are handled by destroying that domain (domain_crash), never by panic. */
#include <parvus/console.h>
#include <parvus/string.h>
#include <arch/machine.h>

void vprintk(const char *fmt, va_list ap)
{
	char buf[256];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	serial_write(buf, MIN((size_t)n, sizeof(buf) - 1));
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	printk("\n*** parvus panic: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	dump_backtrace(read_frame_pointer(), 0);
	machine_exit(PARVUS_EXIT_PANIC);
}
