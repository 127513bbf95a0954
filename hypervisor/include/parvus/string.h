/* SPDX-License-Identifier: GPL-2.0-only */
/* Freestanding string and memory helpers (hypervisor/lib/string.c) and
 * bounded formatting (hypervisor/lib/vsnprintf.c). Pure code: also linked
 * into unit tests and into our test guests. */
#ifndef PARVUS_STRING_H
#define PARVUS_STRING_H

#include <parvus/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
