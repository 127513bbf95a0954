/* SPDX-License-Identifier: GPL-2.0-only */
/* Address-to-symbol lookup for backtraces (pure): binary search in a
 * table sorted by address. */
#include <parvus/symbols.h>

const struct hv_symbol *symbol_find(const struct hv_symbol *tab, size_t n,
				    uint64_t addr)
{
	size_t lo = 0, hi = n;

	if (!n || addr < tab[0].addr)
		return NULL;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (tab[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	return &tab[lo];
}
