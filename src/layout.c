// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The layout entry point and its configuration: checks the window, then
 * hands the map to one strategy (layout_optimal.c, layout_linux.c,
 * layout_flat.c), none of which calls back here.
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
		return efivmap__layout_plan_flat(map, &win, diag);
	if (win.strategy == EFIVMAP_LAYOUT_LINUX)
		return efivmap__layout_plan_linux(map, &win, diag);
	return efivmap__layout_plan_optimal(map, &win, diag);
}
