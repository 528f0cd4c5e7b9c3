/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/* Just enough of <stdlib.h> for libfdt's headers; see libc.c. */
#ifndef EFI_EXAMPLE_STDLIB_H
#define EFI_EXAMPLE_STDLIB_H

#include <stddef.h>

unsigned long strtoul(const char *s, char **end, int base);

#endif
