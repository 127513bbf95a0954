/* SPDX-License-Identifier: GPL-2.0-only */
/* Fuzz builds of the hypervisor's pure code: tests/unit/hosted_names.h's
 * renames, except that memcpy, memmove, memset and memcmp stay the C library's.
 * ASan then checks each call's whole range at once, and resetting a
 * harness's megabytes of state costs what it should; the hypervisor's own
 * versions are unit-tested. Force-included (-include). */
#ifndef FUZZ_NAMES_H
#define FUZZ_NAMES_H

#include "../unit/hosted_names.h"
#undef memcpy
#undef memmove
#undef memset
#undef memcmp

#endif
