// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The EFI Memory Attributes Table: header checks, per-entry checks (as
 * Linux's efi_memattr code makes them) and lookup of the entries inside
 * one runtime descriptor.
 */
#include "pt_internal.h"

/* Keeps count * desc_size far from overflow; real tables are a few KiB. */
#define MAT_MAX_BYTES (UINT64_C(64) << 20)

static int mat_fail(struct efivmap_diag *diag, int err, const char *what,
		    uint64_t addr)
{
	return efivmap__pt_fail(diag, err, what, EFIVMAP_DIAG_NONE, addr);
}

int efivmap_pt_mat_init(struct efivmap_pt_mat *mat,
			const struct efivmap_efi_mat_header *hdr,
			const void *entries, size_t bytes,
			struct efivmap_diag *diag)
{
	uint64_t need;

	if (!mat || !hdr || (!entries && hdr->num_entries))
		return mat_fail(diag, EFIVMAP_ERR_INVAL, "NULL argument", 0);
	if ((uintptr_t)entries & 7u)
		return mat_fail(diag, EFIVMAP_ERR_INVAL,
				"MAT entries not 8-byte aligned",
				(uint64_t)(uintptr_t)entries);
	if (hdr->version < 1 || hdr->version > 2)
		return mat_fail(diag, EFIVMAP_ERR_MAT,
				"MAT version is not 1 or 2", hdr->version);
	if (!efivmap__desc_size_ok(hdr->desc_size))
		return mat_fail(diag, EFIVMAP_ERR_MAT,
				"MAT entry size below 40 or unaligned",
				hdr->desc_size);
	need = (uint64_t)hdr->num_entries * hdr->desc_size;
	if (need > MAT_MAX_BYTES || need > bytes)
		return mat_fail(diag, EFIVMAP_ERR_MAT,
				"MAT entries exceed the table",
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
	const size_t h = sizeof(struct efivmap_efi_mat_header);

	if (!mat || !table)
		return mat_fail(diag, EFIVMAP_ERR_INVAL, "NULL argument", 0);
	if (size < h)
		return mat_fail(diag, EFIVMAP_ERR_MAT,
				"MAT smaller than its header", size);
	return efivmap_pt_mat_init(mat, table, (const uint8_t *)table + h,
				   size - h, diag);
}

/*
 * First of the @n descriptors at @base (stride @stride, ascending
 * PhysicalStart) whose PhysicalStart is at least @key.
 */
static size_t first_from(const uint8_t *base, size_t stride, size_t n,
			 uint64_t key)
{
	size_t lo = 0, mid;

	while (lo < n) {
		mid = lo + (n - lo) / 2;
		if (((const struct efivmap_efi_desc *)(const void *)
		     (base + mid * stride))->phys_start < key)
			lo = mid + 1;
		else
			n = mid;
	}
	return lo;
}

/*
 * Ascending by PhysicalStart, ties allowed: equal starts sit side by
 * side, so each is its neighbour's overlap, as efivmap_pt_mat_sort()
 * leaves a table with duplicates.
 */
bool efivmap__pt_mat_sorted(const struct efivmap_pt_mat *mat)
{
	size_t i;

	for (i = 1; i < mat->count; i++)
		if (efivmap__pt_mat_get(mat, i)->phys_start <
		    efivmap__pt_mat_get(mat, i - 1)->phys_start)
			return false;
	return true;
}

int efivmap_pt_mat_sort(struct efivmap_pt_mat *mat, void *entries)
{
	struct efivmap_mmap view;

	if (!mat || !entries || entries != (const void *)mat->entries)
		return -EFIVMAP_ERR_INVAL;
	/* The entries are descriptors at a stride: the map's own sort. */
	efivmap__zero(&view, sizeof(view));
	view.base = entries;
	view.desc_size = mat->desc_size;
	view.count = mat->count;
	view.map_size = (size_t)mat->count * mat->desc_size;
	efivmap_mmap_sort(&view);
	return 0;
}

/* Last byte of an entry, saturated (garbage entries may wrap). */
static uint64_t entry_last(const struct efivmap_efi_desc *e)
{
	uint64_t last = efivmap_desc_last(e);

	if ((e->num_pages >> (64 - EFIVMAP_EFI_PAGE_SHIFT)) ||
	    (e->num_pages && last < e->phys_start))
		return UINT64_MAX;
	return last;
}

/*
 * Does entry @i overlap its neighbours in PhysicalStart order? Empty
 * entries cover nothing and are skipped, so they cannot hide an overlap;
 * two usable entries can then never overlap (the earlier one would
 * overlap its successor). Sorted, the neighbours are the nearest
 * non-empty entries on either side; otherwise every entry is looked at.
 */
static bool overlaps_neighbour(const struct efivmap_pt_mat *mat, bool sorted,
			       size_t i)
{
	const struct efivmap_efi_desc *e = efivmap__pt_mat_get(mat, i);
	const struct efivmap_efi_desc *pred = NULL, *succ = NULL, *o;
	size_t j, dir;

	for (dir = (size_t)-1; dir != 3; dir += 2)  /* -1, then +1 */
		for (j = i + dir; j < mat->count; j += dir) {
			o = efivmap__pt_mat_get(mat, j);
			if (!o->num_pages)
				continue;
			if (o->phys_start == e->phys_start)
				return true;
			if (o->phys_start < e->phys_start) {
				if (!pred || o->phys_start > pred->phys_start)
					pred = o;
			} else if (!succ || o->phys_start < succ->phys_start) {
				succ = o;
			}
			if (sorted)
				break;
		}
	return (pred && entry_last(pred) >= e->phys_start) ||
	       (succ && entry_last(e) >= succ->phys_start);
}

/* NULL when entry @e passes the checks that need neither map nor MAT. */
static const char *mat_check_local(const struct efivmap_pt_config *cfg,
				   const struct efivmap_efi_desc *e)
{
	uint64_t last = entry_last(e);

	if (e->type != EFIVMAP_EFI_RUNTIME_SERVICES_CODE &&
	    e->type != EFIVMAP_EFI_RUNTIME_SERVICES_DATA)
		return "MAT entry type is not Runtime Code or Data";
	if (!e->num_pages)
		return "MAT entry is empty";
	if (last == UINT64_MAX)
		return "MAT entry wraps past 2^64";
	if (!efivmap__is_aligned(e->phys_start | (last + 1), cfg->granule))
		return "MAT entry not aligned to the granule";
	return NULL;
}

/* NULL when entry @i passes the checks that need no map, else why not. */
static const char *mat_check(const struct efivmap_pt_config *cfg,
			     const struct efivmap_pt_mat *mat, bool sorted,
			     size_t i)
{
	const char *why = mat_check_local(cfg, efivmap__pt_mat_get(mat, i));

	if (!why && overlaps_neighbour(mat, sorted, i))
		why = "MAT entry overlaps another";
	return why;
}

/*
 * Unsorted: the lowest-starting entry of @d at or after @from that passes
 * every check but the overlap one, found in one pass. Only that entry
 * pays for the O(m) overlap check; when it fails, every other candidate
 * at its start overlaps it too, so the search resumes past that start.
 */
static long next_unsorted(const struct efivmap_pt_config *cfg,
			  const struct efivmap_pt_mat *mat,
			  const struct efivmap_efi_desc *d, uint64_t from)
{
	uint64_t last = efivmap_desc_last(d);
	const struct efivmap_efi_desc *e;
	uint64_t best_pa = 0;
	size_t i;
	long best;

	for (;;) {
		best = -1;
		for (i = 0; i < mat->count; i++) {
			e = efivmap__pt_mat_get(mat, i);
			if (e->phys_start < from || e->phys_start > last ||
			    (best >= 0 && e->phys_start >= best_pa) ||
			    e->type != d->type || entry_last(e) > last ||
			    mat_check_local(cfg, e))
				continue;
			best = (long)i;
			best_pa = e->phys_start;
		}
		if (best < 0 || !overlaps_neighbour(mat, false, (size_t)best))
			return best;
		/* a usable entry ends before 2^64, so this cannot wrap */
		from = best_pa + 1;
	}
}

long efivmap__pt_mat_next_in(const struct efivmap_pt_config *cfg,
			     const struct efivmap_pt_mat *mat, bool sorted,
			     const struct efivmap_efi_desc *d, uint64_t from)
{
	uint64_t last = efivmap_desc_last(d);
	const struct efivmap_efi_desc *e;
	size_t i;

	if (!sorted)
		return next_unsorted(cfg, mat, d, from);
	i = first_from(mat->entries, mat->desc_size, mat->count, from);
	for (; i < mat->count; i++) {
		e = efivmap__pt_mat_get(mat, i);
		if (e->phys_start > last)
			break;
		if (e->type == d->type && entry_last(e) <= last &&
		    !mat_check(cfg, mat, true, i))
			return (long)i;
	}
	return -1;
}

int efivmap_pt_mat_validate(const struct efivmap_pt_config *cfg,
			    const struct efivmap_mmap *map,
			    const struct efivmap_pt_mat *mat,
			    efivmap_pt_report_fn report, void *ctx)
{
	const struct efivmap_efi_desc *e, *d;
	struct efivmap_diag diag;
	const char *why;
	bool sorted;
	size_t i;
	int bad = 0;

	if (!cfg || !map || !mat)
		return -EFIVMAP_ERR_INVAL;
	sorted = efivmap__pt_mat_sorted(mat);
	for (i = 0; i < mat->count; i++) {
		e = efivmap__pt_mat_get(mat, i);
		why = mat_check(cfg, mat, sorted, i);
		if (!why) {
			d = efivmap_mmap_find(map, e->phys_start, NULL);
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
			efivmap__pt_fail(&diag, EFIVMAP_ERR_MAT, why,
					 (uint32_t)i, e->phys_start);
			report(ctx, &diag);
		}
	}
	return bad;
}
