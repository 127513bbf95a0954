/* Fuzz builds of the hypervisor's pure code: as tests/unit/hosted_names.h,
 * except that memcpy, memmove, memset and memcmp stay the C library's.
 * ASan then checks each call's whole range at once, and resetting a
 * harness's megabytes of state costs what it should; the hypervisor's own
 * versions are unit-tested. Force-included (-include). */
#ifndef FUZZ_NAMES_H
#define FUZZ_NAMES_H

#define strlen		parvus_strlen
#define strnlen		parvus_strnlen
#define strcmp		parvus_strcmp
#define strncmp		parvus_strncmp
#define strchr		parvus_strchr
#define strlcpy		parvus_strlcpy
#define vsnprintf	parvus_vsnprintf
#define snprintf	parvus_snprintf

#endif
