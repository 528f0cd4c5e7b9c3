/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * A validated view over a firmware memory map.
 *
 * The view never owns or copies the buffer: it records where the
 * descriptors are and how far apart (desc_size), checked once in
 * efivmap_mmap_init(). Every access goes through the stride because firmware
 * may report a desc_size larger than struct efivmap_efi_desc (EDK2: 48,
 * U-Boot: 40) and may grow it in future versions.
 */
#ifndef EFIVMAP_MMAP_H
#define EFIVMAP_MMAP_H

#include "efi.h"
#include "error.h"
#include "finding.h"

struct efivmap_mmap {
	uint8_t *base;          /* first descriptor, 8-byte aligned */
	size_t map_size;        /* bytes of descriptors */
	size_t desc_size;       /* stride between descriptors */
	uint32_t desc_version;
	size_t count;           /* map_size / desc_size */
	/*
	 * PhysicalStart ascends, with no overlaps or empty descriptors (a
	 * tolerated map may have both), so binary search finds any address:
	 * found by efivmap_mmap_init*() or efivmap_mmap_sort(), so lookups
	 * need not scan the map to learn it. Reorder the buffer behind the
	 * view's back and it goes stale.
	 */
	bool sorted;
};

/**
 * efivmap_mmap_init_ex - validate a firmware memory map, tolerating defects
 * @map: the view to fill; untouched on failure
 * @buf: the descriptors, 8-byte aligned (may be NULL when @map_size is 0)
 * @map_size: bytes of descriptors in @buf
 * @desc_size: stride between descriptors, as GetMemoryMap reported it
 * @desc_version: descriptor version, as GetMemoryMap reported it
 * @pa_bits: the CPU's physical address size; 0 when unknown (not checked)
 * @f: where findings go (efivmap/finding.h); NULL: tolerated unheard.
 *	With EFIVMAP_FINDINGS_STRICT the first defect that init() refused
 *	fails the call with init()'s error.
 * @diag: optional; names the descriptor at fault
 *
 * Checks the metadata, then every descriptor, then overlaps. What Linux
 * maps anyway is tolerated and reported, each with the descriptor index,
 * PhysicalStart and the repair (see README, "Defects the library
 * tolerates"):
 *
 *  - descriptor version not 1 (DESC_VERSION, read as version 1)
 *  - NumberOfPages 0 (ZERO_PAGES, SKIPPED: maps nothing)
 *  - PhysicalStart not 4 KiB aligned (START_UNALIGNED): ROUNDED_OUT for
 *    runtime regions, whose enclosing 4 KiB pages the tables map; NONE
 *    for others, which the library never maps
 *  - non-runtime region beyond 2^@pa_bits (BEYOND_PA, NONE)
 *  - overlaps (OVERLAP_RT_OTHER, OVERLAP_OTHER: NONE; OVERLAP_RT,
 *    DUPLICATE: UNION when both are runtime, else NONE). Each descriptor
 *    is paired with at most one earlier runtime and one earlier other
 *    region; the layout and the tables refuse runtime pairs that would
 *    need two translations or memory types in one page, and init_ex
 *    itself refuses two memory types in one physical 4 KiB page.
 *  - and, never refused even under STRICT: types UEFI does not define
 *    (UNKNOWN_TYPE, OEM_TYPE, OS_TYPE), runtime regions without a
 *    cacheability bit (RT_NO_CACHEABILITY), undefined attribute bits
 *    (UNDEFINED_ATTR) and maps out of PhysicalStart order (UNSORTED).
 *    The repair named for a runtime region is what the default table
 *    policy does: DEVICE or NONCACHEABLE (efivmap_pt_policy()).
 *
 * The buffer is never written. The overlap check is linear when the map
 * is in PhysicalStart order and compares every pair otherwise; use
 * efivmap_mmap_init_sort_ex() for a large unsorted map. A map with
 * overlaps or empty descriptors is looked up linearly (efivmap_mmap_find).
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @map is NULL, or @buf is NULL/misaligned with data
 *	-EFIVMAP_ERR_DESC_SIZE: @desc_size below 40 or not a multiple of 8
 *	-EFIVMAP_ERR_MAP_SIZE: @map_size not a multiple of @desc_size
 *	-EFIVMAP_ERR_OVERFLOW: PhysicalStart + pages * 4 KiB wraps past
 *	2^64, or the size does not fit 64 bits (2^52 pages or more)
 *	-EFIVMAP_ERR_VA_BITS: a runtime region ends beyond 2^@pa_bits
 *	-EFIVMAP_ERR_ATTR: two runtime regions of different memory types
 *	(efivmap_pt_policy() without the LINUX flag) share a 4 KiB page,
 *	by overlap or once rounded out: unsafe (diag names the later one)
 *	and, under STRICT only: -EFIVMAP_ERR_VERSION, -EFIVMAP_ERR_ZERO_PAGES,
 *	-EFIVMAP_ERR_ALIGN, -EFIVMAP_ERR_OVERLAP (diag names the later
 *	descriptor), -EFIVMAP_ERR_VA_BITS (a non-runtime region)
 */
int efivmap_mmap_init_ex(struct efivmap_mmap *map, void *buf,
			 size_t map_size, size_t desc_size,
			 uint32_t desc_version, uint32_t pa_bits,
			 struct efivmap_findings *f, struct efivmap_diag *diag);

/**
 * efivmap_mmap_init_sort_ex - sort a memory map in place, then validate
 * @map, @buf, @map_size, @desc_size, @desc_version, @pa_bits, @f, @diag:
 *	as efivmap_mmap_init_ex()
 *
 * efivmap_mmap_init_ex() for large maps that are not in address order:
 * once the metadata and every descriptor passed their checks, the buffer
 * is sorted by PhysicalStart (efivmap_mmap_sort()), so the overlap check
 * is linear and the whole call O(n log n). The descriptors are only
 * permuted, never changed. Findings of the per-descriptor checks index
 * firmware order; UNSORTED (repair SORTED) and overlaps index the sorted
 * buffer. Do not use it on a map whose firmware order matters (the LINUX
 * layout follows firmware order).
 *
 * returns: as efivmap_mmap_init_ex().
 */
int efivmap_mmap_init_sort_ex(struct efivmap_mmap *map, void *buf,
			      size_t map_size, size_t desc_size,
			      uint32_t desc_version, uint32_t pa_bits,
			      struct efivmap_findings *f,
			      struct efivmap_diag *diag);

/**
 * efivmap_mmap_init - validate a firmware memory map, refusing every defect
 * @map: the view to fill; untouched on failure
 * @buf: the descriptors, 8-byte aligned (may be NULL when @map_size is 0)
 * @map_size: bytes of descriptors in @buf
 * @desc_size: stride between descriptors, as GetMemoryMap reported it
 * @desc_version: descriptor version, as GetMemoryMap reported it
 * @diag: optional; names the descriptor at fault
 *
 * efivmap_mmap_init_ex() with EFIVMAP_FINDINGS_STRICT and no PA size:
 * the first defect fails the call. Unknown memory types and attribute
 * bits are accepted (see efivmap_mmap_unknown_attrs()). The overlap check
 * is linear when the map is sorted by PhysicalStart and quadratic
 * otherwise; use efivmap_mmap_init_sort() for a large unsorted map.
 *
 * returns: 0, or
 *	-EFIVMAP_ERR_INVAL: @map is NULL, or @buf is NULL/misaligned with data
 *	-EFIVMAP_ERR_DESC_SIZE: @desc_size below 40 or not a multiple of 8
 *	-EFIVMAP_ERR_MAP_SIZE: @map_size not a multiple of @desc_size
 *	-EFIVMAP_ERR_VERSION: @desc_version is not 1
 *	-EFIVMAP_ERR_ZERO_PAGES: a descriptor has NumberOfPages == 0
 *	-EFIVMAP_ERR_ALIGN: a PhysicalStart is not 4 KiB aligned
 *	-EFIVMAP_ERR_OVERFLOW: PhysicalStart + pages * 4 KiB wraps past
 *	2^64, or the size does not fit 64 bits (2^52 pages or more)
 *	-EFIVMAP_ERR_OVERLAP: two descriptors overlap (diag names the later one)
 */
int efivmap_mmap_init(struct efivmap_mmap *map, void *buf, size_t map_size,
		      size_t desc_size, uint32_t desc_version,
		      struct efivmap_diag *diag);

/**
 * efivmap_mmap_init_sort - sort a firmware memory map in place, then validate
 * @map: the view to fill; untouched on failure
 * @buf: the descriptors, 8-byte aligned (may be NULL when @map_size is 0)
 * @map_size: bytes of descriptors in @buf
 * @desc_size: stride between descriptors
 * @desc_version: descriptor version
 * @diag: optional; names the descriptor at fault
 *
 * efivmap_mmap_init_sort_ex() with EFIVMAP_FINDINGS_STRICT: an overlap
 * error is reported after sorting, so diag->index is a position in the
 * sorted buffer and diag->addr the overlapping descriptor's PhysicalStart.
 *
 * returns: as efivmap_mmap_init().
 */
int efivmap_mmap_init_sort(struct efivmap_mmap *map, void *buf,
			   size_t map_size, size_t desc_size,
			   uint32_t desc_version, struct efivmap_diag *diag);

/**
 * efivmap_mmap_check_desc - efivmap_mmap_init()'s per-descriptor checks
 * @d: one descriptor
 * @index: its index, copied into @diag
 * @diag: optional
 *
 * returns: 0, -EFIVMAP_ERR_ZERO_PAGES, -EFIVMAP_ERR_ALIGN or
 *	-EFIVMAP_ERR_OVERFLOW.
 */
int efivmap_mmap_check_desc(const struct efivmap_efi_desc *d, size_t index,
			    struct efivmap_diag *diag);

/* Descriptor @i of @map; @i must be below map->count. */
static inline struct efivmap_efi_desc *
efivmap_mmap_get(const struct efivmap_mmap *map, size_t i)
{
	return (struct efivmap_efi_desc *)(void *)(map->base + i * map->desc_size);
}

static inline size_t efivmap_mmap_count(const struct efivmap_mmap *map)
{
	return map->count;
}

/* Iterate over every descriptor: size_t i; struct efivmap_efi_desc *d. */
#define efivmap_mmap_for_each(map, i, d) \
	for ((i) = 0; (i) < (map)->count && \
	     ((d) = efivmap_mmap_get((map), (i)), 1); (i)++)

/* Bytes covered by a validated descriptor. */
static inline uint64_t efivmap_desc_bytes(const struct efivmap_efi_desc *d)
{
	return d->num_pages << EFIVMAP_EFI_PAGE_SHIFT;
}

/* Last byte covered (inclusive, so the top of the address space works). */
static inline uint64_t efivmap_desc_last(const struct efivmap_efi_desc *d)
{
	return d->phys_start + efivmap_desc_bytes(d) - 1;
}

static inline bool efivmap_desc_is_runtime(const struct efivmap_efi_desc *d)
{
	return (d->attribute & EFIVMAP_EFI_MEMORY_RUNTIME) != 0;
}

/* Attribute bits the UEFI specification does not define. */
static inline uint64_t
efivmap_mmap_unknown_attrs(const struct efivmap_efi_desc *d)
{
	return d->attribute & ~EFIVMAP_EFI_MEMORY_KNOWN_MASK;
}

/**
 * efivmap_mmap_sort - sort the descriptors by PhysicalStart, in place
 * @map: a view from efivmap_mmap_init()
 *
 * Linear for the orders firmware produces (ascending, descending, or a
 * few descriptors out of place); any other order falls back to heapsort:
 * O(n log n), no extra memory, no recursion. Not stable (ties happen
 * only in a map efivmap_mmap_init_ex() tolerated: duplicates, overlaps,
 * empty descriptors). Bytes beyond the 40-byte descriptor inside each
 * stride move with their descriptor. Sets map->sorted only when binary
 * search will work (no overlaps or empty descriptors left).
 */
void efivmap_mmap_sort(struct efivmap_mmap *map);

/* True when PhysicalStart is strictly ascending. */
bool efivmap_mmap_is_sorted(const struct efivmap_mmap *map);

/**
 * efivmap_mmap_find - the descriptor containing a physical address
 * @map: a view
 * @pa: physical address
 * @index: optional; set to the descriptor's index when found
 *
 * Binary search when @map->sorted, linear scan otherwise.
 *
 * returns: the descriptor, or NULL when no descriptor contains @pa.
 */
struct efivmap_efi_desc *efivmap_mmap_find(const struct efivmap_mmap *map,
					   uint64_t pa, size_t *index);

/* Count the descriptors that carry EFI_MEMORY_RUNTIME. */
size_t efivmap_mmap_count_runtime(const struct efivmap_mmap *map);

/**
 * efivmap_efi_type_name - Linux's short name for a memory type
 * @type: memory type
 *
 * returns: "Runtime Code", "MMIO", ... ; "OEM" / "OS" / "Unknown" outside
 * the standard range.
 */
const char *efivmap_efi_type_name(uint32_t type);

/**
 * efivmap_mmap_format_desc - one descriptor as Linux's efi=debug prints it
 * @d: the descriptor
 * @buf: output, NUL-terminated when @size > 0
 * @size: bytes available
 *
 * Example: "0x000040000000-0x00004007ffff [Conventional|   |  |  |  |  |  |
 * |  |   |WB|WT|WC|UC]" (one line, no newline; end inclusive). Unknown
 * attribute bits switch the flags part to "|attr=0x...", as Linux does.
 *
 * returns: the length of the full line without its NUL; the line was
 * truncated when this is >= @size.
 */
size_t efivmap_mmap_format_desc(const struct efivmap_efi_desc *d, char *buf,
				size_t size);

#endif /* EFIVMAP_MMAP_H */
