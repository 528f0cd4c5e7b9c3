// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* The memory-map view: validation, lookup, counting. */
#include "internal.h"
#include "efivmap/mmap.h"
#include "efivmap/finding.h"

/* What init_ex() reads and records with: one argument for the steps. */
struct scan {
	struct efivmap_findings *f;
	struct efivmap_diag *diag;
	uint32_t pa_bits;
};

/* Record finding @cls for descriptor @i (see efivmap__finding()). */
static int note(const struct scan *s, uint32_t cls, uint32_t repair,
		size_t i, uint64_t addr, uint32_t other, int err,
		const char *what)
{
	struct efivmap_finding x;

	x.cls = cls;
	x.repair = repair;
	x.index = (uint32_t)i;
	x.line = EFIVMAP_DIAG_NONE;
	x.addr = addr;
	x.other = other;
	x.err = err;
	return efivmap__finding(s->f, &x, what, s->diag);
}

/* The sizes that stay fatal: a range that wraps cannot be mapped. */
static int check_size(const struct efivmap_efi_desc *d, uint32_t idx,
		      struct efivmap_diag *diag)
{
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

/*
 * The checks today's callers rely on, in the order they always ran. An
 * empty descriptor maps nothing, so nothing else about it matters; an
 * unaligned runtime one is page-mapped by its enclosing 4 KiB pages, as
 * Linux's arm64 efi_create_mapping() does.
 */
static int check_shape(const struct scan *s, const struct efivmap_efi_desc *d,
		       size_t i, bool *empty)
{
	bool rt = efivmap_desc_is_runtime(d);
	int ret;

	*empty = d->num_pages == 0;
	if (*empty)
		return note(s, EFIVMAP_FIND_ZERO_PAGES, EFIVMAP_REPAIR_SKIPPED,
			    i, d->phys_start, EFIVMAP_DIAG_NONE,
			    -EFIVMAP_ERR_ZERO_PAGES, "NumberOfPages is 0");
	if (!efivmap__is_aligned(d->phys_start, EFIVMAP_SZ_4K)) {
		ret = note(s, EFIVMAP_FIND_START_UNALIGNED,
			   rt ? EFIVMAP_REPAIR_ROUNDED_OUT : EFIVMAP_REPAIR_NONE,
			   i, d->phys_start, EFIVMAP_DIAG_NONE,
			   -EFIVMAP_ERR_ALIGN, "PhysicalStart not 4 KiB aligned");
		if (ret)
			return ret;
	}
	return check_size(d, (uint32_t)i, s->diag);
}

/* A region above the PA size: runtime code there could not be mapped. */
static int check_pa(const struct scan *s, const struct efivmap_efi_desc *d,
		    size_t i)
{
	if (!s->pa_bits || s->pa_bits >= 64 ||
	    !(efivmap_desc_last(d) >> s->pa_bits))
		return 0;
	if (efivmap_desc_is_runtime(d))
		return efivmap__fail(s->diag, EFIVMAP_ERR_VA_BITS,
				     "runtime region ends beyond the PA size",
				     (uint32_t)i, EFIVMAP_DIAG_NONE,
				     d->phys_start);
	return note(s, EFIVMAP_FIND_BEYOND_PA, EFIVMAP_REPAIR_NONE, i,
		    d->phys_start, EFIVMAP_DIAG_NONE, -EFIVMAP_ERR_VA_BITS,
		    "region ends beyond the PA size");
}

/* The finding for a type UEFI does not define, or 0. */
static uint32_t type_class(uint32_t type)
{
	if (type <= EFIVMAP_EFI_MAX_STANDARD_TYPE)
		return 0;
	if (type >= EFIVMAP_EFI_OS_TYPE_MIN)
		return EFIVMAP_FIND_OS_TYPE;
	return type >= EFIVMAP_EFI_OEM_TYPE_MIN ? EFIVMAP_FIND_OEM_TYPE :
						  EFIVMAP_FIND_UNKNOWN_TYPE;
}

/*
 * Defects the library always accepted: reported, never refused, also
 * under EFIVMAP_FINDINGS_STRICT (err 0). The repair is what the default
 * table policy (efivmap_pt_policy()) does with a runtime region.
 */
static int check_info(const struct scan *s, const struct efivmap_efi_desc *d,
		      size_t i)
{
	bool rt = efivmap_desc_is_runtime(d);
	unsigned mc = efivmap__efi_mem_class(d->type, d->attribute);
	uint32_t cls = type_class(d->type), how = EFIVMAP_REPAIR_NONE;
	int ret = 0;

	if (rt)
		how = mc == EFIVMAP__MEM_DEVICE ? EFIVMAP_REPAIR_DEVICE :
		      mc == EFIVMAP__MEM_NC ? EFIVMAP_REPAIR_NONCACHEABLE :
		      EFIVMAP_REPAIR_NONE;
	if (cls)
		ret = note(s, cls, how == EFIVMAP_REPAIR_DEVICE ? how :
			   EFIVMAP_REPAIR_NONE, i, d->phys_start,
			   EFIVMAP_DIAG_NONE, 0,
			   "memory type UEFI does not define");
	if (!ret && rt && !(d->attribute & (EFIVMAP_EFI_MEMORY_UC |
	    EFIVMAP_EFI_MEMORY_WC | EFIVMAP_EFI_MEMORY_WT |
	    EFIVMAP_EFI_MEMORY_WB)))
		ret = note(s, EFIVMAP_FIND_RT_NO_CACHEABILITY, how, i,
			   d->phys_start, EFIVMAP_DIAG_NONE, 0,
			   "runtime region without a cacheability bit");
	if (!ret && efivmap_mmap_unknown_attrs(d))
		ret = note(s, EFIVMAP_FIND_UNDEFINED_ATTR, EFIVMAP_REPAIR_NONE,
			   i, d->phys_start, EFIVMAP_DIAG_NONE, 0,
			   "attribute bits UEFI does not define");
	return ret;
}

/*
 * Refuse every finding: what init() always did. Zeroed by hand, as an
 * initializer may become a call to memset.
 */
static struct efivmap_findings *strict_set(struct efivmap_findings *f)
{
	efivmap__zero(f, sizeof(*f));
	f->flags = EFIVMAP_FINDINGS_STRICT;
	return f;
}

int efivmap_mmap_check_desc(const struct efivmap_efi_desc *d, size_t index,
			    struct efivmap_diag *diag)
{
	struct efivmap_findings strict;
	struct scan s = { strict_set(&strict), diag, 0 };
	bool empty;

	return check_shape(&s, d, index, &empty);
}

static bool desc_overlap(const struct efivmap_efi_desc *a,
			 const struct efivmap_efi_desc *b)
{
	return a->phys_start <= efivmap_desc_last(b) &&
	       b->phys_start <= efivmap_desc_last(a);
}

/*
 * Descriptor @i overlaps the earlier @j. Exact copies and runtime pairs
 * get one mapping (their permissions joined where they share a page);
 * with a non-runtime region only the runtime one is ever mapped. Whether
 * two runtime ranges can really share is the layout's and the tables'
 * question: they refuse different translations or memory types in one
 * page.
 */
static int overlap(const struct scan *s, const struct efivmap_mmap *m,
		   size_t i, size_t j)
{
	const struct efivmap_efi_desc *d = efivmap_mmap_get(m, i);
	const struct efivmap_efi_desc *e = efivmap_mmap_get(m, j);
	bool rd = efivmap_desc_is_runtime(d), re = efivmap_desc_is_runtime(e);
	uint32_t cls = rd && re ? EFIVMAP_FIND_OVERLAP_RT :
		       rd || re ? EFIVMAP_FIND_OVERLAP_RT_OTHER :
		       EFIVMAP_FIND_OVERLAP_OTHER;

	if (d->phys_start == e->phys_start && d->num_pages == e->num_pages &&
	    d->type == e->type && d->attribute == e->attribute)
		cls = EFIVMAP_FIND_DUPLICATE;
	return note(s, cls, rd && re ? EFIVMAP_REPAIR_UNION :
		    EFIVMAP_REPAIR_NONE, i, d->phys_start, (uint32_t)j,
		    -EFIVMAP_ERR_OVERLAP, "descriptor overlaps an earlier one");
}

/*
 * Runtime regions @i and @j share a 4 KiB page (bytes, or the pages an
 * unaligned start is rounded out to) with different memory types: the
 * tables would map one physical page twice with two types, which the
 * architecture does not allow. Fatal, tolerant or not.
 */
static int rt_types(const struct scan *s, const struct efivmap_mmap *m,
		    size_t i, size_t j)
{
	const struct efivmap_efi_desc *d = efivmap_mmap_get(m, i);
	const struct efivmap_efi_desc *e = efivmap_mmap_get(m, j);
	uint64_t m4 = ~(EFIVMAP_SZ_4K - 1);

	if (!efivmap_desc_is_runtime(d) || !efivmap_desc_is_runtime(e) ||
	    (d->phys_start & m4) > (efivmap_desc_last(e) & m4) ||
	    (e->phys_start & m4) > (efivmap_desc_last(d) & m4) ||
	    efivmap__efi_mem_class(d->type, d->attribute) ==
	    efivmap__efi_mem_class(e->type, e->attribute))
		return 0;
	return efivmap__fail(s->diag, EFIVMAP_ERR_ATTR,
			     "unsafe: runtime regions of two memory types share a 4 KiB page",
			     (uint32_t)i, EFIVMAP_DIAG_NONE, d->phys_start);
}

/*
 * In PhysicalStart order only the earlier region reaching furthest can
 * overlap the next one, so one pass finds every descriptor that overlaps
 * and pairs it with the furthest runtime and the furthest other region.
 * Empty descriptors cover nothing.
 */
static int overlaps_sorted(const struct scan *s, const struct efivmap_mmap *m,
			   bool *any)
{
	size_t i, far[2] = { SIZE_MAX, SIZE_MAX }, k;
	const struct efivmap_efi_desc *d;
	int ret;

	efivmap_mmap_for_each(m, i, d) {
		/* its last byte is below its first: binary search would stray */
		if (!d->num_pages) {
			*any = true;
			continue;
		}
		for (k = 0; k < 2; k++) {
			if (far[k] == SIZE_MAX)
				continue;
			ret = 0;
			if (d->phys_start <=
			    efivmap_desc_last(efivmap_mmap_get(m, far[k]))) {
				*any = true;
				ret = overlap(s, m, i, far[k]);
			}
			if (!ret)
				ret = rt_types(s, m, i, far[k]);
			if (ret)
				return ret;
		}
		k = efivmap_desc_is_runtime(d);
		if (far[k] == SIZE_MAX || efivmap_desc_last(d) >
		    efivmap_desc_last(efivmap_mmap_get(m, far[k])))
			far[k] = i;
	}
	return 0;
}

/*
 * Unsorted maps compare every pair: nothing for real maps of a few
 * hundred entries, and no memory; efivmap_mmap_init_sort() is linear
 * after its sort. Each descriptor is paired with the first earlier
 * runtime and the first earlier other region it overlaps; runtime pairs
 * are all checked for a shared page of two memory types.
 */
static int overlaps_pairs(const struct scan *s, const struct efivmap_mmap *m,
			  bool *any)
{
	const struct efivmap_efi_desc *d, *e;
	size_t i, j;
	bool seen[2];
	int ret;

	efivmap_mmap_for_each(m, i, d) {
		seen[0] = seen[1] = !d->num_pages;
		for (j = 0; j < i && d->num_pages; j++) {
			e = efivmap_mmap_get(m, j);
			if (!e->num_pages)
				continue;
			ret = 0;
			if (!seen[efivmap_desc_is_runtime(e)] &&
			    desc_overlap(d, e)) {
				seen[efivmap_desc_is_runtime(e)] = true;
				*any = true;
				ret = overlap(s, m, i, j);
			}
			if (!ret)
				ret = rt_types(s, m, i, j);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/* The first descriptor below its predecessor, or 0. */
static size_t first_unsorted(const struct efivmap_mmap *m)
{
	size_t i;

	for (i = 1; i < m->count; i++)
		if (efivmap_mmap_get(m, i)->phys_start <
		    efivmap_mmap_get(m, i - 1)->phys_start)
			return i;
	return 0;
}

/*
 * Overlaps, in firmware order or after sorting (@sort). Binary search
 * cannot find a region that an earlier one swallows, so a map with
 * overlaps or empty descriptors is looked up linearly.
 */
static int check_overlaps(const struct scan *s, struct efivmap_mmap *m,
			  bool sort)
{
	size_t u = first_unsorted(m);
	bool any = false;
	int ret = 0;

	if (u)
		ret = note(s, EFIVMAP_FIND_UNSORTED,
			   sort ? EFIVMAP_REPAIR_SORTED : EFIVMAP_REPAIR_NONE, u,
			   efivmap_mmap_get(m, u)->phys_start, EFIVMAP_DIAG_NONE,
			   0, "map not in PhysicalStart order");
	if (ret)
		return ret;
	if (sort)
		efivmap_mmap_sort(m);
	if (!sort && u)
		return overlaps_pairs(s, m, &any);
	ret = overlaps_sorted(s, m, &any);
	m->sorted = !any;
	return ret;
}

/* The metadata: fatal except an unexpected descriptor version. */
static int check_meta(const struct scan *s, struct efivmap_mmap *map,
		      void *buf, size_t map_size, size_t desc_size,
		      uint32_t desc_version)
{
	if (!map || (map_size && (!buf || ((uintptr_t)buf & 7))))
		return efivmap__fail(s->diag, EFIVMAP_ERR_INVAL,
				     "map buffer missing or not 8-byte aligned",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     (uint64_t)(uintptr_t)buf);
	if (!efivmap__desc_size_ok(desc_size))
		return efivmap__fail(s->diag, EFIVMAP_ERR_DESC_SIZE,
				     "desc_size below 40 or not a multiple of 8",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     desc_size);
	if (map_size % desc_size)
		return efivmap__fail(s->diag, EFIVMAP_ERR_MAP_SIZE,
				     "map_size not a multiple of desc_size",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     map_size);
	/* Linux (efi-init.c) only warns: the layout of version 1 is read. */
	if (desc_version != EFIVMAP_EFI_DESC_VERSION)
		return note(s, EFIVMAP_FIND_DESC_VERSION, EFIVMAP_REPAIR_NONE,
			    EFIVMAP_DIAG_NONE, desc_version, EFIVMAP_DIAG_NONE,
			    -EFIVMAP_ERR_VERSION, "descriptor version is not 1");
	return 0;
}

/* Everything init_ex() checks except overlaps, into @m. */
static int init_view(const struct scan *s, struct efivmap_mmap *m,
		     struct efivmap_mmap *map, void *buf, size_t map_size,
		     size_t desc_size, uint32_t desc_version)
{
	const struct efivmap_efi_desc *d;
	size_t i;
	bool empty;
	int ret;

	ret = check_meta(s, map, buf, map_size, desc_size, desc_version);
	if (ret)
		return ret;
	m->base = buf;
	m->map_size = map_size;
	m->desc_size = desc_size;
	m->desc_version = desc_version;
	m->count = map_size / desc_size;
	m->sorted = false;      /* until check_overlaps() knows better */
	efivmap_mmap_for_each(m, i, d) {
		ret = check_shape(s, d, i, &empty);
		if (!ret && !empty)
			ret = check_pa(s, d, i);
		if (!ret && !empty)
			ret = check_info(s, d, i);
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

static int init_any(struct efivmap_mmap *map, void *buf, size_t map_size,
		    size_t desc_size, uint32_t desc_version, uint32_t pa_bits,
		    struct efivmap_findings *f, struct efivmap_diag *diag,
		    bool sort)
{
	struct scan s = { f, diag, pa_bits };
	struct efivmap_mmap m;
	int ret;

	ret = init_view(&s, &m, map, buf, map_size, desc_size, desc_version);
	if (!ret)
		ret = check_overlaps(&s, &m, sort);
	if (!ret)
		set_view(map, &m);
	return ret;
}

int efivmap_mmap_init_ex(struct efivmap_mmap *map, void *buf,
			 size_t map_size, size_t desc_size,
			 uint32_t desc_version, uint32_t pa_bits,
			 struct efivmap_findings *f, struct efivmap_diag *diag)
{
	return init_any(map, buf, map_size, desc_size, desc_version, pa_bits,
			f, diag, false);
}

int efivmap_mmap_init_sort_ex(struct efivmap_mmap *map, void *buf,
			      size_t map_size, size_t desc_size,
			      uint32_t desc_version, uint32_t pa_bits,
			      struct efivmap_findings *f,
			      struct efivmap_diag *diag)
{
	return init_any(map, buf, map_size, desc_size, desc_version, pa_bits,
			f, diag, true);
}

int efivmap_mmap_init(struct efivmap_mmap *map, void *buf, size_t map_size,
		      size_t desc_size, uint32_t desc_version,
		      struct efivmap_diag *diag)
{
	struct efivmap_findings strict;

	return init_any(map, buf, map_size, desc_size, desc_version, 0,
			strict_set(&strict), diag, false);
}

int efivmap_mmap_init_sort(struct efivmap_mmap *map, void *buf,
			   size_t map_size, size_t desc_size,
			   uint32_t desc_version, struct efivmap_diag *diag)
{
	struct efivmap_findings strict;

	return init_any(map, buf, map_size, desc_size, desc_version, 0,
			strict_set(&strict), diag, true);
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
		if (d->num_pages && pa >= d->phys_start &&
		    pa <= efivmap_desc_last(d))
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
