/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Shared by the fdt module's files. The module is the only part of the
 * library that includes <libfdt.h>; these helpers keep libfdt's error codes
 * from leaking out of it.
 */
#ifndef EFIVMAP_FDT_INTERNAL_H
#define EFIVMAP_FDT_INTERNAL_H

#include <libfdt.h>
#include "internal.h"
#include "efivmap/fdt.h"

/* Index of each UEFI property in the name tables below. */
enum efivmap__fdt_prop_id {
	EFIVMAP__FDT_SYSTAB,
	EFIVMAP__FDT_MMSTART,
	EFIVMAP__FDT_MMSIZE,
	EFIVMAP__FDT_DCSIZE,
	EFIVMAP__FDT_DCVER,
	EFIVMAP__FDT_NPROPS
};

struct efivmap__fdt_prop {
	const char *name;
	const char *missing;    /* diag.what when it is absent */
	const char *badlen;     /* diag.what when its length is wrong */
	int len;                /* the length efivmap_fdt_prepare() writes */
};

/* One place the properties live: /chosen or Xen's /hypervisor/uefi. */
struct efivmap__fdt_node {
	const char *path;
	const char *missing;    /* diag.what when the node is absent */
	const struct efivmap__fdt_prop *props;
};

extern const struct efivmap__fdt_node efivmap__fdt_chosen;
extern const struct efivmap__fdt_node efivmap__fdt_xen;

/* libfdt wants 8-byte aligned blobs. */
static inline bool efivmap__fdt_aligned(const void *p)
{
	return ((uintptr_t)p & 7) == 0;
}

static inline bool efivmap__fdt_overlaps(const void *a, size_t a_size,
					 const void *b, size_t b_size)
{
	uintptr_t pa = (uintptr_t)a, pb = (uintptr_t)b;

	return pa < pb + b_size && pb < pa + a_size;
}

/*
 * Translate a negative libfdt code into -EFIVMAP_ERR_* and fill @diag with
 * what libfdt complained about.
 */
int efivmap__fdt_fail(struct efivmap_diag *diag, int fdt_err);

/* Full structural check of a blob that has @size readable bytes. */
int efivmap__fdt_check(const void *fdt, size_t size,
		       struct efivmap_diag *diag);

/* The values every writer and reader insists on. */
int efivmap__fdt_check_mmap(uint64_t start, uint64_t size,
			    uint64_t desc_size, struct efivmap_diag *diag);

#endif /* EFIVMAP_FDT_INTERNAL_H */
