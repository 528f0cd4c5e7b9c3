// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
#include "place.h"

int place_init(struct place *p, const struct efivmap_mmap *map)
{
	struct efivmap_efi_desc *d;
	size_t i, j;

	p->n = 0;
	efivmap_mmap_for_each(map, i, d) {
		uint64_t s = d->phys_start, e = s + efivmap_desc_bytes(d);

		if (d->type != EFIVMAP_EFI_CONVENTIONAL)
			continue;
		if (p->n == PLACE_MAX_REGIONS)
			return -1;
		/* Insertion keeps the list ascending (the map may not be). */
		for (j = p->n; j && p->start[j - 1] > s; j--) {
			p->start[j] = p->start[j - 1];
			p->end[j] = p->end[j - 1];
		}
		p->start[j] = s;
		p->end[j] = e;
		p->n++;
	}
	return 0;
}

int place_take(struct place *p, uint64_t size, uint64_t align,
	       uint64_t *out)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		uint64_t a = (p->start[i] + align - 1) & ~(align - 1);

		if (a < p->start[i] || a > p->end[i] || p->end[i] - a < size)
			continue;
		*out = a;
		p->start[i] = a + size;
		return 0;
	}
	return -1;
}
