/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Translation tables. Every build here is checked three ways: the table
 * count equals efivmap_pt_tables_needed(), efivmap_pt_verify() passes, and
 * an independent page-by-page model of the intended mapping (built in this
 * file, not by the library's planner) agrees with the walker and with the
 * leaf iteration, so nothing unintended is mapped.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "efivmap/pt.h"
#include "testlib.h"

#define K4 UINT64_C(0x1000)
#define M2 (UINT64_C(1) << 21)
#define G1 (UINT64_C(1) << 30)
#define GUARD 0x10000u
#define RT EFIVMAP_EFI_MEMORY_RUNTIME
#define WB EFIVMAP_EFI_MEMORY_WB

static const uint32_t granules[3] = {
	EFIVMAP_PT_GRANULE_4K, EFIVMAP_PT_GRANULE_16K, EFIVMAP_PT_GRANULE_64K
};

/* ------------------------------------------------------------------ */
/* Pools with guard bytes                                              */
/* ------------------------------------------------------------------ */

struct tpool {
	uint8_t *mem;    /* guard | pool | guard */
	uint8_t *pool;
	size_t size;
};

static void tpool_new(struct tpool *tp, uint32_t granule, size_t ntables)
{
	tp->size = ntables * granule;
	/* C11: the size must be a multiple of the alignment. */
	tp->mem = aligned_alloc(0x10000, (tp->size + 2 * GUARD + 0xffff) &
					  ~(size_t)0xffff);
	assert_non_null(tp->mem);
	memset(tp->mem, 0xA5, tp->size + 2 * GUARD);
	tp->pool = tp->mem + GUARD;
}

/*
 * The physical address tests give a pool: low, so every pa_bits accepts
 * it, with the host pointer's offset in a 64 KiB frame.
 */
static uint64_t tpool_pa(const uint8_t *p)
{
	return UINT64_C(0x40000000) | ((uintptr_t)p & 0xffff);
}

static void tpool_check_guards(const struct tpool *tp)
{
	size_t i;

	for (i = 0; i < GUARD; i++) {
		assert_int_equal(tp->mem[i], 0xA5);
		assert_int_equal(tp->pool[tp->size + i], 0xA5);
	}
}

static void tpool_free(struct tpool *tp)
{
	free(tp->mem);
}

static int init_in(struct efivmap_pt *pt, const struct efivmap_pt_config *cfg,
		   struct tpool *tp)
{
	return efivmap_pt_init_pool(pt, cfg, tp->pool, tp->size,
				    tpool_pa(tp->pool), NULL);
}

/* A fresh pool of @ntables tables and @pt bound to it. */
static void pt_new(struct efivmap_pt *pt, const struct efivmap_pt_config *cfg,
		   struct tpool *tp, size_t ntables)
{
	tpool_new(tp, cfg->granule, ntables);
	assert_int_equal(init_in(pt, cfg, tp), 0);
}

/* pt_new(), then @in built into it without error. */
static void pt_new_built(struct efivmap_pt *pt,
			 const struct efivmap_pt_config *cfg, struct tpool *tp,
			 size_t ntables, const struct efivmap_pt_input *in)
{
	pt_new(pt, cfg, tp, ntables);
	assert_int_equal(efivmap_pt_build(pt, in, NULL), 0);
}

/* ------------------------------------------------------------------ */
/* The model: one entry per granule page, in VA order                  */
/* ------------------------------------------------------------------ */

struct opage {
	uint64_t va;
	uint64_t pa;
	uint32_t attrs;
};

struct model {
	uint64_t g;
	struct opage *p;
	size_t n, cap;
};

static void model_init(struct model *m, uint64_t g)
{
	m->g = g;
	m->n = 0;
	m->cap = 1024;
	m->p = malloc(m->cap * sizeof(*m->p));
	assert_non_null(m->p);
}

/* What the hardware applies under the default MAIR. */
static uint32_t model_eff(uint32_t a, uint32_t cfg_flags)
{
	uint32_t mt = a & EFIVMAP_PT_ATTR_MT_MASK;

	if (mt == EFIVMAP_PT_MT_DEVICE_NGNRE ||
	    mt == EFIVMAP_PT_MT_DEVICE_NGNRNE)
		a &= ~(uint32_t)(EFIVMAP_PT_ATTR_X | EFIVMAP_PT_ATTR_GP);
	if (!(cfg_flags & EFIVMAP_PT_CFG_BTI) || !(a & EFIVMAP_PT_ATTR_X))
		a &= ~(uint32_t)EFIVMAP_PT_ATTR_GP;
	return a;
}

/* Add a piece; pieces must come in ascending, non-overlapping VA order. */
static void model_add(struct model *m, uint64_t va, uint64_t pa,
		      uint64_t size, uint32_t attrs)
{
	uint64_t g = m->g, v = va & ~(g - 1),
		 end = (va + size + g - 1) & ~(g - 1);
	struct opage *last;

	for (; v < end; v += g) {
		last = m->n ? &m->p[m->n - 1] : NULL;
		if (last && last->va == v) {
			assert_int_equal(last->pa, v + (pa - va));
			last->attrs =
				((last->attrs | attrs) &
				 ~(uint32_t)EFIVMAP_PT_ATTR_GP) |
				(last->attrs & attrs & EFIVMAP_PT_ATTR_GP);
			continue;
		}
		assert_true(!last || last->va < v);
		if (m->n == m->cap) {
			m->cap *= 2;
			m->p = realloc(m->p, m->cap * sizeof(*m->p));
			assert_non_null(m->p);
		}
		m->p[m->n].va = v;
		m->p[m->n].pa = v + (pa - va);
		m->p[m->n].attrs = attrs;
		m->n++;
	}
}

static const struct opage *model_find(const struct model *m, uint64_t va)
{
	size_t lo = 0, hi = m->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->p[mid].va < va)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->n && m->p[lo].va == va ? &m->p[lo] : NULL;
}

struct leafcheck {
	const struct model *m;
	uint64_t bytes;
	size_t bad;
};

static int leaf_in_model(void *ctx, const struct efivmap_pt_leaf *l)
{
	struct leafcheck *lc = ctx;
	const struct opage *o;
	uint64_t off;

	for (off = 0; off < l->size; off += lc->m->g) {
		o = model_find(lc->m, l->va + off);
		if (!o || o->pa != l->pa + off || o->attrs != l->attrs) {
			lc->bad++;
			return 1;
		}
	}
	lc->bytes += l->size;
	return 0;
}

/*
 * The walker agrees with the model on every page (first and last 4 KiB),
 * and every leaf lies inside the model with the model's values.
 */
static void model_check(const struct model *m, const struct efivmap_pt *pt)
{
	struct efivmap_pt_leaf l;
	struct leafcheck lc = { m, 0, 0 };
	uint64_t pa;
	size_t i;

	for (i = 0; i < m->n; i++) {
		assert_int_equal(efivmap_pt_walk(pt, m->p[i].va, &l, &pa), 0);
		assert_int_equal(pa, m->p[i].pa);
		assert_int_equal(l.attrs, m->p[i].attrs);
		assert_int_equal(efivmap_pt_walk(pt, m->p[i].va + m->g - K4,
						 NULL, &pa), 0);
		assert_int_equal(pa, m->p[i].pa + m->g - K4);
	}
	assert_int_equal(efivmap_pt_for_each_leaf(pt, leaf_in_model, &lc), 0);
	assert_int_equal(lc.bad, 0);
	assert_int_equal(lc.bytes, (uint64_t)m->n * m->g);
}

static void model_free(struct model *m)
{
	free(m->p);
}

/* ------------------------------------------------------------------ */
/* Maps                                                                */
/* ------------------------------------------------------------------ */

/* "# key value" from a capture's .txt header. */
static uint64_t header_value(const char *txt, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "# %s ", key);
	p = strstr(txt, pat);
	assert_non_null(p);
	return strtoull(p + strlen(pat), NULL, 0);
}

struct capture {
	void *buf;
	size_t size;
	uint64_t desc_size, count;
	struct efivmap_mmap map;
};

/* @bin is "captured/x.bin"; the header comes from "captured/x.txt". */
static void capture_load(struct capture *c, const char *bin)
{
	char txtname[4096];
	char *txt;

	snprintf(txtname, sizeof(txtname), "%.*s.txt",
		 (int)(strlen(bin) - 4), bin);
	txt = tl_read_data(txtname, NULL);
	c->desc_size = header_value(txt, "desc_size");
	c->count = header_value(txt, "count");
	free(txt);
	c->buf = tl_read_data(bin, &c->size);
	assert_int_equal(c->size, c->desc_size * c->count);
}

static void capture_map(struct capture *c)
{
	assert_int_equal(efivmap_mmap_init(&c->map, c->buf, c->size,
					   c->desc_size, 1, NULL), 0);
}

/* FLAT: VirtualStart = PhysicalStart for every runtime descriptor. */
static void make_flat(struct efivmap_mmap *map)
{
	struct efivmap_efi_desc *d;
	size_t i;

	efivmap_mmap_for_each(map, i, d)
		if (efivmap_desc_is_runtime(d))
			d->virt_start = d->phys_start;
}

static const struct efivmap_mmap *sort_map;

static int cmp_rt_va(const void *a, const void *b)
{
	uint64_t x = efivmap_mmap_get(sort_map, *(const size_t *)a)->virt_start;
	uint64_t y = efivmap_mmap_get(sort_map, *(const size_t *)b)->virt_start;

	return x < y ? -1 : x > y;
}

/*
 * Model of a runtime map: policy per descriptor, restricted per 4 KiB by
 * the MAT entries flagged good in @good (NULL: no MAT).
 */
static void model_map(struct model *m, const struct efivmap_pt_config *cfg,
		      const struct efivmap_mmap *map,
		      const struct efivmap_pt_mat *mat, const bool *good)
{
	size_t *order = malloc(map->count * sizeof(*order)), n = 0, i, j;
	const struct efivmap_efi_desc *d, *e;
	uint64_t off, pa;
	uint32_t a, base;

	for (i = 0; i < map->count; i++)
		if (efivmap_desc_is_runtime(efivmap_mmap_get(map, i)))
			order[n++] = i;
	sort_map = map;
	qsort(order, n, sizeof(*order), cmp_rt_va);
	for (i = 0; i < n; i++) {
		d = efivmap_mmap_get(map, order[i]);
		base = efivmap_pt_policy(cfg, d->type, d->attribute);
		for (off = 0; off < efivmap_desc_bytes(d); off += K4) {
			pa = d->phys_start + off;
			a = base;
			for (j = 0; mat && j < mat->count; j++) {
				e = (const void *)(mat->entries +
						   j * mat->desc_size);
				if (!good[j] || pa < e->phys_start ||
				    pa >= e->phys_start + e->num_pages * K4)
					continue;
				if (e->attribute & EFIVMAP_EFI_MEMORY_RO)
					a &= ~(uint32_t)EFIVMAP_PT_ATTR_W;
				if (e->attribute & EFIVMAP_EFI_MEMORY_XP)
					a &= ~(uint32_t)EFIVMAP_PT_ATTR_X;
				else if (mat->version == 2 && (mat->flags & 1))
					a |= EFIVMAP_PT_ATTR_GP;
			}
			model_add(m, d->virt_start + off, pa, K4,
				  model_eff(a, cfg->flags));
		}
	}
	free(order);
}

static int count_leaf(void *ctx, const struct efivmap_pt_leaf *l)
{
	(void)l;
	(*(size_t *)ctx)++;
	return 0;
}

/*
 * Size, build in an exactly sized pool (guarded), check the pool one
 * table smaller fails without writing, verify, compare with the model.
 */
static size_t build_checked(const struct efivmap_pt_config *cfg,
			    const struct efivmap_pt_input *in,
			    const struct model *m, struct efivmap_pt_stats *st)
{
	struct efivmap_pt pt;
	struct efivmap_diag diag;
	struct tpool tp;
	size_t need, i = 0;
	uint8_t *snap;

	assert_int_equal(efivmap_pt_tables_needed(cfg, in, &need, &diag), 0);
	assert_true(need >= 1);

	if (need > 1) {
		tpool_new(&tp, cfg->granule, need - 1);
		assert_int_equal(init_in(&pt, cfg, &tp), 0);
		snap = malloc(tp.size);
		memcpy(snap, tp.pool, tp.size);
		assert_int_equal(efivmap_pt_build(&pt, in, &diag),
				 -EFIVMAP_ERR_POOL);
		assert_int_equal(pt.needed, need);
		assert_int_equal(diag.addr, need);
		assert_int_equal(diag.err, -EFIVMAP_ERR_POOL);
		/* the tables in use (the root) are as before: nothing mapped */
		assert_int_equal(pt.used, 1);
		assert_memory_equal(snap, tp.pool, cfg->granule);
		assert_int_equal(efivmap_pt_for_each_leaf(&pt, count_leaf, &i),
				 0);
		assert_int_equal(i, 0);
		tpool_check_guards(&tp);
		free(snap);
		tpool_free(&tp);
	}

	tpool_new(&tp, cfg->granule, need);
	assert_int_equal(init_in(&pt, cfg, &tp), 0);
	assert_int_equal(efivmap_pt_build(&pt, in, &diag), 0);
	assert_int_equal(pt.used, need);
	tpool_check_guards(&tp);
	assert_int_equal(efivmap_pt_verify(&pt, in, &diag), 0);
	if (m)
		model_check(m, &pt);
	if (st) {
		assert_int_equal(efivmap_pt_stats(&pt, st), 0);
		assert_int_equal(st->tables, need);
	}
	/* Building the same input again adds nothing and changes nothing. */
	snap = malloc(tp.size);
	memcpy(snap, tp.pool, tp.size);
	assert_int_equal(efivmap_pt_build(&pt, in, &diag), 0);
	assert_memory_equal(snap, tp.pool, tp.size);
	free(snap);
	tpool_check_guards(&tp);
	tpool_free(&tp);
	return need;
}

static void cfg_init(struct efivmap_pt_config *cfg, uint32_t granule,
		     uint32_t va_bits, uint32_t flags)
{
	assert_int_equal(efivmap_pt_config_init(cfg, granule, va_bits, 48,
						flags), 0);
}

/* ------------------------------------------------------------------ */
/* Configuration and registers                                         */
/* ------------------------------------------------------------------ */

static void test_pt_config_start_levels(void **state)
{
	static const struct {
		uint32_t g, va;
		unsigned start;
	} cases[] = {
		{ EFIVMAP_PT_GRANULE_4K, 36, 1 },
		{ EFIVMAP_PT_GRANULE_4K, 39, 1 },
		{ EFIVMAP_PT_GRANULE_4K, 40, 0 },
		{ EFIVMAP_PT_GRANULE_4K, 44, 0 },
		{ EFIVMAP_PT_GRANULE_4K, 48, 0 },
		{ EFIVMAP_PT_GRANULE_16K, 36, 2 },
		{ EFIVMAP_PT_GRANULE_16K, 37, 1 },
		{ EFIVMAP_PT_GRANULE_16K, 47, 1 },
		{ EFIVMAP_PT_GRANULE_16K, 48, 0 },
		{ EFIVMAP_PT_GRANULE_64K, 36, 2 },
		{ EFIVMAP_PT_GRANULE_64K, 42, 2 },
		{ EFIVMAP_PT_GRANULE_64K, 43, 1 },
		{ EFIVMAP_PT_GRANULE_64K, 48, 1 },
	};
	struct efivmap_pt_config cfg;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cfg_init(&cfg, cases[i].g, cases[i].va, 0);
		assert_int_equal(efivmap_pt_start_level(&cfg), cases[i].start);
	}
}

static void test_pt_config_rejects_bad_values(void **state)
{
	struct efivmap_pt_config cfg;

	(void)state;
	memset(&cfg, 0x5a, sizeof(cfg));
	assert_int_equal(efivmap_pt_config_init(&cfg, 0x2000, 40, 40, 0),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_pt_config_init(&cfg, 0x1000, 35, 40, 0),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_pt_config_init(&cfg, 0x1000, 49, 40, 0),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_pt_config_init(&cfg, 0x1000, 40, 31, 0),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_pt_config_init(&cfg, 0x1000, 40, 49, 0),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_pt_config_init(&cfg, 0x1000, 40, 40, 0x80),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_pt_config_init(NULL, 0x1000, 40, 40, 0),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(cfg.granule, 0x5a5a5a5a);   /* untouched */
}

static void test_pt_config_mair_indices(void **state)
{
	struct efivmap_pt_config cfg, before;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));   /* padding too: compared bytewise */
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 44, 0);
	assert_int_equal(cfg.mair, UINT64_C(0x04FFBB4400));
	assert_int_equal(cfg.mair_idx[EFIVMAP_PT_MT_DEVICE_NGNRNE], 0);
	assert_int_equal(cfg.mair_idx[EFIVMAP_PT_MT_NORMAL_NC], 1);
	assert_int_equal(cfg.mair_idx[EFIVMAP_PT_MT_NORMAL_WT], 2);
	assert_int_equal(cfg.mair_idx[EFIVMAP_PT_MT_NORMAL_WB], 3);
	assert_int_equal(cfg.mair_idx[EFIVMAP_PT_MT_DEVICE_NGNRE], 4);

	/* EDK2's MAIR has no nGnRE: the stricter nGnRnE stands in. */
	assert_int_equal(efivmap_pt_config_set_mair(&cfg, 0xFFBB4400), 0);
	assert_int_equal(cfg.mair_idx[EFIVMAP_PT_MT_DEVICE_NGNRE], 0);
	assert_int_equal(cfg.mair_idx[EFIVMAP_PT_MT_NORMAL_WB], 3);

	/* Linux-like: WB 0, tagged 1, NC 2, nGnRnE 3, nGnRE 4; no WT. */
	assert_int_equal(efivmap_pt_config_set_mair(&cfg,
				UINT64_C(0x040044f0ff)), 0);
	assert_int_equal(cfg.mair_idx[EFIVMAP_PT_MT_NORMAL_WB], 0);
	assert_int_equal(cfg.mair_idx[EFIVMAP_PT_MT_NORMAL_WT], 2);
	assert_int_equal(cfg.mair_idx[EFIVMAP_PT_MT_NORMAL_NC], 2);
	assert_int_equal(cfg.mair_idx[EFIVMAP_PT_MT_DEVICE_NGNRNE], 3);
	assert_int_equal(cfg.mair_idx[EFIVMAP_PT_MT_DEVICE_NGNRE], 4);
	/* WT requested, NC applied: the walker reports what applies. */
	{
		struct efivmap_pt_leaf l;
		struct efivmap_pt pt;
		struct tpool tp;

		pt_new(&pt, &cfg, &tp, 4);
		assert_int_equal(
			efivmap_pt_map_range(&pt, 0x1000, 0x1000, 0x1000,
					     EFIVMAP_PT_MT_NORMAL_WT, NULL),
			0);
		assert_int_equal(efivmap_pt_walk(&pt, 0x1000, &l, NULL), 0);
		assert_int_equal(l.attrs, EFIVMAP_PT_MT_NORMAL_NC);
		assert_int_equal((l.desc >> 2) & 7, 2);
		tpool_free(&tp);
	}

	/* No write-back: refused, config unchanged. */
	memcpy(&before, &cfg, sizeof(cfg));
	assert_int_equal(efivmap_pt_config_set_mair(&cfg, 0x4400),
			 -EFIVMAP_ERR_UNSUPPORTED);
	assert_memory_equal(&before, &cfg, sizeof(cfg));
	assert_int_equal(efivmap_pt_config_set_mair(&cfg, 0xFF00),
			 -EFIVMAP_ERR_UNSUPPORTED);
}

static void test_pt_config_from_edk2_tcr(void **state)
{
	struct efivmap_pt_config cfg;
	struct efivmap_pt pt;
	struct tpool tp;
	uint64_t tcr = UINT64_C(0x480803514);

	(void)state;
	assert_int_equal(efivmap_pt_config_from_tcr(&cfg, tcr, 0xFFBB4400, 0),
			 0);
	assert_int_equal(cfg.granule, EFIVMAP_PT_GRANULE_4K);
	assert_int_equal(cfg.va_bits, 44);
	assert_int_equal(cfg.pa_bits, 44);
	assert_int_equal(cfg.mair, 0xFFBB4400);
	assert_int_equal(efivmap_pt_start_level(&cfg), 0);

	pt_new(&pt, &cfg, &tp, 1);
	assert_true(efivmap_pt_tcr_compatible(&pt, tcr));
	/* Our TTBR0 fields are EDK2's: merging changes nothing. */
	assert_int_equal(efivmap_pt_tcr(&pt), UINT64_C(0x400003514));
	assert_int_equal(efivmap_pt_tcr_merge(&pt, tcr), tcr);
	assert_int_equal(efivmap_pt_mair(&pt), 0xFFBB4400);
	/* T0SZ 25 (39 bits) would need another table shape. */
	assert_false(efivmap_pt_tcr_compatible(&pt, (tcr & ~0x3full) | 25));
	assert_false(efivmap_pt_tcr_compatible(&pt, tcr | (1u << 14)));
	assert_false(efivmap_pt_tcr_compatible(&pt, tcr | EFIVMAP_PT_TCR_EPD0));
	assert_false(efivmap_pt_tcr_compatible(&pt, tcr & ~(3ull << 8)));
	tpool_free(&tp);

	assert_int_equal(efivmap_pt_config_from_tcr(&cfg,
						    tcr | EFIVMAP_PT_TCR_EPD0,
						    0xFFBB4400, 0),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_pt_config_from_tcr(&cfg, (tcr & ~0x3full) | 12,
						    0xFFBB4400, 0),
			 -EFIVMAP_ERR_UNSUPPORTED);
	assert_int_equal(efivmap_pt_config_from_tcr(&cfg, tcr | (3u << 14),
						    0xFFBB4400, 0),
			 -EFIVMAP_ERR_UNSUPPORTED);
	assert_int_equal(efivmap_pt_config_from_tcr(&cfg, tcr, 0x4400, 0),
			 -EFIVMAP_ERR_UNSUPPORTED);
}

static void test_pt_registers_per_granule(void **state)
{
	struct efivmap_pt_config cfg;
	struct efivmap_pt pt;
	struct tpool tp;
	uint64_t tcr;

	(void)state;
	assert_int_equal(
		efivmap_pt_config_init(&cfg, EFIVMAP_PT_GRANULE_16K, 47, 39, 0),
		0);
	pt_new(&pt, &cfg, &tp, 1);
	assert_int_equal(pt.root_pa, tpool_pa(tp.pool));
	assert_int_equal(efivmap_pt_ttbr0(&pt, 0x1234),
			 tpool_pa(tp.pool) | (UINT64_C(0x1234) << 48));
	tcr = efivmap_pt_tcr(&pt);
	assert_int_equal(tcr & 0x3f, 17);
	assert_int_equal((tcr >> 14) & 3, 2);          /* TG0 16K */
	assert_int_equal((tcr >> 32) & 7, 2);          /* 39 bits -> 40 */
	assert_int_equal((tcr >> 8) & 0x3f, 0x35);     /* WBWA, WBWA, ISH */
	/* IPS keeps the larger value, other fields stay. */
	tcr = efivmap_pt_tcr_merge(&pt, (UINT64_C(5) << 32) | (1u << 23) | 25);
	assert_int_equal((tcr >> 32) & 7, 5);
	assert_true(tcr & (1u << 23));
	assert_int_equal(tcr & 0x3f, 17);
	tpool_free(&tp);

	assert_int_equal(
		efivmap_pt_config_init(&cfg, EFIVMAP_PT_GRANULE_64K, 42, 48, 0),
		0);
	pt_new(&pt, &cfg, &tp, 1);
	tcr = efivmap_pt_tcr(&pt);
	assert_int_equal((tcr >> 14) & 3, 1);          /* TG0 64K */
	assert_int_equal((tcr >> 32) & 7, 5);
	assert_int_equal(tcr & 0x3f, 22);
	tpool_free(&tp);
}

/* ------------------------------------------------------------------ */
/* Policy                                                              */
/* ------------------------------------------------------------------ */

static void test_pt_policy_linux_rules_and_no_wb(void **state)
{
	static const struct {
		uint32_t type;
		uint64_t attr;
		uint32_t flags;
		uint32_t want;
	} c[] = {
		{ 11, RT | EFIVMAP_EFI_MEMORY_UC, 0, EFIVMAP_PT_DEVICE_RW },
		{ 11, RT, 0, EFIVMAP_PT_DEVICE_RW },
		{ 11, RT | WB, 0, EFIVMAP_PT_DEVICE_RW },
		{ 12, RT | EFIVMAP_EFI_MEMORY_UC, 0, EFIVMAP_PT_DEVICE_RW },
		{ 5, RT | WB, 0, EFIVMAP_PT_RAM_RWX },
		{ 6, RT | WB, 0, EFIVMAP_PT_RAM_RW },
		{ 5, RT | WB | EFIVMAP_EFI_MEMORY_XP, 0, EFIVMAP_PT_RAM_RW },
		{ 5, RT | WB | EFIVMAP_EFI_MEMORY_RO, 0, EFIVMAP_PT_RAM_RX },
		{ 5, RT | WB | EFIVMAP_EFI_MEMORY_RO | EFIVMAP_EFI_MEMORY_XP, 0,
		  EFIVMAP_PT_RAM_RO },
		{ 6, RT | WB | EFIVMAP_EFI_MEMORY_RO, 0, EFIVMAP_PT_RAM_RO },
		{ 0, RT | WB | EFIVMAP_EFI_MEMORY_UC, 0, EFIVMAP_PT_RAM_RW },
		/* no WB: memory types stay Normal, others become Device */
		{ 6, RT | EFIVMAP_EFI_MEMORY_WT, 0,
		  EFIVMAP_PT_MT_NORMAL_NC | EFIVMAP_PT_ATTR_W },
		{ 5, RT | EFIVMAP_EFI_MEMORY_UC, 0,
		  EFIVMAP_PT_MT_NORMAL_NC | EFIVMAP_PT_ATTR_W |
			  EFIVMAP_PT_ATTR_X },
		{ 6, RT, 0, EFIVMAP_PT_MT_NORMAL_NC | EFIVMAP_PT_ATTR_W },
		{ 0, RT, 0, EFIVMAP_PT_DEVICE_RW },
		{ 0, RT | EFIVMAP_EFI_MEMORY_UC, 0, EFIVMAP_PT_DEVICE_RW },
		{ 0x70000001, RT | EFIVMAP_EFI_MEMORY_WC, 0,
		  EFIVMAP_PT_DEVICE_RW },
		/* Linux mode: every non-MMIO region is write-back */
		{ 6, RT | EFIVMAP_EFI_MEMORY_WT, EFIVMAP_PT_CFG_LINUX,
		  EFIVMAP_PT_RAM_RW },
		{ 0, RT, EFIVMAP_PT_CFG_LINUX, EFIVMAP_PT_RAM_RW },
		{ 11, RT, EFIVMAP_PT_CFG_LINUX, EFIVMAP_PT_DEVICE_RW },
	};
	struct efivmap_pt_config cfg;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 48, c[i].flags);
		assert_int_equal(efivmap_pt_policy(&cfg, c[i].type, c[i].attr),
				 c[i].want);
	}
}

/* Every leaf: AF, nG, inner shareable, no EL0 access, UXN. */
static int leaf_bits_ok(void *ctx, const struct efivmap_pt_leaf *l)
{
	uint64_t d = l->desc;

	(void)ctx;
	if (!(d & (1u << 10)) || !(d & (1u << 11)) || (d & (1u << 6)) ||
	    !(d & (UINT64_C(1) << 54)) || ((d >> 8) & 3) != 3)
		return 1;
	if ((l->attrs & EFIVMAP_PT_ATTR_MT_MASK) <=
		    EFIVMAP_PT_MT_DEVICE_NGNRE &&
	    !(d & (UINT64_C(1) << 53)))
		return 1;
	return 0;
}

static void test_pt_leaf_bits_af_ng_uxn_no_el0(void **state)
{
	struct efivmap_pt_range r[3] = {
		{ 0x40000000, 0x40000000, 0x400000, EFIVMAP_PT_RAM_RWX },
		{ 0x80000000, 0x9000000, 0x1000,
		  EFIVMAP_PT_DEVICE_RW | EFIVMAP_PT_ATTR_X },
		{ 0x80200000, 0x80200000, 0x10000, EFIVMAP_PT_RAM_RO },
	};
	struct efivmap_pt_input in = { .ranges = r, .nranges = 3 };
	struct efivmap_pt_config cfg;
	struct efivmap_pt pt;
	struct efivmap_pt_leaf l;
	struct tpool tp;
	size_t g;

	(void)state;
	for (g = 0; g < 3; g++) {
		cfg_init(&cfg, granules[g], 40, 0);
		pt_new_built(&pt, &cfg, &tp, 8, &in);
		assert_int_equal(efivmap_pt_for_each_leaf(&pt, leaf_bits_ok,
							  NULL), 0);
		/* device memory never executes, even when asked */
		assert_int_equal(efivmap_pt_walk(&pt, 0x80000000, &l, NULL), 0);
		assert_int_equal(l.attrs, EFIVMAP_PT_DEVICE_RW);
		assert_int_equal(efivmap_pt_verify(&pt, &in, NULL), 0);
		tpool_free(&tp);
	}
}

/* ------------------------------------------------------------------ */
/* Blocks and contiguous runs                                          */
/* ------------------------------------------------------------------ */

struct leaf_counts {
	size_t leaves, contig;
};

static int collect_leaf(void *ctx, const struct efivmap_pt_leaf *l)
{
	struct leaf_counts *c = ctx;

	c->leaves++;
	if (l->contig)
		c->contig++;
	return 0;
}

static void test_pt_blocks_and_contig_4k(void **state)
{
	/* 1G + 2M + 64K + 4K, all VA = PA + 1G and suitably aligned. */
	struct efivmap_pt_range r = {
		G1, 2 * G1, G1 + 34 * M2 + 0x11000, EFIVMAP_PT_RAM_RW
	};
	struct efivmap_pt_input in = { .ranges = &r, .nranges = 1 };
	struct efivmap_pt_config cfg;
	struct efivmap_pt_stats st;
	struct efivmap_pt pt;
	struct efivmap_pt_leaf l;
	struct model m;
	struct tpool tp;
	size_t need;

	(void)state;
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 48, 0);
	model_init(&m, cfg.granule);
	model_add(&m, r.va, r.pa, r.size, r.attrs);
	need = build_checked(&cfg, &in, &m, &st);
	/* root, L1, L2, L3 */
	assert_int_equal(need, 4);
	assert_int_equal(st.leaves_at[1], 1);
	assert_int_equal(st.leaves_at[2], 34);
	assert_int_equal(st.leaves_at[3], 17);
	/* 1G, 2x16 contiguous 2M, 2 single 2M, 16 contiguous 4K, 1 page */
	assert_int_equal(st.tlb_entries, 1 + 2 + 2 + 1 + 1);
	assert_int_equal(st.wx_pages, 0);
	assert_int_equal(st.mapped_bytes, r.size);
	model_free(&m);

	pt_new_built(&pt, &cfg, &tp, need, &in);
	assert_int_equal(efivmap_pt_walk(&pt, G1 + 5, &l, NULL), 0);
	assert_int_equal(l.level, 1);
	assert_false(l.contig);
	assert_int_equal(efivmap_pt_walk(&pt, 2 * G1 + 3 * M2, &l, NULL), 0);
	assert_int_equal(l.level, 2);
	assert_true(l.contig);
	assert_int_equal(efivmap_pt_walk(&pt, 2 * G1 + 33 * M2, &l, NULL), 0);
	assert_int_equal(l.level, 2);
	assert_false(l.contig);
	assert_int_equal(efivmap_pt_walk(&pt, 2 * G1 + 34 * M2 + 0x1000, &l,
					 NULL), 0);
	assert_int_equal(l.level, 3);
	assert_true(l.contig);
	tpool_free(&tp);

	/* NO_CONTIG: same blocks, no hint anywhere. */
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 48, EFIVMAP_PT_CFG_NO_CONTIG);
	pt_new_built(&pt, &cfg, &tp, 4, &in);
	{
		struct leaf_counts lc = { 0, 0 };

		assert_int_equal(efivmap_pt_for_each_leaf(&pt, collect_leaf,
							  &lc), 0);
		assert_int_equal(lc.leaves, 1 + 34 + 17);
		assert_int_equal(lc.contig, 0);
	}
	assert_int_equal(efivmap_pt_stats(&pt, &st), 0);
	assert_int_equal(st.tlb_entries, st.leaves);
	assert_int_equal(efivmap_pt_verify(&pt, &in, NULL), 0);
	tpool_free(&tp);
}

static void test_pt_blocks_and_contig_16k_64k(void **state)
{
	struct efivmap_pt_config cfg;
	struct efivmap_pt_stats st;
	struct efivmap_pt_range r;
	struct efivmap_pt_input in = { .ranges = &r, .nranges = 1 };
	struct model m;

	(void)state;
	/* 16K: 32 x 32M contiguous at L2 (1G), one 32M block, then 128 x
	 * 16K contiguous (2M) and one 16K page. */
	r.va = 64 * G1;
	r.pa = G1;
	r.size = G1 + 32 * M2 / 2 + M2 + 0x4000;
	r.attrs = EFIVMAP_PT_RAM_RX;
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_16K, 47, 0);
	model_init(&m, cfg.granule);
	model_add(&m, r.va, r.pa, r.size, r.attrs);
	assert_int_equal(build_checked(&cfg, &in, &m, &st), 3);
	assert_int_equal(st.leaves_at[2], 33);
	assert_int_equal(st.leaves_at[3], 129);
	assert_int_equal(st.tlb_entries, 1 + 1 + 1 + 1);
	model_free(&m);

	/* 64K: 512M blocks at L2 (32 of them contiguous = 16G), 32 x 64K
	 * contiguous (2M) at L3. */
	r.va = 16 * G1;
	r.pa = 32 * G1;
	r.size = 16 * G1 + G1 / 2 + M2 + 0x10000;
	r.attrs = EFIVMAP_PT_RAM_RW;
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_64K, 48, 0);
	model_init(&m, cfg.granule);
	model_add(&m, r.va, r.pa, r.size, r.attrs);
	assert_int_equal(build_checked(&cfg, &in, &m, &st), 3);
	assert_int_equal(st.leaves_at[2], 33);
	assert_int_equal(st.leaves_at[3], 33);
	assert_int_equal(st.tlb_entries, 1 + 1 + 1 + 1);
	model_free(&m);
}

/*
 * Two adjacent Runtime Data descriptors, contiguous in VA and PA: one
 * 2 MiB block for us, 512 pages for Linux's policy.
 */
static void test_pt_adjacent_regions_join_into_blocks(void **state)
{
	struct efivmap_pt_input in;
	struct efivmap_pt_config cfg;
	struct efivmap_pt_stats st;
	struct efivmap_mmap map;
	struct tl_map tm;
	struct model m;

	(void)state;
	tl_map_init(&tm, 48);
	tl_map_add(&tm, 6, 0x7c400000, 256, RT | WB);
	tl_map_add(&tm, 6, 0x7c500000, 256, RT | WB);
	tl_map_desc(&tm, 0)->virt_start = 0x20200000;
	tl_map_desc(&tm, 1)->virt_start = 0x20300000;
	assert_int_equal(
		efivmap_mmap_init(&map, tm.buf, tl_map_size(&tm), 48, 1, NULL),
		0);
	memset(&in, 0, sizeof(in));
	in.map = &map;

	cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 48, 0);
	model_init(&m, cfg.granule);
	model_map(&m, &cfg, &map, NULL, NULL);
	build_checked(&cfg, &in, &m, &st);
	assert_int_equal(st.leaves, 1);
	assert_int_equal(st.leaves_at[2], 1);
	assert_int_equal(st.tables, 3);

	cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 48, EFIVMAP_PT_CFG_LINUX);
	build_checked(&cfg, &in, &m, &st);
	assert_int_equal(st.leaves, 512);
	assert_int_equal(st.leaves_at[3], 512);
	assert_int_equal(st.tlb_entries, 512);
	assert_int_equal(st.tables, 4);
	model_free(&m);
	tl_map_free(&tm);
}

/* ------------------------------------------------------------------ */
/* Random region sets                                                  */
/* ------------------------------------------------------------------ */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static uint64_t rnd_below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static const uint32_t rnd_attrs[] = {
	EFIVMAP_PT_RAM_RWX,
	EFIVMAP_PT_RAM_RW,
	EFIVMAP_PT_RAM_RX,
	EFIVMAP_PT_RAM_RO,
	EFIVMAP_PT_DEVICE_RW,
	EFIVMAP_PT_MT_NORMAL_NC | EFIVMAP_PT_ATTR_W,
	EFIVMAP_PT_MT_NORMAL_WT,
	EFIVMAP_PT_MT_DEVICE_NGNRNE | EFIVMAP_PT_ATTR_W,
};

/*
 * Ranges in ascending VA order. Some share a granule page with the
 * previous one (then same offset and memory type, other permissions),
 * some are adjacent, some far; offsets keep block alignment or break it.
 */
static size_t random_ranges(struct efivmap_pt_range *r, size_t max,
			    uint32_t granule, uint32_t va_bits)
{
	uint64_t g = granule, top = UINT64_C(1) << va_bits, va, size, blk;
	uint64_t prev_end = 0, delta = 0;
	uint32_t a;
	size_t n = 0;

	blk = granule == EFIVMAP_PT_GRANULE_4K ? M2 :
	      granule == EFIVMAP_PT_GRANULE_16K ? 32 * M2 / 2 : G1 / 2;
	va = rnd_below(top >> 8) & ~(g - 1);
	while (n < max) {
		switch (rnd_below(8)) {
		case 0:    /* share the previous granule page */
		case 1:
			if (n && (prev_end & (g - 1))) {
				va = prev_end +
				     K4 * rnd_below((g - (prev_end & (g - 1))) /
						    K4);
				break;
			}
			/* fall through */
		case 2:    /* adjacent */
			va = prev_end;
			break;
		case 3:    /* next block boundary */
			va = (prev_end + blk) & ~(blk - 1);
			break;
		default:   /* a gap */
			va = prev_end + K4 * rnd_below(4 * blk / K4);
			break;
		}
		switch (rnd_below(6)) {
		case 0:
			size = blk * (1 + rnd_below(4));
			break;
		case 1:
			size = g * (1 + rnd_below(200));
			break;
		default:
			size = K4 * (1 + rnd_below(2 * g / K4 + 8));
			break;
		}
		if (va + size > top - g)
			break;
		if (n && va < ((prev_end + g - 1) & ~(g - 1))) {
			/* shares a page: same offset, same memory type */
			a = (r[n - 1].attrs & EFIVMAP_PT_ATTR_MT_MASK) |
			    ((uint32_t)rnd() &
			     (EFIVMAP_PT_ATTR_W | EFIVMAP_PT_ATTR_X));
		} else {
			a = rnd_attrs[rnd_below(8)];
			if (rnd_below(3))   /* keep blocks possible */
				delta = (rnd_below(8) * (UINT64_C(1) << 36)) -
					(va & ~((UINT64_C(1) << 36) - 1));
			else
				delta = g * rnd_below(UINT64_C(1) << 20) -
					(va & ~(g - 1));
		}
		r[n].va = va;
		r[n].pa = va + delta;
		r[n].size = size;
		r[n].attrs = a;
		prev_end = va + size;
		n++;
	}
	return n;
}

static void test_pt_random_regions_every_granule_and_va_size(void **state)
{
	struct efivmap_pt_range r[48], shuffled[48], t;
	struct efivmap_pt_input in;
	struct efivmap_pt_config cfg;
	struct efivmap_pt_stats st;
	struct model m;
	size_t n, i, j, need, need2, seed;
	uint32_t va_bits, g;

	(void)state;
	for (g = 0; g < 3; g++) {
		for (va_bits = 36; va_bits <= 48; va_bits++) {
			for (seed = 0; seed < 2; seed++) {
				rng_state = 0x9e3779b97f4a7c15ull ^
					    (g * 1000 + va_bits * 10 + seed);
				n = random_ranges(r, 48, granules[g], va_bits);
				assert_true(n > 0);
				cfg_init(&cfg, granules[g], va_bits, 0);
				model_init(&m, cfg.granule);
				for (i = 0; i < n; i++)
					model_add(&m, r[i].va, r[i].pa,
						  r[i].size,
						  model_eff(r[i].attrs, 0));
				memset(&in, 0, sizeof(in));
				in.ranges = r;
				in.nranges = n;
				need = build_checked(&cfg, &in, &m, &st);

				/* Same ranges in another order: same tables. */
				memcpy(shuffled, r, n * sizeof(r[0]));
				for (i = n - 1; i > 0; i--) {
					j = rnd_below(i + 1);
					t = shuffled[i];
					shuffled[i] = shuffled[j];
					shuffled[j] = t;
				}
				in.ranges = shuffled;
				need2 = build_checked(&cfg, &in, &m, NULL);
				assert_int_equal(need, need2);
				model_free(&m);
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* Captured maps                                                       */
/* ------------------------------------------------------------------ */

static void test_pt_captured_vmap_every_granule(void **state)
{
	char **names = tl_list_captured("-vmap.bin"), **nm;
	struct efivmap_pt_input in;
	struct efivmap_pt_config cfg, lcfg;
	struct efivmap_pt_stats st, lst;
	struct capture c;
	struct model m;
	size_t g;

	(void)state;
	for (nm = names; *nm; nm++) {
		capture_load(&c, *nm);
		capture_map(&c);
		for (g = 0; g < 3; g++) {
			memset(&in, 0, sizeof(in));
			in.map = &c.map;
			cfg_init(&cfg, granules[g], 48, 0);
			model_init(&m, cfg.granule);
			model_map(&m, &cfg, &c.map, NULL, NULL);
			build_checked(&cfg, &in, &m, &st);
			model_free(&m);
			/* no MAT: runtime code is RWX */
			assert_true(st.wx_pages > 0);

			/* Linux's policy: pages only, never fewer tables or
			 * TLB entries than ours. */
			cfg_init(&lcfg, granules[g], 48, EFIVMAP_PT_CFG_LINUX);
			model_init(&m, cfg.granule);
			model_map(&m, &lcfg, &c.map, NULL, NULL);
			build_checked(&lcfg, &in, &m, &lst);
			model_free(&m);
			assert_true(st.tables <= lst.tables);
			assert_true(st.tlb_entries <= lst.tlb_entries);
			assert_true(lst.leaves_at[1] == 0);
		}
		free(c.buf);
	}
	tl_free_names(names);
}

static void test_pt_captured_ebs_flat_layout(void **state)
{
	char **names = tl_list_captured("-ebs.bin"), **nm;
	struct efivmap_pt_input in;
	struct efivmap_pt_config cfg;
	struct capture c;
	struct model m;
	size_t g, need, need_sorted;
	unsigned va_bits;

	(void)state;
	for (nm = names; *nm; nm++) {
		capture_load(&c, *nm);
		capture_map(&c);
		make_flat(&c.map);
		for (g = 0; g < 3; g++) {
			for (va_bits = 36; va_bits <= 48; va_bits += 4) {
				memset(&in, 0, sizeof(in));
				in.map = &c.map;
				cfg_init(&cfg, granules[g], va_bits, 0);
				model_init(&m, cfg.granule);
				model_map(&m, &cfg, &c.map, NULL, NULL);
				need = build_checked(&cfg, &in, &m, NULL);
				model_free(&m);
				(void)need;
			}
		}
		/* EDK2's map is unsorted (MMIO last): the slow ordering must
		 * agree with the linear one on the sorted map. */
		for (g = 0; g < 3; g++) {
			memset(&in, 0, sizeof(in));
			in.map = &c.map;
			cfg_init(&cfg, granules[g], 48, 0);
			assert_int_equal(efivmap_pt_tables_needed(&cfg, &in,
								  &need, NULL),
					 0);
			efivmap_mmap_sort(&c.map);
			assert_int_equal(efivmap_pt_tables_needed(&cfg, &in,
								  &need_sorted,
								  NULL), 0);
			assert_int_equal(need, need_sorted);
			free(c.buf);
			capture_load(&c, *nm);   /* back to firmware order */
			capture_map(&c);
			make_flat(&c.map);
		}
		free(c.buf);
	}
	tl_free_names(names);
}

/* ------------------------------------------------------------------ */
/* Memory Attributes Table                                             */
/* ------------------------------------------------------------------ */

static void load_mat(struct capture *mc, struct efivmap_pt_mat *mat,
		     const char *vmap_name, uint32_t version, uint32_t flags)
{
	char name[4096];
	struct efivmap_efi_mat_header h;
	size_t l = strlen(vmap_name) - strlen("-vmap.bin");

	snprintf(name, sizeof(name), "%.*s-mat.bin", (int)l, vmap_name);
	capture_load(mc, name);
	h.version = version;
	h.num_entries = (uint32_t)mc->count;
	h.desc_size = (uint32_t)mc->desc_size;
	h.flags = flags;
	assert_int_equal(efivmap_pt_mat_init(mat, &h, mc->buf, mc->size, NULL),
			 0);
}

static void test_pt_mat_gives_w_xor_x_on_edk2(void **state)
{
	static const char *const vmaps[] = {
		"captured/edk2-aavmf-1G-vmap.bin",
		"captured/edk2-aavmf-4G-vmap.bin",
		"captured/edk2-qemuefi-bios-1G-vmap.bin",
	};
	struct efivmap_pt_input in;
	struct efivmap_pt_config cfg;
	struct efivmap_pt_stats st, lst;
	struct efivmap_pt_mat mat;
	struct capture c, mc;
	struct model m;
	bool good[64];
	size_t v, g;

	(void)state;
	memset(good, 1, sizeof(good));
	for (v = 0; v < 3; v++) {
		capture_load(&c, vmaps[v]);
		capture_map(&c);
		load_mat(&mc, &mat, vmaps[v], 1, 0);
		assert_true(mat.count <= 64);
		for (g = 0; g < 3; g++) {
			cfg_init(&cfg, granules[g], 44, 0);
			assert_int_equal(efivmap_pt_mat_validate(&cfg, &c.map,
								 &mat, NULL,
								 NULL),
					 0);
			memset(&in, 0, sizeof(in));
			in.map = &c.map;
			in.mat = &mat;
			model_init(&m, cfg.granule);
			model_map(&m, &cfg, &c.map, &mat, good);
			build_checked(&cfg, &in, &m, &st);
			model_free(&m);
			assert_int_equal(st.wx_pages, 0);

			cfg_init(&cfg, granules[g], 44, EFIVMAP_PT_CFG_LINUX);
			model_init(&m, cfg.granule);
			model_map(&m, &cfg, &c.map, &mat, good);
			build_checked(&cfg, &in, &m, &lst);
			model_free(&m);
			assert_int_equal(lst.wx_pages, 0);
			assert_true(st.tables <= lst.tables);
			assert_true(st.tlb_entries < lst.tlb_entries);
		}
		free(mc.buf);
		free(c.buf);
	}
}

static void test_pt_mat_v2_guarded_pages_need_bti(void **state)
{
	const char *vmap = "captured/edk2-aavmf-1G-vmap.bin";
	struct efivmap_pt_input in;
	struct efivmap_pt_config cfg;
	struct efivmap_pt_mat mat;
	struct efivmap_pt_leaf l;
	struct efivmap_pt pt;
	struct capture c, mc;
	struct model m;
	struct tpool tp;
	bool good[64];
	size_t need;

	(void)state;
	memset(good, 1, sizeof(good));
	capture_load(&c, vmap);
	capture_map(&c);
	load_mat(&mc, &mat, vmap, 2, EFIVMAP_EFI_MAT_FLAG_RT_FORWARD_CFG);
	memset(&in, 0, sizeof(in));
	in.map = &c.map;
	in.mat = &mat;

	cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 48, EFIVMAP_PT_CFG_BTI);
	model_init(&m, cfg.granule);
	model_map(&m, &cfg, &c.map, &mat, good);
	need = build_checked(&cfg, &in, &m, NULL);
	model_free(&m);
	pt_new_built(&pt, &cfg, &tp, need, &in);
	/* 0x7c450000 is RO code (RX) at VA 0x20010000: guarded */
	assert_int_equal(efivmap_pt_walk(&pt, 0x20010000, &l, NULL), 0);
	assert_int_equal(l.attrs, EFIVMAP_PT_RAM_RX | EFIVMAP_PT_ATTR_GP);
	assert_true(l.desc & (UINT64_C(1) << 50));
	/* its XP neighbour is not */
	assert_int_equal(efivmap_pt_walk(&pt, 0x20000000, &l, NULL), 0);
	assert_int_equal(l.attrs, EFIVMAP_PT_RAM_RW);
	tpool_free(&tp);

	/* Without FEAT_BTI the bit stays clear. */
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 48, 0);
	pt_new_built(&pt, &cfg, &tp, need, &in);
	assert_int_equal(efivmap_pt_walk(&pt, 0x20010000, &l, NULL), 0);
	assert_int_equal(l.attrs, EFIVMAP_PT_RAM_RX);
	assert_false(l.desc & (UINT64_C(1) << 50));
	assert_int_equal(efivmap_pt_verify(&pt, &in, NULL), 0);
	tpool_free(&tp);
	free(mc.buf);
	free(c.buf);
}

static void test_pt_mat_header_checks(void **state)
{
	uint64_t body[12] = { 0 };
	struct efivmap_efi_mat_header h = { 1, 1, 48, 7 };
	struct efivmap_pt_mat mat, before;
	struct efivmap_diag diag;
	uint8_t table[16 + 48] __attribute__((aligned(8)));

	(void)state;
	memset(&mat, 0x5a, sizeof(mat));
	memcpy(&before, &mat, sizeof(mat));
	h.version = 0;
	assert_int_equal(
		efivmap_pt_mat_init(&mat, &h, body, sizeof(body), &diag),
		-EFIVMAP_ERR_MAT);
	h.version = 3;
	assert_int_equal(
		efivmap_pt_mat_init(&mat, &h, body, sizeof(body), NULL),
		-EFIVMAP_ERR_MAT);
	h.version = 1;
	h.desc_size = 36;
	assert_int_equal(
		efivmap_pt_mat_init(&mat, &h, body, sizeof(body), NULL),
		-EFIVMAP_ERR_MAT);
	h.desc_size = 44;
	assert_int_equal(
		efivmap_pt_mat_init(&mat, &h, body, sizeof(body), NULL),
		-EFIVMAP_ERR_MAT);
	h.desc_size = 48;
	h.num_entries = 3;
	assert_int_equal(
		efivmap_pt_mat_init(&mat, &h, body, sizeof(body), NULL),
		-EFIVMAP_ERR_MAT);
	h.num_entries = 0x7fffffff;
	assert_int_equal(efivmap_pt_mat_init(&mat, &h, body, SIZE_MAX, NULL),
			 -EFIVMAP_ERR_MAT);
	assert_int_equal(efivmap_pt_mat_init(&mat, &h, (uint8_t *)body + 4,
					     sizeof(body), NULL),
			 -EFIVMAP_ERR_INVAL);
	assert_memory_equal(&mat, &before, sizeof(mat));
	h.num_entries = 2;
	assert_int_equal(
		efivmap_pt_mat_init(&mat, &h, body, sizeof(body), NULL), 0);
	assert_int_equal(mat.flags, 0);    /* v1: reserved word ignored */
	assert_int_equal(mat.count, 2);

	h.version = 2;
	h.num_entries = 1;
	memcpy(table, &h, sizeof(h));
	memset(table + 16, 0, 48);
	assert_int_equal(efivmap_pt_mat_from_table(&mat, table, sizeof(table),
						   NULL), 0);
	assert_int_equal(mat.flags, 7);
	assert_int_equal(efivmap_pt_mat_from_table(&mat, table, 15, NULL),
			 -EFIVMAP_ERR_MAT);
	assert_int_equal(efivmap_pt_mat_from_table(&mat, table, 16 + 40, NULL),
			 -EFIVMAP_ERR_MAT);
}

struct bad_log {
	uint32_t idx[32];
	size_t n;
};

static void log_bad(void *ctx, const struct efivmap_diag *d)
{
	struct bad_log *b = ctx;

	assert_int_equal(d->err, -EFIVMAP_ERR_MAT);
	assert_non_null(d->what);
	b->idx[b->n++] = d->index;
}

static void set_entry(uint8_t *body, size_t i, uint32_t type, uint64_t pa,
		      uint64_t pages, uint64_t attr)
{
	struct efivmap_efi_desc *e = (void *)(body + i * 48);

	memset(e, 0, 48);
	e->type = type;
	e->phys_start = pa;
	e->num_pages = pages;
	e->attribute = attr;
}

static void test_pt_mat_bad_entries_ignored_and_reported(void **state)
{
	/*
	 * Runtime map (VA = PA + 0x100000000):
	 *   0x40000000 code 64 pages | 0x40040000 data 32 pages
	 *   0x40100000 code 16 pages (not runtime: boot services data)
	 */
	struct tl_map tm;
	struct efivmap_mmap map;
	struct efivmap_efi_mat_header h = { 1, 0, 48, 0 };
	struct efivmap_pt_mat mat;
	struct efivmap_pt_input in;
	struct efivmap_pt_config cfg;
	struct bad_log log = { { 0 }, 0 };
	struct model m;
	uint8_t body[48 * 12] __attribute__((aligned(8)));
	bool good[12] = { 0 };
	size_t i, g;
	uint64_t xp = RT | EFIVMAP_EFI_MEMORY_XP,
		 ro = RT | EFIVMAP_EFI_MEMORY_RO;

	(void)state;
	tl_map_init(&tm, 48);
	tl_map_add(&tm, 5, 0x40000000, 64, RT | WB);
	tl_map_add(&tm, 6, 0x40040000, 32, RT | WB);
	tl_map_add(&tm, 4, 0x40100000, 16, WB);
	for (i = 0; i < 2; i++)
		tl_map_desc(&tm, i)->virt_start =
			tl_map_desc(&tm, i)->phys_start + 0x100000000ull;
	assert_int_equal(
		efivmap_mmap_init(&map, tm.buf, tl_map_size(&tm), 48, 1, NULL),
		0);

	set_entry(body, 0, 5, 0x40000000, 16, xp);    /* good */
	set_entry(body, 1, 5, 0x40010000, 16, ro);    /* good */
	set_entry(body, 2, 4, 0x40020000, 8, xp);     /* wrong type */
	set_entry(body, 3, 6, 0x40028000, 4, xp);     /* data entry in code */
	set_entry(body, 4, 5, 0x4003c000, 8, xp);     /* spans code and data */
	set_entry(body, 5, 6, 0x40044000, 0, xp);     /* empty */
	set_entry(body, 6, 6, 0x40050000, 16, ro);    /* good (64K aligned) */
	set_entry(body, 7, 5, 0x40100000, 16, xp);    /* not runtime */
	set_entry(body, 8, 6, 0x40048000, 1, ro);     /* 4K: bad on 16K/64K */
	set_entry(body, 9, 6, 0x40800000, 16, xp);    /* outside the map */
	set_entry(body, 10, 6, 0x4004c000, 4, ro);    /* overlaps 11 */
	set_entry(body, 11, 6, 0x4004e000, 2, xp);    /* overlaps 10 */
	h.num_entries = 12;
	assert_int_equal(
		efivmap_pt_mat_init(&mat, &h, body, sizeof(body), NULL), 0);
	good[0] = good[1] = good[6] = true;

	for (g = 0; g < 3; g++) {
		cfg_init(&cfg, granules[g], 40, 0);
		memset(&log, 0, sizeof(log));
		good[8] = g == 0;
		assert_int_equal(efivmap_pt_mat_validate(&cfg, &map, &mat,
							 log_bad, &log),
				 g == 0 ? 8 : 9);
		assert_int_equal(log.n, g == 0 ? 8 : 9);
		assert_int_equal(log.idx[0], 2);
		assert_int_equal(log.idx[log.n - 1], 11);
		memset(&in, 0, sizeof(in));
		in.map = &map;
		in.mat = &mat;
		model_init(&m, cfg.granule);
		model_map(&m, &cfg, &map, &mat, good);
		build_checked(&cfg, &in, &m, NULL);
		model_free(&m);
	}
	/* The same table, in another order, is judged the same way. */
	{
		uint8_t tmp[48];

		memcpy(tmp, body, 48);
		memcpy(body, body + 11 * 48, 48);
		memcpy(body + 11 * 48, tmp, 48);
	}
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 40, 0);
	assert_int_equal(efivmap_pt_mat_validate(&cfg, &map, &mat, NULL, NULL),
			 8);
	good[0] = false;   /* entry 0 is now the overlapping one */
	good[11] = true;   /* and 11 the good code entry */
	good[8] = true;
	in.map = &map;
	in.mat = &mat;
	model_init(&m, cfg.granule);
	model_map(&m, &cfg, &map, &mat, good);
	build_checked(&cfg, &in, &m, NULL);
	model_free(&m);
	tl_map_free(&tm);
}

/*
 * Thousands of MAT entries in one Runtime Code region, in reverse order:
 * the tables must be those of the sorted table. The old search was
 * cubic (3000 entries took minutes), which the test's timeout catches;
 * speed itself is the benchmark's business.
 */
#define MANY_MAT 3000u
#define MANY_PA UINT64_C(0x41000000)

/* Entry @i of @n tiles of @pages pages from MANY_PA, RO and XP by turn. */
static void tile_entry(uint8_t *body, size_t slot, size_t i, uint64_t pages)
{
	set_entry(body, slot, 5, MANY_PA + i * pages * 0x1000, pages,
		  RT | (i & 1 ? EFIVMAP_EFI_MEMORY_RO : EFIVMAP_EFI_MEMORY_XP));
}

/* One Runtime Code region of @pages pages at MANY_PA, VA = PA + 4 GiB. */
static void many_map(struct tl_map *tm, struct efivmap_mmap *map,
		     uint64_t pages)
{
	tl_map_init(tm, 48);
	tl_map_add(tm, 5, MANY_PA, pages, RT | WB);
	tl_map_desc(tm, 0)->virt_start = MANY_PA + 0x100000000ull;
	assert_int_equal(efivmap_mmap_init(map, tm->buf, tl_map_size(tm), 48,
					   1, NULL), 0);
}

/*
 * Size, build at a fixed table PA (so two pools compare byte for byte)
 * and verify; the pool bytes, malloc'ed, and their count in *@bytes.
 */
static uint8_t *build_image(const struct efivmap_pt_config *cfg,
			    const struct efivmap_pt_input *in, size_t *bytes)
{
	struct efivmap_pt pt;
	struct tpool tp;
	uint8_t *img;
	size_t need;

	assert_int_equal(efivmap_pt_tables_needed(cfg, in, &need, NULL), 0);
	tpool_new(&tp, cfg->granule, need);
	assert_int_equal(efivmap_pt_init_pool(&pt, cfg, tp.pool, tp.size,
					      0x80000000, NULL), 0);
	assert_int_equal(efivmap_pt_build(&pt, in, NULL), 0);
	assert_int_equal(pt.used, need);
	assert_int_equal(efivmap_pt_verify(&pt, in, NULL), 0);
	tpool_check_guards(&tp);
	img = malloc(tp.size);
	assert_non_null(img);
	memcpy(img, tp.pool, tp.size);
	*bytes = tp.size;
	tpool_free(&tp);
	return img;
}

static void mat_of(struct efivmap_pt_mat *mat, const uint8_t *body, size_t n)
{
	struct efivmap_efi_mat_header h = { 1, (uint32_t)n, 48, 0 };

	assert_int_equal(efivmap_pt_mat_init(mat, &h, body, n * 48, NULL), 0);
}

static void test_pt_mat_reverse_order_same_tables(void **state)
{
	static const uint32_t flags[2] = { 0, EFIVMAP_PT_CFG_LINUX };
	uint8_t *fwd = malloc(MANY_MAT * 48), *rev = malloc(MANY_MAT * 48);
	uint8_t *img_fwd, *img_rev;
	struct efivmap_pt_mat mat_fwd, mat_rev;
	struct efivmap_pt_config cfg;
	struct efivmap_pt_input in;
	struct efivmap_mmap map;
	struct tl_map tm;
	size_t g, f, i, b_fwd, b_rev;
	uint64_t pages;

	(void)state;
	assert_true(fwd && rev);
	for (g = 0; g < 3; g++) {
		pages = granules[g] / 0x1000;
		many_map(&tm, &map, MANY_MAT * pages);
		for (i = 0; i < MANY_MAT; i++) {
			tile_entry(fwd, i, i, pages);
			tile_entry(rev, MANY_MAT - 1 - i, i, pages);
		}
		mat_of(&mat_fwd, fwd, MANY_MAT);
		mat_of(&mat_rev, rev, MANY_MAT);
		memset(&in, 0, sizeof(in));
		in.map = &map;
		for (f = 0; f < 2; f++) {
			cfg_init(&cfg, granules[g], 40, flags[f]);
			in.mat = &mat_fwd;
			img_fwd = build_image(&cfg, &in, &b_fwd);
			in.mat = &mat_rev;
			img_rev = build_image(&cfg, &in, &b_rev);
			assert_int_equal(b_rev, b_fwd);
			assert_memory_equal(img_rev, img_fwd, b_fwd);
			assert_int_equal(efivmap_pt_mat_validate(&cfg, &map,
								 &mat_rev,
								 NULL, NULL),
					 0);
			free(img_fwd);
			free(img_rev);
		}
		/* sorted in place, the reversed table is the forward one */
		assert_int_equal(efivmap_pt_mat_sort(&mat_rev, rev), 0);
		assert_memory_equal(rev, fwd, MANY_MAT * 48);
		assert_int_equal(efivmap_pt_mat_sort(&mat_rev, fwd),
				 -EFIVMAP_ERR_INVAL);
		assert_int_equal(efivmap_pt_mat_sort(NULL, rev),
				 -EFIVMAP_ERR_INVAL);
		tl_map_free(&tm);
	}
	free(fwd);
	free(rev);
}

/*
 * Reverse order with bad entries among the good ones: each is ignored,
 * so the tables are those of the good entries alone, sorted. Small
 * enough for the old search, whose results these are.
 */
#define BAD_TILES 1000u

static void test_pt_mat_reverse_order_bad_entries_ignored(void **state)
{
	uint8_t *all = malloc(2 * BAD_TILES * 48);
	uint8_t *good = malloc(BAD_TILES * 48);
	uint8_t *img_all, *img_good;
	struct efivmap_pt_mat mat_all, mat_good;
	struct efivmap_pt_config cfg;
	struct efivmap_pt_input in;
	struct efivmap_mmap map;
	struct tl_map tm;
	size_t i, na = 0, ng = 0, nbad = 0, b_all, b_good;
	uint8_t *e;

	(void)state;
	assert_true(all && good);
	many_map(&tm, &map, BAD_TILES);
	for (i = BAD_TILES; i-- > 0;) {
		switch (i % 10) {
		case 3:         /* a duplicate: both copies are bad */
			tile_entry(all, na++, i, 1);
			tile_entry(all, na++, i, 1);
			nbad += 2;
			break;
		case 5:         /* a Data entry in Code: bad, page left alone */
			set_entry(all, na++, 6, MANY_PA + i * 0x1000, 1, RT);
			nbad++;
			break;
		case 7:         /* 2 pages: overlaps tile i + 1, both bad */
			tile_entry(all, na++, i, 1);
			e = all + (na - 1) * 48;
			((struct efivmap_efi_desc *)(void *)e)->num_pages = 2;
			nbad += 2;
			break;
		case 8:         /* overlapped by tile i - 1 */
			tile_entry(all, na++, i, 1);
			break;
		default:
			tile_entry(all, na++, i, 1);
			if (i % 10 == 1) {  /* plus an empty entry */
				set_entry(all, na++, 5, MANY_PA + i * 0x1000,
					  0, RT);
				nbad++;
			}
			break;
		}
	}
	for (i = 0; i < BAD_TILES; i++)
		if (i % 10 != 3 && i % 10 != 5 && i % 10 != 7 && i % 10 != 8)
			tile_entry(good, ng++, i, 1);
	mat_of(&mat_all, all, na);
	mat_of(&mat_good, good, ng);
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 40, 0);
	assert_int_equal(efivmap_pt_mat_validate(&cfg, &map, &mat_all, NULL,
						 NULL), (int)nbad);
	memset(&in, 0, sizeof(in));
	in.map = &map;
	in.mat = &mat_all;
	img_all = build_image(&cfg, &in, &b_all);
	in.mat = &mat_good;
	img_good = build_image(&cfg, &in, &b_good);
	assert_int_equal(b_all, b_good);
	assert_memory_equal(img_all, img_good, b_good);
	free(img_all);
	free(img_good);
	free(all);
	free(good);
	tl_map_free(&tm);
}

/* ------------------------------------------------------------------ */
/* Pools, callbacks, conflicts, errors                                 */
/* ------------------------------------------------------------------ */

static void test_pt_pool_init_limits(void **state)
{
	struct efivmap_pt_config cfg;
	struct efivmap_pt pt, before;
	struct efivmap_diag diag;
	struct tpool tp;

	(void)state;
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_64K, 48, 0);
	tpool_new(&tp, cfg.granule, 2);
	memset(&pt, 0x5a, sizeof(pt));
	memcpy(&before, &pt, sizeof(pt));
	/* 4K-aligned start: rounded up, one table lost */
	assert_int_equal(efivmap_pt_init_pool(
				 &pt, &cfg, tp.pool + 0x1000, tp.size - 0x1000,
				 tpool_pa(tp.pool) + 0x1000, NULL),
			 0);
	assert_int_equal(pt.pool_tables, 1);
	assert_int_equal(pt.root_pa, tpool_pa(tp.pool) + 0x10000);
	memcpy(&pt, &before, sizeof(pt));
	assert_int_equal(
		efivmap_pt_init_pool(&pt, &cfg, tp.pool + 0x1000, 0x10000,
				     tpool_pa(tp.pool) + 0x1000, &diag),
		-EFIVMAP_ERR_POOL);
	assert_int_equal(efivmap_pt_init_pool(&pt, &cfg, tp.pool + 0x800,
					      0x10000,
					      tpool_pa(tp.pool) + 0x800, NULL),
			 -EFIVMAP_ERR_ALIGN);
	assert_int_equal(efivmap_pt_init_pool(&pt, NULL, tp.pool, tp.size, 0,
					      NULL), -EFIVMAP_ERR_INVAL);
	assert_memory_equal(&pt, &before, sizeof(pt));
	tpool_check_guards(&tp);
	tpool_free(&tp);
}

/* EFIVMAP_PT_POOL: aligned and sized at compile time. */
EFIVMAP_PT_POOL(static_pool_64k, EFIVMAP_PT_GRANULE_64K, 3);

static void test_pt_static_pool_macro(void **state)
{
	struct efivmap_pt_config cfg;
	struct efivmap_pt pt;

	(void)state;
	assert_int_equal((uintptr_t)static_pool_64k & 0xffff, 0);
	assert_int_equal(sizeof(static_pool_64k),
			 EFIVMAP_PT_POOL_SIZE(EFIVMAP_PT_GRANULE_64K, 3));
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_64K, 48, 0);
	assert_int_equal(efivmap_pt_init_pool(&pt, &cfg, static_pool_64k,
					      sizeof(static_pool_64k),
					      (uintptr_t)static_pool_64k, NULL),
			 0);
	assert_int_equal(pt.pool_tables, 3);
	/* L1 root, L2, L3 */
	assert_int_equal(efivmap_pt_map_range(&pt, 0x20000000, 0x7c440000,
					      0x10000, EFIVMAP_PT_RAM_RX, NULL),
			 0);
	assert_int_equal(pt.used, 3);
	{
		uint8_t *snap = malloc(sizeof(static_pool_64k));

		memcpy(snap, static_pool_64k, sizeof(static_pool_64k));
		assert_int_equal(efivmap_pt_map_range(&pt, 0x40000000000ull,
						      0x10000, 0x10000,
						      EFIVMAP_PT_RAM_RX, NULL),
				 -EFIVMAP_ERR_POOL);
		assert_int_equal(pt.needed, 5);
		assert_int_equal(pt.used, 3);
		assert_memory_equal(snap, static_pool_64k,
				    sizeof(static_pool_64k));
		free(snap);
	}
}

struct fake_mem {
	uint8_t *mem;
	size_t ntables, used, fail_at;
	uint64_t base_pa, granule;
};

static int fake_alloc(void *ctx, void **table, uint64_t *pa)
{
	struct fake_mem *f = ctx;

	if (f->used == f->fail_at || f->used == f->ntables)
		return -EFIVMAP_ERR_NOSPACE;
	*table = f->mem + f->used * f->granule;
	*pa = f->base_pa + f->used * f->granule;
	f->used++;
	return 0;
}

static void *fake_to_ptr(void *ctx, uint64_t pa)
{
	struct fake_mem *f = ctx;

	if (pa < f->base_pa || pa >= f->base_pa + f->used * f->granule)
		return NULL;
	return f->mem + (pa - f->base_pa);
}

static void test_pt_callback_tables_for_another_address(void **state)
{
	const char *vmap = "captured/uboot-qemu_arm64-4G-vmap.bin";
	struct efivmap_pt_mem_ops ops;
	struct efivmap_pt_input in;
	struct efivmap_pt_config cfg;
	struct efivmap_pt pt;
	struct fake_mem f;
	struct capture c;
	struct model m;
	size_t need, g;

	(void)state;
	capture_load(&c, vmap);
	capture_map(&c);
	memset(&in, 0, sizeof(in));
	in.map = &c.map;
	for (g = 0; g < 3; g++) {
		cfg_init(&cfg, granules[g], 40, 0);
		assert_int_equal(
			efivmap_pt_tables_needed(&cfg, &in, &need, NULL), 0);
		f.granule = cfg.granule;
		f.ntables = need;
		f.used = 0;
		f.fail_at = SIZE_MAX;
		f.base_pa = 0x8000000000ull;   /* the next kernel's tables */
		f.mem = aligned_alloc(0x10000, (need * cfg.granule + 0xffff) &
				      ~(size_t)0xffff);
		ops.alloc = fake_alloc;
		ops.to_ptr = fake_to_ptr;
		ops.ctx = &f;
		assert_int_equal(efivmap_pt_init_ops(&pt, &cfg, &ops, NULL), 0);
		assert_int_equal(efivmap_pt_build(&pt, &in, NULL), 0);
		assert_int_equal(f.used, need);
		assert_int_equal(efivmap_pt_ttbr0(&pt, 0), 0x8000000000ull);
		assert_int_equal(efivmap_pt_verify(&pt, &in, NULL), 0);
		model_init(&m, cfg.granule);
		model_map(&m, &cfg, &c.map, NULL, NULL);
		model_check(&m, &pt);
		model_free(&m);

		/* an allocation failure is returned as the callback gave it */
		f.used = 0;
		f.fail_at = need - 1;
		assert_int_equal(efivmap_pt_init_ops(&pt, &cfg, &ops, NULL), 0);
		if (need > 1)
			assert_int_equal(efivmap_pt_build(&pt, &in, NULL),
					 -EFIVMAP_ERR_NOSPACE);
		free(f.mem);
	}
	free(c.buf);
	ops.to_ptr = NULL;
	assert_int_equal(efivmap_pt_init_ops(&pt, &cfg, &ops, NULL),
			 -EFIVMAP_ERR_INVAL);
}

static void test_pt_conflicts_never_overwrite(void **state)
{
	struct efivmap_pt_config cfg;
	struct efivmap_pt pt;
	struct efivmap_diag diag;
	struct tpool tp;
	uint8_t *snap;
	size_t used;

	(void)state;
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 48, 0);
	pt_new(&pt, &cfg, &tp, 16);
	/* 4 MiB identity RAM (two 2M blocks) and one UART page */
	assert_int_equal(efivmap_pt_map_range(&pt, 0x40000000, 0x40000000,
					      0x400000, EFIVMAP_PT_RAM_RWX,
					      NULL),
			 0);
	assert_int_equal(efivmap_pt_map_range(&pt, 0x9000000, 0x9000000, 0x1000,
					      EFIVMAP_PT_DEVICE_RW, NULL), 0);
	used = pt.used;
	snap = malloc(tp.size);
	memcpy(snap, tp.pool, tp.size);

	/* other PA, inside a block */
	assert_int_equal(efivmap_pt_map_range(&pt, 0x40100000, 0x50100000,
					      0x1000, EFIVMAP_PT_RAM_RWX,
					      &diag),
			 -EFIVMAP_ERR_CONFLICT);
	assert_int_equal(diag.addr, 0x40100000);
	/* same PA, other attributes */
	assert_int_equal(efivmap_pt_map_range(&pt, 0x40000000, 0x40000000,
					      0x200000, EFIVMAP_PT_RAM_RX,
					      NULL),
			 -EFIVMAP_ERR_CONFLICT);
	/* overlapping the end of the RAM and beyond */
	assert_int_equal(efivmap_pt_map_range(&pt, 0x403ff000, 0x503ff000,
					      0x2000, EFIVMAP_PT_RAM_RWX, NULL),
			 -EFIVMAP_ERR_CONFLICT);
	assert_int_equal(efivmap_pt_map_range(&pt, 0x9000000, 0x9000000, 0x1000,
					      EFIVMAP_PT_RAM_RW, NULL),
			 -EFIVMAP_ERR_CONFLICT);
	assert_memory_equal(snap, tp.pool, tp.size);
	assert_int_equal(pt.used, used);

	/* a failing input with a new part writes nothing either */
	{
		struct efivmap_pt_range bad[2] = {
			{ 0x80000000, 0x80000000, 0x1000, EFIVMAP_PT_RAM_RW },
			{ 0x9000000, 0x19000000, 0x1000, EFIVMAP_PT_DEVICE_RW },
		};
		struct efivmap_pt_input in = { .ranges = bad, .nranges = 2 };

		assert_int_equal(efivmap_pt_build(&pt, &in, &diag),
				 -EFIVMAP_ERR_CONFLICT);
		assert_int_equal(diag.index, 1);
		assert_memory_equal(snap, tp.pool, tp.size);
		assert_int_equal(pt.used, used);
	}

	/* identical again: fine, nothing written, also partly new */
	assert_int_equal(efivmap_pt_map_range(&pt, 0x40100000, 0x40100000,
					      0x1000, EFIVMAP_PT_RAM_RWX, NULL),
			 0);
	assert_memory_equal(snap, tp.pool, tp.size);
	assert_int_equal(efivmap_pt_map_range(&pt, 0x403ff000, 0x403ff000,
					      0x2000, EFIVMAP_PT_RAM_RWX, NULL),
			 0);
	assert_int_equal(efivmap_pt_walk(&pt, 0x40400000, NULL, NULL), 0);
	tpool_free(&tp);
	free(snap);
}

/*
 * On tables that already map a page, a contiguous run only goes where all
 * of its entries are empty; the pages around the old one are mapped
 * singly (the builder scans each empty stretch instead of the run).
 */
static void test_pt_contig_around_existing_page(void **state)
{
	struct efivmap_pt_range r[2] = {
		{ 0x40025000, 0x40025000, 0x1000, EFIVMAP_PT_RAM_RW },
		{ 0x40010000, 0x40010000, 0x20000, EFIVMAP_PT_RAM_RW },
	};
	struct efivmap_pt_input in = { .ranges = r, .nranges = 2 };
	struct efivmap_pt_config cfg;
	struct efivmap_pt_stats st;
	struct efivmap_pt_leaf l;
	struct efivmap_pt pt;
	struct tpool tp;
	uint64_t va;

	(void)state;
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 48, 0);
	pt_new(&pt, &cfg, &tp, 8);
	assert_int_equal(efivmap_pt_map_range(&pt, r[0].va, r[0].pa, r[0].size,
					      r[0].attrs, NULL), 0);
	assert_int_equal(efivmap_pt_map_range(&pt, r[1].va, r[1].pa, r[1].size,
					      r[1].attrs, NULL), 0);
	for (va = r[1].va; va < r[1].va + r[1].size; va += 0x1000) {
		assert_int_equal(efivmap_pt_walk(&pt, va, &l, NULL), 0);
		assert_int_equal(l.pa, va);
		/* 0x40010000..: empty before; 0x40020000..: holds 0x40025000 */
		assert_int_equal(l.contig, va < 0x40020000);
	}
	assert_int_equal(efivmap_pt_verify(&pt, &in, NULL), 0);
	assert_int_equal(efivmap_pt_stats(&pt, &st), 0);
	assert_int_equal(st.leaves, 32);
	assert_int_equal(st.tlb_entries, 1 + 16);
	tpool_free(&tp);
}

static void test_pt_shared_granule_page_union_or_error(void **state)
{
	/* Two regions in one 64K frame, U-Boot style. */
	struct efivmap_pt_range r[2] = {
		{ 0x20003000, 0x7de93000, 0x2000, EFIVMAP_PT_RAM_RW },
		{ 0x20005000, 0x7de95000, 0x1000, EFIVMAP_PT_RAM_RX },
	};
	struct efivmap_pt_input in = { .ranges = r, .nranges = 2 };
	struct efivmap_pt_config cfg;
	struct efivmap_pt_stats st;
	struct efivmap_diag diag;
	struct model m;
	size_t n;

	(void)state;
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_64K, 48, 0);
	model_init(&m, cfg.granule);
	model_add(&m, r[0].va, r[0].pa, r[0].size, r[0].attrs);
	model_add(&m, r[1].va, r[1].pa, r[1].size, r[1].attrs);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.p[0].attrs, EFIVMAP_PT_RAM_RWX);
	build_checked(&cfg, &in, &m, &st);
	assert_int_equal(st.wx_pages, 16);
	model_free(&m);

	/* On 4K they do not share: W^X kept. */
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 48, 0);
	model_init(&m, cfg.granule);
	model_add(&m, r[0].va, r[0].pa, r[0].size, r[0].attrs);
	model_add(&m, r[1].va, r[1].pa, r[1].size, r[1].attrs);
	build_checked(&cfg, &in, &m, &st);
	assert_int_equal(st.wx_pages, 0);
	model_free(&m);

	/* Device and Normal in one 64K page: refused. */
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_64K, 48, 0);
	r[1].attrs = EFIVMAP_PT_DEVICE_RW;
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &n, &diag),
			 -EFIVMAP_ERR_ATTR);
	assert_int_equal(diag.index, 1);
	assert_int_equal(diag.addr, 0x20000000);
	/* Same frame at another offset: refused. */
	r[1].attrs = EFIVMAP_PT_RAM_RX;
	r[1].pa += 0x10000;
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &n, NULL),
			 -EFIVMAP_ERR_CONFLICT);
	/* 4K overlap with other attributes: refused on every granule. */
	r[1].pa = 0x7de94000;
	r[1].va = 0x20004000;
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &n, NULL),
			 -EFIVMAP_ERR_CONFLICT);
	/* 4K overlap, identical: merged. */
	r[1].attrs = EFIVMAP_PT_RAM_RW;
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &n, NULL), 0);
	assert_int_equal(n, 3);
}

/* Fresh tables: the one-pass build undoes itself when the input turns
 * out bad after some of it was written. */
static void test_pt_fresh_build_rolls_back(void **state)
{
	struct efivmap_pt_range r[3] = {
		{ 0x40000000, 0x40000000, 0x400000, EFIVMAP_PT_RAM_RWX },
		{ 0x80000000, 0x80000000, 0x2000, EFIVMAP_PT_RAM_RW },
		{ 0x80001000, 0x90001000, 0x1000, EFIVMAP_PT_RAM_RW },
	};
	struct efivmap_pt_input in = { .ranges = r, .nranges = 3 };
	struct efivmap_pt_config cfg;
	struct efivmap_pt pt;
	struct efivmap_diag diag;
	struct tpool tp;
	size_t n = 0;

	(void)state;
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 48, 0);
	pt_new(&pt, &cfg, &tp, 8);
	assert_int_equal(efivmap_pt_build(&pt, &in, &diag),
			 -EFIVMAP_ERR_CONFLICT);
	assert_int_equal(diag.index, 2);
	assert_int_equal(diag.addr, 0x80001000);
	assert_int_equal(pt.used, 1);
	assert_int_equal(efivmap_pt_for_each_leaf(&pt, count_leaf, &n), 0);
	assert_int_equal(n, 0);
	/* and the tables are usable afterwards */
	in.nranges = 2;
	assert_int_equal(efivmap_pt_build(&pt, &in, NULL), 0);
	assert_int_equal(efivmap_pt_verify(&pt, &in, NULL), 0);
	tpool_check_guards(&tp);
	tpool_free(&tp);
}

static void test_pt_input_errors(void **state)
{
	struct efivmap_pt_range r = { 0x40000000, 0x40000000, 0x1000,
				      EFIVMAP_PT_RAM_RW };
	struct efivmap_pt_input in = { .ranges = &r, .nranges = 1 };
	struct efivmap_pt_config cfg;
	struct efivmap_diag diag;
	struct tl_map tm;
	struct efivmap_mmap map;
	size_t n = 77;

	(void)state;
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_64K, 40, 0);
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &n, NULL), 0);
	n = 77;
	r.attrs = 0x40;
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &n, NULL),
			 -EFIVMAP_ERR_INVAL);
	r.attrs = 6;
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &n, NULL),
			 -EFIVMAP_ERR_INVAL);
	r.attrs = EFIVMAP_PT_RAM_RW;
	r.size = 0;
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &n, NULL),
			 -EFIVMAP_ERR_ZERO_PAGES);
	r.size = 0x800;
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &n, NULL),
			 -EFIVMAP_ERR_ALIGN);
	r.size = 0x1000;
	r.va = 0x10000000000ull;    /* 2^40 */
	r.pa = r.va;
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &n, &diag),
			 -EFIVMAP_ERR_VA_BITS);
	assert_int_equal(diag.addr, r.va);
	r.va = 0x40000000;
	r.pa = 0x1000000000000ull;  /* 2^48 */
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &n, NULL),
			 -EFIVMAP_ERR_VA_BITS);
	r.pa = 0x40001000;          /* not congruent modulo 64K */
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &n, NULL),
			 -EFIVMAP_ERR_VA_MISMATCH);
	r.pa = 0xfffffffffffff000ull;
	r.size = 0x2000;
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &n, NULL),
			 -EFIVMAP_ERR_OVERFLOW);
	in.ranges = NULL;
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &n, NULL),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(n, 77);    /* untouched on failure */

	/* runtime descriptor whose SetVirtualAddressMap failed */
	tl_map_init(&tm, 64);
	tl_map_add(&tm, 6, 0x40000000, 16, RT | WB);
	tl_map_desc(&tm, 0)->virt_start = EFIVMAP_EFI_VA_INVALID;
	assert_int_equal(
		efivmap_mmap_init(&map, tm.buf, tl_map_size(&tm), 64, 1, NULL),
		0);
	memset(&in, 0, sizeof(in));
	in.map = &map;
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &n, &diag),
			 -EFIVMAP_ERR_NO_VA);
	assert_int_equal(diag.index, 0);
	tl_map_desc(&tm, 0)->virt_start = 0x20000800;
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &n, NULL),
			 -EFIVMAP_ERR_ALIGN);
	tl_map_free(&tm);
}

static void test_pt_walker_and_verify_catch_tampering(void **state)
{
	const char *vmap = "captured/edk2-aavmf-4G-vmap.bin";
	struct efivmap_pt_input in;
	struct efivmap_pt_config cfg;
	struct efivmap_pt pt;
	struct efivmap_pt_leaf l;
	struct efivmap_diag diag;
	struct capture c;
	struct tpool tp;
	uint64_t *e, saved;
	size_t need;

	(void)state;
	capture_load(&c, vmap);
	capture_map(&c);
	memset(&in, 0, sizeof(in));
	in.map = &c.map;
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 44, 0);
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &need, NULL), 0);
	pt_new_built(&pt, &cfg, &tp, need + 1, &in);
	assert_int_equal(efivmap_pt_verify(&pt, &in, NULL), 0);
	assert_int_equal(efivmap_pt_walk(&pt, 0x10000000, NULL, NULL),
			 -EFIVMAP_ERR_NOTFOUND);
	assert_int_equal(efivmap_pt_walk(&pt, UINT64_C(1) << 44, NULL, NULL),
			 -EFIVMAP_ERR_VA_BITS);

	/* find the leaf of the first runtime page and tamper with it */
	assert_int_equal(efivmap_pt_walk(&pt, 0x20000000, &l, NULL), 0);
	for (e = (uint64_t *)(void *)tp.pool;
	     e < (uint64_t *)(void *)(tp.pool + need * cfg.granule); e++)
		if (*e == l.desc)
			break;
	assert_true(*e == l.desc);
	saved = *e;
	*e ^= UINT64_C(1) << 53;     /* PXN */
	assert_int_equal(efivmap_pt_verify(&pt, &in, &diag),
			 -EFIVMAP_ERR_VERIFY);
	assert_int_equal(diag.addr & ~0xffffull, 0x20000000);
	*e = saved + 0x1000000;      /* PA */
	assert_int_equal(efivmap_pt_verify(&pt, &in, NULL),
			 -EFIVMAP_ERR_VERIFY);
	*e = 0;                      /* hole */
	assert_int_equal(efivmap_pt_verify(&pt, &in, NULL),
			 -EFIVMAP_ERR_VERIFY);
	*e = saved;
	assert_int_equal(efivmap_pt_verify(&pt, &in, NULL), 0);
	/* one mapping too many */
	assert_int_equal(efivmap_pt_map_range(&pt, 0x30000000, 0x30000000,
					      0x1000, EFIVMAP_PT_RAM_RW, NULL),
			 0);
	assert_int_equal(efivmap_pt_verify(&pt, &in, &diag),
			 -EFIVMAP_ERR_VERIFY);
	assert_int_equal(diag.addr, 0x30000000);
	tpool_free(&tp);
	free(c.buf);
}

struct sink_buf {
	char text[8192];
	size_t lines;
};

static void sink(void *ctx, const char *line)
{
	struct sink_buf *s = ctx;

	s->lines++;
	strncat(s->text, line, sizeof(s->text) - strlen(s->text) - 2);
	strcat(s->text, "\n");
}

static void test_pt_dump_lines(void **state)
{
	struct efivmap_pt_range r[2] = {
		{ 0x20000000, 0x7c400000, 0x200000, EFIVMAP_PT_RAM_RX },
		{ 0x20200000, 0x09000000, 0x1000, EFIVMAP_PT_DEVICE_RW },
	};
	struct efivmap_pt_input in = { .ranges = r, .nranges = 2 };
	struct efivmap_pt_config cfg;
	struct efivmap_pt pt;
	struct sink_buf s;
	struct tpool tp;

	(void)state;
	memset(&s, 0, sizeof(s));
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 39, 0);
	pt_new_built(&pt, &cfg, &tp, 3, &in);
	assert_int_equal(efivmap_pt_dump(&pt, sink, &s), 0);
	/* L1 table, L2 block, L2 table, L3 page */
	assert_int_equal(s.lines, 4);
	assert_non_null(strstr(s.text, "  L2 0x000020000000-0x0000201fffff -> "
				       "0x00007c400000 WB R-X\n"));
	assert_non_null(strstr(s.text, "    L3 0x000020200000-0x000020200fff "
				       "-> 0x000009000000 DEV-nGnRE RW-\n"));
	assert_non_null(
		strstr(s.text, "L1 0x000000000000-0x00003fffffff table 0x"));
	assert_int_equal(efivmap_pt_dump(&pt, NULL, &s), -EFIVMAP_ERR_INVAL);
	tpool_free(&tp);
}

/* 16,384 descriptors in VA order: sizing stays exact on big maps. */
static void test_pt_large_synthetic_map_exact(void **state)
{
	struct efivmap_pt_input in;
	struct efivmap_pt_config cfg;
	struct efivmap_pt_stats st;
	struct efivmap_mmap map;
	struct tl_map tm;
	uint64_t pa = 0x80000000, va = 0x20000000, pages;
	size_t i, g;
	uint32_t type;

	(void)state;
	rng_state = 12345;
	tl_map_init(&tm, 40);
	for (i = 0; i < 16384; i++) {
		pages = 1 + rnd_below(i % 7 == 0 ? 1024 : 48);
		type = i % 3 == 0 ? 5 : i % 3 == 1 ? 6 : 4;
		tl_map_add(&tm, type, pa, pages, type == 4 ? WB : RT | WB);
		if (type != 4) {
			tl_map_desc(&tm, i)->virt_start = va + (pa & 0xffff);
			va += (pa & 0xffff) + pages * K4;
			va = (va + 0xffff) & ~0xffffull;
		}
		pa += pages * K4;
	}
	assert_int_equal(
		efivmap_mmap_init(&map, tm.buf, tl_map_size(&tm), 40, 1, NULL),
		0);
	memset(&in, 0, sizeof(in));
	in.map = &map;
	for (g = 0; g < 3; g++) {
		cfg_init(&cfg, granules[g], 48, 0);
		build_checked(&cfg, &in, NULL, &st);
		assert_true(st.leaves > 0);
	}
	tl_map_free(&tm);
}

/* ------------------------------------------------------------------ */
/* Hostile inputs: table addresses and allocator results               */
/* ------------------------------------------------------------------ */

static void ignore_line(void *ctx, const char *line)
{
	(void)ctx;
	(void)line;
}

/*
 * A table descriptor that points 12 KiB into the last table of the pool
 * is 4 KiB aligned and inside the pool, but a table read from there runs
 * past the pool's end: every reader refuses it, and a build writes
 * nothing past the pool.
 */
static void test_pt_table_descriptor_into_a_table_is_refused(void **state)
{
	struct efivmap_pt_range r = { 0x40000000, 0x40000000, 0x10000,
				      EFIVMAP_PT_RAM_RW };
	struct efivmap_pt_input in = { .ranges = &r, .nranges = 1 };
	struct efivmap_pt_config cfg;
	struct efivmap_pt_stats st;
	struct efivmap_pt pt;
	struct tpool tp;
	size_t need, n, g, i;
	uint64_t *root;

	(void)state;
	for (g = 1; g < 3; g++) {
		cfg_init(&cfg, granules[g], 48, 0);
		assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &need,
							  NULL), 0);
		pt_new_built(&pt, &cfg, &tp, need, &in);
		root = pt.root;
		for (i = 0; !(root[i] & 1); i++)
			;
		root[i] = (pt.pool_pa + (need - 1) * cfg.granule + 0x3000) | 3;
		n = 0;
		assert_int_equal(efivmap_pt_for_each_leaf(&pt, count_leaf, &n),
				 -EFIVMAP_ERR_VERIFY);
		assert_int_equal(efivmap_pt_walk(&pt, r.va, NULL, NULL),
				 -EFIVMAP_ERR_VERIFY);
		assert_int_equal(efivmap_pt_verify(&pt, &in, NULL),
				 -EFIVMAP_ERR_VERIFY);
		assert_true(efivmap_pt_stats(&pt, &st) < 0);
		assert_true(efivmap_pt_dump(&pt, ignore_line, NULL) < 0);
		r.va += 0x20000;
		r.pa = r.va;
		assert_int_equal(efivmap_pt_build(&pt, &in, NULL),
				 -EFIVMAP_ERR_VERIFY);
		r.va = r.pa = 0x40000000;
		tpool_check_guards(&tp);
		tpool_free(&tp);
	}
}

/* Every pool must lie below 2^pa_bits, as every allocated table must. */
static void test_pt_pool_beyond_pa_bits_is_refused(void **state)
{
	static const struct {
		uint32_t granule, pa_bits;
		uint64_t pa;
		size_t size;
	} cases[] = {
		{ EFIVMAP_PT_GRANULE_4K, 32, UINT64_C(1) << 40, 0x4000 },
		{ EFIVMAP_PT_GRANULE_4K, 32, 0xffffe000, 0x4000 },  /* crosses */
		{ EFIVMAP_PT_GRANULE_4K, 48, UINT64_C(1) << 59, 0x4000 },
		{ EFIVMAP_PT_GRANULE_4K, 48, (UINT64_C(1) << 48) - 0x1000,
		  0x2000 },
		{ EFIVMAP_PT_GRANULE_64K, 48, 0xfffffffffffff000, 0x20000 },
	};
	struct efivmap_pt_config cfg;
	struct efivmap_pt pt, before;
	struct efivmap_diag diag;
	struct tpool tp;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(efivmap_pt_config_init(&cfg, cases[i].granule,
							 40, cases[i].pa_bits,
							 0), 0);
		tpool_new(&tp, cfg.granule, 2);
		memset(&pt, 0x5a, sizeof(pt));
		memcpy(&before, &pt, sizeof(pt));
		assert_int_equal(efivmap_pt_init_pool(&pt, &cfg, tp.pool,
						      cases[i].size,
						      cases[i].pa, &diag),
				 -EFIVMAP_ERR_VA_BITS);
		assert_int_equal(diag.addr, cases[i].pa);
		assert_memory_equal(&pt, &before, sizeof(pt));
		tpool_check_guards(&tp);
		/* the last pool that fits is accepted */
		assert_int_equal(efivmap_pt_init_pool(
					 &pt, &cfg, tp.pool, tp.size,
					 (UINT64_C(1) << cases[i].pa_bits) -
					 tp.size, NULL), 0);
		tpool_free(&tp);
	}
}

/* An allocator that misbehaves in one chosen way. */
enum evil { EVIL_NONE, EVIL_SAME, EVIL_ROOT, EVIL_MISALIGNED, EVIL_TO_PTR,
	    EVIL_HIGH, EVIL_INT_MIN, EVIL_POSITIVE };

struct evil_mem {
	struct fake_mem f;
	enum evil how;
};

static int evil_alloc(void *ctx, void **table, uint64_t *pa)
{
	struct evil_mem *e = ctx;
	int err;

	if (e->f.used == 1 && e->how == EVIL_INT_MIN)
		return INT_MIN;
	if (e->f.used == 1 && e->how == EVIL_POSITIVE)
		return 7;
	err = fake_alloc(&e->f, table, pa);
	if (err || e->f.used < 3)
		return err;
	switch (e->how) {
	case EVIL_SAME:      /* the table it handed out before */
		*table = (uint8_t *)*table - e->f.granule;
		*pa -= e->f.granule;
		break;
	case EVIL_ROOT:
		*table = e->f.mem;
		*pa = e->f.base_pa;
		break;
	case EVIL_MISALIGNED:
		*table = (uint8_t *)*table + 4;
		break;
	case EVIL_TO_PTR:    /* a pointer to_ptr does not give for the PA */
		*pa += e->f.granule;
		break;
	case EVIL_HIGH:
		*pa |= UINT64_C(1) << 48;
		break;
	default:
		break;
	}
	return 0;
}

static void *evil_to_ptr(void *ctx, uint64_t pa)
{
	struct evil_mem *e = ctx;

	if (pa < e->f.base_pa || pa >= e->f.base_pa + e->f.ntables *
	    e->f.granule)
		return NULL;
	return e->f.mem + (pa - e->f.base_pa);
}

/*
 * Callback results are input: a table handed out twice, the root again,
 * a misaligned pointer, a to_ptr that disagrees, a PA beyond pa_bits and
 * any int as an error each give a library error, never an assertion, and
 * no table in use is zeroed.
 */
static void test_pt_allocator_results_are_checked(void **state)
{
	static const struct { enum evil how; int err; } cases[] = {
		{ EVIL_SAME, -EFIVMAP_ERR_CONFLICT },
		{ EVIL_ROOT, -EFIVMAP_ERR_CONFLICT },
		{ EVIL_MISALIGNED, -EFIVMAP_ERR_ALIGN },
		{ EVIL_TO_PTR, -EFIVMAP_ERR_ALIGN },
		{ EVIL_HIGH, -EFIVMAP_ERR_VA_BITS },
		{ EVIL_INT_MIN, -EFIVMAP_ERR_POOL },
		{ EVIL_POSITIVE, -EFIVMAP_ERR_POOL },
		{ EVIL_NONE, 0 },
	};
	/* two ranges far apart: each needs its own L1..L3 tables */
	struct efivmap_pt_range r[2] = {
		{ 0x40000000, 0x40000000, 0x1000, EFIVMAP_PT_RAM_RW },
		{ 0x8000000000, 0x8000000000, 0x1000, EFIVMAP_PT_RAM_RW },
	};
	struct efivmap_pt_input in = { .ranges = r, .nranges = 2 };
	struct efivmap_pt_mem_ops ops = { evil_alloc, evil_to_ptr, NULL, NULL };
	struct efivmap_pt_config cfg;
	struct efivmap_diag diag;
	struct efivmap_pt pt;
	struct evil_mem e;
	size_t i, n;
	int rc;

	(void)state;
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 48, 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&e, 0, sizeof(e));
		e.how = cases[i].how;
		e.f.granule = cfg.granule;
		e.f.ntables = 16;
		e.f.fail_at = SIZE_MAX;
		e.f.base_pa = 0x80000000;
		e.f.mem = aligned_alloc(0x1000, 16 * 0x1000);
		ops.ctx = &e;
		assert_int_equal(efivmap_pt_init_ops(&pt, &cfg, &ops, NULL), 0);
		memset(&diag, 0, sizeof(diag));
		rc = efivmap_pt_build(&pt, &in, &diag);
		assert_int_equal(rc, cases[i].err);
		assert_non_null(efivmap_strerror(rc));
		if (rc) {
			assert_int_equal(diag.err, rc);
			/* what was mapped before the bad table still is */
			n = 0;
			assert_int_equal(efivmap_pt_for_each_leaf(
						 &pt, count_leaf, &n), 0);
			assert_true(n <= 1);
		} else {
			assert_int_equal(efivmap_pt_verify(&pt, &in, NULL), 0);
		}
		free(e.f.mem);
	}
}

struct counted_mem {
	struct fake_mem f;
	size_t freed;
	uint64_t pa_sum;
};

static int counted_alloc(void *ctx, void **table, uint64_t *pa)
{
	return fake_alloc(&((struct counted_mem *)ctx)->f, table, pa);
}

static void *counted_to_ptr(void *ctx, uint64_t pa)
{
	return fake_to_ptr(&((struct counted_mem *)ctx)->f, pa);
}

static void counted_free(void *ctx, void *table, uint64_t pa)
{
	struct counted_mem *c = ctx;

	assert_ptr_equal(table, counted_to_ptr(ctx, pa));
	c->freed++;
	c->pa_sum += pa;
}

/* A loader gives back every table it took, each once, root included. */
static void test_pt_release_gives_every_table_back(void **state)
{
	const char *vmap = "captured/edk2-aavmf-4G-vmap.bin";
	struct efivmap_pt_mem_ops ops = { counted_alloc, counted_to_ptr, NULL,
					  counted_free };
	struct efivmap_pt_config cfg;
	struct efivmap_pt_input in;
	struct efivmap_pt pt, zero;
	struct counted_mem c;
	struct capture cap;
	struct tpool tp;
	uint64_t want;
	size_t need, g, i;

	(void)state;
	capture_load(&cap, vmap);
	capture_map(&cap);
	memset(&in, 0, sizeof(in));
	in.map = &cap.map;
	memset(&zero, 0, sizeof(zero));
	for (g = 0; g < 3; g++) {
		cfg_init(&cfg, granules[g], 48, 0);
		assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &need,
							  NULL), 0);
		memset(&c, 0, sizeof(c));
		c.f.granule = cfg.granule;
		c.f.ntables = need;
		c.f.fail_at = SIZE_MAX;
		c.f.base_pa = 0x8000000000ull;
		c.f.mem = aligned_alloc(0x10000, (need * cfg.granule +
						  0xffff) & ~(size_t)0xffff);
		ops.ctx = &c;
		assert_int_equal(efivmap_pt_init_ops(&pt, &cfg, &ops, NULL), 0);
		assert_int_equal(efivmap_pt_build(&pt, &in, NULL), 0);
		assert_int_equal(efivmap_pt_release(&pt), (long)need);
		assert_int_equal(c.freed, need);
		for (want = 0, i = 0; i < need; i++)
			want += c.f.base_pa + i * cfg.granule;
		assert_int_equal(c.pa_sum, want);
		assert_memory_equal(&pt, &zero, sizeof(pt));
		assert_int_equal(efivmap_pt_release(&pt), -EFIVMAP_ERR_INVAL);
		free(c.f.mem);
	}
	/* without @free nothing can be given back: refused, @pt kept */
	ops.free = NULL;
	memset(&c, 0, sizeof(c));
	c.f.granule = cfg.granule;
	c.f.ntables = 1;
	c.f.fail_at = SIZE_MAX;
	c.f.base_pa = 0x8000000000ull;
	c.f.mem = aligned_alloc(0x10000, 0x10000);
	assert_int_equal(efivmap_pt_init_ops(&pt, &cfg, &ops, NULL), 0);
	assert_int_equal(efivmap_pt_release(&pt), -EFIVMAP_ERR_UNSUPPORTED);
	assert_non_null(pt.root);
	free(c.f.mem);
	/* a pool is the caller's memory: nothing to free */
	pt_new(&pt, &cfg, &tp, 1);
	assert_int_equal(efivmap_pt_release(&pt), 0);
	assert_memory_equal(&pt, &zero, sizeof(pt));
	tpool_free(&tp);
	assert_int_equal(efivmap_pt_release(NULL), -EFIVMAP_ERR_INVAL);
	free(cap.buf);
}

/* ------------------------------------------------------------------ */
/* Translation regimes                                                 */
/* ------------------------------------------------------------------ */

struct leaf_bits {
	uint64_t all_or, all_and, x_or, nx_and;
	size_t n, nx;
};

static int collect_bits(void *ctx, const struct efivmap_pt_leaf *l)
{
	struct leaf_bits *b = ctx;

	b->all_or |= l->desc;
	b->all_and &= l->desc;
	if (l->attrs & EFIVMAP_PT_ATTR_X) {
		b->x_or |= l->desc;
	} else {
		b->nx_and &= l->desc;
		b->nx++;
	}
	b->n++;
	return 0;
}

/*
 * EL2 without E2H has one VA range and no EL0: leaves carry AP[1]
 * (RES1), no nG, and bit 54 as XN only where not executable; PXN (53)
 * stays clear. EL2&0 reads descriptors as EL1&0 does.
 */
static void test_pt_regime_descriptors_per_regime(void **state)
{
	struct efivmap_pt_range r[2] = {
		{ 0x40000000, 0x40000000, 0x10000, EFIVMAP_PT_RAM_RX },
		{ 0x40200000, 0x40200000, 0x10000, EFIVMAP_PT_RAM_RW },
	};
	struct efivmap_pt_input in = { .ranges = r, .nranges = 2 };
	const uint64_t ap1 = UINT64_C(1) << 6, ng = UINT64_C(1) << 11;
	const uint64_t pxn = UINT64_C(1) << 53, bit54 = UINT64_C(1) << 54;
	struct efivmap_pt_config cfg;
	struct leaf_bits b;
	struct efivmap_pt pt;
	struct efivmap_pt_leaf l;
	struct tpool tp;
	uint32_t regime;

	(void)state;
	for (regime = 0; regime < EFIVMAP_PT_REGIME_COUNT; regime++) {
		cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 48, 0);
		assert_int_equal(efivmap_pt_config_set_regime(&cfg, regime), 0);
		pt_new_built(&pt, &cfg, &tp, 8, &in);
		assert_int_equal(efivmap_pt_verify(&pt, &in, NULL), 0);
		memset(&b, 0, sizeof(b));
		b.all_and = b.nx_and = UINT64_MAX;
		assert_int_equal(efivmap_pt_for_each_leaf(&pt, collect_bits,
							  &b), 0);
		assert_int_equal(b.n, 32);
		assert_int_equal(b.nx, 16);
		if (regime == EFIVMAP_PT_REGIME_EL2) {
			assert_true(b.all_and & ap1);
			assert_false(b.all_or & (ng | pxn));
			assert_false(b.x_or & bit54);
			assert_true(b.nx_and & bit54);
			/* no ASID in TTBR0_EL2 */
			assert_int_equal(efivmap_pt_ttbr0(&pt, 0x1234),
					 pt.root_pa);
		} else {
			assert_false(b.all_or & ap1);
			assert_true(b.all_and & (ng | bit54));
			assert_false(b.x_or & pxn);
			assert_true(b.nx_and & pxn);
			assert_int_equal(efivmap_pt_ttbr0(&pt, 0x1234),
					 pt.root_pa | (UINT64_C(0x1234) << 48));
		}
		/* the walk reads each regime's execute-never bit */
		assert_int_equal(efivmap_pt_walk(&pt, 0x40000000, &l, NULL), 0);
		assert_int_equal(l.attrs, EFIVMAP_PT_RAM_RX);
		assert_int_equal(efivmap_pt_walk(&pt, 0x40200000, &l, NULL), 0);
		assert_int_equal(l.attrs, EFIVMAP_PT_RAM_RW);
		tpool_check_guards(&tp);
		tpool_free(&tp);
	}
	assert_int_equal(efivmap_pt_config_set_regime(&cfg, 3),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_pt_config_set_regime(NULL, 0),
			 -EFIVMAP_ERR_INVAL);
}

/*
 * TCR_EL2 without E2H: PS at [18:16], RES1 bits 23 and 31, no EPD0.
 * 0x80853510: T0SZ 16, WBWA inner shareable walks, 4K, PS 5 (48 bits).
 */
static void test_pt_regime_el2_tcr_round_trip(void **state)
{
	const uint64_t tcr_el2 = UINT64_C(0x80853510);
	struct efivmap_pt_config cfg;
	struct efivmap_pt pt;
	struct tpool tp;

	(void)state;
	assert_int_equal(efivmap_pt_config_from_regs(&cfg, EFIVMAP_PT_REGIME_EL2,
						     tcr_el2, 0xFFBB4400, 0), 0);
	assert_int_equal(cfg.regime, EFIVMAP_PT_REGIME_EL2);
	assert_int_equal(cfg.granule, EFIVMAP_PT_GRANULE_4K);
	assert_int_equal(cfg.va_bits, 48);
	assert_int_equal(cfg.pa_bits, 48);
	pt_new(&pt, &cfg, &tp, 1);
	assert_int_equal(efivmap_pt_tcr(&pt), tcr_el2);
	assert_int_equal(efivmap_pt_tcr_merge(&pt, tcr_el2 | (1u << 20)),
			 tcr_el2 | (1u << 20));
	assert_true(efivmap_pt_tcr_compatible(&pt, tcr_el2));
	/* what would change a descriptor's meaning is refused */
	assert_false(efivmap_pt_tcr_compatible(&pt, tcr_el2 |
					       EFIVMAP_PT_TCR_EL2_HPD));
	assert_false(efivmap_pt_tcr_compatible(&pt, tcr_el2 |
					       EFIVMAP_PT_TCR_EL2_DS));
	assert_false(efivmap_pt_tcr_compatible(&pt, tcr_el2 | (1u << 25)));
	/* PS too small for the tables, or read in the wrong layout */
	assert_false(efivmap_pt_tcr_compatible(&pt, tcr_el2 & ~(7u << 16)));
	tpool_free(&tp);
	/* the same value read as TCR_EL1 has IPS 0: 32-bit PA */
	assert_int_equal(efivmap_pt_config_from_regs(&cfg,
						     EFIVMAP_PT_REGIME_EL10,
						     tcr_el2, 0xFFBB4400, 0), 0);
	assert_int_equal(cfg.pa_bits, 32);
	assert_int_equal(efivmap_pt_config_from_regs(&cfg, 3, tcr_el2,
						     0xFFBB4400, 0),
			 -EFIVMAP_ERR_INVAL);
}

/* LPA2, HPD, HWU and TCR2's PIE/POE make a TTBR0-only swap wrong. */
static void test_pt_regime_live_settings_that_change_meaning(void **state)
{
	const uint64_t tcr = UINT64_C(0x480803514);     /* EDK2's TCR_EL1 */
	struct efivmap_pt_config cfg;
	struct efivmap_pt pt;
	struct tpool tp;

	(void)state;
	assert_int_equal(efivmap_pt_config_from_tcr(&cfg, tcr, 0xFFBB4400, 0),
			 0);
	pt_new(&pt, &cfg, &tp, 1);
	assert_true(efivmap_pt_tcr_compatible(&pt, tcr));
	assert_false(efivmap_pt_tcr_compatible(&pt, tcr | EFIVMAP_PT_TCR_DS));
	assert_false(efivmap_pt_tcr_compatible(&pt, tcr |
					       EFIVMAP_PT_TCR_HPD0));
	assert_false(efivmap_pt_tcr_compatible(&pt, tcr |
					       (UINT64_C(1) << 44)));
	assert_true(efivmap_pt_tcr2_compatible(&pt, 0));
	assert_true(efivmap_pt_tcr2_compatible(&pt, EFIVMAP_PT_TCR2_HARMLESS));
	assert_false(efivmap_pt_tcr2_compatible(&pt, UINT64_C(1) << 1)); /* PIE */
	assert_false(efivmap_pt_tcr2_compatible(&pt, UINT64_C(1) << 3)); /* POE */
	assert_false(efivmap_pt_tcr2_compatible(&pt, UINT64_C(1) << 5)); /* D128 */
	/* EL2&0 (VHE) reads TCR_EL2 in TCR_EL1's layout */
	assert_int_equal(efivmap_pt_config_from_regs(&cfg,
						     EFIVMAP_PT_REGIME_EL20,
						     tcr, 0xFFBB4400, 0), 0);
	assert_int_equal(cfg.pa_bits, 44);
	tpool_free(&tp);
}

/* ------------------------------------------------------------------ */
/* Maps that efivmap_mmap_init_ex() tolerated                          */
/* ------------------------------------------------------------------ */

/* A tolerant view of @tm. */
static void tol_view(struct efivmap_mmap *map, struct tl_map *tm)
{
	assert_int_equal(efivmap_mmap_init_ex(map, tm->buf, tl_map_size(tm),
					      tm->desc_size, 1, 0, NULL, NULL),
			 0);
}

/* [@va, @va + @size) maps @pa.. with 4 KiB leaves and @attrs. */
static void expect_pages(const struct efivmap_pt *pt, uint64_t va,
			 uint64_t pa, uint64_t size, uint32_t attrs)
{
	struct efivmap_pt_leaf l;
	uint64_t got, off;

	for (off = 0; off < size; off += K4) {
		assert_int_equal(efivmap_pt_walk(pt, va + off, &l, &got), 0);
		assert_int_equal(got, pa + off);
		assert_int_equal(l.level, 3);
		assert_int_equal(l.size, K4);
		assert_int_equal(l.attrs, attrs);
	}
}

/* Nothing mapped right below @va nor at @end. */
static void expect_edges(const struct efivmap_pt *pt, uint64_t va,
			 uint64_t end)
{
	assert_int_equal(efivmap_pt_walk(pt, va - 1, NULL, NULL),
			 -EFIVMAP_ERR_NOTFOUND);
	assert_int_equal(efivmap_pt_walk(pt, end, NULL, NULL),
			 -EFIVMAP_ERR_NOTFOUND);
}

/*
 * An unaligned runtime start is mapped by its enclosing 4 KiB pages, page
 * by page, VA and PA rounded down alike; the map itself is not changed.
 */
static void test_pt_unaligned_runtime_rounded_out(void **state)
{
	struct efivmap_pt_input in = { 0 };
	struct efivmap_pt_config cfg;
	struct efivmap_mmap map;
	struct efivmap_pt pt;
	struct tpool tp;
	struct tl_map tm;

	(void)state;
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 39, 0);
	tl_map_init(&tm, 48);
	/* 512 pages from 0x40200800: would be a 2 MiB block if aligned */
	tl_map_add(&tm, 6, 0x40200800, 512, RT | WB);
	tl_map_desc(&tm, 0)->virt_start = 0x20200800;
	tol_view(&map, &tm);
	in.map = &map;
	build_checked(&cfg, &in, NULL, NULL);
	pt_new_built(&pt, &cfg, &tp, 8, &in);
	expect_pages(&pt, 0x20200000, 0x40200000, (512 + 1) * K4,
		     efivmap_pt_policy(&cfg, 6, RT | WB));
	expect_edges(&pt, 0x20200000, 0x20200000 + 513 * K4);
	assert_int_equal(tl_map_desc(&tm, 0)->phys_start, 0x40200800);
	assert_int_equal(tl_map_desc(&tm, 0)->num_pages, 512);
	tpool_free(&tp);

	/* a VA at another offset in its page cannot be rounded alike */
	tl_map_desc(&tm, 0)->virt_start = 0x20200000;
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &(size_t){ 0 },
						  NULL), -EFIVMAP_ERR_ALIGN);
	tl_map_free(&tm);
}

/*
 * Two unaligned runtime regions sharing a 4 KiB page: one translation,
 * permissions joined; different translations or memory types refused.
 */
static void test_pt_unaligned_runtime_share_a_page(void **state)
{
	struct efivmap_pt_input in = { 0 };
	struct efivmap_pt_config cfg;
	struct efivmap_mmap map;
	struct efivmap_diag diag;
	struct efivmap_pt pt;
	struct tpool tp;
	struct tl_map tm;
	uint32_t code, data;

	(void)state;
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_4K, 39, 0);
	tl_map_init(&tm, 40);
	/* [...0800, ...2800) and [...2800, ...4800): page ...2000 shared */
	tl_map_add(&tm, 5, 0x40100800, 2, RT | WB);
	tl_map_add(&tm, 6, 0x40102800, 2, RT | WB);
	tl_map_desc(&tm, 0)->virt_start = 0x20100800;
	tl_map_desc(&tm, 1)->virt_start = 0x20102800;
	tol_view(&map, &tm);
	in.map = &map;
	build_checked(&cfg, &in, NULL, NULL);
	pt_new_built(&pt, &cfg, &tp, 8, &in);
	code = efivmap_pt_policy(&cfg, 5, RT | WB);
	data = efivmap_pt_policy(&cfg, 6, RT | WB);
	expect_pages(&pt, 0x20100000, 0x40100000, 2 * K4, code);
	expect_pages(&pt, 0x20103000, 0x40103000, 2 * K4, data);
	expect_edges(&pt, 0x20100000, 0x20105000);
	{
		struct efivmap_pt_leaf l;

		assert_int_equal(efivmap_pt_walk(&pt, 0x20102000, &l, NULL), 0);
		assert_int_equal(l.attrs, code | data);
	}
	tpool_free(&tp);

	/* the shared page at two offsets: refused */
	tl_map_desc(&tm, 1)->virt_start = 0x20100800 + 0x2000 - 0x1000;
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &(size_t){ 0 },
						  &diag), -EFIVMAP_ERR_CONFLICT);
	assert_int_equal(diag.index, 1);
	/* the same translation, but WB and Device in one page: refused */
	tl_map_desc(&tm, 1)->virt_start = 0x20102800;
	tl_map_desc(&tm, 1)->type = EFIVMAP_EFI_MMIO;
	tl_map_desc(&tm, 1)->attribute = RT | EFIVMAP_EFI_MEMORY_UC;
	assert_int_equal(efivmap_pt_tables_needed(&cfg, &in, &(size_t){ 0 },
						  &diag), -EFIVMAP_ERR_ATTR);
	tl_map_free(&tm);
}

/* A runtime descriptor of no pages maps nothing, VA or not. */
static void test_pt_zero_page_runtime_skipped(void **state)
{
	struct efivmap_pt_input in = { 0 };
	struct efivmap_pt_config cfg;
	struct efivmap_mmap map;
	struct efivmap_pt pt;
	struct tpool tp;
	struct tl_map tm;
	size_t n = 0;

	(void)state;
	cfg_init(&cfg, EFIVMAP_PT_GRANULE_64K, 48, 0);
	tl_map_init(&tm, 48);
	tl_map_add(&tm, 5, 0x40000000, 16, RT | WB);
	tl_map_add(&tm, 6, 0x40010000, 0, RT | WB);
	tl_map_add(&tm, 6, 0, 0, RT | WB);
	tl_map_add(&tm, 6, 0x40020000, 16, RT | WB);
	tl_map_desc(&tm, 0)->virt_start = 0x40000000;
	tl_map_desc(&tm, 1)->virt_start = EFIVMAP_EFI_VA_INVALID;
	tl_map_desc(&tm, 2)->virt_start = 0x123;
	tl_map_desc(&tm, 3)->virt_start = 0x40020000;
	tol_view(&map, &tm);
	in.map = &map;
	build_checked(&cfg, &in, NULL, NULL);
	pt_new_built(&pt, &cfg, &tp, 8, &in);
	assert_int_equal(efivmap_pt_for_each_leaf(&pt, count_leaf, &n), 0);
	assert_int_equal(n, 2);
	tpool_free(&tp);
	tl_map_free(&tm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pt_config_start_levels),
		cmocka_unit_test(test_pt_config_rejects_bad_values),
		cmocka_unit_test(test_pt_config_mair_indices),
		cmocka_unit_test(test_pt_config_from_edk2_tcr),
		cmocka_unit_test(test_pt_registers_per_granule),
		cmocka_unit_test(test_pt_policy_linux_rules_and_no_wb),
		cmocka_unit_test(test_pt_leaf_bits_af_ng_uxn_no_el0),
		cmocka_unit_test(test_pt_blocks_and_contig_4k),
		cmocka_unit_test(test_pt_blocks_and_contig_16k_64k),
		cmocka_unit_test(test_pt_adjacent_regions_join_into_blocks),
		cmocka_unit_test(
			test_pt_random_regions_every_granule_and_va_size),
		cmocka_unit_test(test_pt_captured_vmap_every_granule),
		cmocka_unit_test(test_pt_captured_ebs_flat_layout),
		cmocka_unit_test(test_pt_mat_gives_w_xor_x_on_edk2),
		cmocka_unit_test(test_pt_mat_v2_guarded_pages_need_bti),
		cmocka_unit_test(test_pt_mat_header_checks),
		cmocka_unit_test(test_pt_mat_bad_entries_ignored_and_reported),
		cmocka_unit_test(test_pt_mat_reverse_order_same_tables),
		cmocka_unit_test(test_pt_mat_reverse_order_bad_entries_ignored),
		cmocka_unit_test(test_pt_pool_init_limits),
		cmocka_unit_test(test_pt_static_pool_macro),
		cmocka_unit_test(test_pt_callback_tables_for_another_address),
		cmocka_unit_test(test_pt_conflicts_never_overwrite),
		cmocka_unit_test(test_pt_contig_around_existing_page),
		cmocka_unit_test(test_pt_shared_granule_page_union_or_error),
		cmocka_unit_test(test_pt_fresh_build_rolls_back),
		cmocka_unit_test(test_pt_input_errors),
		cmocka_unit_test(test_pt_walker_and_verify_catch_tampering),
		cmocka_unit_test(test_pt_dump_lines),
		cmocka_unit_test(test_pt_large_synthetic_map_exact),
		cmocka_unit_test(test_pt_table_descriptor_into_a_table_is_refused),
		cmocka_unit_test(test_pt_pool_beyond_pa_bits_is_refused),
		cmocka_unit_test(test_pt_allocator_results_are_checked),
		cmocka_unit_test(test_pt_release_gives_every_table_back),
		cmocka_unit_test(test_pt_regime_descriptors_per_regime),
		cmocka_unit_test(test_pt_regime_el2_tcr_round_trip),
		cmocka_unit_test(test_pt_regime_live_settings_that_change_meaning),
		cmocka_unit_test(test_pt_unaligned_runtime_rounded_out),
		cmocka_unit_test(test_pt_unaligned_runtime_share_a_page),
		cmocka_unit_test(test_pt_zero_page_runtime_skipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
