// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/*
 * efivmap parse: the map as Linux's efi=debug prints it, then everything
 * worth knowing before planning (findings), then the validation verdict.
 *
 * The descriptor lines are exactly what efivmap reads back, and every other
 * line starts with '#', so "efivmap parse x | efivmap plan -" works.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "plan_out.h"
#include "efivmap/layout.h"
#include "efivmap/pt.h"
#include "opts.h"

#define SZ_64K UINT64_C(0x10000)

static const char parse_usage[] =
"Usage: efivmap parse [options] FILE|-\n"
"\n"
"Print the memory map in Linux efi=debug style (end addresses inclusive),\n"
"followed by findings: unsorted maps, runtime regions that are not 64 KiB\n"
"aligned and the descriptors they share a 64 KiB frame with, runtime\n"
"regions without a cacheability attribute, unknown attribute bits, and,\n"
"for maps that carry VirtualStart, the kexec check of that layout.\n"
"\n"
"Options:\n"
"  --desc-size N   FILE is a raw binary descriptor array with stride N\n"
"                  (48 on EDK2, 40 on U-Boot)\n"
"  --format NAME   do not detect the text format: linux-arm64, linux-x86,\n"
"                  linux-old, uefi-shell, uboot, xen, freebsd, capture\n"
"  --strict        refuse what the readers would otherwise tolerate and\n"
"                  list: a map printed twice, runtime inferred from the type\n"
"  --json          print input, findings and descriptors as JSON\n"
"\n"
"Exit status: 0 valid map, 1 bad input (the message names the file, line\n"
"and descriptor), 2 bad usage.\n";

struct finder {
	const struct cli_map *m;
	unsigned count;
};

static void finding(struct finder *f, size_t index, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void finding(struct finder *f, size_t index, const char *fmt, ...)
{
	uint32_t line = cli_desc_line(f->m, index);
	va_list ap;

	if (!f->count++)
		puts("# findings:");
	if (line)
		printf("#   line %" PRIu32 ", descriptor %zu: ", line, index);
	else
		printf("#   descriptor %zu: ", index);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static uint64_t desc_end(const struct efivmap_efi_desc *d)
{
	return d->phys_start + (d->num_pages << EFIVMAP_EFI_PAGE_SHIFT);
}

/* Other descriptors touching the 64 KiB frame at @frame, as "N (Type)". */
static void frame_sharers(const struct cli_map *m, size_t self,
			  uint64_t frame, char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = 0;
	for (i = 0; i < m->count && len < size; i++) {
		const struct efivmap_efi_desc *d = cli_map_desc(m, i);

		if (i == self || d->phys_start >= frame + SZ_64K ||
		    desc_end(d) <= frame)
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%zu (%s)",
					len ? ", " : "", i,
					efivmap_efi_type_name(d->type));
	}
}

static void find_alignment(struct finder *f, size_t i,
			   const struct efivmap_efi_desc *d)
{
	uint64_t end = desc_end(d);
	uint64_t first = d->phys_start & ~(SZ_64K - 1);
	uint64_t last = (end - 1) & ~(SZ_64K - 1);
	char a[512], b[512];

	if (!(d->phys_start & (SZ_64K - 1)) && !(end & (SZ_64K - 1)))
		return;
	frame_sharers(f->m, i, first, a, sizeof(a));
	b[0] = 0;
	if (last != first && (end & (SZ_64K - 1)))
		frame_sharers(f->m, i, last, b, sizeof(b));
	if (!a[0] && !b[0])
		finding(f, i, "%s 0x%" PRIx64 "-0x%" PRIx64
			" is not 64 KiB aligned: a 64K-page kernel also maps the rest of its 64 KiB frame (no other descriptor there)",
			efivmap_efi_type_name(d->type), d->phys_start, end - 1);
	else
		finding(f, i, "%s 0x%" PRIx64 "-0x%" PRIx64
			" is not 64 KiB aligned: its 64 KiB frame is shared with descriptor %s%s%s",
			efivmap_efi_type_name(d->type), d->phys_start, end - 1,
			a, a[0] && b[0] ? ", " : "", b);
}

/* The memory type efivmap's default policy gives a region. */
static const char *policy_type(const struct efivmap_efi_desc *d)
{
	static const char *const names[EFIVMAP_PT_MT_COUNT] = {
		[EFIVMAP_PT_MT_DEVICE_NGNRNE] = "Device-nGnRnE",
		[EFIVMAP_PT_MT_DEVICE_NGNRE] = "Device-nGnRE",
		[EFIVMAP_PT_MT_NORMAL_NC] = "Normal non-cacheable",
		[EFIVMAP_PT_MT_NORMAL_WT] = "Normal write-through",
		[EFIVMAP_PT_MT_NORMAL_WB] = "Normal write-back",
	};
	struct efivmap_pt_config cfg;
	uint32_t mt;

	if (efivmap_pt_config_init(&cfg, EFIVMAP_PT_GRANULE_4K, 48, 48, 0))
		return "?";
	mt = efivmap_pt_policy(&cfg, d->type, d->attribute) &
	     EFIVMAP_PT_ATTR_MT_MASK;
	return mt < EFIVMAP_PT_MT_COUNT ? names[mt] : "?";
}

static void find_descs(struct finder *f)
{
	const struct cli_map *m = f->m;
	size_t i;

	for (i = 0; i < m->count; i++) {
		const struct efivmap_efi_desc *d = cli_map_desc(m, i);
		uint64_t unknown = efivmap_mmap_unknown_attrs(d);

		if (unknown)
			finding(f, i, "unknown attribute bits 0x%" PRIx64
				" (kept, not rejected)", unknown);
		if (d->type > EFIVMAP_EFI_MAX_STANDARD_TYPE)
			finding(f, i, "memory type 0x%" PRIx32 " (%s) is not a standard type",
				d->type, efivmap_efi_type_name(d->type));
		if (!efivmap_desc_is_runtime(d) || d->num_pages == 0)
			continue;
		find_alignment(f, i, d);
		if (!(d->attribute & EFIVMAP_EFI_MEMORY_CACHE_MASK))
			finding(f, i, "runtime %s 0x%" PRIx64 " has no cacheability attribute (no UC/WC/WT/WB); efivmap maps it as %s",
				efivmap_efi_type_name(d->type), d->phys_start,
				policy_type(d));
		if ((d->type == EFIVMAP_EFI_MMIO ||
		     d->type == EFIVMAP_EFI_MMIO_PORT_SPACE) &&
		    (d->attribute & EFIVMAP_EFI_MEMORY_WB))
			finding(f, i, "runtime MMIO 0x%" PRIx64 " advertises WB; efivmap maps it as %s anyway",
				d->phys_start, policy_type(d));
	}
}

static void find_order(struct finder *f)
{
	const struct cli_map *m = f->m;
	size_t i;

	for (i = 1; i < m->count; i++) {
		const struct efivmap_efi_desc *p = cli_map_desc(m, i - 1);
		const struct efivmap_efi_desc *d = cli_map_desc(m, i);

		if (d->phys_start < p->phys_start) {
			finding(f, i, "map not sorted by PhysicalStart (0x%" PRIx64 " follows 0x%" PRIx64 "); layouts keep firmware order",
				d->phys_start, p->phys_start);
			return;
		}
	}
}

/* A map that carries VirtualStart was already laid out: check it. */
static void find_layout(struct finder *f)
{
	const struct cli_map *m = f->m;
	struct efivmap_layout_cfg cfg;
	struct efivmap_diag diag;
	bool any_va = false;
	size_t i;
	int ret;

	for (i = 0; i < m->count; i++) {
		const struct efivmap_efi_desc *d = cli_map_desc(m, i);

		if (efivmap_desc_is_runtime(d) && d->virt_start)
			any_va = true;
	}
	if (!any_va)
		return;
	efivmap_layout_cfg_init(&cfg);
	/* As a loader that does not know the planner: any mappable VA. */
	cfg.strategy = EFIVMAP_LAYOUT_FLAT;
	cli_diag_clear(&diag);
	ret = efivmap_layout_check(&m->map, &cfg, &diag);
	if (ret >= 0) {
		if (!f->count++)
			puts("# findings:");
		printf("#   VirtualStart present: layout check ok (%d runtime descriptors, %u-bit VA)\n",
		       ret, (unsigned)cfg.va_bits);
	} else {
		char text[256];

		efivmap_diag_format(&diag, text, sizeof(text));
		if (!f->count++)
			puts("# findings:");
		printf("#   VirtualStart present: layout check FAILED: %s\n",
		       text);
	}
}

struct parse_cli {
	uint32_t format;
	uint64_t desc_size;
	uint32_t flags;
	bool json;
};

static int parse_args(struct parse_cli *c, struct cli_opts *o)
{
	const char *fmt_name;

	while (cli_opts_next(o)) {
		if (cli_opt_flag(o, "help")) {
			fputs(parse_usage, stdout);
			return -1;
		} else if (cli_opt_u64(o, "desc-size", &c->desc_size)) {
			if (o->status == CLI_OK &&
			    (c->desc_size < EFIVMAP_EFI_DESC_MIN_SIZE ||
			     c->desc_size % 8 || c->desc_size > 4096))
				o->status = cli_usage_error("parse",
					"--desc-size must be a multiple of 8 from 40 to 4096");
		} else if (cli_opt_value(o, "format", &fmt_name)) {
			if (o->status == CLI_OK &&
			    (efivmap_text_format_from_name(fmt_name,
							   &c->format) ||
			     c->format == EFIVMAP_TEXT_RAW))
				o->status = cli_usage_error("parse",
					"--format: unknown text format '%s'",
					fmt_name);
		} else if (cli_opt_flag(o, "strict")) {
			c->flags |= CLI_LOAD_STRICT;
		} else if (cli_opt_flag(o, "json")) {
			c->json = true;
		} else {
			cli_opt_other(o);
		}
	}
	return cli_opts_done(o);
}

/* The listing, then every finding; returns the validation result. */
static int parse_text_out(struct cli_map *m, struct efivmap_diag *diag)
{
	struct finder f;
	size_t i, runtime = 0;
	int ret;

	for (i = 0; i < m->count; i++)
		if (efivmap_desc_is_runtime(cli_map_desc(m, i)))
			runtime++;
	printf("# %s: %s, %zu descriptors, desc_size %zu, version %" PRIu32 ", %zu runtime\n",
	       cli_display_name(m->file.name),
	       efivmap_text_format_name(m->info.format), m->count,
	       m->desc_size, m->desc_version, runtime);
	for (i = 0; i < m->count; i++) {
		char line[256];

		efivmap_mmap_format_desc(cli_map_desc(m, i), line,
					 sizeof(line));
		printf("efi:   %s\n", line);
	}
	ret = cli_validate_map(m, diag);
	f.m = m;
	f.count = cli_findings_text(m, "# findings:", "#   ");
	find_order(&f);
	find_descs(&f);
	if (ret == 0)
		find_layout(&f);
	if (!f.count)
		puts("# findings: none");
	if (!ret)
		puts("# valid");
	return ret;
}

/* The JSON document of README.md: input, findings, descriptors. */
static int parse_json_out(struct cli_map *m, struct efivmap_diag *diag)
{
	struct json j;
	size_t i;
	int ret = cli_validate_map(m, diag);

	if (ret) {
		cli_diag_add_line(m, diag);
		plan_json_error(m, "map", ret, diag);
		return ret;
	}
	json_init(&j, stdout);
	json_object_begin(&j, NULL, false);
	cli_json_input(&j, m);
	json_array_begin(&j, "descriptors", false);
	for (i = 0; i < m->count; i++) {
		const struct efivmap_efi_desc *d = cli_map_desc(m, i);

		json_object_begin(&j, NULL, true);
		json_uint(&j, "type", d->type);
		json_hex(&j, "phys", d->phys_start);
		json_hex(&j, "virt", d->virt_start);
		json_uint(&j, "pages", d->num_pages);
		json_hex(&j, "attribute", d->attribute);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_bool(&j, "valid", true);
	json_object_end(&j);
	json_finish(&j);
	return 0;
}

int cli_cmd_parse(int argc, char **argv)
{
	struct parse_cli c = { EFIVMAP_TEXT_AUTO, 0, 0, false };
	struct cli_opts o;
	struct cli_map m;
	struct efivmap_diag diag;
	int ret, status;

	cli_opts_init(&o, "parse", argc, argv);
	status = parse_args(&c, &o);
	if (status < 0)
		return CLI_OK;
	if (status)
		return status;
	status = cli_load_map(&m, o.file, (size_t)c.desc_size, 0, c.format,
			      c.flags);
	if (status) {
		cli_free_map(&m);
		return status;
	}
	ret = c.json ? parse_json_out(&m, &diag) : parse_text_out(&m, &diag);
	if (ret) {
		/* The listing above is still useful next to the error. */
		fflush(stdout);
		status = cli_report_map_error(&m, ret, &diag, NULL);
	}
	cli_free_map(&m);
	return status;
}
