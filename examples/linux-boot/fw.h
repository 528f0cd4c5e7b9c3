/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/* The library's firmware ops on gnu-efi's boot-services table. */
#ifndef LINUX_BOOT_FW_H
#define LINUX_BOOT_FW_H

#include <efi.h>
#include <efivmap/boot.h>

struct lb_fw {
	EFI_HANDLE image;
	EFI_SYSTEM_TABLE *st;
};

void lb_fw_ops(struct efivmap_fw_ops *ops, struct lb_fw *fw);

/* A configuration table by GUID, or NULL (before SVAM: 1:1 addresses). */
void *lb_find_table(EFI_SYSTEM_TABLE *st, const struct efivmap_efi_guid *g);

#endif
