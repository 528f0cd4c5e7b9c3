// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* The fdt module's shared pieces: property names and libfdt errors. */
#include "fdt_internal.h"

#define EFIVMAP__PROP(node, name, len) \
	{ name, node " has no " name, name " has the wrong length", len }

static const struct efivmap__fdt_prop linux_props[EFIVMAP__FDT_NPROPS] = {
	EFIVMAP__PROP("/chosen", "linux,uefi-system-table", 8),
	EFIVMAP__PROP("/chosen", "linux,uefi-mmap-start", 8),
	EFIVMAP__PROP("/chosen", "linux,uefi-mmap-size", 4),
	EFIVMAP__PROP("/chosen", "linux,uefi-mmap-desc-size", 4),
	EFIVMAP__PROP("/chosen", "linux,uefi-mmap-desc-ver", 4),
};

static const struct efivmap__fdt_prop xen_props[EFIVMAP__FDT_NPROPS] = {
	EFIVMAP__PROP("/hypervisor/uefi", "xen,uefi-system-table", 8),
	EFIVMAP__PROP("/hypervisor/uefi", "xen,uefi-mmap-start", 8),
	EFIVMAP__PROP("/hypervisor/uefi", "xen,uefi-mmap-size", 4),
	EFIVMAP__PROP("/hypervisor/uefi", "xen,uefi-mmap-desc-size", 4),
	EFIVMAP__PROP("/hypervisor/uefi", "xen,uefi-mmap-desc-ver", 4),
};

const struct efivmap__fdt_node efivmap__fdt_chosen = {
	"/chosen", "device tree has no /chosen node", linux_props
};

const struct efivmap__fdt_node efivmap__fdt_xen = {
	"/hypervisor/uefi", "device tree has no /hypervisor/uefi node",
	xen_props
};

/* What libfdt's codes mean here, and which of ours each becomes. */
struct fdt_err_map {
	int err;
	const char *what;
};

static const struct fdt_err_map fdt_errs[FDT_ERR_MAX + 1] = {
	[0] = { EFIVMAP_ERR_FDT, "unknown libfdt error" },
	[FDT_ERR_NOTFOUND] = { EFIVMAP_ERR_FDT_NOPROP,
			       "device tree node or property not found" },
	[FDT_ERR_EXISTS] = { EFIVMAP_ERR_FDT,
			     "device tree node or property already exists" },
	[FDT_ERR_NOSPACE] = { EFIVMAP_ERR_NOSPACE,
			      "device tree buffer too small" },
	[FDT_ERR_BADOFFSET] = { EFIVMAP_ERR_FDT,
				"device tree offset out of bounds" },
	[FDT_ERR_BADPATH] = { EFIVMAP_ERR_FDT, "bad device tree path" },
	[FDT_ERR_BADPHANDLE] = { EFIVMAP_ERR_FDT, "bad device tree phandle" },
	[FDT_ERR_BADSTATE] = { EFIVMAP_ERR_FDT,
			       "device tree left half-built" },
	[FDT_ERR_TRUNCATED] = { EFIVMAP_ERR_FDT, "device tree truncated" },
	[FDT_ERR_BADMAGIC] = { EFIVMAP_ERR_FDT,
			       "not a device tree (bad magic)" },
	[FDT_ERR_BADVERSION] = { EFIVMAP_ERR_FDT,
				 "unsupported device tree version" },
	[FDT_ERR_BADSTRUCTURE] = { EFIVMAP_ERR_FDT,
				   "corrupt device tree structure block" },
	[FDT_ERR_BADLAYOUT] = { EFIVMAP_ERR_FDT,
				"device tree blocks out of order" },
	[FDT_ERR_INTERNAL] = { EFIVMAP_ERR_FDT, "libfdt internal error" },
	[FDT_ERR_BADNCELLS] = { EFIVMAP_ERR_FDT,
				"bad #address-cells or #size-cells" },
	[FDT_ERR_BADVALUE] = { EFIVMAP_ERR_FDT,
			       "device tree property has a bad value" },
	[FDT_ERR_BADOVERLAY] = { EFIVMAP_ERR_FDT, "bad device tree overlay" },
	[FDT_ERR_NOPHANDLES] = { EFIVMAP_ERR_FDT,
				 "device tree has no free phandle" },
	[FDT_ERR_BADFLAGS] = { EFIVMAP_ERR_FDT, "bad libfdt flags" },
	[FDT_ERR_ALIGNMENT] = { EFIVMAP_ERR_INVAL,
				"device tree not 8-byte aligned" },
};

int efivmap__fdt_fail(struct efivmap_diag *diag, int fdt_err)
{
	int e = fdt_err < 0 ? -fdt_err : fdt_err;

	if (e > FDT_ERR_MAX)
		e = 0;
	return efivmap__fail(diag, fdt_errs[e].err, fdt_errs[e].what,
			     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE, 0);
}

int efivmap__fdt_check(const void *fdt, size_t size,
		       struct efivmap_diag *diag)
{
	int err;

	/* fdt_check_full() would read the header before checking its size. */
	if (size < sizeof(struct fdt_header))
		return efivmap__fail(diag, EFIVMAP_ERR_FDT,
				     "device tree truncated",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     size);
	/*
	 * Versions below 16 are useless here (fdt_open_into() refuses them)
	 * and libfdt 1.6's full check can read through a NULL pointer on
	 * crafted ones, so they never reach it.
	 */
	if (fdt_magic(fdt) == FDT_MAGIC && fdt_version(fdt) < 16)
		return efivmap__fail(diag, EFIVMAP_ERR_FDT,
				     "unsupported device tree version",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     fdt_version(fdt));
	err = fdt_check_full(fdt, size);
	if (err == 0)
		return 0;
	err = efivmap__fdt_fail(diag, err);
	/* Whatever libfdt says, a blob that fails its check is corrupt. */
	if (err != -EFIVMAP_ERR_INVAL && err != -EFIVMAP_ERR_FDT) {
		err = -EFIVMAP_ERR_FDT;
		if (diag)
			diag->err = err;
	}
	return err;
}

int efivmap__fdt_check_mmap(uint64_t start, uint64_t size,
			    uint64_t desc_size, struct efivmap_diag *diag)
{
	if (desc_size < EFIVMAP_EFI_DESC_MIN_SIZE)
		return efivmap__fail(diag, EFIVMAP_ERR_DESC_SIZE,
				     "uefi-mmap-desc-size below 40",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     desc_size);
	if (size && start + size - 1 < start)
		return efivmap__fail(diag, EFIVMAP_ERR_OVERFLOW,
				     "uefi-mmap-start + uefi-mmap-size wraps",
				     EFIVMAP_DIAG_NONE, EFIVMAP_DIAG_NONE,
				     start);
	return 0;
}
