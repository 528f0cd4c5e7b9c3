/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * A fake UEFI firmware behind struct efivmap_fw_ops, for host tests.
 *
 * It serves a memory map (a real capture or a synthetic one, re-strided to
 * any desc_size), hands out pages from a guarded arena, changes its map key
 * and grows its map on demand, records every call, and fails any call on
 * request: by global call number, or by kind and occurrence. It also
 * enforces UEFI's rules and counts every breach in ff_violations():
 * allocating or freeing after the first ExitBootServices attempt, any boot
 * service after a successful one, a second SetVirtualAddressMap, freeing
 * pages it never gave out, and writes into the arena outside the pages it
 * gave out (guard bytes).
 */
#ifndef FAKE_FW_H
#define FAKE_FW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "efivmap/boot.h"

enum ff_kind {
	FF_GET_MEMORY_MAP,
	FF_ALLOCATE_PAGES,
	FF_FREE_PAGES,
	FF_EXIT_BOOT_SERVICES,
	FF_SVAM,
	FF_NR_KINDS
};

/* One recorded call. */
struct ff_call {
	enum ff_kind kind;
	efivmap_efi_status status;      /* what the fake returned */
	bool injected;                  /* the failure was injected */
};

#define FF_MAX_CALLS 256
#define FF_GUARD 0xCC                  /* arena bytes nobody owns */

struct fake_fw {
	struct efivmap_fw_ops ops;      /* ops.ctx points back here */

	/* The map the firmware reports. */
	uint8_t *map;
	size_t map_size, map_cap, desc_size;
	uint32_t desc_version;
	size_t key;

	/* Behaviour knobs (set them after ff_init). */
	unsigned int stale_keys;        /* the next N EBS calls see a new key */
	size_t grow_on_stale;           /* descriptors added per key change */
	size_t grow_on_alloc;           /* ... per AllocatePages */
	efivmap_efi_status svam_status; /* what a good SVAM call returns */
	bool svam_touches_new_vas;      /* SVAM needs *quirk_active (Seattle) */
	const bool *quirk_active;
	uint64_t alloc_skew_pages;      /* first page the allocator hands out */
	uint64_t alloc_bad_offset;      /* added to the next address returned */
	size_t map_size_lie;            /* added to a successful map size */

	/* Fault injection: 1-based, 0 = off. */
	unsigned int fail_call_no;
	enum ff_kind fail_kind;
	unsigned int fail_kind_nth;
	efivmap_efi_status fail_status;

	/* Record. */
	unsigned int calls;
	unsigned int kind_calls[FF_NR_KINDS];
	struct ff_call log[FF_MAX_CALLS];
	bool ebs_attempted, exited, svam_called;
	unsigned int bad_after_ebs;     /* alloc/free after an EBS attempt */
	unsigned int bad_after_exit;    /* boot service after EBS succeeded */
	unsigned int bad_frees;         /* pages not allocated */
	unsigned int svam_touch_faults; /* new VAs touched without the quirk */
	unsigned int svam_bad_input;    /* malformed SVAM input */
	unsigned int svam_again;        /* second SVAM call */

	/* What SVAM received (a copy). */
	uint8_t *svam_copy;
	size_t svam_map_size, svam_desc_size;
	uint32_t svam_desc_version;
	const void *svam_ptr;

	/* Page arena: phys == host address. */
	uint8_t *arena;
	size_t arena_pages;
	uint8_t *page_used;
	size_t pages_in_use;
	uint64_t bad_phys;              /* the address a bad offset produced */
	size_t bad_first, bad_pages;
};

/* A fake serving @map_size bytes of @map at @src_desc_size stride,
 * re-strided to @desc_size (padding bytes 0x5A). */
void ff_init(struct fake_fw *f, const void *map, size_t map_size,
	     size_t src_desc_size, size_t desc_size);
/* The same, from tests/data/@name (a raw captured .bin). */
void ff_init_file(struct fake_fw *f, const char *name, size_t src_desc_size,
		  size_t desc_size);
void ff_free(struct fake_fw *f);

/* Fail global call number @n (1-based) with @status. */
void ff_fail_call(struct fake_fw *f, unsigned int n,
		  efivmap_efi_status status);
/* Fail the @nth (1-based) call of @kind with @status. */
void ff_fail_kind(struct fake_fw *f, enum ff_kind kind, unsigned int nth,
		  efivmap_efi_status status);

/* Append @n one-page Boot Services Data descriptors above the map. */
void ff_grow(struct fake_fw *f, size_t n);

/* Descriptor @i of the fake's map / of the recorded SVAM input. */
struct efivmap_efi_desc *ff_desc(struct fake_fw *f, size_t i);
size_t ff_count(const struct fake_fw *f);
struct efivmap_efi_desc *ff_svam_desc(struct fake_fw *f, size_t i);

/* Bytes of the arena outside allocated pages that are no longer FF_GUARD. */
size_t ff_guard_damage(const struct fake_fw *f);
/* Sum of every rule breach (0 for a well-behaved caller). */
unsigned int ff_violations(const struct fake_fw *f);

const char *ff_kind_name(enum ff_kind k);

#endif
