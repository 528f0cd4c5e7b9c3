// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Raw map validation and layout planning.
 *
 * Input: a 32-byte header, then descriptors at the stride the header
 * chooses (fuzz-seeds writes real maps this way):
 *	0      desc_size: 40 + 8 * (b & 7), or b itself when b & 0x80
 *	1      desc_version: 1, or b itself when b & 0x80
 *	2      strategy: b % 4 (3 is invalid)
 *	3      va_bits: 32 + b % 21, or b itself when b & 0x80
 *	4      bit 0 randomize, bit 1 sort first, bit 2 own window,
 *	       bit 3 own mode inputs, bit 4 tolerant (efivmap_mmap_init_ex)
 *	5..7   mode inputs: quirks, rt_supported (low 16 bits)
 *	8..15  window base     16..23 window limit     24..31 seed
 *
 * Checked: a failing init or plan changes nothing and fills diag; a
 * tolerant init reports at least what strict init refused; sort
 * keeps the descriptors; a successful plan touches only VirtualStart of
 * runtime descriptors, returns their count, is deterministic, and passes
 * efivmap_layout_check() with the same configuration.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efivmap/boot.h"
#include "efivmap/layout.h"
#include "efivmap/mmap.h"
#include "fuzz.h"

#define HDR 32

/* Order-independent digest of the descriptors (sort must keep them). */
static uint64_t digest(const struct efivmap_mmap *m)
{
	uint64_t h = 0;
	size_t i, k;

	for (i = 0; i < m->count; i++) {
		const uint8_t *b = m->base + i * m->desc_size;
		uint64_t x = 0xcbf29ce484222325u;

		for (k = 0; k < m->desc_size; k++)
			x = (x ^ b[k]) * 0x100000001b3u;
		h += x;
	}
	return h;
}

static void check_plan(const struct efivmap_mmap *map,
		       const struct efivmap_layout_cfg *cfg)
{
	size_t bytes = map->map_size, i, k;
	uint8_t *before = fz_dup(map->base, bytes);
	uint8_t *again;
	struct efivmap_mmap copy;
	struct efivmap_diag diag;
	int rc, rc2;

	memset(&diag, 0, sizeof(diag));
	rc = efivmap_layout_plan((struct efivmap_mmap *)map, cfg, &diag);
	if (rc < 0) {
		FZ_CHECK(diag.err == rc);
		FZ_CHECK(memcmp(before, map->base, bytes) == 0);
		free(before);
		return;
	}
	FZ_CHECK((size_t)rc == efivmap_mmap_count_runtime(map));
	for (i = 0; i < map->count; i++) {
		const uint8_t *a = before + i * map->desc_size;
		const uint8_t *b = map->base + i * map->desc_size;
		const struct efivmap_efi_desc *d = (const void *)b;

		for (k = 0; k < map->desc_size; k++) {
			bool va = k >= offsetof(struct efivmap_efi_desc,
						virt_start) &&
				  k < offsetof(struct efivmap_efi_desc,
					       num_pages);

			if (!va || !efivmap_desc_is_runtime(d))
				FZ_CHECK(a[k] == b[k]);
		}
		if (efivmap_desc_is_runtime(d))
			FZ_CHECK(((d->virt_start ^ d->phys_start) &
				  0xffffu) == 0);
	}

	/* Same input, same output. */
	again = fz_dup(before, bytes);
	copy = *map;
	copy.base = again;
	rc2 = efivmap_layout_plan(&copy, cfg, NULL);
	FZ_CHECK(rc2 == rc);
	FZ_CHECK(memcmp(again, map->base, bytes) == 0);
	free(again);

	FZ_CHECK(cfg->va_bits >= EFIVMAP_LAYOUT_VA_BITS_MIN &&
		 cfg->va_bits <= EFIVMAP_LAYOUT_VA_BITS_MAX);
	memset(&diag, 0, sizeof(diag));
	rc2 = efivmap_layout_check(map, cfg, &diag);
	if (rc2 != rc) {
		fprintf(stderr, "plan %d, check %d (%s, index %u, addr "
			"0x%llx)\n", rc, rc2, diag.what ? diag.what : "",
			diag.index, (unsigned long long)diag.addr);
		abort();
	}

	/* Translating back must not crash, and finds each region's PA. */
	for (i = 0; i < map->count; i++) {
		const struct efivmap_efi_desc *d = efivmap_mmap_get(map, i);

		if (efivmap_desc_is_runtime(d) && d->virt_start)
			(void)efivmap_efi_to_phys(map, d->virt_start);
	}
	free(before);
}

static void check_mode(struct fz *f, const struct efivmap_mmap *map)
{
	struct efivmap_layout_mode_in in;
	enum efivmap_layout_mode_reason why;
	size_t i;
	int rc;

	memset(&in, 0, sizeof(in));
	in.va_bits = f->n ? f->p[0] : 48;
	in.have_rt_properties = f->n > 1 && (f->p[1] & 1);
	in.rt_supported = f->n > 2 ? f->p[2] : 0;
	in.quirks = f->n > 1 ? (uint32_t)(f->p[1] >> 1) : 0;
	for (i = 0; i < map->count; i++) {
		const struct efivmap_efi_desc *d = efivmap_mmap_get(map, i);

		if (efivmap_desc_is_runtime(d) &&
		    efivmap_desc_last(d) + 1 > in.max_runtime_pa)
			in.max_runtime_pa = efivmap_desc_last(d) + 1;
	}
	why = EFIVMAP_MODE_REASON_MAX;
	rc = efivmap_layout_mode(&in, &why);
	if (rc < 0) {
		FZ_CHECK(rc == -EFIVMAP_ERR_INVAL);
		return;
	}
	FZ_CHECK(rc == EFIVMAP_LAYOUT_MODE_SVAM ||
		 rc == EFIVMAP_LAYOUT_MODE_NO_SVAM);
	FZ_CHECK(why < EFIVMAP_MODE_REASON_MAX);
	FZ_CHECK(strcmp(efivmap_layout_mode_reason(why), "unknown") != 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	uint8_t b0 = fz_u8(&f), b1 = fz_u8(&f), b2 = fz_u8(&f);
	uint8_t b3 = fz_u8(&f), b4 = fz_u8(&f);
	size_t desc_size = b0 & 0x80 ? b0 : 40u + 8u * (b0 & 7u);
	uint32_t version = b1 & 0x80 ? b1 : EFIVMAP_EFI_DESC_VERSION;
	struct efivmap_layout_cfg cfg;
	struct efivmap_mmap map, untouched;
	struct efivmap_diag diag;
	struct fz mode;
	uint8_t *buf;
	size_t len;
	int rc;

	mode.p = f.p;
	mode.n = f.n < 3 ? f.n : 3;
	fz_skip(&f, 3);
	efivmap_layout_cfg_init(&cfg);
	cfg.strategy = b2 % 4u;
	cfg.va_bits = b3 & 0x80 ? b3 : 32u + b3 % 21u;
	cfg.randomize = b4 & 1;
	if (b4 & 4) {
		cfg.base = fz_u64(&f);
		cfg.limit = fz_u64(&f);
	} else {
		fz_skip(&f, 16);
	}
	cfg.seed = fz_u64(&f);
	if (size < HDR)
		return 0;

	len = size - HDR;
	buf = fz_dup(data + HDR, len);
	memset(&map, 0x77, sizeof(map));
	untouched = map;
	memset(&diag, 0, sizeof(diag));
	if (b4 & 0x10) {
		struct efivmap_findings fs;
		int strict;

		efivmap_findings_init(&fs, NULL, 0);
		rc = efivmap_mmap_init_ex(&map, buf, len, desc_size, version,
					  0, &fs, &diag);
		strict = efivmap_mmap_init(&untouched, buf, len, desc_size,
					   version, NULL);
		FZ_CHECK(!strict || rc || fs.count);
		memset(&untouched, 0x77, sizeof(untouched));
	} else {
		rc = efivmap_mmap_init(&map, buf, len, desc_size, version,
				       &diag);
	}
	if (rc) {
		FZ_CHECK(rc < 0 && diag.err == rc);
		FZ_CHECK(memcmp(&map, &untouched, sizeof(map)) == 0);
		free(buf);
		return 0;
	}
	FZ_CHECK(map.count * desc_size == len);
	if (b4 & 2) {
		uint64_t h = digest(&map);
		size_t rt = efivmap_mmap_count_runtime(&map);

		efivmap_mmap_sort(&map);
		FZ_CHECK(efivmap_mmap_is_sorted(&map) || (b4 & 0x10));
		FZ_CHECK(digest(&map) == h);
		FZ_CHECK(efivmap_mmap_count_runtime(&map) == rt);
	}
	if (map.count) {
		const struct efivmap_efi_desc *d = efivmap_mmap_get(&map, 0);
		size_t idx = SIZE_MAX;

		const struct efivmap_efi_desc *e;

		e = efivmap_mmap_find(&map, d->phys_start, &idx);
		if (!(b4 & 0x10)) {
			FZ_CHECK(e == d && idx == 0);
		} else if (d->num_pages) {
			/* overlaps: some region holding the address */
			FZ_CHECK(e && e->num_pages &&
				 e->phys_start <= d->phys_start &&
				 d->phys_start <= efivmap_desc_last(e));
		}
	}
	if (b4 & 8)
		check_mode(&mode, &map);
	check_plan(&map, &cfg);
	free(buf);
	return 0;
}
