// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * OPTIMAL: pack runtime clusters in ascending PA order, each keeping VA ==
 * PA modulo the largest block or contiguous span it can use.
 *
 * Picture, one group of four characters per 2 MiB frame:
 *
 *   PA  |..A.|    |B...|    |  CC|CCCC|C...|
 *   VA  |..AB|  CC|CCCC|C...|
 *
 * A and B are small (64 KiB alignment) and share one frame, hence one
 * last-level table on a 4K kernel. C fully covers a 2 MiB chunk, so it
 * keeps VA == PA modulo 2 MiB and the chunk is a single block.
 *
 * The walk needs the descriptors in PA order without sorting the caller's
 * map or using memory beyond the stack: a small merge over the map's
 * ascending runs of PhysicalStart, or a successor scan when there are too
 * many runs.
 */
#include "layout_internal.h"

#define MAX_RUNS 4

/* Runtime descriptors of a map in ascending PhysicalStart. */
struct pa_iter {
	const struct efivmap_mmap *map;
	size_t runs;            /* 0: successor scan (too many runs) */
	size_t pos[MAX_RUNS];   /* next runtime descriptor of each run */
	size_t end[MAX_RUNS];
	uint64_t last_pa;       /* successor scan: last PA returned */
	bool started;
};

static bool is_rt(const struct efivmap_mmap *map, size_t i)
{
	return efivmap_desc_is_runtime(efivmap_mmap_get(map, i));
}

static uint64_t pa_of(const struct efivmap_mmap *map, size_t i)
{
	return efivmap_mmap_get(map, i)->phys_start;
}

/* First runtime descriptor at or after @i, before @end. */
static size_t skip_to_rt(const struct efivmap_mmap *map, size_t i, size_t end)
{
	while (i < end && !is_rt(map, i))
		i++;
	return i;
}

static void iter_init(struct pa_iter *it, const struct efivmap_mmap *map)
{
	uint64_t prev = 0;
	bool any = false;
	size_t i, n = 0;

	efivmap__zero(it, sizeof(*it));
	it->map = map;
	for (i = 0; i < map->count; i++) {
		if (!is_rt(map, i))
			continue;
		if (!any || pa_of(map, i) < prev) {
			if (n == MAX_RUNS) {
				it->runs = 0;
				return;
			}
			if (n)
				it->end[n - 1] = i;
			it->pos[n++] = i;
		}
		any = true;
		prev = pa_of(map, i);
	}
	if (n)
		it->end[n - 1] = map->count;
	it->runs = n;
	/* A map without runtime descriptors is one empty run. */
	if (!n) {
		it->runs = 1;
		it->pos[0] = it->end[0] = map->count;
	}
}

static bool iter_next(struct pa_iter *it, size_t *index)
{
	const struct efivmap_mmap *map = it->map;
	size_t r, best = SIZE_MAX, i;

	if (!it->runs) {
		/* The runtime descriptor with the lowest PA above the last. */
		for (i = 0; i < map->count; i++) {
			if (!is_rt(map, i) ||
			    (it->started && pa_of(map, i) <= it->last_pa))
				continue;
			if (best == SIZE_MAX ||
			    pa_of(map, i) < pa_of(map, best))
				best = i;
		}
		if (best == SIZE_MAX)
			return false;
		it->started = true;
		it->last_pa = pa_of(map, best);
		*index = best;
		return true;
	}
	for (r = 0; r < it->runs; r++) {
		if (it->pos[r] >= it->end[r])
			continue;
		if (best == SIZE_MAX ||
		    pa_of(map, it->pos[r]) < pa_of(map, it->pos[best]))
			best = r;
	}
	if (best == SIZE_MAX)
		return false;
	*index = it->pos[best];
	it->pos[best] = skip_to_rt(map, it->pos[best] + 1, it->end[best]);
	return true;
}

/*
 * The largest block or contiguous span a region fully covers an aligned
 * chunk of: 16 GiB (contiguous 1 GiB or 512 MiB blocks), 1 GiB (4K L1
 * block, contiguous 32 MiB blocks), 512 MiB (64K L2 block), 32 MiB (16K
 * L2 block, contiguous 2 MiB blocks), 2 MiB (4K L2 block, contiguous 16K
 * and 64K pages), else 64 KiB (contiguous 4K pages).
 */
static uint64_t region_align(const struct efivmap_efi_desc *d)
{
	static const uint64_t sizes[] = {
		EFIVMAP_SZ_16G, EFIVMAP_SZ_1G, EFIVMAP_SZ_512M,
		EFIVMAP_SZ_32M, EFIVMAP_SZ_2M,
	};
	uint64_t last = efivmap_desc_last(d), chunk;
	size_t k;

	if (d->num_pages < EFIVMAP_SZ_2M >> EFIVMAP_EFI_PAGE_SHIFT)
		return EFIVMAP_SZ_64K;
	for (k = 0; k < EFIVMAP_ARRAY_SIZE(sizes); k++) {
		if (d->phys_start > UINT64_MAX - (sizes[k] - 1))
			continue;
		chunk = efivmap__align_up(d->phys_start, sizes[k]);
		if (chunk <= last && last - chunk >= sizes[k] - 1)
			return sizes[k];
	}
	return EFIVMAP_SZ_64K;
}

/*
 * A cluster: runtime regions, consecutive in PA order, whose 64 KiB
 * frames overlap or touch. One VA - PA difference serves them all.
 */
struct cluster {
	uint64_t start;         /* first byte of the first frame */
	uint64_t last;          /* last byte of the last frame */
	uint64_t align;
	size_t count;
};

/* Field by field: only the live runs, and never a call to memcpy. */
static void iter_copy(struct pa_iter *dst, const struct pa_iter *src)
{
	size_t r;

	dst->map = src->map;
	dst->runs = src->runs;
	dst->last_pa = src->last_pa;
	dst->started = src->started;
	for (r = 0; r < src->runs; r++) {
		dst->pos[r] = src->pos[r];
		dst->end[r] = src->end[r];
	}
}

/* Read the next cluster from a copy of @it; @it itself does not move. */
static bool cluster_scan(const struct pa_iter *it, struct cluster *c)
{
	struct pa_iter ahead;
	const struct efivmap_efi_desc *d;
	uint64_t a;
	size_t i;

	iter_copy(&ahead, it);
	if (!iter_next(&ahead, &i))
		return false;
	d = efivmap_mmap_get(it->map, i);
	c->start = efivmap__align_down(d->phys_start, EFIVMAP_SZ_64K);
	c->last = efivmap__frame_last(efivmap_desc_last(d));
	c->align = region_align(d);
	c->count = 1;
	while (c->last != UINT64_MAX && iter_next(&ahead, &i)) {
		d = efivmap_mmap_get(it->map, i);
		if (efivmap__align_down(d->phys_start, EFIVMAP_SZ_64K) >
		    c->last + 1)
			break;
		c->last = efivmap__frame_last(efivmap_desc_last(d));
		a = region_align(d);
		if (a > c->align)
			c->align = a;
		c->count++;
	}
	return true;
}

void efivmap__layout_optimal(struct efivmap__walk *w)
{
	struct pa_iter it;
	struct cluster c;
	struct efivmap_efi_desc *d;
	uint64_t cur = w->lo, va, rva, last;
	size_t k, i;

	w->fail = SIZE_MAX;
	w->unit = EFIVMAP_SZ_2M;
	iter_init(&it, w->map);
	while (cluster_scan(&it, &c)) {
		if (c.align > w->unit)
			w->unit = c.align;
		/* Lowest VA at or above the cursor with VA == PA mod align. */
		va = cur + ((c.start - cur) & (c.align - 1));
		for (k = 0; k < c.count; k++) {
			iter_next(&it, &i);
			d = efivmap_mmap_get(w->map, i);
			/* Frames, not bytes: a 64K kernel maps the tail too. */
			last = efivmap__frame_last(efivmap_desc_last(d));
			if (va >= w->hi || last - c.start > w->hi - 1 - va) {
				w->fail = i;
				return;
			}
			rva = va + (d->phys_start - c.start);
			if (w->cost)
				efivmap__cost_add(w->cost, rva,
						  efivmap_desc_bytes(d),
						  d->phys_start, true);
			if (w->write)
				d->virt_start = rva + w->shift;
		}
		cur = va + (c.last - c.start) + 1;
	}
	w->end = cur;
}

/*
 * Plan OPTIMAL, falling back to LINUX's placement when the packing would
 * cost more table pages than LINUX's layout mapped by Linux's own policy
 * (runtime code and data page-mapped), for any granule, or does not fit
 * the window while LINUX's does. Every block LINUX can use, the packing
 * can use too (its alignment is at least as large), so TLB entries never
 * need this check; table pages do, because 2 MiB and larger alignments
 * leave gaps that can push the end across a table boundary.
 */
int efivmap__layout_plan_optimal(struct efivmap_mmap *map,
				 const struct efivmap__window *win,
				 struct efivmap_diag *diag)
{
	struct efivmap__cost ours, theirs;
	struct efivmap__walk opt, lin;
	bool use_linux;

	efivmap__zero(&opt, sizeof(opt));
	opt.map = map;
	opt.lo = win->lo;
	opt.hi = win->hi;
	efivmap__copy(&lin, &opt, sizeof(lin));
	efivmap__cost_init(&ours, win->va_bits);
	efivmap__cost_init(&theirs, win->va_bits);
	opt.cost = &ours;
	lin.cost = &theirs;
	efivmap__layout_optimal(&opt);
	efivmap__layout_linux(&lin);

	if (opt.fail != SIZE_MAX && lin.fail != SIZE_MAX)
		return efivmap__layout_no_room(map, opt.fail, diag);
	if (opt.fail != SIZE_MAX)
		use_linux = true;
	else if (lin.fail != SIZE_MAX)
		use_linux = false;
	else
		use_linux = efivmap__cost_worse(&ours, &theirs);
	if (use_linux) {
		lin.cost = NULL;
		if (win->randomize)
			lin.shift = efivmap__layout_shift(win->seed,
							  win->hi - lin.end,
							  lin.unit);
		lin.write = true;
		efivmap__layout_linux(&lin);
	} else {
		opt.cost = NULL;
		if (win->randomize)
			opt.shift = efivmap__layout_shift(win->seed,
							  win->hi - opt.end,
							  opt.unit);
		opt.write = true;
		efivmap__layout_optimal(&opt);
	}
	return 0;
}
