// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * Page allocations aligned beyond 4 KiB. AllocatePages only promises
 * 4 KiB, so allocate align - 4 KiB more and hand back the unused head and
 * tail. Only boot services may run this.
 */
#include "boot_internal.h"

#define PAGE EFIVMAP_EFI_PAGE_SIZE
#define SHIFT EFIVMAP_EFI_PAGE_SHIFT

/*
 * Return the unused head and tail of the allocation at @base (the @pages
 * of the aligned block plus @slack), and describe what is still held in
 * @out.
 */
static void free_slack(const struct efivmap_fw_ops *ops, uint64_t base,
		       uint64_t align, uint64_t pages, uint64_t slack,
		       struct efivmap_alloc *out)
{
	uint64_t start = efivmap__align_up(base, align);
	uint64_t head = (start - base) >> SHIFT;
	uint64_t tail = slack - head;
	uint64_t held_phys = base, held_pages = pages + slack;

	/*
	 * A failed free only costs memory: the pages stay EfiLoaderData,
	 * which the OS reclaims, and the held range records them so that
	 * efivmap_free_aligned() can return them.
	 */
	if (head && ops->free_pages(ops->ctx, base, (size_t)head) ==
	    EFIVMAP_EFI_SUCCESS) {
		held_phys = start;
		held_pages -= head;
	}
	if (tail && ops->free_pages(ops->ctx, start + (pages << SHIFT),
				    (size_t)tail) == EFIVMAP_EFI_SUCCESS)
		held_pages -= tail;

	out->phys = start;
	out->pages = pages;
	out->held_phys = held_phys;
	out->held_pages = held_pages;
}

int efivmap_alloc_aligned(const struct efivmap_fw_ops *ops, size_t size,
			  uint64_t align, struct efivmap_alloc *out,
			  struct efivmap_diag *diag)
{
	uint64_t pages, slack, total, base;
	efivmap_efi_status st;

	if (!ops || !ops->allocate_pages || !ops->free_pages || !out ||
	    !size)
		return efivmap__boot_fail(diag, EFIVMAP_ERR_INVAL,
					  "NULL argument or size 0", 0);
	if (!align)
		align = EFIVMAP_ALLOC_ALIGN;
	if (align < PAGE || (align & (align - 1)))
		return efivmap__boot_fail(diag, EFIVMAP_ERR_INVAL,
					  "alignment not a power of two of at least 4 KiB",
					  align);
	pages = ((uint64_t)size >> SHIFT) + !!(size & (PAGE - 1));
	slack = (align >> SHIFT) - 1;
	total = pages + slack;
	/* The byte count of the whole allocation must fit, and a UINTN. */
	if (total < pages || total > (SIZE_MAX >> SHIFT))
		return efivmap__boot_fail(diag, EFIVMAP_ERR_INVAL,
					  "allocation size overflows", size);

	base = 0;
	st = ops->allocate_pages(ops->ctx, (size_t)total, &base);
	if (st != EFIVMAP_EFI_SUCCESS)
		return efivmap__boot_fail(diag, EFIVMAP_ERR_FIRMWARE,
					  "AllocatePages failed", st);
	if ((base & (PAGE - 1)) || base > UINT64_MAX - ((total << SHIFT) - 1)) {
		ops->free_pages(ops->ctx, base, (size_t)total);
		return efivmap__boot_fail(diag, EFIVMAP_ERR_FIRMWARE,
					  "AllocatePages returned an unusable address",
					  base);
	}
	free_slack(ops, base, align, pages, slack, out);
	return 0;
}

int efivmap_free_aligned(const struct efivmap_fw_ops *ops,
			 const struct efivmap_alloc *a,
			 struct efivmap_diag *diag)
{
	efivmap_efi_status st;

	if (!ops || !ops->free_pages || !a)
		return efivmap__boot_fail(diag, EFIVMAP_ERR_INVAL,
					  "NULL argument", 0);
	st = ops->free_pages(ops->ctx, a->held_phys, (size_t)a->held_pages);
	if (st != EFIVMAP_EFI_SUCCESS)
		return efivmap__boot_fail(diag, EFIVMAP_ERR_FIRMWARE,
					  "FreePages failed", st);
	return 0;
}
