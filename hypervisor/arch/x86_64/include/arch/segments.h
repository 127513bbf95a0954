/* Segment register loads on a guest's behalf (arch/x86_64/segment_load.c). */
#ifndef ARCH_SEGMENTS_H
#define ARCH_SEGMENTS_H

#include <parvus/types.h>

/* Loads %gs; false (and %gs unchanged or null) if the selector faults. */
bool load_gs_selector(uint16_t sel);
/* Current ds, es, fs, gs selectors, in that order. */
void read_data_segments(uint64_t segs[4]);

#endif
