/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Console output for the example stubs: the firmware's text console while
 * boot services exist, QEMU virt's PL011 after ExitBootServices.
 */
#ifndef EFI_EXAMPLE_OUT_H
#define EFI_EXAMPLE_OUT_H

#include <stdarg.h>
#include <stdint.h>

/* QEMU virt's PL011; the firmware proof identity-maps it in its tables. */
#define OUT_UART_BASE 0x09000000UL

struct _EFI_SYSTEM_TABLE;

void out_init(struct _EFI_SYSTEM_TABLE *st);
/* After ExitBootServices: every later byte goes to the PL011 directly. */
void out_use_uart(void);

/* printf subset: %s %c %d %u %x %p, flags '0' '-', width, l/ll/z. */
void out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void out_vprintf(const char *fmt, va_list ap);
/* A line sink for the library's dump functions (text without newline). */
void out_line(void *ctx, const char *line);

#endif
