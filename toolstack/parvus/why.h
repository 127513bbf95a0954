/* SPDX-License-Identifier: GPL-2.0-only */
/* One-line error reasons for the CLI: formatted into the caller's
 * buffer, and -1 returned so a failing path can `return why_printf(...)`. */
#ifndef PARVUS_WHY_H
#define PARVUS_WHY_H

#include <stddef.h>

int why_printf(char *why, size_t why_len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
