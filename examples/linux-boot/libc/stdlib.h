/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/* What libfdt's headers need of <stdlib.h>; see libc.c. */
#ifndef LINUX_BOOT_STDLIB_H
#define LINUX_BOOT_STDLIB_H

#include <stddef.h>

unsigned long strtoul(const char *s, char **end, int base);

#endif
