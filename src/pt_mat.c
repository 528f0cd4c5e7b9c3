// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The EFI Memory Attributes Table: header checks, per-entry checks (as
 * Linux's efi_memattr code makes them) and lookup of the entries inside
 * one runtime descriptor.
 */
#include "pt_internal.h"

/* Keeps count * desc_size far from overflow; real tables are a few KiB. */
#define MAT_MAX_BYTES (UINT64_C(64) << 20)

int efivmap_pt_mat_init(struct efivmap_pt_mat *mat,
			const struct efivmap_efi_mat_header *hdr,
			const void *entries, size_t bytes,
			struct efivmap_diag *diag)
{
	uint64_t need;

	if (!mat || !hdr || (!entries && hdr->num_entries))
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "NULL argument", EFIVMAP_DIAG_NONE,
				     EFIVMAP_DIAG_NONE, 0);
	if ((uintptr_t)entries & 7u)
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "MAT entries not 8-byte aligned",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     (uint64_t)(uintptr_t)entries);
	if (hdr->version < 1 || hdr->version > 2)
		return efivmap__fail(diag, EFIVMAP_ERR_MAT,
				     "MAT version is not 1 or 2",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     hdr->version);
	if (hdr->desc_size < EFIVMAP_EFI_DESC_MIN_SIZE ||
	    (hdr->desc_size & 7u))
		return efivmap__fail(diag, EFIVMAP_ERR_MAT,
				     "MAT entry size below 40 or unaligned",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     hdr->desc_size);
	need = (uint64_t)hdr->num_entries * hdr->desc_size;
	if (need > MAT_MAX_BYTES || need > bytes)
		return efivmap__fail(diag, EFIVMAP_ERR_MAT,
				     "MAT entries exceed the table",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     hdr->num_entries);
	mat->entries = entries;
	mat->version = hdr->version;
	mat->flags = hdr->version >= 2 ? hdr->flags : 0;
	mat->desc_size = hdr->desc_size;
	mat->count = hdr->num_entries;
	return 0;
}

int efivmap_pt_mat_from_table(struct efivmap_pt_mat *mat, const void *table,
			      size_t size, struct efivmap_diag *diag)
{
	const uint8_t *t = table;

	if (!mat || !table)
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "NULL argument", EFIVMAP_DIAG_NONE,
				     EFIVMAP_DIAG_NONE, 0);
	if (size < sizeof(struct efivmap_efi_mat_header))
		return efivmap__fail(diag, EFIVMAP_ERR_MAT,
				     "MAT smaller than its header",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     size);
	return efivmap_pt_mat_init(mat,
			(const struct efivmap_efi_mat_header *)table,
			t + sizeof(struct efivmap_efi_mat_header),
			size - sizeof(struct efivmap_efi_mat_header), diag);
}

bool efivmap__pt_mat_sorted(const struct efivmap_pt_mat *mat)
{
	size_t i;

	for (i = 1; i < mat->count; i++)
		if (efivmap__pt_mat_get(mat, i)->phys_start <=
		    efivmap__pt_mat_get(mat, i - 1)->phys_start)
			return false;
	return true;
}

/* Last byte of an entry, saturated (garbage entries may wrap). */
static uint64_t entry_last(const struct efivmap_efi_desc *e)
{
	uint64_t bytes;

	if (!e->num_pages)
		return e->phys_start - 1;
	if (e->num_pages >> (64 - EFIVMAP_EFI_PAGE_SHIFT))
		return UINT64_MAX;
	bytes = e->num_pages << EFIVMAP_EFI_PAGE_SHIFT;
	if (e->phys_start + (bytes - 1) < e->phys_start)
		return UINT64_MAX;
	return e->phys_start + (bytes - 1);
}

static bool overlaps(const struct efivmap_efi_desc *lo,
		     const struct efivmap_efi_desc *hi)
{
	return lo->num_pages && hi->num_pages &&
	       entry_last(lo) >= hi->phys_start;
}

/*
 * Does entry @i overlap its neighbours in PhysicalStart order? Empty
 * entries cover nothing and are skipped, so they cannot hide an overlap;
 * two usable entries can then never overlap (the earlier one would
 * overlap its successor).
 */
static bool overlaps_neighbour(const struct efivmap_pt_mat *mat, bool sorted,
			       size_t i)
{
	const struct efivmap_efi_desc *e = efivmap__pt_mat_get(mat, i);
	const struct efivmap_efi_desc *pred = NULL, *succ = NULL, *o;
	size_t j;

	if (sorted) {
		for (j = i; j-- > 0 && !pred;)
			if (efivmap__pt_mat_get(mat, j)->num_pages)
				pred = efivmap__pt_mat_get(mat, j);
		for (j = i + 1; j < mat->count && !succ; j++)
			if (efivmap__pt_mat_get(mat, j)->num_pages)
				succ = efivmap__pt_mat_get(mat, j);
	} else {
		for (j = 0; j < mat->count; j++) {
			o = efivmap__pt_mat_get(mat, j);
			if (j == i || !o->num_pages)
				continue;
			if (o->phys_start == e->phys_start)
				return true;
			if (o->phys_start < e->phys_start &&
			    (!pred || o->phys_start > pred->phys_start))
				pred = o;
			if (o->phys_start > e->phys_start &&
			    (!succ || o->phys_start < succ->phys_start))
				succ = o;
		}
	}
	return (pred && overlaps(pred, e)) || (succ && overlaps(e, succ));
}

const char *efivmap__pt_mat_check(const struct efivmap_pt_config *cfg,
				  const struct efivmap_pt_mat *mat,
				  bool sorted, size_t i)
{
	const struct efivmap_efi_desc *e = efivmap__pt_mat_get(mat, i);
	uint64_t g = cfg->granule;

	if (e->type != EFIVMAP_EFI_RUNTIME_SERVICES_CODE &&
	    e->type != EFIVMAP_EFI_RUNTIME_SERVICES_DATA)
		return "MAT entry type is not Runtime Code or Data";
	if (!e->num_pages)
		return "MAT entry is empty";
	if (entry_last(e) == UINT64_MAX)
		return "MAT entry wraps past 2^64";
	if (!efivmap__is_aligned(e->phys_start, g) ||
	    !efivmap__is_aligned(entry_last(e) + 1, g))
		return "MAT entry not aligned to the granule";
	if (overlaps_neighbour(mat, sorted, i))
		return "MAT entry overlaps another";
	return NULL;
}

static bool usable_in(const struct efivmap_pt_config *cfg,
		      const struct efivmap_pt_mat *mat, bool sorted, size_t i,
		      const struct efivmap_efi_desc *d)
{
	const struct efivmap_efi_desc *e = efivmap__pt_mat_get(mat, i);

	return e->type == d->type && entry_last(e) <= efivmap_desc_last(d) &&
	       !efivmap__pt_mat_check(cfg, mat, sorted, i);
}

long efivmap__pt_mat_next_in(const struct efivmap_pt_config *cfg,
			     const struct efivmap_pt_mat *mat, bool sorted,
			     const struct efivmap_efi_desc *d, uint64_t from)
{
	uint64_t last = efivmap_desc_last(d);
	const struct efivmap_efi_desc *e;
	size_t lo, hi, mid, i;
	long best = -1;

	if (sorted) {
		lo = 0;
		hi = mat->count;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (efivmap__pt_mat_get(mat, mid)->phys_start < from)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (i = lo; i < mat->count; i++) {
			if (efivmap__pt_mat_get(mat, i)->phys_start > last)
				break;
			if (usable_in(cfg, mat, sorted, i, d))
				return (long)i;
		}
		return -1;
	}
	for (i = 0; i < mat->count; i++) {
		e = efivmap__pt_mat_get(mat, i);
		if (e->phys_start < from || e->phys_start > last)
			continue;
		if (best >= 0 && e->phys_start >=
		    efivmap__pt_mat_get(mat, (size_t)best)->phys_start)
			continue;
		if (usable_in(cfg, mat, sorted, i, d))
			best = (long)i;
	}
	return best;
}

uint32_t efivmap__pt_mat_apply(const struct efivmap_pt_config *cfg,
			       const struct efivmap_pt_mat *mat,
			       const struct efivmap_efi_desc *e,
			       uint32_t attrs)
{
	if (e->attribute & EFIVMAP_EFI_MEMORY_RO)
		attrs &= ~(uint32_t)EFIVMAP_PT_ATTR_W;
	if (e->attribute & EFIVMAP_EFI_MEMORY_XP)
		attrs &= ~(uint32_t)EFIVMAP_PT_ATTR_X;
	else if ((attrs & EFIVMAP_PT_ATTR_X) && mat->version >= 2 &&
		 (mat->flags & EFIVMAP_EFI_MAT_FLAG_RT_FORWARD_CFG) &&
		 (cfg->flags & EFIVMAP_PT_CFG_BTI))
		attrs |= EFIVMAP_PT_ATTR_GP;
	return attrs;
}

/* The descriptor containing @pa, or NULL. */
static const struct efivmap_efi_desc *
find_desc(const struct efivmap_mmap *map, bool sorted, uint64_t pa)
{
	const struct efivmap_efi_desc *d;
	size_t lo = 0, hi = map->count, mid, i;

	if (sorted) {
		/* the last descriptor starting at or below @pa */
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (efivmap_mmap_get(map, mid)->phys_start <= pa)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (!lo)
			return NULL;
		d = efivmap_mmap_get(map, lo - 1);
		return efivmap_desc_last(d) >= pa ? d : NULL;
	}
	for (i = 0; i < map->count; i++) {
		d = efivmap_mmap_get(map, i);
		if (d->phys_start <= pa && efivmap_desc_last(d) >= pa)
			return d;
	}
	return NULL;
}

int efivmap_pt_mat_validate(const struct efivmap_pt_config *cfg,
			    const struct efivmap_mmap *map,
			    const struct efivmap_pt_mat *mat,
			    efivmap_pt_report_fn report, void *ctx)
{
	bool msorted, sorted;
	const struct efivmap_efi_desc *e, *d;
	struct efivmap_diag diag;
	const char *why;
	size_t i;
	int bad = 0;

	if (!cfg || !map || !mat)
		return -EFIVMAP_ERR_INVAL;
	sorted = efivmap__pt_mat_sorted(mat);
	msorted = efivmap_mmap_is_sorted(map);
	for (i = 0; i < mat->count; i++) {
		e = efivmap__pt_mat_get(mat, i);
		why = efivmap__pt_mat_check(cfg, mat, sorted, i);
		if (!why) {
			d = find_desc(map, msorted, e->phys_start);
			if (!d || !efivmap_desc_is_runtime(d))
				why = "MAT entry outside runtime descriptors";
			else if (entry_last(e) > efivmap_desc_last(d))
				why = "MAT entry spans several descriptors";
			else if (d->type != e->type)
				why = "MAT entry type differs from its region";
		}
		if (!why)
			continue;
		bad++;
		if (report) {
			efivmap__fail(&diag, EFIVMAP_ERR_MAT, why, (uint32_t)i,
				      EFIVMAP_DIAG_NONE, e->phys_start);
			report(ctx, &diag);
		}
	}
	return bad;
}
