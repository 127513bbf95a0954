/* SPDX-License-Identifier: GPL-2.0-only */
/* `parvus run --hostfwd` and `--guestfwd`: a port on the host's loopback
 * forwarded to a guest on the built-in driver domain's user network, and
 * the other way. --hostfwd is in QEMU's own syntax, [tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport. The
 * network is restricted to this machine, so the host side is 127.0.0.1
 * only (QEMU's default, every address, is refused), and the guest side
 * an address of QEMU's 10.0.2.0/24 (default 10.0.2.15, the first one its
 * DHCP gives). Pure: unit-tested. */
#ifndef PARVUS_HOSTFWD_H
#define PARVUS_HOSTFWD_H

#include <stddef.h>

#define HOSTFWD_MAX		8
#define HOSTFWD_LEN		64	/* "hostfwd=tcp:127.0.0.1:65535-10.0.2.255:65535" */
#define GUESTFWD_LEN		512	/* "guestfwd=tcp:A:P-cmd:'PARVUS' connect P" */

/* spec, checked, as QEMU's netdev option with every part spelled out
 * (hostfwd=PROTO:127.0.0.1:HP-GA:GP) in out (HOSTFWD_LEN bytes): 0, or
 * -1 with the reason in why. */
int hostfwd_parse(const char *spec, char *out, char *why, size_t why_len);

/* `--guestfwd [tcp:]GUESTADDR:GUESTPORT-[127.0.0.1:]HOSTPORT`: a guest's
 * connection to GUESTADDR:GUESTPORT (an unused address of 10.0.2.0/24)
 * reaches the host's 127.0.0.1:HOSTPORT. QEMU's own tcp: chardev would
 * connect once, when QEMU starts; a cmd: forward runs a command per
 * connection instead, with the connection as its standard input and
 * output: here `parvus connect HOSTPORT` (connect.c). Into out
 * (GUESTFWD_LEN bytes), with parvus the CLI's own path: 0, or -1 with
 * the reason. */
int guestfwd_parse(const char *spec, const char *parvus, char *out, char *why, size_t why_len);

#endif
