/* Segment register loads on a guest's behalf (arch/x86_64/segment_load.c). */
#ifndef ARCH_SEGMENTS_H
#define ARCH_SEGMENTS_H

#include <parvus/types.h>

/* Loads %gs; false (and %gs unchanged or null) if the selector faults. */
bool load_gs_selector(uint16_t sel);

#endif
