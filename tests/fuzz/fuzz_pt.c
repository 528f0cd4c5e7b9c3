// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Table building and verification from random range sets and
 * configurations.
 *
 * Input: an 8-byte header, then 12-byte ranges (at most 64):
 *	0   granule: 4K, 16K, 64K by b % 3
 *	1   va_bits 36 + b % 13, or b itself when b & 0x80
 *	2   pa_bits 32 + b % 17, or b itself when b & 0x80
 *	3   flags b & 7, or b itself when b & 0x80
 *	4   bits 0-1 MAIR: default, EDK2's, Linux's, or 8 bytes read after
 *	    the header; bits 2-3 regime (EL1&0, EL2, EL2&0; 3 is refused);
 *	    bit 4: the pool at the top of the PA space minus that many
 *	    pages instead of at the PA below; bits 5-6 both set: build
 *	    through a hostile allocator instead
 *	5   ranges in the first build (the rest go in a second build)
 *	6-7 pool physical page (so the pool start is rounded as in a PE image)
 *	8-15 the allocator's script (see evil_alloc), when it is used
 * range: va page (u32), pa page (u32), pages - 1 (u16), attrs (u8),
 *	shape (u8): bits 0-3 scale the size by 2^n, bit 4 aligns va and pa
 *	to 2 MiB, bit 5 makes pa = va, bit 6 misaligns va by 2 KiB, bit 7
 *	counts pa down from 2^64 (wrapping, beyond pa_bits).
 *
 * Checked: sizing is exact (the pool of that many tables is enough and
 * used up, one table less fails with -EFIVMAP_ERR_POOL and the right
 * count), a failed build leaves the tables in use (root and every table
 * taken) as they were, the pool is never
 * written outside its bytes (ASan, exact allocation), verification passes,
 * every leaf is nG, EL0-inaccessible and never device-executable, each
 * range's first and last page translate, a repeated build is a no-op, and
 * (for tables of at most MAX_DUMP_LEAVES leaves) the dump's lines are
 * short. A pool not below 2^pa_bits is refused, untouched. Through the
 * hostile allocator, whatever it hands back (any int, NULL, a table
 * handed out before or the root, misaligned pointers, addresses beyond
 * pa_bits, a to_ptr that disagrees), the build returns 0 with verified
 * tables or a library error, never an assertion, nothing outside the
 * allocator's memory is written, and efivmap_pt_release() gives back
 * each table in use exactly once. Inputs needing more than MAX_LEAVES leaves or MAX_POOL_BYTES of
 * tables are skipped: every check is linear in leaves and table entries,
 * and small runs let a short CI run explore.
 */
#define _POSIX_C_SOURCE 200112L  /* posix_memalign */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efivmap/pt.h"
#include "fuzz.h"
#include "pt_check.h"

#define MAX_RANGES 64
#define MAX_POOL_BYTES (UINT64_C(1) << 18)  /* keeps one run fast */
#define MAX_LEAVES 4096u  /* likewise: eight full 4K page tables */
#define MAX_DUMP_LEAVES 64u  /* each line is formatted alone */
#define EDK2_MAIR UINT64_C(0xFFBB4400)
#define LINUX_MAIR UINT64_C(0x040044f0ff)

static const uint32_t granules[3] = {
	EFIVMAP_PT_GRANULE_4K, EFIVMAP_PT_GRANULE_16K, EFIVMAP_PT_GRANULE_64K,
};

struct pool {
	uint8_t *mem;
	size_t size;
	uint64_t pa;
};

static void pool_get(struct pool *p, uint32_t granule, size_t tables,
		     uint64_t pa)
{
	p->size = EFIVMAP_PT_POOL_SIZE(granule, tables);
	if (posix_memalign((void **)&p->mem, 4096, p->size))
		abort();
	memset(p->mem, 0xA5, p->size);
	p->pa = pa;
}

/*
 * Bind @pt to pool @p, or show that a pool not below 2^pa_bits is
 * refused with @pt untouched (then the pool is freed and false returned).
 */
static bool pool_init(struct efivmap_pt *pt, const struct efivmap_pt_config *cfg,
		      struct pool *p)
{
	uint64_t top = UINT64_C(1) << cfg->pa_bits;
	struct efivmap_pt before;

	if (p->pa < top && p->size <= top - p->pa) {
		FZ_CHECK(efivmap_pt_init_pool(pt, cfg, p->mem, p->size, p->pa,
					      NULL) == 0);
		return true;
	}
	memset(pt, 0x33, sizeof(*pt));
	before = *pt;
	FZ_CHECK(efivmap_pt_init_pool(pt, cfg, p->mem, p->size, p->pa,
				      NULL) == -EFIVMAP_ERR_VA_BITS);
	FZ_CHECK(memcmp(pt, &before, sizeof(*pt)) == 0);
	free(p->mem);
	return false;
}

/* Returns the number of leaves; @stats: also hold the statistics to
 * them (a cursor pass of its own, made once per input). */
static uint64_t check_leaves(const struct efivmap_pt *pt, bool stats)
{
	struct efivmap_pt_stats st;
	struct ptc c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.regime = pt->cfg.regime;
	rc = efivmap_pt_for_each_leaf(pt, ptc_leaf, &c);
	if (c.bad) {
		fprintf(stderr, "leaf at 0x%llx: %s\n",
			(unsigned long long)c.bad_va, c.bad);
		abort();
	}
	FZ_CHECK(rc == 0);
	if (!stats)
		return c.leaves;
	FZ_CHECK(efivmap_pt_stats(pt, &st) == 0);
	FZ_CHECK(st.leaves == c.leaves && st.mapped_bytes == c.bytes);
	FZ_CHECK(st.tables == pt->used);
	FZ_CHECK(st.tlb_entries <= st.leaves);
	FZ_CHECK(st.wx_pages * 4096 == c.wx_bytes);
	return c.leaves;
}

static void check_ranges(const struct efivmap_pt *pt,
			 const struct efivmap_pt_range *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t last = r[i].size - 4096, pa = 0;
		struct efivmap_pt_leaf l;

		FZ_CHECK(efivmap_pt_walk(pt, r[i].va, &l, &pa) == 0);
		FZ_CHECK(pa == r[i].pa);
		FZ_CHECK(efivmap_pt_walk(pt, r[i].va + last, NULL, &pa) == 0);
		FZ_CHECK(pa == r[i].pa + last);
	}
}

static void sink(void *ctx, const char *line)
{
	(void)ctx;
	FZ_CHECK(strlen(line) < 256);
}

/* A copy of the tables in use: root and every table taken so far. Free
 * pool tables are scratch a failed build may use. */
struct live {
	struct efivmap_pt pt;
	uint8_t *tables;
};

static void live_save(struct live *l, const struct efivmap_pt *pt)
{
	l->pt = *pt;
	l->tables = fz_dup(pt->pool, pt->used << pt->shift);
}

static void live_same(struct live *l, const struct efivmap_pt *pt)
{
	FZ_CHECK(pt->used == l->pt.used && pt->root == l->pt.root);
	FZ_CHECK(memcmp(l->tables, pt->pool, pt->used << pt->shift) == 0);
	free(l->tables);
}

/* A pool one table short must be refused with the exact count, unchanged. */
static void check_short_pool(const struct efivmap_pt_config *cfg,
			     const struct efivmap_pt_input *in, size_t need,
			     uint64_t pool_pa)
{
	struct efivmap_pt pt;
	struct efivmap_diag diag;
	struct live l;
	struct pool p;
	int rc;

	if (need < 2)
		return;
	pool_get(&p, cfg->granule, need - 1, pool_pa);
	if (!pool_init(&pt, cfg, &p))
		return;
	live_save(&l, &pt);
	memset(&diag, 0, sizeof(diag));
	rc = efivmap_pt_build(&pt, in, &diag);
	FZ_CHECK(rc == -EFIVMAP_ERR_POOL);
	FZ_CHECK(pt.needed == need && diag.addr == need);
	live_same(&l, &pt);
	free(p.mem);
}

/*
 * Leaves the ranges need at most: pages up to the first block boundary
 * and after the last, blocks between (when VA and PA agree modulo the
 * block). Every check is linear in leaves, so inputs that would need more
 * than MAX_LEAVES are skipped to keep each run short; block-aligned
 * giants still get through.
 */
static uint64_t leaf_bound(uint32_t granule, const struct efivmap_pt_range *r,
			   size_t n)
{
	uint64_t block = granule == EFIVMAP_PT_GRANULE_4K ? UINT64_C(1) << 21 :
			 granule == EFIVMAP_PT_GRANULE_16K ? UINT64_C(1) << 25 :
			 UINT64_C(1) << 29;
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t start = r[i].va & ~(uint64_t)(granule - 1);
		uint64_t end = (r[i].va + r[i].size + granule - 1) &
			       ~(uint64_t)(granule - 1);
		uint64_t bs = (start + block - 1) & ~(block - 1);
		uint64_t be = end & ~(block - 1);

		if (((r[i].va ^ r[i].pa) & (block - 1)) || bs >= be)
			sum += (end - start) / granule;
		else
			sum += (bs - start) / granule + (be - bs) / block +
			       (end - be) / granule;
	}
	return sum;
}

static void run(const struct efivmap_pt_config *cfg,
		const struct efivmap_pt_range *r, size_t n, size_t split,
		uint64_t pool_pa)
{
	struct efivmap_pt_input all = { 0 }, first = { 0 }, second = { 0 };
	struct efivmap_pt pt;
	struct efivmap_diag diag;
	size_t need_all = 0, need1 = 0, need2 = 0, used;
	uint64_t leaves;
	struct pool p;
	uint8_t *snap;
	int rc_all, rc1, rc2, rc;

	all.ranges = r;
	all.nranges = n;
	first.ranges = r;
	first.nranges = split;
	second.ranges = r + split;
	second.nranges = n - split;
	rc_all = efivmap_pt_tables_needed(cfg, &all, &need_all, NULL);
	rc1 = efivmap_pt_tables_needed(cfg, &first, &need1, NULL);
	rc2 = efivmap_pt_tables_needed(cfg, &second, &need2, NULL);
	FZ_CHECK(rc_all <= 0 && rc1 <= 0 && rc2 <= 0);
	if (rc1 || (uint64_t)need1 * cfg->granule > MAX_POOL_BYTES) {
		if (rc1 && split) {
			/* The build rejects what sizing rejects, unchanged. */
			struct live l;

			pool_get(&p, cfg->granule, 2, pool_pa);
			if (!pool_init(&pt, cfg, &p))
				return;
			live_save(&l, &pt);
			memset(&diag, 0, sizeof(diag));
			rc = efivmap_pt_build(&pt, &first, &diag);
			FZ_CHECK(rc == rc1 && diag.err == rc);
			live_same(&l, &pt);
			free(p.mem);
		}
		return;
	}
	check_short_pool(cfg, &first, need1, pool_pa);

	/* Room for the first build exactly, or for both when splitting. */
	used = need1;
	if (split < n) {
		if (rc2 || (uint64_t)(need1 + need2) * cfg->granule >
		    MAX_POOL_BYTES)
			return;
		used = need1 + need2;
	}
	pool_get(&p, cfg->granule, used, pool_pa);
	if (!pool_init(&pt, cfg, &p))
		return;
	FZ_CHECK(pt.used == 1);
	rc = efivmap_pt_build(&pt, &first, &diag);
	FZ_CHECK(rc == 0);
	FZ_CHECK(pt.used == need1);
	FZ_CHECK(efivmap_pt_verify(&pt, &first, NULL) == 0);
	leaves = check_leaves(&pt, split == n);
	check_ranges(&pt, r, split);

	if (split < n) {
		struct live l;

		live_save(&l, &pt);
		memset(&diag, 0, sizeof(diag));
		rc = efivmap_pt_build(&pt, &second, &diag);
		if (rc) {
			/* Joining them may conflict; nothing changes then. */
			FZ_CHECK(rc == -EFIVMAP_ERR_CONFLICT ||
				 rc == -EFIVMAP_ERR_ATTR ||
				 rc == -EFIVMAP_ERR_POOL);
			FZ_CHECK(diag.err == rc);
			live_same(&l, &pt);
		} else {
			free(l.tables);
			FZ_CHECK(rc_all == 0);
			FZ_CHECK(efivmap_pt_verify(&pt, &all, NULL) == 0);
			leaves = check_leaves(&pt, true);
			check_ranges(&pt, r, n);
		}
		if (rc) {
			free(p.mem);
			return;
		}
	}

	/* Mapping the same again is a no-op. */
	snap = fz_dup(p.mem, p.size);
	used = pt.used;
	FZ_CHECK(efivmap_pt_build(&pt, &all, NULL) == 0);
	FZ_CHECK(pt.used == used);
	FZ_CHECK(memcmp(snap, p.mem, p.size) == 0);
	free(snap);

	/* The dump, the costliest check per leaf, formats each entry
	 * alone: a few dozen leaves show every shape of line. */
	if (leaves <= MAX_DUMP_LEAVES)
		FZ_CHECK(efivmap_pt_dump(&pt, sink, NULL) == 0);
	FZ_CHECK((efivmap_pt_ttbr0(&pt, 0) & 0xfff) == 0);
	FZ_CHECK(efivmap_pt_tcr_compatible(&pt, efivmap_pt_tcr(&pt)));
	free(p.mem);
}

/*
 * An allocator that misbehaves as its script says, one byte per call:
 * low 3 bits pick the misdeed, 0..3 hand out a fresh table.
 */
#define EVIL_TABLES 8u
#define GUARD 65536u  /* a whole 64K table either side */

struct evil {
	uint8_t *mem;            /* EVIL_TABLES tables, guards either side */
	uint32_t granule;
	uint64_t base_pa, pa_top;
	size_t used, calls;
	uint8_t script[8];
	uint32_t freed;          /* bit per table given back */
};

static int evil_alloc(void *ctx, void **table, uint64_t *pa)
{
	struct evil *e = ctx;
	uint8_t op = e->script[e->calls++ % 8];
	size_t i = e->used;

	if (e->used == EVIL_TABLES)
		return -EFIVMAP_ERR_NOSPACE;
	switch (op & 7u) {
	case 4:                  /* any int as the error */
		return (int)((uint32_t)op * 0x9e3779b9u) | 1;
	case 5:                  /* the table handed out last, or the root */
		i = e->used ? e->used - 1 : 0;
		break;
	case 6:                  /* misaligned pointer, or NULL */
		*table = op & 8 ? NULL : e->mem + i * e->granule + 4;
		*pa = e->base_pa + i * e->granule;
		e->used++;
		return 0;
	case 7:                  /* beyond pa_bits, or to_ptr disagrees */
		*table = e->mem + i * e->granule;
		*pa = op & 8 ? e->pa_top : e->base_pa + (i + 1) * e->granule;
		e->used++;
		return 0;
	default:
		e->used++;
		break;
	}
	*table = e->mem + i * e->granule;
	*pa = e->base_pa + i * e->granule;
	return 0;
}

static void *evil_to_ptr(void *ctx, uint64_t pa)
{
	struct evil *e = ctx;

	if (pa < e->base_pa || pa >= e->base_pa + EVIL_TABLES * e->granule)
		return NULL;
	return e->mem + (pa - e->base_pa);
}

/* efivmap_pt_release(): each table it took back once, and ours. */
static void evil_free(void *ctx, void *table, uint64_t pa)
{
	struct evil *e = ctx;
	uint64_t i = (pa - e->base_pa) / e->granule;

	FZ_CHECK(pa >= e->base_pa && i < EVIL_TABLES);
	FZ_CHECK(table == e->mem + i * e->granule);
	FZ_CHECK(!(e->freed & (UINT32_C(1) << i)));
	e->freed |= UINT32_C(1) << i;
}

static bool documented_build_error(int rc)
{
	return rc == -EFIVMAP_ERR_ALIGN || rc == -EFIVMAP_ERR_VA_BITS ||
	       rc == -EFIVMAP_ERR_CONFLICT || rc == -EFIVMAP_ERR_POOL ||
	       rc == -EFIVMAP_ERR_NOSPACE || rc == -EFIVMAP_ERR_ATTR ||
	       rc == -EFIVMAP_ERR_VERIFY || (rc < 0 && rc > -EFIVMAP_ERR_MAX);
}

/* Build @in through the hostile allocator: an error, or good tables. */
static void run_evil(const struct efivmap_pt_config *cfg,
		     const struct efivmap_pt_input *in, const uint8_t *script)
{
	struct efivmap_pt_mem_ops ops = { evil_alloc, evil_to_ptr, NULL,
					  evil_free };
	size_t bytes = (size_t)EVIL_TABLES * cfg->granule, i;
	struct efivmap_diag diag;
	struct efivmap_pt pt;
	struct evil e;
	uint8_t *raw;
	int rc;

	memset(&e, 0, sizeof(e));
	memset(&pt, 0, sizeof(pt));
	memcpy(e.script, script, sizeof(e.script));
	e.granule = cfg->granule;
	e.base_pa = UINT64_C(0x80000000);
	e.pa_top = UINT64_C(1) << cfg->pa_bits;
	/* guard zones either side; the tables are the library's to zero */
	if (posix_memalign((void **)&raw, cfg->granule, bytes + 2 * GUARD))
		abort();
	memset(raw, 0x5c, GUARD);
	memset(raw + GUARD + bytes, 0x5c, GUARD);
	e.mem = raw + GUARD;
	ops.ctx = &e;
	memset(&diag, 0, sizeof(diag));
	rc = efivmap_pt_init_ops(&pt, cfg, &ops, &diag);
	if (!rc) {
		memset(&diag, 0, sizeof(diag));
		rc = efivmap_pt_build(&pt, in, &diag);
		if (!rc)
			FZ_CHECK(efivmap_pt_verify(&pt, in, NULL) == 0);
	}
	FZ_CHECK(rc == 0 || (documented_build_error(rc) && diag.err == rc));
	FZ_CHECK(strcmp(efivmap_strerror(rc), "") != 0);
	/* every table linked in, root included, is given back once */
	if (pt.root) {
		size_t used = pt.used;

		FZ_CHECK(efivmap_pt_release(&pt) == (long)used);
		FZ_CHECK((size_t)__builtin_popcount(e.freed) == used);
	}
	/* guard bytes: nothing written outside the allocator's tables */
	for (i = 0; i < GUARD; i++)
		FZ_CHECK(raw[i] == 0x5c && raw[GUARD + bytes + i] == 0x5c);
	free(raw);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	uint8_t b0 = fz_u8(&f), b1 = fz_u8(&f), b2 = fz_u8(&f);
	uint8_t b3 = fz_u8(&f), b4 = fz_u8(&f), b5 = fz_u8(&f);
	uint64_t pool_page = fz_u16(&f), pool_pa;
	struct efivmap_pt_range r[MAX_RANGES];
	uint8_t script[8];
	struct efivmap_pt_config cfg;
	uint32_t granule = granules[b0 % 3];
	uint32_t va_bits = b1 & 0x80 ? b1 : 36u + b1 % 13u;
	uint32_t pa_bits = b2 & 0x80 ? b2 : 32u + b2 % 17u;
	uint32_t flags = b3 & 0x80 ? b3 : b3 & 7u;
	size_t n = 0;

	if (efivmap_pt_config_init(&cfg, granule, va_bits, pa_bits, flags)) {
		FZ_CHECK(va_bits < EFIVMAP_PT_VA_BITS_MIN ||
			 va_bits > EFIVMAP_PT_VA_BITS_MAX ||
			 pa_bits < EFIVMAP_PT_PA_BITS_MIN ||
			 pa_bits > EFIVMAP_PT_PA_BITS_MAX ||
			 (flags & ~EFIVMAP_PT_CFG_ALL));
		return 0;
	}
	if (efivmap_pt_config_set_regime(&cfg, (b4 >> 2) & 3u)) {
		FZ_CHECK(((b4 >> 2) & 3u) >= EFIVMAP_PT_REGIME_COUNT);
		return 0;
	}
	pool_pa = (b4 >> 4) & 1u ?
		  (UINT64_C(1) << pa_bits) - (pool_page << 12) :
		  UINT64_C(0x40000000) + (pool_page << 12);
	switch (b4 % 4) {
	case 1:
		FZ_CHECK(efivmap_pt_config_set_mair(&cfg, EDK2_MAIR) == 0);
		break;
	case 2:
		FZ_CHECK(efivmap_pt_config_set_mair(&cfg, LINUX_MAIR) == 0);
		break;
	case 3:
		(void)efivmap_pt_config_set_mair(&cfg, fz_u64(&f));
		break;
	}
	for (n = 0; n < sizeof(script); n++)
		script[n] = fz_u8(&f);
	n = 0;
	while (f.n >= 12 && n < MAX_RANGES) {
		uint64_t va = (uint64_t)fz_u32(&f) << 12;
		uint64_t pa = (uint64_t)fz_u32(&f) << 12;
		uint64_t size = ((uint64_t)fz_u16(&f) + 1) << 12;
		uint8_t attrs = fz_u8(&f), shape = fz_u8(&f);

		size <<= shape & 15u;
		if (shape & 0x10) {
			va &= ~((UINT64_C(2) << 20) - 1);
			pa &= ~((UINT64_C(2) << 20) - 1);
		}
		if (shape & 0x20)
			pa = va;
		if (shape & 0x40)
			va += 0x800;
		if (shape & 0x80)
			pa = 0 - pa;
		r[n].va = va;
		r[n].pa = pa;
		r[n].size = size;
		r[n].attrs = attrs & 0x3fu;
		n++;
	}
	if (leaf_bound(granule, r, n) > MAX_LEAVES)
		return 0;
	if (((b4 >> 5) & 3u) == 3u) {     /* a quarter of the inputs */
		struct efivmap_pt_input in = { .ranges = r, .nranges = n };

		run_evil(&cfg, &in, script);
		return 0;
	}
	run(&cfg, r, n, b5 <= n ? b5 : n, pool_pa);
	return 0;
}
