// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The kexec check: validate VirtualStart values that an earlier stage
 * chose, before building tables from them.
 *
 * Per-descriptor checks here; which regions may share a 64 KiB VA page is
 * decided in layout_share.c, which FLAT uses too.
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
	/* an empty region maps nothing: any VA will do */
	if (!d->num_pages)
		return 0;
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

int efivmap_layout_check(const struct efivmap_mmap *map,
			 const struct efivmap_layout_cfg *cfg,
			 struct efivmap_diag *diag)
{
	const struct efivmap_efi_desc *d;
	struct efivmap__window win;
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
		n++;
	}
	ret = efivmap__layout_shared_pages(map, false, diag);
	if (ret)
		return ret;
	return (int)n;
}
