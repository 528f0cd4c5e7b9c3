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

/*
 * A runtime region that takes room in a layout. An empty one (zero
 * pages, tolerated by efivmap_mmap_init_ex()) maps nothing: it still gets
 * a VirtualStart, as Linux gives one, but no room, and no check of its
 * pages.
 */
static inline bool efivmap__layout_placed(const struct efivmap_efi_desc *d)
{
	return efivmap_desc_is_runtime(d) && d->num_pages;
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
 *
 * A layout is costed under both mapping policies a kernel may use, since
 * which regions get blocks changes the count: ours (any region may use
 * blocks), and Linux's (EFIVMAP_PT_CFG_LINUX: runtime code and data, and
 * regions not aligned to the granule, with pages only).
 */
#define EFIVMAP__GRANULES 3
#define EFIVMAP__POLICIES 2     /* [0] ours, [1] Linux's */
/*
 * Regions the table planner joins (same VA - PA, adjacent byte for byte,
 * same attributes) are one run, and a block may span them: each granule
 * keeps the run it has not counted yet, [va, last] at pa.
 */
struct efivmap__cost_run {
	uint64_t va, last, pa;
	unsigned key;
	bool blocks, open;
};
struct efivmap__cost {
	uint32_t policies;  /* in c[0]: how many of the array are counted */
	uint64_t next[EFIVMAP__GRANULES][4]; /* first span not counted yet */
	uint32_t tables[EFIVMAP__GRANULES];
	uint8_t root[EFIVMAP__GRANULES];
	struct efivmap__cost_run run[EFIVMAP__GRANULES];
};

/*
 * @c points to EFIVMAP__POLICIES of them; the first @policies are
 * counted ([0] ours, [1] Linux's).
 */
void efivmap__cost_init(struct efivmap__cost *c, uint32_t va_bits,
			uint32_t policies);

/*
 * Granules (bit g: 4K, 16K, 64K) at which region @d may use blocks, as
 * the table planner decides (pt_plan.c): all of them under our policy;
 * under Linux's, none for runtime code and data, else those the region is
 * aligned to.
 */
static inline unsigned efivmap__cost_blocks(const struct efivmap_efi_desc *d,
					    bool linux_policy)
{
	uint64_t x = d->phys_start | efivmap_desc_bytes(d);

	if (!linux_policy)
		return 0x7u;
	if (d->type == EFIVMAP_EFI_RUNTIME_SERVICES_CODE ||
	    d->type == EFIVMAP_EFI_RUNTIME_SERVICES_DATA)
		return 0;
	return (efivmap__is_aligned(x, UINT64_C(1) << 12) ? 0x1u : 0) |
	       (efivmap__is_aligned(x, UINT64_C(1) << 14) ? 0x2u : 0) |
	       (efivmap__is_aligned(x, UINT64_C(1) << 16) ? 0x4u : 0);
}

/*
 * What the table planner compares before joining two adjacent regions
 * into one run (a block may then span both): memory class, writable,
 * executable. Under Linux's policy every non-MMIO region is write-back.
 * Bits 0-1 are the class (EFIVMAP__KEY_CLASS).
 */
#define EFIVMAP__KEY_CLASS(k) ((k) & 0x3u)
static inline unsigned efivmap__merge_key(const struct efivmap_efi_desc *d,
					  bool linux_policy)
{
	unsigned cls = efivmap__efi_mem_class(d->type, d->attribute);

	if (linux_policy)
		cls = efivmap__efi_is_mmio(d->type) ? EFIVMAP__MEM_DEVICE :
						      EFIVMAP__MEM_WB;
	return cls |
	       (d->attribute & EFIVMAP_EFI_MEMORY_RO ? 0 : 0x4u) |
	       (d->type == EFIVMAP_EFI_RUNTIME_SERVICES_CODE &&
		!(d->attribute & EFIVMAP_EFI_MEMORY_XP) &&
		cls != EFIVMAP__MEM_DEVICE ? 0x8u : 0);
}

/* Region @d at VA @va, under the counted policies. */
void efivmap__cost_region(struct efivmap__cost *c, uint64_t va,
			  const struct efivmap_efi_desc *d);
/* Count the open runs: call once after the last region. */
void efivmap__cost_end(struct efivmap__cost *c);

/* One walk over the map by LINUX's or OPTIMAL's rule. */
struct efivmap__walk {
	const struct efivmap_mmap *map;
	uint64_t lo;            /* window start: the first cursor */
	uint64_t hi;            /* window end */
	uint64_t shift;         /* added to every VA written */
	bool write;             /* store VirtualStart (only once all fits) */
	/* optional: count tables on the way, [EFIVMAP__POLICIES] */
	struct efivmap__cost *cost;
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
