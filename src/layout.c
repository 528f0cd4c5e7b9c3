// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The layout entry point, the configuration, and the LINUX and FLAT
 * strategies. OPTIMAL lives in layout_optimal.c.
 */
#include "layout_internal.h"

void efivmap_layout_cfg_init(struct efivmap_layout_cfg *cfg)
{
	if (!cfg)
		return;
	efivmap__zero(cfg, sizeof(*cfg));
	cfg->strategy = EFIVMAP_LAYOUT_OPTIMAL;
	cfg->va_bits = EFIVMAP_LAYOUT_VA_BITS;
	cfg->base = EFIVMAP_LAYOUT_BASE;
	cfg->limit = EFIVMAP_LAYOUT_LIMIT;
}

const char *efivmap_layout_strategy_name(uint32_t strategy)
{
	switch (strategy) {
	case EFIVMAP_LAYOUT_OPTIMAL:
		return "optimal";
	case EFIVMAP_LAYOUT_LINUX:
		return "linux";
	case EFIVMAP_LAYOUT_FLAT:
		return "flat";
	default:
		return "unknown";
	}
}

static int bad_cfg(struct efivmap_diag *diag, const char *what,
		   uint64_t value)
{
	return efivmap__fail(diag, EFIVMAP_ERR_INVAL, what, EFIVMAP_DIAG_NONE,
			     EFIVMAP_DIAG_NONE, value);
}

int efivmap__layout_window(const struct efivmap_mmap *map,
			   const struct efivmap_layout_cfg *cfg,
			   struct efivmap__window *w,
			   struct efivmap_diag *diag)
{
	struct efivmap_layout_cfg def;
	uint64_t top;

	if (!map)
		return bad_cfg(diag, "map is NULL", 0);
	if (!cfg) {
		efivmap_layout_cfg_init(&def);
		cfg = &def;
	}
	if (cfg->strategy > EFIVMAP_LAYOUT_FLAT)
		return bad_cfg(diag, "unknown layout strategy", cfg->strategy);
	if (cfg->va_bits < EFIVMAP_LAYOUT_VA_BITS_MIN ||
	    cfg->va_bits > EFIVMAP_LAYOUT_VA_BITS_MAX)
		return bad_cfg(diag, "va_bits outside 32..52", cfg->va_bits);
	if (!efivmap__is_aligned(cfg->base, EFIVMAP_SZ_64K) ||
	    !efivmap__is_aligned(cfg->limit, EFIVMAP_SZ_64K) ||
	    cfg->base >= cfg->limit)
		return bad_cfg(diag,
			       "window base/limit not 64 KiB aligned, or empty",
			       cfg->base);
	/* VirtualStart 0 reads as "never assigned" (see the check). */
	if (!cfg->base && cfg->strategy != EFIVMAP_LAYOUT_FLAT)
		return bad_cfg(diag, "window base 0", 0);
	top = UINT64_C(1) << cfg->va_bits;
	w->strategy = cfg->strategy;
	w->va_bits = cfg->va_bits;
	w->seed = cfg->seed;
	w->randomize = cfg->randomize;
	if (cfg->strategy == EFIVMAP_LAYOUT_FLAT) {
		w->lo = 0;
		w->hi = top;
	} else {
		/* An empty clipped window makes every region fail to fit. */
		w->hi = cfg->limit < top ? cfg->limit : top;
		w->lo = cfg->base < w->hi ? cfg->base : w->hi;
	}
	return 0;
}

/*
 * Scale a 32-bit random number onto the slots, as Linux 5.x scaled
 * EFI_RNG output onto its headroom: a multiply and a shift, no division
 * by anything but a power of two, and every slot reachable.
 */
uint64_t efivmap__layout_shift(uint64_t seed, uint64_t headroom,
			       uint64_t unit)
{
	uint64_t slots = headroom / unit + 1;
	uint64_t r = (seed ^ (seed >> 32)) & UINT32_MAX;

	/* headroom < 2^52 and unit >= 2^21, so slots * r < 2^63. */
	return ((slots * r) >> 32) * unit;
}

/*
 * Linux's efi_get_virtmap, region by region in firmware order. The head
 * between the 64 KiB frame start and PhysicalStart is part of the region,
 * so VA == PA modulo 64 KiB; 2 MiB aligned regions of 2 MiB or more get a
 * 2 MiB aligned VA so a 4K kernel can use block mappings.
 */
void efivmap__layout_linux(struct efivmap__walk *w)
{
	const struct efivmap_mmap *map = w->map;
	struct efivmap_efi_desc *d;
	uint64_t cur = w->lo, head, last, va;
	uint8_t *p = map->base;
	size_t i;

	w->fail = SIZE_MAX;
	w->unit = EFIVMAP_SZ_2M;
	w->count = 0;
	for (i = 0; i < map->count; i++, p += map->desc_size) {
		d = (void *)p;
		if (!efivmap_desc_is_runtime(d))
			continue;
		head = d->phys_start & (EFIVMAP_SZ_64K - 1);
		/*
		 * The offset of the region's last byte from its frame start:
		 * head + size - 1 never wraps, head + size may be 2^64.
		 */
		last = head + (efivmap_desc_bytes(d) - 1);
		if (efivmap__is_aligned(d->phys_start, EFIVMAP_SZ_2M) &&
		    last >= EFIVMAP_SZ_2M - 1)
			cur = efivmap__align_up(cur, EFIVMAP_SZ_2M);
		else
			cur = efivmap__align_up(cur, EFIVMAP_SZ_64K);
		/* compare, never add first */
		if (cur >= w->hi || last > w->hi - 1 - cur) {
			w->fail = i;
			return;
		}
		va = cur + head;
		if (w->cost)
			efivmap__cost_region(w->cost, va, d);
		if (w->write)
			d->virt_start = va + w->shift;
		cur += last + 1;
		w->count++;
	}
	if (w->cost)
		efivmap__cost_end(w->cost);
	w->end = cur;
}

static int plan_flat(struct efivmap_mmap *map,
		     const struct efivmap__window *win,
		     struct efivmap_diag *diag)
{
	struct efivmap_efi_desc *d;
	size_t i, n = 0;
	int ret;

	efivmap_mmap_for_each(map, i, d)
		if (efivmap_desc_is_runtime(d) &&
		    efivmap_desc_last(d) > win->hi - 1)
			return efivmap__fail(diag, EFIVMAP_ERR_VA_BITS,
					     "region ends above 2^va_bits",
					     (uint32_t)i, EFIVMAP_DIAG_NONE,
					     d->phys_start);
	/*
	 * VA = PA cannot separate a WB region from an uncached one in the
	 * same 64 KiB frame: a 16K or 64K kernel would need two memory
	 * types in one page. Refuse rather than hand on such a layout.
	 */
	ret = efivmap__layout_shared_pages(map, true, diag);
	if (ret)
		return ret;
	efivmap_mmap_for_each(map, i, d)
		if (efivmap_desc_is_runtime(d)) {
			d->virt_start = d->phys_start;
			n++;
		}
	return (int)n;
}

static int plan_linux(struct efivmap_mmap *map,
		      const struct efivmap__window *win,
		      struct efivmap_diag *diag)
{
	struct efivmap__walk w;

	efivmap__zero(&w, sizeof(w));
	w.map = map;
	w.lo = win->lo;
	w.hi = win->hi;
	efivmap__layout_linux(&w);
	if (w.fail != SIZE_MAX)
		return efivmap__layout_no_room(map, w.fail, diag);
	if (win->randomize)
		w.shift = efivmap__layout_shift(win->seed, win->hi - w.end,
						EFIVMAP_SZ_2M);
	w.write = true;
	efivmap__layout_linux(&w);
	return (int)w.count;
}

int efivmap__layout_no_room(const struct efivmap_mmap *map, size_t i,
			    struct efivmap_diag *diag)
{
	return efivmap__fail(diag, EFIVMAP_ERR_WINDOW,
			     "region runs past the end of the VA window",
			     (uint32_t)i, EFIVMAP_DIAG_NONE,
			     efivmap_mmap_get(map, i)->phys_start);
}

int efivmap_layout_plan(struct efivmap_mmap *map,
			const struct efivmap_layout_cfg *cfg,
			struct efivmap_diag *diag)
{
	struct efivmap__window win;
	int ret;

	ret = efivmap__layout_window(map, cfg, &win, diag);
	if (ret)
		return ret;
	/* Each strategy counts the runtime descriptors it placed. */
	if (win.strategy == EFIVMAP_LAYOUT_FLAT)
		return plan_flat(map, &win, diag);
	if (win.strategy == EFIVMAP_LAYOUT_LINUX)
		return plan_linux(map, &win, diag);
	return efivmap__layout_plan_optimal(map, &win, diag);
}
