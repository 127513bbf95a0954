/* SPDX-License-Identifier: GPL-2.0-only */
/* 16550 UART on COM1 (port 0x3f8): the hypervisor's console. Polled output
 * only; 115200 8N1. QEMU's -serial connects it to a file or stdio. */
#include <parvus/console.h>
#include <arch/cpu.h>

#define COM1		0x3f8
#define UART_THR	0	/* transmit holding register */
#define UART_IER	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_DLL	0	/* divisor latch, with LCR.DLAB set */
#define UART_DLM	1
#define LSR_THRE	0x20
#define LCR_DLAB	0x80
#define LCR_8N1		0x03

#define LSR_DATA_READY 0x01

/* A byte that arrived before we set the UART up (QEMU drops the holding
 * register when FIFO mode is switched on), handed out first. */
static int early_byte = -1;

void serial_init(void)
{
	if (inb(COM1 + UART_LSR) & LSR_DATA_READY)
		early_byte = inb(COM1 + UART_THR);
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, 1);	/* 115200 baud */
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	/* Enable the FIFOs, clearing only the transmit side: bytes typed
	 * before we booted must not be lost. */
	outb(COM1 + UART_FCR, 0x05);
	outb(COM1 + UART_MCR, 0x03);	/* DTR, RTS */
}

static void serial_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & LSR_THRE))
		cpu_relax();
	outb(COM1 + UART_THR, (uint8_t)c);
}

/* Received-data interrupts on IRQ 4; OUT2 gates the UART's interrupt line
 * onto the ISA bus on PCs. */
void serial_enable_rx_interrupt(void)
{
	outb(COM1 + UART_MCR, 0x0b);	/* DTR, RTS, OUT2 */
	outb(COM1 + UART_IER, 0x01);
}

int serial_getc(void)
{
	if (early_byte >= 0) {
		int c = early_byte;

		early_byte = -1;
		return c;
	}
	if (!(inb(COM1 + UART_LSR) & LSR_DATA_READY))
		return -1;
	return inb(COM1 + UART_THR);	/* the receive buffer, same port */
}

/* Who wrote the current line (NULL: the hypervisor), so a domain whose
 * half-written line was interrupted can start a fresh, prefixed one. */
static const void *line_owner;
static bool at_line_start = true;

void serial_write_as(const void *owner, const char *s, size_t n)
{
	for (; n; n--, s++) {
		if (*s == '\n')
			serial_putc('\r');
		serial_putc(*s);
		at_line_start = *s == '\n';
	}
	line_owner = owner;
}

void serial_write(const char *s, size_t n)
{
	serial_write_as(NULL, s, n);
}

bool serial_at_line_start(void)
{
	return at_line_start;
}

bool serial_line_continues(const void *owner)
{
	return !at_line_start && line_owner == owner;
}
