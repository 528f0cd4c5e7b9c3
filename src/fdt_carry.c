// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The kexec side: the next kernel must find the very map the first kernel
 * was given, because SetVirtualAddressMap cannot be called again. Carrying
 * is prepare and commit with the values read back from the current tree.
 */
#include "fdt_internal.h"

int efivmap_fdt_carry(void *buf, size_t buf_size, const void *base,
		      size_t base_size, const struct efivmap_fdt_uefi *uefi,
		      const struct efivmap_fdt_boot *boot, size_t *needed,
		      struct efivmap_diag *diag)
{
	struct efivmap_fdt_boot next;
	size_t need;
	int err;

	if ((!buf && buf_size) || !base || !uefi ||
	    efivmap__fdt_overlaps(buf, buf_size, base, base_size))
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "device tree buffers NULL or overlapping",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	err = efivmap__fdt_check_mmap(uefi->mmap_start, uefi->mmap_size,
				      uefi->desc_size, diag);
	if (err)
		return err;

	efivmap__zero(&next, sizeof(next));
	if (boot)
		efivmap__copy(&next, boot, sizeof(next));
	next.system_table = uefi->system_table;

	err = efivmap_fdt_prepare(buf, buf_size, base, base_size, &next,
				  &need, diag);
	if (err == -EFIVMAP_ERR_NOSPACE && needed)
		*needed = need;
	if (err)
		return err;
	err = efivmap_fdt_commit(buf, uefi->mmap_start, uefi->mmap_size,
				 uefi->desc_size, uefi->desc_ver, diag);
	if (err)
		return err;
	/* A file for kexec-tools or fdtdump carries no free space. */
	err = fdt_pack(buf);
	if (err)
		return efivmap__fdt_fail(diag, err);
	if (needed)
		*needed = fdt_totalsize(buf);
	return 0;
}
