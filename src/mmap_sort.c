// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * In-place sort of a descriptor array by PhysicalStart.
 *
 * Firmware maps come nearly sorted: EDK2 ascending, U-Boot descending,
 * and some with a few regions (MMIO, late allocations) out of place. So
 * the sort first tries the cheap answers, a reversal or an insertion sort
 * with a budget of swaps, and only a map that exhausts the budget pays for
 * heapsort, which is O(n log n) in the worst case with neither memory nor
 * recursion. Swaps move whole strides, so any bytes firmware keeps past
 * the 40-byte descriptor travel with it.
 */
#include "internal.h"
#include "efivmap/mmap.h"

/* Descriptors the insertion pass may shift, per descriptor in the map. */
#define INSERTION_BUDGET 4

static void swap_desc(const struct efivmap_mmap *m, size_t a, size_t b)
{
	uint64_t *pa = (uint64_t *)(void *)(m->base + a * m->desc_size);
	uint64_t *pb = (uint64_t *)(void *)(m->base + b * m->desc_size);
	size_t i;

	/* desc_size is a multiple of 8 and the base 8-byte aligned. */
	for (i = 0; i < m->desc_size / 8; i++) {
		uint64_t t = pa[i];

		pa[i] = pb[i];
		pb[i] = t;
	}
}

static uint64_t key(const struct efivmap_mmap *m, size_t i)
{
	return efivmap_mmap_get(m, i)->phys_start;
}

/*
 * Move descriptor @from down to @to, shifting the ones between up by one.
 * One 64-bit column at a time, so no descriptor-sized buffer is needed
 * whatever desc_size firmware chose.
 */
static void rotate_down(const struct efivmap_mmap *m, size_t to, size_t from)
{
	size_t stride = m->desc_size / 8, w;

	for (w = 0; w < stride; w++) {
		uint64_t *p = (uint64_t *)(void *)(m->base + from * m->desc_size)
			      + w;
		uint64_t *stop = p - (from - to) * stride, t = *p;

		for (; p != stop; p -= stride)
			*p = p[-(ptrdiff_t)stride];
		*p = t;
	}
}

/* Insertion sort; false (map half sorted) once the budget runs out. */
static bool insertion_sort(const struct efivmap_mmap *m)
{
	size_t budget = m->count * INSERTION_BUDGET, i, lo, hi, mid;
	uint64_t k;

	for (i = 1; i < m->count; i++) {
		k = key(m, i);
		if (k >= key(m, i - 1))
			continue;
		/* The first of [0, i) with a larger key: k goes there. */
		for (lo = 0, hi = i - 1; lo < hi;) {
			mid = lo + (hi - lo) / 2;
			if (key(m, mid) > k)
				hi = mid;
			else
				lo = mid + 1;
		}
		if (i - lo > budget)
			return false;
		budget -= i - lo;
		rotate_down(m, lo, i);
	}
	return true;
}

static void sift_down(const struct efivmap_mmap *m, size_t root, size_t end)
{
	size_t child;

	while ((child = 2 * root + 1) < end) {
		if (child + 1 < end && key(m, child + 1) > key(m, child))
			child++;
		if (key(m, root) >= key(m, child))
			return;
		swap_desc(m, root, child);
		root = child;
	}
}

static void sort_all(const struct efivmap_mmap *map)
{
	size_t n = map->count, i;
	bool up = true, down = true;

	for (i = 1; i < n && (up || down); i++) {
		up = up && key(map, i) >= key(map, i - 1);
		down = down && key(map, i) <= key(map, i - 1);
	}
	if (up)
		return;
	if (down) {
		for (i = 0; i < n / 2; i++)
			swap_desc(map, i, n - 1 - i);
		return;
	}
	if (insertion_sort(map))
		return;
	for (i = n / 2; i-- > 0;)
		sift_down(map, i, n);
	for (i = n - 1; i > 0; i--) {
		swap_desc(map, 0, i);
		sift_down(map, 0, i);
	}
}

/*
 * Binary search finds every address only when the descriptors ascend
 * without overlaps or empty ones, which a tolerated map may have.
 */
static bool searchable(const struct efivmap_mmap *map)
{
	const struct efivmap_efi_desc *p, *d;
	size_t i;

	for (i = 0; i < map->count; i++) {
		d = efivmap_mmap_get(map, i);
		if (!d->num_pages)
			return false;
		p = i ? efivmap_mmap_get(map, i - 1) : NULL;
		if (p && d->phys_start <= efivmap_desc_last(p))
			return false;
	}
	return true;
}

/* Sorts, then learns whether binary search may be used on the result. */
void efivmap_mmap_sort(struct efivmap_mmap *map)
{
	sort_all(map);
	map->sorted = searchable(map);
}
