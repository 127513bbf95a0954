/* SPDX-License-Identifier: GPL-2.0-only */
/* Unit tests link the hypervisor's pure code into a hosted program next to
 * the C library. The hypervisor's own string and formatting routines are
 * renamed there, so they are tested as themselves without replacing libc's
 * for Criterion and the sanitizers. Force-included (-include) when the
 * hypervisor sources are compiled for unit tests. */
#ifndef UNIT_HOSTED_NAMES_H
#define UNIT_HOSTED_NAMES_H

#define memcpy		parvus_memcpy
#define memmove		parvus_memmove
#define memset		parvus_memset
#define memcmp		parvus_memcmp
#define strlen		parvus_strlen
#define strnlen		parvus_strnlen
#define strcmp		parvus_strcmp
#define strncmp		parvus_strncmp
#define strchr		parvus_strchr
#define strlcpy		parvus_strlcpy
#define vsnprintf	parvus_vsnprintf
#define snprintf	parvus_snprintf

#endif
