// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The C library functions libfdt.a and the compiler expect, for a UEFI
 * application that has none. Plain byte loops; the file is built with
 * -fno-builtin and -fno-tree-loop-distribute-patterns so that they do not
 * turn into calls to themselves.
 */
#include <stdint.h>
#include "libc/string.h"
#include "libc/stdlib.h"

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)(uintptr_t)p;
	return NULL;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s)
		while (n--)
			*d++ = *s++;
	else if (d > s)
		while (n--)
			d[n] = s[n];
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	return memmove(dst, src, n);
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

size_t strlen(const char *s)
{
	return strnlen(s, SIZE_MAX);
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)(uintptr_t)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *hit = NULL;

	for (;; s++) {
		if (*s == (char)c)
			hit = s;
		if (!*s)
			return (char *)(uintptr_t)hit;
	}
}

/* Decimal and hexadecimal only: libfdt parses unit addresses with it. */
unsigned long strtoul(const char *s, char **end, int base)
{
	unsigned long v = 0;

	if ((base == 0 || base == 16) && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X'))
		s += 2, base = 16;
	else if (base == 0)
		base = 10;
	for (;; s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned int)(*s - 'a' + 10);
		else if (*s >= 'A' && *s <= 'F')
			d = (unsigned int)(*s - 'A' + 10);
		else
			break;
		if (d >= (unsigned int)base)
			break;
		v = v * (unsigned long)base + d;
	}
	if (end)
		*end = (char *)(uintptr_t)s;
	return v;
}

/* libfdt.a is built with the stack protector; no entropy this early. */
uintptr_t __stack_chk_guard = 0x1f2e3d4c5b6a7988UL;

void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	for (;;)
		__asm__ volatile("wfi");
}
