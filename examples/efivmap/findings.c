// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* Findings and remarks about one input, as text lines and as JSON. */
#include <inttypes.h>
#include <string.h>

#include "findings.h"

void cli_findings_reset(struct cli_map *m)
{
	efivmap_findings_init(&m->findings, m->finding_list,
			      m->finding_list ? CLI_MAX_FINDINGS : 0);
	m->findings.flags = m->strict ? EFIVMAP_FINDINGS_STRICT : 0;
}

static const char *desc_type(const struct cli_map *m, uint32_t index)
{
	if (index == EFIVMAP_DIAG_NONE || index >= m->count)
		return "descriptor";
	return efivmap_efi_type_name(cli_map_desc(m, index)->type);
}

/* One finding in words, without its place. */
static void describe(const struct cli_map *m, const struct efivmap_finding *x,
		     char *buf, size_t size)
{
	switch (x->cls) {
	case EFIVMAP_FIND_RT_INFERRED:
		snprintf(buf, size, "%s 0x%" PRIx64 ": the dump prints no attributes; EFI_MEMORY_RUNTIME and WB inferred from the type",
			 desc_type(m, x->index), x->addr);
		break;
	case EFIVMAP_FIND_MAP_REPEATED:
		snprintf(buf, size, "the map is printed again from here: the first copy (%zu descriptors) is read, %zu repeated ones left out",
			 m->info.count, m->info.repeated);
		break;
	default:
		snprintf(buf, size, "%s at 0x%" PRIx64, desc_type(m, x->index),
			 x->addr);
		break;
	}
}

static void print_place(const struct cli_map *m,
			const struct efivmap_finding *x)
{
	uint32_t line = x->line;

	/* map validation knows descriptors; the dump knows their lines */
	if ((line == EFIVMAP_DIAG_NONE || !line) && x->index != EFIVMAP_DIAG_NONE)
		line = cli_desc_line(m, x->index);
	if (line != EFIVMAP_DIAG_NONE && line)
		printf("line %" PRIu32 ", ", line);
	if (x->index != EFIVMAP_DIAG_NONE)
		printf("descriptor %" PRIu32 ": ", x->index);
}

/* Where lines go: a header before the first, a prefix before each. */
struct lines_out {
	const char *header;
	const char *prefix;
	unsigned n;
};

static void start(struct lines_out *o)
{
	if (!o->n++ && o->header)
		puts(o->header);
	fputs(o->prefix, stdout);
}

/* Remarks that are no library finding but must not go unsaid. */
static void remarks(const struct cli_map *m, struct lines_out *o)
{
	size_t i, runtime = 0, rt_typed = 0;

	if (m->utf16) {
		start(o);
		puts("the file is UTF-16 text (a Shell's \"memmap > file\"); read after conversion to ASCII");
	}
	if (m->info.mat_entries) {
		start(o);
		printf("%zu \"efi: memattr:\" lines are a Memory Attributes Table, not descriptors: give this file to plan --mat\n",
		       m->info.mat_entries);
	}
	for (i = 0; i < m->count; i++) {
		const struct efivmap_efi_desc *d = cli_map_desc(m, i);

		runtime += efivmap_desc_is_runtime(d);
		rt_typed += d->type == EFIVMAP_EFI_RUNTIME_SERVICES_CODE ||
			    d->type == EFIVMAP_EFI_RUNTIME_SERVICES_DATA;
	}
	if (!runtime && m->count) {
		start(o);
		printf("no descriptor has EFI_MEMORY_RUNTIME: nothing to map%s\n",
		       rt_typed ?
		       "; Runtime Code/Data descriptors without the attribute are not mapped, as by Linux" :
		       "");
	}
}

unsigned cli_findings_text(const struct cli_map *m, const char *header,
			   const char *prefix)
{
	const struct efivmap_findings *f = &m->findings;
	size_t i, kept = f->count < f->cap ? f->count : f->cap;
	struct lines_out o = { header, prefix, 0 };
	char text[256];

	remarks(m, &o);
	for (i = 0; i < kept; i++) {
		const struct efivmap_finding *x = &f->list[i];

		/* said above in more words (the layouts keep firmware order) */
		if (x->cls == EFIVMAP_FIND_UNSORTED)
			continue;
		describe(m, x, text, sizeof(text));
		start(&o);
		print_place(m, x);
		printf("%s [%s, %s]\n", text, efivmap_finding_name(x->cls),
		       efivmap_repair_name(x->repair));
	}
	if (f->count > kept) {
		start(&o);
		printf("... and %zu more findings\n", f->count - kept);
	}
	return o.n;
}

static void json_place(struct json *j, const char *key, uint32_t v)
{
	if (v == EFIVMAP_DIAG_NONE)
		json_null(j, key);
	else
		json_uint(j, key, v);
}

void cli_findings_json(struct json *j, const struct cli_map *m)
{
	const struct efivmap_findings *f = &m->findings;
	size_t i, kept = f->count < f->cap ? f->count : f->cap;

	json_array_begin(j, "findings", false);
	for (i = 0; i < kept; i++) {
		const struct efivmap_finding *x = &f->list[i];

		json_object_begin(j, NULL, true);
		json_string(j, "class", efivmap_finding_name(x->cls));
		json_string(j, "repair", efivmap_repair_name(x->repair));
		json_place(j, "descriptor", x->index);
		json_place(j, "line", x->line);
		json_hex(j, "address", x->addr);
		json_object_end(j);
	}
	json_array_end(j);
}

void cli_json_input(struct json *j, const struct cli_map *m)
{
	size_t i, runtime = 0;

	for (i = 0; i < m->count; i++)
		runtime += efivmap_desc_is_runtime(cli_map_desc(m, i));
	json_object_begin(j, "input", false);
	json_string(j, "format", efivmap_text_format_name(m->info.format));
	json_uint(j, "descriptors", m->count);
	json_uint(j, "desc_size", m->desc_size);
	json_uint(j, "runtime", runtime);
	json_string(j, "file", cli_display_name(m->file.name));
	json_uint(j, "desc_version", m->desc_version);
	json_uint(j, "rt_inferred", m->info.rt_inferred);
	json_uint(j, "repeated", m->info.repeated);
	json_uint(j, "mat_entries", m->info.mat_entries);
	json_bool(j, "utf16", m->utf16);
	json_object_end(j);
	cli_findings_json(j, m);
}
