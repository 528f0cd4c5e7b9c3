/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Reading physical memory from user space: the UEFI memory map a DT points
 * to sits in RAM the running kernel reserved, which /dev/mem refuses under
 * STRICT_DEVMEM, so /proc/kcore (whose RAM segments carry their physical
 * address) comes first.
 */
#ifndef KEXEC_LOAD_PHYSMEM_H
#define KEXEC_LOAD_PHYSMEM_H

#include <stddef.h>
#include <stdint.h>

/* 0, or -1 with a reason in @why (static or in @why_buf). */
int physmem_read(uint64_t pa, void *buf, size_t len, const char **why);

#endif
