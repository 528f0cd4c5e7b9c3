// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* efivmap plan: options, the runs, and which writer prints them. */
#include <stdlib.h>
#include <string.h>

#include "plan_out.h"
#include "opts.h"

static const char plan_usage[] =
"Usage: efivmap plan [options] FILE|-\n"
"\n"
"Assign virtual addresses to the EFI_MEMORY_RUNTIME regions of a memory\n"
"map, print them (PA -> VA, in firmware order) and the exact\n"
"SetVirtualAddressMap input, build the translation tables for them, and\n"
"verify the tables by walking every leaf of every runtime region.\n"
"\n"
"Layout:\n"
"  --strategy S      optimal (default: fewest tables and TLB entries),\n"
"                    linux (byte-exact with Linux's efi_get_virtmap),\n"
"                    flat (VA = PA), or keep: use the VirtualStart values\n"
"                    of a post-SetVirtualAddressMap map after checking\n"
"                    them, as a kexec loader does\n"
"  --va-bits N       the OS's TTBR0 VA size, 36..48 (default 48)\n"
"  --va-base ADDR    start of the VA window (default 0x20000000)\n"
"  --va-limit ADDR   end of the VA window, exclusive (default 1 << 39)\n"
"  --seed N          randomize the window base with this seed\n"
"\n"
"Translation tables:\n"
"  --granule G       4k (default), 16k or 64k\n"
"  --mat FILE        apply a Memory Attributes Table: a capture of its\n"
"                    entries (text or raw) or the whole binary table\n"
"  --linux-policy    map as Linux does: runtime code and data with pages\n"
"                    only, no contiguous hint, non-MMIO memory write-back\n"
"  --no-contiguous   never set the contiguous hint\n"
"  --pa-bits N       physical address size (default: what the map needs)\n"
"  --pool-base ADDR  physical address of the first table (default\n"
"                    0x80000000); tables follow back to back\n"
"  --emit-tables F   write the table pool image to F ('-' for stdout)\n"
"  --dump-tables     list every table entry (text output only)\n"
"\n"
"Input and output:\n"
"  --desc-size N     FILE is a raw binary descriptor array with stride N\n"
"  --format NAME     force a text format (see 'efivmap parse --help')\n"
"  --json            print the stable JSON document instead of text\n"
"  --compare linux   also plan with Linux's layout and mapping policy and\n"
"                    show the two side by side\n"
"\n"
"Numbers are decimal or 0x hex, with an optional K, M, G or T suffix.\n"
"Exit status: 0 planned and verified, 1 bad input (or a plan that does not\n"
"fit, with the descriptor at fault), 2 bad usage.\n";

struct plan_cli {
	struct plan_opts opts;
	uint64_t desc_size;
	uint32_t format;
	const char *mat_path;
	const char *emit_path;
	bool json;
	bool compare;
};

static bool parse_strategy(const char *s, uint32_t *out)
{
	static const uint32_t all[] = { EFIVMAP_LAYOUT_OPTIMAL,
		EFIVMAP_LAYOUT_LINUX, EFIVMAP_LAYOUT_FLAT, PLAN_STRATEGY_KEEP };
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (strcmp(s, plan_strategy_name(all[i])) == 0) {
			*out = all[i];
			return true;
		}
	}
	return false;
}

static bool parse_granule(const char *s, uint32_t *out)
{
	if (!strcmp(s, "4k") || !strcmp(s, "4K") || !strcmp(s, "4096"))
		*out = EFIVMAP_PT_GRANULE_4K;
	else if (!strcmp(s, "16k") || !strcmp(s, "16K") ||
		 !strcmp(s, "16384"))
		*out = EFIVMAP_PT_GRANULE_16K;
	else if (!strcmp(s, "64k") || !strcmp(s, "64K") ||
		 !strcmp(s, "65536"))
		*out = EFIVMAP_PT_GRANULE_64K;
	else
		return false;
	return true;
}

static int parse_args(struct plan_cli *c, struct cli_opts *o)
{
	struct plan_opts *p = &c->opts;
	const char *s;
	uint64_t v;

	while (cli_opts_next(o)) {
		if (cli_opt_flag(o, "help")) {
			fputs(plan_usage, stdout);
			return -1;
		} else if (cli_opt_value(o, "strategy", &s)) {
			if (o->status == CLI_OK &&
			    !parse_strategy(s, &p->strategy))
				o->status = cli_usage_error("plan",
					"--strategy: '%s' is not optimal, linux, flat or keep", s);
		} else if (cli_opt_value(o, "granule", &s)) {
			if (o->status == CLI_OK &&
			    !parse_granule(s, &p->granule))
				o->status = cli_usage_error("plan",
					"--granule: '%s' is not 4k, 16k or 64k", s);
		} else if (cli_opt_u64(o, "va-bits", &v)) {
			if (o->status == CLI_OK &&
			    (v < EFIVMAP_PT_VA_BITS_MIN ||
			     v > EFIVMAP_PT_VA_BITS_MAX))
				o->status = cli_usage_error("plan",
					"--va-bits must be %u to %u",
					EFIVMAP_PT_VA_BITS_MIN,
					EFIVMAP_PT_VA_BITS_MAX);
			p->va_bits = (uint32_t)v;
		} else if (cli_opt_u64(o, "pa-bits", &v)) {
			if (o->status == CLI_OK &&
			    (v < EFIVMAP_PT_PA_BITS_MIN ||
			     v > EFIVMAP_PT_PA_BITS_MAX))
				o->status = cli_usage_error("plan",
					"--pa-bits must be %u to %u",
					EFIVMAP_PT_PA_BITS_MIN,
					EFIVMAP_PT_PA_BITS_MAX);
			p->pa_bits = (uint32_t)v;
		} else if (cli_opt_u64(o, "va-base", &p->va_base)) {
			p->va_base_set = true;
		} else if (cli_opt_u64(o, "va-limit", &p->va_limit)) {
			p->va_limit_set = true;
		} else if (cli_opt_u64(o, "seed", &p->seed)) {
			p->seed_set = true;
		} else if (cli_opt_value(o, "mat", &c->mat_path)) {
			if (o->status == CLI_OK && !strcmp(c->mat_path, "-"))
				o->status = cli_usage_error("plan",
					"--mat needs a file, not stdin");
		} else if (cli_opt_flag(o, "linux-policy")) {
			p->linux_policy = true;
		} else if (cli_opt_flag(o, "no-contiguous")) {
			p->no_contig = true;
		} else if (cli_opt_u64(o, "desc-size", &c->desc_size)) {
			if (o->status == CLI_OK &&
			    (c->desc_size < EFIVMAP_EFI_DESC_MIN_SIZE ||
			     c->desc_size % 8 || c->desc_size > 4096))
				o->status = cli_usage_error("plan",
					"--desc-size must be a multiple of 8 from 40 to 4096");
		} else if (cli_opt_value(o, "format", &s)) {
			if (o->status == CLI_OK &&
			    (efivmap_text_format_from_name(s, &c->format) ||
			     c->format == EFIVMAP_TEXT_RAW))
				o->status = cli_usage_error("plan",
					"--format: unknown text format '%s'", s);
		} else if (cli_opt_u64(o, "pool-base", &p->pool_base)) {
			/* Checked against the granule below. */
		} else if (cli_opt_value(o, "emit-tables", &c->emit_path)) {
			/* Written after a successful plan. */
		} else if (cli_opt_flag(o, "dump-tables")) {
			p->dump_tables = true;
		} else if (cli_opt_flag(o, "json")) {
			c->json = true;
		} else if (cli_opt_value(o, "compare", &s)) {
			if (o->status == CLI_OK && strcmp(s, "linux") != 0)
				o->status = cli_usage_error("plan",
					"--compare: only 'linux' is known");
			c->compare = true;
		} else {
			cli_opt_other(o);
		}
	}
	if (o->status == CLI_OK && (p->pool_base & (p->granule - 1)))
		o->status = cli_usage_error("plan",
			"--pool-base 0x%llx is not aligned to the %s granule",
			(unsigned long long)p->pool_base,
			plan_granule_name(p->granule));
	if (o->status == CLI_OK && p->dump_tables && c->json)
		o->status = cli_usage_error("plan",
			"--dump-tables is for the text output, not --json");
	if (o->status == CLI_OK && c->emit_path && c->json &&
	    !strcmp(c->emit_path, "-"))
		o->status = cli_usage_error("plan",
			"--emit-tables - and --json both want stdout");
	return cli_opts_done(o);
}

/* The run's failure as a message on stderr (and in the JSON). */
static int report_failure(const struct cli_map *m, struct plan_result *r)
{
	return cli_report_map_error(m, r->err, &r->diag, r->failed_stage);
}

int cli_cmd_plan(int argc, char **argv)
{
	struct plan_result *mine = NULL, *lx = NULL;
	struct plan_opts linux_opts;
	struct plan_mat mat;
	struct plan_cli c;
	struct cli_opts o;
	struct cli_map m;
	struct efivmap_diag diag;
	int status, ret;

	memset(&c, 0, sizeof(c));
	memset(&mat, 0, sizeof(mat));
	plan_opts_default(&c.opts);
	cli_opts_init(&o, "plan", argc, argv);
	status = parse_args(&c, &o);
	if (status < 0)
		return CLI_OK;
	if (status)
		return status;

	status = cli_load_map(&m, o.file, (size_t)c.desc_size, 0, c.format);
	if (status)
		goto out;
	ret = cli_validate_map(&m, &diag);
	if (ret) {
		status = cli_report_map_error(&m, ret, &diag, NULL);
		if (c.json)
			plan_json_error(&m, "map", ret, &diag);
		goto out;
	}
	if (c.mat_path) {
		status = plan_load_mat(&mat, c.mat_path, m.desc_size);
		if (status)
			goto out;
	}

	mine = calloc(1, sizeof(*mine));
	lx = calloc(1, sizeof(*lx));
	if (!mine || !lx) {
		cli_err("out of memory");
		status = CLI_BAD_INPUT;
		goto out;
	}
	status = plan_run(&m, &c.opts, &mat, mine);
	if (status) {
		report_failure(&m, mine);
		if (c.json)
			plan_json_error(&m, mine->failed_stage, mine->err,
					&mine->diag);
		goto out;
	}
	if (c.compare) {
		/* Linux as it is: its layout, its mapping, same hardware. */
		linux_opts = c.opts;
		linux_opts.strategy = EFIVMAP_LAYOUT_LINUX;
		linux_opts.linux_policy = true;
		linux_opts.no_contig = true;
		linux_opts.va_base_set = false;
		linux_opts.va_limit_set = false;
		linux_opts.seed_set = false;
		/* A Linux layout that does not fit is shown, not fatal. */
		if (plan_run(&m, &linux_opts, &mat, lx))
			cli_diag_add_line(&m, &lx->diag);
	}

	if (c.json)
		plan_json(&m, &c.opts, &mat, mine,
			  c.compare ? &linux_opts : NULL,
			  c.compare ? lx : NULL);
	else
		plan_text(&m, &c.opts, &mat, mine,
			  c.compare ? &linux_opts : NULL,
			  c.compare ? lx : NULL);
	fflush(stdout);

	if (c.emit_path &&
	    cli_write_file(c.emit_path, mine->pool,
			   mine->pt.used * c.opts.granule)) {
		status = CLI_BAD_INPUT;
		goto out;
	}
	if (!mine->verified) {
		cli_err("%s: verification FAILED: the tables do not map exactly the runtime regions (%u problems)",
			cli_display_name(o.file), mine->nproblems);
		status = CLI_BAD_INPUT;
	}
out:
	if (mine)
		plan_free(mine);
	if (lx)
		plan_free(lx);
	free(mine);
	free(lx);
	plan_free_mat(&mat);
	cli_free_map(&m);
	return status;
}
