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
 * Descriptors are taken in map order when their VAs ascend (what the
 * layouts produce, and linear); otherwise each step scans for the next VA.
 */
#include "pt_internal.h"

struct piece {
	uint64_t va;
	uint64_t pa;
	uint64_t size;
	uint32_t attrs;
	uint32_t index;
};

struct plan {
	const struct efivmap_pt_config *cfg;
	const struct efivmap_pt_input *in;
	uint64_t g;
	struct efivmap_diag *diag;
	efivmap__pt_run_fn fn;
	void *ctx;
	/* runtime descriptors */
	bool d_asc, d_started, mat_sorted;
	size_t d_cur;        /* map->count when exhausted */
	uint64_t d_pos;      /* next PA inside the current descriptor */
	uint32_t d_policy;   /* policy attributes, before the MAT */
	uint32_t d_eff;      /* effective d_policy */
	/* The last two (type, attribute) pairs and their attributes: maps
	 * alternate between a few pairs. */
	uint32_t c_type[2], c_pol[2], c_eff[2];
	uint64_t c_attr[2];
	bool c_valid[2];
	uint32_t d_extra;    /* EFIVMAP__PT_PAGE_ONLY or 0 */
	/* ranges */
	bool r_asc, r_started;
	size_t r_cur;
	/* one piece of look-ahead per source: 0 empty, 1 full, 2 done */
	int a_state, b_state;
	struct piece a, b;
	/* coalescer */
	bool any, have_cur;
	uint64_t max_end;    /* end of the furthest piece so far */
	uint64_t own_delta;  /* its PA - VA */
	uint32_t own_attrs;
	struct efivmap__pt_run cur;
};

static int fail(struct plan *p, int err, const char *what, uint32_t index,
		uint64_t addr)
{
	return efivmap__fail(p->diag, err, what, index, EFIVMAP_DIAG_NONE,
			     addr);
}

/* Checks shared by descriptors and ranges, on 4 KiB-aligned input. */
static int check_piece(struct plan *p, uint64_t va, uint64_t pa,
		       uint64_t size, uint32_t index)
{
	if (!size)
		return fail(p, EFIVMAP_ERR_ZERO_PAGES, "empty region", index,
			    va);
	if (!efivmap__is_aligned(va | pa | size, EFIVMAP_SZ_4K))
		return fail(p, EFIVMAP_ERR_ALIGN,
			    "region not 4 KiB aligned", index, va);
	if (va + (size - 1) < va || pa + (size - 1) < pa)
		return fail(p, EFIVMAP_ERR_OVERFLOW, "region wraps past 2^64",
			    index, va);
	if ((va + (size - 1)) >> p->cfg->va_bits)
		return fail(p, EFIVMAP_ERR_VA_BITS, "VA beyond va_bits",
			    index, va);
	if ((pa + (size - 1)) >> p->cfg->pa_bits)
		return fail(p, EFIVMAP_ERR_VA_BITS, "PA beyond pa_bits",
			    index, pa);
	if ((va ^ pa) & (p->g - 1))
		return fail(p, EFIVMAP_ERR_VA_MISMATCH,
			    "VA and PA differ modulo the granule", index, va);
	return 0;
}

/* ---- runtime descriptors in VA order ---- */

static bool desc_ascending(const struct efivmap_mmap *map)
{
	const struct efivmap_efi_desc *d;
	bool seen = false;
	uint64_t prev = 0;
	size_t i;

	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap_desc_is_runtime(d))
			continue;
		if (seen && d->virt_start <= prev)
			return false;
		prev = d->virt_start;
		seen = true;
	}
	return true;
}

/* The runtime descriptor after the current one in VA order. */
static size_t desc_after(const struct plan *p)
{
	const struct efivmap_mmap *map = p->in->map;
	const struct efivmap_efi_desc *d;
	uint64_t ref = 0, best_va = 0;
	size_t i, best = map->count;

	if (p->d_asc) {
		for (i = p->d_started ? p->d_cur + 1 : 0; i < map->count; i++)
			if (efivmap_desc_is_runtime(efivmap_mmap_get(map, i)))
				return i;
		return map->count;
	}
	if (p->d_started)
		ref = efivmap_mmap_get(map, p->d_cur)->virt_start;
	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap_desc_is_runtime(d))
			continue;
		if (p->d_started && (d->virt_start < ref ||
				     (d->virt_start == ref && i <= p->d_cur)))
			continue;
		if (best == map->count || d->virt_start < best_va) {
			best = i;
			best_va = d->virt_start;
		}
	}
	return best;
}

/* d_policy and d_eff for a descriptor, through the two-entry cache. */
static void policy(struct plan *p, uint32_t type, uint64_t attribute)
{
	unsigned i;

	for (i = 0; i < 2; i++)
		if (p->c_valid[i] && p->c_type[i] == type &&
		    p->c_attr[i] == attribute)
			break;
	if (i == 2) {
		/* replace the older slot, keep the newer in slot 0 */
		p->c_type[1] = p->c_type[0];
		p->c_attr[1] = p->c_attr[0];
		p->c_pol[1] = p->c_pol[0];
		p->c_eff[1] = p->c_eff[0];
		p->c_valid[1] = p->c_valid[0];
		p->c_type[0] = type;
		p->c_attr[0] = attribute;
		p->c_pol[0] = efivmap_pt_policy(p->cfg, type, attribute);
		p->c_eff[0] = efivmap__pt_effective(p->cfg, p->c_pol[0]);
		p->c_valid[0] = true;
		i = 0;
	}
	p->d_policy = p->c_pol[i];
	p->d_eff = p->c_eff[i];
}

static int desc_enter(struct plan *p)
{
	const struct efivmap_efi_desc *d = efivmap_mmap_get(p->in->map,
							    p->d_cur);
	const struct efivmap_pt_config *cfg = p->cfg;
	uint32_t idx = (uint32_t)p->d_cur;
	uint64_t bytes;
	int err;

	if (d->virt_start == EFIVMAP_EFI_VA_INVALID)
		return fail(p, EFIVMAP_ERR_NO_VA,
			    "runtime descriptor without a VirtualStart", idx,
			    d->phys_start);
	if (d->num_pages >> (64 - EFIVMAP_EFI_PAGE_SHIFT))
		return fail(p, EFIVMAP_ERR_OVERFLOW, "region wraps past 2^64",
			    idx, d->phys_start);
	bytes = efivmap_desc_bytes(d);
	err = check_piece(p, d->virt_start, d->phys_start, bytes, idx);
	if (err)
		return err;
	p->d_pos = d->phys_start;
	policy(p, d->type, d->attribute);
	p->d_extra = 0;
	if ((cfg->flags & EFIVMAP_PT_CFG_LINUX) &&
	    (d->type == EFIVMAP_EFI_RUNTIME_SERVICES_CODE ||
	     d->type == EFIVMAP_EFI_RUNTIME_SERVICES_DATA ||
	     !efivmap__is_aligned(d->phys_start | bytes, p->g)))
		p->d_extra = EFIVMAP__PT_PAGE_ONLY;
	return 0;
}

/* Next piece of the runtime map: 1, 0 when done, or an error. */
static int desc_piece(struct plan *p, struct piece *out)
{
	const struct efivmap_mmap *map = p->in->map;
	const struct efivmap_pt_mat *mat = p->in->mat;
	const struct efivmap_efi_desc *d, *e;
	uint64_t end;
	uint32_t attrs;
	long k;
	int err;

	if (!map)
		return 0;
	for (;;) {
		if (!p->d_started || p->d_cur == map->count ||
		    p->d_pos > efivmap_desc_last(efivmap_mmap_get(map,
								  p->d_cur))) {
			if (p->d_started && p->d_cur == map->count)
				return 0;
			p->d_cur = desc_after(p);
			p->d_started = true;
			if (p->d_cur == map->count)
				return 0;
			err = desc_enter(p);
			if (err)
				return err;
		}
		d = efivmap_mmap_get(map, p->d_cur);
		end = efivmap_desc_last(d);   /* inclusive */
		attrs = p->d_eff;
		k = mat ? efivmap__pt_mat_next_in(p->cfg, mat, p->mat_sorted,
						  d, p->d_pos) : -1;
		if (k >= 0) {
			e = efivmap__pt_mat_get(mat, (size_t)k);
			if (e->phys_start == p->d_pos) {
				end = e->phys_start + efivmap_desc_bytes(e) - 1;
				attrs = efivmap__pt_effective(p->cfg,
					efivmap__pt_mat_apply(p->cfg, mat, e,
							      p->d_policy));
			} else {
				end = e->phys_start - 1;
			}
		}
		out->pa = p->d_pos;
		out->va = d->virt_start + (p->d_pos - d->phys_start);
		out->size = end - p->d_pos + 1;
		out->attrs = attrs | p->d_extra;
		out->index = (uint32_t)p->d_cur;
		p->d_pos = end + 1;
		return 1;
	}
}

/* ---- extra ranges in VA order ---- */

static bool ranges_ascending(const struct efivmap_pt_input *in)
{
	size_t i;

	for (i = 1; i < in->nranges; i++)
		if (in->ranges[i].va <= in->ranges[i - 1].va)
			return false;
	return true;
}

static int range_piece(struct plan *p, struct piece *out)
{
	const struct efivmap_pt_range *r = p->in->ranges;
	size_t n = p->in->nranges, i, best = n;
	int err;

	if (p->r_asc) {
		best = p->r_started ? p->r_cur + 1 : 0;
	} else {
		for (i = 0; i < n; i++) {
			if (p->r_started &&
			    (r[i].va < r[p->r_cur].va ||
			     (r[i].va == r[p->r_cur].va && i <= p->r_cur)))
				continue;
			if (best == n || r[i].va < r[best].va)
				best = i;
		}
	}
	if (best >= n)
		return 0;
	p->r_cur = best;
	p->r_started = true;
	r += best;
	if ((r->attrs & ~(uint32_t)EFIVMAP_PT_ATTR_MASK) ||
	    (r->attrs & EFIVMAP_PT_ATTR_MT_MASK) >= EFIVMAP_PT_MT_COUNT)
		return fail(p, EFIVMAP_ERR_INVAL, "unknown range attributes",
			    (uint32_t)best, r->va);
	err = check_piece(p, r->va, r->pa, r->size, (uint32_t)best);
	if (err)
		return err;
	out->va = r->va;
	out->pa = r->pa;
	out->size = r->size;
	out->attrs = efivmap__pt_effective(p->cfg, r->attrs);
	out->index = (uint32_t)best;
	return 1;
}

/* ---- coalescer ---- */

static int emit(struct plan *p, uint64_t va, uint64_t end)
{
	struct efivmap__pt_run r;

	r.va = va;
	r.end = end;
	r.pa = p->cur.pa + (va - p->cur.va);
	r.attrs = p->cur.attrs;
	r.index = p->cur.index;
	return p->fn(p->ctx, &r);
}

static void start_cur(struct plan *p, uint64_t va, uint64_t end,
		      uint64_t pa, uint32_t attrs, uint32_t index)
{
	p->cur.va = va;
	p->cur.end = end;
	p->cur.pa = pa;
	p->cur.attrs = attrs;
	p->cur.index = index;
	p->have_cur = true;
}

/*
 * Invariant after each piece: cur.end == align_up(max_end) and cur
 * contains the page of byte max_end - 1. A new piece therefore starts
 * either at or after cur.end, or inside cur's last page.
 */
static int consume(struct plan *p, struct piece *pc)
{
	uint64_t g = p->g, delta, end4 = pc->va + pc->size, rva, rend;
	int err;

	delta = pc->pa - pc->va;
	if (p->any && pc->va < p->max_end) {
		if (delta != p->own_delta || pc->attrs != p->own_attrs)
			return fail(p, EFIVMAP_ERR_CONFLICT,
				    "VA already mapped differently",
				    pc->index, pc->va);
		if (end4 <= p->max_end)
			return 0;
		pc->pa += p->max_end - pc->va;
		pc->va = p->max_end;
	}
	p->any = true;
	p->max_end = end4;
	p->own_delta = delta;
	p->own_attrs = pc->attrs;

	rva = efivmap__align_down(pc->va, g);
	rend = efivmap__align_up(end4, g);
	if (!p->have_cur) {
		start_cur(p, rva, rend, rva + delta, pc->attrs, pc->index);
		return 0;
	}
	if (rva >= p->cur.end) {
		if (rva == p->cur.end && p->cur.pa - p->cur.va == delta &&
		    p->cur.attrs == pc->attrs) {
			p->cur.end = rend;
			return 0;
		}
		err = emit(p, p->cur.va, p->cur.end);
		if (err)
			return err;
		start_cur(p, rva, rend, rva + delta, pc->attrs, pc->index);
		return 0;
	}
	/* shares the page [rva, rva + g) with cur */
	EFIVMAP_ASSERT(rva == p->cur.end - g);
	if (p->cur.pa - p->cur.va != delta)
		return fail(p, EFIVMAP_ERR_CONFLICT,
			    "regions share a page at different PA offsets",
			    pc->index, rva);
	if ((p->cur.attrs ^ pc->attrs) & EFIVMAP_PT_ATTR_MT_MASK)
		return fail(p, EFIVMAP_ERR_ATTR,
			    "memory types differ within one page",
			    pc->index, rva);
	if (p->cur.attrs == pc->attrs) {
		p->cur.end = rend;
		return 0;
	}
	if (p->cur.va < rva) {
		err = emit(p, p->cur.va, rva);
		if (err)
			return err;
		p->cur.pa += rva - p->cur.va;
		p->cur.va = rva;
	}
	p->cur.attrs = efivmap__pt_union(p->cur.attrs, pc->attrs);
	if (rend > p->cur.end) {
		err = emit(p, p->cur.va, p->cur.end);
		if (err)
			return err;
		start_cur(p, rva + g, rend, rva + g + delta, pc->attrs,
			  pc->index);
	}
	return 0;
}

static int fill(struct plan *p, int *state, struct piece *pc,
		int (*src)(struct plan *, struct piece *))
{
	int r;

	if (*state != 0)
		return 0;
	r = src(p, pc);
	if (r < 0)
		return r;
	*state = r ? 1 : 2;
	return 0;
}

int efivmap__pt_plan(const struct efivmap_pt_config *cfg,
		     const struct efivmap_pt_input *in, efivmap__pt_run_fn fn,
		     void *ctx, struct efivmap_diag *diag)
{
	struct plan p;
	struct piece *pc;
	int err;

	if (in->nranges && !in->ranges)
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "ranges NULL with nranges > 0",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	efivmap__zero(&p, sizeof(p));
	p.cfg = cfg;
	p.in = in;
	p.g = cfg->granule;
	p.diag = diag;
	p.fn = fn;
	p.ctx = ctx;
	if (in->map) {
		p.d_asc = desc_ascending(in->map);
		p.d_cur = in->map->count;
	}
	if (in->mat)
		p.mat_sorted = efivmap__pt_mat_sorted(in->mat);
	p.r_asc = ranges_ascending(in);
	for (;;) {
		err = fill(&p, &p.a_state, &p.a, desc_piece);
		if (!err)
			err = fill(&p, &p.b_state, &p.b, range_piece);
		if (err)
			return err;
		if (p.a_state == 1 &&
		    (p.b_state != 1 || p.a.va <= p.b.va)) {
			pc = &p.a;
			p.a_state = 0;
		} else if (p.b_state == 1) {
			pc = &p.b;
			p.b_state = 0;
		} else {
			break;
		}
		err = consume(&p, pc);
		if (err)
			return err;
	}
	if (p.have_cur)
		return emit(&p, p.cur.va, p.cur.end);
	return 0;
}
