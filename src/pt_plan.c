// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The planner: turns an input (runtime map, MAT, extra ranges) into
 * granule-aligned runs in ascending VA order. Sizing, building and
 * verification all consume the same runs, which is what makes the table
 * count exact.
 *
 *   runtime descriptors -> split by MAT -+
 *     (VA order)                         +-> merge by VA -> coalesce -> runs
 *   extra ranges (VA order) -------------+    (round to granule, union
 *                                               shared pages, join equal
 *                                               neighbours)
 *
 * Each source is taken in its own order when its VAs ascend (what the
 * layouts produce, and linear); otherwise each step scans for the next VA.
 */
#include "pt_internal.h"

/*
 * One source: 0 the runtime descriptors, 1 the ranges. Item i is at
 * base + i * stride; it takes part when the word at flag_off has
 * EFI_MEMORY_RUNTIME set, or always (all, for ranges). A source holds one
 * piece of look-ahead: [pa, end] of the current item.
 */
struct src {
	const uint8_t *base;
	size_t stride, n;
	size_t cur;          /* current item; SIZE_MAX before the first */
	uint8_t va_off, flag_off;
	bool all, asc;
	bool live;           /* the current item has more pieces */
	int8_t state;        /* the piece: 0 taken, 1 ready, 2 no more */
	uint32_t pol;        /* policy attributes, before the MAT */
	uint32_t eff;        /* effective attributes, plus page-only */
	uint32_t attrs;      /* the piece's */
	uint64_t delta;      /* the current item's VA - PA */
	uint64_t last;       /* its last PA */
	uint64_t pa, end;    /* the piece, end inclusive */
};

struct plan {
	const struct efivmap_pt_config *cfg;
	const struct efivmap_pt_input *in;
	struct efivmap_diag *diag;
	efivmap__pt_run_fn fn;
	void *ctx;
	struct src src[2];
	bool mat_sorted;
	long mat_ahead;      /* MAT entry right after the last piece, or -1 */
	/*
	 * Policy of the last two (type, attribute) pairs: maps alternate
	 * between a few. attr 0 never matches a runtime descriptor.
	 */
	struct {
		uint64_t attr;
		uint32_t type, pol, eff;
	} pc[2];
	/* coalescer */
	bool have;           /* cur is open */
	uint64_t max_end;    /* end of the furthest piece so far */
	uint64_t own_delta;  /* its VA - PA */
	uint32_t own_attrs;
	struct efivmap__pt_run cur;
};

static int fail(struct plan *p, int err, const char *what, size_t index,
		uint64_t addr)
{
	return efivmap__pt_fail(p->diag, err, what, (uint32_t)index, addr);
}

/* ---- both sources in VA order ---- */

/* The first item at or after @i that takes part, or n. */
static size_t next_from(const struct src *c, size_t i)
{
	const uint8_t *f;

	if (c->all || i >= c->n)
		return i < c->n ? i : c->n;
	/*
	 * the hot loop of a large map: a descriptor that is not runtime
	 * costs a load, a test and a count
	 */
	for (f = c->base + c->flag_off + i * c->stride;
	     !(*(const uint64_t *)(const void *)f & EFIVMAP_EFI_MEMORY_RUNTIME);
	     f += c->stride)
		if (++i >= c->n)
			break;
	return i;
}

static uint64_t item_va(const struct src *c, size_t i)
{
	return *(const uint64_t *)(const void *)(c->base + c->va_off +
						 i * c->stride);
}

static bool ascending(const struct src *c)
{
	size_t i = next_from(c, 0);
	uint64_t va, prev = 0;
	bool seen = false;

	for (; i < c->n; i = next_from(c, i + 1)) {
		va = item_va(c, i);
		if (seen && va <= prev)
			return false;
		prev = va;
		seen = true;
	}
	return true;
}

/* Step to the next item in (VA, index) order; false at the end. */
static bool advance(struct src *c)
{
	size_t i = c->asc ? c->cur + 1 : 0, best = c->n;
	uint64_t va, ref = 0, best_va = 0;
	bool started = c->cur != SIZE_MAX;

	if (started)
		ref = item_va(c, c->cur);
	for (; (i = next_from(c, i)) < c->n; i++) {
		if (c->asc) {
			best = i;
			break;
		}
		va = item_va(c, i);
		if (started && (va < ref || (va == ref && i <= c->cur)))
			continue;
		if (best == c->n || va < best_va) {
			best = i;
			best_va = va;
		}
	}
	c->cur = best;
	return best < c->n;
}

/* Why a region that failed the test in enter() is bad input. */
static int bad_region(struct plan *p, uint64_t va, uint64_t pa,
		      uint64_t size, size_t i, uint64_t mis)
{
	uint64_t last = size - 1;

	if (!size)
		return fail(p, EFIVMAP_ERR_ZERO_PAGES, "empty region", i, va);
	if (!efivmap__is_aligned((va - mis) | (pa - mis) | size,
				 EFIVMAP_SZ_4K))
		return fail(p, EFIVMAP_ERR_ALIGN, "region not 4 KiB aligned",
			    i, va);
	if (va + last < va || pa + last < pa)
		return fail(p, EFIVMAP_ERR_OVERFLOW, "region wraps past 2^64",
			    i, va);
	if ((va + last) >> p->cfg->va_bits)
		return fail(p, EFIVMAP_ERR_VA_BITS, "VA beyond va_bits", i,
			    va);
	if ((pa + last) >> p->cfg->pa_bits)
		return fail(p, EFIVMAP_ERR_VA_BITS, "PA beyond pa_bits", i,
			    pa);
	return fail(p, EFIVMAP_ERR_VA_MISMATCH,
		    "VA and PA differ modulo the granule", i, va);
}

/* A caller range: its attributes must be ours. */
static int enter_range(struct plan *p, struct src *c, size_t i,
		       uint64_t *va, uint64_t *pa, uint64_t *size)
{
	const struct efivmap_pt_range *r = p->in->ranges + i;

	*va = r->va;
	*pa = r->pa;
	*size = r->size;
	if ((r->attrs & ~(uint32_t)EFIVMAP_PT_ATTR_MASK) ||
	    (r->attrs & EFIVMAP_PT_ATTR_MT_MASK) >= EFIVMAP_PT_MT_COUNT)
		return fail(p, EFIVMAP_ERR_INVAL, "unknown range attributes",
			    i, r->va);
	c->eff = efivmap__pt_effective(p->cfg, r->attrs);
	return 0;
}

/* The policy of a runtime descriptor, through a two-entry cache. */
static void desc_policy(struct plan *p, struct src *c,
			const struct efivmap_efi_desc *d)
{
	unsigned k;

	for (k = 0; k < 2; k++)
		if (p->pc[k].type == d->type && p->pc[k].attr == d->attribute)
			break;
	if (k == 2) {
		/* the new pair replaces the older */
		k = 0;
		p->pc[1] = p->pc[0];
		p->pc[0].type = d->type;
		p->pc[0].attr = d->attribute;
		p->pc[0].pol = efivmap_pt_policy(p->cfg, d->type, d->attribute);
		p->pc[0].eff = efivmap__pt_effective(p->cfg, p->pc[0].pol);
	}
	c->pol = p->pc[k].pol;
	c->eff = p->pc[k].eff;
}

/*
 * A runtime descriptor: it needs a VirtualStart and gets our policy. One
 * whose PhysicalStart is not 4 KiB aligned keeps its exact bytes: the
 * coalescer rounds every piece out to the granule, so its enclosing pages
 * are mapped, shared with a neighbour only if both translate them alike
 * and agree on the memory type (Linux's arm64 efi_create_mapping() maps
 * such regions page by page too). Its VA must have the PA's offset in
 * the page. Returns 1 for an empty descriptor, which maps nothing.
 */
static int enter_desc(struct plan *p, struct src *c, size_t i,
		      uint64_t *va, uint64_t *pa, uint64_t *size)
{
	const struct efivmap_efi_desc *d = efivmap_mmap_get(p->in->map, i);
	uint64_t off = d->phys_start & (EFIVMAP_SZ_4K - 1);

	if (!d->num_pages)
		return 1;
	*va = d->virt_start;
	*pa = d->phys_start;
	*size = efivmap_desc_bytes(d);
	if (*va == EFIVMAP_EFI_VA_INVALID)
		return fail(p, EFIVMAP_ERR_NO_VA,
			    "runtime descriptor without a VirtualStart", i, *pa);
	if (d->num_pages >> (64 - EFIVMAP_EFI_PAGE_SHIFT))
		return fail(p, EFIVMAP_ERR_OVERFLOW, "region wraps past 2^64",
			    i, *pa);
	desc_policy(p, c, d);
	/* Linux maps these, and anything not granule aligned, with pages */
	if (off || ((p->cfg->flags & EFIVMAP_PT_CFG_LINUX) &&
	    (d->type == EFIVMAP_EFI_RUNTIME_SERVICES_CODE ||
	     d->type == EFIVMAP_EFI_RUNTIME_SERVICES_DATA ||
	     !efivmap__is_aligned(*pa | *size, p->cfg->granule))))
		c->eff |= EFIVMAP__PT_PAGE_ONLY;
	return 0;
}

/*
 * Take the current item of source @s (0: the map, 1: the ranges): check
 * it and find its attributes. 1: an empty descriptor, to be skipped.
 */
static int enter(struct plan *p, int s)
{
	struct src *c = &p->src[s];
	size_t i = c->cur;
	uint64_t va, pa, size, last, mis;
	int err;

	err = s ? enter_range(p, c, i, &va, &pa, &size) :
		  enter_desc(p, c, i, &va, &pa, &size);
	if (err)
		return err;
	/*
	 * every check of bad_region() in one test; a descriptor's start
	 * may sit inside its first page, at the same offset in VA and PA
	 */
	mis = s ? 0 : pa & (EFIVMAP_SZ_4K - 1);
	last = size - 1;
	if (!size ||
	    ((((va - mis) | (pa - mis) | size) & (EFIVMAP_SZ_4K - 1)) |
	     ((va | last | (va + last)) >> p->cfg->va_bits) |
	     ((pa | last | (pa + last)) >> p->cfg->pa_bits) |
	     ((va ^ pa) & (p->cfg->granule - 1))))
		return bad_region(p, va, pa, size, i, mis);
	c->delta = va - pa;
	c->last = pa + last;
	c->end = pa - 1;
	c->live = true;
	return 0;
}

/* @attrs restricted by MAT entry @e. */
static uint32_t mat_apply(const struct efivmap_pt_config *cfg,
			  const struct efivmap_pt_mat *mat,
			  const struct efivmap_efi_desc *e, uint32_t attrs)
{
	if (e->attribute & EFIVMAP_EFI_MEMORY_RO)
		attrs &= ~(uint32_t)EFIVMAP_PT_ATTR_W;
	if (e->attribute & EFIVMAP_EFI_MEMORY_XP)
		attrs &= ~(uint32_t)EFIVMAP_PT_ATTR_X;
	else if ((attrs & EFIVMAP_PT_ATTR_X) && mat->version >= 2 &&
		 (mat->flags & EFIVMAP_EFI_MAT_FLAG_RT_FORWARD_CFG) &&
		 (cfg->flags & EFIVMAP_PT_CFG_BTI))
		attrs |= EFIVMAP_PT_ATTR_GP;
	return attrs;
}

/*
 * The first usable MAT entry of the current descriptor at or after @pa,
 * or -1. A gap piece ends right before its entry, so the piece after it
 * reuses that answer instead of searching again.
 */
static long mat_next(struct plan *p, const struct src *c, uint64_t pa)
{
	const struct efivmap_pt_mat *mat = p->in->mat;
	long k = p->mat_ahead;

	p->mat_ahead = -1;
	if (k >= 0 && efivmap__pt_mat_get(mat, (size_t)k)->phys_start == pa)
		return k;
	return efivmap__pt_mat_next_in(p->cfg, mat, p->mat_sorted,
				       efivmap_mmap_get(p->in->map, c->cur),
				       pa);
}

/*
 * The next piece of source @s: a range, or a runtime descriptor up to its
 * next usable MAT entry, or that entry. 1, 0 when done, or an error.
 */
static int piece(struct plan *p, int s)
{
	const struct efivmap_pt_mat *mat = s ? NULL : p->in->mat;
	struct src *c = &p->src[s];
	const struct efivmap_efi_desc *e;
	uint64_t pa, end;
	uint32_t attrs;
	long k;
	int err;

	if (!c->live) {
		do {
			if (!advance(c))
				return 0;
			err = enter(p, s);
		} while (err > 0);
		if (err)
			return err;
	}
	pa = c->end + 1;
	end = c->last;
	attrs = c->eff;
	k = mat ? mat_next(p, c, pa) : -1;
	if (k >= 0) {
		e = efivmap__pt_mat_get(mat, (size_t)k);
		end = e->phys_start - 1;
		if (e->phys_start == pa) {
			end += efivmap_desc_bytes(e);
			attrs = efivmap__pt_effective(p->cfg,
				mat_apply(p->cfg, mat, e, c->pol)) |
				(attrs & EFIVMAP__PT_PAGE_ONLY);
		} else {
			p->mat_ahead = k;
		}
	}
	c->pa = pa;
	c->end = end;
	c->attrs = attrs;
	c->live = end != c->last;
	return 1;
}

/* ---- coalescer ---- */

/* Hand cur, cut at @end, to the consumer. */
static int emit(struct plan *p, uint64_t end)
{
	uint64_t keep = p->cur.end;
	int err;

	p->cur.end = end;
	err = p->fn(p->ctx, &p->cur);
	p->cur.end = keep;
	return err;
}

/* Emit cur, if open, and open [va, end) for the piece of @c. */
static int restart(struct plan *p, uint64_t va, uint64_t end,
		   const struct src *c)
{
	int err = p->have ? emit(p, p->cur.end) : 0;

	p->cur.va = va;
	p->cur.end = end;
	p->cur.pa = va - c->delta;
	p->cur.attrs = c->attrs;
	p->cur.index = (uint32_t)c->cur;
	p->have = true;
	return err;
}

/*
 * Add the piece of @c. Invariant after each piece: cur.end ==
 * align_up(max_end) and cur contains the page of byte max_end - 1. A new
 * piece therefore starts either at or after cur.end, or inside cur's last
 * page.
 */
static int consume(struct plan *p, const struct src *c)
{
	uint64_t g = p->cfg->granule, va = c->pa + c->delta;
	uint64_t end4 = c->end + 1 + c->delta, rva, rend;
	bool same;
	int err;

	if (p->have && va < p->max_end) {
		/* overlapping regions: one mapping, however each is mapped */
		if (c->delta != p->own_delta ||
		    ((c->attrs ^ p->own_attrs) & ~EFIVMAP__PT_PAGE_ONLY))
			return fail(p, EFIVMAP_ERR_CONFLICT,
				    "VA already mapped differently", c->cur,
				    va);
		if (end4 <= p->max_end)
			return 0;
		va = p->max_end;
	}
	p->max_end = end4;
	p->own_delta = c->delta;
	p->own_attrs = c->attrs;
	rva = efivmap__align_down(va, g);
	rend = efivmap__align_up(end4, g);
	same = p->cur.va - p->cur.pa == c->delta;
	if (!p->have || rva > p->cur.end ||
	    (rva == p->cur.end && (!same || p->cur.attrs != c->attrs)))
		return restart(p, rva, rend, c);
	if (rva < p->cur.end) {
		/* shares the page [rva, rva + g) with cur */
		EFIVMAP_ASSERT(rva == p->cur.end - g);
		if (!same)
			return fail(p, EFIVMAP_ERR_CONFLICT,
				    "regions share a page at different PA offsets",
				    c->cur, rva);
		if ((p->cur.attrs ^ c->attrs) & EFIVMAP_PT_ATTR_MT_MASK)
			return fail(p, EFIVMAP_ERR_ATTR,
				    "memory types differ within one page",
				    c->cur, rva);
		if (p->cur.attrs != c->attrs) {
			/* the shared page becomes a run of its own */
			if (p->cur.va < rva) {
				err = emit(p, rva);
				if (err)
					return err;
				p->cur.pa += rva - p->cur.va;
				p->cur.va = rva;
			}
			p->cur.attrs = efivmap__pt_union(p->cur.attrs,
							 c->attrs);
			if (rend != p->cur.end)
				return restart(p, rva + g, rend, c);
		}
	}
	p->cur.end = rend;
	return 0;
}

/* The two sources: runtime descriptors of the map, and caller ranges. */
static void plan_init(struct plan *p, const struct efivmap_pt_config *cfg,
		      const struct efivmap_pt_input *in, efivmap__pt_run_fn fn,
		      void *ctx, struct efivmap_diag *diag)
{
	int s;

	efivmap__zero(p, sizeof(*p));
	p->cfg = cfg;
	p->in = in;
	p->diag = diag;
	p->fn = fn;
	p->ctx = ctx;
	if (in->map) {
		p->src[0].base = in->map->base;
		p->src[0].stride = in->map->desc_size;
		p->src[0].n = in->map->count;
	}
	p->src[0].va_off = offsetof(struct efivmap_efi_desc, virt_start);
	p->src[0].flag_off = offsetof(struct efivmap_efi_desc, attribute);
	p->src[1].base = (const uint8_t *)in->ranges;
	p->src[1].stride = sizeof(*in->ranges);
	p->src[1].n = in->nranges;
	p->src[1].va_off = offsetof(struct efivmap_pt_range, va);
	p->src[1].all = true;
	for (s = 0; s < 2; s++) {
		p->src[s].cur = SIZE_MAX;
		p->src[s].asc = ascending(&p->src[s]);
	}
	p->mat_ahead = -1;
	if (in->mat)
		p->mat_sorted = efivmap__pt_mat_sorted(in->mat);
}

int efivmap__pt_plan(const struct efivmap_pt_config *cfg,
		     const struct efivmap_pt_input *in, efivmap__pt_run_fn fn,
		     void *ctx, struct efivmap_diag *diag)
{
	struct plan p;
	struct src *c;
	int err, s;

	if (in->nranges && !in->ranges)
		return efivmap__pt_fail(diag, EFIVMAP_ERR_INVAL,
					"ranges NULL with nranges > 0",
					EFIVMAP_DIAG_NONE, 0);
	plan_init(&p, cfg, in, fn, ctx, diag);
	for (;;) {
		/*
		 * one piece of look-ahead per source; the lower VA goes
		 * first, descriptors on a tie
		 */
		for (s = 0; s < 2; s++) {
			c = &p.src[s];
			if (c->state)
				continue;
			err = piece(&p, s);
			if (err < 0)
				return err;
			c->state = err ? 1 : 2;
		}
		c = p.src;
		if (c[0].state != 1 || (c[1].state == 1 &&
		    c[1].pa + c[1].delta < c[0].pa + c[0].delta))
			c++;
		if (c->state != 1)
			break;
		c->state = 0;
		err = consume(&p, c);
		if (err)
			return err;
	}
	return p.have ? emit(&p, p.cur.end) : 0;
}
