/* Loading a guest-chosen selector into a segment register from ring 0.
 * The selector may name a missing or unusable descriptor; the #GP or #NP
 * that raises is turned into a false return through the exception table,
 * the same way guest memory accesses are. */
#include <arch/segments.h>

bool load_gs_selector(uint16_t sel)
{
	int ok = 1;

	asm volatile("1: movw %w1, %%gs\n"
		     "2:\n"
		     ".pushsection .text.fixup, \"ax\"\n"
		     "3: movl $0, %0\n"
		     "   jmp 2b\n"
		     ".popsection\n"
		     ".pushsection __ex_table, \"a\"\n"
		     ".balign 8\n"
		     ".quad 1b, 3b\n"
		     ".popsection"
		     : "+r"(ok) : "r"(sel) : "memory");
	return ok;
}

void read_data_segments(uint64_t segs[4])
{
	uint16_t ds, es, fs, gs;

	asm volatile("movw %%ds, %0\n\tmovw %%es, %1\n\t"
		     "movw %%fs, %2\n\tmovw %%gs, %3"
		     : "=r"(ds), "=r"(es), "=r"(fs), "=r"(gs));
	segs[0] = ds;
	segs[1] = es;
	segs[2] = fs;
	segs[3] = gs;
}
