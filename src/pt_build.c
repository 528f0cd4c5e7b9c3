// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The mapping engine.
 *
 * One walker maps each planned run. Counting, it writes nothing: tables
 * that do not exist yet are only counted (sizing from nothing, or the
 * checking pass of a build on tables that already map something, which
 * also finds every conflict). Writing, it takes tables and stores
 * descriptors. Both modes take the same decisions from the same runs, so
 * the count is exact and a failed build changes nothing.
 */
#include "pt_internal.h"

#define WRITE 1  /* store, taking tables */
#define FRESH 2  /* and nothing was mapped before */

struct engine {
	struct efivmap_pt *pt;      /* NULL: sizing from nothing */
	const struct efivmap_pt_config *cfg;
	struct efivmap_diag *diag;
	unsigned start, top;        /* top: the first level with blocks */
	bool write;
	/*
	 * Fresh tables: runs ascend and never overlap, so every entry at or
	 * after the VA being mapped is still empty.
	 */
	bool fresh;
	size_t count;               /* tables a write pass would add */
	/* per level */
	unsigned sh[4];             /* log2 of the bytes an entry maps */
	uint64_t mask[4];           /* entries in a table - 1 */
	uint64_t cspan[4];          /* bytes of a contiguous run; 0: none */
	/*
	 * The tables the last descent went through (NULL: counted, not
	 * built), keyed by (VA >> sh[level - 1]) + 1. VAs only ascend, so a
	 * table whose key was replaced is never reached again: this also
	 * keeps a counted table from being counted twice.
	 */
	uint64_t key[4];
	uint64_t *tbl[4];
	uint32_t enc_attrs;         /* attributes of the cached encoding */
	uint64_t enc;
};

/* ---- the engine ---- */

/*
 * Leaf descriptor bits other than the type and the output address. At
 * EL1&0 and EL2&0 a leaf is nG (ASIDs tell the firmware's entries from
 * ours), EL0 never executes it (UXN), and PXN guards EL1 or EL2. The EL2
 * regime has no EL0 and no ASIDs: nG is RES0, AP[1] RES1, and bit 54 is
 * the only execute-never bit.
 */
static uint64_t encode(const struct efivmap_pt_config *cfg, uint32_t attrs)
{
	bool el2 = cfg->regime == EFIVMAP_PT_REGIME_EL2;
	uint64_t d = EFIVMAP__PT_AF | EFIVMAP__PT_SH_INNER;

	d |= el2 ? EFIVMAP__PT_AP_EL0 : EFIVMAP__PT_NG | EFIVMAP__PT_UXN;
	d |= (uint64_t)cfg->mair_idx[attrs & EFIVMAP_PT_ATTR_MT_MASK]
	     << EFIVMAP__PT_ATTRIDX_SHIFT;
	if (!(attrs & EFIVMAP_PT_ATTR_W))
		d |= EFIVMAP__PT_AP_RO;
	if (!(attrs & EFIVMAP_PT_ATTR_X))
		d |= el2 ? EFIVMAP__PT_UXN : EFIVMAP__PT_PXN;
	if (attrs & EFIVMAP_PT_ATTR_GP)
		d |= EFIVMAP__PT_GP;
	return d;
}

/* Store @n descriptors from @d, each mapping @step bytes further. */
static void fill(uint64_t *t, uint64_t d, uint64_t step, uint64_t n)
{
	for (; n & 3; n--, d += step)
		*t++ = d;
	for (; n; n -= 4, t += 4, d += 4 * step) {
		t[0] = d;
		t[1] = d + step;
		t[2] = d + 2 * step;
		t[3] = d + 3 * step;
	}
}

/*
 * Map [va, end) with the empty entries from @t, the first being @d. The
 * aligned runs of @cspan bytes (0: none) inside get the contiguous hint:
 * an empty stretch holds every run it overlaps whole.
 */
static void put(uint64_t *t, uint64_t d, uint64_t va, uint64_t end,
		unsigned sh, uint64_t cspan)
{
	uint64_t a = efivmap__align_up(va, cspan);
	uint64_t b = efivmap__align_down(end, cspan);

	if (cspan && b > a) {
		fill(t, d, UINT64_C(1) << sh, (a - va) >> sh);
		fill(t + ((a - va) >> sh), (d + (a - va)) | EFIVMAP__PT_CONT,
		     UINT64_C(1) << sh, (b - a) >> sh);
		t += (b - va) >> sh;
		d += b - va;
		va = b;
	}
	fill(t, d, UINT64_C(1) << sh, (end - va) >> sh);
}

static bool is_table(uint64_t d, unsigned level)
{
	return level < 3 && (d & 3u) == 3u;
}

/* The largest block (or page) level that fits the run at @va. */
static unsigned target_level(const struct engine *e,
			     const struct efivmap__pt_run *r, uint64_t va)
{
	uint64_t off = r->pa - r->va, sz;
	unsigned target = 3;

	if (r->attrs & EFIVMAP__PT_PAGE_ONLY)
		return target;
	for (; target > e->top; target--) {
		sz = UINT64_C(1) << e->sh[target - 1];
		if (!efivmap__is_aligned(va | (va + off), sz) ||
		    r->end - va < sz)
			break;
	}
	return target;
}

/* The walk's decisions, named as TF-A's xlat_tables_v2 names them. */
enum descend_action {
	DESCEND_STOP,         /* the level to fill, or an existing leaf */
	DESCEND_ENTER_TABLE,  /* follow an existing table */
	DESCEND_NEW_TABLE,    /* writing: take a table and link it */
	DESCEND_COUNT_TABLE,  /* counting: a table a write would take */
};

enum fill_action {
	FILL_EMPTY,           /* a run of empty entries: write or count */
	FILL_KEEP,            /* a leaf that already maps the VA alike */
	FILL_FINER,           /* a table below: go down for the rest */
	FILL_CONFLICT,        /* a leaf that maps the VA otherwise */
};

static enum descend_action descend_action(const struct engine *e,
					  uint64_t d, unsigned level,
					  unsigned *target)
{
	/* a table where a block would go: keep it and map finer */
	if (level == *target && is_table(d, level))
		++*target;
	if (level == *target || ((d & EFIVMAP__PT_VALID) &&
				 !is_table(d, level)))
		return DESCEND_STOP;
	if (d & EFIVMAP__PT_VALID)
		return DESCEND_ENTER_TABLE;
	return e->write ? DESCEND_NEW_TABLE : DESCEND_COUNT_TABLE;
}

/*
 * Walk down from the deepest table still cached on the way to @va, to
 * the level to fill. *@tbl is NULL where a table is only counted.
 */
static int descend(struct engine *e, const struct efivmap__pt_run *r,
		   uint64_t va, unsigned *level_out, unsigned *target,
		   uint64_t **tbl_out)
{
	unsigned level = *target;
	uint64_t *tbl, *nt, d, idx;
	int err;

	while (level > e->start &&
	       e->key[level] != (va >> e->sh[level - 1]) + 1)
		level--;
	tbl = level > e->start ? e->tbl[level] : e->pt ? e->pt->root : NULL;
	for (;; level++) {
		idx = (va >> e->sh[level]) & e->mask[level];
		d = tbl ? tbl[idx] : 0;
		switch (descend_action(e, d, level, target)) {
		case DESCEND_STOP:
			*level_out = level;
			*tbl_out = tbl;
			return 0;
		case DESCEND_ENTER_TABLE:
			tbl = efivmap__pt_table_ptr(e->pt,
						    d & EFIVMAP__PT_OA_MASK);
			if (!tbl)
				return efivmap__pt_fail(e->diag,
					EFIVMAP_ERR_VERIFY,
					"table outside table memory",
					r->index, va);
			break;
		case DESCEND_NEW_TABLE:
			err = efivmap__pt_take_table(e->pt, &nt, &d, e->diag);
			if (err)
				return err;
			tbl[idx] = d | EFIVMAP__PT_VALID | EFIVMAP__PT_TABLE;
			tbl = nt;
			break;
		case DESCEND_COUNT_TABLE:
			e->count++;
			tbl = NULL;
			break;
		}
		e->key[level + 1] = (va >> e->sh[level]) + 1;
		e->tbl[level + 1] = tbl;
	}
}

static enum fill_action fill_action(const struct engine *e,
				    const struct efivmap__pt_run *r,
				    uint64_t d, unsigned level, uint64_t va)
{
	uint64_t sz = UINT64_C(1) << e->sh[level];

	if (!(d & EFIVMAP__PT_VALID))
		return FILL_EMPTY;
	if (is_table(d, level))
		return FILL_FINER;
	if ((d & 3u) == (level == 3 ? 3u : 1u) &&
	    (d & EFIVMAP__PT_OA_MASK & ~(sz - 1)) + (va & (sz - 1)) ==
	    va + (r->pa - r->va) &&
	    efivmap__pt_decode(e->cfg, d) == (r->attrs & EFIVMAP_PT_ATTR_MASK))
		return FILL_KEEP;
	return FILL_CONFLICT;
}

/* Empty entries from @idx, up to @stop or the first one in use. */
static uint64_t empty_run(const struct engine *e, const uint64_t *tbl,
			  uint64_t idx, uint64_t va, uint64_t stop,
			  unsigned sh)
{
	uint64_t n = (stop - va) >> sh, i;

	/* fresh tables: every entry at or after va is still empty */
	if (!e->fresh)
		for (i = 1; i < n; i++)
			if (tbl[idx + i] & EFIVMAP__PT_VALID)
				return i;
	return n;
}

/* Fill @tbl at @level from *@va up to @stop, or to a table below. */
static int fill_level(struct engine *e, const struct efivmap__pt_run *r,
		      uint64_t *tbl, unsigned level, uint64_t *vap,
		      uint64_t stop)
{
	unsigned sh = e->sh[level];
	uint64_t va = *vap, off = r->pa - r->va, sz = UINT64_C(1) << sh;
	uint64_t idx = (va >> sh) & e->mask[level], bits, cspan, n;

	if (e->write && e->enc_attrs != r->attrs) {
		e->enc_attrs = r->attrs;
		e->enc = encode(e->cfg, r->attrs) | EFIVMAP__PT_VALID;
	}
	bits = e->enc | (level == 3 ? EFIVMAP__PT_TABLE : 0);
	cspan = (r->attrs & EFIVMAP__PT_PAGE_ONLY) ||
		!efivmap__is_aligned(off, e->cspan[level]) ? 0 :
		e->cspan[level];
	for (; va < stop; va = efivmap__align_down(va, sz) + (n << sh),
	     idx += n) {
		n = 1;
		switch (fill_action(e, r, tbl[idx], level, va)) {
		case FILL_FINER:
			*vap = va;
			return 0;
		case FILL_CONFLICT:
			/* the checking pass finds every conflict first */
			EFIVMAP_ASSERT(!e->write);
			return efivmap__pt_fail(e->diag, EFIVMAP_ERR_CONFLICT,
						"VA already mapped differently",
						r->index, va);
		case FILL_KEEP:
			break;
		case FILL_EMPTY:
			n = empty_run(e, tbl, idx, va, stop, sh);
			if (e->write)
				put(tbl + idx, (va + off) | bits, va,
				    va + (n << sh), sh, cspan);
			break;
		}
	}
	*vap = va;
	return 0;
}

/* Map the run from *@va: one table's worth at one level per step. */
static int map_step(struct engine *e, const struct efivmap__pt_run *r,
		    uint64_t *va)
{
	unsigned target = target_level(e, r, *va), level = 0, sh;
	uint64_t *tbl = NULL, stop;
	int err = descend(e, r, *va, &level, &target, &tbl);

	if (err)
		return err;
	/*
	 * The entries of this table that keep the same level: up to the
	 * table's end, the run's end or the last whole block. An existing
	 * block above the level is one entry.
	 */
	sh = e->sh[level];
	stop = ((*va >> sh) | e->mask[level]) + 1;
	stop = level != target ? (*va >> sh) + 1 :
	       stop << sh > r->end ? r->end >> sh : stop;
	stop <<= sh;
	if (!tbl) {
		*va = stop;    /* a table that does not exist yet */
		return 0;
	}
	return fill_level(e, r, tbl, level, va, stop);
}

static int engine_run(void *ctx, const struct efivmap__pt_run *r)
{
	uint64_t va = r->va;
	int err = 0;

	while (!err && va < r->end)
		err = map_step(ctx, r, &va);
	return err;
}

/* A pass of the engine over @in with @pt (NULL: sizing from nothing). */
static int pass(struct engine *e, struct efivmap_pt *pt,
		const struct efivmap_pt_config *cfg,
		const struct efivmap_pt_input *in, struct efivmap_diag *diag,
		int mode)
{
	unsigned l, s = efivmap__pt_shift(cfg->granule);
	bool contig = !(cfg->flags & (EFIVMAP_PT_CFG_NO_CONTIG |
				      EFIVMAP_PT_CFG_LINUX));

	e->pt = pt;
	e->cfg = cfg;
	e->diag = diag;
	e->start = efivmap__pt_start(s, cfg->va_bits);
	e->top = efivmap__pt_min_block(s);
	if (e->top < e->start)
		e->top = e->start;
	e->write = mode & WRITE;
	e->fresh = mode & FRESH;
	e->count = 0;
	e->enc_attrs = UINT32_MAX;
	for (l = 0; l < 4; l++) {
		e->key[l] = 0;
		e->sh[l] = efivmap__pt_lshift(s, l);
		e->cspan[l] = contig ? (uint64_t)efivmap__pt_contig(s, l) <<
				       e->sh[l] : 0;
		e->mask[l] = efivmap__pt_entries(s, e->start, cfg->va_bits,
						 l) - 1;
	}
	return efivmap__pt_plan(cfg, in, engine_run, e, diag);
}

int efivmap_pt_tables_needed(const struct efivmap_pt_config *cfg,
			     const struct efivmap_pt_input *in, size_t *count,
			     struct efivmap_diag *diag)
{
	struct engine e;
	int err;

	if (!in || !count || !efivmap__pt_cfg_valid(cfg))
		return efivmap__pt_fail(diag, EFIVMAP_ERR_INVAL,
					"NULL argument or invalid configuration",
					EFIVMAP_DIAG_NONE, 0);
	err = pass(&e, NULL, cfg, in, diag, 0);
	if (!err)
		*count = e.count + 1;
	return err;
}

/* Nothing mapped yet: only the root exists, and it is empty. */
static bool is_fresh(const struct efivmap_pt *pt)
{
	uint64_t i = efivmap__pt_entries(pt->shift, pt->start_level,
					 pt->cfg.va_bits, pt->start_level);
	const uint64_t *r = pt->root;
	uint64_t any = 0;

	if (pt->ops || pt->used != 1)
		return false;
	/* a root has a power of two entries, at least two */
	for (; i >= 4; i -= 4, r += 4)
		any |= r[0] | r[1] | r[2] | r[3];
	for (; i; i--)
		any |= *r++;
	return !any;
}

static int pool_too_small(struct efivmap_pt *pt, size_t more,
			  struct efivmap_diag *diag)
{
	pt->needed = pt->used + more;
	return efivmap__pt_fail(diag, EFIVMAP_ERR_POOL,
				"table pool too small (addr: tables needed)",
				EFIVMAP_DIAG_NONE, pt->needed);
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
	bool fresh;
	int err;

	if (!pt || !in)
		return efivmap__pt_fail(diag, EFIVMAP_ERR_INVAL,
					"NULL argument", EFIVMAP_DIAG_NONE, 0);
	fresh = is_fresh(pt);
	if (!fresh) {
		err = pass(&e, pt, &pt->cfg, in, diag, 0);
		if (err)
			return err;
		if (!pt->ops && e.count > pt->pool_tables - pt->used)
			return pool_too_small(pt, e.count, diag);
	}
	err = pass(&e, pt, &pt->cfg, in, diag, fresh ? WRITE | FRESH : WRITE);
	EFIVMAP_ASSERT(err == 0 || pt->ops || fresh);
	if (!err || !fresh)
		return err;
	efivmap__pt_zero_table(pt, pt->root);
	pt->used = 1;
	if (err != -EFIVMAP_ERR_POOL)
		return err;
	/*
	 * input past the point where the pool ran out may still be bad:
	 * then that error wins, as on the checking path
	 */
	err = pass(&e, NULL, &pt->cfg, in, diag, 0);
	return err ? err : pool_too_small(pt, e.count, diag);
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
	in.map = NULL;
	in.mat = NULL;
	in.ranges = &r;
	in.nranges = 1;
	return efivmap_pt_build(pt, &in, diag);
}
