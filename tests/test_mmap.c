// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* The memory-map view: validation, sort, find, text output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "efivmap/mmap.h"
#include "testlib.h"

#define RT EFIVMAP_EFI_MEMORY_RUNTIME
#define WB EFIVMAP_EFI_MEMORY_WB

static const size_t strides[] = { 40, 48, 64 };

/* A small valid map, deliberately unsorted like EDK2's (MMIO last). */
static void make_map(struct tl_map *m, size_t stride)
{
	tl_map_init(m, stride);
	tl_map_add(m, EFIVMAP_EFI_CONVENTIONAL, 0x40000000, 0x100, WB);
	tl_map_add(m, EFIVMAP_EFI_RUNTIME_SERVICES_CODE, 0x40100000, 0x10, WB | RT);
	tl_map_add(m, EFIVMAP_EFI_RUNTIME_SERVICES_DATA, 0x40110000, 0x20, WB | RT);
	tl_map_add(m, EFIVMAP_EFI_MMIO, 0x09010000, 1, EFIVMAP_EFI_MEMORY_UC | RT);
}

static int init(struct efivmap_mmap *v, struct tl_map *m,
		struct efivmap_diag *diag)
{
	return efivmap_mmap_init(v, m->buf, tl_map_size(m), m->desc_size,
				 EFIVMAP_EFI_DESC_VERSION, diag);
}

static void test_mmap_valid_map_at_every_stride(void **state)
{
	(void)state;
	for (size_t s = 0; s < 3; s++) {
		struct tl_map m;
		struct efivmap_mmap v;

		make_map(&m, strides[s]);
		assert_int_equal(init(&v, &m, NULL), 0);
		assert_int_equal(efivmap_mmap_count(&v), 4);
		assert_int_equal(v.desc_size, strides[s]);
		assert_int_equal(efivmap_mmap_get(&v, 3)->phys_start, 0x09010000);
		assert_int_equal(efivmap_mmap_count_runtime(&v), 3);
		tl_map_free(&m);
	}
}

static void test_mmap_for_each_visits_all_by_stride(void **state)
{
	struct tl_map m;
	struct efivmap_mmap v;
	struct efivmap_efi_desc *d;
	uint64_t sum = 0;
	size_t i, n = 0;

	(void)state;
	make_map(&m, 64);
	assert_int_equal(init(&v, &m, NULL), 0);
	efivmap_mmap_for_each(&v, i, d) {
		sum += d->num_pages;
		n++;
	}
	assert_int_equal(n, 4);
	assert_int_equal(sum, 0x100 + 0x10 + 0x20 + 1);
	tl_map_free(&m);
}

static void test_mmap_empty_map_is_valid(void **state)
{
	struct efivmap_mmap v;

	(void)state;
	assert_int_equal(efivmap_mmap_init(&v, NULL, 0, 48, 1, NULL), 0);
	assert_int_equal(efivmap_mmap_count(&v), 0);
	assert_null(efivmap_mmap_find(&v, 0, NULL));
}

/* Runs init on a map that must fail and checks the code and the index. */
static void expect_fail(struct tl_map *m, size_t map_size, size_t desc_size,
			uint32_t version, int err, uint32_t index)
{
	struct efivmap_mmap v;
	struct efivmap_diag diag;

	memset(&v, 0x5a, sizeof(v));
	memset(&diag, 0, sizeof(diag));
	assert_int_equal(efivmap_mmap_init(&v, m->buf, map_size, desc_size,
					   version, &diag), -err);
	assert_int_equal(diag.err, -err);
	assert_int_equal(diag.index, index);
	assert_non_null(diag.what);
	/* The view is left untouched. */
	for (size_t i = 0; i < sizeof(v); i++)
		assert_int_equal(((uint8_t *)&v)[i], 0x5a);
}

static void test_mmap_rejects_bad_metadata(void **state)
{
	struct tl_map m;

	(void)state;
	make_map(&m, 48);
	expect_fail(&m, 4 * 48, 32, 1, EFIVMAP_ERR_DESC_SIZE, EFIVMAP_DIAG_NONE);
	expect_fail(&m, 4 * 44, 44, 1, EFIVMAP_ERR_DESC_SIZE, EFIVMAP_DIAG_NONE);
	expect_fail(&m, 4 * 48 - 8, 48, 1, EFIVMAP_ERR_MAP_SIZE, EFIVMAP_DIAG_NONE);
	expect_fail(&m, 4 * 48, 48, 2, EFIVMAP_ERR_VERSION, EFIVMAP_DIAG_NONE);
	expect_fail(&m, 4 * 48, 48, 0, EFIVMAP_ERR_VERSION, EFIVMAP_DIAG_NONE);
	tl_map_free(&m);
}

static void test_mmap_rejects_null_or_misaligned_buffer(void **state)
{
	struct tl_map m;
	struct efivmap_mmap v;

	(void)state;
	make_map(&m, 48);
	assert_int_equal(efivmap_mmap_init(&v, NULL, 48, 48, 1, NULL),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_mmap_init(&v, m.buf + 4, 48, 48, 1, NULL),
			 -EFIVMAP_ERR_INVAL);
	assert_int_equal(efivmap_mmap_init(NULL, m.buf, 48, 48, 1, NULL),
			 -EFIVMAP_ERR_INVAL);
	tl_map_free(&m);
}

static void test_mmap_rejects_zero_pages_with_index(void **state)
{
	struct tl_map m;

	(void)state;
	make_map(&m, 40);
	tl_map_desc(&m, 2)->num_pages = 0;
	expect_fail(&m, tl_map_size(&m), 40, 1, EFIVMAP_ERR_ZERO_PAGES, 2);
	tl_map_free(&m);
}

static void test_mmap_rejects_unaligned_phys_with_index(void **state)
{
	struct tl_map m;

	(void)state;
	make_map(&m, 48);
	tl_map_desc(&m, 3)->phys_start = 0x09010800;
	expect_fail(&m, tl_map_size(&m), 48, 1, EFIVMAP_ERR_ALIGN, 3);
	tl_map_free(&m);
}

static void test_mmap_rejects_wrapping_range(void **state)
{
	struct tl_map m;

	(void)state;
	tl_map_init(&m, 48);
	tl_map_add(&m, EFIVMAP_EFI_RESERVED, 0xfffffffffffff000ull, 2, 0);
	expect_fail(&m, tl_map_size(&m), 48, 1, EFIVMAP_ERR_OVERFLOW, 0);
	tl_map_desc(&m, 0)->phys_start = 0x1000;
	tl_map_desc(&m, 0)->num_pages = UINT64_MAX;
	expect_fail(&m, tl_map_size(&m), 48, 1, EFIVMAP_ERR_OVERFLOW, 0);
	tl_map_free(&m);
}

static void test_mmap_accepts_range_ending_at_top_of_space(void **state)
{
	struct tl_map m;
	struct efivmap_mmap v;

	(void)state;
	tl_map_init(&m, 48);
	tl_map_add(&m, EFIVMAP_EFI_RESERVED, 0xfffffffffffff000ull, 1, 0);
	assert_int_equal(init(&v, &m, NULL), 0);
	assert_int_equal(efivmap_desc_last(efivmap_mmap_get(&v, 0)), UINT64_MAX);
	tl_map_free(&m);
}

/* A loader that reads descriptors one at a time checks each alone. */
static void test_mmap_check_desc_alone_names_the_given_index(void **state)
{
	struct efivmap_efi_desc d = { .type = EFIVMAP_EFI_CONVENTIONAL,
				      .phys_start = 0x40000000,
				      .num_pages = 16 };
	struct efivmap_diag diag;

	(void)state;
	assert_int_equal(efivmap_mmap_check_desc(&d, 7, NULL), 0);
	d.phys_start = 0x40000200;
	assert_int_equal(efivmap_mmap_check_desc(&d, 7, &diag),
			 -EFIVMAP_ERR_ALIGN);
	assert_int_equal(diag.index, 7);
	assert_int_equal(diag.addr, 0x40000200);
	d.phys_start = 0x40000000;
	d.num_pages = 0;
	assert_int_equal(efivmap_mmap_check_desc(&d, 9, &diag),
			 -EFIVMAP_ERR_ZERO_PAGES);
	assert_int_equal(diag.index, 9);
	d.phys_start = 0xffffffffffff0000ull;
	d.num_pages = 17;
	assert_int_equal(efivmap_mmap_check_desc(&d, 3, &diag),
			 -EFIVMAP_ERR_OVERFLOW);
	assert_int_equal(diag.index, 3);
	d.num_pages = 16;       /* ends exactly at the top */
	assert_int_equal(efivmap_mmap_check_desc(&d, 3, NULL), 0);
}

/*
 * 2^52 pages cover all of 2^64: the size does not fit 64 bits, and
 * efivmap_desc_bytes() would be 0 for a descriptor that passed the check.
 */
static void test_mmap_rejects_size_that_does_not_fit_64_bits(void **state)
{
	struct efivmap_efi_desc d = { .type = EFIVMAP_EFI_RUNTIME_SERVICES_DATA,
				      .phys_start = 0,
				      .num_pages = UINT64_C(1) << 52,
				      .attribute = EFIVMAP_EFI_MEMORY_RUNTIME };
	struct efivmap_diag diag;

	(void)state;
	assert_int_equal(efivmap_mmap_check_desc(&d, 4, &diag),
			 -EFIVMAP_ERR_OVERFLOW);
	assert_int_equal(diag.index, 4);
	/* the largest region there is: [0x1000, 2^64) */
	d.phys_start = 0x1000;
	d.num_pages = (UINT64_C(1) << 52) - 1;
	assert_int_equal(efivmap_mmap_check_desc(&d, 4, NULL), 0);
	assert_int_equal(efivmap_desc_bytes(&d), 0 - UINT64_C(0x1000));
	assert_int_equal(efivmap_desc_last(&d), UINT64_MAX);
}

static void test_mmap_rejects_overlap_sorted_and_unsorted(void **state)
{
	struct tl_map m;

	(void)state;
	/* Sorted: neighbour check. */
	tl_map_init(&m, 48);
	tl_map_add(&m, EFIVMAP_EFI_CONVENTIONAL, 0x1000, 4, WB);
	tl_map_add(&m, EFIVMAP_EFI_BOOT_SERVICES_DATA, 0x4000, 1, WB);
	expect_fail(&m, tl_map_size(&m), 48, 1, EFIVMAP_ERR_OVERLAP, 1);
	tl_map_free(&m);
	/* Unsorted: pairwise check finds a containment far apart. */
	make_map(&m, 40);
	tl_map_add(&m, EFIVMAP_EFI_BOOT_SERVICES_DATA, 0x40105000, 1, WB);
	expect_fail(&m, tl_map_size(&m), 40, 1, EFIVMAP_ERR_OVERLAP, 4);
	tl_map_free(&m);
}

static void test_mmap_accepts_oem_and_os_types_and_unknown_attrs(void **state)
{
	struct tl_map m;
	struct efivmap_mmap v;

	(void)state;
	tl_map_init(&m, 48);
	tl_map_add(&m, 0x70000001, 0x1000, 1, WB);
	tl_map_add(&m, 0x80000005, 0x2000, 1, WB | (1ull << 40));
	assert_int_equal(init(&v, &m, NULL), 0);
	assert_int_equal(efivmap_mmap_unknown_attrs(efivmap_mmap_get(&v, 0)), 0);
	assert_int_equal(efivmap_mmap_unknown_attrs(efivmap_mmap_get(&v, 1)),
			 1ull << 40);
	assert_string_equal(efivmap_efi_type_name(0x70000001), "OEM");
	assert_string_equal(efivmap_efi_type_name(0x80000005), "OS");
	assert_string_equal(efivmap_efi_type_name(16), "Unknown");
	assert_string_equal(efivmap_efi_type_name(5), "Runtime Code");
	tl_map_free(&m);
}

static void test_mmap_sort_moves_whole_strides(void **state)
{
	(void)state;
	for (size_t s = 0; s < 3; s++) {
		struct tl_map m;
		struct efivmap_mmap v;

		make_map(&m, strides[s]);
		/* Tag the bytes past the struct so we can see they move. */
		for (size_t i = 0; i < m.count && strides[s] > 40; i++)
			m.buf[i * strides[s] + 40] = (uint8_t)(0x10 + i);
		assert_int_equal(init(&v, &m, NULL), 0);
		assert_false(efivmap_mmap_is_sorted(&v));
		efivmap_mmap_sort(&v);
		assert_true(efivmap_mmap_is_sorted(&v));
		assert_int_equal(efivmap_mmap_get(&v, 0)->phys_start, 0x09010000);
		assert_int_equal(efivmap_mmap_get(&v, 0)->type, EFIVMAP_EFI_MMIO);
		assert_int_equal(efivmap_mmap_get(&v, 3)->phys_start, 0x40110000);
		if (strides[s] > 40)
			assert_int_equal(m.buf[40], 0x13);
		tl_map_free(&m);
	}
}

static void test_mmap_sort_large_shuffled_map(void **state)
{
	struct tl_map m;
	struct efivmap_mmap v;
	size_t n = 5000;

	(void)state;
	srand(7);
	tl_map_init(&m, 48);
	for (size_t i = 0; i < n; i++)
		tl_map_add(&m, EFIVMAP_EFI_CONVENTIONAL, 0x100000ull * i, 1, WB);
	for (size_t i = n - 1; i > 0; i--) {
		size_t j = (size_t)rand() % (i + 1);
		uint64_t t = tl_map_desc(&m, i)->phys_start;

		tl_map_desc(&m, i)->phys_start = tl_map_desc(&m, j)->phys_start;
		tl_map_desc(&m, j)->phys_start = t;
	}
	assert_int_equal(init(&v, &m, NULL), 0);
	efivmap_mmap_sort(&v);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(efivmap_mmap_get(&v, i)->phys_start, 0x100000ull * i);
	tl_map_free(&m);
}

/* U-Boot hands its map over in descending order: the sort reverses it. */
static void test_mmap_sort_reverses_a_descending_map(void **state)
{
	(void)state;
	for (size_t s = 0; s < 3; s++) {
		struct tl_map m;
		struct efivmap_mmap v;
		size_t n = 7;

		tl_map_init(&m, strides[s]);
		for (size_t i = 0; i < n; i++)
			tl_map_add(&m, EFIVMAP_EFI_CONVENTIONAL,
				   0x100000ull * (n - i), 1, WB);
		for (size_t i = 0; i < n && strides[s] > 40; i++)
			m.buf[i * strides[s] + 40] = (uint8_t)(0x20 + i);
		assert_int_equal(init(&v, &m, NULL), 0);
		efivmap_mmap_sort(&v);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(efivmap_mmap_get(&v, i)->phys_start,
					 0x100000ull * (i + 1));
			if (strides[s] > 40)
				assert_int_equal(m.buf[i * strides[s] + 40],
						 0x20 + n - 1 - i);
		}
		tl_map_free(&m);
	}
}

/*
 * A long map with a few descriptors far from their place (MMIO listed
 * last, a late allocation listed first) and one run in reverse: the
 * insertion pass's budget covers the first two, the run forces heapsort.
 */
static void test_mmap_sort_nearly_sorted_and_past_the_budget(void **state)
{
	(void)state;
	for (int reversed_run = 0; reversed_run < 2; reversed_run++) {
		struct tl_map m;
		struct efivmap_mmap v;
		size_t n = 3000;

		tl_map_init(&m, 48);
		tl_map_add(&m, EFIVMAP_EFI_LOADER_DATA, 0x100000ull * 2500, 1, WB);
		for (size_t i = 0; i < n; i++) {
			size_t k = i;

			if (i == 2500 || i == 7 || i == 8)
				continue;
			if (reversed_run && i >= 1000 && i < 2000)
				k = 2999 - i;
			tl_map_add(&m, EFIVMAP_EFI_CONVENTIONAL,
				   0x100000ull * k, 1, WB);
		}
		tl_map_add(&m, EFIVMAP_EFI_MMIO, 0x100000ull * 8, 1, 1);
		tl_map_add(&m, EFIVMAP_EFI_MMIO, 0x100000ull * 7, 1, 1);
		assert_int_equal(init(&v, &m, NULL), 0);
		assert_false(efivmap_mmap_is_sorted(&v));
		efivmap_mmap_sort(&v);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(efivmap_mmap_get(&v, i)->phys_start,
					 0x100000ull * i);
		assert_int_equal(efivmap_mmap_get(&v, 7)->type, EFIVMAP_EFI_MMIO);
		assert_int_equal(efivmap_mmap_get(&v, 2500)->type,
				 EFIVMAP_EFI_LOADER_DATA);
		tl_map_free(&m);
	}
}

static void test_mmap_init_sort_sorts_then_validates(void **state)
{
	(void)state;
	for (size_t s = 0; s < 3; s++) {
		struct tl_map m;
		struct efivmap_mmap v;

		make_map(&m, strides[s]);
		assert_int_equal(efivmap_mmap_init_sort(&v, m.buf, tl_map_size(&m),
							strides[s], 1, NULL), 0);
		assert_true(efivmap_mmap_is_sorted(&v));
		assert_int_equal(efivmap_mmap_count(&v), 4);
		assert_int_equal(efivmap_mmap_get(&v, 0)->type, EFIVMAP_EFI_MMIO);
		assert_int_equal(efivmap_mmap_count_runtime(&v), 3);
		tl_map_free(&m);
	}
}

static void test_mmap_init_sort_reports_overlap_in_sorted_order(void **state)
{
	struct tl_map m;
	struct efivmap_mmap v;
	struct efivmap_diag diag;

	(void)state;
	make_map(&m, 48);
	tl_map_add(&m, EFIVMAP_EFI_BOOT_SERVICES_DATA, 0x40105000, 1, WB);
	memset(&v, 0x5a, sizeof(v));
	assert_int_equal(efivmap_mmap_init_sort(&v, m.buf, tl_map_size(&m), 48,
						1, &diag), -EFIVMAP_ERR_OVERLAP);
	/* Sorted: MMIO, RAM, RT code, the intruder, RT data. */
	assert_int_equal(diag.index, 3);
	assert_int_equal(diag.addr, 0x40105000);
	assert_int_equal(((uint8_t *)&v)[0], 0x5a);
	tl_map_free(&m);
}

static void test_mmap_init_sort_checks_descriptors_before_sorting(void **state)
{
	struct tl_map m;
	struct efivmap_mmap v;
	struct efivmap_diag diag;

	(void)state;
	make_map(&m, 40);
	tl_map_desc(&m, 2)->num_pages = 0;
	assert_int_equal(efivmap_mmap_init_sort(&v, m.buf, tl_map_size(&m), 40,
						1, &diag),
			 -EFIVMAP_ERR_ZERO_PAGES);
	/* Index in firmware order, and the buffer left as it was. */
	assert_int_equal(diag.index, 2);
	assert_int_equal(tl_map_desc(&m, 3)->type, EFIVMAP_EFI_MMIO);
	assert_int_equal(efivmap_mmap_init_sort(&v, m.buf, tl_map_size(&m), 44,
						1, &diag),
			 -EFIVMAP_ERR_DESC_SIZE);
	tl_map_free(&m);
}

static void test_mmap_find_sorted_and_unsorted(void **state)
{
	struct tl_map m;
	struct efivmap_mmap v;
	size_t idx = 99;

	(void)state;
	make_map(&m, 48);
	assert_int_equal(init(&v, &m, NULL), 0);
	for (int pass = 0; pass < 2; pass++) {
		struct efivmap_efi_desc *d = efivmap_mmap_find(&v, 0x4011ffff, &idx);

		assert_non_null(d);
		assert_int_equal(d->phys_start, 0x40110000);
		assert_ptr_equal(d, efivmap_mmap_get(&v, idx));
		assert_non_null(efivmap_mmap_find(&v, 0x09010000, NULL));
		assert_null(efivmap_mmap_find(&v, 0x09011000, NULL));
		assert_null(efivmap_mmap_find(&v, 0x40130000, NULL));
		assert_null(efivmap_mmap_find(&v, 0, NULL));
		efivmap_mmap_sort(&v);
	}
	tl_map_free(&m);
}

static void test_mmap_format_matches_linux_efi_debug(void **state)
{
	struct efivmap_efi_desc d = {
		.type = EFIVMAP_EFI_CONVENTIONAL, .phys_start = 0x40000000,
		.num_pages = 0x80,
		.attribute = EFIVMAP_EFI_MEMORY_UC | EFIVMAP_EFI_MEMORY_WC |
			     EFIVMAP_EFI_MEMORY_WT | WB,
	};
	char buf[160];
	const char *want = "0x000040000000-0x00004007ffff [Conventional|   |  |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC]";

	(void)state;
	assert_int_equal(efivmap_mmap_format_desc(&d, buf, sizeof(buf)), strlen(want));
	assert_string_equal(buf, want);

	d.type = EFIVMAP_EFI_RUNTIME_SERVICES_DATA;
	d.attribute = RT | WB | EFIVMAP_EFI_MEMORY_XP;
	efivmap_mmap_format_desc(&d, buf, sizeof(buf));
	assert_string_equal(buf, "0x000040000000-0x00004007ffff [Runtime Data|RUN|  |  |  |  |  |XP|  |  |  |   |WB|  |  |  ]");

	d.attribute = RT | (1ull << 40);
	efivmap_mmap_format_desc(&d, buf, sizeof(buf));
	assert_string_equal(buf, "0x000040000000-0x00004007ffff [Runtime Data|attr=0x8000010000000000]");

	d.type = 0x70000000;
	d.attribute = 0;
	efivmap_mmap_format_desc(&d, buf, sizeof(buf));
	assert_non_null(strstr(buf, "[type=1879048192|"));
}

static void test_mmap_format_exact_size_buffer(void **state)
{
	struct efivmap_efi_desc d = {
		.type = EFIVMAP_EFI_MMIO, .phys_start = 0x9010000,
		.num_pages = 1, .attribute = RT | EFIVMAP_EFI_MEMORY_UC,
	};
	char full[160], buf[160];
	size_t need = efivmap_mmap_format_desc(&d, full, sizeof(full));

	(void)state;
	/* Exactly enough room: whole line plus NUL, nothing past it. */
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(efivmap_mmap_format_desc(&d, buf, need + 1), need);
	assert_string_equal(buf, full);
	assert_int_equal(buf[need + 1], 'X');
	/* One short: truncated, still terminated, same length reported. */
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(efivmap_mmap_format_desc(&d, buf, need), need);
	assert_int_equal(strlen(buf), need - 1);
	assert_int_equal(buf[need], 'X');
	/* No buffer at all: just the length. */
	assert_int_equal(efivmap_mmap_format_desc(&d, NULL, 0), need);
}

static size_t captured_desc_size(const char *name)
{
	return strncmp(name, "edk2", 4) == 0 ? 48 : 40;
}

/* Every raw capture validates; EDK2's are unsorted and sort cleanly. */
static void test_mmap_real_captures_validate_and_sort(void **state)
{
	size_t maps = 0;
	static const char *const files[] = {
		"edk2-aavmf-1G-ebs", "edk2-aavmf-4G-ebs", "edk2-qemuefi-bios-1G-ebs",
		"edk2-aavmf-1G-pre-ebs", "uboot-qemu_arm64-1G-ebs",
		"uboot-qemu_arm64-4G-ebs", "uboot-qemu_arm64-1G-pre-ebs",
	};
	static const size_t counts[] = { 28, 28, 28, 28, 15, 17, 15 };

	(void)state;
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		char path[128];
		size_t size;
		struct efivmap_mmap v;
		void *buf;

		snprintf(path, sizeof(path), "captured/%s.bin", files[f]);
		buf = tl_read_data(path, &size);
		assert_int_equal(efivmap_mmap_init(&v, buf, size,
						   captured_desc_size(files[f]),
						   1, NULL), 0);
		assert_int_equal(efivmap_mmap_count(&v), counts[f]);
		if (files[f][0] == 'e')
			assert_false(efivmap_mmap_is_sorted(&v));
		efivmap_mmap_sort(&v);
		assert_true(efivmap_mmap_is_sorted(&v));
		assert_int_equal(efivmap_mmap_init(&v, buf, size,
						   captured_desc_size(files[f]),
						   1, NULL), 0);
		free(buf);
		maps++;
	}
	assert_int_equal(maps, 7);
}

/* ---- tolerance: efivmap_mmap_init_ex() ---- */

#define NONE EFIVMAP_DIAG_NONE

struct tol {
	struct efivmap_finding list[16];
	struct efivmap_findings f;
	struct efivmap_mmap v;
	struct efivmap_diag diag;
};

/* init_ex on @m: tolerant, or strict (@strict). */
static int tol_run(struct tol *t, struct tl_map *m, uint32_t version,
		   uint32_t pa_bits, bool strict, bool sort)
{
	efivmap_findings_init(&t->f, t->list, 16);
	if (strict)
		t->f.flags = EFIVMAP_FINDINGS_STRICT;
	memset(&t->diag, 0, sizeof(t->diag));
	return (sort ? efivmap_mmap_init_sort_ex : efivmap_mmap_init_ex)(
		&t->v, m->buf, tl_map_size(m), m->desc_size, version, pa_bits,
		&t->f, &t->diag);
}

/* The one finding of class @cls, checked against @repair, @index, @addr. */
static const struct efivmap_finding *tol_find(const struct tol *t,
					      uint32_t cls, uint32_t repair,
					      uint32_t index, uint64_t addr)
{
	const struct efivmap_finding *x = NULL;

	for (size_t i = 0; i < t->f.count && i < 16; i++)
		if (t->list[i].cls == cls) {
			assert_null(x);
			x = &t->list[i];
		}
	assert_non_null(x);
	assert_int_equal(x->repair, repair);
	assert_int_equal(x->index, index);
	assert_int_equal(x->addr, addr);
	assert_int_equal(x->line, NONE);
	return x;
}

/* Tolerant: 0 and the finding; strict: today's error; init() agrees. */
static void tol_both(struct tl_map *m, uint32_t cls, uint32_t repair,
		     uint32_t index, uint64_t addr, int err)
{
	struct tol t;
	uint8_t *copy = malloc(tl_map_size(m));

	memcpy(copy, m->buf, tl_map_size(m));
	assert_int_equal(tol_run(&t, m, 1, 0, false, false), 0);
	tol_find(&t, cls, repair, index, addr);
	/* nothing in the buffer changes */
	assert_memory_equal(copy, m->buf, tl_map_size(m));
	assert_int_equal(tol_run(&t, m, 1, 0, true, false), err);
	assert_int_equal(t.diag.err, err);
	assert_int_equal(t.diag.index, index);
	assert_int_equal(t.diag.addr, addr);
	assert_int_equal(init(&t.v, m, NULL), err);
	free(copy);
}

static void test_mmap_tolerates_unaligned_runtime_start(void **state)
{
	struct tl_map m;

	(void)state;
	make_map(&m, 48);
	tl_map_desc(&m, 1)->phys_start += 0x800;
	tol_both(&m, EFIVMAP_FIND_START_UNALIGNED, EFIVMAP_REPAIR_ROUNDED_OUT,
		 1, 0x40100800, -EFIVMAP_ERR_ALIGN);
	tl_map_free(&m);
}

static void test_mmap_tolerates_unaligned_other_start(void **state)
{
	struct tl_map m;

	(void)state;
	make_map(&m, 40);
	tl_map_desc(&m, 0)->phys_start += 8;
	tol_both(&m, EFIVMAP_FIND_START_UNALIGNED, EFIVMAP_REPAIR_NONE, 0,
		 0x40000008, -EFIVMAP_ERR_ALIGN);
	tl_map_free(&m);
}

static void test_mmap_skips_zero_pages(void **state)
{
	struct tl_map m;
	struct tol t;

	(void)state;
	make_map(&m, 48);
	tl_map_add(&m, EFIVMAP_EFI_RUNTIME_SERVICES_DATA, 0, 0, WB | RT);
	tol_both(&m, EFIVMAP_FIND_ZERO_PAGES, EFIVMAP_REPAIR_SKIPPED, 4, 0,
		 -EFIVMAP_ERR_ZERO_PAGES);
	/* it contains nothing: not even address 0 */
	assert_int_equal(tol_run(&t, &m, 1, 0, false, false), 0);
	assert_null(efivmap_mmap_find(&t.v, 0x1000, NULL));
	assert_non_null(efivmap_mmap_find(&t.v, 0x40100000, NULL));
	tl_map_free(&m);
}

static void test_mmap_overlap_classes(void **state)
{
	static const struct {
		uint32_t type;
		uint64_t pa, pages, attr;
		uint32_t cls, repair;
	} cases[] = {
		/* over the runtime code at 0x40100000 */
		{ 7, 0x40108000, 0x10, WB, EFIVMAP_FIND_OVERLAP_RT_OTHER,
		  EFIVMAP_REPAIR_NONE },
		{ 5, 0x40108000, 0x10, WB | RT, EFIVMAP_FIND_OVERLAP_RT,
		  EFIVMAP_REPAIR_UNION },
		{ 5, 0x40100000, 0x10, WB | RT, EFIVMAP_FIND_DUPLICATE,
		  EFIVMAP_REPAIR_UNION },
		/* over the conventional memory at 0x40000000 */
		{ 7, 0x40000000, 0x100, WB, EFIVMAP_FIND_DUPLICATE,
		  EFIVMAP_REPAIR_NONE },
		{ 4, 0x40080000, 0x10, WB, EFIVMAP_FIND_OVERLAP_OTHER,
		  EFIVMAP_REPAIR_NONE },
	};

	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct tl_map m;
		const struct efivmap_finding *x;
		struct tol t;

		/* sorted: the linear pass */
		tl_map_init(&m, 48);
		tl_map_add(&m, 7, 0x40000000, 0x100, WB);
		tl_map_add(&m, 5, 0x40100000, 0x10, WB | RT);
		tl_map_add(&m, cases[c].type, cases[c].pa, cases[c].pages,
			   cases[c].attr);
		tl_map_add(&m, 6, 0x40200000, 0x10, WB | RT);
		assert_int_equal(tol_run(&t, &m, 1, 0, false, false), 0);
		x = tol_find(&t, cases[c].cls, cases[c].repair, 2,
			     cases[c].pa);
		assert_int_equal(x->err, -EFIVMAP_ERR_OVERLAP);
		assert_int_equal(tol_run(&t, &m, 1, 0, true, false),
				 -EFIVMAP_ERR_OVERLAP);
		assert_int_equal(t.diag.index, 2);
		/* lookups stay right: every region is found */
		assert_int_equal(tol_run(&t, &m, 1, 0, false, false), 0);
		assert_non_null(efivmap_mmap_find(&t.v, 0x40200000, NULL));
		assert_non_null(efivmap_mmap_find(&t.v, 0x400ff000, NULL));
		tl_map_free(&m);
	}
}

/* One region swallowing the next ones: each is found, in O(n). */
static void test_mmap_overlap_far_reaching_region(void **state)
{
	struct tl_map m;
	struct tol t;
	size_t idx;

	(void)state;
	tl_map_init(&m, 40);
	tl_map_add(&m, 7, 0x40000000, 0x1000, WB);
	tl_map_add(&m, 5, 0x40100000, 0x10, WB | RT);
	tl_map_add(&m, 6, 0x40200000, 0x10, WB | RT);
	tl_map_add(&m, 6, 0x40208000, 0x10, WB | RT);
	assert_int_equal(tol_run(&t, &m, 1, 0, false, false), 0);
	/* 1, 2 and 3 over 0; 3 also over 2 */
	assert_int_equal(t.f.count, 4);
	assert_int_equal(t.list[3].cls, EFIVMAP_FIND_OVERLAP_RT);
	assert_int_equal(t.list[3].other, 2);
	assert_false(t.v.sorted);
	assert_non_null(efivmap_mmap_find(&t.v, 0x40210000, &idx));
	assert_int_equal(idx, 0);
	tl_map_free(&m);
}

static void test_mmap_overlap_unsorted_pairs(void **state)
{
	struct tl_map m;
	struct tol t;

	(void)state;
	make_map(&m, 48);
	tl_map_add(&m, EFIVMAP_EFI_MMIO, 0x09010000, 1, EFIVMAP_EFI_MEMORY_UC | RT);
	assert_int_equal(tol_run(&t, &m, 1, 0, false, false), 0);
	assert_int_equal(t.f.count, 2);
	tol_find(&t, EFIVMAP_FIND_UNSORTED, EFIVMAP_REPAIR_NONE, 3,
		 0x09010000);
	assert_int_equal(tol_find(&t, EFIVMAP_FIND_DUPLICATE,
				  EFIVMAP_REPAIR_UNION, 4, 0x09010000)->other,
			 3);
	/* sorted first: the same finding, in sorted positions */
	assert_int_equal(tol_run(&t, &m, 1, 0, false, true), 0);
	tol_find(&t, EFIVMAP_FIND_UNSORTED, EFIVMAP_REPAIR_SORTED, 3,
		 0x09010000);
	assert_int_equal(tol_find(&t, EFIVMAP_FIND_DUPLICATE,
				  EFIVMAP_REPAIR_UNION, 1, 0x09010000)->other,
			 0);
	assert_int_equal(tol_run(&t, &m, 1, 0, true, true),
			 -EFIVMAP_ERR_OVERLAP);
	assert_int_equal(t.diag.index, 1);
	tl_map_free(&m);
}

/* An unsorted map is reported in either mode, never refused. */
static void test_mmap_reports_unsorted_map(void **state)
{
	struct tl_map m;
	struct tol t;

	(void)state;
	make_map(&m, 40);
	for (int strict = 0; strict < 2; strict++) {
		assert_int_equal(tol_run(&t, &m, 1, 0, strict, false), 0);
		assert_int_equal(t.f.count, 1);
		tol_find(&t, EFIVMAP_FIND_UNSORTED, EFIVMAP_REPAIR_NONE, 3,
			 0x09010000);
		assert_int_equal(t.list[0].err, 0);
		assert_false(t.v.sorted);
		assert_non_null(efivmap_mmap_find(&t.v, 0x09010000, NULL));
	}
	tl_map_free(&m);
}

static void test_mmap_reports_types_and_attributes(void **state)
{
	struct tl_map m;
	struct tol t;

	(void)state;
	tl_map_init(&m, 40);
	tl_map_add(&m, 0x20, 0x1000, 1, WB);
	tl_map_add(&m, 0x70000001, 0x2000, 1, RT);
	tl_map_add(&m, 0x80000001, 0x3000, 1, WB | RT);
	tl_map_add(&m, 5, 0x4000, 1, RT);
	tl_map_add(&m, 7, 0x5000, 1, WB | (UINT64_C(1) << 21));
	for (int strict = 0; strict < 2; strict++) {
		assert_int_equal(tol_run(&t, &m, 1, 0, strict, false), 0);
		assert_int_equal(t.f.count, 6);
		tol_find(&t, EFIVMAP_FIND_UNKNOWN_TYPE, EFIVMAP_REPAIR_NONE, 0,
			 0x1000);
		tol_find(&t, EFIVMAP_FIND_OEM_TYPE, EFIVMAP_REPAIR_DEVICE, 1,
			 0x2000);
		tol_find(&t, EFIVMAP_FIND_OS_TYPE, EFIVMAP_REPAIR_NONE, 2,
			 0x3000);
		tol_find(&t, EFIVMAP_FIND_UNDEFINED_ATTR, EFIVMAP_REPAIR_NONE,
			 4, 0x5000);
		/* no UC/WC/WT/WB: Device for OEM, non-cacheable for code */
		assert_int_equal(t.list[2].cls, EFIVMAP_FIND_RT_NO_CACHEABILITY);
		assert_int_equal(t.list[2].repair, EFIVMAP_REPAIR_DEVICE);
		assert_int_equal(t.list[4].cls, EFIVMAP_FIND_RT_NO_CACHEABILITY);
		assert_int_equal(t.list[4].repair, EFIVMAP_REPAIR_NONCACHEABLE);
		assert_int_equal(t.list[4].index, 3);
	}
	tl_map_free(&m);
}

static void test_mmap_beyond_pa_size(void **state)
{
	struct tl_map m;
	struct tol t;

	(void)state;
	make_map(&m, 40);
	tl_map_add(&m, 7, UINT64_C(1) << 40, 0x10, WB);
	assert_int_equal(tol_run(&t, &m, 1, 40, false, false), 0);
	assert_int_equal(t.f.count, 2);
	tol_find(&t, EFIVMAP_FIND_BEYOND_PA, EFIVMAP_REPAIR_NONE, 4,
		 UINT64_C(1) << 40);
	assert_int_equal(tol_run(&t, &m, 1, 40, true, false),
			 -EFIVMAP_ERR_VA_BITS);
	/* unknown PA size, or large enough: nothing to say */
	assert_int_equal(tol_run(&t, &m, 1, 0, false, false), 0);
	assert_int_equal(t.f.count, 1);
	assert_int_equal(tol_run(&t, &m, 1, 48, false, false), 0);
	assert_int_equal(t.f.count, 1);
	/* a runtime region there cannot be mapped: fatal in both modes */
	tl_map_desc(&m, 4)->attribute |= RT;
	assert_int_equal(tol_run(&t, &m, 1, 40, false, false),
			 -EFIVMAP_ERR_VA_BITS);
	assert_int_equal(t.diag.index, 4);
	assert_int_equal(t.diag.addr, UINT64_C(1) << 40);
	assert_string_equal(t.diag.what, "runtime region ends beyond the PA size");
	tl_map_free(&m);
}

static void test_mmap_tolerates_desc_version(void **state)
{
	struct tl_map m;
	struct tol t;

	(void)state;
	make_map(&m, 48);
	assert_int_equal(tol_run(&t, &m, 2, 0, false, false), 0);
	assert_int_equal(t.f.count, 2);
	tol_find(&t, EFIVMAP_FIND_DESC_VERSION, EFIVMAP_REPAIR_NONE, NONE, 2);
	assert_int_equal(t.v.desc_version, 2);
	assert_int_equal(efivmap_mmap_count(&t.v), 4);
	assert_int_equal(tol_run(&t, &m, 2, 0, true, false),
			 -EFIVMAP_ERR_VERSION);
	assert_int_equal(t.f.count, 0);
	tl_map_free(&m);
}

/* Wraps stay fatal: a range past 2^64 cannot be mapped safely. */
static void test_mmap_wrap_stays_fatal(void **state)
{
	struct tl_map m;
	struct tol t;

	(void)state;
	make_map(&m, 40);
	tl_map_add(&m, 7, 0xfffffffffffff000ull, 2, WB);
	assert_int_equal(tol_run(&t, &m, 1, 0, false, false),
			 -EFIVMAP_ERR_OVERFLOW);
	tl_map_desc(&m, 4)->phys_start = 0x100000000ull;
	tl_map_desc(&m, 4)->num_pages = UINT64_C(1) << 52;
	assert_int_equal(tol_run(&t, &m, 1, 0, false, false),
			 -EFIVMAP_ERR_OVERFLOW);
	/* unaligned and ending at 2^64 + 0x800: still a wrap */
	tl_map_desc(&m, 4)->phys_start = 0xfffffffffffff800ull;
	tl_map_desc(&m, 4)->num_pages = 1;
	assert_int_equal(tol_run(&t, &m, 1, 0, false, false),
			 -EFIVMAP_ERR_OVERFLOW);
	tl_map_free(&m);
}

/* No findings, sink or list: tolerated unheard; the sink sees each. */
static void count_sink(void *ctx, const struct efivmap_finding *x)
{
	(void)x;
	++*(int *)ctx;
}

static void test_mmap_findings_sink_and_null(void **state)
{
	struct efivmap_findings f;
	struct efivmap_mmap v;
	struct tl_map m;
	int n = 0;

	(void)state;
	make_map(&m, 40);
	tl_map_add(&m, 7, 0x50000800, 0, WB);
	assert_int_equal(efivmap_mmap_init_ex(&v, m.buf, tl_map_size(&m), 40,
					      2, 0, NULL, NULL), 0);
	efivmap_findings_init(&f, NULL, 0);
	f.sink = count_sink;
	f.ctx = &n;
	assert_int_equal(efivmap_mmap_init_ex(&v, m.buf, tl_map_size(&m), 40,
					      2, 0, &f, NULL), 0);
	assert_int_equal(n, 3);    /* version, zero pages, unsorted */
	assert_int_equal(f.count, 3);
	tl_map_free(&m);
}

/* Sorting a tolerated map keeps lookups right: no binary search then. */
static void test_mmap_sort_tolerated_map_finds_everything(void **state)
{
	struct tl_map m;
	struct tol t;
	size_t idx;

	(void)state;
	tl_map_init(&m, 40);
	tl_map_add(&m, 6, 0x40208000, 0x10, WB | RT);
	tl_map_add(&m, 7, 0x40000000, 0x1000, WB);
	tl_map_add(&m, 6, 0x40200000, 0x10, WB | RT);
	tl_map_add(&m, 7, 0x50000000, 0, WB);
	assert_int_equal(tol_run(&t, &m, 1, 0, false, true), 0);
	assert_false(t.v.sorted);
	efivmap_mmap_sort(&t.v);
	assert_false(t.v.sorted);
	assert_non_null(efivmap_mmap_find(&t.v, 0x40fff000, &idx));
	assert_non_null(efivmap_mmap_find(&t.v, 0x40210000, NULL));
	assert_null(efivmap_mmap_find(&t.v, 0x50000000, NULL));
	/* a valid map still gets binary search after a sort */
	tl_map_free(&m);
	make_map(&m, 40);
	assert_int_equal(init(&t.v, &m, NULL), 0);
	assert_false(t.v.sorted);
	efivmap_mmap_sort(&t.v);
	assert_true(t.v.sorted);
	tl_map_free(&m);
}

/*
 * Runtime regions of two memory types in one 4 KiB page, by overlap or
 * by rounding out: unsafe, refused in both modes (strict says why first).
 */
static void test_mmap_runtime_page_of_two_types_is_fatal(void **state)
{
	struct tl_map m;
	struct tol t;

	(void)state;
	for (int sort = 0; sort < 2; sort++) {
		tl_map_init(&m, 40);
		tl_map_add(&m, 6, 0x40100800, 1, WB | RT);
		tl_map_add(&m, EFIVMAP_EFI_MMIO, 0x40101800, 1,
			   EFIVMAP_EFI_MEMORY_UC | RT);
		assert_int_equal(tol_run(&t, &m, 1, 0, false, sort),
				 -EFIVMAP_ERR_ATTR);
		assert_int_equal(t.diag.index, 1);
		assert_int_equal(t.diag.addr, 0x40101800);
		assert_int_equal(tol_run(&t, &m, 1, 0, true, sort),
				 -EFIVMAP_ERR_ALIGN);
		/* one type: shared, fine */
		tl_map_desc(&m, 1)->type = 6;
		tl_map_desc(&m, 1)->attribute = WB | RT;
		assert_int_equal(tol_run(&t, &m, 1, 0, false, sort), 0);
		/* overlapping bytes, unsorted: the same */
		tl_map_add(&m, EFIVMAP_EFI_MMIO, 0x40100000, 4,
			   EFIVMAP_EFI_MEMORY_UC | RT);
		assert_int_equal(tol_run(&t, &m, 1, 0, false, sort),
				 -EFIVMAP_ERR_ATTR);
		tl_map_free(&m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mmap_valid_map_at_every_stride),
		cmocka_unit_test(test_mmap_for_each_visits_all_by_stride),
		cmocka_unit_test(test_mmap_empty_map_is_valid),
		cmocka_unit_test(test_mmap_rejects_bad_metadata),
		cmocka_unit_test(test_mmap_rejects_null_or_misaligned_buffer),
		cmocka_unit_test(test_mmap_rejects_zero_pages_with_index),
		cmocka_unit_test(test_mmap_rejects_unaligned_phys_with_index),
		cmocka_unit_test(test_mmap_rejects_wrapping_range),
		cmocka_unit_test(test_mmap_accepts_range_ending_at_top_of_space),
		cmocka_unit_test(test_mmap_check_desc_alone_names_the_given_index),
		cmocka_unit_test(test_mmap_rejects_size_that_does_not_fit_64_bits),
		cmocka_unit_test(test_mmap_rejects_overlap_sorted_and_unsorted),
		cmocka_unit_test(test_mmap_accepts_oem_and_os_types_and_unknown_attrs),
		cmocka_unit_test(test_mmap_sort_moves_whole_strides),
		cmocka_unit_test(test_mmap_sort_large_shuffled_map),
		cmocka_unit_test(test_mmap_sort_reverses_a_descending_map),
		cmocka_unit_test(test_mmap_sort_nearly_sorted_and_past_the_budget),
		cmocka_unit_test(test_mmap_init_sort_sorts_then_validates),
		cmocka_unit_test(test_mmap_init_sort_reports_overlap_in_sorted_order),
		cmocka_unit_test(test_mmap_init_sort_checks_descriptors_before_sorting),
		cmocka_unit_test(test_mmap_find_sorted_and_unsorted),
		cmocka_unit_test(test_mmap_format_matches_linux_efi_debug),
		cmocka_unit_test(test_mmap_format_exact_size_buffer),
		cmocka_unit_test(test_mmap_real_captures_validate_and_sort),
		cmocka_unit_test(test_mmap_tolerates_unaligned_runtime_start),
		cmocka_unit_test(test_mmap_tolerates_unaligned_other_start),
		cmocka_unit_test(test_mmap_skips_zero_pages),
		cmocka_unit_test(test_mmap_overlap_classes),
		cmocka_unit_test(test_mmap_overlap_far_reaching_region),
		cmocka_unit_test(test_mmap_overlap_unsorted_pairs),
		cmocka_unit_test(test_mmap_reports_unsorted_map),
		cmocka_unit_test(test_mmap_reports_types_and_attributes),
		cmocka_unit_test(test_mmap_beyond_pa_size),
		cmocka_unit_test(test_mmap_tolerates_desc_version),
		cmocka_unit_test(test_mmap_wrap_stays_fatal),
		cmocka_unit_test(test_mmap_findings_sink_and_null),
		cmocka_unit_test(test_mmap_sort_tolerated_map_finds_everything),
		cmocka_unit_test(test_mmap_runtime_page_of_two_types_is_fatal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
