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
 * tail, or the whole region. Regions arrive in ascending VA order, so a
 * span is new exactly when it lies beyond the last one counted. (OPTIMAL's
 * fills come late, but only into 2 MiB spans holding pages already, whose
 * tables at every granule and level were counted: they add nothing.)
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

void efivmap__cost_init(struct efivmap__cost *c, uint32_t va_bits)
{
	unsigned g, s, levels;

	efivmap__zero(c, sizeof(*c));
	for (g = 0; g < EFIVMAP__GRANULES; g++) {
		s = page_shift[g];
		levels = (va_bits - s + (s - 3) - 1) / (s - 3);
		/*
		 * Beyond 4 levels (4K at 52 bits) the extra top table is the
		 * same for every layout; counting from level 0 is enough to
		 * compare layouts.
		 */
		c->root[g] = (uint8_t)(levels >= 4 ? 0 : 4 - levels);
		c->tables[g] = 1;
	}
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

void efivmap__cost_add_slow(struct efivmap__cost *c, uint64_t va,
			    uint64_t bytes, uint64_t pa, bool blocks)
{
	uint64_t page, start, end, span, head, tail;
	unsigned g, level, sh;

	for (g = 0; g < EFIVMAP__GRANULES; g++) {
		page = UINT64_C(1) << page_shift[g];
		start = efivmap__align_down(va, page);
		end = efivmap__align_up(va + bytes, page);
		/* In the last-level span counted last: nothing new. */
		sh = entry_shift(g, 2);
		if (c->next[g][3] && start >> sh == c->next[g][3] - 1 &&
		    (end - 1) >> sh == c->next[g][3] - 1)
			continue;
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
}

bool efivmap__cost_worse(const struct efivmap__cost *a,
			 const struct efivmap__cost *b)
{
	unsigned g;

	for (g = 0; g < EFIVMAP__GRANULES; g++)
		if (a->tables[g] > b->tables[g])
			return true;
	return false;
}
