/* SPDX-License-Identifier: GPL-2.0-only */
/* Emulation of the privileged instructions a PV guest kernel still
 * executes natively (Xen's pv/emul-priv-op.c and emul-inv-op.c): they
 * trap in ring 3, and the ones with a defined PV meaning are carried out
 * here on the guest's behalf; the rest are the guest's #GP. Decoding is
 * deliberately narrow: only the forms below, register operands only.
 *   rdmsr/wrmsr    an allowlist of MSRs (FS/GS bases, EFER, PAT, ...)
 *   mov crN        CR0 (TS only), CR2, CR3 (= NEW_BASEPTR), CR4 (view)
 *   in/out         the virtual PIT; conf1 for the pciback domain and the
 *                  I/O BARs of a device owner (pci.h); other ports read
 *                  all-ones
 *   clts, wbinvd   virtual CR0.TS; no cache-flush rights, so a no-op
 *   hlt            in guest kernel mode: block until an event or timer
 *   cli, sti       with a virtual IOPL that allows them (set_iopl): no-ops,
 *                  as in Xen, which leaves them alone because a later popf
 *                  could not undo a changed event mask
 *   cpuid          after the forced-emulation prefix ud2; .ascii "xen"
 * All but cpuid are the guest kernel's alone: from guest user mode they
 * are #GP, as they would be for a ring-3 process on bare metal. */
#include <parvus/arch_pv.h>
#include <parvus/console.h>
#include <parvus/cpuid_policy.h>
#include <parvus/domain.h>
#include <parvus/machine_mm.h>
#include <parvus/page_types.h>
#include <parvus/perf_counters.h>
#include <parvus/domain_build.h>
#include <parvus/guest_access.h>
#include <parvus/layout.h>
#include <parvus/xen.h>
#include <parvus/string.h>
#include <parvus/time.h>
#include <parvus/vpit.h>
#include <arch/cpu.h>
#include <arch/machine.h>
#include <arch/emulate.h>
#include <arch/pv.h>
#include <arch/port_io.h>
#include <parvus/pci.h>

#define MSR_TSC			0x00000010
#define MSR_UCODE_REV		0x0000008b
#define EFER_LMA		(1UL << 10)
#define CR0_GUEST_VIEW		(0x80050033UL)	/* PG AM WP NE ET MP PE */
#define CR4_GUEST_CONTROLLED	((1UL << 2) | (1UL << 3) | (1UL << 8))	/* TSD DE PCE */
#define CR4_GUEST_FIXED		((1UL << 5) | CR4_OSFXSR | CR4_OSXMMEXCPT)	/* PAE ... */
#define PARVUS_XEN_VERSION	((4 << 16) | 17)

struct decoded {
	const uint8_t *b;
	size_t len, pos;	/* pos: first opcode byte */
	bool opsize16;
	uint8_t rex;
};

static void decode_prefixes(struct decoded *d)
{
	for (d->pos = 0; d->pos < d->len; d->pos++) {
		uint8_t b = d->b[d->pos];

		if (b == 0x66)
			d->opsize16 = true;
		else if ((b & 0xf0) == 0x40)
			d->rex = b;
		else if (b != 0xf2 && b != 0xf3 && b != 0x2e && b != 0x3e &&
			 b != 0x26 && b != 0x36 && b != 0x64 && b != 0x65)
			return;
	}
}

/* ---- MSRs ---- */

static uint64_t efer_view(void)
{
	return EFER_SCE | EFER_LME | EFER_LMA | (cpu_has_nx() ? EFER_NXE : 0);
}

static int read_msr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	switch (msr) {
	case MSR_FS_BASE:	*val = rdmsr(MSR_FS_BASE); return EMUL_OK;
	case MSR_GS_BASE:	*val = rdmsr(MSR_GS_BASE); return EMUL_OK;
	case MSR_KERNEL_GS_BASE: /* the inactive base */
		*val = v->in_kernel ? v->gs_base_user : v->gs_base_kernel;
		return EMUL_OK;
	case MSR_EFER:		*val = efer_view(); return EMUL_OK;
	case MSR_PAT:		*val = XEN_MSR_PAT; return EMUL_OK;
	case MSR_UCODE_REV:	*val = 0; return EMUL_OK;
	case MSR_TSC:		*val = rdtsc(); return EMUL_OK;
	default:		return EMUL_GP;
	}
}

/* The MSR CPUID leaf 0x40000002 advertises: writing gmfn << 12 (page
 * index 0 in the low bits; there is one page) fills that page of the guest
 * with hypercall stubs, as Xen's guest_wrmsr_xen does. For a PV guest the
 * gmfn is an MFN it owns, and it must be a page it could map writable. */
static int write_hypercall_page(struct vcpu *v, uint64_t val)
{
	uint64_t mfn = val >> PAGE_SHIFT;
	unsigned int d = v->domain->domid;

	if (val & ~PAGE_MASK)
		return EMUL_GP;		/* only page 0 exists */
	if (page_get_typed(&machine_mm, mfn, d, PGT_writable))
		return EMUL_GP;
	hypercall_page_fill(mfn_to_virt(mfn));
	page_put_typed(&machine_mm, mfn);
	return EMUL_OK;
}

static int write_msr(struct vcpu *v, uint32_t msr, uint64_t val)
{
	switch (msr) {
	case MSR_FS_BASE:
	case MSR_GS_BASE:
		if (!is_canonical(val))
			return EMUL_GP;
		wrmsr(msr, val);
		return EMUL_OK;
	case MSR_KERNEL_GS_BASE:
		if (!is_canonical(val))
			return EMUL_GP;
		*(v->in_kernel ? &v->gs_base_user : &v->gs_base_kernel) = val;
		return EMUL_OK;
	case MSR_EFER:		return val == efer_view() ? EMUL_OK : EMUL_GP;
	case MSR_PAT:		return val == XEN_MSR_PAT ? EMUL_OK : EMUL_GP;
	case MSR_UCODE_REV:	return EMUL_OK;	/* Linux's microcode probe */
	case XEN_HYPERCALL_MSR:	return write_hypercall_page(v, val);
	default:		return EMUL_GP;
	}
}

static int emulate_msr(struct vcpu *v, struct cpu_regs *r, bool write)
{
	uint64_t val = (r->rdx << 32) | (uint32_t)r->rax;
	int rc;

	perfc_event(PERFC_EMUL_MSR);
	if (write)
		return write_msr(v, (uint32_t)r->rcx, val);
	rc = read_msr(v, (uint32_t)r->rcx, &val);
	if (rc == EMUL_OK) {
		r->rax = (uint32_t)val;
		r->rdx = val >> 32;
	}
	return rc;
}

/* ---- control registers ---- */

static int read_cr(struct vcpu *v, unsigned int cr, uint64_t *val)
{
	switch (cr) {
	case 0: *val = CR0_GUEST_VIEW | (v->fpu_ts ? CR0_TS : 0); return EMUL_OK;
	case 2: *val = v->vcpu_info->arch.cr2; return EMUL_OK;
	case 3: *val = (v->in_kernel ? v->kernel_l4_mfn : v->user_l4_mfn) << PAGE_SHIFT;
		return EMUL_OK;
	case 4: *val = CR4_GUEST_FIXED | v->cr4_guest; return EMUL_OK;
	default: return EMUL_GP;
	}
}

/* Validating the new L4 may take several steps: the instruction is then
 * executed again, which carries on (the emulator's continuation). If the
 * old L4 loses its last reference here, its devalidation is queued and
 * paid before the domain's next hypercall or CR3 write runs. */
static int emulate_write_cr3(struct vcpu *v, uint64_t val)
{
	uint64_t mfn = (val & PTE_MFN_MASK) >> PAGE_SHIFT, old;
	int rc;

	if (!v->in_kernel)
		return EMUL_GP;
	machine_mm_new_step();
	if (!machine_mm_pay_owed(v->domain->domid))
		return EMUL_RETRY;
	rc = page_get_typed(&machine_mm, mfn, v->domain->domid, PGT_l4);
	if (rc == -PT_ERESTART) {
		perfc_event(PERFC_PT_PREEMPTED);
		return EMUL_RETRY;
	}
	if (rc)
		return EMUL_GP;
	old = v->kernel_l4_mfn;
	v->kernel_l4_mfn = mfn;
	arch_load_guest_cr3(v);
	page_put_typed(&machine_mm, old);
	machine_mm_flush_if_needed();
	return EMUL_OK;
}

static int write_cr(struct vcpu *v, unsigned int cr, uint64_t val)
{
	uint64_t cr0;

	switch (cr) {
	case 0:
		read_cr(v, 0, &cr0);
		if ((val ^ cr0) & ~CR0_TS)
			return EMUL_GP;	/* only TS is the guest's to change */
		arch_set_guest_ts(v, val & CR0_TS);
		return EMUL_OK;
	case 2:
		v->vcpu_info->arch.cr2 = val;
		return EMUL_OK;
	case 3:
		return emulate_write_cr3(v, val);
	case 4:
		/* Bits the guest cannot have are dropped, as Xen's
		 * pv_fixup_guest_cr4 does. */
		v->cr4_guest = val & CR4_GUEST_CONTROLLED;
		return EMUL_OK;
	default:
		return EMUL_GP;
	}
}

/* 0f 20 /r and 0f 22 /r: always register operands. */
static int emulate_mov_cr(struct vcpu *v, struct cpu_regs *r,
			  struct decoded *d, bool to_cr)
{
	uint8_t modrm;
	unsigned int cr, reg;

	if (d->pos + 2 >= d->len)
		return EMUL_UNHANDLED;
	perfc_event(PERFC_EMUL_CR);
	modrm = d->b[d->pos + 2];
	cr = ((modrm >> 3) & 7) | (d->rex & 4 ? 8 : 0);
	reg = (modrm & 7) | (d->rex & 1 ? 8 : 0);
	d->pos += 3;
	if (to_cr)
		return write_cr(v, cr, *regs_gpr(r, reg));
	return read_cr(v, cr, regs_gpr(r, reg));
}

/* ---- port I/O ---- */

static void port_result(struct cpu_regs *r, unsigned int size, uint32_t val)
{
	if (size == 1)
		r->rax = (r->rax & ~0xffUL) | (val & 0xff);
	else if (size == 2)
		r->rax = (r->rax & ~0xffffUL) | (val & 0xffff);
	else
		r->rax = val;	/* a 32-bit result zero-extends */
}

static bool conf1_port(uint16_t port, unsigned int size)
{
	return port >= PCI_CONF1_ADDR && port + size <= PCI_CONF1_DATA + 4;
}

/* The pciback domain's conf1 (pci.h), and the I/O BARs of the domain's
 * own devices, for real. False: not one of those ports. */
static bool device_port_io(struct vcpu *v, struct cpu_regs *r, uint16_t port,
			   unsigned int size, bool in)
{
	struct domain *dom = v->domain;

	if (conf1_port(port, size) && dom->is_pciback) {
		if (in)
			port_result(r, size, pci_conf1_in(dom, &v->pci_cf8, port, size));
		else
			pci_conf1_out(dom, &v->pci_cf8, port, size, (uint32_t)r->rax);
		return true;
	}
	if (!rangeset_contains(&dom->ioport, port, (uint64_t)port + size - 1))
		return false;
	if (in)
		port_result(r, size, arch_port_in(port, size));
	else
		arch_port_out(port, size, (uint32_t)r->rax);
	return true;
}

/* e4/e5/ec/ed in, e6/e7/ee/ef out; imm8 forms carry a port byte. The
 * virtual PIT's ports answer, the pciback domain's conf1 and a device
 * owner's I/O BARs; the rest read as all-ones, as absent hardware does,
 * and writes to them go nowhere. */
static int emulate_port_io(struct vcpu *v, struct cpu_regs *r, struct decoded *d,
			   uint8_t op)
{
	unsigned int size = (op & 1) ? (d->opsize16 ? 2 : 4) : 1;
	bool imm = op < 0xec, in = !(op & 2);
	uint16_t port;

	d->pos += imm ? 2 : 1;
	if (d->pos > d->len)
		return EMUL_UNHANDLED;
	perfc_event(PERFC_EMUL_PORT_IO);
	port = imm ? d->b[d->pos - 1] : (uint16_t)r->rdx;
	if (device_port_io(v, r, port, size, in))
		return EMUL_OK;
	if (!vpit_owns_port(port, size)) {
		if (in)
			port_result(r, size, 0xffffffffu);
	} else if (in) {
		r->rax = (r->rax & ~0xffUL) | vpit_read(&v->domain->vpit, port, time_now_ns());
	} else {
		vpit_write(&v->domain->vpit, port, (uint8_t)r->rax, time_now_ns());
	}
	return EMUL_OK;
}

static int emulate_two_byte(struct vcpu *v, struct cpu_regs *r,
			    struct decoded *d)
{
	switch (d->b[d->pos + 1]) {
	case 0x06:	/* clts */
		perfc_event(PERFC_EMUL_CR);
		d->pos += 2;
		arch_set_guest_ts(v, false);
		return EMUL_OK;
	case 0x09:	/* wbinvd: no cache-flush rights without devices */
		d->pos += 2;
		return EMUL_OK;
	case 0x20:
		return emulate_mov_cr(v, r, d, false);
	case 0x22:
		return emulate_mov_cr(v, r, d, true);
	case 0x30:
		d->pos += 2;
		return emulate_msr(v, r, true);
	case 0x32:
		d->pos += 2;
		return emulate_msr(v, r, false);
	default:
		return EMUL_UNHANDLED;
	}
}

int pv_emulate_priv_op(struct vcpu *v, struct cpu_regs *r,
		       const uint8_t *insn, size_t len)
{
	struct decoded d = { .b = insn, .len = len };
	int rc;

	decode_prefixes(&d);
	if (d.pos >= d.len)
		return EMUL_UNHANDLED;
	if (d.b[d.pos] == 0xfa || d.b[d.pos] == 0xfb) {	/* cli, sti */
		if (v->iopl < (v->in_kernel ? 1 : 3))
			return EMUL_GP;
		perfc_event(PERFC_EMUL_CLI_STI);
		r->rip += d.pos + 1;
		return EMUL_OK;
	}
	if (!v->in_kernel)
		return EMUL_GP;
	if (d.b[d.pos] == 0x0f && d.pos + 1 < d.len)
		rc = emulate_two_byte(v, r, &d);
	else if ((d.b[d.pos] & 0xf4) == 0xe4)
		rc = emulate_port_io(v, r, &d, d.b[d.pos]);
	else if (d.b[d.pos] == 0xf4) {
		perfc_event(PERFC_EMUL_HLT);
		d.pos++;
		r->rip += d.pos;
		return EMUL_HALT;
	}
	else
		rc = EMUL_UNHANDLED;
	if (rc == EMUL_OK)
		r->rip += d.pos;
	return rc;
}

/* ---- #UD: the forced-emulation prefix ---- */

static void host_cpuid(uint32_t leaf, uint32_t sub, struct cpuid_regs *out)
{
	cpuid(leaf, sub, &out->a, &out->b, &out->c, &out->d);
}

bool pv_emulate_forced_cpuid(struct vcpu *v, struct cpu_regs *r,
			     const uint8_t *insn, size_t len)
{
	static const uint8_t prefix[] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2 };
	const struct time_scale *scale = time_tsc_scale();
	struct cpuid_pv_info info;
	struct cpuid_regs out;

	if (len < sizeof(prefix) || memcmp(insn, prefix, sizeof(prefix)))
		return false;
	perfc_event(PERFC_EMUL_CPUID);
	info = (struct cpuid_pv_info){ PARVUS_XEN_VERSION, (uint32_t)(time_tsc_hz() / 1000),
				       scale->mul, scale->shift };
	cpuid_pv_policy(host_cpuid, (uint32_t)r->rax, (uint32_t)r->rcx, &info, &out);
	r->rax = out.a;
	r->rbx = out.b;
	r->rcx = out.c;
	r->rdx = out.d;
	r->rip += sizeof(prefix);
	return true;
}
