/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * One planning run: layout, translation tables, verification. The plan
 * command runs it once, or twice with --compare (the second time with
 * Linux's layout and mapping policy).
 */
#ifndef EFIVMAP_CLI_PLAN_H
#define EFIVMAP_CLI_PLAN_H

#include "input.h"
#include "efivmap/layout.h"
#include "efivmap/pt.h"

#define PLAN_MAX_PROBLEMS 32

/*
 * Not a library strategy: keep the VirtualStart values of the input (a
 * post-SetVirtualAddressMap map) after efivmap_layout_check(), as a
 * kexec loader does.
 */
#define PLAN_STRATEGY_KEEP 0x100u

struct plan_opts {
	uint32_t strategy;       /* enum efivmap_layout_strategy */
	uint32_t granule;        /* EFIVMAP_PT_GRANULE_* */
	uint32_t va_bits;
	uint32_t pa_bits;        /* 0: from the highest runtime address */
	bool va_base_set, va_limit_set, seed_set;
	uint64_t va_base, va_limit, seed;
	bool linux_policy;
	bool no_contig;
	uint64_t pool_base;
	bool dump_tables;        /* text output: every table entry */
};

/* A MAT read from a file; entries at desc_size stride. */
struct plan_mat {
	const char *path;
	struct cli_map entries;  /* the entries, read like a memory map */
	struct efivmap_efi_mat_header hdr;
	struct efivmap_pt_mat mat;
	bool loaded;
};

struct plan_result {
	/* Set when a stage failed; the rest is valid up to that stage. */
	const char *failed_stage;   /* "layout", "tables" or NULL */
	int err;
	struct efivmap_diag diag;

	struct efivmap_mmap map;    /* over @buf, VAs assigned */
	void *buf;
	uint32_t strategy;          /* as asked: a layout one or KEEP */
	struct efivmap_layout_cfg lcfg;
	size_t runtime;

	struct efivmap_pt_config pcfg;
	struct efivmap_pt pt;
	uint8_t *pool;
	size_t tables_needed;
	struct efivmap_pt_stats st;
	uint64_t ttbr0, tcr, mair;

	unsigned mat_ignored;
	char mat_problems[PLAN_MAX_PROBLEMS][160];

	bool verified;              /* efivmap_pt_verify() and the walk */
	unsigned nproblems;         /* verification problems (all counted) */
	char problems[PLAN_MAX_PROBLEMS][160];
	/* 4 KiB runtime pages the walk proved, by two walks per leaf */
	uint64_t pages_walked;
};

/* The defaults of "efivmap plan". */
void plan_opts_default(struct plan_opts *o);

/*
 * Plans @m (which is not modified: the run works on a copy). Returns
 * CLI_OK when every stage ran (check r->verified), else CLI_BAD_INPUT
 * with r->failed_stage set; nothing is printed.
 */
int plan_run(const struct cli_map *m, const struct plan_opts *o,
	     const struct plan_mat *mat, struct plan_result *r);
void plan_free(struct plan_result *r);

/* Reads --mat FILE (text, entries-only binary, or a whole table). */
int plan_load_mat(struct plan_mat *mat, const char *path,
		  size_t map_desc_size);
void plan_free_mat(struct plan_mat *mat);

/* Names for output. */
const char *plan_strategy_name(uint32_t strategy);
const char *plan_granule_name(uint32_t granule);
const char *plan_policy_name(const struct plan_opts *o);

#endif /* EFIVMAP_CLI_PLAN_H */
