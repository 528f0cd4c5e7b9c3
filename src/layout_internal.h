/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/* Shared between the layout files. Not installed. */
#ifndef EFIVMAP_LAYOUT_INTERNAL_H
#define EFIVMAP_LAYOUT_INTERNAL_H

#include "internal.h"
#include "efivmap/layout.h"

#define EFIVMAP_SZ_32M  (UINT64_C(1) << 25)
#define EFIVMAP_SZ_512M (UINT64_C(1) << 29)
#define EFIVMAP_SZ_1G   (UINT64_C(1) << 30)
#define EFIVMAP_SZ_16G  (UINT64_C(1) << 34)

/* Last byte of the 64 KiB frame holding @x. */
static inline uint64_t efivmap__frame_last(uint64_t x)
{
	return x | (EFIVMAP_SZ_64K - 1);
}

/* A validated configuration and the VA range it allows: [lo, hi). */
struct efivmap__window {
	uint64_t lo;
	uint64_t hi;
	uint32_t strategy;
	uint32_t va_bits;
	uint64_t seed;
	bool randomize;
};

/* The arguments both entry points share: @map present, @cfg valid. */
int efivmap__layout_window(const struct efivmap_mmap *map,
			   const struct efivmap_layout_cfg *cfg,
			   struct efivmap__window *w,
			   struct efivmap_diag *diag);

/*
 * 0 when no two runtime regions that share a 64 KiB VA page (VirtualStart,
 * or PhysicalStart when @flat) translate it differently or need different
 * memory classes; else -EFIVMAP_ERR_VA_OVERLAP or -EFIVMAP_ERR_ATTR
 * naming the later region in map order. O(n) when those pages ascend in
 * map order, else O(runtime descriptors^2).
 */
int efivmap__layout_shared_pages(const struct efivmap_mmap *map, bool flat,
				 struct efivmap_diag *diag);

/* The seed-chosen shift: a multiple of @unit no larger than @headroom. */
uint64_t efivmap__layout_shift(uint64_t seed, uint64_t headroom,
			       uint64_t unit);

/*
 * Table pages a layout needs for 4K, 16K and 64K granules, counted the way
 * the table builder allocates them: one root, then per level one table for
 * every span holding a leaf at or below that level. Regions must be added
 * in ascending VA order; each then costs O(levels). A region lying wholly
 * in 2 MiB spans that already hold pages may come at any point: it adds
 * nothing, which is right (OPTIMAL's fills, see layout_optimal.c).
 */
#define EFIVMAP__GRANULES 3
struct efivmap__cost {
	uint64_t next[EFIVMAP__GRANULES][4]; /* first span not counted yet */
	uint32_t tables[EFIVMAP__GRANULES];
	uint8_t root[EFIVMAP__GRANULES];
};

void efivmap__cost_init(struct efivmap__cost *c, uint32_t va_bits);
void efivmap__cost_add_slow(struct efivmap__cost *c, uint64_t va,
			    uint64_t bytes, uint64_t pa, bool blocks);

/*
 * @blocks: the region may use block mappings (Linux page-maps code/data).
 *
 * Most regions are small and fall in the last 2 MiB span counted for 4K.
 * A span is counted for its pages, and pages there are pages at 16K and
 * 64K too (no larger block covers part of it), so the 16K and 64K
 * last-level tables and every table above were counted as well: nothing
 * to add, and no call. (Before the first, next is 0, and no VA matches
 * 2^64 - 1.)
 */
static inline void efivmap__cost_add(struct efivmap__cost *c, uint64_t va,
				     uint64_t bytes, uint64_t pa, bool blocks)
{
	uint64_t span = c->next[0][3] - 1;

	if (va >> 21 != span || (va + bytes - 1) >> 21 != span)
		efivmap__cost_add_slow(c, va, bytes, pa, blocks);
}

/* True when @a needs more tables than @b for some granule. */
bool efivmap__cost_worse(const struct efivmap__cost *a,
			 const struct efivmap__cost *b);

/* One walk over the map by LINUX's or OPTIMAL's rule. */
struct efivmap__walk {
	const struct efivmap_mmap *map;
	uint64_t lo;            /* window start: the first cursor */
	uint64_t hi;            /* window end */
	uint64_t shift;         /* added to every VA written */
	bool write;             /* store VirtualStart (only once all fits) */
	struct efivmap__cost *cost; /* optional: count tables on the way */
	/* results */
	uint64_t end;           /* cursor after the last region */
	uint64_t unit;          /* largest alignment used (at least 2 MiB) */
	size_t fail;            /* first descriptor past hi, or SIZE_MAX */
	size_t count;           /* runtime descriptors placed */
};

void efivmap__layout_linux(struct efivmap__walk *w);
/* -EFIVMAP_ERR_WINDOW naming descriptor @i. */
int efivmap__layout_no_room(const struct efivmap_mmap *map, size_t i,
			    struct efivmap_diag *diag);
void efivmap__layout_optimal(struct efivmap__walk *w);
/* The runtime descriptor count, or a negative error. */
int efivmap__layout_plan_optimal(struct efivmap_mmap *map,
				 const struct efivmap__window *win,
				 struct efivmap_diag *diag);

#endif /* EFIVMAP_LAYOUT_INTERNAL_H */
