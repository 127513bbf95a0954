/* SPDX-License-Identifier: GPL-2.0-only */
/* Loading a guest-chosen selector into a segment register from ring 0.
 * The selector may name a missing or unusable descriptor; the #GP or #NP
 * that raises is turned into a false return through the exception table,
 * the same way guest memory accesses are. */
#include <arch/segments.h>

/* One copy of the guarded load per segment register. */
#define DEFINE_SAFE_LOAD(name, reg)					\
static bool name(uint16_t sel)						\
{									\
	int ok = 1;							\
									\
	asm volatile("1: movw %w1, %%" #reg "\n"			\
		     "2:\n"						\
		     ".pushsection .text.fixup, \"ax\"\n"		\
		     "3: movl $0, %0\n"					\
		     "   jmp 2b\n"					\
		     ".popsection\n"					\
		     ".pushsection __ex_table, \"a\"\n"		\
		     ".balign 8\n"					\
		     ".quad 1b, 3b\n"					\
		     ".popsection"					\
		     : "+r"(ok) : "r"(sel) : "memory");			\
	return ok;							\
}
DEFINE_SAFE_LOAD(load_ds, ds)
DEFINE_SAFE_LOAD(load_es, es)
DEFINE_SAFE_LOAD(load_fs, fs)
DEFINE_SAFE_LOAD(load_gs, gs)

bool load_segment(unsigned int seg, uint16_t sel)
{
	switch (seg) {
	case SEG_DS: return load_ds(sel);
	case SEG_ES: return load_es(sel);
	case SEG_FS: return load_fs(sel);
	default: return load_gs(sel);
	}
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
