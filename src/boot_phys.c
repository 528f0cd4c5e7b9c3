// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * efi_to_phys: after SetVirtualAddressMap the firmware converts the
 * pointers in its system table to virtual addresses. A kernel that reads
 * the table before its own runtime mapping exists (or a kexec'd kernel,
 * which never saw the call) needs them physical again.
 */
#include "boot_internal.h"

uint64_t efivmap_efi_to_phys(const struct efivmap_mmap *map, uint64_t va)
{
	struct efivmap_efi_desc *d;
	size_t i;

	if (!map)
		return va;
	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap_desc_is_runtime(d))
			continue;
		/* No VA installed: the firmware's pointers are physical. */
		if (d->virt_start == 0 ||
		    d->virt_start == EFIVMAP_EFI_VA_INVALID)
			break;
		/* Compared in pages, so a huge NumberOfPages cannot wrap. */
		if (va >= d->virt_start &&
		    (va - d->virt_start) >> EFIVMAP_EFI_PAGE_SHIFT <
		    d->num_pages)
			return d->phys_start + (va - d->virt_start);
	}
	return va;
}

uint64_t efivmap_efi_fw_vendor_phys(const struct efivmap_mmap *map,
				    const struct efivmap_efi_system_table *st)
{
	return st ? efivmap_efi_to_phys(map, st->fw_vendor) : 0;
}

uint64_t efivmap_efi_tables_phys(const struct efivmap_mmap *map,
				 const struct efivmap_efi_system_table *st)
{
	return st ? efivmap_efi_to_phys(map, st->tables) : 0;
}
