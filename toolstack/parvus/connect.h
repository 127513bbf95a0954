/* SPDX-License-Identifier: GPL-2.0-only */
/* `parvus connect PORT` (connect.c): the relay QEMU runs for a guest's
 * connection to a --guestfwd address. */
#ifndef PARVUS_CONNECT_H
#define PARVUS_CONNECT_H

int connect_relay(int argc, char **argv);

#endif
