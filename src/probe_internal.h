/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * The sample addresses of efivmap_probe_plan(), one at a time, so the
 * probe's loop needs no array of them on the stack.
 */
#ifndef EFIVMAP_PROBE_INTERNAL_H
#define EFIVMAP_PROBE_INTERNAL_H

#include "efivmap/pt.h"

/* How many samples @leaf gets: 1, its pages, or @max spread over them. */
static inline uint64_t efivmap__probe_count(const struct efivmap_pt_leaf *l,
					    uint32_t granule, uint32_t max)
{
	uint64_t pages = l->size / granule;

	return pages <= 1 ? 1 : pages <= max ? pages : max;
}

/* Sample @i of @n: every page, or spread, first and last included. */
static inline uint64_t efivmap__probe_va(const struct efivmap_pt_leaf *l,
					 uint32_t granule, uint64_t n,
					 uint64_t i)
{
	uint64_t pages = l->size / granule;

	if (pages <= n)
		return l->va + i * granule;
	/* distinct and ascending since pages > n */
	return l->va + i * (pages - 1) / (n - 1) * granule;
}

#endif /* EFIVMAP_PROBE_INTERNAL_H */
