// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The benchmark: what the tables cost, counted, never timed.
 *
 *   bench maps DATA_DIR    one JSON object per line: every map in DATA_DIR
 *                          (text dumps read with efivmap_text_parse, raw
 *                          captures at their own desc_size) and synthetic
 *                          maps of 64..16384 descriptors in two families
 *                          (runtime regions in 64 KiB frames as arm64
 *                          firmware places them, or at any 4 KiB offset
 *                          as x86 firmware does), at 4K, 16K and
 *                          64K: table pages and bytes, leaves, TLB entries
 *                          and W+X pages for OPTIMAL with our policy, LINUX
 *                          with Linux's policy, FLAT with ours, and the
 *                          lower bounds
 *   bench phase N          parse, plan and build a synthetic map of N
 *                          descriptors once each, in the functions
 *                          bench_phase_parse/_plan/_build, so callgrind
 *                          can count each alone (--toggle-collect), and
 *                          read the same map from a text dump in
 *                          bench_phase_text. The map is in firmware
 *                          order as EDK2 reports it: RAM ascending, the
 *                          runtime MMIO appended last; runtime regions at
 *                          any 4 KiB offset, the harder family to plan.
 *   bench phase N sorted   the same map sorted by PhysicalStart
 *
 * Lower bounds, per granule (B = the smallest block: 2 MiB, 32 MiB,
 * 512 MiB, which is also what one last-level table spans):
 *   tables: the tables on the path above the last level (3 - start level)
 *           plus ceil(U / B), U being the bytes of the runtime regions
 *           that no block covers even with VA == PA; printed a second
 *           time with the regions rounded out to 64 KiB frames, which
 *           every 64 KiB-compatible layout maps whole;
 *   TLB:    each region mapped VA == PA with the largest block or
 *           contiguous run its physical alignment allows at each step.
 * "Regions" are the runtime descriptors, rounded out to the granule, split
 * where the MAT gives parts different permissions, with neighbours of
 * equal attributes joined (the builder joins those too).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "efivmap/layout.h"
#include "efivmap/mmap.h"
#include "efivmap/pt.h"
#include "efivmap/text.h"
#include "testlib.h"

#define VA_BITS 48u
#define PA_BITS 48u

static const uint32_t granules[3] = {
	EFIVMAP_PT_GRANULE_4K, EFIVMAP_PT_GRANULE_16K, EFIVMAP_PT_GRANULE_64K,
};
static const char *const granule_names[3] = { "4K", "16K", "64K" };

/* The three configurations compared. */
struct variant {
	const char *name;
	uint32_t strategy;
	uint32_t pt_flags;
};

static const struct variant variants[3] = {
	{ "optimal", EFIVMAP_LAYOUT_OPTIMAL, 0 },
	{ "linux", EFIVMAP_LAYOUT_LINUX, EFIVMAP_PT_CFG_LINUX },
	{ "flat", EFIVMAP_LAYOUT_FLAT, 0 },
};

struct map {
	char name[256];
	uint8_t *buf;
	size_t size, desc_size;
	uint8_t *mat;           /* whole table: header and entries */
	size_t mat_size;
	bool synthetic;
};

static void die(const char *what)
{
	fprintf(stderr, "bench: %s\n", what);
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

/* ------------------------------------------------------------------ */
/* Loading maps                                                        */
/* ------------------------------------------------------------------ */

static int parse_text(const char *text, size_t len, size_t desc_size,
		      uint8_t **out, size_t *out_size,
		      struct efivmap_text_info *info)
{
	int rc = efivmap_text_parse(text, len, EFIVMAP_TEXT_AUTO, NULL, 0,
				    desc_size, info, NULL);

	if (rc != -EFIVMAP_ERR_NOSPACE)
		return rc ? rc : -EFIVMAP_ERR_FORMAT;
	*out = xmalloc(info->needed);
	*out_size = info->needed;
	return efivmap_text_parse(text, len, EFIVMAP_TEXT_AUTO, *out,
				  info->needed, desc_size, info, NULL);
}

/*
 * A capture's .bin at the desc_size its .txt header names. The MAT
 * capture of the same boot (entries only) gets a version 1 header, as
 * EDK2 of that release installs.
 */
static int load_capture(const char *dir, const char *stem, struct map *m)
{
	char path[4096];
	struct efivmap_text_info info;
	uint8_t *txt_descs;
	size_t len, txt_size;
	char *text, *bin;
	const char *ebs;
	int rc;

	snprintf(path, sizeof(path), "%s/captured/%s.txt", dir, stem);
	text = tl_read_file(path, &len);
	if (!text)
		return -1;
	rc = parse_text(text, len, 40, &txt_descs, &txt_size, &info);
	free(text);
	if (rc || !info.in_desc_size)
		return -1;
	snprintf(path, sizeof(path), "%s/captured/%s.bin", dir, stem);
	bin = tl_read_file(path, &len);
	if (!bin)
		return -1;
	rc = efivmap_text_parse_raw(bin, len, info.in_desc_size, NULL, 0,
				    info.in_desc_size, &info, NULL);
	if (rc != -EFIVMAP_ERR_NOSPACE)
		die("raw capture unreadable");
	m->buf = xmalloc(info.needed);
	m->size = info.needed;
	m->desc_size = info.in_desc_size;
	if (efivmap_text_parse_raw(bin, len, info.in_desc_size, m->buf,
				   m->size, m->desc_size, &info, NULL))
		die("raw capture unreadable");
	free(bin);
	/* The .txt beside it must say the same. */
	for (size_t i = 0; i < info.count; i++) {
		const struct efivmap_efi_desc *a = (const void *)
			(txt_descs + 40 * i);
		const struct efivmap_efi_desc *b = (const void *)
			(m->buf + m->desc_size * i);

		if (a->type != b->type || a->phys_start != b->phys_start ||
		    a->num_pages != b->num_pages ||
		    a->attribute != b->attribute)
			die("capture .txt and .bin disagree");
	}
	free(txt_descs);
	snprintf(m->name, sizeof(m->name), "captured/%s", stem);

	ebs = strstr(stem, "-pre-ebs");
	if (!ebs)
		ebs = strstr(stem, "-ebs");
	if (ebs) {
		char mstem[512];
		uint8_t *entries;
		size_t esize;

		snprintf(mstem, sizeof(mstem), "%.*s-mat", (int)(ebs - stem),
			 stem);
		snprintf(path, sizeof(path), "%s/captured/%s.txt", dir, mstem);
		text = tl_read_file(path, &len);
		if (text && !parse_text(text, len, 48, &entries, &esize,
					&info)) {
			uint32_t hdr[4] = { 1, (uint32_t)info.count, 48, 0 };

			m->mat_size = 16 + esize;
			m->mat = xmalloc(m->mat_size);
			memcpy(m->mat, hdr, 16);
			memcpy(m->mat + 16, entries, esize);
			free(entries);
		}
		free(text);
	}
	return 0;
}

static int load_text(const char *dir, const char *file, struct map *m)
{
	char path[4096];
	struct efivmap_text_info info;
	size_t len;
	char *text;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	text = tl_read_file(path, &len);
	if (!text)
		return -1;
	rc = parse_text(text, len, 48, &m->buf, &m->size, &info);
	free(text);
	m->desc_size = 48;
	snprintf(m->name, sizeof(m->name), "%.*s", (int)(strlen(file) - 4),
		 file);
	return rc;
}

/*
 * Synthetic maps, EDK2-like: RAM descriptors ascending, about one in four
 * runtime (code and data alternating, a few 64 KiB aligned, a few large),
 * two runtime MMIO regions appended last.
 */
/*
 * A synthetic map of @n descriptors. With @frames, runtime regions follow
 * arm64 firmware: they start and end on 64 KiB (EDK2's runtime
 * allocation granularity on AArch64), except where an image is split
 * into code and data, which meet at any 4 KiB page. Without, runtime
 * regions sit at any 4 KiB offset, as x86 firmware places them.
 */
static void synth(struct map *m, size_t n, bool frames)
{
	uint64_t pa = UINT64_C(0x40000000), x = 0x9e3779b97f4a7c15u ^ n;
	bool split = false;     /* the last region was an image's code */
	size_t i;

	snprintf(m->name, sizeof(m->name), "synthetic-%s-%zu",
		 frames ? "64k" : "4k", n);
	m->desc_size = 48;
	m->size = n * 48;
	m->buf = calloc(n, 48);
	m->synthetic = true;
	if (!m->buf)
		die("out of memory");
	for (i = 0; i < n; i++) {
		struct efivmap_efi_desc *d = (void *)(m->buf + 48 * i);

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if (i >= n - 2) {
			d->type = EFIVMAP_EFI_MMIO;
			d->phys_start = i == n - 1 ? 0x09010000 : 0x04000000;
			d->num_pages = i == n - 1 ? 1 : 0x4000;
			d->attribute = EFIVMAP_EFI_MEMORY_RUNTIME |
				       EFIVMAP_EFI_MEMORY_UC;
			continue;
		}
		d->attribute = EFIVMAP_EFI_MEMORY_WB | EFIVMAP_EFI_MEMORY_UC;
		if (split) {
			/* The image's data: up to the next 64 KiB. */
			d->type = EFIVMAP_EFI_RUNTIME_SERVICES_DATA;
			d->attribute |= EFIVMAP_EFI_MEMORY_RUNTIME;
			d->phys_start = pa;
			d->num_pages = 16 + ((0x10000 - (pa & 0xffff)) >> 12) %
				       16;
			pa += d->num_pages << 12;
			split = false;
			continue;
		}
		switch (x % 8) {
		case 0:
			d->type = EFIVMAP_EFI_RUNTIME_SERVICES_CODE;
			break;
		case 1:
			d->type = EFIVMAP_EFI_RUNTIME_SERVICES_DATA;
			break;
		case 2:
		case 3:
			d->type = EFIVMAP_EFI_BOOT_SERVICES_DATA;
			break;
		case 4:
			d->type = EFIVMAP_EFI_LOADER_CODE;
			break;
		default:
			d->type = EFIVMAP_EFI_CONVENTIONAL;
			break;
		}
		if (d->type == EFIVMAP_EFI_RUNTIME_SERVICES_CODE ||
		    d->type == EFIVMAP_EFI_RUNTIME_SERVICES_DATA) {
			d->attribute |= EFIVMAP_EFI_MEMORY_RUNTIME;
			if (frames || (x >> 8) % 4 == 0)
				pa = (pa + 0xffff) & ~UINT64_C(0xffff);
		}
		d->phys_start = pa;
		d->num_pages = (x >> 16) % 64 == 0 ? 512 + (x >> 24) % 1024 :
			       1 + (x >> 24) % 32;
		if (frames && (d->attribute & EFIVMAP_EFI_MEMORY_RUNTIME)) {
			/* A split image when there is room for its data. */
			split = d->type == EFIVMAP_EFI_RUNTIME_SERVICES_CODE &&
				(x >> 44) % 2 && i + 3 < n;
			if (!split)
				d->num_pages = (d->num_pages + 15) & ~UINT64_C(15);
		}
		pa += d->num_pages << 12;
		if ((x >> 32) % 4 == 0)
			pa += (((x >> 40) % 8) + 1) << 12;    /* a hole */
	}
}

/* ------------------------------------------------------------------ */
/* One configuration                                                   */
/* ------------------------------------------------------------------ */

struct figures {
	int err;
	const char *what;
	size_t tables;
	uint64_t table_bytes;
	size_t leaves, tlb;
	uint64_t wx_pages;
};

static void measure(const struct map *src, const struct variant *v,
		    uint32_t granule, bool use_mat, struct figures *f)
{
	uint8_t *buf = xmalloc(src->size);
	struct efivmap_layout_cfg lcfg;
	struct efivmap_pt_config cfg;
	struct efivmap_pt_input in;
	struct efivmap_pt_mat mat;
	struct efivmap_pt_stats st;
	struct efivmap_mmap map;
	struct efivmap_diag diag;
	struct efivmap_pt pt;
	size_t need = 0;
	uint8_t *pool = NULL;
	int rc;

	memset(f, 0, sizeof(*f));
	memset(&diag, 0, sizeof(diag));
	memcpy(buf, src->buf, src->size);
	memset(&in, 0, sizeof(in));
	rc = efivmap_mmap_init(&map, buf, src->size, src->desc_size,
			       EFIVMAP_EFI_DESC_VERSION, &diag);
	if (rc)
		goto fail;
	efivmap_layout_cfg_init(&lcfg);
	lcfg.strategy = v->strategy;
	lcfg.va_bits = VA_BITS;
	rc = efivmap_layout_plan(&map, &lcfg, &diag);
	if (rc < 0)
		goto fail;
	if (efivmap_pt_config_init(&cfg, granule, VA_BITS, PA_BITS,
				   v->pt_flags))
		die("pt config");
	in.map = &map;
	if (use_mat && src->mat) {
		rc = efivmap_pt_mat_from_table(&mat, src->mat, src->mat_size,
					       &diag);
		if (rc)
			goto fail;
		in.mat = &mat;
	}
	rc = efivmap_pt_tables_needed(&cfg, &in, &need, &diag);
	if (rc)
		goto fail;
	if (posix_memalign((void **)&pool, granule, need * granule))
		die("out of memory");
	rc = efivmap_pt_init_pool(&pt, &cfg, pool, need * granule,
				  UINT64_C(0x80000000), &diag);
	if (!rc)
		rc = efivmap_pt_build(&pt, &in, &diag);
	if (!rc)
		rc = efivmap_pt_verify(&pt, &in, &diag);
	if (rc)
		goto fail;
	if (pt.used != need)
		die("sizing is not exact");
	efivmap_pt_stats(&pt, &st);
	f->tables = st.tables;
	f->table_bytes = st.table_bytes;
	f->leaves = st.leaves;
	f->tlb = st.tlb_entries;
	f->wx_pages = st.wx_pages;
	free(pool);
	free(buf);
	return;
fail:
	f->err = rc;
	f->what = diag.what;
	free(pool);
	free(buf);
}

/* ------------------------------------------------------------------ */
/* Lower bounds                                                        */
/* ------------------------------------------------------------------ */

struct piece {
	uint64_t pa, end;
	uint32_t attrs;
};

static int cmp_piece(const void *a, const void *b)
{
	const struct piece *x = a, *y = b;

	return x->pa < y->pa ? -1 : x->pa > y->pa;
}

static uint32_t restrict_attrs(uint32_t a, uint64_t mat_attr)
{
	if (mat_attr & EFIVMAP_EFI_MEMORY_RO)
		a &= ~(uint32_t)EFIVMAP_PT_ATTR_W;
	if (mat_attr & EFIVMAP_EFI_MEMORY_XP)
		a &= ~(uint32_t)EFIVMAP_PT_ATTR_X;
	return a;
}

struct ignored {
	uint8_t bad[4096];
};

static void note_bad(void *ctx, const struct efivmap_diag *d)
{
	struct ignored *ig = ctx;

	if (d->index < sizeof(ig->bad))
		ig->bad[d->index] = 1;
}

/* Regions as the bounds see them; returns the count (caller frees). */
static size_t regions(const struct map *src, uint32_t granule,
		      struct piece **out)
{
	struct efivmap_pt_config cfg;
	struct efivmap_pt_mat mat;
	struct efivmap_mmap map;
	struct ignored ig;
	struct piece *p;
	bool have_mat = false;
	size_t i, j, n = 0, cap;
	uint64_t g = granule;

	*out = NULL;
	if (efivmap_mmap_init(&map, src->buf, src->size, src->desc_size,
			      EFIVMAP_EFI_DESC_VERSION, NULL))
		return 0;
	efivmap_pt_config_init(&cfg, granule, VA_BITS, PA_BITS, 0);
	memset(&ig, 0, sizeof(ig));
	if (src->mat && !efivmap_pt_mat_from_table(&mat, src->mat,
						   src->mat_size, NULL)) {
		have_mat = true;
		efivmap_pt_mat_validate(&cfg, &map, &mat, note_bad, &ig);
	}
	cap = 2 * map.count + (have_mat ? 2 * mat.count : 0) + 1;
	p = xmalloc(cap * sizeof(*p));
	for (i = 0; i < map.count; i++) {
		const struct efivmap_efi_desc *d = efivmap_mmap_get(&map, i);
		uint32_t a;
		uint64_t cur;

		if (!efivmap_desc_is_runtime(d))
			continue;
		a = efivmap_pt_policy(&cfg, d->type, d->attribute);
		cur = d->phys_start;
		for (j = 0; have_mat && j < mat.count; j++) {
			const struct efivmap_efi_desc *e = (const void *)
				(mat.entries + j * mat.desc_size);
			uint64_t end;

			if ((j < sizeof(ig.bad) && ig.bad[j]) ||
			    e->phys_start < d->phys_start ||
			    e->phys_start > efivmap_desc_last(d))
				continue;
			end = e->phys_start + efivmap_desc_bytes(e);
			if (e->phys_start > cur) {
				p[n].pa = cur;
				p[n].end = e->phys_start;
				p[n++].attrs = a;
			}
			p[n].pa = e->phys_start;
			p[n].end = end;
			p[n++].attrs = restrict_attrs(a, e->attribute);
			if (end > cur)
				cur = end;
			if (n + 2 >= cap) {
				cap *= 2;
				p = realloc(p, cap * sizeof(*p));
				if (!p)
					die("out of memory");
			}
		}
		if (cur <= efivmap_desc_last(d)) {
			p[n].pa = cur;
			p[n].end = efivmap_desc_last(d) + 1;
			p[n++].attrs = a;
		}
	}
	for (i = 0; i < n; i++) {
		p[i].pa &= ~(g - 1);
		p[i].end = (p[i].end + g - 1) & ~(g - 1);
	}
	qsort(p, n, sizeof(*p), cmp_piece);
	/* Join shared pages (their permissions unite) and equal neighbours. */
	for (i = 0, j = 0; i < n; i++) {
		if (j && (p[i].pa < p[j - 1].end ||
			  (p[i].pa == p[j - 1].end &&
			   p[i].attrs == p[j - 1].attrs))) {
			if (p[i].pa < p[j - 1].end)
				p[j - 1].attrs |= p[i].attrs;
			if (p[i].end > p[j - 1].end)
				p[j - 1].end = p[i].end;
			continue;
		}
		p[j++] = p[i];
	}
	*out = p;
	return j;
}

/* Sizes a leaf can cover at each granule, largest first. */
static const uint64_t tlb_sizes[3][6] = {
	{ UINT64_C(16) << 30, UINT64_C(1) << 30, UINT64_C(32) << 20,
	  UINT64_C(2) << 20, UINT64_C(64) << 10, UINT64_C(4) << 10 },
	{ UINT64_C(1) << 30, UINT64_C(32) << 20, UINT64_C(2) << 20,
	  UINT64_C(16) << 10, 0, 0 },
	{ UINT64_C(16) << 30, UINT64_C(512) << 20, UINT64_C(2) << 20,
	  UINT64_C(64) << 10, 0, 0 },
};

/*
 * @lb_frames: the table bound once every region is rounded out to the
 * 64 KiB frames a 64 KiB-compatible layout must give it whole: no such
 * layout can do better, whatever the granule.
 */
static void bounds(const struct map *src, unsigned gi, size_t *lb_tables,
		   size_t *lb_tlb, size_t *lb_frames)
{
	struct efivmap_pt_config cfg;
	uint64_t g = granules[gi], block, unblock = 0, unframe = 0;
	struct piece *p;
	size_t n = regions(src, granules[gi], &p), i, k, tlb = 0, nf;

	efivmap_pt_config_init(&cfg, granules[gi], VA_BITS, PA_BITS, 0);
	block = gi == 0 ? UINT64_C(2) << 20 : gi == 1 ? UINT64_C(32) << 20 :
		UINT64_C(512) << 20;
	for (i = 0; i < n; i++) {
		uint64_t lo = (p[i].pa + block - 1) & ~(block - 1);
		uint64_t hi = p[i].end & ~(block - 1);
		uint64_t at = p[i].pa;

		unblock += p[i].end - p[i].pa - (hi > lo ? hi - lo : 0);
		while (at < p[i].end) {
			for (k = 0; k < 6 && tlb_sizes[gi][k]; k++) {
				uint64_t s = tlb_sizes[gi][k];

				if (s >= g && !(at & (s - 1)) &&
				    at + s <= p[i].end)
					break;
			}
			if (k == 6 || !tlb_sizes[gi][k])
				die("region not granule aligned");
			at += tlb_sizes[gi][k];
			tlb++;
		}
	}
	free(p);
	nf = regions(src, 0x10000, &p);
	for (i = 0; i < nf; i++) {
		uint64_t lo = (p[i].pa + block - 1) & ~(block - 1);
		uint64_t hi = p[i].end & ~(block - 1);

		unframe += p[i].end - p[i].pa - (hi > lo ? hi - lo : 0);
	}
	free(p);
	if (!n) {
		*lb_tables = *lb_frames = 1;
	} else {
		*lb_tables = 3 - efivmap_pt_start_level(&cfg) +
			     (size_t)((unblock + block - 1) / block);
		*lb_frames = 3 - efivmap_pt_start_level(&cfg) +
			     (size_t)((unframe + block - 1) / block);
	}
	*lb_tlb = tlb;
}

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

static void report_map(const struct map *m)
{
	struct efivmap_mmap view;
	struct efivmap_diag diag;
	size_t nrt = 0;
	unsigned gi, vi;
	int rc;

	memset(&diag, 0, sizeof(diag));
	rc = efivmap_mmap_init(&view, m->buf, m->size, m->desc_size,
			       EFIVMAP_EFI_DESC_VERSION, &diag);
	if (!rc)
		nrt = efivmap_mmap_count_runtime(&view);
	printf("{\"map\": \"%s\", \"synthetic\": %s, \"descriptors\": %zu, "
	       "\"desc_size\": %zu, \"runtime\": %zu, \"mat\": %s",
	       m->name, m->synthetic ? "true" : "false",
	       m->size / m->desc_size, m->desc_size, nrt,
	       m->mat ? "true" : "false");
	if (rc) {
		printf(", \"error\": \"%s: %s\"}\n", efivmap_strerror(rc),
		       diag.what ? diag.what : "");
		return;
	}
	printf(", \"granules\": {");
	for (gi = 0; gi < 3; gi++) {
		size_t lbt, lbtlb, lbf;

		bounds(m, gi, &lbt, &lbtlb, &lbf);
		printf("%s\"%s\": {\"lb_tables\": %zu, \"lb_tlb\": %zu, "
		       "\"lb_tables_64k\": %zu", gi ? ", " : "",
		       granule_names[gi], lbt, lbtlb, lbf);
		for (vi = 0; vi < 3; vi++) {
			struct figures f;

			measure(m, &variants[vi], granules[gi], true, &f);
			printf(", \"%s\": ", variants[vi].name);
			if (f.err) {
				printf("{\"error\": \"%s: %s\"}",
				       efivmap_strerror(f.err),
				       f.what ? f.what : "");
				continue;
			}
			printf("{\"tables\": %zu, \"table_bytes\": %llu, "
			       "\"leaves\": %zu, \"tlb\": %zu, "
			       "\"wx_pages\": %llu}", f.tables,
			       (unsigned long long)f.table_bytes, f.leaves,
			       f.tlb, (unsigned long long)f.wx_pages);
		}
		printf("}");
	}
	printf("}}\n");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t list_dir(const char *path, char ***out)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;

	if (!d)
		die("cannot read the data directory");
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);

		if (l < 5 || strcmp(e->d_name + l - 4, ".txt"))
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (!names)
			die("out of memory");
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	*out = names;
	return n;
}

static void free_map(struct map *m)
{
	free(m->buf);
	free(m->mat);
	memset(m, 0, sizeof(*m));
}

static int cmd_maps(const char *dir)
{
	char path[4096], **names;
	size_t n, i, sz;
	int f;

	n = list_dir(dir, &names);
	for (i = 0; i < n; i++) {
		struct map m;

		memset(&m, 0, sizeof(m));
		if (load_text(dir, names[i], &m)) {
			printf("{\"map\": \"%s\", \"error\": \"unreadable\"}\n",
			       names[i]);
			free_map(&m);
			continue;
		}
		report_map(&m);
		free_map(&m);
		free(names[i]);
	}
	free(names);
	snprintf(path, sizeof(path), "%s/captured", dir);
	n = list_dir(path, &names);
	for (i = 0; i < n; i++) {
		struct map m;

		/* MAT entries and SVAM inputs are not memory maps. */
		memset(&m, 0, sizeof(m));
		names[i][strlen(names[i]) - 4] = '\0';
		if (strstr(names[i], "-mat") || strstr(names[i], "-vmap")) {
			free(names[i]);
			continue;
		}
		if (load_capture(dir, names[i], &m))
			printf("{\"map\": \"captured/%s\", \"error\": "
			       "\"unreadable\"}\n", names[i]);
		else
			report_map(&m);
		free_map(&m);
		free(names[i]);
	}
	free(names);
	for (f = 1; f >= 0; f--) {
		for (sz = 64; sz <= 16384; sz *= 2) {
			struct map m;

			memset(&m, 0, sizeof(m));
			synth(&m, sz, f);
			report_map(&m);
			free_map(&m);
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Phases, for callgrind                                               */
/* ------------------------------------------------------------------ */

struct phase_state {
	char *text;
	size_t text_len;
	uint8_t *descs;
	size_t descs_size;
	struct efivmap_mmap map;
	struct efivmap_pt pt;
	uint8_t *pool;
	size_t pool_size;
	int rc;
};

__attribute__((noinline)) void bench_phase_text(struct phase_state *s);
__attribute__((noinline)) void bench_phase_parse(struct phase_state *s);
__attribute__((noinline)) void bench_phase_plan(struct phase_state *s);
__attribute__((noinline)) void bench_phase_build(struct phase_state *s);

/*
 * Host tooling, not the boot path: a text dump read back into binary
 * descriptors. Ask for the size, then read, as a caller does.
 */
__attribute__((noinline)) void bench_phase_text(struct phase_state *s)
{
	struct efivmap_text_info info;

	s->rc = efivmap_text_parse(s->text, s->text_len, EFIVMAP_TEXT_AUTO,
				   NULL, 0, 48, &info, NULL);
	if (s->rc == -EFIVMAP_ERR_NOSPACE && info.needed <= s->descs_size)
		s->rc = efivmap_text_parse(s->text, s->text_len,
					   EFIVMAP_TEXT_AUTO, s->descs,
					   info.needed, 48, &info, NULL);
}

/*
 * The map as firmware hands it over, a binary array of stride 48,
 * validated as a stub does for OPTIMAL, whose result does not depend on
 * firmware order: sorted in place, so validation, planning and table
 * sizing all stay linear.
 */
__attribute__((noinline)) void bench_phase_parse(struct phase_state *s)
{
	s->rc = efivmap_mmap_init_sort(&s->map, s->descs, s->descs_size, 48,
				       EFIVMAP_EFI_DESC_VERSION, NULL);
}

__attribute__((noinline)) void bench_phase_plan(struct phase_state *s)
{
	struct efivmap_layout_cfg lcfg;

	efivmap_layout_cfg_init(&lcfg);
	s->rc = efivmap_layout_plan(&s->map, &lcfg, NULL);
}

__attribute__((noinline)) void bench_phase_build(struct phase_state *s)
{
	struct efivmap_pt_config cfg;
	struct efivmap_pt_input in;
	size_t need = 0;

	memset(&in, 0, sizeof(in));
	in.map = &s->map;
	efivmap_pt_config_init(&cfg, EFIVMAP_PT_GRANULE_4K, VA_BITS, PA_BITS,
			       0);
	s->rc = efivmap_pt_tables_needed(&cfg, &in, &need, NULL);
	if (s->rc || need * 4096 > s->pool_size) {
		s->rc = s->rc ? s->rc : -EFIVMAP_ERR_POOL;
		return;
	}
	s->rc = efivmap_pt_init_pool(&s->pt, &cfg, s->pool, need * 4096,
				     UINT64_C(0x80000000), NULL);
	if (!s->rc)
		s->rc = efivmap_pt_build(&s->pt, &in, NULL);
}

static int cmp_desc_pa(const void *a, const void *b)
{
	const struct efivmap_efi_desc *x = a, *y = b;

	return x->phys_start < y->phys_start ? -1 :
	       x->phys_start > y->phys_start;
}

static int cmd_phase(size_t n, bool sorted)
{
	struct phase_state s;
	struct map m;
	size_t i, len = 0;
	char line[256];

	memset(&s, 0, sizeof(s));
	memset(&m, 0, sizeof(m));
	synth(&m, n, false);
	if (sorted)     /* MMIO moves from the end to its place */
		qsort(m.buf, n, 48, cmp_desc_pa);
	s.text = xmalloc(n * 160);
	for (i = 0; i < n; i++) {
		size_t l = efivmap_mmap_format_desc(
			(const void *)(m.buf + 48 * i), line, sizeof(line));

		len += (size_t)sprintf(s.text + len, "efi:   %.*s\n", (int)l,
				       line);
	}
	s.text_len = len;
	s.descs_size = m.size;
	s.descs = xmalloc(m.size);
	s.pool_size = 4096 * 4096;
	if (posix_memalign((void **)&s.pool, 4096, s.pool_size))
		die("out of memory");

	bench_phase_text(&s);
	if (s.rc || memcmp(s.descs, m.buf, m.size))
		die("text phase failed");
	memcpy(s.descs, m.buf, m.size);
	bench_phase_parse(&s);
	if (s.rc)
		die("parse phase failed");
	bench_phase_plan(&s);
	if (s.rc < 0)
		die("plan phase failed");
	bench_phase_build(&s);
	if (s.rc)
		die("build phase failed");
	printf("{\"descriptors\": %zu, \"runtime\": %zu, \"text_bytes\": "
	       "%zu, \"tables\": %zu, \"sorted\": %s}\n", n,
	       efivmap_mmap_count_runtime(&s.map), len, s.pt.used,
	       efivmap_mmap_is_sorted(&s.map) ? "true" : "false");
	fflush(stdout);
	free(s.text);
	free(s.descs);
	free(s.pool);
	free_map(&m);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "maps"))
		return cmd_maps(argv[2]);
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "phase"))
		return cmd_phase(strtoul(argv[2], NULL, 0),
				 argc == 4 && !strcmp(argv[3], "sorted"));
	fprintf(stderr, "usage: %s maps DATA_DIR | phase N [sorted]\n",
		argv[0]);
	return 2;
}
