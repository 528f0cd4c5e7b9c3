// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * The second phase of writing /chosen, run inside the ExitBootServices
 * hook: once per attempt, right before the call, where an allocation would
 * change the map just read and after a failed attempt boot services are
 * off limits. So efivmap_fdt_commit() allocates nothing and never resizes
 * the tree. It overwrites in place only the bytes efivmap_fdt_prepare()
 * placed, and may run any number of times: each run leaves the tree as a
 * single run with its values would.
 */
#include "fdt_internal.h"

/* The arguments fit the property widths and describe a usable map. */
static int check_values(const void *fdt, uint64_t mmap_start,
			uint64_t mmap_size, uint64_t desc_size,
			struct efivmap_diag *diag)
{
	if (!fdt || !efivmap__fdt_aligned(fdt))
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "device tree NULL or not 8-byte aligned",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     (uintptr_t)fdt);
	if (mmap_size > UINT32_MAX)
		return efivmap__fail(diag, EFIVMAP_ERR_MAP_SIZE,
				     "memory map size does not fit linux,uefi-mmap-size",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     mmap_size);
	if (desc_size > UINT32_MAX)
		return efivmap__fail(diag, EFIVMAP_ERR_DESC_SIZE,
				     "descriptor size does not fit linux,uefi-mmap-desc-size",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     desc_size);
	return efivmap__fdt_check_mmap(mmap_start, mmap_size, desc_size, diag);
}

/*
 * The offset of /chosen once every placeholder prepare wrote is found
 * there at its length, so that no write starts before all can succeed;
 * else a negative error.
 */
static int find_placeholders(const void *fdt, struct efivmap_diag *diag)
{
	const struct efivmap__fdt_prop *p = efivmap__fdt_chosen.props;
	int node, i, len, err;

	/* The header check bounds every offset libfdt follows below; a full
	 * check would walk the whole tree on each ExitBootServices try. */
	err = fdt_check_header(fdt);
	if (err)
		return efivmap__fdt_fail(diag, err);

	node = fdt_path_offset(fdt, efivmap__fdt_chosen.path);
	if (node == -FDT_ERR_NOTFOUND)
		return efivmap__fail(diag, EFIVMAP_ERR_FDT_NOPROP,
				     efivmap__fdt_chosen.missing,
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	if (node < 0)
		return efivmap__fdt_fail(diag, node);
	for (i = EFIVMAP__FDT_MMSTART; i < EFIVMAP__FDT_NPROPS; i++) {
		if (!fdt_getprop(fdt, node, p[i].name, &len)) {
			if (len != -FDT_ERR_NOTFOUND)
				return efivmap__fdt_fail(diag, len);
			return efivmap__fail(diag, EFIVMAP_ERR_FDT_NOPROP,
					     p[i].missing, EFIVMAP_DIAG_NONE,
					     EFIVMAP_DIAG_NONE, 0);
		}
		if (len != p[i].len)
			return efivmap__fail(diag, EFIVMAP_ERR_FDT_BADLEN,
					     p[i].badlen, EFIVMAP_DIAG_NONE,
					     EFIVMAP_DIAG_NONE, 0);
	}
	return node;
}

/* Overwrite each placeholder of @node with @val, indexed as the table. */
static int write_in_place(void *fdt, int node, const uint64_t *val,
			  struct efivmap_diag *diag)
{
	const struct efivmap__fdt_prop *p = efivmap__fdt_chosen.props;
	int i, err;

	for (i = EFIVMAP__FDT_MMSTART; i < EFIVMAP__FDT_NPROPS; i++) {
		if (p[i].len == 8)
			err = fdt_setprop_inplace_u64(fdt, node, p[i].name,
						      val[i]);
		else
			err = fdt_setprop_inplace_u32(fdt, node, p[i].name,
						      (uint32_t)val[i]);
		if (err)
			return efivmap__fdt_fail(diag, err);
	}
	return 0;
}

int efivmap_fdt_commit(void *fdt, uint64_t mmap_start, uint64_t mmap_size,
		       uint64_t desc_size, uint32_t desc_ver,
		       struct efivmap_diag *diag)
{
	uint64_t val[EFIVMAP__FDT_NPROPS];
	int node, err;

	err = check_values(fdt, mmap_start, mmap_size, desc_size, diag);
	if (err)
		return err;
	node = find_placeholders(fdt, diag);
	if (node < 0)
		return node;
	val[EFIVMAP__FDT_MMSTART] = mmap_start;
	val[EFIVMAP__FDT_MMSIZE] = mmap_size;
	val[EFIVMAP__FDT_DCSIZE] = desc_size;
	val[EFIVMAP__FDT_DCVER] = desc_ver;
	return write_in_place(fdt, node, val, diag);
}
