/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * The gnu-efi side of the example stubs: the library's firmware ops as thin
 * wrappers around the boot-services table, and configuration-table lookup.
 */
#ifndef EFI_EXAMPLE_FW_H
#define EFI_EXAMPLE_FW_H

#include <efi.h>
#include <efivmap/boot.h>

struct stub_fw {
	EFI_HANDLE image;
	EFI_SYSTEM_TABLE *st;
	/*
	 * Set to give the first ExitBootServices a wrong key, to prove the
	 * retry (the firmware proof does; zero passes every key unchanged).
	 */
	int force_stale_key;
	efivmap_efi_status stale_status;	/* what that call returned */
};

/* EFI_DTB_TABLE_GUID b1b621d5-f19c-41a5-830b-d9152c69aae0 */
#define FW_DTB_TABLE_GUID { 0xb1b621d5, 0xf19c, 0x41a5, \
	{ 0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69, 0xaa, 0xe0 } }

void fw_ops_init(struct efivmap_fw_ops *ops, struct stub_fw *fw);

/* The root directory of the volume @image was loaded from. */
EFI_STATUS fw_open_root(EFI_HANDLE image, EFI_SYSTEM_TABLE *st,
			EFI_FILE_HANDLE *root);

/*
 * A configuration table by GUID, or NULL. @tables and @count come from
 * the system table, translated to physical addresses when SVAM has run.
 */
void *fw_find_table(const EFI_CONFIGURATION_TABLE *tables, UINTN count,
		    const struct efivmap_efi_guid *guid);

#endif
