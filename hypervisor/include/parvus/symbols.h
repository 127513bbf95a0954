/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's own symbol table (text symbols), embedded at link time
 * by scripts/gen-symbols.sh, so fault reports name functions directly. */
#ifndef PARVUS_SYMBOLS_H
#define PARVUS_SYMBOLS_H

#include <parvus/types.h>

struct hv_symbol {
	uint64_t addr;
	const char *name;
};

/* Pure lookup over a sorted table; returns NULL if addr precedes it. */
const struct hv_symbol *symbol_find(const struct hv_symbol *tab, size_t n,
				    uint64_t addr);
/* Formats "name+0xoff" (or the bare address) into buf. */
void symbol_format(char *buf, size_t size, uint64_t addr);

#endif
