// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
#include "out.h"

static EFI_SYSTEM_TABLE *out_st;
static int out_uart;
static CHAR16 out_line[160];
static unsigned int out_len;

void out_init(EFI_SYSTEM_TABLE *st)
{
	out_st = st;
}

void out_use_uart(void)
{
	out_uart = 1;
}

static void uart_putc(char c)
{
	volatile uint32_t *uart = (volatile uint32_t *)OUT_UART_BASE;

	while (uart[0x18 / 4] & (1u << 5))	/* FR.TXFF: FIFO full */
		;
	uart[0] = (uint32_t)(unsigned char)c;
}

static void con_flush(void)
{
	out_line[out_len] = 0;
	out_st->ConOut->OutputString(out_st->ConOut, out_line);
	out_len = 0;
}

static void out_putc(char c)
{
	if (out_uart || !out_st) {
		if (c == '\n')
			uart_putc('\r');
		uart_putc(c);
		return;
	}
	if (c == '\n')
		out_line[out_len++] = '\r';
	out_line[out_len++] = (CHAR16)(unsigned char)c;
	if (c == '\n' || out_len >= sizeof(out_line) / sizeof(out_line[0]) - 3)
		con_flush();
}

static void out_num(unsigned long v, unsigned int base, int neg, int width,
		    char pad, int left)
{
	char tmp[24];
	int n = 0, len;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	len = n + neg;
	if (!left && pad == ' ')
		for (; width > len; width--)
			out_putc(' ');
	if (neg)
		out_putc('-');
	if (!left)
		for (; width > len; width--)
			out_putc(pad);
	while (n)
		out_putc(tmp[--n]);
	for (; left && width > len; width--)
		out_putc(' ');
}

static void out_vprintf(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		int left = 0, width = 0, lng = 0;
		char pad = ' ';
		const char *s;
		unsigned long u;
		long v;

		if (*fmt != '%') {
			out_putc(*fmt);
			continue;
		}
		for (fmt++; *fmt == '0' || *fmt == '-'; fmt++) {
			if (*fmt == '0')
				pad = '0';
			else
				left = 1;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			lng = 1;
		switch (*fmt) {
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			while (*s)
				out_putc(*s++);
			break;
		case 'c':
			out_putc((char)va_arg(ap, int));
			break;
		case 'd':
			v = lng ? va_arg(ap, long) : va_arg(ap, int);
			u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
			out_num(u, 10, v < 0, width, pad, left);
			break;
		case 'u':
		case 'x':
			u = lng ? va_arg(ap, unsigned long) :
				  va_arg(ap, unsigned int);
			out_num(u, *fmt == 'x' ? 16 : 10, 0, width, pad, left);
			break;
		case 'p':
			out_putc('0');
			out_putc('x');
			out_num((unsigned long)va_arg(ap, void *), 16, 0, width,
				pad, left);
			break;
		case '%':
			out_putc('%');
			break;
		default:
			return;
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
