// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Proof that tables map exactly their input, and the counts the
 * benchmark reports. Both read the tables back with the cursor.
 */
#include "pt_internal.h"

struct verifier {
	const struct efivmap_pt *pt;
	struct efivmap_diag *diag;
	struct efivmap__pt_cursor c;
	struct efivmap_pt_leaf leaf;
	bool have;
	/* an open contiguous run: next_va != run_end */
	uint8_t run_level;
	uint32_t run_attrs;
	uint64_t run_end, next_va, next_pa;
};

static int bad(struct verifier *v, const char *what, uint64_t va)
{
	return efivmap__pt_fail(v->diag, EFIVMAP_ERR_VERIFY, what,
				EFIVMAP_DIAG_NONE, va);
}

/*
 * Step to the next leaf. The architecture requires a contiguous run to
 * be aligned, complete, physically contiguous and uniform.
 */
static int next_leaf(struct verifier *v)
{
	struct efivmap_pt_leaf *l = &v->leaf;
	uint64_t span;
	int r;

	do {
		r = efivmap__pt_cursor_next(&v->c, l);
	} while (r == EFIVMAP__PT_ITEM_TABLE);
	if (r < 0)
		return bad(v, "table descriptor outside table memory", 0);
	v->have = r == EFIVMAP__PT_ITEM_LEAF;
	if (v->next_va != v->run_end) {
		if (!v->have)
			return bad(v, "incomplete contiguous run", v->next_va);
		if (!l->contig || l->level != v->run_level ||
		    l->va != v->next_va || l->pa != v->next_pa ||
		    l->attrs != v->run_attrs)
			return bad(v, "broken contiguous run", l->va);
		v->next_va += l->size;
		v->next_pa += l->size;
		return 0;
	}
	if (!v->have || !l->contig)
		return 0;
	span = l->size * efivmap__pt_contig(v->pt->shift, l->level);
	if (!efivmap__is_aligned(l->va | l->pa, span))
		return bad(v, "misaligned contiguous run", l->va);
	v->run_level = l->level;
	v->run_attrs = l->attrs;
	v->run_end = l->va + span;
	v->next_va = l->va + l->size;
	v->next_pa = l->pa + l->size;
	return 0;
}

static int verify_run(void *ctx, const struct efivmap__pt_run *r)
{
	struct verifier *v = ctx;
	uint64_t va = r->va;
	int err;

	if (v->have && v->leaf.va < r->va)
		return bad(v, "VA mapped but not asked for", v->leaf.va);
	while (va < r->end) {
		if (!v->have || v->leaf.va != va)
			return bad(v, "page not mapped", va);
		if (v->leaf.size > r->end - va)
			return bad(v, "leaf maps beyond its region", r->end);
		if (v->leaf.pa != r->pa + (va - r->va))
			return bad(v, "page maps the wrong PA", va);
		if (v->leaf.attrs != (r->attrs & EFIVMAP_PT_ATTR_MASK))
			return bad(v, "page has the wrong attributes", va);
		va += v->leaf.size;
		err = next_leaf(v);
		if (err)
			return err;
	}
	return 0;
}

int efivmap_pt_verify(const struct efivmap_pt *pt,
		      const struct efivmap_pt_input *in,
		      struct efivmap_diag *diag)
{
	struct verifier v;
	int err;

	if (!pt || !in)
		return efivmap__pt_fail(diag, EFIVMAP_ERR_INVAL,
					"NULL argument", EFIVMAP_DIAG_NONE, 0);
	efivmap__zero(&v, sizeof(v));
	v.pt = pt;
	v.diag = diag;
	efivmap__pt_cursor_init(&v.c, pt);
	err = next_leaf(&v);
	if (!err)
		err = efivmap__pt_plan(&pt->cfg, in, verify_run, &v, diag);
	if (err)
		return err;
	if (v.have)
		return bad(&v, "VA mapped but not asked for", v.leaf.va);
	return 0;
}

int efivmap_pt_stats(const struct efivmap_pt *pt, struct efivmap_pt_stats *st)
{
	struct efivmap__pt_cursor c;
	struct efivmap_pt_stats s;
	struct efivmap_pt_leaf l;
	uint64_t span;
	int r;

	if (!pt || !st)
		return -EFIVMAP_ERR_INVAL;
	efivmap__zero(&s, sizeof(s));
	s.tables = 1;
	efivmap__pt_cursor_init(&c, pt);
	while ((r = efivmap__pt_cursor_next(&c, &l)) > 0) {
		if (r == EFIVMAP__PT_ITEM_TABLE) {
			s.tables++;
			continue;
		}
		s.leaves++;
		s.leaves_at[l.level]++;
		if (l.level < 3)
			s.blocks++;
		span = l.size * efivmap__pt_contig(pt->shift, l.level);
		if (!l.contig || efivmap__is_aligned(l.va, span))
			s.tlb_entries++;
		s.mapped_bytes += l.size;
		if ((l.attrs & EFIVMAP_PT_ATTR_W) &&
		    (l.attrs & EFIVMAP_PT_ATTR_X))
			s.wx_pages += l.size >> 12;
	}
	if (r < 0)
		return r;
	s.table_bytes = (uint64_t)s.tables << pt->shift;
	efivmap__copy(st, &s, sizeof(s));
	return 0;
}
