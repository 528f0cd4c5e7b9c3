// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * EFIAPI on AArch64 is plain AAPCS64, so each op is a direct call into the
 * firmware's table; only the argument order and types are adapted.
 */
#include <efi.h>
#include <efilib.h>
#include "fw.h"

static efivmap_efi_status fw_get_memory_map(void *ctx, size_t *map_size,
					    void *buf, size_t *map_key,
					    size_t *desc_size,
					    uint32_t *desc_version)
{
	struct stub_fw *fw = ctx;

	return fw->st->BootServices->GetMemoryMap(map_size, buf, map_key,
						  desc_size, desc_version);
}

static efivmap_efi_status fw_allocate_pages(void *ctx, size_t pages,
					    uint64_t *phys)
{
	struct stub_fw *fw = ctx;

	return fw->st->BootServices->AllocatePages(AllocateAnyPages,
						   EfiLoaderData, pages, phys);
}

static efivmap_efi_status fw_free_pages(void *ctx, uint64_t phys,
					size_t pages)
{
	struct stub_fw *fw = ctx;

	return fw->st->BootServices->FreePages(phys, pages);
}

static efivmap_efi_status fw_exit_boot_services(void *ctx, size_t map_key)
{
	struct stub_fw *fw = ctx;
	efivmap_efi_status s;

	if (fw->force_stale_key) {
		fw->force_stale_key = 0;
		s = fw->st->BootServices->ExitBootServices(fw->image,
							   map_key + 1);
		fw->stale_status = s;
		return s;
	}
	return fw->st->BootServices->ExitBootServices(fw->image, map_key);
}

static efivmap_efi_status fw_set_virtual_address_map(void *ctx,
						     size_t map_size,
						     size_t desc_size,
						     uint32_t desc_version,
						     void *virtual_map)
{
	struct stub_fw *fw = ctx;

	return fw->st->RuntimeServices->SetVirtualAddressMap(map_size,
		desc_size, desc_version, virtual_map);
}

void fw_ops_init(struct efivmap_fw_ops *ops, struct stub_fw *fw)
{
	ops->ctx = fw;
	ops->get_memory_map = fw_get_memory_map;
	ops->allocate_pages = fw_allocate_pages;
	ops->free_pages = fw_free_pages;
	ops->exit_boot_services = fw_exit_boot_services;
	ops->set_virtual_address_map = fw_set_virtual_address_map;
}

EFI_STATUS fw_open_root(EFI_HANDLE image, EFI_SYSTEM_TABLE *st,
			EFI_FILE_HANDLE *root)
{
	EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
	EFI_GUID fs_guid = SIMPLE_FILE_SYSTEM_PROTOCOL;
	EFI_LOADED_IMAGE *li;
	EFI_FILE_IO_INTERFACE *fs;
	EFI_STATUS s;

	s = st->BootServices->HandleProtocol(image, &li_guid, (void **)&li);
	if (EFI_ERROR(s))
		return s;
	s = st->BootServices->HandleProtocol(li->DeviceHandle, &fs_guid,
					     (void **)&fs);
	if (EFI_ERROR(s))
		return s;
	return fs->OpenVolume(fs, root);
}

void *fw_find_table(const EFI_CONFIGURATION_TABLE *tables, UINTN count,
		    const struct efivmap_efi_guid *guid)
{
	UINTN i;

	for (i = 0; i < count; i++)
		if (__builtin_memcmp(&tables[i].VendorGuid, guid,
				     sizeof(*guid)) == 0)
			return tables[i].VendorTable;
	return NULL;
}
