// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* Error codes and diagnostics: efivmap_strerror, efivmap_diag_format. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "efivmap/error.h"
#include "efivmap/mmap.h"
#include "testlib.h"

#define WB EFIVMAP_EFI_MEMORY_WB

/* A diagnostic from a real failure: descriptor 1 misaligned. */
static void test_error_diag_format_names_place(void **state)
{
	struct tl_map m;
	struct efivmap_mmap v;
	struct efivmap_diag diag;
	char buf[200];

	(void)state;
	tl_map_init(&m, 48);
	tl_map_add(&m, EFIVMAP_EFI_CONVENTIONAL, 0x40000000, 0x100, WB);
	tl_map_add(&m, EFIVMAP_EFI_RUNTIME_SERVICES_CODE, 0x40100800, 0x10,
		   WB | EFIVMAP_EFI_MEMORY_RUNTIME);
	assert_int_equal(efivmap_mmap_init(&v, m.buf, tl_map_size(&m), 48,
					   EFIVMAP_EFI_DESC_VERSION, &diag),
			 -EFIVMAP_ERR_ALIGN);
	efivmap_diag_format(&diag, buf, sizeof(buf));
	assert_string_equal(buf, "descriptor 1 at 0x40100800: PhysicalStart not 4 KiB aligned (misaligned address)");
	tl_map_free(&m);
}

static void test_error_strerror_covers_every_code(void **state)
{
	(void)state;
	for (int e = 0; e < EFIVMAP_ERR_MAX; e++)
		assert_string_not_equal(efivmap_strerror(-e), "unknown error");
	assert_string_equal(efivmap_strerror(-EFIVMAP_ERR_MAX), "unknown error");
	assert_string_equal(efivmap_strerror(-EFIVMAP_ERR_NOSPACE),
			    efivmap_strerror(EFIVMAP_ERR_NOSPACE));
}

/* Any int, INT_MIN from a callback included, has a message. */
static void test_error_strerror_survives_any_int(void **state)
{
	(void)state;
	assert_string_equal(efivmap_strerror(INT_MIN), "unknown error");
	assert_string_equal(efivmap_strerror(INT_MAX), "unknown error");
	assert_string_equal(efivmap_strerror(INT_MIN + 1), "unknown error");
	assert_string_equal(efivmap_strerror(0), "success");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_diag_format_names_place),
		cmocka_unit_test(test_error_strerror_covers_every_code),
		cmocka_unit_test(test_error_strerror_survives_any_int),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
