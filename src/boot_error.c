// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The boot module's error exit, in a file of its own at the bottom of the
 * module: every boot file calls it and it calls none of them back.
 */
#include "boot_internal.h"

int efivmap__boot_fail(struct efivmap_diag *diag, int err, const char *what,
		       uint64_t value)
{
	return efivmap__fail(diag, err, what, EFIVMAP_DIAG_NONE,
			     EFIVMAP_DIAG_NONE, value);
}
