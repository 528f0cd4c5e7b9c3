// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Writes seed inputs for the fuzz targets whose input has a header, from
 * the real maps in the test data directory (read with the library's own
 * text reader), so the fuzzers start from what firmware really produces.
 *
 * usage: fuzz-seeds DATA_DIR OUT_DIR
 * creates OUT_DIR/plan, OUT_DIR/pt, OUT_DIR/mat (the text target reads the
 * data directory itself; the FDT seeds are compiled by run.sh with dtc).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "efivmap/text.h"
#include "testlib.h"

struct map {
	uint8_t *d;             /* descriptors at stride 40 */
	size_t n;
};

static int load(const char *path, struct map *m)
{
	struct efivmap_text_info info;
	size_t len;
	char *text = tl_read_file(path, &len);
	int rc;

	if (!text)
		return -1;
	rc = efivmap_text_parse(text, len, EFIVMAP_TEXT_AUTO, NULL, 0, 40,
				&info, NULL);
	if (rc != -EFIVMAP_ERR_NOSPACE || !info.count) {
		free(text);
		return -1;
	}
	m->d = malloc(info.needed);
	m->n = info.count;
	rc = efivmap_text_parse(text, len, EFIVMAP_TEXT_AUTO, m->d,
				info.needed, 40, &info, NULL);
	free(text);
	return rc;
}

static const struct efivmap_efi_desc *desc(const struct map *m, size_t i)
{
	return (const void *)(m->d + 40 * i);
}

static FILE *out_file(const char *dir, const char *target, const char *name,
		      unsigned variant)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, target);
	if (mkdir(path, 0755) && errno != EEXIST)
		exit(1);
	snprintf(path, sizeof(path), "%s/%s/%s-%u", dir, target, name,
		 variant);
	f = fopen(path, "wb");
	if (!f)
		exit(1);
	return f;
}

static void put(FILE *f, uint64_t v, unsigned bytes)
{
	while (bytes--) {
		fputc((int)(v & 0xff), f);
		v >>= 8;
	}
}

/* fuzz_plan: 32-byte header, then the map at stride 40, 48 or 64. */
static void seed_plan(const char *dir, const char *name, const struct map *m)
{
	static const uint8_t stride_sel[3] = { 0, 1, 3 };
	unsigned v;

	for (v = 0; v < 3; v++) {
		FILE *f = out_file(dir, "plan", name, v);
		size_t stride = 40 + 8 * stride_sel[v], i;

		put(f, stride_sel[v], 1);
		put(f, 0, 1);                   /* version 1 */
		put(f, v, 1);                   /* OPTIMAL, LINUX, FLAT */
		put(f, 12, 1);                  /* 48-bit VA */
		put(f, v == 0 ? 2 : 0, 1);      /* sort once */
		put(f, 0, 3);
		put(f, 0, 16);                  /* default window */
		put(f, 0x1234, 8);
		for (i = 0; i < m->n; i++) {
			fwrite(desc(m, i), 40, 1, f);
			put(f, 0, stride - 40);
		}
		fclose(f);
	}
}

/* fuzz_pt: identity ranges for the runtime regions, at three granules. */
static void seed_pt(const char *dir, const char *name, const struct map *m)
{
	unsigned v;

	for (v = 0; v < 3; v++) {
		FILE *f = out_file(dir, "pt", name, v);
		size_t i, n = 0;

		put(f, v, 1);                   /* granule */
		put(f, 12, 1);                  /* 48-bit VA */
		put(f, 16, 1);                  /* 48-bit PA */
		put(f, 0, 1);
		put(f, v, 1);                   /* MAIR variant */
		put(f, 255, 1);                 /* one build */
		put(f, 0, 2);
		for (i = 0; i < m->n && n < 64; i++) {
			const struct efivmap_efi_desc *d = desc(m, i);
			uint64_t pages = d->num_pages;
			unsigned scale = 0;
			uint32_t attrs;

			if (!(d->attribute & EFIVMAP_EFI_MEMORY_RUNTIME) ||
			    d->phys_start >> 44)
				continue;
			while (pages > 0x10000 && scale < 15) {
				pages >>= 1;
				scale++;
			}
			if (d->type == EFIVMAP_EFI_MMIO)
				attrs = 1 | 8;          /* device, RW */
			else if (d->type == EFIVMAP_EFI_RUNTIME_SERVICES_CODE)
				attrs = 4 | 8 | 16;     /* WB, RWX */
			else
				attrs = 4 | 8;          /* WB, RW */
			put(f, d->phys_start >> 12, 4);
			put(f, d->phys_start >> 12, 4);
			put(f, pages - 1, 2);
			put(f, attrs, 1);
			put(f, 0x20 | scale, 1);
			n++;
		}
		fclose(f);
	}
}

/* fuzz_mat: the runtime part of a map and its captured MAT entries. */
static void seed_mat(const char *dir, const char *name, const struct map *m,
		     const struct map *mat)
{
	unsigned v;

	for (v = 0; v < 3; v++) {
		FILE *f = out_file(dir, "mat", name, v);
		size_t i, n = 0;

		for (i = 0; i < m->n; i++)
			n += !!(desc(m, i)->attribute &
				EFIVMAP_EFI_MEMORY_RUNTIME);
		if (n > 64)
			n = 64;
		put(f, v, 1);                   /* granule */
		put(f, v == 2 ? 4 : 0, 1);      /* BTI once */
		put(f, v, 1);                   /* layout */
		put(f, n - 1, 1);
		put(f, 0, 4);
		for (i = 0; i < m->n && n; i++) {
			if (!(desc(m, i)->attribute &
			      EFIVMAP_EFI_MEMORY_RUNTIME))
				continue;
			fwrite(desc(m, i), 40, 1, f);
			n--;
		}
		put(f, v == 0 ? 1 : 2, 4);      /* version */
		put(f, mat->n, 4);
		put(f, 48, 4);                  /* entry stride */
		put(f, v == 2 ? EFIVMAP_EFI_MAT_FLAG_RT_FORWARD_CFG : 0, 4);
		for (i = 0; i < mat->n; i++) {
			fwrite(desc(mat, i), 40, 1, f);
			put(f, 0, 8);
		}
		fclose(f);
	}
}

/* One descriptor at stride 40. */
static void put_desc_va(FILE *f, uint32_t type, uint64_t pa, uint64_t va,
			uint64_t pages, uint64_t attr)
{
	put(f, type, 4);
	put(f, 0, 4);
	put(f, pa, 8);
	put(f, va, 8);
	put(f, pages, 8);
	put(f, attr, 8);
}

static void put_desc(FILE *f, uint32_t type, uint64_t pa, uint64_t pages,
		     uint64_t attr)
{
	put_desc_va(f, type, pa, 0, pages, attr);
}

static void plan_header(FILE *f, unsigned strategy, unsigned va_bits,
			unsigned flags, uint64_t base, uint64_t limit)
{
	put(f, 0, 1);                           /* stride 40 */
	put(f, 0, 1);
	put(f, strategy, 1);
	put(f, va_bits - 32, 1);
	put(f, flags, 1);
	put(f, 0, 3);
	put(f, base, 8);
	put(f, limit, 8);
	put(f, 0x5eed, 8);
}

/*
 * fuzz_plan at the edges: regions ending at 2^64, at PA 0, of 2^52 pages,
 * runtime pages of different attributes in one 64 KiB frame, MMIO
 * appended out of order, and windows at the top of the VA space.
 */
static void seed_plan_edges(const char *dir)
{
	static const struct { uint64_t pa, pages; } ends[] = {
		{ 0, UINT64_C(1) << 52 }, { 0x1000, (UINT64_C(1) << 52) - 1 },
		{ 0xf000, (UINT64_C(1) << 52) - 15 },
		{ 0 - UINT64_C(0x200000), 512 }, { 0 - UINT64_C(0x1000), 1 },
		{ 0, 1 }, { 0, 16 },
	};
	const uint64_t rt = EFIVMAP_EFI_MEMORY_RUNTIME;
	unsigned i, v = 0, st;
	FILE *f;

	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
		for (st = 0; st < 3; st++) {
			f = out_file(dir, "plan", "edge-end", v++);
			plan_header(f, st, i & 1 ? 32 : 48, 0, 0, 0);
			put_desc(f, EFIVMAP_EFI_RUNTIME_SERVICES_DATA, ends[i].pa,
				 ends[i].pages, rt | EFIVMAP_EFI_MEMORY_WB);
			fclose(f);
		}
	for (st = 0; st < 3; st++) {
		f = out_file(dir, "plan", "edge-mixed-frame", st);
		plan_header(f, st, 48, 0, 0, 0);
		put_desc(f, EFIVMAP_EFI_RUNTIME_SERVICES_DATA, 0x40000000, 1,
			 rt | EFIVMAP_EFI_MEMORY_WB);
		put_desc(f, EFIVMAP_EFI_BOOT_SERVICES_DATA, 0x40001000, 1,
			 EFIVMAP_EFI_MEMORY_WB);
		put_desc(f, EFIVMAP_EFI_RUNTIME_SERVICES_DATA, 0x40002000, 1,
			 rt | EFIVMAP_EFI_MEMORY_UC);
		put_desc(f, EFIVMAP_EFI_RUNTIME_SERVICES_CODE, 0x40003000, 13,
			 rt);
		put_desc(f, EFIVMAP_EFI_MMIO, 0x09000000, 1,
			 rt | EFIVMAP_EFI_MEMORY_UC);     /* appended */
		put_desc(f, EFIVMAP_EFI_MMIO, 0x04000000, 16,
			 rt | EFIVMAP_EFI_MEMORY_UC);
		fclose(f);
	}
	/* own windows: the top 64 KiB of 2^va_bits, and an empty one */
	for (st = 0; st < 2; st++) {
		f = out_file(dir, "plan", "edge-window", st);
		plan_header(f, st, 39, 4, (UINT64_C(1) << 39) - 0x10000,
			    st ? (UINT64_C(1) << 39) - 0x10000 :
			    UINT64_C(1) << 39);
		put_desc(f, EFIVMAP_EFI_RUNTIME_SERVICES_DATA, 0x40000000, 16,
			 rt | EFIVMAP_EFI_MEMORY_WB);
		fclose(f);
	}
}

/* One fuzz_pt range: pages at VA @va_page, PA @pa_page, attrs, shape. */
static void put_pt_range(FILE *f, uint32_t va_page, uint32_t pa_page,
			 uint16_t pages_1, uint8_t attrs, uint8_t shape)
{
	put(f, va_page, 4);
	put(f, pa_page, 4);
	put(f, pages_1, 2);
	put(f, attrs, 1);
	put(f, shape, 1);
}

/*
 * fuzz_pt at the edges: every regime, pools at the top of the PA space,
 * the hostile allocator with scripts of each misdeed (any int, the table
 * before, the root, misaligned or NULL pointers, beyond pa_bits, to_ptr
 * disagreeing), and PAs counted down from 2^64.
 */
static void seed_pt_edges(const char *dir)
{
	static const uint8_t scripts[][8] = {
		{ 0, 0, 5, 0, 0, 0, 0, 0 }, { 0, 5, 5, 5, 0, 0, 0, 0 },
		{ 0, 0, 6, 0, 0, 0, 0, 0 }, { 0, 14, 0, 0, 0, 0, 0, 0 },
		{ 0, 7, 0, 0, 0, 0, 0, 0 }, { 0, 15, 0, 0, 0, 0, 0, 0 },
		{ 0, 4, 0, 0, 0, 0, 0, 0 }, { 0xfc, 0, 0, 0, 0, 0, 0, 0 },
	};
	unsigned i, v = 0;
	FILE *f;

	for (i = 0; i < 3 * 3 + 8; i++) {
		unsigned regime = i < 9 ? i % 3 : 0, granule = i < 9 ? i / 3 : i % 3;
		unsigned pool = i < 9 ? (i & 1) << 4 : 3u << 5;

		f = out_file(dir, "pt", "edge", v++);
		put(f, granule, 1);
		put(f, 12, 1);                          /* 48-bit VA */
		put(f, i & 1 ? 8 : 16, 1);              /* 40- or 48-bit PA */
		put(f, 0, 1);
		put(f, regime << 2 | pool, 1);
		put(f, 255, 1);
		put(f, i & 1 ? 2 : 0, 2);               /* top pages */
		fwrite(scripts[i < 9 ? 0 : i - 9], 8, 1, f);
		put_pt_range(f, 0x40000, 0x40000, 15, 4 | 8 | 16, 0);
		put_pt_range(f, 0x40200, 0x40200, 511, 1 | 8, 0x10);
		put_pt_range(f, 0x8000000, 0x8000000, 0, 4 | 8, 0x20);
		if (i == 2)
			put_pt_range(f, 0x50000, 16, 15, 4, 0x80);
		fclose(f);
	}
}

/*
 * fuzz_mat: one large Runtime Code region and thousands of one-page MAT
 * entries, in reverse order, RO and XP by turn.
 */
static void seed_mat_unsorted(const char *dir)
{
	unsigned v, i, n;
	FILE *f;

	for (v = 0; v < 2; v++) {
		/* 200 read unsorted; 2000, which fuzz_mat sorts first */
		n = v ? 2000 : 200;
		f = out_file(dir, "mat", "edge-unsorted", v);
		put(f, 0, 1);                           /* 4K */
		put(f, 0, 1);
		put(f, v ? 0x80 : 1, 1);                /* own VAs, or LINUX */
		put(f, 0, 1);                           /* one descriptor */
		put(f, 0, 1);
		put(f, 0, 3);
		put_desc_va(f, EFIVMAP_EFI_RUNTIME_SERVICES_CODE, 0x41000000,
			    v ? 0x41000000 : 0, n,
			    EFIVMAP_EFI_MEMORY_RUNTIME | EFIVMAP_EFI_MEMORY_WB);
		put(f, 1, 4);                           /* version */
		put(f, n, 4);
		put(f, 48, 4);
		put(f, 0, 4);
		for (i = 0; i < n; i++) {
			put_desc_va(f, EFIVMAP_EFI_RUNTIME_SERVICES_CODE,
				    0x41000000 + (uint64_t)(n - 1 - i) * 4096, 0,
				    1, EFIVMAP_EFI_MEMORY_RUNTIME |
				    (i & 1 ? EFIVMAP_EFI_MEMORY_RO :
				     EFIVMAP_EFI_MEMORY_XP));
			put(f, 0, 8);
		}
		fclose(f);
	}
}

static void base_name(char *out, size_t size, const char *sub,
		      const char *file)
{
	snprintf(out, size, "%s%s%s", sub, *sub ? "-" : "", file);
	*strrchr(out, '.') = '\0';
}

static void walk(const char *data, const char *sub, const char *out)
{
	char path[4096], name[512];
	struct dirent *e;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s", data, sub);
	d = opendir(path);
	if (!d)
		exit(1);
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		struct map m, mat;

		if (l < 5 || strcmp(e->d_name + l - 4, ".txt") ||
		    strstr(e->d_name, "-mat.") || strstr(e->d_name, "-vmap."))
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", data, sub, e->d_name);
		if (load(path, &m))
			continue;
		base_name(name, sizeof(name), sub, e->d_name);
		seed_plan(out, name, &m);
		seed_pt(out, name, &m);
		/* A capture's MAT belongs to the maps of the same boot. */
		if (strstr(path, "-ebs.txt")) {
			char mpath[4096];

			snprintf(mpath, sizeof(mpath), "%s", path);
			strcpy(strstr(mpath, "-ebs.txt"), "-mat.txt");
			if (!strstr(path, "pre-ebs") && !load(mpath, &mat)) {
				seed_mat(out, name, &m, &mat);
				free(mat.d);
			}
		}
		free(m.d);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s DATA_DIR OUT_DIR\n", argv[0]);
		return 2;
	}
	if (mkdir(argv[2], 0755) && errno != EEXIST)
		return 1;
	walk(argv[1], "", argv[2]);
	walk(argv[1], "captured", argv[2]);
	seed_plan_edges(argv[2]);
	seed_pt_edges(argv[2]);
	seed_mat_unsorted(argv[2]);
	return 0;
}
