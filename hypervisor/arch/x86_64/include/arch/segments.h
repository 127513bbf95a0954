/* SPDX-License-Identifier: GPL-2.0-only */
/* Segment register loads on a guest's behalf (arch/x86_64/segment_load.c). */
#ifndef ARCH_SEGMENTS_H
#define ARCH_SEGMENTS_H

#include <parvus/types.h>

enum { SEG_DS, SEG_ES, SEG_FS, SEG_GS };

/* Loads a data segment register; false (register unchanged) if the
 * selector faults. */
bool load_segment(unsigned int seg, uint16_t sel);
/* Current ds, es, fs, gs selectors, in that order. */
void read_data_segments(uint64_t segs[4]);

#endif
