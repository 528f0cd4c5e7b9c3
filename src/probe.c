// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The MMU self-check (efivmap/arch.h): what AT says about a VA against
 * what efivmap_pt_walk() reads for it. probe.S only issues the AT and
 * reads PAR_EL1; picking the operation and the addresses and judging the
 * answer are here, so the host tests can feed PAR values from a model.
 */
#include "internal.h"
#include "efivmap/arch.h"
#include "efivmap/pt.h"
#include "probe_internal.h"

#define DESC_ATTRIDX(d) ((unsigned)((d) >> 2) & 7u)

/* Cacheability of one half of a Normal memory type. */
#define KIND_WT 0u
#define KIND_WB 1u
#define KIND_NC 2u

/* One cacheability nibble of Normal memory: 0b0100 is non-cacheable,
 * 0bx1RW write-back, 0bx0RW write-through (RW the allocation hints). */
static unsigned nibble_kind(unsigned n)
{
	if (n == 4u)
		return KIND_NC;
	return (n & 4u) ? KIND_WB : KIND_WT;
}

/* PAR may report what the CPU does rather than what the tables ask: one
 * without write-through caches treats WT as NC and may say so. */
static bool nibble_ok(unsigned want, unsigned got)
{
	unsigned w = nibble_kind(want), g = nibble_kind(got);

	return w == g || (w == KIND_WT && g == KIND_NC);
}

/*
 * Same memory type in a MAIR byte and a PAR.ATTR byte: Device memory
 * (high nibble 0) of the same nGnRnE..GRE kind, or Normal memory of the
 * same inner and outer cacheability. Allocation hints are not compared:
 * PAR need not report them as the tables give them.
 */
static bool same_type(unsigned want, unsigned got)
{
	bool wdev = (want & 0xf0u) == 0, gdev = (got & 0xf0u) == 0;

	if (wdev || gdev)
		return wdev && gdev && ((want ^ got) & 0xcu) == 0;
	return nibble_ok(want >> 4, got >> 4) &&
	       nibble_ok(want & 0xfu, got & 0xfu);
}

int efivmap_probe_select(const struct efivmap_pt *pt, uint64_t current_el,
			 uint32_t *op_read, uint32_t *op_write)
{
	unsigned el = (unsigned)((current_el >> 2) & 3u);

	if (!pt || !op_read || !op_write)
		return -EFIVMAP_ERR_INVAL;
	if (el == 1 && pt->cfg.regime == EFIVMAP_PT_REGIME_EL10) {
		*op_read = EFIVMAP_PROBE_S1E1R;
		*op_write = EFIVMAP_PROBE_S1E1W;
		return 0;
	}
	if (el == 2 && (pt->cfg.regime == EFIVMAP_PT_REGIME_EL2 ||
			pt->cfg.regime == EFIVMAP_PT_REGIME_EL20)) {
		*op_read = EFIVMAP_PROBE_S1E2R;
		*op_write = EFIVMAP_PROBE_S1E2W;
		return 0;
	}
	return -EFIVMAP_ERR_UNSUPPORTED;
}

size_t efivmap_probe_plan(const struct efivmap_pt_leaf *leaf,
			  uint32_t granule, uint32_t max, uint64_t *vas)
{
	uint64_t n, i;

	if (!leaf || !vas || max < 2 || max > EFIVMAP_PROBE_MAX_SAMPLES ||
	    !granule || (granule & (granule - 1)))
		return 0;
	n = efivmap__probe_count(leaf, granule, max);
	for (i = 0; i < n; i++)
		vas[i] = efivmap__probe_va(leaf, granule, n, i);
	return (size_t)n;
}

/* What one PAR says against a mapped leaf: translated, the PA, the type. */
static uint32_t judge_par(const struct efivmap_pt *pt,
			  const struct efivmap_pt_leaf *l, uint64_t pa,
			  uint64_t par, uint32_t fail_bit)
{
	unsigned want = (unsigned)(pt->cfg.mair >>
				   (8u * DESC_ATTRIDX(l->desc))) & 0xffu;
	uint32_t why = 0;

	if (par & EFIVMAP_PROBE_PAR_F)
		return fail_bit;
	if ((par & EFIVMAP_PROBE_PAR_PA_MASK) !=
	    (pa & EFIVMAP_PROBE_PAR_PA_MASK))
		why |= EFIVMAP_PROBE_BAD_PA;
	if (!same_type(want, (unsigned)(par >> EFIVMAP_PROBE_PAR_ATTR_SHIFT)))
		why |= EFIVMAP_PROBE_BAD_ATTR;
	return why;
}

int efivmap_probe_judge(const struct efivmap_pt *pt, uint64_t va,
			uint64_t par_read, uint64_t par_write, uint32_t *why)
{
	struct efivmap_pt_leaf l;
	uint64_t pa;
	uint32_t w = 0;
	int r;

	if (!pt || !why)
		return -EFIVMAP_ERR_INVAL;
	*why = 0;
	r = efivmap_pt_walk(pt, va, &l, &pa);
	if (r == -EFIVMAP_ERR_NOTFOUND || r == -EFIVMAP_ERR_VA_BITS) {
		if (!(par_read & EFIVMAP_PROBE_PAR_F))
			w |= EFIVMAP_PROBE_BAD_READ;
		if (!(par_write & EFIVMAP_PROBE_PAR_F))
			w |= EFIVMAP_PROBE_BAD_WRITE;
	} else if (r) {
		return -EFIVMAP_ERR_VERIFY;
	} else {
		w = judge_par(pt, &l, pa, par_read, EFIVMAP_PROBE_BAD_READ);
		if (l.attrs & EFIVMAP_PT_ATTR_W)
			w |= judge_par(pt, &l, pa, par_write,
				       EFIVMAP_PROBE_BAD_WRITE);
		else if (!(par_write & EFIVMAP_PROBE_PAR_F))
			w |= EFIVMAP_PROBE_BAD_WRITE;
	}
	*why = w;
	return w ? -EFIVMAP_ERR_VERIFY : 0;
}
