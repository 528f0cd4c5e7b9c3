/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * A later stage of the kexec chain. It is handed nothing but the FDT, as
 * a kexec'd kernel is: the memory map, the system table and the runtime
 * layout are found through /chosen. It checks the layout, rebuilds the
 * tables in its own pool, proves them identical to stage 1's, calls the
 * runtime services through them and carries the FDT on to the next stage.
 */
#ifndef EFISTUB_STAGE_H
#define EFISTUB_STAGE_H

#include <efivmap/layout.h>
#include <efivmap/pt.h>
#include "tables.h"

/* What a stage owns besides the FDT: its pool and its own identity needs. */
struct stage_env {
	const struct efivmap_pt_config *pt_cfg;
	const struct efivmap_layout_cfg *layout_cfg;
	const struct efivmap_pt_range *ident;	/* image, stack, UART */
	size_t nident;
	const struct stub_tables *first;	/* stage 1's, to compare */
	int skip_runtime;
	unsigned int probe_max;	/* MMU self-check: VAs per leaf */
	int probe_mutate;	/* corrupt a leaf of stage 2's tables */
	int *rt_fault_step;	/* nonzero: runtime services unavailable;
				 * a stage's failed guarded call sets 10 */
	const char **rt_fault_call;	/* ...and names the call here */
};

/* 0 on success; @next (when not NULL) receives the next stage's FDT. */
int stage_run(unsigned int n, const struct stage_env *env, void *fdt,
	      void *pool, size_t pool_size, void *next, size_t next_size,
	      struct stub_tables *t);

/* Big-endian totalsize from an FDT header. */
uint32_t stage_fdt_size(const void *fdt);

#endif
