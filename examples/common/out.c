// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
#include <efi.h>
#include "out.h"

static EFI_SYSTEM_TABLE *out_st;
static int out_uart;

/* Text waiting for a newline before it goes to the firmware console. */
static CHAR16 out_wbuf[256];
static unsigned int out_wlen;

void out_init(struct _EFI_SYSTEM_TABLE *st)
{
	out_st = st;
}

static void uart_putc(char c)
{
	volatile uint32_t *uart = (volatile uint32_t *)OUT_UART_BASE;

	while (uart[0x18 / 4] & (1u << 5))	/* FR.TXFF */
		;
	uart[0] = (uint32_t)(unsigned char)c;
}

static void con_flush(void)
{
	if (!out_wlen)
		return;
	out_wbuf[out_wlen] = 0;
	out_st->ConOut->OutputString(out_st->ConOut, out_wbuf);
	out_wlen = 0;
}

void out_use_uart(void)
{
	out_uart = 1;
}

static void out_putc(char c)
{
	if (out_uart || !out_st) {
		if (c == '\n')
			uart_putc('\r');
		uart_putc(c);
		return;
	}
	if (c == '\n') {
		out_wbuf[out_wlen++] = '\r';
		out_wbuf[out_wlen++] = '\n';
		con_flush();
		return;
	}
	out_wbuf[out_wlen++] = (CHAR16)(unsigned char)c;
	if (out_wlen >= sizeof(out_wbuf) / sizeof(out_wbuf[0]) - 3)
		con_flush();
}

static void out_pad(char c, int n)
{
	while (n-- > 0)
		out_putc(c);
}

static void out_num(unsigned long long v, unsigned int base, int neg,
		    int width, int zero, int left)
{
	char tmp[24];
	int n = 0, len;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	len = n + neg;
	if (!left && !zero)
		out_pad(' ', width - len);
	if (neg)
		out_putc('-');
	if (!left && zero)
		out_pad('0', width - len);
	while (n)
		out_putc(tmp[--n]);
	if (left)
		out_pad(' ', width - len);
}

void out_vprintf(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		int zero = 0, left = 0, width = 0, lng = 0;
		unsigned long long u;
		long long s;
		const char *str;

		if (*fmt != '%') {
			out_putc(*fmt);
			continue;
		}
		for (fmt++; *fmt == '0' || *fmt == '-'; fmt++) {
			if (*fmt == '0')
				zero = 1;
			else
				left = 1;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			lng++;
		switch (*fmt) {
		case 'c':
			out_putc((char)va_arg(ap, int));
			break;
		case 's':
			str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";
			width -= (int)__builtin_strlen(str);
			if (!left)
				out_pad(' ', width);
			while (*str)
				out_putc(*str++);
			if (left)
				out_pad(' ', width);
			break;
		case 'd':
			s = lng ? va_arg(ap, long long) : va_arg(ap, int);
			u = s < 0 ? 0ULL - (unsigned long long)s :
				    (unsigned long long)s;
			out_num(u, 10, s < 0, width, zero, left);
			break;
		case 'u':
		case 'x':
			u = lng ? va_arg(ap, unsigned long long) :
				  va_arg(ap, unsigned int);
			out_num(u, *fmt == 'x' ? 16 : 10, 0, width, zero, left);
			break;
		case 'p':
			out_putc('0');
			out_putc('x');
			out_num((uintptr_t)va_arg(ap, void *), 16, 0, width,
				zero, left);
			break;
		case '%':
			out_putc('%');
			break;
		default:
			out_putc('?');
			if (!*fmt)
				return;
			break;
		}
	}
}

void out_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vprintf(fmt, ap);
	va_end(ap);
}

void out_line(void *ctx, const char *line)
{
	(void)ctx;
	out_printf("%s\n", line);
}
