// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Layout tests: LINUX against the captured SetVirtualAddressMap inputs,
 * OPTIMAL's placement and its cost against LINUX, FLAT, randomization,
 * the window, the kexec check and the mode policy.
 *
 * The table and TLB figures here come from a model written for the tests
 * (every leaf enumerated, then counted), independent of the planner's own
 * span counter.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "efivmap/efivmap.h"
#include "testlib.h"

#define RT   EFIVMAP_EFI_MEMORY_RUNTIME
#define WB   EFIVMAP_EFI_MEMORY_WB
#define UC   EFIVMAP_EFI_MEMORY_UC
#define CODE EFIVMAP_EFI_RUNTIME_SERVICES_CODE
#define DATA EFIVMAP_EFI_RUNTIME_SERVICES_DATA
#define MMIO EFIVMAP_EFI_MMIO
#define CONV EFIVMAP_EFI_CONVENTIONAL
#define BSD  EFIVMAP_EFI_BOOT_SERVICES_DATA

#define K64  UINT64_C(0x10000)
#define M2   UINT64_C(0x200000)
#define M32  UINT64_C(0x2000000)
#define M512 UINT64_C(0x20000000)
#define G1   UINT64_C(0x40000000)

static const size_t strides[] = { 40, 48, 64 };
static const uint32_t strategies[] = {
	EFIVMAP_LAYOUT_OPTIMAL, EFIVMAP_LAYOUT_LINUX, EFIVMAP_LAYOUT_FLAT,
};

/* ------------------------------------------------------------------ */
/* Maps                                                                */
/* ------------------------------------------------------------------ */

/* An owned copy of a descriptor array and the validated view on it. */
struct lmap {
	uint8_t *buf;
	size_t size;
	size_t desc_size;
	struct efivmap_mmap map;
};

static void lmap_set(struct lmap *l, const void *descs, size_t size,
		     size_t desc_size)
{
	l->buf = aligned_alloc(8, size + 8);
	assert_non_null(l->buf);
	if (size)
		memcpy(l->buf, descs, size);
	l->size = size;
	l->desc_size = desc_size;
	assert_int_equal(efivmap_mmap_init(&l->map, l->buf, size, desc_size,
					   1, NULL), 0);
}

static void lmap_free(struct lmap *l)
{
	free(l->buf);
	l->buf = NULL;
}

static void lmap_copy(struct lmap *dst, const struct lmap *src)
{
	lmap_set(dst, src->buf, src->size, src->desc_size);
}

static struct efivmap_efi_desc *desc(const struct lmap *l, size_t i)
{
	return efivmap_mmap_get(&l->map, i);
}

static size_t count(const struct lmap *l)
{
	return l->map.count;
}

static bool is_rt(const struct efivmap_efi_desc *d)
{
	return efivmap_desc_is_runtime(d);
}

/* The VirtualStart of each runtime descriptor, in map order. */
static void assert_rt_vas(const struct lmap *l, const uint64_t *want)
{
	size_t i, k = 0;

	for (i = 0; i < count(l); i++)
		if (is_rt(desc(l, i)))
			assert_int_equal(desc(l, i)->virt_start, want[k++]);
}

/* The same descriptors at another stride; padding filled with 0xA5. */
static void lmap_restride(struct lmap *dst, const struct lmap *src,
			  size_t desc_size)
{
	size_t i, n = count(src);
	uint8_t *b = malloc(n * desc_size + 8);

	assert_non_null(b);
	memset(b, 0xA5, n * desc_size);
	for (i = 0; i < n; i++)
		memcpy(b + i * desc_size, desc(src, i), 40);
	lmap_set(dst, b, n * desc_size, desc_size);
	free(b);
}

static void lmap_from_tl(struct lmap *l, struct tl_map *m)
{
	lmap_set(l, m->buf, tl_map_size(m), m->desc_size);
	tl_map_free(m);
}

/* "# desc_size N" from a capture's text header. */
static size_t capture_desc_size(const char *stem)
{
	char name[256];
	size_t n = 0;
	char *t, *p;

	snprintf(name, sizeof(name), "captured/%s.txt", stem);
	t = tl_read_data(name, NULL);
	p = strstr(t, "# desc_size ");
	assert_non_null(p);
	n = strtoul(p + 12, NULL, 10);
	free(t);
	return n;
}

static void load_capture(struct lmap *l, const char *stem)
{
	char name[256];
	size_t size, ds = capture_desc_size(stem);
	void *b;

	snprintf(name, sizeof(name), "captured/%s.bin", stem);
	b = tl_read_data(name, &size);
	lmap_set(l, b, size, ds);
	free(b);
}

/* Capture stems ("edk2-aavmf-1G-ebs") whose .bin ends in @suffix. */
static char **list_captured(const char *suffix)
{
	char **names = tl_list_captured(suffix);
	size_t pre = strlen("captured/");

	for (char **p = names; *p; p++) {
		size_t len = strlen(*p);

		assert_true(len > pre + 4);
		memmove(*p, *p + pre, len - pre - 4);
		(*p)[len - pre - 4] = '\0';   /* without "captured/" and ".bin" */
	}
	return names;
}

/* A text dump through the library's own reader, at @desc_size. */
static void load_text(struct lmap *l, const char *name, size_t desc_size)
{
	struct efivmap_text_info info;
	size_t len;
	char *t = tl_read_data(name, &len);
	void *out;

	assert_int_equal(efivmap_text_parse(t, len, EFIVMAP_TEXT_AUTO, NULL, 0,
					    desc_size, &info, NULL),
			 -EFIVMAP_ERR_NOSPACE);
	out = aligned_alloc(8, info.needed + 8);
	assert_non_null(out);
	assert_int_equal(efivmap_text_parse(t, len, EFIVMAP_TEXT_AUTO, out,
					    info.needed, desc_size, &info,
					    NULL), 0);
	lmap_set(l, out, info.needed, desc_size);
	free(out);
	free(t);
}

/* Every real map: the text dumps and the captured firmware maps. */
struct real_maps {
	struct lmap m[64];
	char name[64][96];
	size_t n;
};

static void load_real_maps(struct real_maps *r, size_t desc_size)
{
	char **names = tl_list_data(".txt");
	char **caps = list_captured(".bin");
	struct lmap raw;

	r->n = 0;
	for (char **p = names; *p; p++) {
		load_text(&r->m[r->n], *p, desc_size);
		snprintf(r->name[r->n++], 96, "%s", *p);
	}
	for (char **p = caps; *p; p++) {
		/* MAT entries are no memory map; vmap holds only results. */
		if (strstr(*p, "-mat") || strstr(*p, "-vmap"))
			continue;
		load_capture(&raw, *p);
		lmap_restride(&r->m[r->n], &raw, desc_size);
		lmap_free(&raw);
		snprintf(r->name[r->n++], 96, "captured/%s", *p);
	}
	assert_true(r->n >= 18 + 8);
	tl_free_names(names);
	tl_free_names(caps);
}

static void free_real_maps(struct real_maps *r)
{
	for (size_t i = 0; i < r->n; i++)
		lmap_free(&r->m[i]);
}

static uint64_t checksum(const struct lmap *l)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (size_t i = 0; i < l->size; i++)
		h = (h ^ l->buf[i]) * UINT64_C(0x100000001b3);
	return h;
}

static void cfg_for(struct efivmap_layout_cfg *c, uint32_t strategy)
{
	efivmap_layout_cfg_init(c);
	c->strategy = strategy;
}

static int plan(struct lmap *l, uint32_t strategy)
{
	struct efivmap_layout_cfg c;

	cfg_for(&c, strategy);
	return efivmap_layout_plan(&l->map, &c, NULL);
}

/* A small deterministic generator for random maps and seeds. */
static uint64_t rng_next(uint64_t *s)
{
	*s = *s * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
	return *s >> 17;
}

static uint64_t rng_range(uint64_t *s, uint64_t lo, uint64_t hi,
			  uint64_t align)
{
	return lo + (rng_next(s) % ((hi - lo) / align)) * align;
}

/*
 * Runtime regions of the shapes real firmware produces: U-Boot's single
 * pages between boot memory, EDK2's 64 KiB aligned drivers, large aligned
 * and unaligned regions, small and large MMIO. Unsorted half the time,
 * EDK2 style (MMIO appended) the other half.
 */
static void random_map(struct lmap *l, uint64_t *s, size_t desc_size,
		       size_t want)
{
	struct tl_map m;
	uint64_t used[64][2];
	size_t n = 0, tries = 0, i;

	tl_map_init(&m, desc_size);
	while (n < want && n < 64 && tries++ < 1000) {
		uint64_t k = rng_next(s) % 10, pa, pages;
		uint32_t type;
		bool ok = true;

		if (k < 3) {
			static const uint64_t p[] = { 1, 1, 2, 3, 4, 7, 18 };

			pa = rng_range(s, 0x40000000, 0x48000000, 0x1000);
			pages = p[rng_next(s) % 7];
			type = DATA;
		} else if (k < 6) {
			pa = rng_range(s, 0x40000000, 0x48000000, K64);
			pages = 16 * (1 + rng_next(s) % 64);
			type = rng_next(s) & 1 ? CODE : DATA;
		} else if (k < 7) {
			pa = rng_range(s, 0x40000000, 0x80000000, M2);
			pages = 512 * (1 + rng_next(s) % 4);
			type = rng_next(s) & 1 ? CODE : EFIVMAP_EFI_RESERVED;
		} else if (k < 8) {
			pa = rng_range(s, 0x40000000, 0x80000000, 0x1000);
			pages = 300 + rng_next(s) % 4000;
			type = rng_next(s) & 1 ? DATA : EFIVMAP_EFI_RESERVED;
		} else if (k < 9) {
			pa = rng_range(s, 0x1000000, 0x10000000, 0x1000);
			pages = 1 + rng_next(s) % 17;
			type = MMIO;
		} else {
			static const uint64_t z[] = { 16 << 20, 64 << 20,
						      128 << 20, M512, G1 };
			uint64_t sz = z[rng_next(s) % 5];

			pa = rng_range(s, 0, UINT64_C(0x400000000), sz);
			pages = sz >> 12;
			type = MMIO;
		}
		for (i = 0; i < n; i++)
			if (pa < used[i][1] && used[i][0] < pa + (pages << 12))
				ok = false;
		if (!ok)
			continue;
		used[n][0] = pa;
		used[n][1] = pa + (pages << 12);
		tl_map_add(&m, type, pa, pages,
			   RT | (type == MMIO ? UC : WB));
		n++;
	}
	/* A few non-runtime neighbours that must stay untouched. */
	tl_map_add(&m, CONV, UINT64_C(0x800000000), 0x100, WB);
	tl_map_add(&m, BSD, UINT64_C(0x900000000), 3, WB);
	if (rng_next(s) & 1) {
		/* Fisher-Yates over whole strides. */
		uint8_t tmp[64];

		for (i = m.count - 1; i > 0; i--) {
			size_t j = rng_next(s) % (i + 1);

			memcpy(tmp, m.buf + i * desc_size, desc_size);
			memcpy(m.buf + i * desc_size, m.buf + j * desc_size,
			       desc_size);
			memcpy(m.buf + j * desc_size, tmp, desc_size);
		}
	}
	lmap_from_tl(l, &m);
}

/* ------------------------------------------------------------------ */
/* Properties every strategy keeps                                     */
/* ------------------------------------------------------------------ */

static uint64_t window_hi(const struct efivmap_layout_cfg *c)
{
	uint64_t top = UINT64_C(1) << c->va_bits;

	return c->limit < top ? c->limit : top;
}

static bool va_pages_conflict(const struct efivmap_efi_desc *a,
			      const struct efivmap_efi_desc *b)
{
	uint64_t a0 = a->virt_start & ~(K64 - 1);
	uint64_t a1 = (a->virt_start + efivmap_desc_bytes(a) - 1) | (K64 - 1);
	uint64_t b0 = b->virt_start & ~(K64 - 1);
	uint64_t b1 = (b->virt_start + efivmap_desc_bytes(b) - 1) | (K64 - 1);

	return a0 <= b1 && b0 <= a1 &&
	       a->virt_start - a->phys_start != b->virt_start - b->phys_start;
}

static int cmp_pair(const void *x, const void *y)
{
	const uint64_t *a = x, *b = y;

	return a[0] < b[0] ? -1 : a[0] > b[0];
}

static bool va_ascends_with_pa(const struct lmap *l)
{
	uint64_t (*p)[2] = malloc((count(l) + 1) * sizeof(*p));
	size_t i, n = 0;
	bool ok = true;

	assert_non_null(p);
	for (i = 0; i < count(l); i++)
		if (is_rt(desc(l, i))) {
			p[n][0] = desc(l, i)->phys_start;
			p[n++][1] = desc(l, i)->virt_start;
		}
	qsort(p, n, sizeof(*p), cmp_pair);
	for (i = 1; i < n; i++)
		if (p[i][1] <= p[i - 1][1])
			ok = false;
	free(p);
	return ok;
}

static bool same_runtime_vas(const struct lmap *a, const struct lmap *b)
{
	for (size_t i = 0; i < count(a); i++)
		if (is_rt(desc(a, i)) &&
		    desc(a, i)->virt_start != desc(b, i)->virt_start)
			return false;
	return true;
}

/* layout_optimal.c's FILL_LIMIT: above it OPTIMAL keeps PA order. */
#define FILL_LIMIT 4096

static size_t count_rt(const struct lmap *l)
{
	size_t n = 0;

	for (size_t i = 0; i < count(l); i++)
		n += is_rt(desc(l, i));
	return n;
}

/* The largest block a region fully covers an aligned chunk of. */
static uint64_t chunk_align(uint64_t pa, uint64_t last)
{
	static const uint64_t sizes[] = {
		UINT64_C(1) << 34, G1, M512, M32, M2,
	};

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		uint64_t s = sizes[k], c;

		if (pa > UINT64_MAX - (s - 1))
			continue;
		c = (pa + s - 1) & ~(s - 1);
		if (c <= last && last - c >= s - 1)
			return s;
	}
	return K64;
}

/*
 * OPTIMAL's own rules, whatever order it placed clusters in: regions
 * whose 64 KiB frames overlap or touch share one VA - PA, and each keeps
 * VA == PA modulo the largest block it fully covers. NULL when they hold.
 */
static const char *optimal_rule_broken(const struct lmap *l)
{
	uint64_t (*p)[3] = malloc((count(l) + 1) * sizeof(*p));
	const char *why = NULL;
	size_t i, n = 0;

	assert_non_null(p);
	for (i = 0; i < count(l); i++) {
		const struct efivmap_efi_desc *d = desc(l, i);

		if (!is_rt(d))
			continue;
		p[n][0] = d->phys_start;
		p[n][1] = efivmap_desc_last(d);
		p[n++][2] = d->virt_start;
	}
	qsort(p, n, sizeof(*p), cmp_pair);
	for (i = 0; i < n && !why; i++) {
		uint64_t a = chunk_align(p[i][0], p[i][1]);
		uint64_t f = p[i][0] & ~(K64 - 1), e;

		if ((p[i][2] - p[i][0]) & (a - 1))
			why = "VA != PA modulo the largest block covered";
		if (!i)
			continue;
		e = p[i - 1][1] | (K64 - 1);
		if ((f <= e || f - 1 == e) &&
		    p[i][2] - p[i][0] != p[i - 1][2] - p[i - 1][0])
			why = "touching frames with different VA - PA";
	}
	free(p);
	return why;
}

/*
 * Plan @src with @c on a copy and check everything a layout promises:
 * the runtime count, untouched non-runtime descriptors and fields,
 * VA == PA mod 64 KiB, the window, no conflicting 64 KiB VA page, the
 * kexec check, determinism, and OPTIMAL's own rules, with PA order on
 * maps too large to fill (or its documented fallback to LINUX's
 * placement).
 */
static void check_props(const struct lmap *src,
			const struct efivmap_layout_cfg *c, const char *what)
{
	const char *name = efivmap_layout_strategy_name(c->strategy);
	struct lmap a, b;
	size_t i, j, rt = 0, ds = src->desc_size;
	int ret;

	lmap_copy(&a, src);
	lmap_copy(&b, src);
	ret = efivmap_layout_plan(&a.map, c, NULL);
	if (ret < 0)
		fail_msg("%s: %s plan failed %d", what, name, ret);
	for (i = 0; i < count(src); i++) {
		const struct efivmap_efi_desc *s = desc(src, i);
		const struct efivmap_efi_desc *d = desc(&a, i);
		const uint8_t *sb = (const uint8_t *)s;
		const uint8_t *db = (const uint8_t *)d;

		if (!is_rt(s)) {
			assert_memory_equal(sb, db, ds);
			continue;
		}
		rt++;
		assert_memory_equal(sb, db, 16);
		assert_memory_equal(sb + 24, db + 24, ds - 24);
		assert_int_equal((d->virt_start - d->phys_start) % K64, 0);
		if (c->strategy == EFIVMAP_LAYOUT_FLAT) {
			assert_int_equal(d->virt_start, d->phys_start);
		} else {
			assert_true((d->virt_start & ~(K64 - 1)) >= c->base);
			assert_true(d->virt_start + efivmap_desc_bytes(d) <=
				    window_hi(c));
		}
		for (j = 0; j < i; j++)
			if (is_rt(desc(&a, j)) &&
			    va_pages_conflict(desc(&a, j), d))
				fail_msg("%s: %s: %zu and %zu share a VA page",
					 what, name, j, i);
	}
	assert_int_equal(ret, (int)rt);
	assert_int_equal(efivmap_layout_check(&a.map, c, NULL), ret);

	/* Same input, same bytes. */
	assert_int_equal(efivmap_layout_plan(&b.map, c, NULL), ret);
	assert_memory_equal(a.buf, b.buf, a.size);

	if (c->strategy == EFIVMAP_LAYOUT_OPTIMAL) {
		struct efivmap_layout_cfg lc = *c;
		const char *why;

		lmap_free(&b);
		lmap_copy(&b, src);
		lc.strategy = EFIVMAP_LAYOUT_LINUX;
		assert_int_equal(efivmap_layout_plan(&b.map, &lc, NULL), ret);
		why = optimal_rule_broken(&a);
		if (why && !same_runtime_vas(&a, &b))
			fail_msg("%s: OPTIMAL neither LINUX's nor its own: %s",
				 what, why);
		/* Too large to fill: PA order, or the fallback. */
		if (count(src) * count_rt(src) > FILL_LIMIT &&
		    !va_ascends_with_pa(&a) && !same_runtime_vas(&a, &b))
			fail_msg("%s: large map, OPTIMAL out of PA order",
				 what);
	}
	lmap_free(&a);
	lmap_free(&b);
}

static void check_all_strategies(const struct lmap *m, const char *what)
{
	struct efivmap_layout_cfg c;

	for (size_t s = 0; s < 3; s++) {
		cfg_for(&c, strategies[s]);
		check_props(m, &c, what);
		c.randomize = true;
		c.seed = UINT64_C(0x9e3779b97f4a7c15);
		check_props(m, &c, what);
		c.va_bits = 39;
		c.seed = 7;
		check_props(m, &c, what);
	}
}

/* ------------------------------------------------------------------ */
/* A table and TLB model for the tests                                 */
/* ------------------------------------------------------------------ */

struct gran {
	unsigned shift;     /* page size */
	unsigned blocks;    /* levels whose entries may be blocks */
	unsigned cont[4];   /* contiguous-hint run length per level */
};

static const struct gran grans[3] = {
	{ 12, 0x6, { 0, 16, 16, 16 } },
	{ 14, 0x4, { 0, 0, 32, 128 } },
	{ 16, 0x4, { 0, 0, 32, 32 } },
};

static unsigned eshift(const struct gran *g, unsigned level)
{
	return g->shift + (g->shift - 3) * (3 - level);
}

static unsigned root_level(const struct gran *g, unsigned va_bits)
{
	unsigned n = (va_bits - g->shift + g->shift - 4) / (g->shift - 3);

	return n >= 4 ? 0 : 4 - n;
}

struct leaf {
	unsigned level;
	uint64_t va;
	uint64_t pa;
};

struct leaves {
	struct leaf *v;
	size_t n, cap;
};

static void add_leaf(struct leaves *ls, unsigned level, uint64_t va,
		     uint64_t pa)
{
	if (ls->n == ls->cap) {
		ls->cap = ls->cap ? 2 * ls->cap : 1024;
		ls->v = realloc(ls->v, ls->cap * sizeof(*ls->v));
		assert_non_null(ls->v);
	}
	ls->v[ls->n].level = level;
	ls->v[ls->n].va = va;
	ls->v[ls->n++].pa = pa;
}

/* Greedy leaves of one region: the largest block that fits, else a page. */
static void region_leaves(struct leaves *ls, const struct gran *g,
			  const struct efivmap_efi_desc *d, bool pages_only)
{
	uint64_t page = UINT64_C(1) << g->shift;
	uint64_t delta = d->virt_start - d->phys_start;
	uint64_t a = d->virt_start & ~(page - 1);
	uint64_t b = (d->virt_start + efivmap_desc_bytes(d) + page - 1) &
		     ~(page - 1);

	while (a < b) {
		unsigned level;
		bool done = false;

		for (level = 1; level <= 2 && !pages_only; level++) {
			uint64_t bs = UINT64_C(1) << eshift(g, level);

			if (!(g->blocks >> level & 1))
				continue;
			if (!(a & (bs - 1)) && !((a - delta) & (bs - 1)) &&
			    b - a >= bs) {
				add_leaf(ls, level, a, a - delta);
				a += bs;
				done = true;
				break;
			}
		}
		if (!done) {
			add_leaf(ls, 3, a, a - delta);
			a += page;
		}
	}
}

static int cmp_leaf(const void *x, const void *y)
{
	const struct leaf *a = x, *b = y;

	if (a->level != b->level)
		return a->level < b->level ? -1 : 1;
	return a->va < b->va ? -1 : a->va > b->va;
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

struct cost {
	size_t tables;
	size_t tlb;
};

/*
 * Linux's policy page-maps runtime code and data and uses no contiguous
 * hint; ours uses blocks for every region and counts a contiguous run as
 * one TLB entry.
 */
static struct cost model(const struct lmap *l, const struct gran *g,
			 unsigned va_bits, bool linux_policy)
{
	struct leaves ls = { 0 };
	struct cost c = { 1, 0 };
	unsigned root = root_level(g, va_bits);
	uint64_t *spans;
	size_t i, n = 0, k;

	for (i = 0; i < count(l); i++) {
		const struct efivmap_efi_desc *d = desc(l, i);

		if (is_rt(d))
			region_leaves(&ls, g, d, linux_policy &&
				      (d->type == CODE || d->type == DATA));
	}
	qsort(ls.v, ls.n, sizeof(*ls.v), cmp_leaf);
	/* One translation per VA: shared pages must agree. */
	for (i = 0, k = 0; i < ls.n; i++) {
		if (k && ls.v[k - 1].level == ls.v[i].level &&
		    ls.v[k - 1].va == ls.v[i].va) {
			assert_int_equal(ls.v[k - 1].pa, ls.v[i].pa);
			continue;
		}
		ls.v[k++] = ls.v[i];
	}
	ls.n = k;

	spans = malloc((ls.n * 4 + 1) * sizeof(*spans));
	assert_non_null(spans);
	for (i = 0; i < ls.n; i++)
		for (unsigned lv = root + 1; lv <= ls.v[i].level; lv++)
			spans[n++] = (uint64_t)lv << 58 |
				     ls.v[i].va >> eshift(g, lv - 1);
	qsort(spans, n, sizeof(*spans), cmp_u64);
	for (i = 0; i < n; i++)
		if (!i || spans[i] != spans[i - 1])
			c.tables++;
	free(spans);

	for (i = 0; i < ls.n; i = k) {
		const struct leaf *f = &ls.v[i];
		unsigned run = linux_policy ? 1 : g->cont[f->level];
		uint64_t span = (UINT64_C(1) << eshift(g, f->level)) *
				(run ? run : 1);
		uint64_t grp = f->va / span;
		bool whole = run > 1 && !((f->va - f->pa) & (span - 1));

		for (k = i + 1; k < ls.n && ls.v[k].level == f->level &&
		     ls.v[k].va / span == grp; k++)
			if (ls.v[k].va - ls.v[k].pa != f->va - f->pa)
				whole = false;
		if (whole && k - i == run)
			c.tlb += 1;
		else
			c.tlb += k - i;
	}
	free(ls.v);
	return c;
}

/* OPTIMAL under our policy never costs more than LINUX under Linux's. */
static void assert_not_costlier(const struct lmap *src, unsigned va_bits,
				const char *what)
{
	struct efivmap_layout_cfg c;
	struct lmap o, l;

	lmap_copy(&o, src);
	lmap_copy(&l, src);
	cfg_for(&c, EFIVMAP_LAYOUT_OPTIMAL);
	c.va_bits = va_bits;
	assert_true(efivmap_layout_plan(&o.map, &c, NULL) >= 0);
	c.strategy = EFIVMAP_LAYOUT_LINUX;
	assert_true(efivmap_layout_plan(&l.map, &c, NULL) >= 0);
	for (size_t g = 0; g < 3; g++) {
		struct cost co = model(&o, &grans[g], va_bits, false);
		struct cost cl = model(&l, &grans[g], va_bits, true);

		if (co.tables > cl.tables || co.tlb > cl.tlb)
			fail_msg("%s, %uK, %u-bit VA: OPTIMAL %zu tables %zu TLB entries, LINUX %zu %zu",
				 what, 4u << (2 * g), va_bits, co.tables,
				 co.tlb, cl.tables, cl.tlb);
	}
	lmap_free(&o);
	lmap_free(&l);
}

/* ------------------------------------------------------------------ */
/* Configuration                                                       */
/* ------------------------------------------------------------------ */

static void test_layout_cfg_defaults(void **state)
{
	struct efivmap_layout_cfg c;

	(void)state;
	memset(&c, 0x5a, sizeof(c));
	efivmap_layout_cfg_init(&c);
	assert_int_equal(c.strategy, EFIVMAP_LAYOUT_OPTIMAL);
	assert_int_equal(c.va_bits, 48);
	assert_int_equal(c.base, 0x20000000);
	assert_int_equal(c.limit, UINT64_C(1) << 39);
	assert_false(c.randomize);
	assert_int_equal(c.seed, 0);
	efivmap_layout_cfg_init(NULL);
}

static void test_layout_strategy_names(void **state)
{
	static const char *const want[] = { "optimal", "linux", "flat" };

	(void)state;
	for (size_t s = 0; s < 3; s++)
		assert_string_equal(efivmap_layout_strategy_name(strategies[s]),
				    want[s]);
	assert_string_equal(efivmap_layout_strategy_name(3), "unknown");
}

static void test_layout_plan_rejects_bad_arguments(void **state)
{
	static const struct {
		uint32_t strategy, va_bits;
		uint64_t base, limit;
	} bad[] = {
		{ 3, 48, 0x20000000, UINT64_C(1) << 39 },
		{ 0, 31, 0x20000000, UINT64_C(1) << 39 },
		{ 0, 53, 0x20000000, UINT64_C(1) << 39 },
		{ 1, 48, 0x20001000, UINT64_C(1) << 39 },
		{ 1, 48, 0x20000000, (UINT64_C(1) << 39) - 0x1000 },
		{ 0, 48, 0x40000000, 0x40000000 },
		{ 2, 48, 0x40000000, 0x30000000 },
		{ 0, 48, 0, UINT64_C(1) << 39 },
		{ 1, 48, 0, UINT64_C(1) << 39 },
	};
	struct efivmap_layout_cfg c;
	struct efivmap_diag d;
	struct lmap m;
	uint64_t sum;

	(void)state;
	load_capture(&m, "edk2-aavmf-1G-ebs");
	sum = checksum(&m);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		efivmap_layout_cfg_init(&c);
		c.strategy = bad[i].strategy;
		c.va_bits = bad[i].va_bits;
		c.base = bad[i].base;
		c.limit = bad[i].limit;
		memset(&d, 0, sizeof(d));
		assert_int_equal(efivmap_layout_plan(&m.map, &c, &d),
				 -EFIVMAP_ERR_INVAL);
		assert_int_equal(d.err, -EFIVMAP_ERR_INVAL);
		assert_non_null(d.what);
		assert_int_equal(efivmap_layout_check(&m.map, &c, NULL),
				 -EFIVMAP_ERR_INVAL);
		assert_int_equal(checksum(&m), sum);
	}
	assert_int_equal(efivmap_layout_plan(NULL, NULL, &d),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_layout_check(NULL, NULL, NULL),
			 -EFIVMAP_ERR_INVAL);
	/* FLAT has no window base of its own: base 0 is fine there. */
	cfg_for(&c, EFIVMAP_LAYOUT_FLAT);
	c.base = 0;
	assert_int_equal(efivmap_layout_plan(&m.map, &c, NULL), 7);
	assert_int_equal(efivmap_layout_check(&m.map, &c, NULL), 7);
	/* NULL cfg: the defaults. */
	assert_int_equal(efivmap_layout_plan(&m.map, NULL, NULL), 7);
	assert_int_equal(efivmap_layout_check(&m.map, NULL, NULL), 7);
	lmap_free(&m);
}

static void test_layout_empty_and_no_runtime(void **state)
{
	struct efivmap_layout_cfg c;
	struct efivmap_mmap empty;
	struct tl_map t;
	struct lmap m;
	uint64_t sum;

	(void)state;
	assert_int_equal(efivmap_mmap_init(&empty, NULL, 0, 48, 1, NULL), 0);
	tl_map_init(&t, 48);
	tl_map_add(&t, CONV, 0x40000000, 0x1000, WB);
	tl_map_add(&t, BSD, 0x41000000, 0x10, WB);
	lmap_from_tl(&m, &t);
	desc(&m, 1)->virt_start = 0x41000000; /* U-Boot style: VA = PA */
	sum = checksum(&m);
	for (size_t s = 0; s < 3; s++) {
		cfg_for(&c, strategies[s]);
		c.randomize = s == 0;
		assert_int_equal(efivmap_layout_plan(&empty, &c, NULL), 0);
		assert_int_equal(efivmap_layout_check(&empty, &c, NULL), 0);
		assert_int_equal(efivmap_layout_plan(&m.map, &c, NULL), 0);
		assert_int_equal(efivmap_layout_check(&m.map, &c, NULL), 0);
		assert_int_equal(checksum(&m), sum);
	}
	lmap_free(&m);
}

/* ------------------------------------------------------------------ */
/* LINUX                                                               */
/* ------------------------------------------------------------------ */

/*
 * EDK2 under QEMU (AAVMF, 1 GiB), Linux's layout, firmware order:
 *
 *   PA 0x7c440000 RT_Code  512K  ---> VA 0x20000000
 *   PA 0x7c4c0000 RT_Data  1.75M ---> VA 0x20080000
 *   PA 0x7c680000 RT_Code  704K  ---> VA 0x20240000
 *   PA 0x7fc00000 RT_Code  1.56M ---> VA 0x202f0000  (2M aligned but < 2M)
 *   PA 0x7fd90000 RT_Data  2.31M ---> VA 0x20480000
 *   PA 0x04000000 MMIO     64M   ---> VA 0x20800000  (2M aligned, >= 2M)
 *   PA 0x09010000 MMIO     4K    ---> VA 0x24800000
 *
 * U-Boot (qemu_arm64, 1 GiB): 4 KiB runtime pages sharing 64 KiB frames;
 * each region gets its own 64 KiB VA page, head included:
 *
 *   PA 0x7de9d000 (frame 0x7de90000) ---> VA 0x2000d000
 *   PA 0x7dea0000                    ---> VA 0x20010000
 *   PA 0x7dea3000 (frame 0x7dea0000) ---> VA 0x20023000  (same frame, new page)
 *   PA 0x7fef0000                    ---> VA 0x20030000
 *
 * Every captured SetVirtualAddressMap input that real EDK2 and U-Boot
 * accepted must come out byte for byte, at every stride.
 */
static void test_layout_linux_matches_captures(void **state)
{
	char **vmaps = list_captured("-vmap.bin");
	size_t checked = 0;

	(void)state;
	for (char **p = vmaps; *p; p++) {
		char stem[256], name[256];
		struct lmap ebs, want, m;
		size_t size, k;
		void *b;

		/* "edk2-aavmf-1G-vmap" -> "edk2-aavmf-1G-ebs" */
		snprintf(stem, sizeof(stem), "%.*s-ebs",
			 (int)(strlen(*p) - 5), *p);
		load_capture(&ebs, stem);
		snprintf(name, sizeof(name), "captured/%s.bin", *p);
		b = tl_read_data(name, &size);
		lmap_set(&want, b, size, ebs.desc_size);
		free(b);

		assert_int_equal(plan(&ebs, EFIVMAP_LAYOUT_LINUX),
				 (int)count(&want));
		for (k = 0, size = 0; k < count(&ebs); k++) {
			if (!is_rt(desc(&ebs, k)))
				continue;
			/* The whole stride, as Linux copies it. */
			assert_memory_equal(desc(&ebs, k), desc(&want, size),
					    ebs.desc_size);
			size++;
		}
		assert_int_equal(size, count(&want));
		/* The captured input itself passes the kexec check. */
		assert_int_equal(efivmap_layout_check(&want.map, NULL, NULL),
				 (int)count(&want));

		for (size_t s = 0; s < 3; s++) {
			lmap_free(&ebs);
			load_capture(&m, stem);
			lmap_restride(&ebs, &m, strides[s]);
			lmap_free(&m);
			assert_int_equal(plan(&ebs, EFIVMAP_LAYOUT_LINUX),
					 (int)count(&want));
			for (k = 0, size = 0; k < count(&ebs); k++) {
				uint64_t va = desc(&ebs, k)->virt_start;

				if (is_rt(desc(&ebs, k)))
					assert_int_equal(va, desc(&want, size++)
							 ->virt_start);
			}
		}
		lmap_free(&ebs);
		lmap_free(&want);
		checked++;
	}
	assert_int_equal(checked, 5);
	tl_free_names(vmaps);
}

/*
 *   PA 0x40200000  4M, 2M aligned     ---> round the cursor up to 2M
 *   PA 0x40a00000  1M, 2M aligned     ---> only 64K (too short)
 *   PA 0x41013000  3M, 4K aligned     ---> 64K, head 0x3000 kept
 *   PA 0x41600000  exactly 2M         ---> 2M again
 *
 *   VA 0x20000000 [64K MMIO] 0x20010000 .. 0x20200000 [4M] 0x20600000
 *      [1M] 0x20700000 [head+3M] 0x20a03000 .. 0x20c00000 [2M]
 */
static void test_layout_linux_alignment_rule(void **state)
{
	struct tl_map t;
	struct lmap m;

	(void)state;
	tl_map_init(&t, 40);
	tl_map_add(&t, MMIO, 0x09000000, 16, RT | UC);
	tl_map_add(&t, CODE, 0x40200000, 1024, RT | WB);
	tl_map_add(&t, DATA, 0x40a00000, 256, RT | WB);
	tl_map_add(&t, DATA, 0x41013000, 768, RT | WB);
	tl_map_add(&t, CODE, 0x41600000, 512, RT | WB);
	lmap_from_tl(&m, &t);
	assert_int_equal(plan(&m, EFIVMAP_LAYOUT_LINUX), 5);
	assert_int_equal(desc(&m, 0)->virt_start, 0x20000000);
	assert_int_equal(desc(&m, 1)->virt_start, 0x20200000);
	assert_int_equal(desc(&m, 2)->virt_start, 0x20600000);
	assert_int_equal(desc(&m, 3)->virt_start, 0x20703000);
	assert_int_equal(desc(&m, 4)->virt_start, 0x20c00000);
	lmap_free(&m);
}

/* ------------------------------------------------------------------ */
/* OPTIMAL                                                             */
/* ------------------------------------------------------------------ */

/*
 * EDK2 (AAVMF, 1 GiB), OPTIMAL: PA order, clusters of touching frames.
 *
 *   PA 0x04000000 flash 64M  holds 32M chunks ---> VA 0x20000000 (32M aligned)
 *   PA 0x09010000 RTC   4K                    ---> VA 0x24000000
 *   PA 0x7c440000 ..0x7c730000 (3 regions)    ---> VA 0x24010000 ..0x24300000
 *   PA 0x7fc00000 ..0x7ffe0000 (2 regions)    ---> VA 0x24300000 ..0x246e0000
 *
 * Everything page-mapped sits in [0x24000000, 0x246e0000): four 2 MiB
 * frames (LINUX needs five), and the flash is two 32 MiB blocks for a 16K
 * kernel and 32 2 MiB blocks with the contiguous hint for a 4K one.
 */
static void test_layout_optimal_edk2_picture(void **state)
{
	static const uint64_t want[7] = {
		0x24010000, 0x24090000, 0x24250000, 0x24300000, 0x24490000,
		0x20000000, 0x24000000,
	};
	struct lmap m;

	(void)state;
	load_capture(&m, "edk2-aavmf-1G-ebs");
	assert_int_equal(plan(&m, EFIVMAP_LAYOUT_OPTIMAL), 7);
	assert_rt_vas(&m, want);
	lmap_free(&m);
}

/*
 * U-Boot (qemu_arm64, 1 GiB), OPTIMAL: the three RT_Data regions share or
 * touch 64 KiB frames, so they form one cluster with one VA - PA: frame
 * 0x7dea0000 appears once, at VA 0x20010000, for both regions in it.
 *
 *   PA  0x7de90000 [..dd|    ] 0x7dea0000 [dd.dddd.] 0x7fef0000 [code]
 *   VA  0x20000000 [..dd|    ] 0x20010000 [dd.dddd.] 0x20020000 [code]
 */
static void test_layout_optimal_shared_frames_one_delta(void **state)
{
	struct lmap m;

	(void)state;
	load_capture(&m, "uboot-qemu_arm64-1G-ebs");
	assert_int_equal(plan(&m, EFIVMAP_LAYOUT_OPTIMAL), 4);
	assert_int_equal(desc(&m, 6)->virt_start, 0x2000d000);
	assert_int_equal(desc(&m, 8)->virt_start, 0x20010000);
	assert_int_equal(desc(&m, 10)->virt_start, 0x20013000);
	assert_int_equal(desc(&m, 13)->virt_start, 0x20020000);
	assert_int_equal(efivmap_layout_check(&m.map, NULL, NULL), 4);
	lmap_free(&m);
}

/*
 * A region that fully covers an aligned chunk keeps VA == PA modulo that
 * chunk, so the block is usable; the small region before it is packed.
 *
 *   PA 0x09000000 [64K]          PA 0x40123000 [..|2M chunk|..]
 *   VA 0x20000000 [64K] ........ VA 0x20123000 [..|2M block|..]
 */
static void test_layout_optimal_keeps_block_alignment(void **state)
{
	static const struct {
		uint64_t pa, pages, align;
	} cases[] = {
		{ 0x40123000, 0x600, M2 },                /* 2M chunk inside */
		{ UINT64_C(0x141f00000), 0x2100, M32 },   /* 32M chunk */
		{ UINT64_C(0x21ff00000), 0x20100, M512 }, /* 512M chunk */
		{ UINT64_C(0x7fff00000), 0x40100, G1 },   /* 1G chunk */
		{ 0x40ff0000, 0x1ff, K64 },               /* 2M, no chunk */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tl_map t;
		struct lmap m;
		uint64_t va;

		tl_map_init(&t, 48);
		tl_map_add(&t, MMIO, 0x09000000, 16, RT | UC);
		tl_map_add(&t, MMIO, cases[i].pa, cases[i].pages, RT | UC);
		lmap_from_tl(&m, &t);
		assert_int_equal(plan(&m, EFIVMAP_LAYOUT_OPTIMAL), 2);
		assert_int_equal(desc(&m, 0)->virt_start, 0x20000000);
		va = desc(&m, 1)->virt_start;
		assert_int_equal((va - cases[i].pa) & (cases[i].align - 1), 0);
		/* The lowest such VA after the first region. */
		assert_true(va - 0x20010000 < cases[i].align + K64);
		if (cases[i].align == K64)
			assert_int_equal(va, 0x20010000 +
					 (cases[i].pa & (K64 - 1)));
		lmap_free(&m);
	}
}

/*
 * A cluster takes the largest alignment of any member, not just the
 * first: the 64K region touches a 4 MiB one whose blocks need 2 MiB.
 *
 *   PA 0x40ff0000 [64K][4M from 0x41000000, 2M aligned]
 *   VA 0x201f0000 [64K][4M from 0x20200000]
 */
static void test_layout_optimal_cluster_takes_largest_alignment(void **state)
{
	struct tl_map t;
	struct lmap m;

	(void)state;
	tl_map_init(&t, 64);
	tl_map_add(&t, MMIO, 0x09000000, 16, RT | UC);
	tl_map_add(&t, DATA, 0x40ff0000, 16, RT | WB);
	tl_map_add(&t, CODE, 0x41000000, 1024, RT | WB);
	lmap_from_tl(&m, &t);
	assert_int_equal(plan(&m, EFIVMAP_LAYOUT_OPTIMAL), 3);
	assert_int_equal(desc(&m, 0)->virt_start, 0x20000000);
	assert_int_equal(desc(&m, 1)->virt_start, 0x201f0000);
	assert_int_equal(desc(&m, 2)->virt_start, 0x20200000);
	lmap_free(&m);
}

/* The model's table count for @l at each granule, 48-bit VA. */
static void tables_of(const struct lmap *l, size_t tables[3])
{
	for (size_t g = 0; g < 3; g++)
		tables[g] = model(l, &grans[g], 48, false).tables;
}

/*
 * A large cluster's head pages pay for the bottom of its first 2 MiB
 * window; small clusters that come later in PA order fill it instead of
 * opening a window of their own after the end:
 *
 *   PA  0x40180000 [6.5M, 2M chunks] .. 0x50010000 [64K] .. 0x900x0000
 *       [4K] [16K] [68K]
 *   VA  0x20000000 [64K][4K][16K][68K] 0x20180000 [6.5M] 0x20800000
 *
 * At 4K: the root, L1, L2 and one last-level table for 0x20000000; the
 * rest are 2 MiB blocks. Packed after the end, the small ones would need
 * a second last-level table at 0x20800000.
 */
static void test_layout_optimal_fills_small_regions_into_large_regions_free_window(
	void **state)
{
	static const uint64_t want[5] = {
		0x20180000, 0x20000000, 0x20010000, 0x20020000, 0x20030000,
	};
	struct tl_map t;
	struct lmap m;
	size_t tables[3];

	(void)state;
	tl_map_init(&t, 48);
	tl_map_add(&t, DATA, 0x40180000, 0x680, RT | WB);
	tl_map_add(&t, CODE, 0x50010000, 16, RT | WB);
	tl_map_add(&t, MMIO, 0x90000000, 1, RT | UC);
	tl_map_add(&t, MMIO, 0x90100000, 4, RT | UC);
	tl_map_add(&t, MMIO, 0x90200000, 17, RT | UC);
	lmap_from_tl(&m, &t);
	assert_int_equal(plan(&m, EFIVMAP_LAYOUT_OPTIMAL), 5);
	assert_rt_vas(&m, want);
	assert_false(va_ascends_with_pa(&m));
	assert_int_equal(efivmap_layout_check(&m.map, NULL, NULL), 5);
	tables_of(&m, tables);
	assert_int_equal(tables[0], 4);
	assert_null(optimal_rule_broken(&m));
	lmap_free(&m);
}

/*
 * Only windows that already hold pages are free. Below a 32 MiB aligned
 * cluster that is the rest of the cursor's window, after A: B and D fill
 * it. C does not fit there and goes to the cursor, not into the padding
 * between, where it would open a 2 MiB window just the same.
 *
 *   PA  0x01000000 A [64K]   0x06000000 L [64M]   0x10000000 B [64K]
 *       0x11000000 C [1.94M] 0x12000000 D [64K]
 *   VA  0x20000000 [A][B][D] ... 0x22000000 [L] 0x26000000 [C]
 */
static void test_layout_optimal_fills_only_windows_with_pages(void **state)
{
	static const uint64_t want[5] = {
		0x20000000, 0x22000000, 0x20010000, 0x26000000, 0x20020000,
	};
	struct tl_map t;
	struct lmap m;
	size_t tables[3];

	(void)state;
	tl_map_init(&t, 40);
	tl_map_add(&t, MMIO, 0x01000000, 16, RT | UC);
	tl_map_add(&t, MMIO, 0x06000000, 0x4000, RT | UC);
	tl_map_add(&t, MMIO, 0x10000000, 16, RT | UC);
	tl_map_add(&t, DATA, 0x11000000, 0x1f0, RT | WB);
	tl_map_add(&t, DATA, 0x12000000, 16, RT | WB);
	lmap_from_tl(&m, &t);
	assert_int_equal(plan(&m, EFIVMAP_LAYOUT_OPTIMAL), 5);
	assert_rt_vas(&m, want);
	assert_int_equal(efivmap_layout_check(&m.map, NULL, NULL), 5);
	/* Last-level tables at 4K: 0x20000000 and 0x26000000. */
	tables_of(&m, tables);
	assert_int_equal(tables[0], 5);
	lmap_free(&m);
}

/*
 * The map above with a thousand boot-services descriptors around it:
 * past FILL_LIMIT (descriptors x runtime descriptors) OPTIMAL keeps VAs
 * ascending with PAs, so table sizing and the kexec check stay linear.
 * The small regions then open the window at 0x20800000.
 */
static void test_layout_optimal_large_map_keeps_pa_order(void **state)
{
	static const uint64_t want[5] = {
		0x20180000, 0x20800000, 0x20810000, 0x20820000, 0x20830000,
	};
	struct tl_map t;
	struct lmap m;
	size_t tables[3];

	(void)state;
	tl_map_init(&t, 48);
	for (size_t i = 0; i < 1000; i++)
		tl_map_add(&t, BSD, UINT64_C(0x100000000) + i * 0x2000, 1,
			   WB);
	tl_map_add(&t, DATA, 0x40180000, 0x680, RT | WB);
	tl_map_add(&t, CODE, 0x50010000, 16, RT | WB);
	tl_map_add(&t, MMIO, 0x90000000, 1, RT | UC);
	tl_map_add(&t, MMIO, 0x90100000, 4, RT | UC);
	tl_map_add(&t, MMIO, 0x90200000, 17, RT | UC);
	lmap_from_tl(&m, &t);
	assert_true(count(&m) * count_rt(&m) > FILL_LIMIT);
	assert_int_equal(plan(&m, EFIVMAP_LAYOUT_OPTIMAL), 5);
	assert_rt_vas(&m, want);
	assert_true(va_ascends_with_pa(&m));
	tables_of(&m, tables);
	assert_int_equal(tables[0], 5);
	lmap_free(&m);
}

/*
 * ASUS ZenBook (x86, AMI): the four small MMIO regions above the 128 MiB
 * one fill the bottom of Runtime Data's first window (VA 0x20000000 to
 * 0x200ac000) instead of opening one at 0x2a000000: 6 tables at 4K where
 * PA order needs 7.
 *
 *   PA 0x79aac000 RT_Data 8.4M  ---> VA 0x200ac000
 *   PA 0xf0000000 MMIO    128M  ---> VA 0x22000000 (32M blocks)
 *   PA 0xfe000000 .. 0xfee00000 4 x small MMIO ---> VA 0x20000000..
 *   PA 0xff000000 MMIO    16M   ---> VA 0x2a000000 (2M blocks)
 */
static void test_layout_optimal_asus_six_tables(void **state)
{
	struct lmap m;
	size_t tables[3], small = 0;
	uint64_t data_va = 0;

	(void)state;
	load_text(&m, "asus-zenbook-ux391fa.txt", 48);
	assert_int_equal(plan(&m, EFIVMAP_LAYOUT_OPTIMAL), 8);
	assert_int_equal(efivmap_layout_check(&m.map, NULL, NULL), 8);
	for (size_t i = 0; i < count(&m); i++) {
		const struct efivmap_efi_desc *d = desc(&m, i);

		if (is_rt(d) && d->type == DATA)
			data_va = d->virt_start;
	}
	assert_int_equal(data_va, 0x200ac000);
	for (size_t i = 0; i < count(&m); i++) {
		const struct efivmap_efi_desc *d = desc(&m, i);

		if (!is_rt(d) || d->type != MMIO || d->num_pages >= 512)
			continue;
		assert_true(d->virt_start >= 0x20000000 &&
			    d->virt_start + efivmap_desc_bytes(d) <= data_va);
		small++;
	}
	assert_int_equal(small, 4);
	tables_of(&m, tables);
	assert_int_equal(tables[0], 6);
	assert_int_equal(tables[1], 5);
	assert_int_equal(tables[2], 3);
	lmap_free(&m);
}

/* Planned OPTIMAL on @src: did it take LINUX's placement? */
static bool took_linux(const struct lmap *src, const struct lmap *planned)
{
	struct lmap l;
	bool same;

	lmap_copy(&l, src);
	assert_true(plan(&l, EFIVMAP_LAYOUT_LINUX) >= 0);
	same = same_runtime_vas(&l, planned);
	lmap_free(&l);
	return same;
}

/*
 * OPTIMAL depends on the PA set, not the map order: the same regions
 * sorted, EDK2-style (MMIO appended: two ascending runs) and shuffled
 * (many runs: the successor scan) get the same VAs, and VAs ascend with
 * PA.
 */
static void test_layout_optimal_independent_of_map_order(void **state)
{
	uint64_t seed = 42;
	struct lmap base, sorted, other;
	int compared = 0;

	(void)state;
	for (int round = 0; round < 40; round++) {
		struct lmap orig;
		bool fell;

		random_map(&base, &seed, 48, 5 + (size_t)round);
		lmap_copy(&orig, &base);
		lmap_copy(&sorted, &base);
		efivmap_mmap_sort(&sorted.map);
		lmap_copy(&other, &sorted);
		assert_true(plan(&sorted, EFIVMAP_LAYOUT_OPTIMAL) >= 0);
		assert_true(plan(&base, EFIVMAP_LAYOUT_OPTIMAL) >= 0);
		fell = took_linux(&other, &sorted) || took_linux(&orig, &base);
		lmap_free(&orig);
		lmap_free(&other);
		/* A fallback to LINUX's placement follows firmware order. */
		if (fell) {
			lmap_free(&base);
			lmap_free(&sorted);
			continue;
		}
		compared++;
		efivmap_mmap_sort(&base.map);
		assert_memory_equal(base.buf, sorted.buf, base.size);

		/* EDK2 style: runtime MMIO moved to the end. */
		lmap_copy(&other, &sorted);
		for (size_t i = 0, n = count(&other); i < n; i++) {
			uint8_t tmp[48];

			if (desc(&other, i)->type != MMIO)
				continue;
			memcpy(tmp, desc(&other, i), 48);
			memmove(desc(&other, i), desc(&other, i + 1),
				(n - i - 1) * 48);
			memcpy(desc(&other, n - 1), tmp, 48);
			n--;
			i--;
		}
		for (size_t i = 0; i < count(&other); i++)
			desc(&other, i)->virt_start = 0;
		lmap_copy(&orig, &other);
		assert_true(plan(&other, EFIVMAP_LAYOUT_OPTIMAL) >= 0);
		fell = took_linux(&orig, &other);
		lmap_free(&orig);
		if (!fell) {
			efivmap_mmap_sort(&other.map);
			assert_memory_equal(other.buf, sorted.buf, other.size);
		}
		lmap_free(&other);
		lmap_free(&base);
		lmap_free(&sorted);
	}
	assert_true(compared >= 30);
}

/*
 * Where the packing would need more table pages than LINUX's layout under
 * Linux's policy, OPTIMAL places exactly like LINUX. Here four regions
 * that each hold a 2 MiB chunk at odd offsets pad the packing past a
 * 32 MiB boundary (one more 16K last-level table), while LINUX's firmware
 * order ends just below it:
 *
 *   LINUX   0x20000000 [8M][2M][3.8M][16.8M][64K] 0x21eda000 < 0x22000000
 *   packed  0x20000000 [64K]..[8M]..[2M]..[3.8M]..[16.8M] 0x22301000
 */
static void test_layout_optimal_falls_back_to_linux(void **state)
{
	struct tl_map t;
	struct lmap o, l;

	(void)state;
	tl_map_init(&t, 48);
	tl_map_add(&t, DATA, 0x40400000, 0x800, RT | WB);
	tl_map_add(&t, CODE, 0x41020000, 0x210, RT | WB);
	tl_map_add(&t, DATA, 0x47310000, 0x3d0, RT | WB);
	tl_map_add(&t, CODE, 0x4c039000, 0x10c8, RT | WB);
	tl_map_add(&t, MMIO, 0x073ca000, 0x10, RT | UC);
	lmap_from_tl(&o, &t);
	lmap_copy(&l, &o);
	assert_int_equal(plan(&o, EFIVMAP_LAYOUT_OPTIMAL), 5);
	assert_int_equal(plan(&l, EFIVMAP_LAYOUT_LINUX), 5);
	assert_memory_equal(o.buf, l.buf, o.size);
	assert_false(va_ascends_with_pa(&o));
	assert_not_costlier(&o, 48, "fallback");
	lmap_free(&o);
	lmap_free(&l);
}

static void test_layout_optimal_never_costlier_than_linux(void **state)
{
	struct real_maps *r = malloc(sizeof(*r));
	uint64_t seed = 2026;
	struct lmap m;

	(void)state;
	assert_non_null(r);
	load_real_maps(r, 48);
	for (size_t i = 0; i < r->n; i++) {
		assert_not_costlier(&r->m[i], 39, r->name[i]);
		assert_not_costlier(&r->m[i], 48, r->name[i]);
	}
	free_real_maps(r);
	free(r);
	for (int i = 0; i < 150; i++) {
		char what[32];

		snprintf(what, sizeof(what), "random map %d", i);
		random_map(&m, &seed, 40, 1 + (size_t)(i % 25));
		assert_not_costlier(&m, i & 1 ? 39 : 48, what);
		lmap_free(&m);
	}
}

/*
 * On every real map OPTIMAL's own packing wins: the fallback never
 * triggers, so frames shared by runtime regions keep one translation and
 * blocks keep their alignment. LINUX's layout breaks these rules on most
 * real maps, so the check tells the two apart.
 */
static void test_layout_optimal_real_maps_keep_own_rules(void **state)
{
	struct real_maps *r = malloc(sizeof(*r));
	size_t broken = 0;

	(void)state;
	assert_non_null(r);
	load_real_maps(r, 40);
	for (size_t i = 0; i < r->n; i++) {
		struct lmap l;
		const char *why;

		lmap_copy(&l, &r->m[i]);
		assert_true(plan(&r->m[i], EFIVMAP_LAYOUT_OPTIMAL) >= 0);
		assert_true(plan(&l, EFIVMAP_LAYOUT_LINUX) >= 0);
		why = optimal_rule_broken(&r->m[i]);
		if (why)
			fail_msg("%s: %s", r->name[i], why);
		broken += optimal_rule_broken(&l) != NULL;
		lmap_free(&l);
	}
	assert_true(broken >= 20);
	free_real_maps(r);
	free(r);
}

/*
 * 16,384 descriptors: sorted (one run), two runs, and shuffled (the
 * successor scan, on a smaller map to keep the test short) all agree.
 */
static void test_layout_optimal_large_maps(void **state)
{
	const size_t n = 16384, h = 4096;
	struct lmap m, two;
	struct tl_map t;
	size_t i;

	(void)state;
	tl_map_init(&t, 40);
	for (i = 0; i < n; i++) {
		uint64_t pa = 0x40000000 + i * 0x3000;

		tl_map_add(&t, i % 3 ? BSD : DATA, pa, i % 3 ? 2 : 1,
			   i % 3 ? WB : RT | WB);
	}
	lmap_from_tl(&m, &t);
	check_props(&m, &(struct efivmap_layout_cfg){ .strategy = 0,
		    .va_bits = 48, .base = 0x20000000,
		    .limit = UINT64_C(1) << 39 }, "large");
	assert_int_equal(plan(&m, EFIVMAP_LAYOUT_OPTIMAL), (int)(n / 3 + 1));
	assert_int_equal(efivmap_layout_check(&m.map, NULL, NULL),
			 (int)(n / 3 + 1));
	lmap_free(&m);

	/* Two ascending runs: the first half moved behind the second. */
	tl_map_init(&t, 40);
	for (i = 0; i < 2 * h; i++) {
		uint64_t pa = 0x40000000 + ((i + h) % (2 * h)) * 0x3000;

		tl_map_add(&t, i % 3 ? BSD : DATA, pa, i % 3 ? 2 : 1,
			   i % 3 ? WB : RT | WB);
	}
	lmap_from_tl(&m, &t);
	lmap_copy(&two, &m);
	efivmap_mmap_sort(&two.map);
	assert_true(plan(&m, EFIVMAP_LAYOUT_OPTIMAL) > 0);
	assert_true(plan(&two, EFIVMAP_LAYOUT_OPTIMAL) > 0);
	efivmap_mmap_sort(&m.map);
	assert_memory_equal(m.buf, two.buf, m.size);
	lmap_free(&two);
	lmap_free(&m);

	/* Hundreds of runs: the successor scan. */
	tl_map_init(&t, 40);
	for (i = 0; i < 600; i++)
		tl_map_add(&t, DATA, 0x100000000 + ((i * 7919) % 600) * 0x5000,
			   1 + i % 3, RT | WB);
	lmap_from_tl(&m, &t);
	lmap_copy(&two, &m);
	efivmap_mmap_sort(&two.map);
	assert_int_equal(plan(&m, EFIVMAP_LAYOUT_OPTIMAL), 600);
	assert_int_equal(plan(&two, EFIVMAP_LAYOUT_OPTIMAL), 600);
	efivmap_mmap_sort(&m.map);
	assert_memory_equal(m.buf, two.buf, m.size);
	lmap_free(&two);
	lmap_free(&m);
}

/* ------------------------------------------------------------------ */
/* FLAT                                                                */
/* ------------------------------------------------------------------ */

static void test_layout_flat_is_identity(void **state)
{
	struct lmap m;

	(void)state;
	load_capture(&m, "uboot-qemu_arm64-4G-ebs");
	for (size_t i = 0; i < count(&m); i++)
		desc(&m, i)->virt_start = 0;
	assert_int_equal(plan(&m, EFIVMAP_LAYOUT_FLAT), 5);
	for (size_t i = 0; i < count(&m); i++) {
		const struct efivmap_efi_desc *d = desc(&m, i);

		assert_int_equal(d->virt_start, is_rt(d) ? d->phys_start : 0);
	}
	lmap_free(&m);
}

/*
 *   va_bits 32:  0 ........ 4G |
 *   runtime      [ok]  [ok]    | [0x13de9e000: above 2^32]  -> VA_BITS
 */
static void test_layout_flat_va_bits_error(void **state)
{
	struct efivmap_layout_cfg c;
	struct efivmap_diag d;
	struct lmap m;
	uint64_t sum;

	(void)state;
	load_capture(&m, "uboot-qemu_arm64-4G-ebs");
	sum = checksum(&m);
	cfg_for(&c, EFIVMAP_LAYOUT_FLAT);
	c.va_bits = 32;
	assert_int_equal(efivmap_layout_plan(&m.map, &c, &d),
			 -EFIVMAP_ERR_VA_BITS);
	assert_int_equal(d.err, -EFIVMAP_ERR_VA_BITS);
	assert_int_equal(d.index, 8);
	assert_int_equal(d.addr, UINT64_C(0x13de9e000));
	assert_int_equal(checksum(&m), sum);
	/* 0xffffe000 + 4K ends exactly at 2^32: still fits. */
	c.va_bits = 33;
	assert_int_equal(efivmap_layout_plan(&m.map, &c, &d), 5);
	lmap_free(&m);
}

/*
 * A WB and a UC-only runtime page in one 64 KiB frame: Normal write-back
 * and Normal non-cacheable. A 16K or 64K kernel cannot map one page with
 * both, so OPTIMAL gives them separate VA frames as LINUX does (VA == PA
 * mod 64 KiB still), their tables build at every granule, and FLAT, which
 * cannot separate them, refuses with the index and address.
 */
static void want_check(struct lmap *m, const struct efivmap_layout_cfg *c,
		       int err, uint32_t index);

static void mixed_frame_map(struct lmap *m)
{
	struct tl_map t;

	tl_map_init(&t, 48);
	tl_map_add(&t, DATA, 0x40000000, 1, RT | WB);
	tl_map_add(&t, DATA, 0x40001000, 1, RT | UC);
	tl_map_add(&t, CONV, 0x40002000, 14, WB);
	lmap_from_tl(m, &t);
}

static void build_at_every_granule(struct lmap *m)
{
	static const uint32_t gr[3] = {
		EFIVMAP_PT_GRANULE_4K, EFIVMAP_PT_GRANULE_16K,
		EFIVMAP_PT_GRANULE_64K,
	};
	struct efivmap_pt_config pc;
	struct efivmap_pt_input in;
	size_t need;

	memset(&in, 0, sizeof(in));
	in.map = &m->map;
	for (size_t g = 0; g < 3; g++) {
		assert_int_equal(efivmap_pt_config_init(&pc, gr[g], 48, 40, 0),
				 0);
		assert_int_equal(efivmap_pt_tables_needed(&pc, &in, &need,
							  NULL), 0);
	}
}

static void test_layout_mixed_frame_separate_va_frames(void **state)
{
	static const uint32_t strategies[2] = {
		EFIVMAP_LAYOUT_OPTIMAL, EFIVMAP_LAYOUT_LINUX,
	};
	struct efivmap_layout_cfg c;
	struct efivmap_diag d;
	struct lmap m;
	uint64_t sum;

	(void)state;
	mixed_frame_map(&m);
	for (size_t k = 0; k < 2; k++) {
		assert_int_equal(plan(&m, strategies[k]), 2);
		cfg_for(&c, strategies[k]);
		assert_int_equal(efivmap_layout_check(&m.map, &c, NULL), 2);
		assert_int_equal(desc(&m, 0)->virt_start & (K64 - 1), 0);
		assert_int_equal(desc(&m, 1)->virt_start & (K64 - 1), 0x1000);
		assert_true(desc(&m, 0)->virt_start >> 16 !=
			    desc(&m, 1)->virt_start >> 16);
		build_at_every_granule(&m);
	}
	sum = checksum(&m);
	cfg_for(&c, EFIVMAP_LAYOUT_FLAT);
	memset(&d, 0, sizeof(d));
	assert_int_equal(efivmap_layout_plan(&m.map, &c, &d),
			 -EFIVMAP_ERR_ATTR);
	assert_int_equal(d.index, 1);
	assert_int_equal(d.addr, 0x40001000);
	assert_non_null(d.what);
	assert_int_equal(checksum(&m), sum);
	lmap_free(&m);
}

/*
 * Handed over: the two pages of one frame in one VA page with one VA - PA
 * (what OPTIMAL and FLAT used to give). No kernel with 16K or 64K pages
 * could map it, so the check refuses it, on both of its paths. The same
 * frame with two WB regions, one read-only, stays fine (the page gets
 * the union of the permissions), as do MMIO and UC-only Reserved (both
 * device memory).
 */
static void test_layout_check_mixed_attributes_in_one_page(void **state)
{
	struct efivmap_layout_cfg c;
	struct tl_map t;
	struct lmap m;

	(void)state;
	cfg_for(&c, EFIVMAP_LAYOUT_OPTIMAL);
	mixed_frame_map(&m);
	desc(&m, 0)->virt_start = 0x20000000;
	desc(&m, 1)->virt_start = 0x20001000;
	want_check(&m, &c, EFIVMAP_ERR_ATTR, 1);
	lmap_free(&m);
	/* VAs descending in map order: the pairwise path. */
	tl_map_init(&t, 48);
	tl_map_add(&t, CODE, 0x50000000, 16, RT | WB);
	tl_map_add(&t, DATA, 0x40000000, 1, RT | WB);
	tl_map_add(&t, DATA, 0x40001000, 1, RT | UC);
	lmap_from_tl(&m, &t);
	desc(&m, 0)->virt_start = 0x20100000;
	desc(&m, 1)->virt_start = 0x20000000;
	desc(&m, 2)->virt_start = 0x20011000;
	assert_int_equal(efivmap_layout_check(&m.map, &c, NULL), 3);
	desc(&m, 2)->virt_start = 0x20001000;
	want_check(&m, &c, EFIVMAP_ERR_ATTR, 2);
	lmap_free(&m);

	tl_map_init(&t, 48);
	tl_map_add(&t, DATA, 0x40000000, 1, RT | WB);
	tl_map_add(&t, DATA, 0x40001000, 1, RT | WB | EFIVMAP_EFI_MEMORY_RO);
	tl_map_add(&t, MMIO, 0x09000000, 1, RT | UC);
	tl_map_add(&t, EFIVMAP_EFI_RESERVED, 0x09001000, 1, RT | UC);
	lmap_from_tl(&m, &t);
	desc(&m, 0)->virt_start = 0x20000000;
	desc(&m, 1)->virt_start = 0x20001000;
	desc(&m, 2)->virt_start = 0x20010000;
	desc(&m, 3)->virt_start = 0x20011000;
	assert_int_equal(efivmap_layout_check(&m.map, &c, NULL), 4);
	cfg_for(&c, EFIVMAP_LAYOUT_FLAT);
	assert_int_equal(efivmap_layout_plan(&m.map, &c, NULL), 4);
	lmap_free(&m);
}

/* ------------------------------------------------------------------ */
/* Window and randomization                                            */
/* ------------------------------------------------------------------ */

/*
 * A window of 2 MiB cannot hold EDK2's 64 MiB flash: LINUX names the
 * flash (firmware order), OPTIMAL the first region of the PA-ordered walk
 * that runs past the end. Nothing is written either way.
 */
static void test_layout_window_too_small(void **state)
{
	struct efivmap_layout_cfg c;
	struct efivmap_diag d;
	struct lmap m;
	uint64_t sum;

	(void)state;
	load_capture(&m, "edk2-aavmf-1G-ebs");
	sum = checksum(&m);
	for (size_t s = 0; s < 2; s++) {
		cfg_for(&c, strategies[s]);
		c.base = 0x20000000;
		c.limit = 0x20200000;
		memset(&d, 0, sizeof(d));
		assert_int_equal(efivmap_layout_plan(&m.map, &c, &d),
				 -EFIVMAP_ERR_WINDOW);
		assert_int_equal(d.err, -EFIVMAP_ERR_WINDOW);
		/* OPTIMAL meets the flash first, LINUX the second region. */
		assert_int_equal(d.index, s == 0 ? 26 : 14);
		assert_int_equal(d.addr, s == 0 ? 0x04000000 : 0x7c4c0000);
		assert_int_equal(checksum(&m), sum);
		c.randomize = true;
		assert_int_equal(efivmap_layout_plan(&m.map, &c, &d),
				 -EFIVMAP_ERR_WINDOW);
		assert_int_equal(checksum(&m), sum);
	}
	lmap_free(&m);
}

/*
 * The VA size clips the window: with 32-bit VA and the window starting at
 * 0xfc000000, 64 MiB of flash fits exactly, the RTC after it does not.
 */
static void test_layout_window_clipped_by_va_bits(void **state)
{
	struct efivmap_layout_cfg c;
	struct efivmap_diag d;
	struct tl_map t;
	struct lmap m;
	uint64_t sum;

	(void)state;
	tl_map_init(&t, 48);
	tl_map_add(&t, MMIO, 0x04000000, 0x4000, RT | UC);
	tl_map_add(&t, MMIO, 0x09010000, 1, RT | UC);
	lmap_from_tl(&m, &t);
	for (size_t s = 0; s < 2; s++) {
		sum = checksum(&m);
		cfg_for(&c, strategies[s]);
		c.va_bits = 32;
		c.base = 0xfc000000;
		assert_int_equal(efivmap_layout_plan(&m.map, &c, &d),
				 -EFIVMAP_ERR_WINDOW);
		assert_int_equal(d.index, 1);
		assert_int_equal(checksum(&m), sum);
		c.base = 0xfbff0000;
		assert_int_equal(efivmap_layout_plan(&m.map, &c, &d),
				 -EFIVMAP_ERR_WINDOW);
		c.base = 0xf8000000;
		assert_int_equal(efivmap_layout_plan(&m.map, &c, NULL), 2);
		assert_int_equal(efivmap_layout_check(&m.map, &c, NULL), 2);
	}
	/* A base above the VA size leaves no window at all. */
	c.base = UINT64_C(0x100000000);
	c.limit = UINT64_C(0x200000000);
	assert_int_equal(efivmap_layout_plan(&m.map, &c, &d),
			 -EFIVMAP_ERR_WINDOW);
	lmap_free(&m);
}

/*
 * A region ending at the very top of the physical address space plans
 * without wrapping: LINUX and OPTIMAL move it into the window, FLAT
 * reports it.
 */
static void test_layout_top_of_physical_space(void **state)
{
	struct efivmap_layout_cfg c;
	struct tl_map t;
	struct lmap m;

	(void)state;
	tl_map_init(&t, 40);
	tl_map_add(&t, MMIO, UINT64_C(0xffffffffffff0000), 16, RT | UC);
	tl_map_add(&t, DATA, UINT64_C(0xfffffffffffe3000), 2, RT | WB);
	lmap_from_tl(&m, &t);
	for (size_t s = 0; s < 2; s++) {
		cfg_for(&c, strategies[s]);
		assert_int_equal(efivmap_layout_plan(&m.map, &c, NULL), 2);
		assert_int_equal(efivmap_layout_check(&m.map, &c, NULL), 2);
		assert_true(desc(&m, 0)->virt_start < 0x20100000);
	}
	cfg_for(&c, EFIVMAP_LAYOUT_FLAT);
	assert_int_equal(efivmap_layout_plan(&m.map, &c, NULL),
			 -EFIVMAP_ERR_VA_BITS);
	lmap_free(&m);
}

/*
 * Randomized: the whole layout moves up by a seed-chosen multiple of the
 * unit (2 MiB, or the largest cluster alignment for OPTIMAL), and never
 * past the window end.
 *
 *   base                                                      limit
 *   |<-- offset -->[ layout ]<--------- rest of headroom ------->|
 */
/* The one shift between @plain and a randomized plan of the same map. */
static uint64_t shift_of(const struct lmap *plain, const struct lmap *m,
			 uint64_t limit)
{
	uint64_t shift = 0;
	bool first = true;

	for (size_t k = 0; k < count(m); k++) {
		const struct efivmap_efi_desc *d = desc(m, k);

		if (!is_rt(d))
			continue;
		if (first)
			shift = d->virt_start - desc(plain, k)->virt_start;
		first = false;
		assert_int_equal(d->virt_start - desc(plain, k)->virt_start,
				 shift);
		assert_true(d->virt_start + efivmap_desc_bytes(d) <= limit);
	}
	return shift;
}

/*
 * Randomized: the whole layout moves up by a seed-chosen multiple of the
 * unit (2 MiB, or the largest cluster alignment for OPTIMAL), and never
 * past the window end.
 *
 *   base                                                      limit
 *   |<-- offset -->[ layout ]<--------- rest of headroom ------->|
 */
static void test_layout_randomized_shift(void **state)
{
	const uint64_t limit = UINT64_C(1) << 39;
	struct efivmap_layout_cfg c;
	struct lmap plain, m;
	uint64_t seeds[400];

	(void)state;
	for (int i = 0; i < 400; i++)
		seeds[i] = (uint64_t)i * UINT64_C(0x9e3779b97f4a7c15);
	seeds[0] = 0;
	seeds[1] = UINT32_MAX;
	for (size_t s = 0; s < 2; s++) {
		/* EDK2's flash makes a 32 MiB cluster under OPTIMAL. */
		uint64_t unit = s == 0 ? M32 : M2;
		uint64_t lo = UINT64_MAX, hi = 0, shift;

		load_capture(&plain, "edk2-aavmf-4G-ebs");
		assert_int_equal(plan(&plain, strategies[s]), 7);
		for (int i = 0; i < 400; i++) {
			lmap_copy(&m, &plain);
			cfg_for(&c, strategies[s]);
			c.va_bits = 39;
			c.randomize = true;
			c.seed = seeds[i];
			assert_int_equal(efivmap_layout_plan(&m.map, &c, 0), 7);
			assert_int_equal(efivmap_layout_check(&m.map, &c, 0),
					 7);
			shift = shift_of(&plain, &m, limit);
			assert_int_equal(shift % unit, 0);
			lo = shift < lo ? shift : lo;
			hi = shift > hi ? shift : hi;
			lmap_free(&m);
		}
		/* Seed 0 keeps the base; the spread covers the window. */
		assert_int_equal(lo, 0);
		assert_true(hi > limit / 2);
		lmap_free(&plain);
	}
}

static void test_layout_randomized_deterministic(void **state)
{
	struct efivmap_layout_cfg c;
	struct lmap a, b;
	int differ = 0;

	(void)state;
	for (size_t s = 0; s < 2; s++) {
		for (uint64_t seed = 1; seed < 40; seed++) {
			load_capture(&a, "uboot-qemu_arm64-4G-ebs");
			lmap_copy(&b, &a);
			cfg_for(&c, strategies[s]);
			c.randomize = true;
			c.seed = seed * UINT64_C(0x1234567890abcdef);
			assert_int_equal(efivmap_layout_plan(&a.map, &c, 0), 5);
			assert_int_equal(efivmap_layout_plan(&b.map, &c, 0), 5);
			assert_memory_equal(a.buf, b.buf, a.size);
			c.seed ^= UINT64_C(0x8000000000000001);
			lmap_free(&b);
			lmap_copy(&b, &a);
			assert_int_equal(efivmap_layout_plan(&b.map, &c, 0), 5);
			differ += memcmp(a.buf, b.buf, a.size) != 0;
			lmap_free(&a);
			lmap_free(&b);
		}
	}
	assert_true(differ > 70);
}

/* ------------------------------------------------------------------ */
/* Properties over every map                                           */
/* ------------------------------------------------------------------ */

static void test_layout_properties_real_maps(void **state)
{
	struct real_maps *r = malloc(sizeof(*r));

	(void)state;
	assert_non_null(r);
	for (size_t s = 0; s < 3; s++) {
		load_real_maps(r, strides[s]);
		for (size_t i = 0; i < r->n; i++)
			check_all_strategies(&r->m[i], r->name[i]);
		free_real_maps(r);
	}
	free(r);
}

static void test_layout_properties_random_maps(void **state)
{
	uint64_t seed = 99;
	struct lmap m;

	(void)state;
	for (int i = 0; i < 120; i++) {
		char what[32];

		snprintf(what, sizeof(what), "random map %d", i);
		random_map(&m, &seed, strides[i % 3], 1 + (size_t)(i % 30));
		check_all_strategies(&m, what);
		lmap_free(&m);
	}
}

/* ------------------------------------------------------------------ */
/* The kexec check                                                     */
/* ------------------------------------------------------------------ */

static void want_check(struct lmap *m, const struct efivmap_layout_cfg *c,
			 int err, uint32_t index)
{
	struct efivmap_diag d;
	uint64_t sum = checksum(m);

	memset(&d, 0, sizeof(d));
	assert_int_equal(efivmap_layout_check(&m->map, c, &d), -err);
	assert_int_equal(d.err, -err);
	assert_int_equal(d.index, index);
	assert_non_null(d.what);
	assert_int_equal(checksum(m), sum);
}

/*
 * A post-SVAM map from EDK2 with one field broken at a time:
 *
 *   idx 13 RT_Code  VA 0x20000000   <- U64_MAX: SVAM failed
 *   idx 14 RT_Data  VA 0x20080000   <- 0: never assigned
 *   idx 15 RT_Code  VA 0x20240000   <- +4K: not congruent mod 64K
 *   idx 26 MMIO     VA 0x20800000   <- 2^48: beyond the VA size
 *   idx 27 MMIO     VA 0x24800000   <- below the window / past it
 */
static void test_layout_check_errors(void **state)
{
	struct efivmap_layout_cfg c;
	struct lmap base, m;

	(void)state;
	load_capture(&base, "edk2-aavmf-1G-ebs");
	assert_int_equal(plan(&base, EFIVMAP_LAYOUT_LINUX), 7);
	cfg_for(&c, EFIVMAP_LAYOUT_LINUX);
	assert_int_equal(efivmap_layout_check(&base.map, &c, NULL), 7);

	lmap_copy(&m, &base);
	desc(&m, 13)->virt_start = EFIVMAP_EFI_VA_INVALID;
	desc(&m, 27)->virt_start = EFIVMAP_EFI_VA_INVALID;
	want_check(&m, &c, EFIVMAP_ERR_RT_UNAVAILABLE, 13);
	lmap_free(&m);

	lmap_copy(&m, &base);
	desc(&m, 14)->virt_start = 0;
	want_check(&m, &c, EFIVMAP_ERR_NO_VA, 14);
	lmap_free(&m);

	lmap_copy(&m, &base);
	desc(&m, 15)->virt_start += 0x1000;
	want_check(&m, &c, EFIVMAP_ERR_VA_MISMATCH, 15);
	lmap_free(&m);

	lmap_copy(&m, &base);
	desc(&m, 26)->virt_start = (UINT64_C(1) << 48) - 0x2000000;
	want_check(&m, &c, EFIVMAP_ERR_VA_BITS, 26);
	desc(&m, 26)->virt_start = UINT64_C(0xfffffffffc000000);
	want_check(&m, &c, EFIVMAP_ERR_VA_BITS, 26);
	lmap_free(&m);

	lmap_copy(&m, &base);
	desc(&m, 27)->virt_start = 0x1ffe0000 + 0x0; /* below the base */
	want_check(&m, &c, EFIVMAP_ERR_WINDOW, 27);
	desc(&m, 27)->virt_start = (UINT64_C(1) << 39);
	want_check(&m, &c, EFIVMAP_ERR_WINDOW, 27);
	/* The same VA is fine for a loader that accepts any mappable VA. */
	c.strategy = EFIVMAP_LAYOUT_FLAT;
	assert_int_equal(efivmap_layout_check(&m.map, &c, NULL), 7);
	c.va_bits = 39;
	want_check(&m, &c, EFIVMAP_ERR_VA_BITS, 27);
	lmap_free(&m);
	lmap_free(&base);
}

/*
 * Overlaps are judged per 64 KiB VA page:
 *
 *   VA 0x20010000 [A: frame F     ]        A, B: same VA - PA: one frame,
 *                 [   B: frame F  ]        fine (OPTIMAL's shared frame)
 *   VA 0x20010000 [A: frame F     ]        A, C: different frames in one
 *                 [     C: frame G]        page: a 64K kernel cannot map
 */
static void test_layout_check_overlaps(void **state)
{
	struct efivmap_layout_cfg c;
	struct tl_map t;
	struct lmap m;

	(void)state;
	cfg_for(&c, EFIVMAP_LAYOUT_OPTIMAL);
	/* Both paths: code VA above the data (ascending) and below it. */
	for (int asc = 0; asc < 2; asc++) {
		uint64_t code_va = asc ? 0x20030000 : 0x20000000;

		tl_map_init(&t, 64);
		tl_map_add(&t, DATA, 0x7dea0000, 2, RT | WB);
		tl_map_add(&t, DATA, 0x7dea3000, 4, RT | WB);
		tl_map_add(&t, BSD, 0x7dea7000, 9, WB);
		tl_map_add(&t, CODE, 0x7fef0000, 16, RT | WB);
		lmap_from_tl(&m, &t);
		desc(&m, 0)->virt_start = 0x20010000;
		desc(&m, 1)->virt_start = 0x20013000;
		desc(&m, 3)->virt_start = code_va;
		assert_int_equal(efivmap_layout_check(&m.map, &c, NULL), 3);
		/* The same frame at another VA page: an alias, fine. */
		desc(&m, 1)->virt_start = 0x20023000;
		assert_int_equal(efivmap_layout_check(&m.map, &c, NULL), 3);
		/* The code's frame in the data's page: two translations. */
		desc(&m, 1)->virt_start = 0x20013000;
		desc(&m, 0)->virt_start = asc ? 0x20010000 : 0x20040000;
		desc(&m, 1)->virt_start = asc ? 0x20013000 : 0x20043000;
		desc(&m, 3)->virt_start = asc ? 0x20010000 : 0x20040000;
		want_check(&m, &c, EFIVMAP_ERR_VA_OVERLAP, 3);
		lmap_free(&m);
	}

	/*
	 * Byte-disjoint, yet in one 64 KiB page with different VA - PA:
	 *
	 *   VA 0x20000000 [X 4K]....[Y 4K]......|  X from PA 0x40000000,
	 *                 0x20000000  0x20008000 |  Y from PA 0x50008000
	 *
	 * once with VAs ascending in map order, once descending (pairwise).
	 */
	for (int asc = 0; asc < 2; asc++) {
		uint64_t x = asc ? 0x20000000 : 0x20030000;

		tl_map_init(&t, 40);
		tl_map_add(&t, DATA, 0x40000000, 1, RT | WB);
		tl_map_add(&t, DATA, 0x50008000, 1, RT | WB);
		tl_map_add(&t, DATA, 0x60000000, 16, RT | WB);
		lmap_from_tl(&m, &t);
		desc(&m, 0)->virt_start = x;
		desc(&m, 1)->virt_start = 0x20018000;
		desc(&m, 2)->virt_start = asc ? 0x20020000 : 0x20000000;
		assert_int_equal(efivmap_layout_check(&m.map, &c, NULL), 3);
		desc(&m, 1)->virt_start = x + 0x8000;
		if (!asc)
			desc(&m, 2)->virt_start = 0x20010000;
		want_check(&m, &c, EFIVMAP_ERR_VA_OVERLAP, 1);
		lmap_free(&m);
	}
}

/* ------------------------------------------------------------------ */
/* Mode policy                                                         */
/* ------------------------------------------------------------------ */

static void test_layout_mode_policy(void **state)
{
	static const struct {
		struct efivmap_layout_mode_in in;
		int want;
		enum efivmap_layout_mode_reason why;
	} cases[] = {
		{ { .va_bits = 39 }, 1, EFIVMAP_MODE_VA_SMALL },
		{ { .va_bits = 47 }, 1, EFIVMAP_MODE_VA_SMALL },
		{ { .va_bits = 48 }, 0, EFIVMAP_MODE_VA_LARGE },
		{ { .va_bits = 52 }, 0, EFIVMAP_MODE_VA_LARGE },
		/* Ampere eMAG/Altra: SVAM even at 48 bits. */
		{ { .va_bits = 48, .quirks = EFIVMAP_QUIRK_FORCE_SVAM }, 1,
		  EFIVMAP_MODE_QUIRK_SVAM },
		/* RT_PROPERTIES without the SVAM bit wins over the VA size. */
		{ { .va_bits = 39, .have_rt_properties = true,
		    .rt_supported = 0x3fff & ~0x80u }, 0,
		  EFIVMAP_MODE_RT_PROPERTIES },
		{ { .va_bits = 48, .have_rt_properties = true,
		    .rt_supported = 0, .quirks = EFIVMAP_QUIRK_FORCE_SVAM }, 0,
		  EFIVMAP_MODE_RT_PROPERTIES },
		/* ...and with the bit it changes nothing. */
		{ { .va_bits = 39, .have_rt_properties = true,
		    .rt_supported = 0x80 }, 1, EFIVMAP_MODE_VA_SMALL },
		/* A mask without the table means nothing. */
		{ { .va_bits = 39, .rt_supported = 0 }, 1,
		  EFIVMAP_MODE_VA_SMALL },
		/* efi=novamap wins over everything, even the quirk. */
		{ { .va_bits = 39, .quirks = EFIVMAP_QUIRK_NO_SVAM }, 0,
		  EFIVMAP_MODE_QUIRK_NO_SVAM },
		{ { .va_bits = 48, .quirks = EFIVMAP_QUIRK_ALL }, 0,
		  EFIVMAP_MODE_QUIRK_NO_SVAM },
		/* 1:1 impossible when a region lies above the VA size. */
		{ { .va_bits = 48,
		    .max_runtime_pa = (UINT64_C(1) << 48) + 0x1000 }, 1,
		  EFIVMAP_MODE_PA_HIGH },
		{ { .va_bits = 48, .max_runtime_pa = UINT64_C(1) << 48 }, 0,
		  EFIVMAP_MODE_VA_LARGE },
	};
	enum efivmap_layout_mode_reason why;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		why = EFIVMAP_MODE_REASON_MAX;
		assert_int_equal(efivmap_layout_mode(&cases[i].in, &why),
				 cases[i].want ? EFIVMAP_LAYOUT_MODE_SVAM :
						 EFIVMAP_LAYOUT_MODE_NO_SVAM);
		assert_int_equal(why, cases[i].why);
		assert_int_equal(efivmap_layout_mode(&cases[i].in, NULL),
				 cases[i].want);
	}
}

static void test_layout_mode_rejects_bad_input(void **state)
{
	struct efivmap_layout_mode_in in = { .va_bits = 48 };
	enum efivmap_layout_mode_reason why = EFIVMAP_MODE_REASON_MAX;

	(void)state;
	assert_int_equal(efivmap_layout_mode(NULL, &why), -EFIVMAP_ERR_INVAL);
	in.va_bits = 31;
	assert_int_equal(efivmap_layout_mode(&in, &why), -EFIVMAP_ERR_INVAL);
	in.va_bits = 53;
	assert_int_equal(efivmap_layout_mode(&in, &why), -EFIVMAP_ERR_INVAL);
	in.va_bits = 48;
	in.quirks = 0x4;
	assert_int_equal(efivmap_layout_mode(&in, &why), -EFIVMAP_ERR_INVAL);
	assert_int_equal(why, EFIVMAP_MODE_REASON_MAX);
}

static void test_layout_mode_reason_strings(void **state)
{
	(void)state;
	for (uint32_t r = 0; r < EFIVMAP_MODE_REASON_MAX; r++) {
		const char *s = efivmap_layout_mode_reason(r);

		assert_non_null(s);
		assert_true(strlen(s) > 10);
		assert_string_not_equal(s, "unknown");
	}
	assert_string_equal(efivmap_layout_mode_reason(EFIVMAP_MODE_REASON_MAX),
			    "unknown");
	assert_string_equal(efivmap_layout_mode_reason(UINT32_MAX), "unknown");
	assert_non_null(strstr(efivmap_layout_mode_reason(
			       EFIVMAP_MODE_RT_PROPERTIES), "RT_PROPERTIES"));
}

/*
 * Regions that end at 2^64, from the first 64 KiB frame or near the top:
 * every strategy either fails and changes nothing, or hands out a layout
 * its own check accepts. Before, a size of 2^64 wrapped to 0 and LINUX
 * placed [0x1000, 2^64) in a 32-bit window.
 */
static void test_layout_regions_ending_at_2_64_plan_implies_check(void **state)
{
	static const struct { uint64_t pa, pages; } regions[] = {
		{ 0x1000, (UINT64_C(1) << 52) - 1 },     /* [0x1000, 2^64) */
		{ 0xf000, (UINT64_C(1) << 52) - 15 },
		{ 0x10000, (UINT64_C(1) << 52) - 16 },
		{ 0 - UINT64_C(0x200000), 512 },          /* the top 2 MiB */
		{ 0 - UINT64_C(0x1000), 1 },
	};
	static const uint32_t va_bits[] = { 32, 39, 48, 52 };
	struct efivmap_layout_cfg c;
	struct efivmap_diag diag;
	struct tl_map m;
	struct lmap l, before;
	size_t r, s, v;
	int ret;

	(void)state;
	for (r = 0; r < sizeof(regions) / sizeof(regions[0]); r++) {
		tl_map_init(&m, 48);
		tl_map_add(&m, EFIVMAP_EFI_RUNTIME_SERVICES_DATA, regions[r].pa,
			   regions[r].pages, EFIVMAP_EFI_MEMORY_RUNTIME |
			   EFIVMAP_EFI_MEMORY_WB);
		lmap_from_tl(&before, &m);
		for (s = 0; s < 3; s++)
			for (v = 0; v < sizeof(va_bits) / sizeof(va_bits[0]);
			     v++) {
				cfg_for(&c, strategies[s]);
				c.va_bits = va_bits[v];
				if (c.limit > (UINT64_C(1) << c.va_bits))
					c.limit = UINT64_C(1) << c.va_bits;
				lmap_copy(&l, &before);
				ret = efivmap_layout_plan(&l.map, &c, &diag);
				if (ret < 0)
					assert_memory_equal(l.buf, before.buf,
							    l.size);
				else
					assert_int_equal(efivmap_layout_check(
						&l.map, &c, NULL), ret);
				/* the two large ones never fit */
				if (regions[r].pages > 512)
					assert_true(ret < 0);
				lmap_free(&l);
			}
		lmap_free(&before);
	}
}

/* ------------------------------------------------------------------ */
/* Maps efivmap_mmap_init_ex() tolerated                               */
/* ------------------------------------------------------------------ */

/* A map with an unaligned runtime start and two empty runtime regions. */
static void tol_map(struct tl_map *tm, struct efivmap_mmap *map)
{
	tl_map_init(tm, 48);
	tl_map_add(tm, CONV, 0x40000000, 0x100, WB);
	tl_map_add(tm, CODE, 0x40123800, 0x10, WB | RT);      /* unaligned */
	tl_map_add(tm, DATA, 0x40200000, 0, WB | RT);         /* empty */
	tl_map_add(tm, DATA, 0x40400000, 0x200, WB | RT);     /* 2 MiB */
	tl_map_add(tm, DATA, 0x40605000, 0, WB | RT);         /* empty, head */
	tl_map_add(tm, MMIO, 0x09010000, 1, UC | RT);
	assert_int_equal(efivmap_mmap_init_ex(map, tm->buf, tl_map_size(tm), 48,
					      1, 0, NULL, NULL), 0);
}

/*
 * Every strategy gives every runtime region a VirtualStart, VA == PA
 * modulo 64 KiB even for the unaligned start and the empty ones, and the
 * result passes the kexec check. Nothing but VirtualStart changes.
 */
static void test_layout_tolerated_defects_every_strategy(void **state)
{
	(void)state;
	for (size_t k = 0; k < 3; k++) {
		struct efivmap_layout_cfg cfg;
		struct efivmap_mmap map;
		struct tl_map tm;
		uint8_t *before;

		tol_map(&tm, &map);
		before = malloc(tl_map_size(&tm));
		memcpy(before, tm.buf, tl_map_size(&tm));
		efivmap_layout_cfg_init(&cfg);
		cfg.strategy = strategies[k];
		assert_int_equal(efivmap_layout_plan(&map, &cfg, NULL), 5);
		for (size_t i = 0; i < map.count; i++) {
			struct efivmap_efi_desc *d = efivmap_mmap_get(&map, i);
			struct efivmap_efi_desc *o = (void *)(before + i * 48);

			if (!efivmap_desc_is_runtime(d))
				continue;
			assert_int_not_equal(d->virt_start,
					     EFIVMAP_EFI_VA_INVALID);
			assert_int_equal((d->virt_start - d->phys_start) %
					 K64, 0);
			/* restore VirtualStart: the rest is as it was */
			d->virt_start = o->virt_start;
		}
		assert_memory_equal(before, tm.buf, tl_map_size(&tm));
		assert_int_equal(efivmap_layout_plan(&map, &cfg, NULL), 5);
		assert_int_equal(efivmap_layout_check(&map, &cfg, NULL), 5);
		free(before);
		tl_map_free(&tm);
	}
}

/* LINUX follows efi_get_virtmap(): an empty region takes its head only. */
static void test_layout_linux_empty_and_unaligned(void **state)
{
	struct efivmap_layout_cfg cfg;
	struct efivmap_mmap map;
	struct tl_map tm;

	(void)state;
	tol_map(&tm, &map);
	efivmap_layout_cfg_init(&cfg);
	cfg.strategy = EFIVMAP_LAYOUT_LINUX;
	assert_int_equal(efivmap_layout_plan(&map, &cfg, NULL), 5);
	/* code: frame 0x40120000, head 0x3800, 0x10 pages */
	assert_int_equal(tl_map_desc(&tm, 1)->virt_start, 0x20003800);
	/* empty, aligned: no head, no room */
	assert_int_equal(tl_map_desc(&tm, 2)->virt_start, 0x20020000);
	/* the 2 MiB region goes to the next 2 MiB boundary as before */
	assert_int_equal(tl_map_desc(&tm, 3)->virt_start, 0x20200000);
	/* empty with a 0x5000 head at the next 64 KiB frame */
	assert_int_equal(tl_map_desc(&tm, 4)->virt_start, 0x20405000);
	/* which it takes: the MMIO page goes to the frame after */
	assert_int_equal(tl_map_desc(&tm, 5)->virt_start, 0x20410000);
	tl_map_free(&tm);
}

/* The kexec check: an empty region's VA is not looked at. */
static void test_layout_check_accepts_empty_regions(void **state)
{
	struct efivmap_layout_cfg cfg;
	struct efivmap_mmap map;
	struct efivmap_diag diag;
	struct tl_map tm;

	(void)state;
	tol_map(&tm, &map);
	efivmap_layout_cfg_init(&cfg);
	assert_int_equal(efivmap_layout_plan(&map, &cfg, NULL), 5);
	tl_map_desc(&tm, 2)->virt_start = 0x12345;
	tl_map_desc(&tm, 4)->virt_start = tl_map_desc(&tm, 3)->virt_start;
	assert_int_equal(efivmap_layout_check(&map, &cfg, NULL), 5);
	/* but a failed SetVirtualAddressMap is still seen on one */
	tl_map_desc(&tm, 2)->virt_start = EFIVMAP_EFI_VA_INVALID;
	assert_int_equal(efivmap_layout_check(&map, &cfg, &diag),
			 -EFIVMAP_ERR_RT_UNAVAILABLE);
	assert_int_equal(diag.index, 2);
	/* an unaligned start's VA must keep its offset in the frame */
	tl_map_desc(&tm, 2)->virt_start = 0x12345;
	tl_map_desc(&tm, 1)->virt_start &= ~(K64 - 1);
	assert_int_equal(efivmap_layout_check(&map, &cfg, &diag),
			 -EFIVMAP_ERR_VA_MISMATCH);
	assert_int_equal(diag.index, 1);
	tl_map_free(&tm);
}

/*
 * Two runtime regions overlapping in PA, tolerated at init: OPTIMAL
 * gives them one translation; handed-over VAs that translate one 64 KiB
 * page two ways are refused.
 */
static void test_layout_runtime_overlap(void **state)
{
	struct efivmap_layout_cfg cfg;
	struct efivmap_mmap map;
	struct efivmap_diag diag;
	struct tl_map tm;

	(void)state;
	tl_map_init(&tm, 40);
	tl_map_add(&tm, CODE, 0x40100000, 0x20, WB | RT);
	tl_map_add(&tm, CODE, 0x40110000, 0x20, WB | RT);
	assert_int_equal(efivmap_mmap_init_ex(&map, tm.buf, tl_map_size(&tm),
					      40, 1, 0, NULL, NULL), 0);
	efivmap_layout_cfg_init(&cfg);
	assert_int_equal(efivmap_layout_plan(&map, &cfg, NULL), 2);
	assert_int_equal(tl_map_desc(&tm, 1)->virt_start -
			 tl_map_desc(&tm, 0)->virt_start, 0x10000);
	assert_int_equal(efivmap_layout_check(&map, &cfg, NULL), 2);
	/* at the end of the first's VAs: the PA twice, which is fine */
	tl_map_desc(&tm, 1)->virt_start += 0x10000;
	assert_int_equal(efivmap_layout_check(&map, &cfg, NULL), 2);
	/* over the first's VAs at another offset: refused */
	tl_map_desc(&tm, 1)->virt_start -= 0x20000;
	assert_int_equal(efivmap_layout_check(&map, &cfg, &diag),
			 -EFIVMAP_ERR_VA_OVERLAP);
	assert_int_equal(diag.index, 1);
	tl_map_free(&tm);
}

/*
 * A runtime region inside an earlier one (found by the fuzzer): the
 * OPTIMAL cluster keeps the outer end, so the next cluster goes after
 * it, and the plan passes the kexec check.
 */
static void test_layout_optimal_region_inside_another(void **state)
{
	struct efivmap_layout_cfg cfg;
	struct efivmap_mmap map;
	struct tl_map tm;

	(void)state;
	tl_map_init(&tm, 40);
	tl_map_add(&tm, CODE, 0x40003000, 0xd, RT);
	tl_map_add(&tm, MMIO, 0x09000000, 1, UC | RT);
	tl_map_add(&tm, MMIO, 0x04000000, 0x10010, UC | RT);
	assert_int_equal(efivmap_mmap_init_ex(&map, tm.buf, tl_map_size(&tm),
					      40, 1, 0, NULL, NULL), 0);
	efivmap_layout_cfg_init(&cfg);
	cfg.va_bits = 32;
	assert_int_equal(efivmap_layout_plan(&map, &cfg, NULL), 3);
	assert_int_equal(efivmap_layout_check(&map, &cfg, NULL), 3);
	assert_int_equal(tl_map_desc(&tm, 1)->virt_start -
			 tl_map_desc(&tm, 2)->virt_start, 0x05000000);
	tl_map_free(&tm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_regions_ending_at_2_64_plan_implies_check),
		cmocka_unit_test(test_layout_cfg_defaults),
		cmocka_unit_test(test_layout_strategy_names),
		cmocka_unit_test(test_layout_plan_rejects_bad_arguments),
		cmocka_unit_test(test_layout_empty_and_no_runtime),
		cmocka_unit_test(test_layout_linux_matches_captures),
		cmocka_unit_test(test_layout_linux_alignment_rule),
		cmocka_unit_test(test_layout_optimal_edk2_picture),
		cmocka_unit_test(test_layout_optimal_shared_frames_one_delta),
		cmocka_unit_test(test_layout_optimal_keeps_block_alignment),
		cmocka_unit_test(test_layout_optimal_cluster_takes_largest_alignment),
		cmocka_unit_test(test_layout_optimal_fills_small_regions_into_large_regions_free_window),
		cmocka_unit_test(test_layout_optimal_fills_only_windows_with_pages),
		cmocka_unit_test(test_layout_optimal_large_map_keeps_pa_order),
		cmocka_unit_test(test_layout_optimal_asus_six_tables),
		cmocka_unit_test(test_layout_optimal_independent_of_map_order),
		cmocka_unit_test(test_layout_optimal_falls_back_to_linux),
		cmocka_unit_test(test_layout_optimal_never_costlier_than_linux),
		cmocka_unit_test(test_layout_optimal_real_maps_keep_own_rules),
		cmocka_unit_test(test_layout_optimal_large_maps),
		cmocka_unit_test(test_layout_flat_is_identity),
		cmocka_unit_test(test_layout_flat_va_bits_error),
		cmocka_unit_test(test_layout_mixed_frame_separate_va_frames),
		cmocka_unit_test(test_layout_check_mixed_attributes_in_one_page),
		cmocka_unit_test(test_layout_window_too_small),
		cmocka_unit_test(test_layout_window_clipped_by_va_bits),
		cmocka_unit_test(test_layout_top_of_physical_space),
		cmocka_unit_test(test_layout_randomized_shift),
		cmocka_unit_test(test_layout_randomized_deterministic),
		cmocka_unit_test(test_layout_properties_real_maps),
		cmocka_unit_test(test_layout_properties_random_maps),
		cmocka_unit_test(test_layout_check_errors),
		cmocka_unit_test(test_layout_check_overlaps),
		cmocka_unit_test(test_layout_mode_policy),
		cmocka_unit_test(test_layout_mode_rejects_bad_input),
		cmocka_unit_test(test_layout_mode_reason_strings),
		cmocka_unit_test(test_layout_tolerated_defects_every_strategy),
		cmocka_unit_test(test_layout_linux_empty_and_unaligned),
		cmocka_unit_test(test_layout_check_accepts_empty_regions),
		cmocka_unit_test(test_layout_runtime_overlap),
		cmocka_unit_test(test_layout_optimal_region_inside_another),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
