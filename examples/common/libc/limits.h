/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/* The <limits.h> values libfdt's headers use, for an LP64 target. */
#ifndef EFI_EXAMPLE_LIMITS_H
#define EFI_EXAMPLE_LIMITS_H

#define CHAR_BIT  8
#define INT_MAX   __INT_MAX__
#define INT_MIN   (-INT_MAX - 1)
#define UINT_MAX  (INT_MAX * 2U + 1U)
#define LONG_MAX  __LONG_MAX__
#define ULONG_MAX (LONG_MAX * 2UL + 1UL)

#endif
