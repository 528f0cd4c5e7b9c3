// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Reading tables back: a cursor over every entry in VA order, or over
 * those on the way to one VA (a walk).
 */
#include "pt_internal.h"

/*
 * A leaf the architecture accepts at @level (no L0 blocks, no 0b01 at L3,
 * blocks only where the granule has them).
 */
static bool leaf_ok(const struct efivmap_pt *pt, uint64_t d, unsigned level)
{
	if (level == 3)
		return (d & 3u) == 3u;
	return (d & 3u) == 1u && level >= efivmap__pt_min_block(pt->shift);
}

/*
 * Make @t, with @n entries and mapping from @base, the table at @lv: only
 * its entries covering [lo, hi] are visited.
 */
static void enter(struct efivmap__pt_cursor *c, unsigned lv,
		  const uint64_t *t, uint64_t base, uint64_t n)
{
	unsigned sh = efivmap__pt_lshift(c->pt->shift, lv);
	uint64_t last = (c->hi - base) >> sh;

	c->level = lv;
	c->tbl[lv] = t;
	c->base[lv] = base;
	c->idx[lv] = c->lo > base ? (c->lo - base) >> sh : 0;
	c->n[lv] = last < n ? last + 1 : n;
}

static void start(struct efivmap__pt_cursor *c, const struct efivmap_pt *pt,
		  uint64_t lo, uint64_t hi)
{
	unsigned s = pt->start_level;

	c->pt = pt;
	c->lo = lo;
	c->hi = hi;
	enter(c, s, pt->root, 0,
	      efivmap__pt_entries(pt->shift, s, pt->cfg.va_bits, s));
}

void efivmap__pt_cursor_init(struct efivmap__pt_cursor *c,
			     const struct efivmap_pt *pt)
{
	start(c, pt, 0, UINT64_MAX);
}

int efivmap__pt_cursor_next(struct efivmap__pt_cursor *c,
			    struct efivmap_pt_leaf *l)
{
	const struct efivmap_pt *pt = c->pt;
	unsigned lv, sh;
	const uint64_t *t;
	uint64_t d, va, i;
	bool table;

	for (;;) {
		lv = c->level;
		/* Tables are mostly invalid entries: pass them in one loop. */
		t = c->tbl[lv];
		i = c->idx[lv];
		while (i < c->n[lv] && !(t[i] & EFIVMAP__PT_VALID))
			i++;
		if (i >= c->n[lv]) {
			c->idx[lv] = i;
			if (lv == pt->start_level)
				return 0;
			c->level--;
			continue;
		}
		c->idx[lv] = i + 1;
		d = t[i];
		sh = efivmap__pt_lshift(pt->shift, lv);
		va = c->base[lv] + (i << sh);
		table = lv < 3 && (d & 3u) == 3u;
		if (!table && !leaf_ok(pt, d, lv))
			continue;
		l->va = va;
		l->pa = d & EFIVMAP__PT_OA_MASK &
			(table ? UINT64_MAX : ~((UINT64_C(1) << sh) - 1));
		l->size = UINT64_C(1) << sh;
		l->desc = d;
		l->attrs = table ? 0 : efivmap__pt_decode(&pt->cfg, d);
		l->level = (uint8_t)lv;
		l->contig = !table && (d & EFIVMAP__PT_CONT);
		if (!table)
			return EFIVMAP__PT_ITEM_LEAF;
		t = efivmap__pt_table_ptr(pt, d & EFIVMAP__PT_OA_MASK);
		if (!t)
			return -EFIVMAP_ERR_VERIFY;
		enter(c, lv + 1, t, va, UINT64_C(1) << (pt->shift - 3));
		return EFIVMAP__PT_ITEM_TABLE;
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
	while ((r = efivmap__pt_cursor_next(&c, &l)) > 0)
		if (r == EFIVMAP__PT_ITEM_LEAF && (r = fn(ctx, &l)) != 0)
			return r;
	return r;
}

int efivmap_pt_walk(const struct efivmap_pt *pt, uint64_t va,
		    struct efivmap_pt_leaf *leaf, uint64_t *pa)
{
	struct efivmap__pt_cursor c;
	struct efivmap_pt_leaf l;
	int r;

	if (!pt)
		return -EFIVMAP_ERR_INVAL;
	if (va >> pt->cfg.va_bits)
		return -EFIVMAP_ERR_VA_BITS;
	start(&c, pt, va, va);
	while ((r = efivmap__pt_cursor_next(&c, &l)) ==
	       EFIVMAP__PT_ITEM_TABLE)
		;
	if (r <= 0)
		return r ? r : -EFIVMAP_ERR_NOTFOUND;
	if (pa)
		*pa = l.pa + (va - l.va);
	if (leaf)
		efivmap__copy(leaf, &l, sizeof(l));
	return 0;
}
