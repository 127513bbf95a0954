/* SPDX-License-Identifier: GPL-2.0-only */
/* The memory invariant audit (see mm_audit.h): expected counts are summed
 * per frame from every holder, then compared with page_info. It reads
 * frames only through mm->map and changes nothing, so it may run after
 * any hypercall. The rules it checks are the ones page_types.c and
 * grant_table.c keep (Xen keeps the same ones in mm.c, where a debug
 * build asserts some of them, but does not sum them up). */
#include <parvus/mm_audit.h>
#include <parvus/string.h>

#define MAX_REPORTS 16
#define L1_NEVER (PTE_PWT | PTE_PCD | PTE_PSE)
#define LN_NEVER (PTE_PWT | PTE_PCD | PTE_PSE | PTE_G)	/* bit 62 is free there */

static const char *const type_name[] = {
	"none", "l1", "l2", "l3", "l4", "writable", "seg_desc",
};

static const char *name_of(unsigned int type)
{
	return type < ARRAY_SIZE(type_name) ? type_name[type] : "?";
}

static void violation(struct mm_audit *a, const char *fmt, ...) __printf(2, 3);

static void violation(struct mm_audit *a, const char *fmt, ...)
{
	char line[200];
	va_list ap;

	if (a->violations++ >= MAX_REPORTS || !a->report)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	a->report(a->ctx, line);
}

/* The per-frame sums start at zero: the scratch is zeroed once by its
 * owner, and every finish leaves it zeroed again (no clearing of several
 * hundred KiB per audit). */
uint64_t mm_audit_scratch_bytes(uint64_t nr_frames, unsigned int max_refs)
{
	return nr_frames * (2 * sizeof(uint32_t) + 1) + 2 * max_refs * sizeof(uint16_t) + 64;
}

void mm_audit_begin(struct mm_audit *a, struct mm *mm, void *scratch,
		    struct mm_audit_grant *grants, unsigned int max_grants,
		    unsigned int max_refs, mm_audit_report_fn report, void *ctx)
{
	uint8_t *p = scratch;
	uint64_t n = mm->nr_frames;

	*a = (struct mm_audit){ .mm = mm, .grants = grants, .max_grants = max_grants,
				.max_refs = max_refs, .report = report, .ctx = ctx };
	a->refs = (uint32_t *)p;
	p += n * sizeof(uint32_t);
	a->types = (uint32_t *)p;
	p += n * sizeof(uint32_t);
	a->pins = (uint16_t *)p;
	p += 2 * max_refs * sizeof(uint16_t);
	a->want = p;
}

/* One reference on mfn, held for domain d, typed if type != PGT_none. */
static void expect(struct mm_audit *a, unsigned int d, uint64_t mfn,
		   enum page_type type, const char *what, uint64_t where)
{
	if (mfn >= a->mm->nr_frames) {
		violation(a, "%s (0x%lx) of d%u names mfn 0x%lx past the end", what,
			  (unsigned long)where, d, (unsigned long)mfn);
		return;
	}
	if (a->mm->pages[mfn].owner != d)
		violation(a, "%s (0x%lx) of d%u names mfn 0x%lx, owned by d%u", what,
			  (unsigned long)where, d, (unsigned long)mfn,
			  a->mm->pages[mfn].owner);
	a->refs[mfn]++;
	if (type == PGT_none)
		return;
	a->types[mfn]++;
	if (a->want[mfn] && a->want[mfn] != type)
		violation(a, "mfn 0x%lx is held as %s and as %s (%s at 0x%lx)",
			  (unsigned long)mfn, name_of(a->want[mfn]), name_of(type), what,
			  (unsigned long)where);
	a->want[mfn] = type;
}

void mm_audit_holder(struct mm_audit *a, unsigned int d, uint64_t mfn,
		     enum page_type type, const char *what)
{
	expect(a, d, mfn, type, what, mfn);
}

static bool same_pte(uint64_t a, uint64_t b)
{
	return (a | PTE_A | PTE_D) == (b | PTE_A | PTE_D);
}

void mm_audit_grant(struct mm_audit *a, const struct mm_audit_grant *g)
{
	struct page_info *l1;
	uint64_t e;

	if (a->nr_grants == a->max_grants) {
		violation(a, "more than %u grant mappings to audit", a->max_grants);
		return;
	}
	a->grants[a->nr_grants++] = *g;
	expect(a, g->granter, g->mfn, g->writable ? PGT_writable : PGT_none,
	       "grant mapping", g->l1_mfn << 12 | g->l1_idx * 8);
	if (g->no_pte)
		return;
	a->nr_pte_grants++;
	if (g->l1_mfn >= a->mm->nr_frames || g->l1_idx >= 512) {
		violation(a, "d%u's grant mapping names L1 0x%lx[%u]", g->grantee,
			  (unsigned long)g->l1_mfn, g->l1_idx);
		return;
	}
	l1 = &a->mm->pages[g->l1_mfn];
	e = ((uint64_t *)a->mm->map(a->mm->map_ctx, g->l1_mfn))[g->l1_idx];
	if (l1->owner != g->grantee || l1->type != PGT_l1 || !l1->type_count)
		violation(a, "d%u's grant mapping of d%u ref %u is in mfn 0x%lx, not a live L1 "
			  "of its own (owner d%u, %s, count %u)", g->grantee, g->granter, g->ref,
			  (unsigned long)g->l1_mfn, l1->owner, name_of(l1->type),
			  l1->type_count);
	else if (!same_pte(e, g->pte) || !(e & PTE_GNTTAB) || !(e & PTE_P) ||
		 pte_mfn(e) != g->mfn || !(e & PTE_RW) != !g->writable)
		violation(a, "d%u's grant mapping of d%u ref %u: L1 0x%lx[%u] is 0x%lx, "
			  "mapped as 0x%lx", g->grantee, g->granter, g->ref,
			  (unsigned long)g->l1_mfn, g->l1_idx, (unsigned long)e,
			  (unsigned long)g->pte);
}

/* Where its PTE is; a device-only mapping sorts last and matches none. */
static uint64_t key_of(const struct mm_audit_grant *g)
{
	return g->no_pte ? UINT64_MAX : g->l1_mfn << 9 | g->l1_idx;
}

/* Shell sort by PTE location: a few hundred entries at most. */
static void sort_grants(struct mm_audit *a)
{
	for (unsigned int gap = a->nr_grants / 2; gap; gap /= 2)
		for (unsigned int i = gap; i < a->nr_grants; i++) {
			struct mm_audit_grant g = a->grants[i];
			unsigned int j = i;

			for (; j >= gap && key_of(&a->grants[j - gap]) > key_of(&g); j -= gap)
				a->grants[j] = a->grants[j - gap];
			a->grants[j] = g;
		}
}

static bool has_grant(const struct mm_audit *a, uint64_t key)
{
	unsigned int lo = 0, hi = a->nr_grants;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (key_of(&a->grants[mid]) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < a->nr_grants && key_of(&a->grants[lo]) == key;
}

void mm_audit_pins(struct mm_audit *a, unsigned int granter,
		   const uint16_t *pin_ro, const uint16_t *pin_rw,
		   unsigned int nr_refs)
{
	uint16_t *ro = a->pins, *rw = a->pins + a->max_refs;

	nr_refs = MIN(nr_refs, a->max_refs);
	memset(a->pins, 0, 2 * a->max_refs * sizeof(uint16_t));
	for (unsigned int i = 0; i < a->nr_grants; i++) {
		const struct mm_audit_grant *g = &a->grants[i];

		if (g->granter != granter)
			continue;
		if (g->ref >= nr_refs)
			violation(a, "d%u maps d%u ref %u, past its table", g->grantee,
				  granter, g->ref);
		else if (g->writable)
			rw[g->ref]++;
		else
			ro[g->ref]++;
	}
	for (unsigned int r = 0; r < nr_refs; r++)
		if (pin_ro[r] != ro[r] || pin_rw[r] != rw[r])
			violation(a, "d%u ref %u: pins ro %u rw %u, mappings ro %u rw %u",
				  granter, r, pin_ro[r], pin_rw[r], ro[r], rw[r]);
}

/* An L1 entry for device memory holds nothing; it must be the domain's,
 * uncached, and read-only where the device's MSI-X structures are. */
static void check_mmio_entry(struct mm_audit *a, unsigned int d, uint64_t mfn,
			     unsigned int i, uint64_t e)
{
	int access = a->mm->mmio_access ? a->mm->mmio_access(d, pte_mfn(e)) : MMIO_NONE;

	if (access == MMIO_NONE || ((e & PTE_RW) && access != MMIO_WRITE) ||
	    (e & PTE_MMIO_FORCED) != PTE_MMIO_FORCED)
		violation(a, "L1 0x%lx[%u] = 0x%lx maps device memory d%u may not map so",
			  (unsigned long)mfn, i, (unsigned long)e, d);
}

/* The entries of one validated table: what each holds. A partial or
 * dying frame (page_types.h) holds only entries [0, validated). */
static void walk_table(struct mm_audit *a, uint64_t mfn, unsigned int level)
{
	const uint64_t *t = a->mm->map(a->mm->map_ctx, mfn);
	const struct page_info *p = &a->mm->pages[mfn];
	unsigned int d = p->owner, end = p->flags & PGF_partial ? p->validated : 512;

	for (unsigned int i = 0; i < end; i++) {
		uint64_t e = t[i], where = mfn << 12 | i * 8;

		if (!(e & PTE_P) || (level == 4 && i >= HV_L4_FIRST && i <= HV_L4_LAST))
			continue;
		if (level == 1 && !(e & PTE_GNTTAB) && !mm_frame_is_ram(a->mm, pte_mfn(e))) {
			check_mmio_entry(a, d, mfn, i, e);
			continue;
		}
		if (e & (level == 1 ? L1_NEVER : LN_NEVER))
			violation(a, "L%u 0x%lx[%u] = 0x%lx has bits no guest entry may have",
				  level, (unsigned long)mfn, i, (unsigned long)e);
		if (level > 1) {
			expect(a, d, pte_mfn(e), level - 1, "table entry", where);
		} else if (e & PTE_GNTTAB) {
			a->marked++;
			if (!has_grant(a, mfn << 9 | i))
				violation(a, "L1 0x%lx[%u] = 0x%lx carries the grant mark, but no "
					  "maptrack entry names it", (unsigned long)mfn, i,
					  (unsigned long)e);
		} else {
			expect(a, d, pte_mfn(e), e & PTE_RW ? PGT_writable : PGT_none,
			       "L1 entry", where);
		}
	}
}

static bool is_table(unsigned int type)
{
	return type >= PGT_l1 && type <= PGT_l4;
}

/* What page_info says against what the holders add up to. */
static void compare(struct mm_audit *a, uint64_t mfn)
{
	const struct page_info *p = &a->mm->pages[mfn];

	if (p->ref_count != a->refs[mfn] || p->type_count != a->types[mfn])
		violation(a, "mfn 0x%lx (d%u, %s): ref_count %u type_count %u, holders %u "
			  "and %u", (unsigned long)mfn, p->owner, name_of(p->type),
			  p->ref_count, p->type_count, a->refs[mfn], a->types[mfn]);
	else if (p->type_count && p->type != a->want[mfn])
		violation(a, "mfn 0x%lx (d%u) is %s, held as %s", (unsigned long)mfn, p->owner,
			  name_of(p->type), name_of(a->want[mfn]));
	else if (!p->type_count && p->type != PGT_none)
		violation(a, "mfn 0x%lx (d%u) is %s with no type reference",
			  (unsigned long)mfn, p->owner, name_of(p->type));
	if (p->owner == MM_ORPHAN && (!p->ref_count || p->flags || is_table(p->type)))
		violation(a, "orphaned mfn 0x%lx: ref_count %u, %s, flags 0x%x (only grant "
			  "mappings may hold one, at least one)", (unsigned long)mfn,
			  p->ref_count, name_of(p->type), p->flags);
	if ((p->flags & PGF_pinned) && !is_table(p->type))
		violation(a, "mfn 0x%lx (d%u) is pinned as %s", (unsigned long)mfn, p->owner,
			  name_of(p->type));
	a->refs[mfn] = a->types[mfn] = 0;	/* zero again for the next audit */
	a->want[mfn] = PGT_none;
}

unsigned int mm_audit_finish(struct mm_audit *a)
{
	struct mm *mm = a->mm;

	sort_grants(a);
	for (unsigned int i = 1; i < a->nr_grants; i++)
		if (!a->grants[i].no_pte && key_of(&a->grants[i]) == key_of(&a->grants[i - 1]))
			violation(a, "two grant mappings (d%u ref %u, d%u ref %u) own L1 "
				  "0x%lx[%u]", a->grants[i - 1].granter, a->grants[i - 1].ref,
				  a->grants[i].granter, a->grants[i].ref,
				  (unsigned long)a->grants[i].l1_mfn, a->grants[i].l1_idx);
	for (uint64_t mfn = 0; mfn < mm->nr_frames; mfn++) {
		const struct page_info *p = &mm->pages[mfn];

		if (p->owner && p->type_count && is_table(p->type))
			walk_table(a, mfn, p->type);
		if (p->owner && (p->flags & PGF_pinned))
			expect(a, p->owner, mfn, p->type, "pin", mfn);
		/* A partial or dying frame parks one reference pair on itself. */
		if (p->owner && (p->flags & PGF_partial))
			expect(a, p->owner, mfn, p->type, "parked on a partial frame", mfn);
	}
	for (uint64_t mfn = 0; mfn < mm->nr_frames; mfn++)
		compare(a, mfn);
	if (a->marked != a->nr_pte_grants)
		violation(a, "%u grant-marked L1 entries, %u grant mappings", a->marked,
			  a->nr_pte_grants);
	return a->violations;
}
