// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Reading the UEFI properties as Linux's efi_get_fdt_params() does, so a
 * loader accepts exactly the trees the kernel accepts, minus values that
 * could not describe a usable memory map.
 */
#include "fdt_internal.h"

/* Big-endian cells, possibly only 4-byte aligned. */
static uint64_t load_be(const uint8_t *p, int len)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < len; i++)
		v = v << 8 | p[i];
	return v;
}

/* Either cell size for any property, as Linux allows. */
static int read_prop(const void *fdt, int node,
		     const struct efivmap__fdt_prop *p, uint64_t *val,
		     struct efivmap_diag *diag)
{
	const void *data;
	int len;

	data = fdt_getprop(fdt, node, p->name, &len);
	if (!data) {
		if (len != -FDT_ERR_NOTFOUND)
			return efivmap__fdt_fail(diag, len);
		return efivmap__fail(diag, EFIVMAP_ERR_FDT_NOPROP, p->missing,
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	}
	if (len != 4 && len != 8)
		return efivmap__fail(diag, EFIVMAP_ERR_FDT_BADLEN, p->badlen,
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	*val = load_be(data, len);
	return 0;
}

static uint32_t saturate32(uint64_t v)
{
	return v < UINT32_MAX ? (uint32_t)v : UINT32_MAX;
}

int efivmap_fdt_read(const void *fdt, size_t fdt_size,
		     struct efivmap_fdt_uefi *out, struct efivmap_diag *diag)
{
	const struct efivmap__fdt_node *where = &efivmap__fdt_xen;
	uint64_t val[EFIVMAP__FDT_NPROPS];
	int node, i, err;

	if (!fdt || !out || !efivmap__fdt_aligned(fdt))
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "device tree NULL or not 8-byte aligned",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	err = efivmap__fdt_check(fdt, fdt_size, diag);
	if (err)
		return err;

	/* Xen's node first; the first node present decides, as in Linux. */
	node = fdt_path_offset(fdt, where->path);
	if (node == -FDT_ERR_NOTFOUND) {
		where = &efivmap__fdt_chosen;
		node = fdt_path_offset(fdt, where->path);
	}
	if (node == -FDT_ERR_NOTFOUND)
		return efivmap__fail(diag, EFIVMAP_ERR_FDT_NOPROP,
				     where->missing, EFIVMAP_DIAG_NONE,
				     EFIVMAP_DIAG_NONE, 0);
	if (node < 0)
		return efivmap__fdt_fail(diag, node);

	for (i = 0; i < EFIVMAP__FDT_NPROPS; i++) {
		err = read_prop(fdt, node, &where->props[i], &val[i], diag);
		if (err)
			return err;
	}
	for (i = EFIVMAP__FDT_MMSIZE; i < EFIVMAP__FDT_NPROPS; i++)
		val[i] = saturate32(val[i]);
	err = efivmap__fdt_check_mmap(val[EFIVMAP__FDT_MMSTART],
				      val[EFIVMAP__FDT_MMSIZE],
				      val[EFIVMAP__FDT_DCSIZE], diag);
	if (err)
		return err;

	out->system_table = val[EFIVMAP__FDT_SYSTAB];
	out->mmap_start = val[EFIVMAP__FDT_MMSTART];
	out->mmap_size = (uint32_t)val[EFIVMAP__FDT_MMSIZE];
	out->desc_size = (uint32_t)val[EFIVMAP__FDT_DCSIZE];
	out->desc_ver = (uint32_t)val[EFIVMAP__FDT_DCVER];
	out->flags = where == &efivmap__fdt_xen ? EFIVMAP_FDT_UEFI_XEN : 0;
	return 0;
}

int efivmap_fdt_mmap_ex(const struct efivmap_fdt_uefi *uefi, void *buf,
			size_t buf_size, struct efivmap_mmap *map,
			struct efivmap_findings *findings,
			struct efivmap_diag *diag)
{
	if (!uefi || !buf || !map || !efivmap__fdt_aligned(buf))
		return efivmap__fail(diag, EFIVMAP_ERR_INVAL,
				     "memory map NULL or not 8-byte aligned",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
	if (buf_size < uefi->mmap_size)
		return efivmap__fail(diag, EFIVMAP_ERR_MAP_SIZE,
				     "memory map shorter than uefi-mmap-size",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     buf_size);
	return efivmap_mmap_init_ex(map, buf, uefi->mmap_size, uefi->desc_size,
				    uefi->desc_ver, 0, findings, diag);
}

int efivmap_fdt_mmap(const struct efivmap_fdt_uefi *uefi, void *buf,
		     size_t buf_size, struct efivmap_mmap *map,
		     struct efivmap_diag *diag)
{
	return efivmap_fdt_mmap_ex(uefi, buf, buf_size, map, NULL, diag);
}
