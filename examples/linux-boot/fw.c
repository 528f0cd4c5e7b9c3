// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * EFIAPI on AArch64 is plain AAPCS64: each op calls the table entry
 * directly, adapting only the argument order.
 */
#include "fw.h"

static efivmap_efi_status get_map(void *ctx, size_t *size, void *buf,
				  size_t *key, size_t *desc_size,
				  uint32_t *ver)
{
	struct lb_fw *fw = ctx;

	return fw->st->BootServices->GetMemoryMap(size, buf, key, desc_size,
						  ver);
}

static efivmap_efi_status alloc_pages(void *ctx, size_t pages,
				      uint64_t *phys)
{
	struct lb_fw *fw = ctx;

	return fw->st->BootServices->AllocatePages(AllocateAnyPages,
						   EfiLoaderData, pages, phys);
}

static efivmap_efi_status free_pages(void *ctx, uint64_t phys, size_t pages)
{
	struct lb_fw *fw = ctx;

	return fw->st->BootServices->FreePages(phys, pages);
}

static efivmap_efi_status exit_bs(void *ctx, size_t key)
{
	struct lb_fw *fw = ctx;

	return fw->st->BootServices->ExitBootServices(fw->image, key);
}

static efivmap_efi_status svam(void *ctx, size_t size, size_t desc_size,
			       uint32_t ver, void *vmap)
{
	struct lb_fw *fw = ctx;

	return fw->st->RuntimeServices->SetVirtualAddressMap(size, desc_size,
							     ver, vmap);
}

void lb_fw_ops(struct efivmap_fw_ops *ops, struct lb_fw *fw)
{
	ops->ctx = fw;
	ops->get_memory_map = get_map;
	ops->allocate_pages = alloc_pages;
	ops->free_pages = free_pages;
	ops->exit_boot_services = exit_bs;
	ops->set_virtual_address_map = svam;
}

void *lb_find_table(EFI_SYSTEM_TABLE *st, const struct efivmap_efi_guid *g)
{
	UINTN i;

	for (i = 0; i < st->NumberOfTableEntries; i++)
		if (__builtin_memcmp(&st->ConfigurationTable[i].VendorGuid, g,
				     sizeof(*g)) == 0)
			return st->ConfigurationTable[i].VendorTable;
	return NULL;
}
