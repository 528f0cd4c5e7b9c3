/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/* Shared by the boot module's source files. Not installed. */
#ifndef EFIVMAP_BOOT_INTERNAL_H
#define EFIVMAP_BOOT_INTERNAL_H

#include "internal.h"
#include "efivmap/boot.h"

/*
 * efivmap__fail() without a descriptor index or text line, which no
 * failure in this module has. One out-of-line copy, in boot_error.c,
 * keeps the many error exits small.
 */
int efivmap__boot_fail(struct efivmap_diag *diag, int err, const char *what,
		       uint64_t value);

#endif /* EFIVMAP_BOOT_INTERNAL_H */
