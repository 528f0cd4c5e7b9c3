// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Table memory: the pool or the caller's allocator, and the checks on
 * what either hands back. A table address comes from outside (a pool's
 * PA, an allocator's result, a descriptor read back), so nothing is
 * written or read through one that has not been checked here.
 */
#include "pt_internal.h"

static bool pa_ok(const struct efivmap_pt *pt, uint64_t pa)
{
	return efivmap__is_aligned(pa, pt->cfg.granule) &&
	       !(pa >> pt->cfg.pa_bits);
}

uint64_t *efivmap__pt_table_ptr(const struct efivmap_pt *pt, uint64_t pa)
{
	uint64_t off = pa - pt->pool_pa;
	void *p;

	/* Only whole tables: an offset into one would run past its end. */
	if (!pa_ok(pt, pa))
		return NULL;
	if (pt->ops) {
		p = pt->ops->to_ptr(pt->ops->ctx, pa);
		return ((uintptr_t)p & 7u) ? NULL : p;
	}
	if (pa < pt->pool_pa || off >= (uint64_t)pt->pool_tables << pt->shift)
		return NULL;
	return (uint64_t *)(void *)(pt->pool + off);
}

void efivmap__pt_zero_table(const struct efivmap_pt *pt, uint64_t *t)
{
	/* Volatile, so that no compiler turns it into a memset call. */
	volatile uint64_t *p = t, *end = t + ((size_t)1 << (pt->shift - 3));

	/* unrolled: zeroing is a large share of a small build */
	for (; p < end; p += 16) {
		p[0] = 0;
		p[1] = 0;
		p[2] = 0;
		p[3] = 0;
		p[4] = 0;
		p[5] = 0;
		p[6] = 0;
		p[7] = 0;
		p[8] = 0;
		p[9] = 0;
		p[10] = 0;
		p[11] = 0;
		p[12] = 0;
		p[13] = 0;
		p[14] = 0;
		p[15] = 0;
	}
}

/*
 * Call @fn for every table reachable from the root, children before
 * their parent, without recursion; a descriptor outside the table memory
 * is not followed. Returns the first nonzero value @fn returns, or 0.
 */
static long visit_tables(const struct efivmap_pt *pt,
			 long (*fn)(void *ctx, uint64_t *tbl, uint64_t pa),
			 void *ctx)
{
	unsigned s = pt->shift, start = pt->start_level, level = start;
	uint64_t *tbl[4], pa[4], idx[4], d;
	long r;

	tbl[start] = pt->root;
	pa[start] = pt->root_pa;
	idx[start] = 0;
	for (;;) {
		/* last-level tables hold no table descriptors */
		if (level == 3 || idx[level] ==
		    efivmap__pt_entries(s, start, pt->cfg.va_bits, level)) {
			r = fn(ctx, tbl[level], pa[level]);
			if (r || level-- == start)
				return r;
			continue;
		}
		d = tbl[level][idx[level]++];
		if ((d & 3u) != 3u)
			continue;
		tbl[level + 1] = efivmap__pt_table_ptr(pt,
						       d & EFIVMAP__PT_OA_MASK);
		if (!tbl[level + 1])
			continue;
		pa[level + 1] = d & EFIVMAP__PT_OA_MASK;
		idx[++level] = 0;
	}
}

static long is_pa(void *ctx, uint64_t *tbl, uint64_t pa)
{
	(void)tbl;
	return pa == *(const uint64_t *)ctx;
}

/* Is @pa a table of @pt, the root included? */
static bool in_use(const struct efivmap_pt *pt, uint64_t pa)
{
	return visit_tables(pt, is_pa, &pa) != 0;
}

/* An allocator result is input: a known code, or -EFIVMAP_ERR_POOL. */
static int alloc_error(int err)
{
	return err < 0 && err > -EFIVMAP_ERR_MAX ? -err : EFIVMAP_ERR_POOL;
}

static int take_from_ops(struct efivmap_pt *pt, void **t, uint64_t *a,
			 struct efivmap_diag *diag)
{
	int err = pt->ops->alloc(pt->ops->ctx, t, a);

	if (err)
		return efivmap__pt_fail(diag, alloc_error(err),
					"table allocation failed",
					EFIVMAP_DIAG_NONE, pt->used);
	if (!*t || !efivmap__is_aligned(*a, pt->cfg.granule) ||
	    ((uintptr_t)*t & 7u))
		return efivmap__pt_fail(diag, EFIVMAP_ERR_ALIGN,
					"allocated table NULL or misaligned",
					EFIVMAP_DIAG_NONE, *a);
	if (*a >> pt->cfg.pa_bits)
		return efivmap__pt_fail(diag, EFIVMAP_ERR_VA_BITS,
					"allocated table beyond pa_bits",
					EFIVMAP_DIAG_NONE, *a);
	/* the walkers will reach the table through to_ptr */
	if (efivmap__pt_table_ptr(pt, *a) != *t)
		return efivmap__pt_fail(diag, EFIVMAP_ERR_ALIGN,
					"to_ptr disagrees with the allocated table",
					EFIVMAP_DIAG_NONE, *a);
	/* zeroing a table in use would unmap what it maps */
	if (pt->root && in_use(pt, *a))
		return efivmap__pt_fail(diag, EFIVMAP_ERR_CONFLICT,
					"allocator returned a table already in use",
					EFIVMAP_DIAG_NONE, *a);
	return 0;
}

int efivmap__pt_take_table(struct efivmap_pt *pt, uint64_t **tbl,
			   uint64_t *pa, struct efivmap_diag *diag)
{
	void *t = NULL;
	uint64_t a = 0;
	int err;

	if (pt->ops) {
		err = take_from_ops(pt, &t, &a, diag);
		if (err)
			return err;
	} else {
		if (pt->used >= pt->pool_tables)
			return efivmap__pt_fail(diag, EFIVMAP_ERR_POOL,
						"table pool exhausted",
						EFIVMAP_DIAG_NONE,
						pt->used + 1);
		t = pt->pool + ((size_t)pt->used << pt->shift);
		a = pt->pool_pa + ((uint64_t)pt->used << pt->shift);
	}
	efivmap__pt_zero_table(pt, t);
	pt->used++;
	*tbl = t;
	*pa = a;
	return 0;
}

static int bad_args(struct efivmap_diag *diag)
{
	return efivmap__pt_fail(diag, EFIVMAP_ERR_INVAL,
				"NULL argument or invalid configuration",
				EFIVMAP_DIAG_NONE, 0);
}

EFIVMAP_STATIC_ASSERT(sizeof(struct efivmap_pt_config) % 8 == 0 &&
		      sizeof(struct efivmap_pt) % 8 == 0,
		      "copied a word at a time");

/* Where the pool's tables start, and how many fit below 2^pa_bits. */
static int pool_place(struct efivmap_pt *tmp, uint8_t *pool, size_t size,
		      uint64_t pool_pa, struct efivmap_diag *diag)
{
	uint64_t g = tmp->cfg.granule, top = UINT64_C(1) << tmp->cfg.pa_bits;
	uint64_t adj;

	if (!efivmap__is_aligned(pool_pa, EFIVMAP_SZ_4K) ||
	    ((uintptr_t)pool & 7u))
		return efivmap__pt_fail(diag, EFIVMAP_ERR_ALIGN,
					"pool not 4 KiB aligned",
					EFIVMAP_DIAG_NONE, pool_pa);
	/* also refuses a start that would round up past 2^64 */
	if (pool_pa >= top || size > top - pool_pa)
		return efivmap__pt_fail(diag, EFIVMAP_ERR_VA_BITS,
					"pool not below 2^pa_bits",
					EFIVMAP_DIAG_NONE, pool_pa);
	adj = efivmap__align_up(pool_pa, g) - pool_pa;
	if (size < adj || (size - adj) < g)
		return efivmap__pt_fail(diag, EFIVMAP_ERR_POOL,
					"pool smaller than one table",
					EFIVMAP_DIAG_NONE, 1);
	tmp->pool = pool + adj;
	tmp->pool_pa = pool_pa + adj;
	tmp->pool_tables = (size - (size_t)adj) >> tmp->shift;
	return 0;
}

/* Both initialisers: a pool when @ops is NULL. */
static int init(struct efivmap_pt *pt, const struct efivmap_pt_config *cfg,
		uint8_t *pool, size_t size, uint64_t pool_pa,
		const struct efivmap_pt_mem_ops *ops,
		struct efivmap_diag *diag)
{
	struct efivmap_pt tmp;
	int err;

	if (!pt || !efivmap__pt_cfg_valid(cfg) ||
	    (ops ? !ops->alloc || !ops->to_ptr : !pool))
		return bad_args(diag);
	efivmap__zero(&tmp, sizeof(tmp));
	efivmap__copy(&tmp.cfg, cfg, sizeof(*cfg));
	tmp.shift = (uint8_t)efivmap__pt_shift(cfg->granule);
	tmp.start_level = (uint8_t)efivmap__pt_start(tmp.shift, cfg->va_bits);
	tmp.ops = ops;
	if (!ops) {
		err = pool_place(&tmp, pool, size, pool_pa, diag);
		if (err)
			return err;
	}
	err = efivmap__pt_take_table(&tmp, &tmp.root, &tmp.root_pa, diag);
	if (!err)
		efivmap__copy(pt, &tmp, sizeof(tmp));
	return err;
}

int efivmap_pt_init_pool(struct efivmap_pt *pt,
			 const struct efivmap_pt_config *cfg, void *pool,
			 size_t size, uint64_t pool_pa,
			 struct efivmap_diag *diag)
{
	return init(pt, cfg, pool, size, pool_pa, NULL, diag);
}

int efivmap_pt_init_ops(struct efivmap_pt *pt,
			const struct efivmap_pt_config *cfg,
			const struct efivmap_pt_mem_ops *ops,
			struct efivmap_diag *diag)
{
	return init(pt, cfg, NULL, 0, 0, ops, diag);
}

struct freeing {
	const struct efivmap_pt_mem_ops *ops;
	long n;
};

static long free_one(void *ctx, uint64_t *tbl, uint64_t pa)
{
	struct freeing *f = ctx;

	f->ops->free(f->ops->ctx, tbl, pa);
	f->n++;
	return 0;
}

long efivmap_pt_release(struct efivmap_pt *pt)
{
	struct freeing f = { NULL, 0 };

	if (!pt || !pt->root)
		return -EFIVMAP_ERR_INVAL;
	if (pt->ops && !pt->ops->free)
		return -EFIVMAP_ERR_UNSUPPORTED;
	f.ops = pt->ops;
	if (f.ops)
		visit_tables(pt, free_one, &f);
	efivmap__zero(pt, sizeof(*pt));
	return f.n;
}
