// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Copy and zero. Volatile stores, so that no compiler turns the loops
 * into calls to memcpy/memset, which a freestanding link does not provide
 * (the build also passes -fno-tree-loop-distribute-patterns).
 */
#include "internal.h"

static bool words(const void *a, const void *b, size_t n)
{
	return !(((uintptr_t)a | (uintptr_t)b | n) & 7);
}

void efivmap__copy(void *dst, const void *src, size_t n)
{
	if (words(dst, src, n)) {
		volatile uint64_t *d = dst;
		const uint64_t *s = src;

		for (n /= 8; n; n--)
			*d++ = *s++;
	} else {
		volatile uint8_t *d = dst;
		const uint8_t *s = src;

		while (n--)
			*d++ = *s++;
	}
}

void efivmap__zero(void *dst, size_t n)
{
	if (words(dst, dst, n)) {
		volatile uint64_t *d = dst;

		for (n /= 8; n; n--)
			*d++ = 0;
	} else {
		volatile uint8_t *d = dst;

		while (n--)
			*d++ = 0;
	}
}
