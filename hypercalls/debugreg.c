/* SPDX-License-Identifier: GPL-2.0-only */
/* HYPERVISOR_set_debugreg and HYPERVISOR_get_debugreg (xen/xen.h): the
 * guest's hardware breakpoints. Addresses in DR0-3 must be the guest's
 * own, so a breakpoint can never fire on hypervisor code or data (one
 * that fires while we copy guest memory is absorbed in ring 0); DR7 may
 * not set general detect, I/O breakpoints or reserved bits. As in Xen's
 * set_debugreg, DR4/5 alias DR6/7 (CR4.DE is never set for PV guests). */
#include <parvus/hypercall.h>
#include <parvus/arch_pv.h>
#include <parvus/debugreg.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/xen.h>

/* The RW field of enabled breakpoint i must not be 10b (I/O). */
static bool dr7_ok(uint64_t v)
{
	if (v & (DR7_GENERAL_DETECT | DR7_RESERVED))
		return false;
	for (unsigned int i = 0; i < 4; i++) {
		bool enabled = (v >> (2 * i)) & 3;
		unsigned int rw = (v >> (16 + 4 * i)) & 3;

		if (enabled && rw == 2)
			return false;
	}
	return true;
}

static unsigned int alias(uint64_t reg)
{
	return reg == 4 ? 6 : reg == 5 ? 7 : (unsigned int)reg;
}

long do_set_debugreg(struct vcpu *v, uint64_t reg, uint64_t value,
		     uint64_t a3, uint64_t a4, uint64_t a5)
{
	unsigned int n = alias(reg);

	switch (n) {
	case 0: case 1: case 2: case 3:
		if (!guest_range_ok(value, 8))
			return -XEN_EPERM;
		break;
	case 6:
		value = (value & DR6_STATUS) | DR6_DEFAULT;
		break;
	case 7:
		if (!dr7_ok(value))
			return -XEN_EPERM;
		value |= DR7_DEFAULT;
		break;
	default:
		return -XEN_EINVAL;
	}
	arch_set_debugreg(v, n, value);
	return 0;
}

long do_get_debugreg(struct vcpu *v, uint64_t reg, uint64_t a2,
		     uint64_t a3, uint64_t a4, uint64_t a5)
{
	unsigned int n = alias(reg);

	if (n > 7 || n == 4 || n == 5)
		return -XEN_EINVAL;
	if (n == 6 || n == 7)
		return v->debugreg[n] ? v->debugreg[n] :
		       (n == 6 ? DR6_DEFAULT : DR7_DEFAULT);
	return v->debugreg[n];
}
