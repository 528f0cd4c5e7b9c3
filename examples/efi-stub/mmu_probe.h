/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * The MMU self-check on the stub's tables: while a set is live, AT asks
 * the MMU how it translates sampled pages of every leaf (first and last
 * included) and efivmap_probe_run() compares that with what the
 * library's walk of a reference set says: output address, memory type,
 * readable, writable. The reference is the set itself, or, in the kexec
 * stages, stage 1's tables, which the stage proved identical to its own.
 */
#ifndef EFISTUB_MMU_PROBE_H
#define EFISTUB_MMU_PROBE_H

#include <efivmap/mmap.h>
#include <efivmap/pt.h>
#include "tables.h"

/*
 * Run the check with @t live against @ref's walk (named @ref_name), at
 * most @max VAs per leaf, and print one summary line. Returns 0 when
 * every sample agrees.
 */
int mmu_probe(const struct stub_tables *t, const struct efivmap_pt *ref,
	      const char *ref_name, unsigned int max);

/*
 * The probe_mutate negative control: make the first writable leaf of @t
 * in a runtime region of @map read-only (AP[2]) after the build; the
 * next switch to @t (the library's, with its TLB maintenance) makes the
 * MMU see it. Returns that leaf's VA, or 0 when there is none.
 */
uint64_t mmu_probe_mutate(struct stub_tables *t,
			  const struct efivmap_mmap *map);

#endif
