// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* The self-check's loop: sampled pages of every leaf, judged one by one. */
#include "internal.h"
#include "efivmap/arch.h"
#include "efivmap/pt.h"
#include "probe_internal.h"

struct run {
	const struct efivmap_pt *pt;
	uint32_t op_read, op_write, max;
	efivmap_probe_at_fn at;
	void *ctx;
	struct efivmap_probe_report *rep;
};

static void record(struct run *r, uint64_t va, uint32_t why, uint64_t pr,
		   uint64_t pw)
{
	struct efivmap_pt_leaf l;
	uint64_t pa;

	r->rep->va = va;
	r->rep->why = why;
	r->rep->par_read = pr;
	r->rep->par_write = pw;
	if (efivmap_pt_walk(r->pt, va, &l, &pa) == 0) {
		r->rep->pa = pa;
		r->rep->attrs = l.attrs;
	}
}

static int probe_leaf(void *ctx, const struct efivmap_pt_leaf *l)
{
	struct run *r = ctx;
	uint32_t g = r->pt->cfg.granule, why;
	uint64_t n = efivmap__probe_count(l, g, r->max), i, va, pr, pw;
	int e;

	for (i = 0; i < n; i++) {
		va = efivmap__probe_va(l, g, n, i);
		pr = r->at(r->ctx, r->op_read, va);
		pw = r->at(r->ctx, r->op_write, va);
		e = efivmap_probe_judge(r->pt, va, pr, pw, &why);
		r->rep->checked++;
		if (e) {
			record(r, va, why, pr, pw);
			return e;
		}
	}
	return 0;
}

int efivmap_probe_run(const struct efivmap_pt *pt, uint32_t op_read,
		      uint32_t op_write, uint32_t max, efivmap_probe_at_fn at,
		      void *ctx, struct efivmap_probe_report *rep)
{
	struct run r = { pt, op_read, op_write, max, at, ctx, rep };

	if (!pt || !at || !rep || max < 2 || max > EFIVMAP_PROBE_MAX_SAMPLES)
		return -EFIVMAP_ERR_INVAL;
	efivmap__zero(rep, sizeof(*rep));
	return efivmap_pt_for_each_leaf(pt, probe_leaf, &r);
}
