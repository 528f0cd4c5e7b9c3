/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Where the next kernel's segments go: memory the UEFI map calls
 * EfiConventionalMemory. That keeps them off the runtime regions, off the
 * memory map itself and the DT the boot stub left (EfiLoaderData), which
 * every later kernel still needs.
 */
#ifndef KEXEC_LOAD_PLACE_H
#define KEXEC_LOAD_PLACE_H

#include <efivmap/mmap.h>

#define PLACE_MAX_REGIONS 256

struct place {
	uint64_t start[PLACE_MAX_REGIONS];	/* next free byte */
	uint64_t end[PLACE_MAX_REGIONS];	/* exclusive */
	size_t n;
};

/* The conventional regions of @map, ascending; 0 or -1 when too many. */
int place_init(struct place *p, const struct efivmap_mmap *map);

/* First fit of @size bytes at @align (a power of two); 0 or -1. */
int place_take(struct place *p, uint64_t size, uint64_t align,
	       uint64_t *out);

#endif
