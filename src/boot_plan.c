// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The one buffer of the firmware sequence: sizing it, and binding an
 * allocation to the sequence state. Everything needed after the first
 * ExitBootServices attempt is sized here, before it.
 */
#include "boot_internal.h"

static bool is_pow2(size_t a)
{
	return a && !(a & (a - 1));
}

/* *@acc = align_up(*@acc, @a) + @n, refusing to wrap. */
static bool place(size_t *acc, size_t a, size_t n, size_t *off)
{
	size_t at;

	if (*acc > SIZE_MAX - (a - 1))
		return false;
	at = (*acc + a - 1) & ~(a - 1);
	if (n > SIZE_MAX - at)
		return false;
	*off = at;
	*acc = at + n;
	return true;
}

static int check_stride(size_t map_size, size_t desc_size,
			struct efivmap_diag *diag)
{
	if (!efivmap__desc_size_ok(desc_size))
		return efivmap__boot_fail(diag, EFIVMAP_ERR_DESC_SIZE,
					  "descriptor size below 40 or not a multiple of 8",
					  desc_size);
	if (map_size % desc_size)
		return efivmap__boot_fail(diag, EFIVMAP_ERR_MAP_SIZE,
					  "map size not a multiple of the descriptor size",
					  map_size);
	return 0;
}

/* What a request asks for, with the defaults and minimums applied. */
struct want {
	size_t slack, pool, pool_align, extra, extra_align;
};

/* False when an alignment asked for is not a power of two. */
static bool read_req(const struct efivmap_boot_req *req, struct want *w)
{
	w->slack = EFIVMAP_BOOT_MIN_SLACK;
	w->pool = 0;
	w->pool_align = 8;
	w->extra = 0;
	w->extra_align = 8;
	if (req) {
		if (req->slack_descs > w->slack)
			w->slack = req->slack_descs;
		w->pool = req->pool_bytes;
		if (w->pool)
			w->pool_align = req->pool_align;
		w->extra = req->extra_bytes;
		if (req->extra_align)
			w->extra_align = req->extra_align;
	}
	if (!is_pow2(w->pool_align) || !is_pow2(w->extra_align))
		return false;
	if (w->pool_align < 8)
		w->pool_align = 8;
	if (w->extra_align < 8)
		w->extra_align = 8;
	return true;
}

/*
 * Lay the parts out into @plan; false, with @plan untouched, when the
 * buffer's size would not fit a size_t.
 */
static bool lay_out(const struct want *w, size_t map_size, size_t desc_size,
		    struct efivmap_boot_plan *plan)
{
	size_t descs = map_size / desc_size, pos = 0;
	size_t map_cap, map_off, scratch_off, pool_off, extra_off;

	if (w->slack > SIZE_MAX - descs ||
	    descs + w->slack > SIZE_MAX / desc_size)
		return false;
	map_cap = (descs + w->slack) * desc_size;

	/* The pool first: the buffer's own alignment then covers it. */
	if (!place(&pos, w->pool_align, w->pool, &pool_off) ||
	    !place(&pos, 8, map_cap, &map_off) ||
	    !place(&pos, 8, map_cap, &scratch_off) ||
	    !place(&pos, w->extra_align, w->extra, &extra_off) ||
	    !place(&pos, 8, 0, &pos))
		return false;

	plan->size = pos;
	plan->align = w->pool_align > w->extra_align ? w->pool_align :
		      w->extra_align;
	plan->desc_size = desc_size;
	plan->map_off = map_off;
	plan->map_cap = map_cap;
	plan->scratch_off = scratch_off;
	plan->scratch_cap = map_cap;
	plan->pool_off = pool_off;
	plan->pool_size = w->pool;
	plan->extra_off = extra_off;
	plan->extra_size = w->extra;
	return true;
}

int efivmap_boot_plan_make(const struct efivmap_boot_req *req,
			   size_t map_size, size_t desc_size,
			   struct efivmap_boot_plan *plan,
			   struct efivmap_diag *diag)
{
	struct want w;
	int ret;

	if (!plan)
		return efivmap__boot_fail(diag, EFIVMAP_ERR_INVAL,
					  "plan is NULL", 0);
	ret = check_stride(map_size, desc_size, diag);
	if (ret)
		return ret;
	if (!read_req(req, &w))
		return efivmap__boot_fail(diag, EFIVMAP_ERR_INVAL,
					  "alignment is not a power of two",
					  w.pool ? w.pool_align : w.extra_align);
	if (!lay_out(&w, map_size, desc_size, plan))
		return efivmap__boot_fail(diag, EFIVMAP_ERR_INVAL,
					  "buffer plan size overflows",
					  map_size);
	return 0;
}

int efivmap_boot_plan_probe(const struct efivmap_fw_ops *ops,
			    const struct efivmap_boot_req *req,
			    struct efivmap_boot_plan *plan,
			    struct efivmap_diag *diag)
{
	size_t map_size = 0, key = 0, desc_size = 0;
	uint32_t version = 0;
	efivmap_efi_status st;

	if (!ops || !ops->get_memory_map || !plan)
		return efivmap__boot_fail(diag, EFIVMAP_ERR_INVAL,
					  "firmware ops or plan missing", 0);
	st = ops->get_memory_map(ops->ctx, &map_size, NULL, &key, &desc_size,
				 &version);
	if (st != EFIVMAP_EFI_BUFFER_TOO_SMALL)
		return efivmap__boot_fail(diag, EFIVMAP_ERR_FIRMWARE,
					  st ? "GetMemoryMap failed" : "GetMemoryMap returned an empty map",
					  st);
	return efivmap_boot_plan_make(req, map_size, desc_size, plan, diag);
}

/*
 * A plan efivmap_boot_plan_make() could have produced: pool at 0, then
 * map and scratch back to back, then extra, each where make puts it. A
 * plan is input; parts that overlap would let the SVAM copy overwrite
 * the map handed to the OS.
 */
static bool plan_sane(const struct efivmap_boot_plan *p)
{
	size_t scratch_end, extra_end;

	if (!is_pow2(p->align) || p->align < 8 ||
	    !efivmap__desc_size_ok(p->desc_size) ||
	    p->map_cap % p->desc_size ||
	    p->map_cap < EFIVMAP_BOOT_MIN_SLACK * p->desc_size ||
	    p->scratch_cap != p->map_cap || p->pool_off != 0 ||
	    p->pool_size > SIZE_MAX - 7 ||
	    p->map_off != ((p->pool_size + 7) & ~(size_t)7))
		return false;
	if (p->map_cap > (SIZE_MAX - p->map_off) / 2)
		return false;
	if (p->scratch_off != p->map_off + p->map_cap)
		return false;
	scratch_end = p->scratch_off + p->scratch_cap;
	if (p->extra_off < scratch_end || p->extra_off - scratch_end >=
	    p->align || p->extra_size > SIZE_MAX - 7 - p->extra_off)
		return false;
	extra_end = p->extra_off + p->extra_size;
	return p->size == ((extra_end + 7) & ~(size_t)7);
}

int efivmap_boot_init(struct efivmap_boot *b,
		      const struct efivmap_fw_ops *ops,
		      const struct efivmap_boot_plan *plan, void *buf,
		      size_t size, struct efivmap_diag *diag)
{
	if (!b || !ops || !plan || !buf)
		return efivmap__boot_fail(diag, EFIVMAP_ERR_INVAL,
					  "NULL argument", 0);
	if (!plan_sane(plan))
		return efivmap__boot_fail(diag, EFIVMAP_ERR_INVAL,
					  "inconsistent buffer plan", 0);
	if (size < plan->size)
		return efivmap__boot_fail(diag, EFIVMAP_ERR_NOSPACE,
					  "buffer smaller than the plan",
					  plan->size);
	if ((uintptr_t)buf & (plan->align - 1))
		return efivmap__boot_fail(diag, EFIVMAP_ERR_ALIGN,
					  "buffer not aligned as the plan requires",
					  (uintptr_t)buf);

	efivmap__zero(b, sizeof(*b));
	b->ops = ops;
	b->buf = buf;
	efivmap__copy(&b->plan, plan, sizeof(*plan));
	b->state = EFIVMAP_BOOT_READY;
	return 0;
}

int efivmap_boot_alloc(struct efivmap_boot *b,
		       const struct efivmap_fw_ops *ops,
		       const struct efivmap_boot_plan *plan,
		       struct efivmap_alloc *alloc, struct efivmap_diag *diag)
{
	struct efivmap_alloc a;
	uint64_t align;
	int ret;

	if (!b || !ops || !plan || !alloc)
		return efivmap__boot_fail(diag, EFIVMAP_ERR_INVAL,
					  "NULL argument", 0);
	if (!plan_sane(plan))
		return efivmap__boot_fail(diag, EFIVMAP_ERR_INVAL,
					  "inconsistent buffer plan", 0);
	align = plan->align < EFIVMAP_EFI_PAGE_SIZE ?
		EFIVMAP_EFI_PAGE_SIZE : plan->align;
	ret = efivmap_alloc_aligned(ops, plan->size, align, &a, diag);
	if (ret)
		return ret;
	/* Cannot fail: the block is aligned and large enough. */
	ret = efivmap_boot_init(b, ops, plan, (void *)(uintptr_t)a.phys,
				(size_t)(a.pages << EFIVMAP_EFI_PAGE_SHIFT),
				diag);
	if (ret) {
		efivmap_free_aligned(ops, &a, NULL);
		return ret;
	}
	efivmap__copy(alloc, &a, sizeof(a));
	return 0;
}
