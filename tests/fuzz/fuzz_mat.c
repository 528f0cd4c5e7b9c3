// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Memory Attributes Table application.
 *
 * Input: an 8-byte header, a memory map, then a whole MAT (16-byte header
 * and entries, as the configuration table holds it):
 *	0   granule: 4K, 16K, 64K by b % 3
 *	1   flags: b & 7 (NO_CONTIG, LINUX, BTI)
 *	2   layout: OPTIMAL, LINUX, FLAT by b % 3; the map's own VAs when
 *	    b & 0x80
 *	3   descriptors in the map: b % 64 + 1 (stride 40)
 *	4-7 unused
 *
 * Checked: efivmap_pt_mat_validate() reports each ignored entry once and
 * returns their count; sizing and building with and without the MAT agree
 * on everything but permissions; the MAT only ever removes W and X, never
 * changes an address or memory type; every used entry's RO and XP hold
 * on its pages; GP appears only with BTI and a v2 table flagged
 * RT_FORWARD_CFG; both table sets verify and keep the leaf invariants of
 * pt_check.h. The two table sets are compared by merging their leaves,
 * so each run costs per leaf and table, not per page; inputs needing more
 * than MAX_POOL_BYTES of tables (and MIN_POOL_TABLES) are skipped to keep
 * runs short.
 */
#define _POSIX_C_SOURCE 200112L  /* posix_memalign */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efivmap/layout.h"
#include "efivmap/mmap.h"
#include "efivmap/pt.h"
#include "fuzz.h"
#include "pt_check.h"

/* Keeps one run fast; four tables let a 64K granule map pages apart. */
#define MAX_POOL_BYTES (UINT64_C(1) << 17)
#define MIN_POOL_TABLES 4u

static const uint32_t granules[3] = {
	EFIVMAP_PT_GRANULE_4K, EFIVMAP_PT_GRANULE_16K, EFIVMAP_PT_GRANULE_64K,
};

struct reports {
	uint32_t count;
	uint8_t seen[4096];     /* entry indices reported (bitmap) */
	bool dup;
};

static void report(void *ctx, const struct efivmap_diag *d)
{
	struct reports *r = ctx;

	FZ_CHECK(d->err == -EFIVMAP_ERR_MAT);
	FZ_CHECK(d->what != NULL);
	if (d->index < 8 * sizeof(r->seen)) {
		if (r->seen[d->index / 8] & (1u << (d->index % 8)))
			r->dup = true;
		r->seen[d->index / 8] |= (uint8_t)(1u << (d->index % 8));
	}
	r->count++;
}

static bool reported(const struct reports *r, uint32_t i)
{
	return i >= 8 * sizeof(r->seen) ||
	       (r->seen[i / 8] & (1u << (i % 8)));
}

struct tables {
	struct efivmap_pt pt;
	uint8_t *mem;
};

static int build(struct tables *t, const struct efivmap_pt_config *cfg,
		 const struct efivmap_pt_input *in, size_t need)
{
	size_t size = EFIVMAP_PT_POOL_SIZE(cfg->granule, need);

	if (posix_memalign((void **)&t->mem, 4096, size))
		abort();
	FZ_CHECK(efivmap_pt_init_pool(&t->pt, cfg, t->mem, size,
				      UINT64_C(0x80000000), NULL) == 0);
	return efivmap_pt_build(&t->pt, in, NULL);
}

/* The leaves of the tables built without the MAT, in VA order. */
struct cmp {
	struct efivmap_pt_leaf *plain;
	size_t n, cap, next;
	bool gp_allowed;
	struct ptc ptc;         /* the MAT tables' leaf invariants */
	struct ptc ptc_plain;   /* and the plain ones' */
};

static void ptc_check(struct ptc *p, const struct efivmap_pt_leaf *l)
{
	if (ptc_leaf(p, l)) {
		fprintf(stderr, "leaf at 0x%llx: %s\n",
			(unsigned long long)p->bad_va, p->bad);
		abort();
	}
}

static int collect_leaf(void *ctx, const struct efivmap_pt_leaf *l)
{
	struct cmp *c = ctx;

	ptc_check(&c->ptc_plain, l);
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->plain = realloc(c->plain, c->cap * sizeof(*c->plain));
		FZ_CHECK(c->plain != NULL);
	}
	c->plain[c->n++] = *l;
	return 0;
}

/*
 * Each leaf of the MAT tables against the same VAs without the MAT. Both
 * sets come in VA order and map linearly within a leaf, so one merge
 * compares every overlapping pair of leaves: per leaf, not per page.
 */
static int compare_leaf(void *ctx, const struct efivmap_pt_leaf *l)
{
	struct cmp *c = ctx;
	uint64_t off = 0, step;

	while (c->next < c->n &&
	       c->plain[c->next].va + c->plain[c->next].size <= l->va)
		c->next++;
	while (off < l->size) {
		const struct efivmap_pt_leaf *o;
		uint64_t va = l->va + off;

		/* No hole in the plain tables under a MAT leaf. */
		FZ_CHECK(c->next < c->n);
		o = &c->plain[c->next];
		FZ_CHECK(o->va <= va && va - o->va < o->size);
		FZ_CHECK(o->pa + (va - o->va) == l->pa + off);
		FZ_CHECK((o->attrs & EFIVMAP_PT_ATTR_MT_MASK) ==
			 (l->attrs & EFIVMAP_PT_ATTR_MT_MASK));
		FZ_CHECK(!(l->attrs & EFIVMAP_PT_ATTR_W) ||
			 (o->attrs & EFIVMAP_PT_ATTR_W));
		FZ_CHECK(!(l->attrs & EFIVMAP_PT_ATTR_X) ||
			 (o->attrs & EFIVMAP_PT_ATTR_X));
		step = o->size - (va - o->va);
		if (step > l->size - off)
			step = l->size - off;
		else
			c->next++;
		off += step;
	}
	FZ_CHECK(c->gp_allowed || !(l->attrs & EFIVMAP_PT_ATTR_GP));
	return 0;
}

/* One pass over the MAT tables: the leaf invariants, then the comparison. */
static int check_leaf(void *ctx, const struct efivmap_pt_leaf *l)
{
	struct cmp *c = ctx;

	ptc_check(&c->ptc, l);
	return compare_leaf(c, l);
}

/* Every entry the builder uses must have its RO and XP on its pages. */
static void check_entries(const struct efivmap_mmap *map,
			  const struct efivmap_pt_mat *mat,
			  const struct reports *rep,
			  const struct efivmap_pt *pt)
{
	uint32_t i;

	for (i = 0; i < mat->count; i++) {
		const struct efivmap_efi_desc *e = (const void *)
			(mat->entries + (size_t)i * mat->desc_size);
		const struct efivmap_efi_desc *d;
		struct efivmap_pt_leaf l;
		uint64_t va;

		if (reported(rep, i))
			continue;
		d = efivmap_mmap_find(map, e->phys_start, NULL);
		FZ_CHECK(d && efivmap_desc_is_runtime(d));
		va = d->virt_start + (e->phys_start - d->phys_start);
		FZ_CHECK(efivmap_pt_walk(pt, va, &l, NULL) == 0);
		if (e->attribute & EFIVMAP_EFI_MEMORY_RO)
			FZ_CHECK(!(l.attrs & EFIVMAP_PT_ATTR_W));
		if (e->attribute & EFIVMAP_EFI_MEMORY_XP)
			FZ_CHECK(!(l.attrs & EFIVMAP_PT_ATTR_X));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	uint8_t b0 = fz_u8(&f), b1 = fz_u8(&f), b2 = fz_u8(&f);
	uint8_t b3 = fz_u8(&f);
	size_t ndesc = b3 % 64u + 1, map_bytes = ndesc * 40, rest;
	struct efivmap_pt_input in_mat = { 0 }, in_plain = { 0 };
	struct efivmap_layout_cfg lcfg;
	struct efivmap_pt_config cfg;
	struct efivmap_mmap map;
	struct efivmap_pt_mat mat;
	struct reports *rep;
	struct tables tm, tp;
	struct cmp c;
	size_t need_m = 0, need_p = 0, need;
	uint8_t *mbuf, *tbuf;
	int rc, rc_m, rc_p;

	if (size < 8 + map_bytes)
		return 0;
	if (efivmap_pt_config_init(&cfg, granules[b0 % 3], 48, 48, b1 & 7u))
		abort();
	mbuf = fz_dup(data + 8, map_bytes);
	rest = size - 8 - map_bytes;
	tbuf = fz_dup(data + 8 + map_bytes, rest);
	if (efivmap_mmap_init(&map, mbuf, map_bytes, 40, 1, NULL))
		goto out;
	efivmap_mmap_sort(&map);
	if (!(b2 & 0x80)) {
		efivmap_layout_cfg_init(&lcfg);
		lcfg.strategy = b2 % 3u;
		if (efivmap_layout_plan(&map, &lcfg, NULL) < 0)
			goto out;
	}
	if (efivmap_pt_mat_from_table(&mat, tbuf, rest, NULL))
		goto out;
	rep = calloc(1, sizeof(*rep));
	FZ_CHECK(rep != NULL);
	rc = efivmap_pt_mat_validate(&cfg, &map, &mat, report, rep);
	FZ_CHECK(rc >= 0 && (uint32_t)rc == rep->count && !rep->dup);
	FZ_CHECK(rep->count <= mat.count);

	in_mat.map = &map;
	in_mat.mat = &mat;
	in_plain.map = &map;
	rc_m = efivmap_pt_tables_needed(&cfg, &in_mat, &need_m, NULL);
	rc_p = efivmap_pt_tables_needed(&cfg, &in_plain, &need_p, NULL);
	if (!(b2 & 0x80))
		FZ_CHECK(rc_m == rc_p);
	need = need_m > need_p ? need_m : need_p;
	if (rc_m || rc_p || (need > MIN_POOL_TABLES &&
			     (uint64_t)need * cfg.granule > MAX_POOL_BYTES)) {
		free(rep);
		goto out;
	}
	FZ_CHECK(build(&tm, &cfg, &in_mat, need_m) == 0);
	FZ_CHECK(build(&tp, &cfg, &in_plain, need_p) == 0);
	FZ_CHECK(tm.pt.used == need_m && tp.pt.used == need_p);
	FZ_CHECK(efivmap_pt_verify(&tm.pt, &in_mat, NULL) == 0);
	FZ_CHECK(efivmap_pt_verify(&tp.pt, &in_plain, NULL) == 0);
	memset(&c, 0, sizeof(c));
	FZ_CHECK(efivmap_pt_for_each_leaf(&tp.pt, collect_leaf, &c) == 0);
	c.gp_allowed = (cfg.flags & EFIVMAP_PT_CFG_BTI) && mat.version == 2 &&
		       (mat.flags & EFIVMAP_EFI_MAT_FLAG_RT_FORWARD_CFG);
	FZ_CHECK(efivmap_pt_for_each_leaf(&tm.pt, check_leaf, &c) == 0);
	free(c.plain);
	/* Counted from the raw leaves (fuzz_pt holds efivmap_pt_stats() to
	 * the same counts), saving two more passes over every table. */
	FZ_CHECK(c.ptc.bytes == c.ptc_plain.bytes);
	FZ_CHECK(c.ptc.wx_bytes <= c.ptc_plain.wx_bytes);
	check_entries(&map, &mat, rep, &tm.pt);
	free(tm.mem);
	free(tp.mem);
	free(rep);
out:
	free(mbuf);
	free(tbuf);
	return 0;
}
