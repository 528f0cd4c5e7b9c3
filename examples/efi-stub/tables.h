/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * One set of the stub's translation tables: the runtime regions at their
 * new virtual addresses (efivmap_pt_build with the MAT) plus the few
 * identity ranges the stub itself touches while they are live.
 */
#ifndef EFISTUB_TABLES_H
#define EFISTUB_TABLES_H

#include <efivmap/arch.h>
#include <efivmap/pt.h>
#include "cfg.h"

#define STUB_MAX_RANGES 8

struct stub_tables {
	const char *name;
	struct efivmap_pt pt;
	struct efivmap_pt_input in;
	uint64_t ttbr0;
	uint64_t tcr;		/* TCR_EL1 (TCR_EL2 at EL2) while live */
	uint64_t mair;
	int lib_switch;		/* same shape: the library swaps TTBR0 */
	int switch_pair;	/* ...by efivmap_arch_switch_ttbr0() twice */
};

/*
 * The table configuration for a run, in the live regime: the firmware's
 * own TCR/MAIR shape when cfg->va_bits is 0, else the requested granule
 * and VA size.
 */
int tables_config(struct efivmap_pt_config *pc, const struct stub_cfg *cfg,
		  const struct efivmap_arch_live *live, struct efivmap_diag *d);

/* "EL1&0", "EL2" or "EL2&0" for an EFIVMAP_PT_REGIME_*. */
const char *tables_regime_name(uint32_t regime);

/* Tables a build of @in takes, or a negative error. */
long tables_needed(const struct efivmap_pt_config *pc,
		   const struct efivmap_pt_input *in, struct efivmap_diag *d);

int tables_build(struct stub_tables *t, const char *name,
		 const struct efivmap_pt_config *pc,
		 const struct efivmap_pt_input *in, void *pool, size_t size,
		 const struct efivmap_arch_live *live, struct efivmap_diag *d);

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
