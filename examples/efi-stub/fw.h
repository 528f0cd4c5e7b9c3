/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * The gnu-efi side of the stub: the library's firmware ops as thin
 * wrappers around the boot-services table, and configuration-table lookup.
 */
#ifndef EFISTUB_FW_H
#define EFISTUB_FW_H

#include <efi.h>
#include <efivmap/boot.h>

struct stub_fw {
	EFI_HANDLE image;
	EFI_SYSTEM_TABLE *st;
	/* Give the first ExitBootServices a wrong key, to prove the retry. */
	int force_stale_key;
	efivmap_efi_status stale_status;	/* what that call returned */
};

void fw_ops_init(struct efivmap_fw_ops *ops, struct stub_fw *fw);

/*
 * A configuration table by GUID, or NULL. @tables and @count come from
 * the system table, translated to physical addresses when SVAM has run.
 */
void *fw_find_table(const EFI_CONFIGURATION_TABLE *tables, UINTN count,
		    const struct efivmap_efi_guid *guid);

#endif
