/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Console output: the firmware's ConOut until ExitBootServices, QEMU virt's
 * PL011 after it (out_use_uart()).
 */
#ifndef LINUX_BOOT_OUT_H
#define LINUX_BOOT_OUT_H

#include <efi.h>
#include <stdarg.h>

#define OUT_UART_BASE 0x09000000UL

void out_init(EFI_SYSTEM_TABLE *st);
void out_use_uart(void);
/* %s %c %d %u %x %p with l/z and a width, '0' and '-' flags. */
void out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
