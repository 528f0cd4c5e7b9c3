// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* Reading tables back: translate one VA, or visit every entry in order. */
#include "pt_internal.h"

/* A leaf the architecture accepts at @level (no L0 blocks, no 0b01 at L3,
 * blocks only where the granule has them). */
static bool leaf_ok(const struct efivmap_pt *pt, uint64_t d, unsigned level)
{
	if (level == 3)
		return (d & 3u) == 3u;
	return (d & 3u) == 1u && level >= efivmap__pt_min_block(pt->shift);
}

static void fill_leaf(const struct efivmap_pt *pt, struct efivmap_pt_leaf *l,
		      uint64_t va, uint64_t d, unsigned level)
{
	uint64_t sz = UINT64_C(1) << efivmap__pt_lshift(pt->shift, level);

	l->va = efivmap__align_down(va, sz);
	l->pa = d & EFIVMAP__PT_OA_MASK & ~(sz - 1);
	l->size = sz;
	l->desc = d;
	l->attrs = efivmap__pt_decode(&pt->cfg, d);
	l->level = (uint8_t)level;
	l->contig = (d & EFIVMAP__PT_CONT) != 0;
}

int efivmap_pt_walk(const struct efivmap_pt *pt, uint64_t va,
		    struct efivmap_pt_leaf *leaf, uint64_t *pa)
{
	struct efivmap_pt_leaf l;
	const uint64_t *tbl;
	unsigned level;
	uint64_t d, idx;

	if (!pt)
		return -EFIVMAP_ERR_INVAL;
	if (va >> pt->cfg.va_bits)
		return -EFIVMAP_ERR_VA_BITS;
	tbl = pt->root;
	for (level = pt->start_level; ; level++) {
		idx = (va >> efivmap__pt_lshift(pt->shift, level)) &
		      (efivmap__pt_entries(pt->shift, pt->start_level,
					   pt->cfg.va_bits, level) - 1);
		d = tbl[idx];
		if (!(d & EFIVMAP__PT_VALID))
			return -EFIVMAP_ERR_NOTFOUND;
		if (level < 3 && (d & 3u) == 3u) {
			tbl = efivmap__pt_table_ptr(pt,
						    d & EFIVMAP__PT_OA_MASK);
			if (!tbl)
				return -EFIVMAP_ERR_VERIFY;
			continue;
		}
		if (!leaf_ok(pt, d, level))
			return -EFIVMAP_ERR_NOTFOUND;
		fill_leaf(pt, &l, va, d, level);
		if (pa)
			*pa = l.pa + (va - l.va);
		if (leaf)
			efivmap__copy(leaf, &l, sizeof(l));
		return 0;
	}
}

void efivmap__pt_cursor_init(struct efivmap__pt_cursor *c,
			     const struct efivmap_pt *pt)
{
	unsigned s = pt->start_level;

	efivmap__zero(c, sizeof(*c));
	c->pt = pt;
	c->level = s;
	c->tbl[s] = pt->root;
	c->n[s] = efivmap__pt_entries(pt->shift, s, pt->cfg.va_bits, s);
}

int efivmap__pt_cursor_next(struct efivmap__pt_cursor *c,
			    struct efivmap_pt_leaf *l)
{
	const struct efivmap_pt *pt = c->pt;
	unsigned lv, sh;
	const uint64_t *t;
	uint64_t d, va, i;

	for (;;) {
		lv = c->level;
		if (c->idx[lv] == c->n[lv]) {
			if (lv == pt->start_level)
				return 0;
			c->level--;
			continue;
		}
		i = c->idx[lv]++;
		d = c->tbl[lv][i];
		if (!(d & EFIVMAP__PT_VALID))
			continue;
		sh = efivmap__pt_lshift(pt->shift, lv);
		va = c->base[lv] + (i << sh);
		if (lv < 3 && (d & 3u) == 3u) {
			t = efivmap__pt_table_ptr(pt, d & EFIVMAP__PT_OA_MASK);
			if (!t)
				return -EFIVMAP_ERR_VERIFY;
			efivmap__zero(l, sizeof(*l));
			l->va = va;
			l->size = UINT64_C(1) << sh;
			l->pa = d & EFIVMAP__PT_OA_MASK;
			l->desc = d;
			l->level = (uint8_t)lv;
			c->level = lv + 1;
			c->tbl[lv + 1] = t;
			c->base[lv + 1] = va;
			c->n[lv + 1] = UINT64_C(1) << (pt->shift - 3);
			c->idx[lv + 1] = 0;
			return EFIVMAP__PT_ITEM_TABLE;
		}
		if (!leaf_ok(pt, d, lv))
			continue;
		fill_leaf(pt, l, va, d, lv);
		return EFIVMAP__PT_ITEM_LEAF;
	}
}

int efivmap_pt_for_each_leaf(const struct efivmap_pt *pt,
			     efivmap_pt_leaf_fn fn, void *ctx)
{
	struct efivmap__pt_cursor c;
	struct efivmap_pt_leaf l;
	int r;

	if (!pt || !fn)
		return -EFIVMAP_ERR_INVAL;
	efivmap__pt_cursor_init(&c, pt);
	while ((r = efivmap__pt_cursor_next(&c, &l)) > 0) {
		if (r != EFIVMAP__PT_ITEM_LEAF)
			continue;
		r = fn(ctx, &l);
		if (r)
			return r;
	}
	return r;
}
