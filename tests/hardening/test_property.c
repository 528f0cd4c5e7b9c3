// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Property test: 100,000 random memory maps, each laid out by one of the
 * three strategies and mapped at one of the three granules, then proven
 * by walking the tables it produced:
 *	- exact coverage: every granule page of every runtime region maps
 *	  to its physical page, and nothing else is mapped;
 *	- VA == PA (mod 64 KiB) for every runtime region;
 *	- no leaf is EL0-accessible or EL0-executable, every leaf is nG;
 *	- device memory is never executable;
 *	- no page is both writable and executable when a MAT is given;
 *	- the pool is never written outside its bytes (guard bytes);
 *	- the table count efivmap_pt_tables_needed() gives is exactly what
 *	  the build uses (and one table less is refused, unchanged).
 *
 * A third of the maps without a MAT also carry defects that
 * efivmap_mmap_init_ex() tolerates (unaligned runtime starts, empty
 * descriptors, non-runtime regions over runtime ones, exact duplicates,
 * unknown, OEM and OS types, descriptor version 2): they are reported,
 * and every runtime region is still mapped exactly, by its rounded-out
 * pages.
 *
 * Case i is generated from splitmix64(seed + i) alone, so any case can be
 * rerun on its own:
 *	EFIVMAP_PROPERTY_SEED=S   (default 0x6566697661707270)
 *	EFIVMAP_PROPERTY_CASE=i   run only case i, verbosely
 *	EFIVMAP_PROPERTY_MAPS=n   number of cases (default 100000)
 */
#define _POSIX_C_SOURCE 200112L  /* posix_memalign */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "efivmap/layout.h"
#include "efivmap/mmap.h"
#include "efivmap/pt.h"
#include "pt_check.h"
#include "testlib.h"

#define DEFAULT_SEED UINT64_C(0x6566697661707270)
#define DEFAULT_MAPS 100000u
#define MAX_DESCS 24
#define MAX_MAT (3 * MAX_DESCS)
#define GUARD 4096u
#define GUARD_BYTE 0xC3
#define SZ_64K UINT64_C(0x10000)
#define SZ_2M (UINT64_C(1) << 21)

#define RT EFIVMAP_EFI_MEMORY_RUNTIME
#define WB EFIVMAP_EFI_MEMORY_WB
#define UC EFIVMAP_EFI_MEMORY_UC

static const uint32_t granules[3] = {
	EFIVMAP_PT_GRANULE_4K, EFIVMAP_PT_GRANULE_16K, EFIVMAP_PT_GRANULE_64K,
};
static const size_t strides[3] = { 40, 48, 64 };
static const uint32_t va_bits_choice[5] = { 39, 40, 42, 44, 48 };
static const uint32_t pa_bits_choice[4] = { 40, 42, 44, 48 };

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint64_t below(struct rng *r, uint64_t n)
{
	return next(r) % n;
}

static bool chance(struct rng *r, unsigned percent)
{
	return below(r, 100) < percent;
}

/* One case: the map, its MAT, and the configurations. */
struct gen {
	struct tl_map map;
	bool with_mat;
	/* MAT: 16-byte header then 48-byte entries. */
	uint64_t mat_buf[(16 + MAX_MAT * 48) / 8];
	uint32_t mat_count;
	struct efivmap_layout_cfg lcfg;
	uint32_t granule, va_bits, pa_bits, flags;
	uint32_t version;       /* descriptor version handed to init_ex */
	unsigned defects;       /* defects injected */
};

static uint64_t pages_for(struct rng *r, bool aligned)
{
	uint64_t p;

	switch (below(r, 8)) {
	case 0:
		p = 512 * (1 + below(r, 4));    /* whole 2 MiB blocks */
		break;
	case 1:
		p = 1 + below(r, 2048);         /* up to 8 MiB */
		break;
	default:
		p = 1 + below(r, 64);
		break;
	}
	if (aligned)
		p = (p + 15) & ~UINT64_C(15);   /* 64 KiB multiples */
	return p;
}

static void mat_add(struct gen *g, uint32_t type, uint64_t pa, uint64_t pages,
		    uint64_t attr)
{
	uint8_t *e = (uint8_t *)g->mat_buf + 16 + 48 * (size_t)g->mat_count;
	struct efivmap_efi_desc d;

	memset(&d, 0, sizeof(d));
	d.type = type;
	d.phys_start = pa;
	d.num_pages = pages;
	d.attribute = attr | RT;
	memcpy(e, &d, sizeof(d));
	memset(e + 40, 0, 8);
	g->mat_count++;
}

/* Split a code region into MAT entries: text RO, then data XP, ... */
static void mat_cover(struct rng *r, struct gen *g, uint32_t type,
		      uint64_t pa, uint64_t pages)
{
	uint64_t cut;

	if (type == EFIVMAP_EFI_RUNTIME_SERVICES_DATA || pages < 32) {
		mat_add(g, type, pa, pages, type ==
			EFIVMAP_EFI_RUNTIME_SERVICES_DATA ?
			EFIVMAP_EFI_MEMORY_XP : EFIVMAP_EFI_MEMORY_RO);
		return;
	}
	/* Up to three 64 KiB aligned pieces, as a PE image has. */
	cut = 16 * (1 + below(r, pages / 16 - 1));
	mat_add(g, type, pa, cut, EFIVMAP_EFI_MEMORY_RO);
	if (pages - cut >= 32 && chance(r, 50)) {
		uint64_t cut2 = 16 * (1 + below(r, (pages - cut) / 16 - 1));

		mat_add(g, type, pa + (cut << 12), cut2,
			EFIVMAP_EFI_MEMORY_XP);
		mat_add(g, type, pa + ((cut + cut2) << 12),
			pages - cut - cut2, EFIVMAP_EFI_MEMORY_RO);
	} else {
		mat_add(g, type, pa + (cut << 12), pages - cut,
			EFIVMAP_EFI_MEMORY_XP);
	}
}

/* A copy of descriptor @k appended, with another type and attribute. */
static void add_copy(struct gen *g, size_t k, uint32_t type, uint64_t attr)
{
	struct efivmap_efi_desc d = *tl_map_desc(&g->map, k);

	tl_map_add(&g->map, type, d.phys_start, d.num_pages, attr);
}

/*
 * Defects a real map may have that init_ex tolerates, none of them
 * unsafe: a start moved into its first page (and the region one page
 * shorter, so it overlaps nothing new), empty descriptors, a non-runtime
 * region over a runtime one, an exact duplicate, types UEFI does not
 * define (on runtime data with WB only, so a copy of the region keeps
 * its permissions and no frame gets a second memory type).
 */
static void inject(struct gen *g, struct rng *r)
{
	size_t n = g->map.count, k, rounds = 1 + below(r, 4);
	static const uint32_t odd[3] = { 0x20, 0x70000001, 0x80000001 };
	struct efivmap_efi_desc *d;

	g->version = chance(r, 30) ? 2 : 1;
	g->defects += g->version != 1;
	while (rounds--) {
		k = below(r, n);
		d = tl_map_desc(&g->map, k);
		switch (below(r, 5)) {
		case 0:
			/* twice could land on a page boundary again */
			if (d->num_pages < 2 || (d->phys_start & 0xfff))
				break;
			d->phys_start += 8 * (1 + below(r, 511));
			d->num_pages--;
			g->defects++;
			break;
		case 1:
			tl_map_add(&g->map, EFIVMAP_EFI_RUNTIME_SERVICES_DATA,
				   chance(r, 50) ? d->phys_start : 0, 0,
				   WB | (chance(r, 70) ? RT : 0));
			g->defects++;
			break;
		case 2:
			if (!(d->attribute & RT))
				break;
			add_copy(g, k, EFIVMAP_EFI_BOOT_SERVICES_DATA, WB);
			g->defects++;
			break;
		case 3:
			add_copy(g, k, d->type, d->attribute);
			g->defects++;
			break;
		default:
			/* a copy of it would need other permissions */
			if ((d->attribute & RT) &&
			    (d->type != EFIVMAP_EFI_RUNTIME_SERVICES_DATA ||
			     !(d->attribute & WB)))
				break;
			d->type = odd[below(r, 3)];
			g->defects++;
			break;
		}
	}
}

/*
 * RAM descriptors ascend from a random base; device regions sit below
 * 1 GiB and are appended last, unsorted, as EDK2 reports them. With a
 * MAT, runtime RAM regions are 64 KiB aligned, as EDK2 keeps them, so
 * every entry is usable at every granule.
 */
static void generate(struct gen *g, struct rng *r, unsigned long i)
{
	uint64_t ram = (UINT64_C(1) << 30) * (1 + below(r, 200));
	uint64_t dev = UINT64_C(0x04000000);
	unsigned n = 1 + (unsigned)below(r, MAX_DESCS), k, ndev = 0;
	bool shared_frames = chance(r, 30);

	memset(g, 0, offsetof(struct gen, mat_buf));
	g->with_mat = chance(r, 50);
	g->mat_count = 0;
	g->version = EFIVMAP_EFI_DESC_VERSION;
	g->defects = 0;
	tl_map_init(&g->map, strides[below(r, 3)]);
	for (k = 0; k < n; k++) {
		uint32_t type;
		uint64_t attr = WB | EFIVMAP_EFI_MEMORY_UC, pages;
		bool aligned;

		if (chance(r, 15) && ndev < 4) {
			/* MMIO, or Reserved with only UC: device memory. */
			type = chance(r, 80) ? EFIVMAP_EFI_MMIO :
			       EFIVMAP_EFI_RESERVED;
			attr = chance(r, 30) ? EFIVMAP_EFI_MEMORY_WC : UC;
			pages = 1 + below(r, 32);
			dev = (dev + SZ_64K * (1 + below(r, 16))) &
			      ~(SZ_64K - 1);
			tl_map_add(&g->map, type, dev, pages,
				   attr | (chance(r, 70) ? RT : 0));
			dev += pages << 12;
			ndev++;
			continue;
		}
		switch (below(r, 8)) {
		case 0:
			type = EFIVMAP_EFI_RUNTIME_SERVICES_CODE;
			break;
		case 1:
		case 2:
			type = EFIVMAP_EFI_RUNTIME_SERVICES_DATA;
			break;
		case 3:
			type = EFIVMAP_EFI_BOOT_SERVICES_DATA;
			break;
		case 4:
			type = EFIVMAP_EFI_LOADER_DATA;
			break;
		case 5:
			type = EFIVMAP_EFI_ACPI_RECLAIM;
			break;
		default:
			type = EFIVMAP_EFI_CONVENTIONAL;
			break;
		}
		if (type == EFIVMAP_EFI_RUNTIME_SERVICES_CODE ||
		    type == EFIVMAP_EFI_RUNTIME_SERVICES_DATA) {
			attr |= RT;
			if (chance(r, 5))
				attr |= EFIVMAP_EFI_MEMORY_XP;
		}
		/* Runtime RAM without WB must not share a frame with WB. */
		aligned = g->with_mat || !shared_frames;
		if ((attr & RT) && chance(r, 3)) {
			attr &= ~WB;
			aligned = true;
		}
		if ((attr & RT) && aligned)
			ram = (ram + SZ_64K - 1) & ~(SZ_64K - 1);
		else if (chance(r, 20))
			ram += (uint64_t)below(r, 16) << 12;  /* a hole */
		if (chance(r, 10))
			ram = (ram + SZ_2M - 1) & ~(SZ_2M - 1);
		pages = pages_for(r, (attr & RT) && aligned);
		tl_map_add(&g->map, type, ram, pages, attr);
		if (g->with_mat && (attr & RT))
			mat_cover(r, g, type, ram, pages);
		ram += pages << 12;
		if ((attr & RT) && aligned)
			ram = (ram + SZ_64K - 1) & ~(SZ_64K - 1);
	}

	efivmap_layout_cfg_init(&g->lcfg);
	g->lcfg.strategy = (uint32_t)(i % 3);
	g->granule = granules[(i / 3) % 3];
	g->va_bits = va_bits_choice[below(r, 5)];
	g->pa_bits = pa_bits_choice[below(r, 4)];
	if (g->lcfg.strategy == EFIVMAP_LAYOUT_FLAT)
		g->va_bits = 48;        /* RAM may lie anywhere below 2^38 */
	g->lcfg.va_bits = g->va_bits;
	if (g->lcfg.strategy != EFIVMAP_LAYOUT_FLAT && chance(r, 20)) {
		g->lcfg.randomize = true;
		g->lcfg.seed = next(r);
	}
	g->flags = (uint32_t)below(r, 8);
	if (g->with_mat) {
		uint32_t *h = (uint32_t *)(void *)g->mat_buf;

		h[0] = chance(r, 50) ? 2 : 1;
		h[1] = g->mat_count;
		h[2] = 48;
		h[3] = h[0] == 2 && chance(r, 50) ?
		       EFIVMAP_EFI_MAT_FLAG_RT_FORWARD_CFG : 0;
	}
	if (!g->with_mat && chance(r, 33))
		inject(g, r);
}

/* A VA interval the runtime regions cover, at granule resolution. */
struct ival {
	uint64_t va, end, off;  /* off = va - pa */
};

static int cmp_ival(const void *a, const void *b)
{
	const struct ival *x = a, *y = b;

	return x->va < y->va ? -1 : x->va > y->va;
}

struct cover {
	struct ival iv[2 * MAX_DESCS];
	size_t n;
	size_t cur;
	uint64_t covered;       /* leaf bytes inside an interval */
	const char *bad;
	uint64_t bad_va;
	struct ptc ptc;
};

static int cover_leaf(void *ctx, const struct efivmap_pt_leaf *l)
{
	struct cover *c = ctx;

	if (ptc_leaf(&c->ptc, l))
		return 1;
	while (c->cur < c->n && c->iv[c->cur].end <= l->va)
		c->cur++;
	if (c->cur == c->n || l->va < c->iv[c->cur].va ||
	    l->va + l->size > c->iv[c->cur].end) {
		c->bad = "mapped outside every runtime region";
		c->bad_va = l->va;
		return 1;
	}
	if (l->va - l->pa != c->iv[c->cur].off) {
		c->bad = "maps to the wrong physical address";
		c->bad_va = l->va;
		return 1;
	}
	c->covered += l->size;
	return 0;
}

/* The granule-rounded VA intervals of the runtime regions, merged. */
static uint64_t expected_cover(struct cover *c, const struct efivmap_mmap *m,
			       uint64_t g)
{
	uint64_t total = 0;
	size_t i, n = 0;

	for (i = 0; i < m->count; i++) {
		const struct efivmap_efi_desc *d = efivmap_mmap_get(m, i);

		if (!efivmap_desc_is_runtime(d) || !d->num_pages)
			continue;
		c->iv[n].va = d->virt_start & ~(g - 1);
		c->iv[n].end = (d->virt_start + efivmap_desc_bytes(d) + g - 1) &
			       ~(g - 1);
		c->iv[n].off = d->virt_start - d->phys_start;
		n++;
	}
	qsort(c->iv, n, sizeof(c->iv[0]), cmp_ival);
	c->n = 0;
	for (i = 0; i < n; i++) {
		struct ival *last = c->n ? &c->iv[c->n - 1] : NULL;

		if (last && c->iv[i].va <= last->end &&
		    c->iv[i].off == last->off) {
			if (c->iv[i].end > last->end)
				last->end = c->iv[i].end;
			continue;
		}
		assert_true(!last || c->iv[i].va >= last->end);
		c->iv[c->n++] = c->iv[i];
	}
	for (i = 0; i < c->n; i++)
		total += c->iv[i].end - c->iv[i].va;
	c->cur = 0;
	c->covered = 0;
	c->bad = NULL;
	memset(&c->ptc, 0, sizeof(c->ptc));
	return total;
}

static void dump_case(unsigned long i, const struct gen *g,
		      const struct efivmap_mmap *m)
{
	size_t k;

	fprintf(stderr, "case %lu: %s layout, granule 0x%x, va_bits %u, "
		"pa_bits %u, flags 0x%x, stride %zu, MAT %s (%u entries)\n",
		i, efivmap_layout_strategy_name(g->lcfg.strategy), g->granule,
		g->va_bits, g->pa_bits, g->flags, g->map.desc_size,
		g->with_mat ? "yes" : "no", g->mat_count);
	for (k = 0; k < m->count; k++) {
		const struct efivmap_efi_desc *d = efivmap_mmap_get(m, k);

		fprintf(stderr, "  %2u 0x%012llx 0x%6llx pages attr 0x%016llx "
			"va 0x%012llx\n", d->type,
			(unsigned long long)d->phys_start,
			(unsigned long long)d->num_pages,
			(unsigned long long)d->attribute,
			(unsigned long long)d->virt_start);
	}
}

#define PROVE(cond, ...) \
	do { \
		if (!(cond)) { \
			dump_case(i, g, &map); \
			fail_msg(__VA_ARGS__); \
		} \
	} while (0)

struct totals {
	unsigned long cases, with_mat, leaves, tables, short_pool, defects;
	unsigned long per_strategy[3], per_granule[3];
};

static void prove(unsigned long i, struct gen *g, struct totals *t,
		  bool verbose)
{
	struct efivmap_pt_config cfg;
	struct efivmap_pt_input in;
	struct efivmap_pt_mat mat;
	struct efivmap_mmap map;
	struct efivmap_diag diag;
	struct efivmap_pt pt;
	struct efivmap_pt_stats st;
	struct efivmap_findings fs;
	struct cover cov;
	size_t need = 0, pool_size, k, nrt;
	uint64_t total, pool_pa;
	uint8_t *mem, *pool;
	int rc;

	memset(&diag, 0, sizeof(diag));
	memset(&map, 0, sizeof(map));
	efivmap_findings_init(&fs, NULL, 0);
	rc = efivmap_mmap_init_ex(&map, g->map.buf, tl_map_size(&g->map),
				  g->map.desc_size, g->version, g->pa_bits,
				  &fs, &diag);
	PROVE(rc == 0, "case %lu: map rejected (%d, %s)", i, rc, diag.what);
	PROVE(fs.count >= (g->defects != 0),
	      "case %lu: %u defects, no finding", i, g->defects);
	t->defects += g->defects != 0;
	nrt = efivmap_mmap_count_runtime(&map);
	rc = efivmap_layout_plan(&map, &g->lcfg, &diag);
	PROVE(rc >= 0 && (size_t)rc == nrt, "case %lu: plan %d (%s)", i, rc,
	      rc < 0 ? diag.what : "");

	rc = efivmap_layout_check(&map, &g->lcfg, &diag);
	PROVE(rc >= 0 && (size_t)rc == nrt, "case %lu: check %d (%s)", i, rc,
	      rc < 0 ? diag.what : "");
	for (k = 0; k < map.count; k++) {
		const struct efivmap_efi_desc *d = efivmap_mmap_get(&map, k);

		if (efivmap_desc_is_runtime(d))
			PROVE(((d->virt_start ^ d->phys_start) &
			       (SZ_64K - 1)) == 0,
			      "case %lu: VA != PA mod 64 KiB at %zu", i, k);
	}

	rc = efivmap_pt_config_init(&cfg, g->granule, g->va_bits, g->pa_bits,
				    g->flags);
	assert_int_equal(rc, 0);
	memset(&in, 0, sizeof(in));
	in.map = &map;
	if (g->with_mat) {
		rc = efivmap_pt_mat_from_table(&mat, g->mat_buf,
					       16 + 48 * (size_t)g->mat_count,
					       &diag);
		PROVE(rc == 0, "case %lu: MAT rejected (%d)", i, rc);
		rc = efivmap_pt_mat_validate(&cfg, &map, &mat, NULL, NULL);
		PROVE(rc == 0, "case %lu: %d MAT entries ignored", i, rc);
		in.mat = &mat;
	}
	rc = efivmap_pt_tables_needed(&cfg, &in, &need, &diag);
	PROVE(rc == 0, "case %lu: sizing %d (%s at 0x%llx)", i, rc,
	      diag.what, (unsigned long long)diag.addr);

	/* The pool between guard pages, at a PA only 4 KiB aligned. */
	pool_size = EFIVMAP_PT_POOL_SIZE(g->granule, need);
	if (posix_memalign((void **)&mem, 4096, pool_size + 2 * GUARD))
		abort();
	pool = mem + GUARD;
	memset(mem, GUARD_BYTE, GUARD);
	memset(pool + pool_size, GUARD_BYTE, GUARD);
	pool_pa = UINT64_C(0x80000000) + ((i % 16) << 12);

	if (i % 8 == 0 && need > 1) {
		/* One table short: refused with the count, nothing changed. */
		size_t short_size = EFIVMAP_PT_POOL_SIZE(g->granule, need - 1);

		struct efivmap_pt before;
		uint8_t *snap;
		size_t live;

		assert_int_equal(efivmap_pt_init_pool(&pt, &cfg, pool,
						      short_size, pool_pa,
						      NULL), 0);
		/* The tables in use (the root) must not change; free pool
		 * tables are scratch. */
		live = pt.used * g->granule;
		snap = malloc(live);
		assert_non_null(snap);
		memcpy(snap, pt.pool, live);
		before = pt;
		rc = efivmap_pt_build(&pt, &in, NULL);
		PROVE(rc == -EFIVMAP_ERR_POOL && pt.needed == need,
		      "case %lu: short pool gave %d, needed %zu of %zu", i,
		      rc, pt.needed, need);
		PROVE(memcmp(snap, pt.pool, live) == 0 &&
		      pt.used == before.used && pt.root == before.root,
		      "case %lu: failed build changed the tables", i);
		free(snap);
		t->short_pool++;
	}

	rc = efivmap_pt_init_pool(&pt, &cfg, pool, pool_size, pool_pa, &diag);
	assert_int_equal(rc, 0);
	rc = efivmap_pt_build(&pt, &in, &diag);
	PROVE(rc == 0, "case %lu: build %d (%s at 0x%llx)", i, rc, diag.what,
	      (unsigned long long)diag.addr);
	PROVE(pt.used == need, "case %lu: sized %zu tables, used %zu", i,
	      need, pt.used);
	for (k = 0; k < GUARD; k++)
		PROVE(mem[k] == GUARD_BYTE &&
		      pool[pool_size + k] == GUARD_BYTE,
		      "case %lu: pool overrun", i);
	rc = efivmap_pt_verify(&pt, &in, &diag);
	PROVE(rc == 0, "case %lu: verify %d (%s at 0x%llx)", i, rc, diag.what,
	      (unsigned long long)diag.addr);

	/* The walker's proof. */
	total = expected_cover(&cov, &map, g->granule);
	rc = efivmap_pt_for_each_leaf(&pt, cover_leaf, &cov);
	PROVE(!cov.ptc.bad, "case %lu: leaf at 0x%llx: %s", i,
	      (unsigned long long)cov.ptc.bad_va, cov.ptc.bad);
	PROVE(!cov.bad, "case %lu: leaf at 0x%llx: %s", i,
	      (unsigned long long)cov.bad_va, cov.bad);
	PROVE(rc == 0 && cov.covered == total,
	      "case %lu: %llu bytes mapped, %llu expected", i,
	      (unsigned long long)cov.covered, (unsigned long long)total);
	if (g->with_mat)
		PROVE(cov.ptc.wx_bytes == 0,
		      "case %lu: %llu W+X bytes despite a MAT", i,
		      (unsigned long long)cov.ptc.wx_bytes);
	assert_int_equal(efivmap_pt_stats(&pt, &st), 0);
	PROVE(st.tables == need, "case %lu: %zu tables reachable, %zu sized",
	      i, st.tables, need);
	for (k = 0; k < map.count; k++) {
		const struct efivmap_efi_desc *d = efivmap_mmap_get(&map, k);
		uint64_t pa;

		if (!efivmap_desc_is_runtime(d) || !d->num_pages)
			continue;
		rc = efivmap_pt_walk(&pt, d->virt_start, NULL, &pa);
		PROVE(rc == 0 && pa == d->phys_start,
		      "case %lu: region %zu start does not translate", i, k);
		rc = efivmap_pt_walk(&pt, d->virt_start +
				     efivmap_desc_bytes(d) - 1, NULL, &pa);
		PROVE(rc == 0 && pa == efivmap_desc_last(d),
		      "case %lu: region %zu end does not translate", i, k);
	}
	if (verbose) {
		dump_case(i, g, &map);
		fprintf(stderr, "  %zu tables, %zu leaves, %zu TLB entries, "
			"%llu W+X pages\n", st.tables, st.leaves,
			st.tlb_entries, (unsigned long long)st.wx_pages);
	}
	t->cases++;
	t->with_mat += g->with_mat;
	t->leaves += st.leaves;
	t->tables += st.tables;
	t->per_strategy[g->lcfg.strategy]++;
	for (k = 0; k < 3; k++)
		t->per_granule[k] += g->granule == granules[k];
	free(mem);
}

static uint64_t env_u64(const char *name, uint64_t def)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : def;
}

static void test_property_random_maps_prove_by_walking(void **state)
{
	uint64_t seed = env_u64("EFIVMAP_PROPERTY_SEED", DEFAULT_SEED);
	unsigned long n = (unsigned long)env_u64("EFIVMAP_PROPERTY_MAPS",
						 DEFAULT_MAPS);
	const char *only = getenv("EFIVMAP_PROPERTY_CASE");
	struct gen *g = calloc(1, sizeof(*g));
	struct totals t;
	unsigned long i, first = 0;

	(void)state;
	assert_non_null(g);
	memset(&t, 0, sizeof(t));
	if (only && *only) {
		first = strtoul(only, NULL, 0);
		n = first + 1;
	}
	for (i = first; i < n; i++) {
		struct rng r = { seed + i };

		generate(g, &r, i);
		prove(i, g, &t, only && *only);
		tl_map_free(&g->map);
	}
	printf("property: seed 0x%llx, %lu maps proven (%lu with a MAT; "
	       "optimal %lu, linux %lu, flat %lu; 4K %lu, 16K %lu, 64K %lu)"
	       ", %lu tables, %lu leaves walked, %lu short-pool checks, "
	       "%lu with tolerated defects\n",
	       (unsigned long long)seed, t.cases, t.with_mat,
	       t.per_strategy[0], t.per_strategy[1], t.per_strategy[2],
	       t.per_granule[0], t.per_granule[1], t.per_granule[2],
	       t.tables, t.leaves, t.short_pool, t.defects);
	if (!(only && *only))
		assert_true(t.cases >= DEFAULT_MAPS ||
			    n < DEFAULT_MAPS);
	free(g);
}

/*
 * OPTIMAL against LINUX on maps made to stress the comparison: runtime
 * regions of every size class, 4 KiB to 64 KiB to 2 MiB aligned, code
 * and data with and without XP or RO, MMIO, and WB next to UC-only
 * regions in one 64 KiB frame. For each granule and for our policy and
 * Linux's, both layouts must pass the check, OPTIMAL's must build when
 * LINUX's does, and it must not need more tables than LINUX's, both under
 * our policy. Case i comes from splitmix64(seed ^ 0x5653 << 48 ^ i).
 *	EFIVMAP_PROPERTY_VS_MAPS=n   number of maps (default 20000)
 */
#define VS_MAPS 20000u

static void vs_region(struct rng *r, struct tl_map *m, uint64_t *ram)
{
	static const uint32_t types[4] = {
		EFIVMAP_EFI_RUNTIME_SERVICES_CODE,
		EFIVMAP_EFI_RUNTIME_SERVICES_DATA,
		EFIVMAP_EFI_RUNTIME_SERVICES_DATA, EFIVMAP_EFI_RESERVED,
	};
	uint32_t type = types[below(r, 4)];
	uint64_t attr = RT | (chance(r, 85) ? WB | UC : UC), pages;

	if (chance(r, 10))
		attr |= EFIVMAP_EFI_MEMORY_XP;
	if (chance(r, 5))
		attr |= EFIVMAP_EFI_MEMORY_RO;
	switch (below(r, 4)) {
	case 0:
		*ram = (*ram + SZ_2M - 1) & ~(SZ_2M - 1);
		break;
	case 1:
		*ram = (*ram + SZ_64K - 1) & ~(SZ_64K - 1);
		break;
	default:
		break;  /* 4 KiB: may share a frame with the last one */
	}
	pages = pages_for(r, chance(r, 30));
	if (chance(r, 5))
		pages = 512 * 8 + below(r, 600);    /* past 16 MiB */
	tl_map_add(m, type, *ram, pages, attr);
	*ram += pages << 12;
}

static void vs_generate(struct rng *r, struct tl_map *m)
{
	uint64_t ram = (UINT64_C(1) << 30) * (1 + below(r, 60));
	uint64_t dev = UINT64_C(0x09000000);
	unsigned n = 1 + (unsigned)below(r, 16), k;

	tl_map_init(m, 48);
	for (k = 0; k < n; k++) {
		if (chance(r, 20))
			ram += (uint64_t)below(r, 64) << 12;
		if (chance(r, 15)) {
			tl_map_add(m, EFIVMAP_EFI_BOOT_SERVICES_DATA, ram,
				   1 + below(r, 40), WB);
			ram += (tl_map_desc(m, m->count - 1)->num_pages) << 12;
		}
		vs_region(r, m, &ram);
	}
	/* MMIO appended last, as EDK2 reports it. */
	for (k = (unsigned)below(r, 3); k; k--) {
		uint64_t pages = 1 + below(r, 20);

		tl_map_add(m, EFIVMAP_EFI_MMIO, dev, pages, RT | UC);
		dev += (pages + below(r, 40)) << 12;
	}
}

/* Tables LINUX's or OPTIMAL's layout of @m needs; SIZE_MAX: no build. */
static size_t vs_tables(struct tl_map *m, uint32_t strategy, uint32_t va_bits,
			const struct efivmap_pt_config *cfg, unsigned long i)
{
	struct efivmap_layout_cfg lc;
	struct efivmap_pt_input in;
	struct efivmap_mmap map;
	struct efivmap_diag diag;
	struct efivmap_pt pt;
	size_t need = 0;
	void *pool;
	int rc, n;

	memset(&diag, 0, sizeof(diag));
	assert_int_equal(efivmap_mmap_init(&map, m->buf, tl_map_size(m),
					   m->desc_size,
					   EFIVMAP_EFI_DESC_VERSION, &diag), 0);
	efivmap_layout_cfg_init(&lc);
	lc.strategy = strategy;
	lc.va_bits = va_bits;
	n = efivmap_layout_plan(&map, &lc, &diag);
	if (n < 0)
		fail_msg("vs case %lu: %s plan %d (%s)", i,
			 efivmap_layout_strategy_name(strategy), n, diag.what);
	rc = efivmap_layout_check(&map, &lc, &diag);
	if (rc != n)
		fail_msg("vs case %lu: %s check %d (%s, index %u)", i,
			 efivmap_layout_strategy_name(strategy), rc, diag.what,
			 diag.index);
	memset(&in, 0, sizeof(in));
	in.map = &map;
	if (efivmap_pt_tables_needed(cfg, &in, &need, &diag))
		return SIZE_MAX;
	if (posix_memalign(&pool, cfg->granule, need * cfg->granule))
		abort();
	assert_int_equal(efivmap_pt_init_pool(&pt, cfg, pool,
					      need * cfg->granule,
					      UINT64_C(0x80000000), NULL), 0);
	rc = efivmap_pt_build(&pt, &in, &diag);
	free(pool);
	if (rc)
		fail_msg("vs case %lu: %s sized but did not build (%d)", i,
			 efivmap_layout_strategy_name(strategy), rc);
	return need;
}

static void vs_dump(unsigned long i, struct tl_map *m)
{
	size_t k;

	for (k = 0; k < m->count; k++) {
		const struct efivmap_efi_desc *d = tl_map_desc(m, k);

		fprintf(stderr, "  %2u 0x%012llx 0x%6llx pages attr 0x%016llx\n",
			d->type, (unsigned long long)d->phys_start,
			(unsigned long long)d->num_pages,
			(unsigned long long)d->attribute);
	}
	fprintf(stderr, "vs case %lu:\n", i);
}

static void vs_fail(unsigned long i, struct tl_map *m, uint32_t granule,
		    uint32_t va_bits, const char *what, size_t opt, size_t lin)
{
	vs_dump(i, m);
	fail_msg("vs case %lu: granule 0x%x, va_bits %u: OPTIMAL %zu tables, "
		 "LINUX %zu %s", i, granule, va_bits, opt, lin, what);
}

static void test_property_optimal_never_worse_than_linux(void **state)
{
	uint64_t seed = env_u64("EFIVMAP_PROPERTY_SEED", DEFAULT_SEED);
	unsigned long n = (unsigned long)env_u64("EFIVMAP_PROPERTY_VS_MAPS",
						 VS_MAPS);
	unsigned long i, built = 0, more = 0;
	struct efivmap_pt_config ours;
	struct tl_map m;
	unsigned g;

	(void)state;
	for (i = 0; i < n; i++) {
		struct rng r = { seed ^ (UINT64_C(0x5653) << 48) ^ i };
		uint32_t va_bits = va_bits_choice[below(&r, 5)];
		size_t lin, opt;

		vs_generate(&r, &m);
		for (g = 0; g < 3; g++) {
			assert_int_equal(efivmap_pt_config_init(&ours,
				granules[g], va_bits, 48, 0), 0);
			opt = vs_tables(&m, EFIVMAP_LAYOUT_OPTIMAL, va_bits,
					&ours, i);
			lin = vs_tables(&m, EFIVMAP_LAYOUT_LINUX, va_bits,
					&ours, i);
			if (opt == SIZE_MAX && lin != SIZE_MAX)
				vs_fail(i, &m, granules[g], va_bits,
					"(OPTIMAL does not build)", opt, lin);
			if (opt > lin)
				vs_fail(i, &m, granules[g], va_bits,
					"(both under our policy)", opt, lin);
			more += opt < lin;
			built += opt != SIZE_MAX;
		}
		tl_map_free(&m);
	}
	printf("property: %lu maps, OPTIMAL no worse than LINUX in %lu "
	       "builds (3 granules), better in %lu\n", n, built, more);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_property_random_maps_prove_by_walking),
		cmocka_unit_test(test_property_optimal_never_worse_than_linux),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
