// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * OPTIMAL: walk runtime clusters in ascending PA order. A large cluster
 * keeps VA == PA modulo the largest block or contiguous span it can use
 * and goes at the cursor; a small one (64 KiB alignment) first looks for
 * room in a 2 MiB window that already holds pages, else goes at the
 * cursor too (always, on maps too large to fill: see FILL_LIMIT).
 *
 * Picture, one group of four characters per 2 MiB frame:
 *
 *   PA  |..A.|    |  CC|CCCC|    |B...|
 *   VA  |ABCC|CCCC|
 *
 * C fully covers a 2 MiB chunk, so it keeps VA == PA modulo 2 MiB and the
 * chunk is a single block. A comes first and sits at the cursor; C's
 * alignment leaves the rest of that window free, and B, although above C
 * in PA, fills it. In PA order alone B would open a third window after C
 * (|A.CC|CCCC|B...|): a window holding pages costs one last-level table
 * on a 4K kernel (32 MiB at 16K, 512 MiB at 64K) whatever else it holds,
 * and a new one costs another. Only windows with pages in them count as
 * paid for: the middle of the padding under a 32 MiB aligned cluster
 * would open a 4K table just as the cursor does.
 *
 * The walk needs the descriptors in PA order without sorting the caller's
 * map or using memory beyond the stack: a plain scan when they already
 * ascend, a small merge over the map's ascending runs of PhysicalStart,
 * or a successor scan when there are too many runs.
 */
#include "layout_internal.h"

#define MAX_RUNS 4
/* Free ranges remembered for small clusters; the smallest give way. */
#define MAX_GAPS 4
/*
 * Filling puts VAs out of PA order, and whoever then needs the regions in
 * VA order (table sizing, the kexec check) scans the map once per region:
 * descriptors x runtime descriptors. Fill only while that stays this
 * small, as on every real map we have (the largest product: 85 x 33).
 * Larger maps keep VAs ascending with PAs, so on a sorted map those
 * steps stay linear.
 */
#define FILL_LIMIT 4096u

/* Where a walk in PA order stands: all it needs to resume there. */
struct pa_pos {
	size_t pos[MAX_RUNS];   /* next runtime descriptor of each run */
	uint64_t last_pa;       /* successor scan: last PA returned */
	size_t last_i;          /* and its index: duplicates share a PA */
	bool started;
};

/* Runtime descriptors of a map in ascending PhysicalStart. */
struct pa_iter {
	const struct efivmap_mmap *map;
	size_t runs;            /* 0: successor scan (too many runs) */
	size_t end[MAX_RUNS];
	struct pa_pos at;
};

static bool is_rt(const struct efivmap_mmap *map, size_t i)
{
	return efivmap__layout_placed(efivmap_mmap_get(map, i));
}

static uint64_t pa_of(const struct efivmap_mmap *map, size_t i)
{
	return efivmap_mmap_get(map, i)->phys_start;
}

/* First runtime descriptor at or after @i, before @end. */
static size_t skip_to_rt(const struct efivmap_mmap *map, size_t i, size_t end)
{
	const uint8_t *p = map->base + i * map->desc_size;

	for (; i < end; i++, p += map->desc_size)
		if (efivmap__layout_placed((const void *)p))
			break;
	return i;
}

/* Returns the number of runtime descriptors. */
static size_t iter_init(struct pa_iter *it, const struct efivmap_mmap *map)
{
	const struct efivmap_efi_desc *d;
	uint64_t prev = 0;
	size_t i, n = 0, rt = 0;

	it->map = map;
	it->runs = 0;
	it->at.started = false;
	it->at.last_pa = 0;
	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap__layout_placed(d))
			continue;
		if (!rt++ || d->phys_start < prev) {
			if (n < MAX_RUNS) {
				if (n)
					it->end[n - 1] = i;
				it->at.pos[n] = i;
			}
			n++;
		}
		prev = d->phys_start;
	}
	if (n > MAX_RUNS)
		return rt;
	if (n)
		it->end[n - 1] = map->count;
	it->runs = n;
	/* A map without runtime descriptors is one empty run. */
	if (!n) {
		it->runs = 1;
		it->at.pos[0] = it->end[0] = map->count;
	}
	return rt;
}

/* Several runs, or the successor scan. */
static bool iter_next_merge(struct pa_iter *it, size_t *index)
{
	const struct efivmap_mmap *map = it->map;
	size_t *pos = it->at.pos, r, best = SIZE_MAX, i;

	if (!it->runs) {
		/* The next runtime descriptor in (PA, index) order. */
		for (i = 0; i < map->count; i++) {
			if (!is_rt(map, i) ||
			    (it->at.started && (pa_of(map, i) < it->at.last_pa ||
			     (pa_of(map, i) == it->at.last_pa &&
			      i <= it->at.last_i))))
				continue;
			if (best == SIZE_MAX ||
			    pa_of(map, i) < pa_of(map, best))
				best = i;
		}
		if (best == SIZE_MAX)
			return false;
		it->at.started = true;
		it->at.last_pa = pa_of(map, best);
		it->at.last_i = best;
		*index = best;
		return true;
	}
	for (r = 0; r < it->runs; r++) {
		if (pos[r] >= it->end[r])
			continue;
		if (best == SIZE_MAX ||
		    pa_of(map, pos[r]) < pa_of(map, pos[best]))
			best = r;
	}
	if (best == SIZE_MAX)
		return false;
	*index = pos[best];
	pos[best] = skip_to_rt(map, pos[best] + 1, it->end[best]);
	return true;
}

static inline bool iter_next(struct pa_iter *it, size_t *index)
{
	size_t i = it->at.pos[0];

	if (it->runs != 1)
		return iter_next_merge(it, index);
	/* Already in PA order: the common case after a sort. */
	if (i >= it->end[0])
		return false;
	*index = i;
	it->at.pos[0] = skip_to_rt(it->map, i + 1, it->end[0]);
	return true;
}

/* Field by field: only the live runs, and never a call to memcpy. */
static void pos_copy(struct pa_pos *dst, const struct pa_pos *src,
		     size_t runs)
{
	size_t r;

	for (r = 0; r < runs; r++)
		dst->pos[r] = src->pos[r];
	dst->last_pa = src->last_pa;
	dst->last_i = src->last_i;
	dst->started = src->started;
}

/*
 * The largest block or contiguous span the extent [pa, last] fully covers
 * an aligned chunk of: 16 GiB (contiguous 1 GiB or 512 MiB blocks), 1 GiB
 * (4K L1 block, contiguous 32 MiB blocks), 512 MiB (64K L2 block),
 * 32 MiB (16K L2 block, contiguous 2 MiB blocks), 2 MiB (4K L2 block,
 * contiguous 16K and 64K pages), else 64 KiB (contiguous 4K pages).
 */
static uint64_t extent_align(uint64_t pa, uint64_t last)
{
	static const uint64_t sizes[] = {
		EFIVMAP_SZ_16G, EFIVMAP_SZ_1G, EFIVMAP_SZ_512M,
		EFIVMAP_SZ_32M, EFIVMAP_SZ_2M,
	};
	uint64_t chunk;
	size_t k;

	if (last - pa < EFIVMAP_SZ_2M - 1)
		return EFIVMAP_SZ_64K;
	for (k = 0; k < EFIVMAP_ARRAY_SIZE(sizes); k++) {
		if (pa > UINT64_MAX - (sizes[k] - 1))
			continue;
		chunk = efivmap__align_up(pa, sizes[k]);
		if (chunk <= last && last - chunk >= sizes[k] - 1)
			return sizes[k];
	}
	return EFIVMAP_SZ_64K;
}

/* A cluster, read ahead from its first member in PA order. */
struct cluster {
	uint64_t start;         /* first byte of its first 64 KiB frame */
	uint64_t last;          /* last byte of its last frame */
	uint64_t align;
	size_t members;
};

/*
 * Runtime regions, consecutive in PA order, whose 64 KiB frames overlap
 * or touch, form a cluster: one VA - PA difference serves them all. A
 * frame shared with a region of another memory class ends it: no page
 * may hold both, so that region starts a cluster, and a VA frame, of its
 * own. Members whose pages adjoin (at 64K) with equal table attributes
 * are one run to the table builder, and a block may span them: the
 * alignment is taken over such runs. Returns whether @next holds a descriptor.
 */
static bool cluster_scan(struct pa_iter *it, size_t i, size_t *next,
			 struct cluster *c)
{
	const struct efivmap_efi_desc *d = efivmap_mmap_get(it->map, i);
	uint64_t run = d->phys_start, a;
	unsigned key = efivmap__merge_key(d, false), k;
	bool more;

	c->start = efivmap__align_down(d->phys_start, EFIVMAP_SZ_64K);
	c->last = efivmap__frame_last(efivmap_desc_last(d));
	c->align = extent_align(run, efivmap_desc_last(d));
	c->members = 1;
	while ((more = iter_next(it, next))) {
		d = efivmap_mmap_get(it->map, *next);
		k = efivmap__merge_key(d, false);
		if (c->last != UINT64_MAX &&
		    efivmap__align_down(d->phys_start, EFIVMAP_SZ_64K) >
		    c->last + 1)
			break;
		if (d->phys_start <= c->last &&
		    EFIVMAP__KEY_CLASS(k) != EFIVMAP__KEY_CLASS(key))
			break;
		/* Frames in a cluster touch: the attributes decide. */
		if (k != key)
			run = d->phys_start;
		key = k;
		/* a member inside an earlier one (tolerated overlap) ends it not */
		if (efivmap__frame_last(efivmap_desc_last(d)) > c->last)
			c->last = efivmap__frame_last(efivmap_desc_last(d));
		a = extent_align(run, efivmap_desc_last(d));
		if (a > c->align)
			c->align = a;
		c->members++;
	}
	return more;
}

/*
 * Free VA ranges, in ascending VA, lying in 2 MiB windows that already
 * hold pages. All bounds are 64 KiB aligned.
 */
struct gaps {
	uint64_t lo[MAX_GAPS];
	uint64_t hi[MAX_GAPS];
	uint64_t max;           /* largest hi - lo; 0 when there is none */
	size_t n;
};

/* Drop range @k (none when @k == n), then find the largest again. */
static void gaps_remove(struct gaps *g, size_t k)
{
	size_t j;

	if (k < g->n) {
		for (j = k; j + 1 < g->n; j++) {
			g->lo[j] = g->lo[j + 1];
			g->hi[j] = g->hi[j + 1];
		}
		g->n--;
	}
	g->max = 0;
	for (j = 0; j < g->n; j++)
		if (g->hi[j] - g->lo[j] > g->max)
			g->max = g->hi[j] - g->lo[j];
}

/* Ranges arrive in ascending VA; when full, the smallest one goes. */
static void gaps_add(struct gaps *g, uint64_t lo, uint64_t hi)
{
	size_t k, small = 0;

	if (lo >= hi)
		return;
	if (g->n == MAX_GAPS) {
		for (k = 1; k < g->n; k++)
			if (g->hi[k] - g->lo[k] <
			    g->hi[small] - g->lo[small])
				small = k;
		if (hi - lo <= g->hi[small] - g->lo[small])
			return;
		gaps_remove(g, small);
	}
	g->lo[g->n] = lo;
	g->hi[g->n++] = hi;
	if (hi - lo > g->max)
		g->max = hi - lo;
}

/*
 * Record the room between the cursor and a large cluster placed at @va
 * that costs no table: the rest of the cursor's window when something
 * already ends inside it (@after), and the bottom of @va's window, which
 * the cluster's head pages pay for when @va is not 2 MiB aligned.
 */
static void gaps_below(struct gaps *g, uint64_t cur, uint64_t va, bool after)
{
	uint64_t a = after ? efivmap__align_up(cur, EFIVMAP_SZ_2M) : cur;
	uint64_t b = efivmap__align_down(va, EFIVMAP_SZ_2M);

	if (a > va)
		a = va;
	if (b < cur)
		b = cur;
	if (a >= b) {
		gaps_add(g, cur, va);
	} else {
		gaps_add(g, cur, a);
		gaps_add(g, b, va);
	}
}

/* First fit for @span + 1 bytes, lowest VA first. */
static bool gaps_take(struct gaps *g, uint64_t span, uint64_t *va)
{
	uint64_t size;
	size_t k;

	if (g->max <= span)
		return false;
	for (k = 0; g->hi[k] - g->lo[k] <= span; k++)
		;
	size = g->hi[k] - g->lo[k];
	*va = g->lo[k];
	g->lo[k] += span + 1;
	if (g->lo[k] == g->hi[k] || size == g->max)
		gaps_remove(g, g->lo[k] == g->hi[k] ? k : g->n);
	return true;
}

/*
 * Place cluster @c, first member @i (@it just past it), at @va. False,
 * with w->fail set, when a member runs past the window.
 */
static bool place(struct efivmap__walk *w, struct pa_iter *it, size_t i,
		  const struct cluster *c, uint64_t va)
{
	struct efivmap_efi_desc *d;
	uint64_t rva;
	size_t k;

	for (k = 0; k < c->members; k++) {
		if (k)
			iter_next(it, &i);
		d = efivmap_mmap_get(w->map, i);
		/* Frames, not bytes: a 64K kernel maps the tail too. */
		if (va >= w->hi ||
		    efivmap__frame_last(efivmap_desc_last(d)) - c->start >
		    w->hi - 1 - va) {
			w->fail = i;
			return false;
		}
		rva = va + (d->phys_start - c->start);
		if (w->cost)
			efivmap__cost_region(w->cost, rva, d);
		if (w->write)
			d->virt_start = rva + w->shift;
	}
	w->count += c->members;
	return true;
}

void efivmap__layout_optimal(struct efivmap__walk *w)
{
	const struct efivmap_mmap *map = w->map;
	struct pa_iter it;
	struct pa_pos first;
	struct gaps g;
	uint64_t cur = w->lo, start, last, align, va;
	size_t i, next, rt;
	struct cluster c;
	bool more, fill, placed = false;

	w->fail = SIZE_MAX;
	w->unit = EFIVMAP_SZ_2M;
	w->count = 0;
	g.n = 0;
	g.max = 0;
	/* Filling breaks PA order: see FILL_LIMIT. */
	rt = iter_init(&it, map);
	fill = map->count <= FILL_LIMIT && rt * map->count <= FILL_LIMIT;
	more = iter_next(&it, &next);
	while (more) {
		/* Read ahead, then rewind to @first to place the members. */
		i = next;
		pos_copy(&first, &it.at, it.runs);
		more = cluster_scan(&it, i, &next, &c);
		start = c.start;
		last = c.last;
		align = c.align;

		if (align > w->unit)
			w->unit = align;
		if (!fill || align > EFIVMAP_SZ_64K ||
		    !gaps_take(&g, last - start, &va)) {
			/* Lowest VA at or above the cursor, VA == PA mod align. */
			va = cur + ((start - cur) & (align - 1));
			if (fill && align > EFIVMAP_SZ_64K)
				gaps_below(&g, cur, va, placed);
			/* Past hi: place() names the region. */
			if (va < w->hi && last - start <= w->hi - 1 - va)
				cur = va + (last - start) + 1;
			placed = true;
		}
		if (c.members > 1)
			pos_copy(&it.at, &first, it.runs);
		if (!place(w, &it, i, &c, va))
			return;
		/* Back where the read-ahead stopped. */
		if (c.members > 1 && more)
			iter_next(&it, &next);
	}
	if (w->cost)
		efivmap__cost_end(w->cost);
	w->end = cur;
}

/* Move every runtime descriptor's VirtualStart up by @shift. */
static void shift_all(const struct efivmap_mmap *map, uint64_t shift)
{
	uint8_t *p = map->base, *end = p + map->count * map->desc_size;
	struct efivmap_efi_desc *d;

	for (; p != end; p += map->desc_size) {
		d = (void *)p;
		if (efivmap_desc_is_runtime(d))
			d->virt_start += shift;
	}
}

/*
 * Empty runtime regions, which the packing leaves out: a VirtualStart at
 * the bottom of the window with the PA's offset in its 64 KiB frame, like
 * every other. Returns how many.
 */
static size_t place_empty(const struct efivmap_mmap *map, uint64_t base)
{
	struct efivmap_efi_desc *d;
	size_t i, n = 0;

	efivmap_mmap_for_each(map, i, d)
		if (efivmap_desc_is_runtime(d) && !d->num_pages) {
			d->virt_start = base + (d->phys_start &
						(EFIVMAP_SZ_64K - 1));
			n++;
		}
	return n;
}

/*
 * Plan OPTIMAL, falling back to LINUX's placement when the packing would
 * cost more table pages than LINUX's layout mapped by Linux's own policy
 * (runtime code and data page-mapped), for any granule, or does not fit
 * the window while LINUX's does. Every block LINUX can use, the packing
 * can use too (its alignment is at least as large), so TLB entries never
 * need this check; table pages do, because 2 MiB and larger alignments
 * leave gaps that can push the end across a table boundary.
 *
 * Once LINUX's layout is known to fit, OPTIMAL's walk writes as it goes:
 * should it lose or run out of room, LINUX's writing walk overwrites
 * every runtime descriptor, so a failed call still changes nothing and a
 * successful one needs no third walk. A randomized OPTIMAL layout then
 * moves up in one cheap pass.
 */
/* Table counts of a layout, per policy and granule. */
struct layout_tables {
	uint32_t t[EFIVMAP__POLICIES][EFIVMAP__GRANULES];
};

/*
 * Run @walk (LINUX or OPTIMAL, counting) and keep only its table counts:
 * each costing lives in its own frame, one after the other, so neither
 * frame holds both.
 */
static void count_tables(struct efivmap__walk *w, uint32_t va_bits,
			 void (*walk)(struct efivmap__walk *),
			 uint32_t policies, struct layout_tables *out)
{
	struct efivmap__cost c[EFIVMAP__POLICIES];
	unsigned k, g;

	efivmap__cost_init(c, va_bits, policies);
	w->cost = c;
	walk(w);
	w->cost = NULL;
	for (k = 0; k < policies; k++)
		for (g = 0; g < EFIVMAP__GRANULES; g++)
			out->t[k][g] = c[k].tables[g];
}

/*
 * OPTIMAL under our policy needs more tables than LINUX under either
 * policy, for some granule. OPTIMAL under Linux's policy is not
 * compared: that policy page-maps runtime code and data, so OPTIMAL's
 * block alignment buys nothing there and its padding may cost a table;
 * OPTIMAL is planned for tables built here.
 */
static bool optimal_worse(const struct layout_tables *ours,
			  const struct layout_tables *theirs)
{
	unsigned g, k;

	for (k = 0; k < EFIVMAP__POLICIES; k++)
		for (g = 0; g < EFIVMAP__GRANULES; g++)
			if (ours->t[0][g] > theirs->t[k][g])
				return true;
	return false;
}

int efivmap__layout_plan_optimal(struct efivmap_mmap *map,
				 const struct efivmap__window *win,
				 struct efivmap_diag *diag)
{
	struct layout_tables ours, theirs;
	struct efivmap__walk opt, lin;
	bool use_linux;

	efivmap__zero(&lin, sizeof(lin));
	lin.map = map;
	lin.lo = win->lo;
	lin.hi = win->hi;
	efivmap__copy(&opt, &lin, sizeof(opt));
	count_tables(&lin, win->va_bits, efivmap__layout_linux,
		     EFIVMAP__POLICIES, &theirs);
	opt.write = lin.fail == SIZE_MAX;
	/* only our policy's count of OPTIMAL is compared */
	count_tables(&opt, win->va_bits, efivmap__layout_optimal, 1, &ours);

	if (opt.fail != SIZE_MAX && lin.fail != SIZE_MAX)
		return efivmap__layout_no_room(map, opt.fail, diag);
	if (opt.fail != SIZE_MAX)
		use_linux = true;
	else if (lin.fail != SIZE_MAX)
		use_linux = false;
	else
		use_linux = optimal_worse(&ours, &theirs);
	if (use_linux) {
		if (win->randomize)
			lin.shift = efivmap__layout_shift(win->seed,
							  win->hi - lin.end,
							  lin.unit);
		lin.write = true;
		efivmap__layout_linux(&lin);
		return (int)lin.count;
	}
	if (win->randomize)
		opt.shift = efivmap__layout_shift(win->seed, win->hi - opt.end,
						  opt.unit);
	if (!opt.write) {
		/* LINUX did not fit: nothing written yet. */
		opt.write = true;
		efivmap__layout_optimal(&opt);
	} else if (opt.shift) {
		shift_all(map, opt.shift);
	}
	return (int)(opt.count + place_empty(map, win->lo + opt.shift));
}
