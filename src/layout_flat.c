// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* The FLAT strategy: VA = PA, what Linux uses when it skips SVAM. */
#include "layout_internal.h"

int efivmap__layout_plan_flat(struct efivmap_mmap *map,
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
