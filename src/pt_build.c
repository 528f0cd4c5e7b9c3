// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Table memory and the mapping engine.
 *
 * The engine walks each planned run and decides, entry by entry, what to
 * do. It runs twice per build: first counting (nothing written, new tables
 * only counted, every conflict with existing mappings found), then
 * writing. Both passes take the same decisions from the same runs, so the
 * count is exact and a failed build changes nothing.
 */
#include "pt_internal.h"

enum action {
	ACT_DESCEND,      /* follow an existing table descriptor */
	ACT_NEW_TABLE,    /* entry empty above the target level: add a table */
	ACT_WRITE_LEAF,   /* entry empty at the target level */
	ACT_FINER,        /* a table where a block would go: map finer */
	ACT_SKIP_SAME,    /* existing leaf maps it identically */
	ACT_CONFLICT,     /* existing leaf maps it differently */
};

struct engine {
	struct efivmap_pt *pt;      /* NULL: sizing from nothing */
	const struct efivmap_pt_config *cfg;
	struct efivmap_diag *diag;
	unsigned s, start, min_block;
	unsigned sh[4];             /* log2 of an entry's span per level */
	uint64_t mask[4];           /* entries - 1 per level */
	bool write, contig;
	size_t count;               /* tables a write pass would add */
	uint64_t vt[4];             /* last counted new table per level, +1 */
	/* The tables the last descent went through (NULL: not yet built),
	 * keyed by the VA they cover, +1; consecutive runs reuse them. */
	uint64_t ckey[4];
	uint64_t *ctbl[4];
};

uint64_t *efivmap__pt_table_ptr(const struct efivmap_pt *pt, uint64_t pa)
{
	uint64_t off;

	if (pt->ops)
		return pt->ops->to_ptr(pt->ops->ctx, pa);
	off = pa - pt->pool_pa;
	if (pa < pt->pool_pa || off >= (uint64_t)pt->pool_tables << pt->shift)
		return NULL;
	return (uint64_t *)(void *)(pt->pool + off);
}

static int take_table(struct efivmap_pt *pt, uint64_t **tbl, uint64_t *pa,
		      struct efivmap_diag *diag)
{
	void *t = NULL;
	uint64_t a = 0;
	int err;

	if (pt->ops) {
		err = pt->ops->alloc(pt->ops->ctx, &t, &a);
		if (err)
			return efivmap__fail(diag,
					     err < 0 ? -err : EFIVMAP_ERR_POOL,
					     "table allocation failed",
					     EFIVMAP_DIAG_NONE,
					     EFIVMAP_DIAG_NONE, pt->used);
		if (!t || !efivmap__is_aligned(a, pt->cfg.granule) ||
		    (a >> pt->cfg.pa_bits))
			return efivmap__fail(diag, EFIVMAP_ERR_ALIGN,
					     "allocated table misaligned",
					     EFIVMAP_DIAG_NONE,
					     EFIVMAP_DIAG_NONE, a);
	} else {
		if (pt->used >= pt->pool_tables)
			return efivmap__fail(diag, EFIVMAP_ERR_POOL,
					     "table pool exhausted",
					     EFIVMAP_DIAG_NONE,
					     EFIVMAP_DIAG_NONE, pt->used + 1);
		t = pt->pool + ((size_t)pt->used << pt->shift);
		a = pt->pool_pa + ((uint64_t)pt->used << pt->shift);
	}
	efivmap__pt_zero_table(t, (size_t)1 << (pt->shift - 3));
	pt->used++;
	*tbl = t;
	*pa = a;
	return 0;
}

static void init_common(struct efivmap_pt *pt,
			const struct efivmap_pt_config *cfg)
{
	efivmap__zero(pt, sizeof(*pt));
	efivmap__copy(&pt->cfg, cfg, sizeof(*cfg));
	pt->shift = (uint8_t)efivmap__pt_shift(cfg->granule);
	pt->start_level = (uint8_t)efivmap__pt_start(pt->shift, cfg->va_bits);
}

int efivmap_pt_init_pool(struct efivmap_pt *pt,
			 const struct efivmap_pt_config *cfg, void *pool,
			 size_t size, uint64_t pool_pa,
			 struct efivmap_diag *diag)
{
	struct efivmap_pt tmp;
	uint64_t adj;
	int err;

	if (!pt || !pool || !efivmap__pt_cfg_valid(cfg))
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "NULL argument or invalid configuration",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	if (!efivmap__is_aligned(pool_pa, EFIVMAP_SZ_4K) ||
	    ((uintptr_t)pool & 7u))
		return efivmap__fail(diag, EFIVMAP_ERR_ALIGN,
				     "pool not 4 KiB aligned",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     pool_pa);
	adj = efivmap__align_up(pool_pa, cfg->granule) - pool_pa;
	if (size < adj || (size - adj) < cfg->granule)
		return efivmap__fail(diag, EFIVMAP_ERR_POOL,
				     "pool smaller than one table",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 1);
	init_common(&tmp, cfg);
	tmp.pool = (uint8_t *)pool + adj;
	tmp.pool_pa = pool_pa + adj;
	tmp.pool_tables = (size - (size_t)adj) >> tmp.shift;
	err = take_table(&tmp, &tmp.root, &tmp.root_pa, diag);
	EFIVMAP_ASSERT(!err);
	if (err)
		return err;
	efivmap__copy(pt, &tmp, sizeof(tmp));
	return 0;
}

int efivmap_pt_init_ops(struct efivmap_pt *pt,
			const struct efivmap_pt_config *cfg,
			const struct efivmap_pt_mem_ops *ops,
			struct efivmap_diag *diag)
{
	struct efivmap_pt tmp;
	int err;

	if (!pt || !ops || !ops->alloc || !ops->to_ptr ||
	    !efivmap__pt_cfg_valid(cfg))
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "NULL argument or invalid configuration",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	init_common(&tmp, cfg);
	tmp.ops = ops;
	err = take_table(&tmp, &tmp.root, &tmp.root_pa, diag);
	if (err)
		return err;
	efivmap__copy(pt, &tmp, sizeof(tmp));
	return 0;
}

/* ---- the engine ---- */

static uint64_t lsize(const struct engine *e, unsigned level)
{
	return UINT64_C(1) << e->sh[level];
}

/* Deepest-first is wrong: the largest block that fits at @va wins. */
static unsigned target_level(const struct engine *e,
			     const struct efivmap__pt_run *r, uint64_t va)
{
	uint64_t pa = r->pa + (va - r->va), sz;
	unsigned l;

	if (r->attrs & EFIVMAP__PT_PAGE_ONLY)
		return 3;
	l = e->start > e->min_block ? e->start : e->min_block;
	for (; l < 3; l++) {
		sz = lsize(e, l);
		if (efivmap__is_aligned(va | pa, sz) && r->end - va >= sz)
			return l;
	}
	return 3;
}

static bool is_table(uint64_t d, unsigned level)
{
	return level < 3 && (d & 3u) == 3u;
}

static bool is_leaf(uint64_t d, unsigned level)
{
	return level == 3 ? (d & 3u) == 3u : (d & 3u) == 1u;
}

static enum action decide(const struct engine *e, uint64_t d,
			  unsigned level, unsigned target, uint64_t va,
			  const struct efivmap__pt_run *r)
{
	uint64_t sz, want;

	if (!(d & EFIVMAP__PT_VALID))
		return level == target ? ACT_WRITE_LEAF : ACT_NEW_TABLE;
	if (is_table(d, level))
		return level == target ? ACT_FINER : ACT_DESCEND;
	if (!is_leaf(d, level))
		return ACT_CONFLICT;
	sz = lsize(e, level);
	want = r->pa + (va - r->va);
	if ((d & EFIVMAP__PT_OA_MASK & ~(sz - 1)) + (va & (sz - 1)) == want &&
	    efivmap__pt_decode(e->cfg, d) ==
	    (r->attrs & EFIVMAP_PT_ATTR_MASK))
		return ACT_SKIP_SAME;
	return ACT_CONFLICT;
}

/* Are the @n entries from @t all empty? */
static bool all_free(const uint64_t *t, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (t[i] & EFIVMAP__PT_VALID)
			return false;
	return true;
}

/* Count a new table for the entry covering @va at @level (sizing). */
static void count_table(struct engine *e, unsigned level, uint64_t va)
{
	uint64_t key = (va >> e->sh[level]) + 1;

	if (e->vt[level + 1] != key) {
		e->vt[level + 1] = key;
		e->count++;
	}
}

/*
 * Where the entries of the table reached at @level stop sharing the
 * target level: the table's end, the run's end, or (for blocks) the last
 * whole block. Larger blocks need alignment only the next table has.
 */
static uint64_t stretch_end(const struct engine *e,
			    const struct efivmap__pt_run *r, uint64_t va,
			    unsigned level)
{
	unsigned sh = e->sh[level];
	uint64_t span = (e->mask[level] + 1) << sh;
	uint64_t tend = efivmap__align_down(va, span) + span;
	uint64_t stop = r->end < tend ? r->end : tend;

	return va + (((stop - va) >> sh) << sh);
}

/*
 * Map from @va: one descent, then every entry of the reached table that
 * keeps the same target level. Returns the next VA, or 0 with *err set.
 */
static uint64_t map_step(struct engine *e, const struct efivmap__pt_run *r,
			 uint64_t va, int *err)
{
	struct efivmap_pt *pt = e->pt;
	unsigned level = e->start, target = target_level(e, r, va), n, i, cn;
	uint64_t *tbl = pt ? pt->root : NULL, *nt, idx, d, sz, stop, ntpa;
	uint64_t bits, off, cspan;
	enum action act;

	while (level < target &&
	       e->ckey[level + 1] == (va >> e->sh[level]) + 1) {
		level++;
		tbl = e->ctbl[level];
	}
	for (;;) {
		idx = (va >> e->sh[level]) & e->mask[level];
		d = tbl ? tbl[idx] : 0;
		act = decide(e, d, level, target, va, r);
		if (act == ACT_DESCEND) {
			tbl = efivmap__pt_table_ptr(pt,
						    d & EFIVMAP__PT_OA_MASK);
			if (!tbl) {
				*err = efivmap__fail(e->diag,
					EFIVMAP_ERR_VERIFY,
					"table outside table memory",
					r->index, EFIVMAP_DIAG_NONE, va);
				return 0;
			}
			level++;
			e->ckey[level] = (va >> e->sh[level - 1]) + 1;
			e->ctbl[level] = tbl;
			continue;
		}
		if (act == ACT_FINER) {
			target++;
			continue;
		}
		if (act == ACT_NEW_TABLE) {
			if (e->write) {
				*err = take_table(pt, &nt, &ntpa, e->diag);
				if (*err)
					return 0;
				tbl[idx] = ntpa | EFIVMAP__PT_VALID |
					   EFIVMAP__PT_TABLE;
				tbl = nt;
			} else {
				count_table(e, level, va);
				tbl = NULL;
			}
			level++;
			e->ckey[level] = (va >> e->sh[level - 1]) + 1;
			e->ctbl[level] = tbl;
			continue;
		}
		break;
	}
	sz = lsize(e, level);
	if (act == ACT_CONFLICT) {
		EFIVMAP_ASSERT(!e->write);
		*err = efivmap__fail(e->diag, EFIVMAP_ERR_CONFLICT,
				     "VA already mapped differently", r->index,
				     EFIVMAP_DIAG_NONE, va);
		return 0;
	}
	if (act == ACT_SKIP_SAME && level != target)
		return efivmap__align_down(va, sz) + sz;  /* existing block */
	stop = stretch_end(e, r, va, level);
	if (!tbl)
		return stop;    /* sizing: a table that does not exist yet */
	bits = efivmap__pt_encode(e->cfg, r->attrs) | EFIVMAP__PT_VALID |
	       (level == 3 ? EFIVMAP__PT_TABLE : 0);
	off = r->pa - r->va;
	cn = efivmap__pt_contig(e->s, level);
	cspan = (e->contig && !(r->attrs & EFIVMAP__PT_PAGE_ONLY)) ?
		sz * cn : 0;
	for (;;) {
		if (act == ACT_WRITE_LEAF) {
			n = 1;
			if (cspan && !((va | (va + off)) & (cspan - 1)) &&
			    stop - va >= cspan && all_free(tbl + idx, cn))
				n = cn;
			if (e->write) {
				d = (va + off) | bits |
				    (n > 1 ? EFIVMAP__PT_CONT : 0);
				for (i = 0; i < n; i++, d += sz)
					tbl[idx + i] = d;
			}
		} else if (act == ACT_SKIP_SAME) {
			n = 1;
		} else if (act == ACT_CONFLICT) {
			EFIVMAP_ASSERT(!e->write);
			*err = efivmap__fail(e->diag, EFIVMAP_ERR_CONFLICT,
					     "VA already mapped differently",
					     r->index, EFIVMAP_DIAG_NONE, va);
			return 0;
		} else {
			return va;   /* a table below: map finer from here */
		}
		va += sz * n;
		idx += n;
		if (va >= stop)
			return va;
		d = tbl[idx];
		act = (d & EFIVMAP__PT_VALID) ?
		      decide(e, d, level, level, va, r) : ACT_WRITE_LEAF;
	}
}

static int engine_run(void *ctx, const struct efivmap__pt_run *r)
{
	struct engine *e = ctx;
	uint64_t va = r->va;
	int err = 0;

	while (va < r->end) {
		va = map_step(e, r, va, &err);
		if (err)
			return err;
	}
	return 0;
}

static void engine_init(struct engine *e, struct efivmap_pt *pt,
			const struct efivmap_pt_config *cfg,
			struct efivmap_diag *diag)
{
	unsigned l;

	efivmap__zero(e, sizeof(*e));
	e->pt = pt;
	e->cfg = cfg;
	e->diag = diag;
	e->s = efivmap__pt_shift(cfg->granule);
	e->start = efivmap__pt_start(e->s, cfg->va_bits);
	e->min_block = efivmap__pt_min_block(e->s);
	for (l = e->start; l < 4; l++) {
		e->sh[l] = efivmap__pt_lshift(e->s, l);
		e->mask[l] = efivmap__pt_entries(e->s, e->start, cfg->va_bits,
						 l) - 1;
	}
	e->contig = !(cfg->flags & (EFIVMAP_PT_CFG_NO_CONTIG |
				    EFIVMAP_PT_CFG_LINUX));
}

int efivmap_pt_tables_needed(const struct efivmap_pt_config *cfg,
			     const struct efivmap_pt_input *in, size_t *count,
			     struct efivmap_diag *diag)
{
	struct engine e;
	int err;

	if (!in || !count || !efivmap__pt_cfg_valid(cfg))
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "NULL argument or invalid configuration",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	engine_init(&e, NULL, cfg, diag);
	err = efivmap__pt_plan(cfg, in, engine_run, &e, diag);
	if (err)
		return err;
	*count = e.count + 1;
	return 0;
}

/* Nothing mapped yet: only the root exists, and it is empty. */
static bool is_fresh(const struct efivmap_pt *pt)
{
	uint64_t i, n = efivmap__pt_entries(pt->shift, pt->start_level,
					    pt->cfg.va_bits, pt->start_level);

	if (pt->used != 1)
		return false;
	for (i = 0; i < n; i++)
		if (pt->root[i])
			return false;
	return true;
}

static int pool_too_small(struct efivmap_pt *pt, size_t more,
			  struct efivmap_diag *diag)
{
	pt->needed = pt->used + more;
	return efivmap__fail(diag, EFIVMAP_ERR_POOL,
			     "table pool too small (addr: tables needed)",
			     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, pt->needed);
}

/*
 * Fresh tables in a pool are built in one pass: on any failure the root
 * is emptied again and the tables taken are given back, which restores
 * the state exactly (only the pool's unused part was written). Otherwise
 * a counting pass first finds every conflict and the exact table count.
 */
int efivmap_pt_build(struct efivmap_pt *pt, const struct efivmap_pt_input *in,
		     struct efivmap_diag *diag)
{
	struct engine e;
	int err;

	if (!pt || !in)
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL, "NULL argument",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	if (!pt->ops && is_fresh(pt)) {
		engine_init(&e, pt, &pt->cfg, diag);
		e.write = true;
		err = efivmap__pt_plan(&pt->cfg, in, engine_run, &e, diag);
		if (!err)
			return 0;
		efivmap__pt_zero_table(pt->root, (size_t)1 << (pt->shift - 3));
		pt->used = 1;
		if (err != -EFIVMAP_ERR_POOL)
			return err;
		engine_init(&e, NULL, &pt->cfg, diag);
		err = efivmap__pt_plan(&pt->cfg, in, engine_run, &e, diag);
		EFIVMAP_ASSERT(!err);
		return err ? err : pool_too_small(pt, e.count, diag);
	}
	engine_init(&e, pt, &pt->cfg, diag);
	err = efivmap__pt_plan(&pt->cfg, in, engine_run, &e, diag);
	if (err)
		return err;
	if (!pt->ops && e.count > pt->pool_tables - pt->used)
		return pool_too_small(pt, e.count, diag);
	engine_init(&e, pt, &pt->cfg, diag);   /* drop the sizing pass's path */
	e.write = true;
	err = efivmap__pt_plan(&pt->cfg, in, engine_run, &e, diag);
	EFIVMAP_ASSERT(err == 0 || pt->ops);
	return err;
}

int efivmap_pt_map_range(struct efivmap_pt *pt, uint64_t va, uint64_t pa,
			 uint64_t size, uint32_t attrs,
			 struct efivmap_diag *diag)
{
	struct efivmap_pt_range r;
	struct efivmap_pt_input in;

	r.va = va;
	r.pa = pa;
	r.size = size;
	r.attrs = attrs;
	efivmap__zero(&in, sizeof(in));
	in.ranges = &r;
	in.nranges = 1;
	return efivmap_pt_build(pt, &in, diag);
}
