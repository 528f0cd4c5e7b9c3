// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The kexec check: validate VirtualStart values that an earlier stage
 * chose, before building tables from them.
 *
 * Overlap is judged on 64 KiB VA pages, the largest page any kernel maps
 * the layout with: two regions may share a page only when they translate
 * it the same way (equal VA - PA), as OPTIMAL and FLAT do for regions
 * sharing a physical frame.
 */
#include "layout_internal.h"

static int check_one(const struct efivmap_efi_desc *d, size_t i,
		     const struct efivmap__window *win,
		     struct efivmap_diag *diag)
{
	uint32_t idx = (uint32_t)i;
	uint64_t va = d->virt_start, bytes = efivmap_desc_bytes(d);

	if (va == EFIVMAP_EFI_VA_INVALID)
		return efivmap__fail(diag, EFIVMAP_ERR_RT_UNAVAILABLE,
				     "VirtualStart is U64_MAX: runtime services unavailable",
				     idx, EFIVMAP_DIAG_NONE, d->phys_start);
	if (va == 0 && d->phys_start != 0)
		return efivmap__fail(diag, EFIVMAP_ERR_NO_VA,
				     "runtime descriptor has no VirtualStart",
				     idx, EFIVMAP_DIAG_NONE, d->phys_start);
	if (!efivmap__is_aligned(va - d->phys_start, EFIVMAP_SZ_64K))
		return efivmap__fail(diag, EFIVMAP_ERR_VA_MISMATCH,
				     "VirtualStart != PhysicalStart modulo 64 KiB",
				     idx, EFIVMAP_DIAG_NONE, va);
	if (bytes - 1 > UINT64_MAX - va ||
	    va + (bytes - 1) > (UINT64_C(1) << win->va_bits) - 1)
		return efivmap__fail(diag, EFIVMAP_ERR_VA_BITS,
				     "virtual range ends above 2^va_bits",
				     idx, EFIVMAP_DIAG_NONE, va);
	if (efivmap__align_down(va, EFIVMAP_SZ_64K) < win->lo ||
	    va + (bytes - 1) > win->hi - 1 || win->lo >= win->hi)
		return efivmap__fail(diag, EFIVMAP_ERR_WINDOW,
				     "virtual range outside the VA window",
				     idx, EFIVMAP_DIAG_NONE, va);
	return 0;
}

static uint64_t va_first(const struct efivmap_efi_desc *d)
{
	return efivmap__align_down(d->virt_start, EFIVMAP_SZ_64K);
}

static uint64_t va_last(const struct efivmap_efi_desc *d)
{
	return efivmap__frame_last(d->virt_start + efivmap_desc_bytes(d) - 1);
}

static int overlap(struct efivmap_diag *diag, size_t i,
		   const struct efivmap_efi_desc *d)
{
	return efivmap__fail(diag, EFIVMAP_ERR_VA_OVERLAP,
			     "64 KiB VA page shared with another PA range",
			     (uint32_t)i, EFIVMAP_DIAG_NONE, d->virt_start);
}

/*
 * VA pages ascend in map order (every strategy's output on a map it saw
 * in that order): only the earlier region reaching furthest can conflict.
 * Any earlier region overlapping the current one also overlaps that one,
 * and was already found to translate the same way.
 */
static int check_sorted(const struct efivmap_mmap *map,
			struct efivmap_diag *diag)
{
	const struct efivmap_efi_desc *d, *far = NULL;
	size_t i;

	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap_desc_is_runtime(d))
			continue;
		if (far && va_first(d) <= va_last(far) &&
		    d->virt_start - d->phys_start !=
		    far->virt_start - far->phys_start)
			return overlap(diag, i, d);
		if (!far || va_last(d) > va_last(far))
			far = d;
	}
	return 0;
}

static int check_pairs(const struct efivmap_mmap *map,
		       struct efivmap_diag *diag)
{
	const struct efivmap_efi_desc *d, *e;
	size_t i, j;

	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap_desc_is_runtime(d))
			continue;
		for (j = 0; j < i; j++) {
			e = efivmap_mmap_get(map, j);
			if (efivmap_desc_is_runtime(e) &&
			    va_first(d) <= va_last(e) &&
			    va_first(e) <= va_last(d) &&
			    d->virt_start - d->phys_start !=
			    e->virt_start - e->phys_start)
				return overlap(diag, i, d);
		}
	}
	return 0;
}

int efivmap_layout_check(const struct efivmap_mmap *map,
			 const struct efivmap_layout_cfg *cfg,
			 struct efivmap_diag *diag)
{
	const struct efivmap_efi_desc *d;
	struct efivmap__window win;
	uint64_t prev = 0;
	bool ascending = true;
	size_t i, n = 0;
	int ret;

	ret = efivmap__layout_window(map, cfg, &win, diag);
	if (ret)
		return ret;
	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap_desc_is_runtime(d))
			continue;
		ret = check_one(d, i, &win, diag);
		if (ret)
			return ret;
		if (va_first(d) < prev)
			ascending = false;
		prev = va_first(d);
		n++;
	}
	ret = ascending ? check_sorted(map, diag) : check_pairs(map, diag);
	if (ret)
		return ret;
	return (int)n;
}
