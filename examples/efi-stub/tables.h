/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * One set of the stub's translation tables: the runtime regions at their
 * new virtual addresses (efivmap_pt_build with the MAT) plus the few
 * identity ranges the stub itself touches while they are live.
 */
#ifndef EFISTUB_TABLES_H
#define EFISTUB_TABLES_H

#include <efivmap/pt.h>
#include "cfg.h"

#define STUB_MAX_RANGES 8

struct stub_tables {
	const char *name;
	struct efivmap_pt pt;
	struct efivmap_pt_input in;
	uint64_t ttbr0;
	uint64_t tcr;		/* TCR_EL1 while they are live */
	uint64_t mair;
	int lib_switch;		/* same shape: the library swaps TTBR0 */
	int switch_pair;	/* ...by efivmap_arch_switch_ttbr0() twice */
};

/*
 * The table configuration for a run: the firmware's own TCR/MAIR shape
 * when cfg->va_bits is 0, else the requested granule and VA size.
 */
int tables_config(struct efivmap_pt_config *pc, const struct stub_cfg *cfg,
		  uint64_t fw_tcr, uint64_t fw_mair, struct efivmap_diag *d);

/* Tables a build of @in takes, or a negative error. */
long tables_needed(const struct efivmap_pt_config *pc,
		   const struct efivmap_pt_input *in, struct efivmap_diag *d);

int tables_build(struct stub_tables *t, const char *name,
		 const struct efivmap_pt_config *pc,
		 const struct efivmap_pt_input *in, void *pool, size_t size,
		 uint64_t fw_tcr, struct efivmap_diag *d);

/*
 * Call fn(arg) with the tables live; the firmware's come back after.
 * Returns nonzero when the switch went wrong.
 */
uint64_t tables_call(const struct stub_tables *t, void (*fn)(void *),
		     void *arg);

/* 0 when both sets hold exactly the same leaf descriptors. */
int tables_same(const struct stub_tables *a, const struct stub_tables *b);

void tables_print_stats(const struct stub_tables *t);
void tables_dump(const struct stub_tables *t);

#endif
