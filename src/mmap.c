// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* The memory-map view: validation, lookup, counting. */
#include "internal.h"
#include "efivmap/mmap.h"

int efivmap_mmap_check_desc(const struct efivmap_efi_desc *d, size_t index,
			    struct efivmap_diag *diag)
{
	uint32_t idx = (uint32_t)index;

	if (d->num_pages == 0)
		return efivmap__fail(diag, EFIVMAP_ERR_ZERO_PAGES,
				     "NumberOfPages is 0", idx,
				     EFIVMAP_DIAG_NONE, d->phys_start);
	if (!efivmap__is_aligned(d->phys_start, EFIVMAP_SZ_4K))
		return efivmap__fail(diag, EFIVMAP_ERR_ALIGN,
				     "PhysicalStart not 4 KiB aligned", idx,
				     EFIVMAP_DIAG_NONE, d->phys_start);
	/*
	 * A region may end exactly at 2^64, but its size must fit 64 bits:
	 * 2^52 pages would make efivmap_desc_bytes() 0 and every size
	 * computed from it wrap.
	 */
	if (d->num_pages > (UINT64_MAX >> EFIVMAP_EFI_PAGE_SHIFT))
		return efivmap__fail(diag, EFIVMAP_ERR_OVERFLOW,
				     "NumberOfPages * 4 KiB does not fit 64 bits",
				     idx, EFIVMAP_DIAG_NONE, d->phys_start);
	if ((d->num_pages << EFIVMAP_EFI_PAGE_SHIFT) - 1 >
	    UINT64_MAX - d->phys_start)
		return efivmap__fail(diag, EFIVMAP_ERR_OVERFLOW,
				     "PhysicalStart + NumberOfPages * 4 KiB wraps past 2^64",
				     idx, EFIVMAP_DIAG_NONE, d->phys_start);
	return 0;
}

static bool desc_overlap(const struct efivmap_efi_desc *a,
			 const struct efivmap_efi_desc *b)
{
	return a->phys_start <= efivmap_desc_last(b) &&
	       b->phys_start <= efivmap_desc_last(a);
}

/*
 * Sorted maps (the common case once efivmap_mmap_sort() ran) need only
 * neighbour checks; unsorted ones fall back to comparing every pair, which
 * costs nothing for real maps of a few hundred entries and needs no memory.
 */
static int check_overlaps(const struct efivmap_mmap *m,
			  struct efivmap_diag *diag)
{
	size_t i, j;

	if (m->sorted) {
		for (i = 1; i < m->count; i++) {
			const struct efivmap_efi_desc *p = efivmap_mmap_get(m, i - 1);
			const struct efivmap_efi_desc *d = efivmap_mmap_get(m, i);

			if (d->phys_start <= efivmap_desc_last(p))
				goto overlap;
		}
		return 0;
	}
	for (i = 1; i < m->count; i++)
		for (j = 0; j < i; j++)
			if (desc_overlap(efivmap_mmap_get(m, i),
					 efivmap_mmap_get(m, j)))
				goto overlap;
	return 0;
overlap:
	return efivmap__fail(diag, EFIVMAP_ERR_OVERLAP,
			     "descriptor overlaps an earlier one", (uint32_t)i,
			     EFIVMAP_DIAG_NONE,
			     efivmap_mmap_get(m, i)->phys_start);
}

/* Everything efivmap_mmap_init() checks except overlaps, into @m. */
static int init_view(struct efivmap_mmap *m, struct efivmap_mmap *map,
		     void *buf, size_t map_size, size_t desc_size,
		     uint32_t desc_version, struct efivmap_diag *diag)
{
	size_t i;
	int ret;

	if (!map || (map_size && (!buf || ((uintptr_t)buf & 7))))
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "map buffer missing or not 8-byte aligned",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     (uint64_t)(uintptr_t)buf);
	if (!efivmap__desc_size_ok(desc_size))
		return efivmap__fail(diag, EFIVMAP_ERR_DESC_SIZE,
				     "desc_size below 40 or not a multiple of 8",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     desc_size);
	if (map_size % desc_size)
		return efivmap__fail(diag, EFIVMAP_ERR_MAP_SIZE,
				     "map_size not a multiple of desc_size",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     map_size);
	if (desc_version != EFIVMAP_EFI_DESC_VERSION)
		return efivmap__fail(diag, EFIVMAP_ERR_VERSION,
				     "descriptor version is not 1",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     desc_version);

	m->base = buf;
	m->map_size = map_size;
	m->desc_size = desc_size;
	m->desc_version = desc_version;
	m->count = map_size / desc_size;
	for (i = 0; i < m->count; i++) {
		ret = efivmap_mmap_check_desc(efivmap_mmap_get(m, i), i, diag);
		if (ret)
			return ret;
	}
	return 0;
}

/* Field by field: a struct copy may become a call to memcpy. */
static void set_view(struct efivmap_mmap *map, const struct efivmap_mmap *m)
{
	map->base = m->base;
	map->map_size = m->map_size;
	map->desc_size = m->desc_size;
	map->desc_version = m->desc_version;
	map->count = m->count;
	map->sorted = m->sorted;
}

int efivmap_mmap_init(struct efivmap_mmap *map, void *buf, size_t map_size,
		      size_t desc_size, uint32_t desc_version,
		      struct efivmap_diag *diag)
{
	struct efivmap_mmap m;
	int ret;

	ret = init_view(&m, map, buf, map_size, desc_size, desc_version, diag);
	if (!ret) {
		m.sorted = efivmap_mmap_is_sorted(&m);
		ret = check_overlaps(&m, diag);
	}
	if (!ret)
		set_view(map, &m);
	return ret;
}

int efivmap_mmap_init_sort(struct efivmap_mmap *map, void *buf,
			   size_t map_size, size_t desc_size,
			   uint32_t desc_version, struct efivmap_diag *diag)
{
	struct efivmap_mmap m;
	int ret;

	ret = init_view(&m, map, buf, map_size, desc_size, desc_version, diag);
	if (ret)
		return ret;
	efivmap_mmap_sort(&m);
	ret = check_overlaps(&m, diag);
	if (!ret)
		set_view(map, &m);
	return ret;
}

bool efivmap_mmap_is_sorted(const struct efivmap_mmap *map)
{
	size_t i;

	for (i = 1; i < map->count; i++)
		if (efivmap_mmap_get(map, i)->phys_start <=
		    efivmap_mmap_get(map, i - 1)->phys_start)
			return false;
	return true;
}

struct efivmap_efi_desc *efivmap_mmap_find(const struct efivmap_mmap *map,
					   uint64_t pa, size_t *index)
{
	struct efivmap_efi_desc *d;
	size_t i, lo = 0, hi = map->count;

	if (map->sorted) {
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			d = efivmap_mmap_get(map, mid);
			if (pa < d->phys_start) {
				hi = mid;
			} else if (pa > efivmap_desc_last(d)) {
				lo = mid + 1;
			} else {
				i = mid;
				goto found;
			}
		}
		return NULL;
	}
	efivmap_mmap_for_each(map, i, d)
		if (pa >= d->phys_start && pa <= efivmap_desc_last(d))
			goto found;
	return NULL;
found:
	if (index)
		*index = i;
	return efivmap_mmap_get(map, i);
}

size_t efivmap_mmap_count_runtime(const struct efivmap_mmap *map)
{
	const struct efivmap_efi_desc *d;
	size_t i, n = 0;

	efivmap_mmap_for_each(map, i, d)
		n += efivmap_desc_is_runtime(d);
	return n;
}
