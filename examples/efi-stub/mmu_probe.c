// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
#include <efivmap/arch.h>
#include <efivmap/mmap.h>
#include <efivmap/pt.h>
#include "mmu_probe.h"
#include "out.h"

struct probe_job {
	const struct efivmap_pt *ref;
	uint32_t max, rd, wr;
	int sel, err;
	struct efivmap_probe_report rep;
};

/* Runs with the tables live (tables_call): nothing printed here. */
static void probe_live(void *arg)
{
	struct probe_job *j = arg;
	struct efivmap_arch_live live;

	efivmap_arch_read_live(&live);
	j->sel = efivmap_probe_select(j->ref, live.current_el, &j->rd,
				      &j->wr);
	if (!j->sel)
		j->err = efivmap_probe_run(j->ref, j->rd, j->wr, j->max,
					   efivmap_arch_probe_at, NULL,
					   &j->rep);
}

static void print_why(uint32_t why)
{
	static const char *const names[] = { "readable", "writable",
					     "output address", "memory type" };
	unsigned int i, n = 0;

	for (i = 0; i < 4; i++)
		if (why & (1u << i))
			out_printf("%s%s", n++ ? ", " : "", names[i]);
	if (!n)
		out_printf("corrupt table descriptor");
}

int mmu_probe(const struct stub_tables *t, const struct efivmap_pt *ref,
	      const char *ref_name, unsigned int max)
{
	struct probe_job j = { 0 };
	struct efivmap_pt_stats st = { 0 };

	j.ref = ref;
	j.max = max < 2 ? 2 : max > EFIVMAP_PROBE_MAX_SAMPLES ?
		EFIVMAP_PROBE_MAX_SAMPLES : max;
	j.sel = -EFIVMAP_ERR_INVAL;
	if (tables_call(t, probe_live, &j))
		return -1;
	if (j.sel) {
		out_printf("mmu-probe: %s: %s\n", t->name,
			   efivmap_strerror(j.sel));
		return -1;
	}
	efivmap_pt_stats(ref, &st);
	out_printf("mmu-probe: %s against %s: %lu leaves, %lu VAs (at most "
		   "%u per leaf) by AT S1E%uR/W", t->name, ref_name,
		   st.leaves, j.rep.checked, j.max, j.rd >= 2 ? 2u : 1u);
	if (!j.err) {
		out_printf(", 0 mismatches\n");
		return 0;
	}
	out_printf(", mismatch at VA 0x%lx (", j.rep.va);
	print_why(j.rep.why);
	out_printf("): PAR read 0x%lx write 0x%lx, walk PA 0x%lx attrs "
		   "0x%x; the check stops there\n", j.rep.par_read,
		   j.rep.par_write, j.rep.pa, j.rep.attrs);
	return -1;
}

/* The descriptor that maps @va at @level, through the pool's tables. */
static uint64_t *leaf_slot(const struct efivmap_pt *pt, uint64_t va,
			   unsigned int level)
{
	unsigned int bits = pt->shift - 3u, lv;
	uint64_t *t = pt->root, d, idx, pa;
	uint64_t mask = UINT64_C(0x0000ffffffffffff) &
			~((UINT64_C(1) << pt->shift) - 1);

	for (lv = pt->start_level; lv <= 3; lv++) {
		idx = (va >> (pt->shift + (3u - lv) * bits)) &
		      ((UINT64_C(1) << bits) - 1);
		if (lv == level)
			return &t[idx];
		d = t[idx];
		pa = d & mask;
		t = (uint64_t *)(void *)(pt->pool + (pa - pt->pool_pa));
	}
	return NULL;
}

struct mutate_ctx {
	const struct efivmap_mmap *map;
	struct efivmap_pt_leaf leaf;
	int found;
};

static int runtime_leaf(void *arg, const struct efivmap_pt_leaf *l)
{
	struct mutate_ctx *c = arg;
	struct efivmap_efi_desc *d;
	size_t i;

	/* Writable, and alone: a contiguous run must stay uniform. */
	if (!(l->attrs & EFIVMAP_PT_ATTR_W) || l->contig)
		return 0;
	efivmap_mmap_for_each(c->map, i, d) {
		if (efivmap_desc_is_runtime(d) && l->va >= d->virt_start &&
		    l->va - d->virt_start < efivmap_desc_bytes(d)) {
			c->leaf = *l;
			c->found = 1;
			return 1;
		}
	}
	return 0;
}

uint64_t mmu_probe_mutate(struct stub_tables *t,
			  const struct efivmap_mmap *map)
{
	struct mutate_ctx c = { map, { 0 }, 0 };
	uint64_t *slot;

	efivmap_pt_for_each_leaf(&t->pt, runtime_leaf, &c);
	if (!c.found)
		return 0;
	slot = leaf_slot(&t->pt, c.leaf.va, c.leaf.level);
	if (!slot || *slot != c.leaf.desc)
		return 0;
	*slot |= UINT64_C(1) << 7;	/* AP[2]: read-only */
	__asm__ volatile("dsb ishst" ::: "memory");
	out_printf("NEGATIVE: probe_mutate: %s: leaf at VA 0x%lx (level %u) "
		   "made read-only after the build: descriptor 0x%lx -> "
		   "0x%lx\n", t->name, c.leaf.va, c.leaf.level, c.leaf.desc,
		   *slot);
	return c.leaf.va;
}
