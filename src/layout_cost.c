// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * How many translation-table pages a layout costs, for the three granules
 * at once. OPTIMAL uses it to prove itself no worse than LINUX before
 * committing (see layout_optimal.c).
 *
 * A table at level l covers one entry of level l - 1, a span of
 * 2^shift(l - 1) bytes. It is needed when a leaf at level l or below lies
 * in that span. A region's leaves at level l or below are all of it
 * except the aligned chunks of that span size it fully covers, when it may
 * use blocks of that size (its VA and PA agree modulo the span): those
 * become blocks at level l - 1 or above. What is left is a head and a
 * tail, or the whole region. What counts as one region is a run: the
 * table planner joins neighbours with one VA - PA difference and equal
 * attributes whose pages touch, and a block may span them. Runs are
 * costed under our policy and Linux's (layout_internal.h), each granule
 * with its own open run, since pages touch at 64K that do not at 4K.
 * Regions arrive in ascending VA order, so a span is new exactly when it
 * lies beyond the last one counted. (OPTIMAL's fills come late, but only
 * into 2 MiB spans holding pages already, whose tables at every granule
 * and level were counted: they add nothing.)
 */
#include "layout_internal.h"

/* log2 of the page size: 4K, 16K, 64K. */
static const uint8_t page_shift[EFIVMAP__GRANULES] = { 12, 14, 16 };
/* Levels whose entries may be blocks: 4K L1 and L2; 16K and 64K L2. */
static const uint8_t block_levels[EFIVMAP__GRANULES] = { 0x6, 0x4, 0x4 };

/* log2 of the bytes one entry at @level maps. */
static unsigned entry_shift(unsigned g, unsigned level)
{
	unsigned s = page_shift[g];

	return s + (s - 3) * (3 - level);
}

void efivmap__cost_init(struct efivmap__cost *c, uint32_t va_bits,
			uint32_t policies)
{
	unsigned g, s, levels;

	efivmap__zero(c, EFIVMAP__POLICIES * sizeof(*c));
	for (g = 0; g < EFIVMAP__GRANULES; g++) {
		s = page_shift[g];
		levels = (va_bits - s + (s - 3) - 1) / (s - 3);
		/*
		 * Beyond 4 levels (4K at 52 bits) the extra top table is the
		 * same for every layout; counting from level 0 is enough to
		 * compare layouts.
		 */
		c[0].root[g] = (uint8_t)(levels >= 4 ? 0 : 4 - levels);
		c[0].tables[g] = 1;
	}
	for (g = 1; g < EFIVMAP__POLICIES; g++)
		efivmap__copy(&c[g], &c[0], sizeof(*c));
	c[0].policies = policies;
}

/* Count the spans of @level touched by [p, e), beyond those counted. */
static void touch(struct efivmap__cost *c, unsigned g, unsigned level,
		  uint64_t p, uint64_t e)
{
	unsigned sh = entry_shift(g, level - 1);
	uint64_t first, last;

	if (p >= e)
		return;
	first = p >> sh;
	last = (e - 1) >> sh;
	if (first < c->next[g][level])
		first = c->next[g][level];
	if (last >= first) {
		c->tables[g] += (uint32_t)(last - first + 1);
		c->next[g][level] = last + 1;
	}
}

/* Granule @g: the run [va, va + bytes) at @pa, blocks allowed or not. */
static void add_run(struct efivmap__cost *c, unsigned g, uint64_t va,
		    uint64_t bytes, uint64_t pa, bool blocks)
{
	uint64_t page = UINT64_C(1) << page_shift[g];
	uint64_t start = efivmap__align_down(va, page);
	uint64_t end = efivmap__align_up(va + bytes, page);
	uint64_t span, head, tail;
	unsigned level, sh = entry_shift(g, 2);

	/* In the last-level span counted last: nothing new. */
	if (c->next[g][3] && start >> sh == c->next[g][3] - 1 &&
	    (end - 1) >> sh == c->next[g][3] - 1)
		return;
	for (level = c->root[g] + 1u; level <= 3; level++) {
		span = UINT64_C(1) << entry_shift(g, level - 1);
		head = efivmap__align_up(start, span);
		tail = efivmap__align_down(end, span);
		if (blocks && (block_levels[g] >> (level - 1) & 1) &&
		    efivmap__is_aligned(va - pa, span) && head < tail) {
			touch(c, g, level, start, head);
			touch(c, g, level, tail, end);
		} else {
			touch(c, g, level, start, end);
		}
	}
}

static void run_end(struct efivmap__cost *c, unsigned g)
{
	struct efivmap__cost_run *r = &c->run[g];

	if (r->open)
		add_run(c, g, r->va, r->last - r->va + 1, r->pa, r->blocks);
	r->open = false;
}

/* Extend granule @g's open run by @d at @va, or count it and open one. */
static void run_add(struct efivmap__cost *c, unsigned g, uint64_t va,
		    const struct efivmap_efi_desc *d, unsigned key,
		    bool blocks)
{
	struct efivmap__cost_run *r = &c->run[g];
	uint64_t page = UINT64_C(1) << page_shift[g];
	uint64_t last = va + efivmap_desc_bytes(d) - 1;

	/* Rounded to pages, they touch or share one: the planner joins. */
	if (r->open && va - d->phys_start == r->va - r->pa &&
	    key == r->key && blocks == r->blocks &&
	    efivmap__align_down(va, page) <=
	    efivmap__align_down(r->last, page) + page &&
	    efivmap__align_down(r->va, page) <= efivmap__align_down(last, page) +
	    page) {
		if (last > r->last)
			r->last = last;
		if (va < r->va) {
			r->pa -= r->va - va;
			r->va = va;
		}
		return;
	}
	run_end(c, g);
	r->va = va;
	r->last = last;
	r->pa = d->phys_start;
	r->key = key;
	r->blocks = blocks;
	r->open = true;
}

void efivmap__cost_region(struct efivmap__cost *c, uint64_t va,
			  const struct efivmap_efi_desc *d)
{
	unsigned k, g, key, blocks, n = c->policies;

	for (k = 0; k < n; k++, c++) {
		key = efivmap__merge_key(d, k);
		blocks = efivmap__cost_blocks(d, k);
		for (g = 0; g < EFIVMAP__GRANULES; g++)
			run_add(c, g, va, d, key, blocks >> g & 1);
	}
}

void efivmap__cost_end(struct efivmap__cost *c)
{
	unsigned k, g;

	for (k = 0; k < c->policies; k++)
		for (g = 0; g < EFIVMAP__GRANULES; g++)
			run_end(&c[k], g);
}
