// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Which runtime regions may share a 64 KiB VA page, the largest page any
 * kernel maps a layout with: only those that translate it the same way
 * (equal VA - PA, as OPTIMAL and FLAT give regions sharing a physical
 * frame) and get the same memory class. A 64K kernel maps the page once,
 * with the union of the permissions; it cannot give it two memory types.
 *
 * Empty regions map nothing and share nothing.
 *
 * Used by the kexec check on handed-over VAs and by FLAT, whose VAs are
 * the PAs, before it writes them. Calls nothing in the other layout files.
 */
#include "layout_internal.h"

/* The VA the check looks at: VirtualStart, or the PA for FLAT. */
static uint64_t va_of(const struct efivmap_efi_desc *d, bool flat)
{
	return flat ? d->phys_start : d->virt_start;
}

static uint64_t va_first(const struct efivmap_efi_desc *d, bool flat)
{
	return efivmap__align_down(va_of(d, flat), EFIVMAP_SZ_64K);
}

static uint64_t va_last(const struct efivmap_efi_desc *d, bool flat)
{
	return efivmap__frame_last(va_of(d, flat) + efivmap_desc_bytes(d) - 1);
}

/* @d and @e share a VA page: 0 if they may, else the error for @d. */
static int conflict(const struct efivmap_efi_desc *d,
		    const struct efivmap_efi_desc *e, size_t i, bool flat,
		    struct efivmap_diag *diag)
{
	if (va_of(d, flat) - d->phys_start != va_of(e, flat) - e->phys_start)
		return efivmap__fail(diag, EFIVMAP_ERR_VA_OVERLAP,
				     "64 KiB VA page shared with another PA range",
				     (uint32_t)i, EFIVMAP_DIAG_NONE,
				     va_of(d, flat));
	if (efivmap__efi_mem_class(d->type, d->attribute) ==
	    efivmap__efi_mem_class(e->type, e->attribute))
		return 0;
	return efivmap__fail(diag, EFIVMAP_ERR_ATTR, flat ?
			     "unsafe: VA = PA puts different memory types in one 64 KiB page" :
			     "unsafe: needs different attributes in one 64 KiB VA page",
			     (uint32_t)i, EFIVMAP_DIAG_NONE, va_of(d, flat));
}

static bool ascending(const struct efivmap_mmap *map, bool flat)
{
	const struct efivmap_efi_desc *d;
	uint64_t prev = 0;
	size_t i;

	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap__layout_placed(d))
			continue;
		if (va_first(d, flat) < prev)
			return false;
		prev = va_first(d, flat);
	}
	return true;
}

/*
 * VA pages ascend in map order (every strategy's output on a map it saw
 * in that order): only the earlier region reaching furthest can conflict.
 * Any earlier region sharing a page with the current one shares that page
 * with that one too, and was already found compatible with it.
 */
static int check_sorted(const struct efivmap_mmap *map, bool flat,
			struct efivmap_diag *diag)
{
	const struct efivmap_efi_desc *d, *far = NULL;
	size_t i;
	int ret;

	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap__layout_placed(d))
			continue;
		if (far && va_first(d, flat) <= va_last(far, flat)) {
			ret = conflict(d, far, i, flat, diag);
			if (ret)
				return ret;
		}
		if (!far || va_last(d, flat) > va_last(far, flat))
			far = d;
	}
	return 0;
}

static int check_pairs(const struct efivmap_mmap *map, bool flat,
		       struct efivmap_diag *diag)
{
	const struct efivmap_efi_desc *d, *e;
	size_t i, j;
	int ret;

	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap__layout_placed(d))
			continue;
		for (j = 0; j < i; j++) {
			e = efivmap_mmap_get(map, j);
			if (!efivmap__layout_placed(e) ||
			    va_first(d, flat) > va_last(e, flat) ||
			    va_first(e, flat) > va_last(d, flat))
				continue;
			ret = conflict(d, e, i, flat, diag);
			if (ret)
				return ret;
		}
	}
	return 0;
}

int efivmap__layout_shared_pages(const struct efivmap_mmap *map, bool flat,
				 struct efivmap_diag *diag)
{
	return ascending(map, flat) ? check_sorted(map, flat, diag) :
				      check_pairs(map, flat, diag);
}
