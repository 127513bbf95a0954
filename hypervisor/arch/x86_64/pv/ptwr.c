/* SPDX-License-Identifier: GPL-2.0-only */
/* Writable page tables (Xen's pv/ro-page-fault.c, "ptwr"): Linux writes the
 * entries of its live L1 tables with ordinary instructions (set_pte during
 * boot, xchg in ptep_get_and_clear, lock and/btr on every fork and page
 * aging). Those pages are read-only to it, so each write faults; when the
 * guest has enabled VMASST_TYPE_writable_pagetables we decode the store,
 * compute the new entry, validate it exactly as mmu_update would, and apply
 * it. Anything we cannot or may not do is the guest's #PF. Only L1 tables
 * are handled, as in Xen. Supported forms (any addressing mode, lock
 * prefix allowed): mov r/imm32 -> m (89, c7 /0), xchg (87), cmpxchg
 * (0f b1), or/and r -> m (09, 21), or/and imm -> m (80, 81, 83 /1 /4),
 * bts/btr imm8 (0f ba /5 /6); the decoding is in ptwr_decode.c. */
#include <parvus/domain.h>
#include <parvus/machine_mm.h>
#include <parvus/page_types.h>
#include <parvus/layout.h>
#include <parvus/guest_access.h>
#include <parvus/xen.h>
#include <arch/cpu.h>
#include <arch/ptwr.h>
#include <arch/ptwr_decode.h>
#include <arch/pv.h>

#define PFEC_PRESENT	(1u << 0)
#define PFEC_WRITE	(1u << 1)
#define PFEC_RSVD	(1u << 3)
#define PFEC_INSN	(1u << 4)

/* The frame the write went to, if it is one of the guest's live L1s mapped
 * read-only at va. */
static bool find_target_l1(struct vcpu *v, uint64_t va, uint64_t *target)
{
	struct page_info *p;
	uint64_t l1, e;

	if (!guest_range_ok(va, 1) ||
	    pt_find_l1(&machine_mm, v->cr3 >> PAGE_SHIFT, va, &l1))
		return false;
	e = ((uint64_t *)mfn_to_virt(l1))[(va >> PAGE_SHIFT) & 511];
	if (!(e & PTE_P) || (e & PTE_RW) || pte_mfn(e) >= machine_mm.nr_frames)
		return false;
	*target = pte_mfn(e);
	p = &machine_mm.pages[*target];
	return p->owner == v->domain->domid &&
	       page_is_table(&machine_mm, *target, PGT_l1);
}

bool ptwr_emulate(struct vcpu *v, struct cpu_regs *r, uint64_t cr2,
		  uint64_t error_code)
{
	uint8_t insn[MAX_INSN_LEN];
	struct ptwr_store s;
	uint64_t target, *entry, old, val, flags;
	unsigned int shift = 8 * (cr2 & 7);
	bool wrote;

	if ((error_code & (PFEC_PRESENT | PFEC_WRITE | PFEC_RSVD | PFEC_INSN)) !=
	    (PFEC_PRESENT | PFEC_WRITE) || !v->in_kernel ||
	    !(v->domain->vm_assist & (1UL << VMASST_TYPE_writable_pagetables)) ||
	    !find_target_l1(v, cr2, &target) ||
	    !ptwr_decode(insn, pv_fetch_insn(r->rip, insn), &s) ||
	    (cr2 & 7) + s.size > 8)
		return false;
	entry = &((uint64_t *)mfn_to_virt(target))[(cr2 & ~PAGE_MASK) >> 3];
	old = (*entry >> shift) & ptwr_size_mask(s.size);
	val = ptwr_apply(r, &s, old, &flags, &wrote) & ptwr_size_mask(s.size);
	if (wrote) {
		uint64_t pte = (*entry & ~(ptwr_size_mask(s.size) << shift)) | (val << shift);

		if (pt_update_entry(&machine_mm, target, (cr2 & ~PAGE_MASK) >> 3,
				    pte, v->domain->domid, false))
			return false;
		machine_mm_flush_if_needed();
	}
	ptwr_write_back(r, &s, old, flags, wrote);
	return true;
}
