/* SPDX-License-Identifier: GPL-2.0-only */
/* HYPERVISOR_console_io (xen/xen.h, CONSOLEIO_*): the hypervisor console.
 * CONSOLEIO_write prints guest text, prefixed "(dN) ", as Xen's
 * guest_console_write does; it is what early Linux (xen_raw_console_write)
 * and our test guests print with. Reading console input is not there yet.
 *
 * A write goes in 128-byte chunks (Xen's kbuf) and continues once the
 * step's budget is spent (parvus/continuation.h): after one chunk printed,
 * or 256 dropped, so however large the count (one page aliased over
 * gigabytes) no step holds the CPU for longer than that. A domain's
 * output is rate-limited (parvus/console_rate.h): a chunk over its rate
 * is dropped, not printed, one notice says so and another how many bytes
 * were lost once it prints again. The guest sees 0 either way, as with
 * Xen, whose console drops rate-limited guest lines and still returns 0;
 * every chunk is still read, so a bad buffer is -EFAULT either way. */
#include <parvus/hypercall.h>
#include <parvus/hypercall_dispatch.h>
#include <parvus/continuation.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/time.h>
#include <parvus/xen.h>

#define CHUNK 128

/* What a chunk puts on the serial line, about: carriage returns print
 * nothing (guest_console_write skips them), and a newline starts a line
 * with a "(dN) " prefix, so a chunk of newlines is not 128 bytes cheap. */
#define NEWLINE_SIZE 8	/* "\r\n(dN) " */

static uint32_t printed_size(const char *buf, uint32_t n)
{
	uint32_t size = 0;

	for (uint32_t i = 0; i < n; i++)
		size += buf[i] == '\r' ? 0 : buf[i] == '\n' ? NEWLINE_SIZE : 1;
	return size;
}

/* True if anything reached the serial line. */
static bool print_or_drop(struct domain *d, const char *buf, uint32_t n)
{
	struct console_rate *rate = &d->console.rate;
	uint64_t dropped = rate->dropped, size = printed_size(buf, n);

	if (!console_rate_take(rate, time_now_ns(), size)) {
		if (!dropped && rate->dropped)
			printk("parvus: d%u: console output over its rate limit "
			       "(%u KiB at once, %u KiB/s): dropping it\n", d->domid,
			       CONSOLE_RATE_BURST / 1024, CONSOLE_RATE_PER_SEC / 1024);
		return false;
	}
	if (dropped) {
		printk("parvus: d%u: %lu bytes of console output dropped\n",
		       d->domid, (unsigned long)dropped);
		rate->dropped = 0;
	}
	guest_console_write(&d->console, buf, n);
	return size > 0;
}

/* A chunk that reached the serial line spends the step's whole budget
 * (128 bytes take 11 ms at 115200 baud, polled); one dropped, or with
 * nothing to print, is a unit: its cost is the copy. */
static long console_write(struct vcpu *v, uint32_t count, uint64_t buffer)
{
	char buf[CHUNK];

	while (count) {
		uint32_t n = MIN(count, (uint32_t)CHUNK);

		if (copy_from_guest(buf, buffer, n))
			return -XEN_EFAULT;
		hypercall_charge(v, print_or_drop(v->domain, buf, n) ?
				    HYPERCALL_STEP_BUDGET : 1);
		buffer += n;
		count -= n;
		if (count && hypercall_preempt_check(v))
			return hypercall_continue(v, CONSOLEIO_write, count, buffer, 0);
	}
	return 0;
}

long do_console_io(struct vcpu *v, uint64_t cmd, uint64_t count,
		   uint64_t buffer, uint64_t a4, uint64_t a5)
{
	/* The ABI's cmd and count are 32-bit (unsigned int). */
	switch ((uint32_t)cmd) {
	case CONSOLEIO_write:
		return console_write(v, (uint32_t)count, buffer);
	case CONSOLEIO_read:
		return hypercall_nosys(v, __HYPERVISOR_console_io, CONSOLEIO_read);
	default:
		return -XEN_ENOSYS;
	}
}
