/* SPDX-License-Identifier: GPL-2.0-only */
/* Basic freestanding types and helpers shared by every hypervisor file.
 * Only compiler-provided headers are used, so pure logic that includes this
 * builds both freestanding (in the hypervisor) and hosted (in unit tests). */
#ifndef PARVUS_TYPES_H
#define PARVUS_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ROUND_UP(x, a) ((((x) + (a) - 1) / (a)) * (a))
#define ROUND_DOWN(x, a) (((x) / (a)) * (a))
#define DIV_ROUND_UP(x, a) (((x) + (a) - 1) / (a))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define __packed __attribute__((packed))
#define __aligned(n) __attribute__((aligned(n)))
#define __noreturn __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define unlikely(x) __builtin_expect(!!(x), 0)

#endif
