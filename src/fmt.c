// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* A bounded text writer: the library's only formatting, as there is no printf. */
#include "internal.h"

void efivmap__out_init(struct efivmap__out *o, char *buf, size_t size)
{
	o->buf = buf;
	o->size = size;
	o->len = 0;
}

void efivmap__out_char(struct efivmap__out *o, char c)
{
	/* Keep the last byte for the NUL that efivmap__out_end() writes. */
	if (o->buf && o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

void efivmap__out_str(struct efivmap__out *o, const char *s)
{
	while (*s)
		efivmap__out_char(o, *s++);
}

void efivmap__out_str_pad(struct efivmap__out *o, const char *s, size_t width)
{
	size_t n = 0;

	for (; s[n]; n++)
		efivmap__out_char(o, s[n]);
	for (; n < width; n++)
		efivmap__out_char(o, ' ');
}

void efivmap__out_hex(struct efivmap__out *o, uint64_t v, unsigned digits)
{
	static const char hex[] = "0123456789abcdef";
	unsigned n = 1, i;

	while (n < 16 && (v >> (4 * n)) != 0)
		n++;
	if (n < digits)
		n = digits;
	for (i = n; i-- > 0;)
		efivmap__out_char(o, i >= 16 ? '0' : hex[(v >> (4 * i)) & 0xf]);
}

void efivmap__out_dec(struct efivmap__out *o, uint64_t v)
{
	char tmp[20];
	unsigned n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		efivmap__out_char(o, tmp[--n]);
}

size_t efivmap__out_end(struct efivmap__out *o)
{
	if (o->buf && o->size)
		o->buf[o->len < o->size ? o->len : o->size - 1] = '\0';
	return o->len;
}
