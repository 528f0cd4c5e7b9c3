/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Shared between the pt_*.c files: geometry, descriptor encoding, the
 * planner that turns an input into granule-aligned runs, and a cursor
 * over the tables.
 */
#ifndef EFIVMAP_PT_INTERNAL_H
#define EFIVMAP_PT_INTERNAL_H

#include "efivmap/pt.h"
#include "internal.h"

/* Descriptor bits (VMSAv8-64 stage 1, 48-bit output addresses). */
#define EFIVMAP__PT_VALID     UINT64_C(0x1)
#define EFIVMAP__PT_TABLE     UINT64_C(0x2)  /* table (L0-2) or page (L3) */
#define EFIVMAP__PT_ATTRIDX_SHIFT 2
#define EFIVMAP__PT_AP_EL0    (UINT64_C(1) << 6)  /* AP[1]; RES1 at EL2 */
#define EFIVMAP__PT_AP_RO     (UINT64_C(1) << 7)
#define EFIVMAP__PT_SH_INNER  (UINT64_C(3) << 8)
#define EFIVMAP__PT_AF        (UINT64_C(1) << 10)
#define EFIVMAP__PT_NG        (UINT64_C(1) << 11)
#define EFIVMAP__PT_GP        (UINT64_C(1) << 50)
#define EFIVMAP__PT_CONT      (UINT64_C(1) << 52)
#define EFIVMAP__PT_PXN       (UINT64_C(1) << 53)
#define EFIVMAP__PT_UXN       (UINT64_C(1) << 54)  /* XN at EL2 */
#define EFIVMAP__PT_OA_MASK   UINT64_C(0x0000fffffffff000)

/* A run flag beside the public attribute bits: map with pages only. */
#define EFIVMAP__PT_PAGE_ONLY 0x100u

/* Geometry. @s is log2(granule); levels 0..3. */
static inline unsigned efivmap__pt_shift(uint32_t granule)
{
	return granule == EFIVMAP_PT_GRANULE_4K ? 12u :
	       granule == EFIVMAP_PT_GRANULE_16K ? 14u : 16u;
}

/* log2 of the bytes one entry at @level maps. */
static inline unsigned efivmap__pt_lshift(unsigned s, unsigned level)
{
	return s + (3u - level) * (s - 3u);
}

static inline unsigned efivmap__pt_start(unsigned s, unsigned va_bits)
{
	/* 4 - ceil((va_bits - s) / (s - 3)) */
	return 4u - (va_bits - 4u) / (s - 3u);
}

/* Highest level with blocks: only 4K has them at L1 without FEAT_LPA. */
static inline unsigned efivmap__pt_min_block(unsigned s)
{
	return s == 12u ? 1u : 2u;
}

/* Entries in one contiguous run at @level. */
static inline unsigned efivmap__pt_contig(unsigned s, unsigned level)
{
	if (s == 12u)
		return 16u;
	if (s == 14u)
		return level == 3u ? 128u : 32u;
	return 32u;
}

/* Entries in a table at @level (the root may be smaller). */
static inline uint64_t efivmap__pt_entries(unsigned s, unsigned start,
					   unsigned va_bits, unsigned level)
{
	if (level == start)
		return UINT64_C(1) << (va_bits - efivmap__pt_lshift(s, level));
	return UINT64_C(1) << (s - 3u);
}

bool efivmap__pt_cfg_valid(const struct efivmap_pt_config *cfg);

/* efivmap__fail() for the table module, which has no line numbers. */
int efivmap__pt_fail(struct efivmap_diag *diag, int err, const char *what,
		     uint32_t index, uint64_t addr);

/*
 * The attributes the hardware will really apply (MAIR fallbacks, no X on
 * device memory, GP only with BTI and X).
 */
uint32_t efivmap__pt_effective(const struct efivmap_pt_config *cfg,
			       uint32_t attrs);
uint32_t efivmap__pt_decode(const struct efivmap_pt_config *cfg,
			    uint64_t desc);
/* W, X or-ed; GP only if both. Same memory type assumed. */
static inline uint32_t efivmap__pt_union(uint32_t a, uint32_t b)
{
	uint32_t gp = a & b & EFIVMAP_PT_ATTR_GP;

	return ((a | b) & ~(uint32_t)EFIVMAP_PT_ATTR_GP) | gp;
}

/*
 * Pointer to the table at @pa, or NULL when @pa is not granule aligned,
 * not below 2^pa_bits, or not one of ours.
 */
uint64_t *efivmap__pt_table_ptr(const struct efivmap_pt *pt, uint64_t pa);
void efivmap__pt_zero_table(const struct efivmap_pt *pt, uint64_t *t);
/* A zeroed table from the pool or the allocator, its result checked. */
int efivmap__pt_take_table(struct efivmap_pt *pt, uint64_t **tbl,
			   uint64_t *pa, struct efivmap_diag *diag);

/* --- Memory Attributes Table --- */

static inline const struct efivmap_efi_desc *
efivmap__pt_mat_get(const struct efivmap_pt_mat *mat, size_t i)
{
	return (const struct efivmap_efi_desc *)(const void *)
		(mat->entries + i * mat->desc_size);
}

bool efivmap__pt_mat_sorted(const struct efivmap_pt_mat *mat);
/*
 * Index of the first usable entry of runtime descriptor @d starting at or
 * after @from, or -1.
 */
long efivmap__pt_mat_next_in(const struct efivmap_pt_config *cfg,
			     const struct efivmap_pt_mat *mat, bool sorted,
			     const struct efivmap_efi_desc *d, uint64_t from);

/* --- Planner --- */

/*
 * A granule-aligned run [va, end) mapped at pa. Runs come out in
 * ascending VA order and never overlap. attrs are effective attributes
 * plus EFIVMAP__PT_PAGE_ONLY; index names the input piece for diags.
 */
struct efivmap__pt_run {
	uint64_t va;
	uint64_t end;
	uint64_t pa;
	uint32_t attrs;
	uint32_t index;
};

typedef int (*efivmap__pt_run_fn)(void *ctx, const struct efivmap__pt_run *r);

int efivmap__pt_plan(const struct efivmap_pt_config *cfg,
		     const struct efivmap_pt_input *in, efivmap__pt_run_fn fn,
		     void *ctx, struct efivmap_diag *diag);

/* --- Cursor: every table entry and leaf in VA order --- */

struct efivmap__pt_cursor {
	const struct efivmap_pt *pt;
	uint64_t lo, hi;    /* only entries covering a VA in [lo, hi] */
	const uint64_t *tbl[4];
	uint64_t base[4];   /* VA the table at each level starts at */
	uint64_t n[4];      /* the entry to stop at */
	uint64_t idx[4];    /* next entry to look at */
	unsigned level;
};

#define EFIVMAP__PT_ITEM_LEAF  1
#define EFIVMAP__PT_ITEM_TABLE 2

void efivmap__pt_cursor_init(struct efivmap__pt_cursor *c,
			     const struct efivmap_pt *pt);
/*
 * The next item: a leaf (l filled) or a table descriptor (l->va/size give
 * the span, l->pa the table, l->level the level of the descriptor).
 * returns an EFIVMAP__PT_ITEM_*, 0 at the end, or -EFIVMAP_ERR_VERIFY for
 * a table descriptor pointing outside the table memory.
 */
int efivmap__pt_cursor_next(struct efivmap__pt_cursor *c,
			    struct efivmap_pt_leaf *l);

#endif /* EFIVMAP_PT_INTERNAL_H */
