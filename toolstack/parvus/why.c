/* SPDX-License-Identifier: GPL-2.0-only */
/* See why.h. */
#include "why.h"
#include <stdarg.h>
#include <stdio.h>

int why_printf(char *why, size_t why_len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, why_len, fmt, ap);
	va_end(ap);
	return -1;
}
