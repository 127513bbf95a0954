/* SPDX-License-Identifier: GPL-2.0-only */
/* phoenix's parts (main.c: boots and crashes; grants.c: a page granted
 * across a restart; hoard.c: every frame granted, so no rebuild). */
#ifndef PHOENIX_H
#define PHOENIX_H

#include "guest.h"
#include "events.h"
#include "xs_client.h"

unsigned long phoenix_read_number(const char *path);
void phoenix_write_number(const char *path, unsigned long n);
/* perms: owner owns rel (a node of ours), reader may read it. */
void phoenix_share_node(const char *rel, unsigned int owner, unsigned int reader);
/* Instance boots of domain self grants a page to peer, publishes it and
 * returns once peer has mapped it. */
void phoenix_share(unsigned int self, unsigned int peer, unsigned long boots);
/* The companion: maps phoenix's newest page, checks and lets go of the
 * dead instance's; at the end lets go of the last. */
void companion_follow(unsigned int self, unsigned int phoenix);
void companion_let_go(void);
/* hoard.c: phoenix grants peer all its frames and returns once peer
 * holds them; the companion maps them all, holds them until `until`
 * (guest time, ns), and lets go. */
void phoenix_hoard(unsigned int self, unsigned int peer);
void companion_hoard(unsigned int self, unsigned int phoenix, uint64_t until);

#endif
