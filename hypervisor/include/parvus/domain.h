/* SPDX-License-Identifier: GPL-2.0-only */
/* Domains and their vCPUs. A domain owns a set of machine frames (its
 * pseudo-physical memory, listed in frames[] by pfn), a shared_info page
 * owned by the hypervisor, and one vCPU for now. Domain IDs start at 1;
 * 0 is kept for a future control domain. */
#ifndef PARVUS_DOMAIN_H
#define PARVUS_DOMAIN_H

#include <parvus/types.h>
#include <parvus/console.h>
#include <parvus/layout.h>
#include <parvus/event_channel.h>
#include <parvus/grant_table.h>
#include <parvus/vpit.h>
#include <parvus/pirq.h>
#include <parvus/rangeset.h>
#include <xen/vcpu.h>
#include <arch/regs.h>
#include <parvus/xen.h>

enum domain_state {
	DOMAIN_RUNNING,
	DOMAIN_SHUTDOWN,	/* asked to stop via SCHEDOP_shutdown */
	DOMAIN_CRASHED,		/* killed for a fatal fault or SHUTDOWN_crash */
	DOMAIN_RESTARTING,	/* crashed, torn down, to be rebuilt (on_crash=restart) */
};

enum vcpu_state {
	VCPU_RUNNABLE,
	VCPU_BLOCKED,		/* SCHEDOP_block or hlt: waits for an event */
	VCPU_DOWN,		/* its domain has ended */
};

struct vcpu {
	struct domain *domain;
	unsigned int id;
	enum vcpu_state state;
	uint64_t timer_deadline;	/* singleshot timer, system time ns; 0 = off */
	uint64_t periodic_period;	/* periodic timer, ns; 0 = off */
	uint64_t periodic_next;
	bool polling;			/* SCHEDOP_poll: any pending port wakes it */
	uint64_t poll_deadline;		/* its timeout, system time ns; 0 = none */
	bool in_kernel;		/* guest kernel mode (vs guest user mode) */
	uint64_t cr3;		/* machine address of the loaded L4 */
	uint64_t kernel_l4_mfn;	/* NEW_BASEPTR; holds an L4 type reference */
	uint64_t user_l4_mfn;	/* NEW_USER_BASEPTR, or 0 for none */
	struct cpu_regs regs;	/* saved state while not running */
	struct cpu_regs *hypercall_regs;	/* frame of the hypercall in progress */
	uint64_t *multicall_args;	/* args of the batched call running, or NULL */
	bool hypercall_continued;	/* hypercall_continue() asked to re-execute */
	unsigned long step_work;	/* units charged in this hypercall step */
	enum { SCHED_AFTER_NOTHING, SCHED_AFTER_YIELD, SCHED_AFTER_BLOCK }
		sched_after_hypercall;	/* a yield or block asked for in a batch */

	/* The virtual CPU a PV kernel programs through hypercalls. */
	struct vcpu_info *vcpu_info;		/* event mask/pending, CR2 */
	uint64_t vcpu_info_mfn;			/* register_vcpu_info, or 0 */
	struct vcpu_runstate_info runstate;	/* time in each RUNSTATE_* */
	uint64_t runstate_area;			/* guest VA to publish it, or 0 */
	uint64_t time_area;			/* guest VA for a vcpu_time_info copy */
	struct trap_info trap_table[256];	/* set_trap_table */
	uint64_t callback[8];			/* CALLBACKTYPE_* -> address */
	uint16_t callback_flags[8];		/* CALLBACKF_* */
	uint64_t kernel_sp;			/* stack_switch */
	uint16_t kernel_ss;
	uint64_t gs_base_kernel, gs_base_user;	/* the inactive one is here */
	bool fpu_ts;				/* fpu_taskswitch: virtual CR0.TS */
	uint8_t iopl;				/* PHYSDEVOP_set_iopl: virtual IOPL */
	uint32_t pci_cf8;			/* the pciback domain's conf1 address latch */
	uint64_t cr4_guest;			/* CR4 bits the guest chose */
	uint64_t gdt_frames[GDT_MAX_GUEST_FRAMES];	/* set_gdt, typed seg_desc */
	unsigned int gdt_nr_frames;
	uint64_t ldt_frames[LDT_MAX_ENTRIES / 512];	/* MMUEXT_SET_LDT */
	unsigned int ldt_ents;
	uint64_t debugreg[8];			/* set_debugreg (DR0-3, 6, 7) */

	/* State that stays in the CPU while the vCPU runs and is saved here
	 * when another one runs (arch/x86_64/context.c). */
	uint8_t fpu[512] __aligned(16);		/* fxsave image */
	uint64_t data_segments[4];		/* ds, es, fs, gs */
	uint64_t fs_base;
};

#define NR_HYPERCALLS 64

struct domain {
	unsigned int domid;
	char name[32];
	enum domain_state state;
	unsigned int shutdown_reason;	/* SHUTDOWN_* */
	int shutdown_code;		/* SCHEDOP_shutdown_code, or -1 */
	unsigned long nr_pages;		/* frames it has now (tot_pages) */
	unsigned long max_pages;	/* its reservation may not grow past */
	uint64_t *frames;		/* pfn -> mfn while being built */
	struct shared_info *shared_info;
	uint64_t shared_info_mfn;
	struct guest_console console;
	struct vcpu vcpu0;
	char cmdline[1024];
	uint64_t nosys_logged;		/* hypercalls already reported as -ENOSYS */
	struct evtchn_table *evtchn;
	struct grant_table *gnttab;
	uint64_t console_ring_mfn;	/* xencons_interface page */
	evtchn_port_t console_port;	/* its port, ECS_CONSOLE */
	struct guest_console ring_console;
	unsigned long vm_assist;	/* enabled VMASST_TYPE_* bits */
	bool is_xenstore;		/* runs xenstored: told of domain ends */
	uint64_t store_mfn;		/* xenstore ring page, 0 if none */
	evtchn_port_t store_port;	/* its port, unbound for the xenstore domain */
	uint64_t memory_kib;		/* the memory it was built with */
	unsigned int weight;		/* scheduling weight; 256 is the norm */
	struct vpit vpit;		/* PIT channel 2 and port 0x61 */
	/* PCI assignment (pci.h): the frames and ports of the devices it
	 * owns (pci=), and whether it is the pciback service domain. */
	struct rangeset iomem, ioport;
	bool has_pci;
	bool is_pciback;
	struct pirq_table *pirqs;	/* its devices' interrupts, or NULL */
	uint64_t pirq_eoi_mfn;		/* PHYSDEVOP_pirq_eoi_gmfn_v2, or 0 */
};

/* The vCPU running (or about to run) on this CPU. */
extern struct vcpu *current;

struct domain *domain_alloc(unsigned int domid);
/* A domain that is still running, by ID; NULL otherwise. */
struct domain *domain_by_id(domid_t domid);
void domain_release_memory(struct domain *d);
/* The guest asked to stop (SCHEDOP_shutdown); does not return. */
__noreturn void domain_shutdown(struct domain *d, unsigned int reason);
/* The guest did something fatal: say why, destroy it, run the others. */
__noreturn void domain_crash(struct domain *d, const char *fmt, ...)
	__printf(2, 3);
/* Destroys a domain that is not running now, as a crash (the console's
 * kill key, from the scheduler): it may restart. */
void domain_kill(struct domain *d, const char *why);
/* A torn-down domain's struct made new for its next instance: same id
 * and name, everything else as domain_alloc leaves it. 0, or -1 if the
 * last instance left something behind (nothing is changed then). */
int domain_reinit(struct domain *d);
/* VIRQ_DOM_EXC to the xenstore domain: a domain has gone or come back. */
void domain_notify_xenstore(const struct domain *d);

/* common/domain_restart.c: on_crash=restart and on_reboot=restart (boot
 * manifest). rebuild builds the domain again from what it was built from
 * at boot (the domain struct already reinitialised): 0, or -1 after
 * saying why. */
typedef int (*domain_rebuild_fn)(struct domain *d);
void domain_set_restartable(struct domain *d, domain_rebuild_fn rebuild, bool on_crash,
			    bool on_reboot);
/* After the teardown (begun at teardown_ns, system time) of a domain that
 * stopped for reason (SHUTDOWN_*): whether it is to be rebuilt (then
 * DOMAIN_RESTARTING, after the back-off), or left destroyed. */
bool domain_restart_after_stop(struct domain *d, unsigned int reason, uint64_t teardown_ns);
/* The scheduler's part, never in a dying domain's context: rebuild the
 * domains whose time has come; the nearest time (system ns, 0: none). */
void domain_restarts_run(uint64_t now);
uint64_t domain_restart_next_due(void);
bool domain_restart_due(uint64_t now);
/* The console's kill key: dN is destroyed as a crash at the next
 * scheduling point. */
void domain_kill_request(domid_t domid);
bool domain_kill_pending(void);
void domain_kills_run(void);

/* sched/schedule.c: run the next runnable vCPU, or end the machine when
 * no domain is left. */
__noreturn void schedule(void);
void sched_add_domain(struct domain *d);
/* A rebuilt domain's vCPU (already in the run list) runs again. */
void sched_vcpu_restart(struct domain *d);
/* idle_deadlock=shutdown: every domain blocked with no timer ends the
 * machine (tests); by default it idles until serial input. */
void sched_set_idle_deadlock_shutdown(bool shutdown);
#define SCHED_DEFAULT_WEIGHT	256	/* Xen credit's default */
/* The running vCPU gives up the CPU with frame r as its state to resume
 * (r->rax already holds the hypercall's result). */
__noreturn void sched_block(struct vcpu *v, struct cpu_regs *r);
__noreturn void sched_yield(struct vcpu *v, struct cpu_regs *r);
void vcpu_wake(struct vcpu *v);
/* The timer interrupt: expire vCPU timers, maybe preempt the guest. */
void sched_timer_interrupt(struct cpu_regs *r);
/* A vCPU's timer changed: reprogram the hardware timer. */
void sched_timers_changed(void);

/* sched/runstate.c: where a vCPU's time goes (VCPUOP runstate). */
void runstate_account(struct vcpu *v, int new_state);
void runstate_publish(struct vcpu *v);

/* time/vcpu_time.c: the pvclock and wallclock guests read. */
void vcpu_time_update(struct vcpu *v);
void vcpu_time_publish(struct vcpu *v);	/* to the registered time area */
void domain_wallclock_update(struct domain *d);

/* time/vcpu_timer.c: a vCPU's one-shot and periodic timers (0: off), and
 * what happens when one goes off (the scheduler expires them). */
void vcpu_timer_set_singleshot(struct vcpu *v, uint64_t deadline);
void vcpu_timer_set_periodic(struct vcpu *v, uint64_t period_ns);
void vcpu_timer_fired(struct vcpu *v);

/* build/builder.c: build a domain from a PV kernel image. */
struct domain_image {
	const void *kernel;
	size_t kernel_len;
	const void *initrd;	/* NULL and 0: no ramdisk */
	size_t initrd_len;
	const char *cmdline;
	domid_t xenstore_domid;	/* grantee of the store ring, 0 if none */
	unsigned int weight;	/* 0: the default */
	/* Grant-table limits (grant_table.h), 0: the defaults. */
	unsigned int grant_frames, maptrack_frames;
};
int domain_build(struct domain *d, const struct domain_image *img,
		 unsigned long nr_pages);

#endif
