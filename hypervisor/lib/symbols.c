/* Address-to-symbol lookup for backtraces. The table is a sorted array of
 * {address, name} emitted into the .hv_symbols section by the second link
 * pass; the first pass links an empty table. */
#include <parvus/symbols.h>
#include <parvus/string.h>

struct hv_symbol_table {
	uint64_t count;
	struct hv_symbol syms[];
};

extern const struct hv_symbol_table __start_hv_symbols[];
extern const char _text[], _etext[];

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

void symbol_format(char *buf, size_t size, uint64_t addr)
{
	const struct hv_symbol_table *t = __start_hv_symbols;
	const struct hv_symbol *s = NULL;

	if (addr >= (uint64_t)_text && addr < (uint64_t)_etext)
		s = symbol_find(t->syms, t->count, addr);
	if (s)
		snprintf(buf, size, "%s+0x%lx", s->name,
			 (unsigned long)(addr - s->addr));
	else
		snprintf(buf, size, "0x%016lx", (unsigned long)addr);
}
