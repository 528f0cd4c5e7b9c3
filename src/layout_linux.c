// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The LINUX walk: Linux's efi_get_virtmap, region by region in firmware
 * order, and the helpers every strategy shares. OPTIMAL falls back to it
 * and costs against it, so it depends on nothing else in the layout
 * module.
 */
#include "layout_internal.h"

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
 * so VA == PA modulo 64 KiB, whatever the PA's alignment; 2 MiB aligned
 * regions of 2 MiB or more get a 2 MiB aligned VA so a 4K kernel can use
 * block mappings. An empty region gets its VA like any other and, as in
 * Linux, takes its head only.
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
		 * head + size - 1 never wraps, head + size may be 2^64. An
		 * empty region ends one byte before its head.
		 */
		last = d->num_pages ? head + (efivmap_desc_bytes(d) - 1) :
		       head - 1;
		if (efivmap__is_aligned(d->phys_start, EFIVMAP_SZ_2M) &&
		    d->num_pages && last >= EFIVMAP_SZ_2M - 1)
			cur = efivmap__align_up(cur, EFIVMAP_SZ_2M);
		else
			cur = efivmap__align_up(cur, EFIVMAP_SZ_64K);
		/* compare, never add first */
		if (cur >= w->hi || (d->num_pages && last > w->hi - 1 - cur)) {
			w->fail = i;
			return;
		}
		va = cur + head;
		if (w->cost && d->num_pages)
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

int efivmap__layout_no_room(const struct efivmap_mmap *map, size_t i,
			    struct efivmap_diag *diag)
{
	return efivmap__fail(diag, EFIVMAP_ERR_WINDOW,
			     "region runs past the end of the VA window",
			     (uint32_t)i, EFIVMAP_DIAG_NONE,
			     efivmap_mmap_get(map, i)->phys_start);
}
