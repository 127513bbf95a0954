/* SPDX-License-Identifier: GPL-2.0-only */
/* The one place the hypervisor includes the Xen public headers from
 * /usr/include/xen (Debian libxen-dev): the guest ABI we implement.
 * Errors are Xen's: return -XEN_EINVAL, -XEN_EFAULT, ... to guests. */
#ifndef PARVUS_XEN_H
#define PARVUS_XEN_H

#include <parvus/types.h>
#include <xen/xen.h>
#include <xen/errno.h>
#include <xen/elfnote.h>
#include <xen/version.h>
#include <xen/sched.h>
#include <xen/memory.h>
#include <xen/callback.h>

#endif
