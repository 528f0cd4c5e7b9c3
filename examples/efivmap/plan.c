// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * One planning run: layout, table sizing and building, and two independent
 * checks of the result: the library's efivmap_pt_verify() and walks
 * (efivmap_pt_walk) that prove every 4 KiB page of every runtime region,
 * two per leaf, plus a scan of every leaf.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"

void plan_opts_default(struct plan_opts *o)
{
	struct efivmap_layout_cfg l;

	memset(o, 0, sizeof(*o));
	efivmap_layout_cfg_init(&l);
	o->strategy = EFIVMAP_LAYOUT_OPTIMAL;
	o->granule = EFIVMAP_PT_GRANULE_4K;
	o->va_bits = l.va_bits;
	o->pool_base = UINT64_C(0x80000000);
}

const char *plan_strategy_name(uint32_t strategy)
{
	if (strategy == PLAN_STRATEGY_KEEP)
		return "keep";
	return efivmap_layout_strategy_name(strategy);
}

const char *plan_granule_name(uint32_t granule)
{
	switch (granule) {
	case EFIVMAP_PT_GRANULE_4K: return "4k";
	case EFIVMAP_PT_GRANULE_16K: return "16k";
	case EFIVMAP_PT_GRANULE_64K: return "64k";
	default: return "?";
	}
}

const char *plan_policy_name(const struct plan_opts *o)
{
	return o->linux_policy ? "linux" : "efivmap";
}

static void problem(struct plan_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void problem(struct plan_result *r, const char *fmt, ...)
{
	va_list ap;

	if (r->nproblems < PLAN_MAX_PROBLEMS) {
		va_start(ap, fmt);
		vsnprintf(r->problems[r->nproblems],
			  sizeof(r->problems[0]), fmt, ap);
		va_end(ap);
	}
	r->nproblems++;
}

static int fail(struct plan_result *r, const char *stage, int err)
{
	r->failed_stage = stage;
	r->err = err;
	return CLI_BAD_INPUT;
}

/* ---- MAT ---------------------------------------------------------- */

/* A whole table (header + entries) rather than bare entries? */
static bool mat_has_header(const struct cli_file *f)
{
	struct efivmap_efi_mat_header h;

	if (f->size < sizeof(h))
		return false;
	memcpy(&h, f->data, sizeof(h));
	return (h.version == 1 || h.version == 2) && h.desc_size >= 40 &&
	       h.desc_size % 8 == 0 &&
	       sizeof(h) + (uint64_t)h.num_entries * h.desc_size == f->size;
}

int plan_load_mat(struct plan_mat *mat, const char *path,
		  size_t map_desc_size)
{
	struct efivmap_diag diag;
	struct cli_file probe;
	size_t stride = 0, skip = 0;
	uint32_t version = 1, flags = 0;
	int ret;

	memset(mat, 0, sizeof(*mat));
	mat->path = path;
	if (cli_read_file(&probe, path))
		return CLI_BAD_INPUT;
	if (memchr(probe.data, 0, probe.size)) {
		if (mat_has_header(&probe)) {
			struct efivmap_efi_mat_header h;

			memcpy(&h, probe.data, sizeof(h));
			stride = h.desc_size;
			skip = sizeof(h);
			version = h.version;
			flags = h.flags;
		} else {
			/*
			 * Bare entries, as captured: firmware uses one stride
			 * for both, else try EDK2's.
			 */
			stride = map_desc_size;
			if (probe.size % stride)
				stride = EFIVMAP_EFI_DESC_MIN_SIZE + 8;
		}
	}
	cli_free_file(&probe);
	/* A log's "efi: memattr:" lines are the MAT it printed. */
	ret = cli_load_map(&mat->entries, path, stride, skip,
			   EFIVMAP_TEXT_AUTO, CLI_LOAD_MAT);
	if (ret)
		return ret;
	/* A text dump or bare entries carry no header: describe them. */
	mat->hdr.version = version;
	mat->hdr.num_entries = (uint32_t)mat->entries.count;
	mat->hdr.desc_size = (uint32_t)mat->entries.desc_size;
	mat->hdr.flags = version >= 2 ? flags : 0;
	cli_diag_clear(&diag);
	ret = efivmap_pt_mat_init(&mat->mat, &mat->hdr, mat->entries.buf,
				  mat->entries.count * mat->entries.desc_size,
				  &diag);
	if (ret)
		return cli_input_error(path, ret, &diag,
				       "Memory Attributes Table");
	/* Our own copy: in PhysicalStart order, lookups are O(log m). */
	efivmap_pt_mat_sort(&mat->mat, mat->entries.buf);
	mat->loaded = true;
	return CLI_OK;
}

void plan_free_mat(struct plan_mat *mat)
{
	cli_free_map(&mat->entries);
	mat->loaded = false;
}

static void mat_report(void *ctx, const struct efivmap_diag *d)
{
	struct plan_result *r = ctx;
	char text[128];

	efivmap_diag_format(d, text, sizeof(text));
	if (r->mat_ignored < PLAN_MAX_PROBLEMS)
		snprintf(r->mat_problems[r->mat_ignored],
			 sizeof(r->mat_problems[0]), "MAT entry ignored: %s",
			 text);
	r->mat_ignored++;
}

/* ---- Independent walk check --------------------------------------- */

struct va_span {
	uint64_t first, last;   /* granule-rounded, inclusive */
};

static int cmp_span(const void *a, const void *b)
{
	const struct va_span *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

struct leaf_scan {
	struct plan_result *r;
	const struct va_span *spans;
	size_t nspans, next;
};

/* Leaves come in ascending VA order; so do the merged spans. */
static int check_leaf(void *ctx, const struct efivmap_pt_leaf *l)
{
	struct leaf_scan *s = ctx;
	uint64_t last = l->va + l->size - 1;

	while (s->next < s->nspans && s->spans[s->next].last < l->va)
		s->next++;
	if (s->next == s->nspans || l->va < s->spans[s->next].first ||
	    last > s->spans[s->next].last)
		problem(s->r, "leaf 0x%" PRIx64 "-0x%" PRIx64
			" (level %u) maps a VA outside every runtime region",
			l->va, last, (unsigned)l->level);
	return 0;
}

/* Walks one page of descriptor @i; false (a problem noted) when wrong. */
static bool walk_page(struct plan_result *r, size_t i, uint64_t va,
		      uint64_t want, struct efivmap_pt_leaf *l)
{
	uint64_t pa;
	int ret;

	ret = efivmap_pt_walk(&r->pt, va, l, &pa);
	if (ret) {
		problem(r, "descriptor %zu: VA 0x%" PRIx64
			" does not translate: %s", i, va,
			efivmap_strerror(ret));
		return false;
	}
	if (pa != want) {
		problem(r, "descriptor %zu: VA 0x%" PRIx64
			" translates to PA 0x%" PRIx64 ", expected 0x%" PRIx64,
			i, va, pa, want);
		return false;
	}
	return true;
}

/*
 * Proves every page of descriptor @i with two walks per leaf: a leaf's
 * output is linear, so its first and last page inside the region vouch
 * for those between, and the second walk catches a leaf whose size the
 * walk got wrong. pages_walked counts the pages proven this way.
 */
static void walk_region(struct plan_result *r, size_t i,
			const struct efivmap_efi_desc *d)
{
	uint64_t off = 0, bytes = efivmap_desc_bytes(d), step;
	struct efivmap_pt_leaf l;

	while (off < bytes) {
		uint64_t va = d->virt_start + off;

		if (!walk_page(r, i, va, d->phys_start + off, &l))
			return;
		step = EFIVMAP_EFI_PAGE_SIZE;
		if (l.va <= va && va - l.va < l.size)
			step = l.size - (va - l.va);
		if (step > bytes - off)
			step = bytes - off;
		if (step > EFIVMAP_EFI_PAGE_SIZE &&
		    !walk_page(r, i, va + step - EFIVMAP_EFI_PAGE_SIZE,
			       d->phys_start + off + step -
			       EFIVMAP_EFI_PAGE_SIZE, NULL))
			return;
		r->pages_walked += step >> EFIVMAP_EFI_PAGE_SHIFT;
		off += step;
	}
}

static void walk_check(struct plan_result *r)
{
	const struct efivmap_mmap *map = &r->map;
	uint64_t g = r->pcfg.granule;
	struct va_span *spans;
	struct leaf_scan scan;
	size_t i, n = 0, merged = 0;
	struct efivmap_efi_desc *d;

	spans = calloc(map->count + 1, sizeof(*spans));
	if (!spans) {
		problem(r, "out of memory for the walk check");
		return;
	}
	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap_desc_is_runtime(d))
			continue;
		spans[n].first = d->virt_start & ~(g - 1);
		spans[n].last = ((d->virt_start + efivmap_desc_bytes(d) - 1) |
				 (g - 1));
		n++;
		walk_region(r, i, d);
	}
	/* Merge overlapping or touching spans (regions sharing pages). */
	qsort(spans, n, sizeof(*spans), cmp_span);
	for (i = 0; i < n; i++) {
		if (merged && spans[i].first <= spans[merged - 1].last + 1) {
			if (spans[i].last > spans[merged - 1].last)
				spans[merged - 1].last = spans[i].last;
		} else {
			spans[merged++] = spans[i];
		}
	}
	scan.r = r;
	scan.spans = spans;
	scan.nspans = merged;
	scan.next = 0;
	efivmap_pt_for_each_leaf(&r->pt, check_leaf, &scan);
	free(spans);
}

/* ---- The run ------------------------------------------------------ */

/* Smallest PA size (bits) covering the runtime regions and the pool. */
static uint32_t auto_pa_bits(const struct efivmap_mmap *map,
			     uint64_t pool_end)
{
	uint64_t top = pool_end;
	struct efivmap_efi_desc *d;
	uint32_t bits = EFIVMAP_PT_PA_BITS_MIN;
	size_t i;

	efivmap_mmap_for_each(map, i, d)
		if (efivmap_desc_is_runtime(d) && efivmap_desc_last(d) > top)
			top = efivmap_desc_last(d);
	while (bits < 64 && (top >> bits) != 0)
		bits++;
	return bits;
}

int plan_run(const struct cli_map *m, const struct plan_opts *o,
	     const struct plan_mat *mat, struct plan_result *r)
{
	struct efivmap_pt_input in;
	size_t bytes = m->count * m->desc_size;
	uint32_t flags = 0, pa_bits;
	int ret;

	memset(r, 0, sizeof(*r));
	cli_diag_clear(&r->diag);
	r->buf = malloc(bytes ? bytes : 8);
	if (!r->buf)
		return fail(r, "memory", -EFIVMAP_ERR_NOSPACE);
	memcpy(r->buf, m->buf, bytes);
	/* read as cli_validate_map() read it, findings already reported */
	ret = efivmap_mmap_init_ex(&r->map, r->buf, bytes, m->desc_size,
				   m->desc_version, 0, NULL, &r->diag);
	if (ret)
		return fail(r, "map", ret);

	r->strategy = o->strategy;
	efivmap_layout_cfg_init(&r->lcfg);
	r->lcfg.strategy = o->strategy;
	r->lcfg.va_bits = o->va_bits;
	if (o->va_base_set)
		r->lcfg.base = o->va_base;
	if (o->va_limit_set)
		r->lcfg.limit = o->va_limit;
	r->lcfg.randomize = o->seed_set;
	r->lcfg.seed = o->seed;
	if (o->strategy == PLAN_STRATEGY_KEEP) {
		/* Whatever a kernel with this VA size can map. */
		r->lcfg.strategy = EFIVMAP_LAYOUT_FLAT;
		r->lcfg.base = 0;
		r->lcfg.limit = UINT64_C(1) << o->va_bits;
		ret = efivmap_layout_check(&r->map, &r->lcfg, &r->diag);
	} else {
		ret = efivmap_layout_plan(&r->map, &r->lcfg, &r->diag);
	}
	if (ret < 0)
		return fail(r, "layout", ret);
	r->runtime = (size_t)ret;

	if (o->no_contig)
		flags |= EFIVMAP_PT_CFG_NO_CONTIG;
	if (o->linux_policy)
		flags |= EFIVMAP_PT_CFG_LINUX;
	pa_bits = o->pa_bits ? o->pa_bits :
		  auto_pa_bits(&r->map, o->pool_base + o->granule - 1);
	ret = efivmap_pt_config_init(&r->pcfg, o->granule, o->va_bits,
				     pa_bits, flags);
	if (ret) {
		r->diag.err = ret;
		r->diag.what = o->pa_bits ? "unsupported PA size" :
			"a runtime region or the pool lies beyond 48-bit PA";
		return fail(r, "tables", ret);
	}
	memset(&in, 0, sizeof(in));
	in.map = &r->map;
	if (mat && mat->loaded) {
		efivmap_pt_mat_validate(&r->pcfg, &r->map, &mat->mat,
					mat_report, r);
		in.mat = &mat->mat;
	}
	ret = efivmap_pt_tables_needed(&r->pcfg, &in, &r->tables_needed,
				       &r->diag);
	if (ret)
		return fail(r, "tables", ret);
	/* Exactly the tables the sizing pass promised, nothing more. */
	r->pool = aligned_alloc(o->granule, r->tables_needed * o->granule);
	if (!r->pool)
		return fail(r, "memory", -EFIVMAP_ERR_NOSPACE);
	ret = efivmap_pt_init_pool(&r->pt, &r->pcfg, r->pool,
				   r->tables_needed * o->granule, o->pool_base,
				   &r->diag);
	if (ret)
		return fail(r, "tables", ret);
	ret = efivmap_pt_build(&r->pt, &in, &r->diag);
	if (ret)
		return fail(r, "tables", ret);
	efivmap_pt_stats(&r->pt, &r->st);
	r->ttbr0 = efivmap_pt_ttbr0(&r->pt, 0);
	r->tcr = efivmap_pt_tcr(&r->pt);
	r->mair = efivmap_pt_mair(&r->pt);

	if (r->pt.used != r->tables_needed)
		problem(r, "sizing said %zu tables, the build used %zu",
			r->tables_needed, r->pt.used);
	ret = efivmap_pt_verify(&r->pt, &in, &r->diag);
	if (ret) {
		char text[128];

		efivmap_diag_format(&r->diag, text, sizeof(text));
		problem(r, "efivmap_pt_verify: %s", text);
		cli_diag_clear(&r->diag);
	}
	walk_check(r);
	r->verified = r->nproblems == 0;
	return CLI_OK;
}

void plan_free(struct plan_result *r)
{
	free(r->buf);
	free(r->pool);
	r->buf = NULL;
	r->pool = NULL;
}
