/* Exceptions raised while a PV guest runs. Until guests can register a
 * trap table and have exceptions bounced to them (and until privileged
 * instructions are emulated), every guest exception is fatal to that
 * domain only: we say exactly what the guest did, then destroy it. The
 * hypervisor and the other domains carry on. */
#include <parvus/console.h>
#include <parvus/domain.h>
#include <parvus/guest_access.h>
#include <parvus/string.h>
#include <arch/cpu.h>
#include <arch/machine.h>
#include <arch/traps.h>

#define MAX_INSN_LEN 15

#define PFEC_PRESENT	(1u << 0)
#define PFEC_WRITE	(1u << 1)
#define PFEC_INSN	(1u << 4)

/* Reads as many instruction bytes as are mapped, up to 15. */
static size_t fetch_insn(uint64_t rip, uint8_t *buf)
{
	size_t n = 0;

	while (n < MAX_INSN_LEN && copy_from_guest(buf + n, rip + n, 1) == 0)
		n++;
	return n;
}

static __noreturn void crash_on_gp(struct vcpu *v, struct cpu_regs *r)
{
	uint8_t insn[MAX_INSN_LEN];
	size_t len = fetch_insn(r->rip, insn);
	const char *name = priv_insn_name(insn, len);

	if (name)
		domain_crash(v->domain, "privileged instruction '%s' at 0x%lx "
			     "(#GP): not permitted to a PV guest",
			     name, (unsigned long)r->rip);
	domain_crash(v->domain, "#GP general protection (error code 0x%lx) "
		     "at 0x%lx and no trap table registered",
		     (unsigned long)r->error_code, (unsigned long)r->rip);
}

static __noreturn void crash_on_pf(struct vcpu *v, struct cpu_regs *r)
{
	uint64_t ec = r->error_code;

	domain_crash(v->domain, "page fault at 0x%lx (%s %s) at rip 0x%lx "
		     "and no trap table registered", (unsigned long)read_cr2(),
		     ec & PFEC_PRESENT ? "protection violation" : "not present",
		     ec & PFEC_INSN ? "on fetch" :
		     ec & PFEC_WRITE ? "on write" : "on read",
		     (unsigned long)r->rip);
}

void pv_handle_exception(struct vcpu *v, struct cpu_regs *r)
{
	printk("parvus: d%u vcpu%u: %s at 0x%lx\n", v->domain->domid, v->id,
	       exception_name(r->vector), (unsigned long)r->rip);
	dump_regs(r);
	switch (r->vector) {
	case X86_EXC_GP:
		crash_on_gp(v, r);
	case X86_EXC_PF:
		crash_on_pf(v, r);
	default:
		domain_crash(v->domain, "%s (vector %lu, error code 0x%lx) at "
			     "0x%lx and no trap table registered",
			     exception_name(r->vector), (unsigned long)r->vector,
			     (unsigned long)r->error_code, (unsigned long)r->rip);
	}
}
