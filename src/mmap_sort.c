// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * In-place heapsort of a descriptor array by PhysicalStart.
 *
 * Heapsort because it is O(n log n) in the worst case, needs no memory and
 * no recursion, which rules out quicksort and merge sort here. Swaps move
 * whole strides, so any bytes firmware keeps past the 40-byte descriptor
 * travel with it.
 */
#include "internal.h"
#include "efivmap/mmap.h"

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

void efivmap_mmap_sort(struct efivmap_mmap *map)
{
	size_t n = map->count, i;

	if (n < 2 || efivmap_mmap_is_sorted(map))
		return;
	for (i = n / 2; i-- > 0;)
		sift_down(map, i, n);
	for (i = n - 1; i > 0; i--) {
		swap_desc(map, 0, i);
		sift_down(map, 0, i);
	}
}
