/* HYPERVISOR_console_io (xen/xen.h, CONSOLEIO_*): the hypervisor console.
 * CONSOLEIO_write prints guest text, prefixed "(dN) ", as Xen's
 * guest_console_write does; it is what early Linux (xen_raw_console_write)
 * and our test guests print with. Reading console input is not there yet. */
#include <parvus/hypercall.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/xen.h>

#define CHUNK 128

static long console_write(struct vcpu *v, uint32_t count, uint64_t buffer)
{
	char buf[CHUNK];

	while (count) {
		uint32_t n = MIN(count, (uint32_t)CHUNK);

		if (copy_from_guest(buf, buffer, n))
			return -XEN_EFAULT;
		guest_console_write(&v->domain->console, buf, n);
		buffer += n;
		count -= n;
	}
	return 0;
}

long do_console_io(struct vcpu *v, uint64_t cmd, uint64_t count,
		   uint64_t buffer, uint64_t a4, uint64_t a5)
{
	/* The ABI's cmd and count are 32-bit (unsigned int). */
	switch ((uint32_t)cmd) {
	case CONSOLEIO_write:
		return console_write(v, (uint32_t)count, buffer);
	case CONSOLEIO_read:
		return hypercall_nosys(v, __HYPERVISOR_console_io, CONSOLEIO_read);
	default:
		return -XEN_ENOSYS;
	}
}
