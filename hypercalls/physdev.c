/* SPDX-License-Identifier: GPL-2.0-only */
/* HYPERVISOR_physdev_op (xen/physdev.h): physical devices, of which an
 * unprivileged domain has none. What remains is the vCPU's virtual I/O
 * privilege level, PHYSDEVOP_set_iopl: Linux asks for 1 at boot, which
 * lets its kernel execute cli and sti (emul_priv_op.c treats them as Xen
 * does). Every other operation needs devices or interrupts we do not
 * give out: -ENOSYS, logged once. */
#include <parvus/hypercall.h>
#include <parvus/hypercall_dispatch.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/xen.h>
#include <xen/physdev.h>

static long set_iopl(struct vcpu *v, uint64_t arg)
{
	struct physdev_set_iopl op;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -XEN_EFAULT;
	if (op.iopl > 3)
		return -XEN_EINVAL;
	v->iopl = op.iopl;
	return 0;
}

long do_physdev_op(struct vcpu *v, uint64_t cmd, uint64_t arg,
		   uint64_t a3, uint64_t a4, uint64_t a5)
{
	if (cmd == PHYSDEVOP_set_iopl)
		return set_iopl(v, arg);
	return hypercall_nosys(v, __HYPERVISOR_physdev_op, (long)(int)cmd);
}
