/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypercall page of the Xen PV64 ABI (pv_ring3_init_hypercall_page in
 * Xen): stub i at offset 32*i saves rcx and r11 (which syscall clobbers),
 * loads i into eax and executes syscall. The iret stub also pushes rax and
 * never returns, since HYPERVISOR_iret switches to the frame on the guest
 * stack. Unused bytes are int3 so a stray jump into the page traps. */
#include <parvus/domain_build.h>
#include <parvus/string.h>
#include <parvus/xen.h>

#define STUB_SIZE 32
#define OP_INT3 0xcc

static size_t emit(uint8_t *p, const uint8_t *bytes, size_t n)
{
	memcpy(p, bytes, n);
	return n;
}

static size_t emit_mov_eax(uint8_t *p, uint32_t nr)
{
	p[0] = 0xb8;		/* mov $nr, %eax */
	memcpy(p + 1, &nr, 4);
	return 5;
}

void hypercall_page_fill(uint8_t *page)
{
	static const uint8_t save[] = { 0x51, 0x41, 0x53 };	/* push %rcx; push %r11 */
	static const uint8_t push_rax[] = { 0x50 };		/* push %rax */
	static const uint8_t call[] = { 0x0f, 0x05 };		/* syscall */
	static const uint8_t restore[] = { 0x41, 0x5b, 0x59, 0xc3 }; /* pop %r11; pop %rcx; ret */

	memset(page, OP_INT3, PAGE_SIZE);
	for (uint32_t nr = 0; nr < PAGE_SIZE / STUB_SIZE; nr++) {
		uint8_t *p = page + nr * STUB_SIZE;

		p += emit(p, save, sizeof(save));
		if (nr == __HYPERVISOR_iret)
			p += emit(p, push_rax, sizeof(push_rax));
		p += emit_mov_eax(p, nr);
		p += emit(p, call, sizeof(call));
		if (nr != __HYPERVISOR_iret)
			emit(p, restore, sizeof(restore));
	}
}
