// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* What "efivmap plan" prints. The JSON keys are documented in README.md. */
#include <inttypes.h>
#include <string.h>

#include "findings.h"
#include "json.h"
#include "plan_out.h"

static size_t count_runtime(const struct cli_map *m)
{
	size_t i, n = 0;

	for (i = 0; i < m->count; i++)
		if (efivmap_desc_is_runtime(cli_map_desc(m, i)))
			n++;
	return n;
}

/* "512 KiB", "1.5 MiB": sizes for people. */
static const char *human(uint64_t bytes, char *buf, size_t size)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned u = 0;
	uint64_t whole = bytes, tenths = 0;

	while (whole >= 1024 && u < 4) {
		tenths = (whole % 1024) * 10 / 1024;
		whole /= 1024;
		u++;
	}
	if (tenths)
		snprintf(buf, size, "%" PRIu64 ".%" PRIu64 " %s", whole,
			 tenths, unit[u]);
	else
		snprintf(buf, size, "%" PRIu64 " %s", whole, unit[u]);
	return buf;
}

static const char *strategy_name(uint32_t s)
{
	return plan_strategy_name(s);
}

/*
 * The mode policy for this map and VA size: would a stub call
 * SetVirtualAddressMap at all? A dump says nothing about RT_PROPERTIES or
 * quirks, so only the VA size and the highest runtime address count.
 */
static bool mode(const struct plan_result *r, const char **reason)
{
	enum efivmap_layout_mode_reason why = EFIVMAP_MODE_REASON_MAX;
	struct efivmap_layout_mode_in in;
	const struct efivmap_efi_desc *d;
	size_t i;
	int ret;

	memset(&in, 0, sizeof(in));
	in.va_bits = r->lcfg.va_bits;
	efivmap_mmap_for_each(&r->map, i, d)
		if (efivmap_desc_is_runtime(d) &&
		    efivmap_desc_last(d) >= in.max_runtime_pa)
			in.max_runtime_pa = efivmap_desc_last(d) + 1;
	ret = efivmap_layout_mode(&in, &why);
	*reason = ret < 0 ? efivmap_strerror(ret) :
		  efivmap_layout_mode_reason(why);
	return ret == EFIVMAP_LAYOUT_MODE_SVAM;
}

/* ---- Text ---------------------------------------------------------- */

static void text_input(const struct cli_map *m)
{
	printf("efivmap plan: %s (%s, %zu descriptors, desc_size %zu, %zu runtime)\n",
	       cli_display_name(m->file.name),
	       efivmap_text_format_name(m->info.format), m->count,
	       m->desc_size, count_runtime(m));
	cli_findings_text(m, "findings:", "  ");
}

static void text_layout(const struct plan_result *r)
{
	const struct efivmap_mmap *map = &r->map;
	const struct efivmap_efi_desc *d;
	const char *why;
	char size[32];
	bool svam;
	size_t i;

	printf("layout: %s, window 0x%" PRIx64 "-0x%" PRIx64 ", %u-bit VA",
	       strategy_name(r->strategy), r->lcfg.base, r->lcfg.limit,
	       (unsigned)r->lcfg.va_bits);
	if (r->lcfg.randomize)
		printf(", seed 0x%" PRIx64, r->lcfg.seed);
	svam = mode(r, &why);
	printf("\nmode: at %u-bit VA a stub would %s SetVirtualAddressMap (%s)\n",
	       (unsigned)r->lcfg.va_bits, svam ? "call" : "skip", why);
	printf("\nRuntime regions, in firmware order (%zu):\n", r->runtime);
	if (!r->runtime) {
		puts("  none: nothing to map, SetVirtualAddressMap gets an empty map");
		return;
	}
	puts("  desc  type          physical          virtual               pages      size  attribute");
	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap_desc_is_runtime(d))
			continue;
		printf("  %4zu  %-12s  0x%012" PRIx64 " -> 0x%012" PRIx64
		       "  %8" PRIu64 "  %8s  0x%016" PRIx64 "\n", i,
		       efivmap_efi_type_name(d->type), d->phys_start,
		       d->virt_start, d->num_pages,
		       human(efivmap_desc_bytes(d), size, sizeof(size)),
		       d->attribute);
	}
}

/* The exact SVAM input, in the capture format efivmap reads back. */
static void text_svam(const struct cli_map *m, const struct plan_result *r)
{
	const struct efivmap_mmap *map = &r->map;
	const struct efivmap_efi_desc *d;
	size_t i;

	printf("\nSetVirtualAddressMap input: %zu descriptors of %zu bytes, version %" PRIu32 "\n",
	       r->runtime, m->desc_size, m->desc_version);
	puts("# type phys_start num_pages attribute virt_start");
	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap_desc_is_runtime(d))
			continue;
		printf("%" PRIu32 " 0x%016" PRIx64 " 0x%" PRIx64 " 0x%016"
		       PRIx64 " 0x%016" PRIx64 "\n", d->type, d->phys_start,
		       d->num_pages, d->attribute, d->virt_start);
	}
}

static void text_tables(const struct plan_opts *o,
			const struct plan_mat *mat,
			const struct plan_result *r)
{
	const struct efivmap_pt_stats *st = &r->st;
	char size[32];
	unsigned i;

	printf("\nTranslation tables: %s granule, %u-bit VA (start level %u), %u-bit PA, %s policy, contiguous hint %s\n",
	       plan_granule_name(o->granule), (unsigned)r->pcfg.va_bits,
	       efivmap_pt_start_level(&r->pcfg), (unsigned)r->pcfg.pa_bits,
	       plan_policy_name(o),
	       r->pcfg.flags & (EFIVMAP_PT_CFG_NO_CONTIG |
				EFIVMAP_PT_CFG_LINUX) ? "off" : "on");
	printf("  tables        %zu (%" PRIu64 " bytes), pool at 0x%" PRIx64 "\n",
	       st->tables, st->table_bytes, r->pt.pool_pa);
	printf("  leaf entries  %zu (L1 %zu, L2 %zu, L3 %zu)\n", st->leaves,
	       st->leaves_at[1], st->leaves_at[2], st->leaves_at[3]);
	printf("  TLB entries   %zu\n", st->tlb_entries);
	printf("  mapped        %s\n",
	       human(st->mapped_bytes, size, sizeof(size)));
	printf("  W+X pages     %" PRIu64 "%s\n", st->wx_pages,
	       st->wx_pages && !(mat && mat->loaded) ?
	       " (runtime code without a MAT is RWX; try --mat)" : "");
	printf("  TTBR0         0x%016" PRIx64 "\n", r->ttbr0);
	printf("  TCR           0x%016" PRIx64 "\n", r->tcr);
	printf("  MAIR          0x%016" PRIx64 "\n", r->mair);
	if (mat && mat->loaded) {
		printf("\nMemory Attributes Table: %s, %" PRIu32 " entries, %u ignored\n",
		       cli_display_name(mat->path), mat->mat.count,
		       r->mat_ignored);
		for (i = 0; i < r->mat_ignored && i < PLAN_MAX_PROBLEMS; i++)
			printf("  %s\n", r->mat_problems[i]);
	}
}

static void dump_line(void *ctx, const char *line)
{
	(void)ctx;
	printf("  %s\n", line);
}

static void text_dump(const struct plan_result *r)
{
	printf("\nTable entries (efivmap_pt_dump):\n");
	if (efivmap_pt_dump(&r->pt, dump_line, NULL))
		puts("  (dump stopped: a table descriptor points outside the pool)");
}

static void text_verify(const struct plan_result *r)
{
	unsigned i;

	if (r->verified) {
		printf("\nverify: ok (efivmap_pt_verify passed; %" PRIu64 " pages walked to their PA; no other VA mapped)\n",
		       r->pages_walked);
		return;
	}
	printf("\nverify: FAILED, %u problems\n", r->nproblems);
	for (i = 0; i < r->nproblems && i < PLAN_MAX_PROBLEMS; i++)
		printf("  %s\n", r->problems[i]);
}

static void cmp_row(const char *name, uint64_t a, const struct plan_result *lr,
		    uint64_t b)
{
	int64_t diff = (int64_t)a - (int64_t)b;

	if (lr->failed_stage) {
		printf("  %-14s %12" PRIu64 " %12s\n", name, a, "-");
		return;
	}
	if (!diff) {
		printf("  %-14s %12" PRIu64 " %12" PRIu64 " %12s\n", name, a,
		       b, "same");
		return;
	}
	printf("  %-14s %12" PRIu64 " %12" PRIu64 " %+12" PRId64, name, a, b,
	       diff);
	if (b)
		printf(" (%+" PRId64 "%%)", diff * 100 / (int64_t)b);
	putchar('\n');
}

static void text_compare(const struct cli_map *m, const struct plan_opts *o,
			 const struct plan_result *r,
			 const struct plan_result *lr)
{
	(void)m;
	printf("\nCompared with Linux (linux layout; Linux policy: runtime code and data page-mapped, no contiguous hint):\n");
	printf("  %-14s %12s %12s %12s\n", "", "this plan", "linux",
	       "change");
	printf("  %-14s %12s %12s\n", "strategy",
	       strategy_name(r->strategy), "linux");
	printf("  %-14s %12s %12s\n", "policy", plan_policy_name(o), "linux");
	cmp_row("tables", r->st.tables, lr, lr->st.tables);
	cmp_row("table bytes", r->st.table_bytes, lr, lr->st.table_bytes);
	cmp_row("leaf entries", r->st.leaves, lr, lr->st.leaves);
	cmp_row("TLB entries", r->st.tlb_entries, lr, lr->st.tlb_entries);
	cmp_row("W+X pages", r->st.wx_pages, lr, lr->st.wx_pages);
	if (lr->failed_stage) {
		char text[200];

		efivmap_diag_format(&lr->diag, text, sizeof(text));
		printf("  linux did not plan (%s): %s\n", lr->failed_stage,
		       text);
	} else {
		printf("  %-14s %12s %12s\n", "verified",
		       r->verified ? "yes" : "NO", lr->verified ? "yes" : "NO");
	}
}

void plan_text(const struct cli_map *m, const struct plan_opts *o,
	       const struct plan_mat *mat, const struct plan_result *r,
	       const struct plan_opts *lo, const struct plan_result *lr)
{
	(void)lo;
	text_input(m);
	text_layout(r);
	text_svam(m, r);
	text_tables(o, mat, r);
	if (o->dump_tables)
		text_dump(r);
	text_verify(r);
	if (lr)
		text_compare(m, o, r, lr);
}

/* ---- JSON ---------------------------------------------------------- */

static void json_input(struct json *j, const struct cli_map *m)
{
	cli_json_input(j, m);
}

static void json_layout(struct json *j, const struct plan_result *r)
{
	const struct efivmap_mmap *map = &r->map;
	const struct efivmap_efi_desc *d;
	const char *why;
	size_t i;

	json_object_begin(j, "layout", false);
	json_string(j, "strategy", strategy_name(r->strategy));
	json_array_begin(j, "regions", false);
	efivmap_mmap_for_each(map, i, d) {
		if (!efivmap_desc_is_runtime(d))
			continue;
		json_object_begin(j, NULL, true);
		json_uint(j, "type", d->type);
		json_hex(j, "phys", d->phys_start);
		json_hex(j, "virt", d->virt_start);
		json_uint(j, "pages", d->num_pages);
		json_hex(j, "attribute", d->attribute);
		json_uint(j, "index", i);
		json_object_end(j);
	}
	json_array_end(j);
	json_uint(j, "va_bits", r->lcfg.va_bits);
	json_hex(j, "window_base", r->lcfg.base);
	json_hex(j, "window_limit", r->lcfg.limit);
	if (r->lcfg.randomize)
		json_hex(j, "seed", r->lcfg.seed);
	else
		json_null(j, "seed");
	json_object_begin(j, "mode", false);
	json_bool(j, "svam", mode(r, &why));
	json_string(j, "reason", why);
	json_object_end(j);
	json_object_end(j);
}

/* The numbers --compare shows, shared by both sides. */
static void json_costs(struct json *j, const struct plan_result *r)
{
	json_uint(j, "tables", r->st.tables);
	json_uint(j, "table_bytes", r->st.table_bytes);
	json_uint(j, "leaf_entries", r->st.leaves);
	json_uint(j, "tlb_entries", r->st.tlb_entries);
	json_uint(j, "wx_pages", r->st.wx_pages);
}

static void json_pagetable(struct json *j, const struct plan_opts *o,
			   const struct plan_result *r)
{
	json_object_begin(j, "pagetable", false);
	json_uint(j, "granule", r->pcfg.granule);
	json_uint(j, "va_bits", r->pcfg.va_bits);
	json_costs(j, r);
	json_hex(j, "ttbr0", r->ttbr0);
	json_hex(j, "tcr", r->tcr);
	json_hex(j, "mair", r->mair);
	json_hex(j, "pool_base", r->pt.pool_pa);
	json_uint(j, "pa_bits", r->pcfg.pa_bits);
	json_uint(j, "start_level", efivmap_pt_start_level(&r->pcfg));
	json_string(j, "policy", plan_policy_name(o));
	json_bool(j, "contiguous", !(r->pcfg.flags & (EFIVMAP_PT_CFG_NO_CONTIG |
						   EFIVMAP_PT_CFG_LINUX)));
	json_array_begin(j, "leaves_per_level", true);
	json_uint(j, NULL, r->st.leaves_at[0]);
	json_uint(j, NULL, r->st.leaves_at[1]);
	json_uint(j, NULL, r->st.leaves_at[2]);
	json_uint(j, NULL, r->st.leaves_at[3]);
	json_array_end(j);
	json_uint(j, "mapped_bytes", r->st.mapped_bytes);
	json_object_end(j);
}

static void json_verify(struct json *j, const struct plan_result *r)
{
	unsigned i;

	json_object_begin(j, "verify", false);
	json_bool(j, "ok", r->verified);
	json_array_begin(j, "problems", false);
	for (i = 0; i < r->nproblems && i < PLAN_MAX_PROBLEMS; i++)
		json_string(j, NULL, r->problems[i]);
	if (r->nproblems > PLAN_MAX_PROBLEMS)
		json_string(j, NULL, "(more problems not listed)");
	json_array_end(j);
	json_uint(j, "pages_walked", r->pages_walked);
	json_object_end(j);
}

static void json_mat(struct json *j, const struct plan_mat *mat,
		     const struct plan_result *r)
{
	unsigned i;

	if (!mat || !mat->loaded) {
		json_null(j, "mat");
		return;
	}
	json_object_begin(j, "mat", false);
	json_string(j, "file", cli_display_name(mat->path));
	json_uint(j, "version", mat->mat.version);
	json_uint(j, "entries", mat->mat.count);
	json_uint(j, "ignored", r->mat_ignored);
	json_array_begin(j, "problems", false);
	for (i = 0; i < r->mat_ignored && i < PLAN_MAX_PROBLEMS; i++)
		json_string(j, NULL, r->mat_problems[i]);
	json_array_end(j);
	json_object_end(j);
}

static void json_diag(struct json *j, const char *stage, int err,
		      const struct efivmap_diag *diag)
{
	char text[256];

	json_string(j, "stage", stage);
	json_string(j, "error", efivmap_strerror(err));
	if (diag && diag->err)
		efivmap_diag_format(diag, text, sizeof(text));
	else
		snprintf(text, sizeof(text), "%s", efivmap_strerror(err));
	json_string(j, "message", text);
	if (diag && diag->err && diag->index != EFIVMAP_DIAG_NONE)
		json_uint(j, "descriptor", diag->index);
	else
		json_null(j, "descriptor");
	if (diag && diag->err && diag->line != EFIVMAP_DIAG_NONE)
		json_uint(j, "line", diag->line);
	else
		json_null(j, "line");
}

static void json_compare(struct json *j, const struct plan_result *lr)
{
	json_object_begin(j, "compare", false);
	json_object_begin(j, "linux", false);
	json_string(j, "strategy", "linux");
	json_string(j, "policy", "linux");
	if (lr->failed_stage) {
		json_object_begin(j, "error", false);
		json_diag(j, lr->failed_stage, lr->err, &lr->diag);
		json_object_end(j);
	} else {
		json_costs(j, lr);
		json_bool(j, "verified", lr->verified);
	}
	json_object_end(j);
	json_object_end(j);
}

void plan_json(const struct cli_map *m, const struct plan_opts *o,
	       const struct plan_mat *mat, const struct plan_result *r,
	       const struct plan_opts *lo, const struct plan_result *lr)
{
	struct json j;

	(void)lo;
	json_init(&j, stdout);
	json_object_begin(&j, NULL, false);
	json_input(&j, m);
	json_layout(&j, r);
	json_pagetable(&j, o, r);
	json_verify(&j, r);
	json_mat(&j, mat, r);
	if (lr)
		json_compare(&j, lr);
	json_object_end(&j);
	json_finish(&j);
}

void plan_json_error(const struct cli_map *m, const char *stage, int err,
		     const struct efivmap_diag *diag)
{
	struct json j;

	json_init(&j, stdout);
	json_object_begin(&j, NULL, false);
	json_input(&j, m);
	json_object_begin(&j, "error", false);
	json_diag(&j, stage, err, diag);
	json_object_end(&j);
	json_object_end(&j);
	json_finish(&j);
}
