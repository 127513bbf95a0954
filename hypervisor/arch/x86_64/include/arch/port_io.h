/* SPDX-License-Identifier: GPL-2.0-only */
/* Port I/O of 1, 2 or 4 bytes on the hardware (pci_conf1.c): for the
 * conf1 config mechanism and the I/O BARs of assigned devices. */
#ifndef ARCH_PORT_IO_H
#define ARCH_PORT_IO_H

#include <parvus/types.h>

uint32_t arch_port_in(uint16_t port, unsigned int size);
void arch_port_out(uint16_t port, unsigned int size, uint32_t v);

#endif
