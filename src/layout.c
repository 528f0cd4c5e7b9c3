// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* Virtual layout strategies: LINUX, FLAT and OPTIMAL. */
#include "internal.h"
#include "efivmap/layout.h"

#define SZ_32M (UINT64_C(1) << 25)
#define SZ_512M (UINT64_C(1) << 29)
#define SZ_1G (UINT64_C(1) << 30)

struct window {
	uint64_t base;
	uint64_t end;   /* exclusive, <= 2^va_bits */
};

void efivmap_layout_cfg_init(struct efivmap_layout_cfg *cfg)
{
	cfg->strategy = EFIVMAP_LAYOUT_OPTIMAL;
	cfg->va_bits = EFIVMAP_LAYOUT_VA_BITS;
	cfg->base = EFIVMAP_LAYOUT_BASE;
	cfg->limit = EFIVMAP_LAYOUT_LIMIT;
	cfg->seed = 0;
	cfg->randomize = false;
}

const char *efivmap_layout_strategy_name(uint32_t strategy)
{
	switch (strategy) {
	case EFIVMAP_LAYOUT_OPTIMAL: return "optimal";
	case EFIVMAP_LAYOUT_LINUX: return "linux";
	case EFIVMAP_LAYOUT_FLAT: return "flat";
	}
	return "unknown";
}

/* The usable window: [base, limit) clipped to 2^va_bits; FLAT's is all of it. */
static int layout_window(const struct efivmap_layout_cfg *cfg,
			   struct window *w, struct efivmap_diag *diag)
{
	uint64_t top;

	if (cfg->strategy > EFIVMAP_LAYOUT_FLAT || cfg->va_bits < 32 ||
	    cfg->va_bits > 52 || !efivmap__is_aligned(cfg->base, EFIVMAP_SZ_64K) ||
	    !efivmap__is_aligned(cfg->limit, EFIVMAP_SZ_64K) ||
	    cfg->base >= cfg->limit)
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "bad layout configuration (strategy, va_bits 32..52, or a 64 KiB aligned base below limit)",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	top = UINT64_C(1) << cfg->va_bits;
	if (cfg->strategy == EFIVMAP_LAYOUT_FLAT) {
		w->base = 0;
		w->end = top;
	} else {
		w->base = cfg->base;
		w->end = cfg->limit < top ? cfg->limit : top;
		if (w->base >= w->end)
			return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
					     "layout window lies above 2^va_bits",
					     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
					     cfg->base);
	}
	return 0;
}

/* Fold the seed to 32 bits and pick one of @slots positions. */
static uint64_t pick_slot(uint64_t seed, uint64_t slots)
{
	uint64_t s = (seed ^ (seed >> 32)) & 0xffffffffu;

	/* slots < 2^33 (window < 2^52 in 2 MiB units), so this cannot wrap. */
	return (slots * s) >> 32;
}

static uint64_t random_offset(const struct efivmap_layout_cfg *cfg,
			      const struct window *w, uint64_t used_end,
			      uint64_t unit)
{
	uint64_t headroom = w->end - used_end;

	if (!cfg->randomize)
		return 0;
	return unit * pick_slot(cfg->seed, headroom / unit + 1);
}

/*
 * LINUX: the rule of Linux's arm64 efi_get_virtmap(), in firmware order.
 * Run once to find the end and check the window, once more to write.
 */
static int plan_linux(struct efivmap_mmap *map,
		      const struct efivmap_layout_cfg *cfg,
		      const struct window *w, struct efivmap_diag *diag)
{
	struct efivmap_efi_desc *d;
	uint64_t cursor, offset = 0;
	size_t i;
	int pass, n = 0;

	for (pass = 0; pass < 2; pass++) {
		cursor = w->base;
		n = 0;
		efivmap_mmap_for_each(map, i, d) {
			uint64_t paddr, size;

			if (!efivmap_desc_is_runtime(d))
				continue;
			paddr = efivmap__align_down(d->phys_start, EFIVMAP_SZ_64K);
			size = efivmap_desc_bytes(d) + (d->phys_start - paddr);
			/* 2 MiB-capable regions keep block mappings possible. */
			if (efivmap__is_aligned(d->phys_start, EFIVMAP_SZ_2M) &&
			    size >= EFIVMAP_SZ_2M)
				cursor = efivmap__align_up(cursor, EFIVMAP_SZ_2M);
			else
				cursor = efivmap__align_up(cursor, EFIVMAP_SZ_64K);
			if (cursor >= w->end || size > w->end - cursor)
				return efivmap__fail(diag, EFIVMAP_ERR_WINDOW,
						     "runtime region does not fit the layout window",
						     (uint32_t)i, EFIVMAP_DIAG_NONE,
						     d->phys_start);
			if (pass)
				d->virt_start = cursor + offset +
						(d->phys_start - paddr);
			cursor += size;
			n++;
		}
		offset = random_offset(cfg, w, cursor, EFIVMAP_SZ_2M);
	}
	return n;
}

static int plan_flat(struct efivmap_mmap *map, const struct window *w,
		     struct efivmap_diag *diag)
{
	struct efivmap_efi_desc *d;
	size_t i;
	int n = 0;

	efivmap_mmap_for_each(map, i, d)
		if (efivmap_desc_is_runtime(d) &&
		    efivmap_desc_last(d) > w->end - 1)
			return efivmap__fail(diag, EFIVMAP_ERR_VA_BITS,
					     "runtime region ends above 2^va_bits, so VA = PA is impossible",
					     (uint32_t)i, EFIVMAP_DIAG_NONE,
					     d->phys_start);
	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap_desc_is_runtime(d))
			continue;
		d->virt_start = d->phys_start;
		n++;
	}
	return n;
}

/*
 * Runtime descriptors in ascending PhysicalStart without sorting the
 * caller's map: a sorted map is walked once; otherwise each step scans
 * for the next larger PhysicalStart (PAs are distinct in a valid map).
 */
struct pa_iter {
	const struct efivmap_mmap *map;
	bool sorted;
	bool started;
	size_t pos;        /* sorted: next index to look at */
	uint64_t last_pa;  /* unsorted: PhysicalStart returned last */
};

static struct efivmap_efi_desc *pa_next(struct pa_iter *it, size_t *index)
{
	struct efivmap_efi_desc *d, *best = NULL;
	size_t i;

	if (it->sorted) {
		for (; it->pos < it->map->count; it->pos++) {
			d = efivmap_mmap_get(it->map, it->pos);
			if (efivmap_desc_is_runtime(d)) {
				*index = it->pos++;
				return d;
			}
		}
		return NULL;
	}
	efivmap_mmap_for_each(it->map, i, d) {
		if (!efivmap_desc_is_runtime(d) ||
		    (it->started && d->phys_start <= it->last_pa) ||
		    (best && d->phys_start >= best->phys_start))
			continue;
		best = d;
		*index = i;
	}
	if (best) {
		it->started = true;
		it->last_pa = best->phys_start;
	}
	return best;
}

static void pa_save(const struct pa_iter *it, struct pa_iter *to)
{
	to->map = it->map;
	to->sorted = it->sorted;
	to->started = it->started;
	to->pos = it->pos;
	to->last_pa = it->last_pa;
}

/* Last byte of the 64 KiB frames a region touches. */
static uint64_t frame_last(const struct efivmap_efi_desc *d)
{
	return efivmap__align_down(efivmap_desc_last(d), EFIVMAP_SZ_64K) +
	       (EFIVMAP_SZ_64K - 1);
}

/*
 * The largest block or contiguous span any granule could use for this
 * region if VA == PA modulo it: 1 GiB (4K L1), 512 MiB (64K L2), 32 MiB
 * (16K L2), 2 MiB (4K L2, and the 16K/64K contiguous runs). Smaller
 * regions only need the 64 KiB every layout keeps.
 */
static uint64_t region_align(const struct efivmap_efi_desc *d)
{
	static const uint64_t sizes[] = { SZ_1G, SZ_512M, SZ_32M, EFIVMAP_SZ_2M };
	uint64_t last = efivmap_desc_last(d);
	size_t k;

	for (k = 0; k < EFIVMAP_ARRAY_SIZE(sizes); k++) {
		uint64_t start = efivmap__align_up(d->phys_start, sizes[k]);

		if (start >= d->phys_start && start <= last &&
		    last - start >= sizes[k] - 1)
			return sizes[k];
	}
	return EFIVMAP_SZ_64K;
}

/*
 * OPTIMAL: clusters of runtime regions whose 64 KiB frames touch keep one
 * VA - PA difference each; a cluster keeps VA == PA modulo the largest
 * block its regions can use, and clusters are packed upwards in PA order.
 * So every block and contiguous run VA == PA would allow stays possible,
 * small regions share last-level tables, and VAs ascend with PAs.
 */
static int plan_optimal(struct efivmap_mmap *map,
			const struct efivmap_layout_cfg *cfg,
			const struct window *w, struct efivmap_diag *diag)
{
	struct pa_iter it, first, probe;
	struct efivmap_efi_desc *d, *e;
	uint64_t cursor, offset = 0, max_align = EFIVMAP_SZ_2M;
	size_t idx, first_idx, members, k;
	int pass, n = 0;

	for (pass = 0; pass < 2; pass++) {
		it.map = map;
		it.sorted = efivmap_mmap_is_sorted(map);
		it.started = false;
		it.pos = 0;
		it.last_pa = 0;
		cursor = w->base;
		n = 0;
		for (;;) {
			uint64_t cstart, clast, align, v;

			pa_save(&it, &first);
			d = pa_next(&it, &first_idx);
			if (!d)
				break;
			cstart = efivmap__align_down(d->phys_start, EFIVMAP_SZ_64K);
			clast = frame_last(d);
			align = region_align(d);
			members = 1;
			for (;;) {
				pa_save(&it, &probe);
				e = pa_next(&it, &idx);
				if (!e)
					break;
				if (efivmap__align_down(e->phys_start,
							EFIVMAP_SZ_64K) - 1 > clast) {
					pa_save(&probe, &it);
					break;
				}
				if (frame_last(e) > clast)
					clast = frame_last(e);
				if (region_align(e) > align)
					align = region_align(e);
				members++;
			}
			v = efivmap__align_down(cursor, align) +
			    (cstart & (align - 1));
			if (v < cursor)
				v += align;
			if (v < cursor || v >= w->end || clast - cstart > w->end - 1 - v)
				return efivmap__fail(diag, EFIVMAP_ERR_WINDOW,
						     "runtime region does not fit the layout window",
						     (uint32_t)first_idx,
						     EFIVMAP_DIAG_NONE, d->phys_start);
			if (pass) {
				pa_save(&first, &probe);
				for (k = 0; k < members; k++) {
					e = pa_next(&probe, &idx);
					e->virt_start = e->phys_start + (v - cstart) +
							offset;
				}
			}
			if (align > max_align)
				max_align = align;
			cursor = v + (clast - cstart) + 1;
			n += (int)members;
		}
		offset = random_offset(cfg, w, cursor, max_align);
	}
	return n;
}

int efivmap_layout_plan(struct efivmap_mmap *map,
			const struct efivmap_layout_cfg *cfg,
			struct efivmap_diag *diag)
{
	struct efivmap_layout_cfg defaults;
	struct window w;
	int ret;

	if (!map)
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL, "no map",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	if (!cfg) {
		efivmap_layout_cfg_init(&defaults);
		cfg = &defaults;
	}
	ret = layout_window(cfg, &w, diag);
	if (ret)
		return ret;
	switch (cfg->strategy) {
	case EFIVMAP_LAYOUT_LINUX:
		return plan_linux(map, cfg, &w, diag);
	case EFIVMAP_LAYOUT_FLAT:
		return plan_flat(map, &w, diag);
	default:
		return plan_optimal(map, cfg, &w, diag);
	}
}

/* 64 KiB VA frames a region occupies: [first, last]. */
static void va_frames(const struct efivmap_efi_desc *d, uint64_t *first,
		      uint64_t *last)
{
	*first = efivmap__align_down(d->virt_start, EFIVMAP_SZ_64K);
	*last = efivmap__align_down(d->virt_start + efivmap_desc_bytes(d) - 1,
				    EFIVMAP_SZ_64K) + (EFIVMAP_SZ_64K - 1);
}

static int check_one(const struct efivmap_efi_desc *d, size_t i,
		     const struct window *w, uint64_t top,
		     struct efivmap_diag *diag)
{
	uint32_t idx = (uint32_t)i;
	uint64_t bytes = efivmap_desc_bytes(d);

	if (d->virt_start == EFIVMAP_EFI_VA_INVALID)
		return efivmap__fail(diag, EFIVMAP_ERR_RT_UNAVAILABLE,
				     "VirtualStart is U64_MAX: SetVirtualAddressMap failed, runtime services unavailable",
				     idx, EFIVMAP_DIAG_NONE, d->phys_start);
	if (d->virt_start == 0 && d->phys_start != 0)
		return efivmap__fail(diag, EFIVMAP_ERR_NO_VA,
				     "runtime descriptor has no VirtualStart",
				     idx, EFIVMAP_DIAG_NONE, d->phys_start);
	if ((d->virt_start ^ d->phys_start) & (EFIVMAP_SZ_64K - 1))
		return efivmap__fail(diag, EFIVMAP_ERR_VA_MISMATCH,
				     "VirtualStart not congruent to PhysicalStart modulo 64 KiB",
				     idx, EFIVMAP_DIAG_NONE, d->virt_start);
	if (bytes - 1 > UINT64_MAX - d->virt_start ||
	    d->virt_start + (bytes - 1) > top - 1)
		return efivmap__fail(diag, EFIVMAP_ERR_VA_BITS,
				     "runtime region's VA ends above 2^va_bits",
				     idx, EFIVMAP_DIAG_NONE, d->virt_start);
	if (d->virt_start < w->base || d->virt_start + (bytes - 1) > w->end - 1)
		return efivmap__fail(diag, EFIVMAP_ERR_WINDOW,
				     "runtime region's VA lies outside the layout window",
				     idx, EFIVMAP_DIAG_NONE, d->virt_start);
	return 0;
}

static int overlap_fail(const struct efivmap_efi_desc *d, size_t i,
			struct efivmap_diag *diag)
{
	return efivmap__fail(diag, EFIVMAP_ERR_VA_OVERLAP,
			     "runtime regions with different PA share a 64 KiB VA page",
			     (uint32_t)i, EFIVMAP_DIAG_NONE, d->virt_start);
}

int efivmap_layout_check(const struct efivmap_mmap *map,
			 const struct efivmap_layout_cfg *cfg,
			 struct efivmap_diag *diag)
{
	struct efivmap_layout_cfg defaults;
	const struct efivmap_efi_desc *d, *reach = NULL;
	struct window w;
	uint64_t reach_last = 0, prev_va = 0, f, l;
	bool ascending = true, any = false;
	size_t i, j;
	int ret, n = 0;

	if (!map)
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL, "no map",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	if (!cfg) {
		efivmap_layout_cfg_init(&defaults);
		cfg = &defaults;
	}
	ret = layout_window(cfg, &w, diag);
	if (ret)
		return ret;
	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap_desc_is_runtime(d))
			continue;
		ret = check_one(d, i, &w, UINT64_C(1) << cfg->va_bits, diag);
		if (ret)
			return ret;
		if (any && d->virt_start <= prev_va)
			ascending = false;
		prev_va = d->virt_start;
		any = true;
		n++;
	}

	/*
	 * Overlap at 64 KiB granularity, which a 64K kernel must map. In VA
	 * order, a region overlaps an earlier one iff it overlaps the one
	 * reaching furthest, and overlapping regions must share VA - PA.
	 */
	if (ascending) {
		efivmap_mmap_for_each(map, i, d) {
			if (!efivmap_desc_is_runtime(d))
				continue;
			va_frames(d, &f, &l);
			if (reach && f <= reach_last &&
			    d->virt_start - d->phys_start !=
			    reach->virt_start - reach->phys_start)
				return overlap_fail(d, i, diag);
			if (!reach || l > reach_last) {
				reach = d;
				reach_last = l;
			}
		}
		return n;
	}
	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap_desc_is_runtime(d))
			continue;
		va_frames(d, &f, &l);
		for (j = 0; j < i; j++) {
			const struct efivmap_efi_desc *o = efivmap_mmap_get(map, j);
			uint64_t of, ol;

			if (!efivmap_desc_is_runtime(o))
				continue;
			va_frames(o, &of, &ol);
			if (f <= ol && of <= l &&
			    d->virt_start - d->phys_start !=
			    o->virt_start - o->phys_start)
				return overlap_fail(d, i, diag);
		}
	}
	return n;
}

int efivmap_layout_mode(const struct efivmap_layout_mode_in *in,
			enum efivmap_layout_mode_reason *reason)
{
	enum efivmap_layout_mode_reason r;

	if (!in || in->va_bits < 32 || in->va_bits > 52 ||
	    (in->quirks & ~EFIVMAP_QUIRK_ALL))
		return -EFIVMAP_ERR_INVAL;
	if (in->quirks & EFIVMAP_QUIRK_NO_SVAM)
		r = EFIVMAP_MODE_QUIRK_NO_SVAM;
	else if (in->have_rt_properties &&
		 !(in->rt_supported & EFIVMAP_EFI_RT_SUPPORTED_SET_VIRTUAL_ADDRESS_MAP))
		r = EFIVMAP_MODE_RT_PROPERTIES;
	else if (in->va_bits < 48)
		r = EFIVMAP_MODE_VA_SMALL;
	else if (in->quirks & EFIVMAP_QUIRK_FORCE_SVAM)
		r = EFIVMAP_MODE_QUIRK_SVAM;
	else if (in->max_runtime_pa > (UINT64_C(1) << in->va_bits))
		r = EFIVMAP_MODE_PA_HIGH;
	else
		r = EFIVMAP_MODE_VA_LARGE;
	if (reason)
		*reason = r;
	return r <= EFIVMAP_MODE_PA_HIGH ? EFIVMAP_LAYOUT_MODE_SVAM :
					    EFIVMAP_LAYOUT_MODE_NO_SVAM;
}

const char *efivmap_layout_mode_reason(uint32_t reason)
{
	static const char *const text[EFIVMAP_MODE_REASON_MAX] = {
		[EFIVMAP_MODE_VA_SMALL] = "VA size below 48 bits: runtime PAs may not fit 1:1",
		[EFIVMAP_MODE_QUIRK_SVAM] = "platform quirk: firmware needs SetVirtualAddressMap",
		[EFIVMAP_MODE_PA_HIGH] = "a runtime region ends above 2^va_bits",
		[EFIVMAP_MODE_QUIRK_NO_SVAM] = "SetVirtualAddressMap disabled by request",
		[EFIVMAP_MODE_RT_PROPERTIES] = "RT_PROPERTIES does not list SetVirtualAddressMap",
		[EFIVMAP_MODE_VA_LARGE] = "48+ VA bits map every runtime region 1:1",
	};

	return reason < EFIVMAP_MODE_REASON_MAX ? text[reason] : "unknown";
}
