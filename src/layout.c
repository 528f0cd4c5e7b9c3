// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The layout entry point and its configuration: checks the window, then
 * runs one strategy: FLAT and LINUX here, OPTIMAL in layout_optimal.c.
 * The LINUX walk that OPTIMAL also uses lives in layout_linux.c, so no
 * strategy calls back into this file.
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

/* FLAT: VA = PA, what Linux uses when it skips SVAM. */
static int plan_flat(struct efivmap_mmap *map,
		     const struct efivmap__window *win,
		     struct efivmap_diag *diag)
{
	struct efivmap_efi_desc *d;
	size_t i, n = 0;
	int ret;

	efivmap_mmap_for_each(map, i, d)
		if (efivmap__layout_placed(d) &&
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

/* LINUX: Linux's efi_get_virtmap (the walk is in layout_linux.c). */
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
