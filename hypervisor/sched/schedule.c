/* The scheduler, for now a run list of single-vCPU domains run to
 * completion in order. When no domain is left the machine stops: with
 * "success" if every domain powered off cleanly, with "guest failure"
 * otherwise, so a test run's exit status tells what happened. */
#include <parvus/domain.h>
#include <parvus/console.h>
#include <arch/machine.h>
#include <arch/cpu.h>

#define MAX_DOMAINS 16

static struct domain *domains[MAX_DOMAINS];
static unsigned int nr_domains;

void sched_add_domain(struct domain *d)
{
	if (nr_domains == MAX_DOMAINS)
		panic("too many domains");
	domains[nr_domains++] = d;
}

/* The vCPU's saved frame goes to the top of the hypervisor stack, where
 * entries from the guest build theirs; our own call chain lies below it. */
static __noreturn void run_vcpu(struct vcpu *v)
{
	struct cpu_regs *frame = (struct cpu_regs *)((uintptr_t)hv_stack_top -
						     sizeof(struct cpu_regs));

	current = v;
	*frame = v->regs;
	write_cr3(v->cr3);
	return_to_guest_frame(frame);
}

__noreturn void schedule(void)
{
	bool all_clean = true;

	for (unsigned int i = 0; i < nr_domains; i++) {
		struct domain *d = domains[i];

		if (d->state == DOMAIN_RUNNING)
			run_vcpu(&d->vcpu0);
		if (d->state == DOMAIN_CRASHED)
			all_clean = false;
	}
	printk("parvus: no domains left to run; %s\n",
	       all_clean ? "all powered off cleanly" : "a domain failed");
	machine_exit(all_clean ? PARVUS_EXIT_SUCCESS : PARVUS_EXIT_GUEST_FAIL);
}
