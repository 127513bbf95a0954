/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared helpers for the Criterion unit tests. Test files include this
 * first; the hypervisor's string routines are available under their
 * hypervisor names through hosted_names.h (force-included). */
#ifndef UNIT_H
#define UNIT_H

#include <criterion/criterion.h>
#include <parvus/types.h>
#include <parvus/string.h>

#endif
