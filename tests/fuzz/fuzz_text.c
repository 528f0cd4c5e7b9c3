// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The dump readers on arbitrary bytes. The whole input is the dump, so the
 * text files of tests/data seed it as they are; the output stride and the
 * forced format are derived from the input length.
 *
 * Checked: the ask-twice protocol (size query, exact buffer, one byte
 * short), that failing calls leave the output untouched and fill diag,
 * that padding is zeroed, that AUTO agrees with efivmap_text_detect(), and
 * that every descriptor read re-reads identically from the Linux arm64
 * line efivmap_mmap_format_desc() prints for it.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efivmap/mmap.h"
#include "efivmap/finding.h"
#include "efivmap/text.h"
#include "fuzz.h"

#define POISON 0xEE

static bool untouched(const uint8_t *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (buf[i] != POISON)
			return false;
	return true;
}

/* The descriptor fields a reader sets; VirtualStart only when printed. */
static bool same_desc(const struct efivmap_efi_desc *a,
		      const struct efivmap_efi_desc *b)
{
	return a->type == b->type && a->phys_start == b->phys_start &&
	       a->num_pages == b->num_pages && a->attribute == b->attribute;
}

/* Re-read one descriptor from the line the mmap module prints for it. */
static void check_round_trip(const struct efivmap_efi_desc *d)
{
	char line[256];
	uint8_t out[40];
	struct efivmap_text_info info;
	struct efivmap_diag diag;
	size_t n;
	int rc;

	/* Names outside the standard range do not read back ("OEM", ...),
	 * and a range must end inside the address space to be printed. */
	if (d->type > EFIVMAP_EFI_MAX_STANDARD_TYPE || !d->num_pages ||
	    d->num_pages > (UINT64_MAX >> EFIVMAP_EFI_PAGE_SHIFT) ||
	    (d->phys_start & (EFIVMAP_EFI_PAGE_SIZE - 1)) ||
	    efivmap_desc_bytes(d) - 1 > UINT64_MAX - d->phys_start)
		return;
	memcpy(line, "efi:   ", 7);
	n = efivmap_mmap_format_desc(d, line + 7, sizeof(line) - 8);
	FZ_CHECK(n < sizeof(line) - 8);
	line[7 + n] = '\n';
	rc = efivmap_text_parse(line, 8 + n, EFIVMAP_TEXT_LINUX_ARM64, out,
				sizeof(out), 40, &info, &diag);
	if (rc) {
		fprintf(stderr, "formatted line does not read back (%d): %.*s",
			rc, (int)(8 + n), line);
		abort();
	}
	FZ_CHECK(info.count == 1);
	FZ_CHECK(same_desc((const struct efivmap_efi_desc *)(void *)out, d));
}

static void parse_one(const char *text, size_t len, uint32_t format,
		      size_t desc_size)
{
	struct efivmap_text_info info, info2;
	struct efivmap_diag diag;
	uint8_t *out;
	size_t i;
	int rc;

	memset(&diag, 0, sizeof(diag));
	rc = efivmap_text_parse(text, len, format, NULL, 0, desc_size, &info,
				&diag);
	if (rc == 0) {
		/* An empty map needs no buffer: nothing to ask twice for. */
		FZ_CHECK(info.count == 0 && info.needed == 0);
		return;
	}
	if (rc != -EFIVMAP_ERR_NOSPACE) {
		FZ_CHECK(rc < 0);
		FZ_CHECK(diag.err == rc);
		return;
	}
	FZ_CHECK(info.needed == info.count * desc_size);
	FZ_CHECK(format == EFIVMAP_TEXT_AUTO || info.format == format);

	/* One byte short: refused, output untouched. */
	if (info.needed) {
		out = malloc(info.needed);
		FZ_CHECK(out != NULL);
		memset(out, POISON, info.needed);
		rc = efivmap_text_parse(text, len, format, out,
					info.needed - 1, desc_size, &info2,
					NULL);
		FZ_CHECK(rc == -EFIVMAP_ERR_NOSPACE);
		FZ_CHECK(untouched(out, info.needed));
		free(out);
	}

	/* Exactly the size asked for: an overrun is an ASan report. */
	out = malloc(info.needed ? info.needed : 1);
	FZ_CHECK(out != NULL);
	rc = efivmap_text_parse(text, len, format, out, info.needed,
				desc_size, &info2, NULL);
	FZ_CHECK(rc == 0);
	FZ_CHECK(info2.count == info.count && info2.format == info.format);
	for (i = 0; i < info.count; i++) {
		const uint8_t *s = out + i * desc_size;
		size_t k;

		for (k = 40; k < desc_size; k++)
			FZ_CHECK(s[k] == 0);
		if (info.format != EFIVMAP_TEXT_RAW)
			check_round_trip((const void *)s);
	}
	free(out);
}

static void check_detect(const char *text, size_t len)
{
	struct efivmap_text_info info;
	uint32_t format = 0xdead, line = 0;
	int rc, prc;

	rc = efivmap_text_detect(text, len, &format, &line);
	prc = efivmap_text_parse(text, len, EFIVMAP_TEXT_AUTO, NULL, 0, 40,
				 &info, NULL);
	if (rc) {
		FZ_CHECK(rc == -EFIVMAP_ERR_FORMAT);
		FZ_CHECK(format == 0xdead);
		FZ_CHECK(prc == -EFIVMAP_ERR_FORMAT);
		return;
	}
	FZ_CHECK(format < EFIVMAP_TEXT_RAW && format != EFIVMAP_TEXT_AUTO);
	if (prc == -EFIVMAP_ERR_NOSPACE) {
		FZ_CHECK(info.format == format);
		FZ_CHECK(info.count == 0 || info.first_line == line);
	}
}

/*
 * The UTF-16 converter and the MAT reader keep the ask-twice protocol:
 * the size query gives the exact size, one byte less is refused with
 * nothing written, the exact buffer is filled; and the tolerant and
 * strict readers agree wherever strict succeeds.
 */
static void check_utf16_mat_strict(const char *text, size_t len)
{
	struct efivmap_text_info info, again;
	struct efivmap_findings f;
	size_t needed = SIZE_MAX, n2;
	uint8_t *out;
	int rc;

	FZ_CHECK(efivmap_text_from_utf16(text, len, NULL, 0, &needed) ==
		 -EFIVMAP_ERR_NOSPACE || needed == 0);
	FZ_CHECK(needed <= len / 2 + 1);
	out = malloc(needed + 1);
	FZ_CHECK(out != NULL);
	memset(out, POISON, needed + 1);
	if (needed)
		FZ_CHECK(efivmap_text_from_utf16(text, len, (char *)out,
						 needed - 1, &n2) ==
			 -EFIVMAP_ERR_NOSPACE && untouched(out, needed + 1));
	FZ_CHECK(efivmap_text_from_utf16(text, len, (char *)out, needed, &n2)
		 == 0 && n2 == needed && out[needed] == POISON);
	free(out);

	rc = efivmap_text_parse_mat(text, len, NULL, 0, 48, &info, NULL, NULL);
	if (rc == -EFIVMAP_ERR_NOSPACE && info.needed) {
		out = malloc(info.needed);
		FZ_CHECK(out != NULL);
		FZ_CHECK(efivmap_text_parse_mat(text, len, out, info.needed, 48,
						&again, NULL, NULL) == 0 &&
			 again.count == info.count);
		free(out);
	}

	/* strict either refuses or reads exactly what tolerant reads */
	efivmap_findings_init(&f, NULL, 0);
	f.flags = EFIVMAP_FINDINGS_STRICT;
	rc = efivmap_text_parse_ex(text, len, EFIVMAP_TEXT_AUTO, NULL, 0, 40,
				   &info, &f, NULL);
	if (rc == -EFIVMAP_ERR_NOSPACE) {
		FZ_CHECK(efivmap_text_parse(text, len, EFIVMAP_TEXT_AUTO, NULL,
					    0, 40, &again, NULL) ==
			 -EFIVMAP_ERR_NOSPACE);
		FZ_CHECK(again.count == info.count && !info.rt_inferred &&
			 !info.repeated);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact copy, not NUL-terminated: reading past it is a bug. */
	char *text = fz_dup(data, size);
	size_t stride = 40 + 8 * (size % 4);
	struct efivmap_text_info info;

	check_detect(text, size);
	check_utf16_mat_strict(text, size);
	parse_one(text, size, EFIVMAP_TEXT_AUTO, stride);
	parse_one(text, size, (uint32_t)(size % EFIVMAP_TEXT_NR_FORMATS),
		  48);
	/* The same bytes as a raw array, read at two strides. */
	parse_one(text, size, EFIVMAP_TEXT_RAW, 40);
	if (efivmap_text_parse_raw(text, size, 48, NULL, 0, 64, &info,
				   NULL) == -EFIVMAP_ERR_NOSPACE)
		FZ_CHECK(info.count == size / 48 && info.needed == 64 *
			 info.count);
	free(text);
	return 0;
}
