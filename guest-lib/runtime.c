/* SPDX-License-Identifier: GPL-2.0-only */
/* Test-guest runtime: console output through HYPERVISOR_console_io, the
 * command line from start_info, and the closing "Test result:" line
 * followed by SCHEDOP_shutdown (poweroff on success, crash on failure). */
#include "guest.h"
#include <parvus/boot_info.h>

start_info_t *start_info;
enum hypercall_method hypercall_method = HYPERCALL_VIA_SYSCALL;
static unsigned int failures;

uint64_t guest_arg_number(const char *name, uint64_t fallback)
{
	char value[24];
	uint64_t n = 0;

	if (!guest_arg(name, value, sizeof(value)))
		return fallback;
	for (const char *p = value; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (uint64_t)(*p - '0');
	return n;
}

void guest_start(start_info_t *si);

static void guest_vprintf(const char *fmt, va_list ap)
{
	char buf[256];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	HYPERVISOR_console_io(CONSOLEIO_write, MIN((size_t)n, sizeof(buf) - 1),
			      buf);
}

void guest_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	guest_vprintf(fmt, ap);
	va_end(ap);
}

void guest_fail(const char *fmt, ...)
{
	va_list ap;

	failures++;
	guest_printf("FAIL: ");
	va_start(ap, fmt);
	guest_vprintf(fmt, ap);
	va_end(ap);
	guest_printf("\n");
}

unsigned int guest_failures(void)
{
	return failures;
}

bool guest_arg(const char *name, char *value, size_t size)
{
	return cmdline_get((const char *)start_info->cmd_line, name, value,
			   size);
}

void guest_start(start_info_t *si)
{
	start_info = si;
	guest_main();
	if (failures) {
		guest_printf("Test result: FAILURE (%u checks failed)\n", failures);
		HYPERVISOR_shutdown(SHUTDOWN_crash);
	} else {
		guest_printf("Test result: SUCCESS\n");
		HYPERVISOR_shutdown(SHUTDOWN_poweroff);
	}
	guest_printf("FAIL: SCHEDOP_shutdown returned\n");
	__builtin_trap();	/* ud2: the hypervisor must kill us */
}
