// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* Reading dumps through the library's readers, with messages for people. */
#include <stdlib.h>
#include <string.h>

#include "findings.h"

static bool looks_binary(const struct cli_file *f)
{
	return memchr(f->data, 0, f->size) != NULL;
}

/* One call of the reader this input needs; findings start afresh. */
static int text_call(struct cli_map *m, uint32_t format, void *out,
		     size_t size, size_t desc_size, struct efivmap_diag *diag)
{
	const char *text = (const char *)m->file.data;

	cli_findings_reset(m);
	cli_diag_clear(diag);
	if (m->mat_lines)
		return efivmap_text_parse_mat(text, m->file.size, out, size,
					      desc_size, &m->info,
					      &m->findings, diag);
	return efivmap_text_parse_ex(text, m->file.size, format, out, size,
				     desc_size, &m->info, &m->findings, diag);
}

static int text_failed(struct cli_map *m, int ret,
		       const struct efivmap_diag *diag)
{
	if (ret == -EFIVMAP_ERR_FORMAT && looks_binary(&m->file)) {
		cli_err("%s: binary data, not a text dump; for a raw descriptor array give --desc-size (48 on EDK2, 40 on U-Boot)",
			cli_display_name(m->file.name));
		return CLI_BAD_INPUT;
	}
	return cli_input_error(m->file.name, ret, diag, NULL);
}

static int parse_text(struct cli_map *m, uint32_t format)
{
	struct efivmap_diag diag;
	int ret;

	ret = text_call(m, format, NULL, 0, CLI_DEFAULT_DESC_SIZE, &diag);
	if (ret == -EFIVMAP_ERR_FORMAT && m->mat_lines) {
		/* No memattr lines: a capture of the entries, read as a map. */
		m->mat_lines = false;
		ret = text_call(m, format, NULL, 0, CLI_DEFAULT_DESC_SIZE,
				&diag);
	}
	if (ret != -EFIVMAP_ERR_NOSPACE && ret != 0)
		return text_failed(m, ret, &diag);
	/* A capture names its firmware's stride; keep it for SVAM. */
	m->desc_size = m->info.in_desc_size ? m->info.in_desc_size :
		       CLI_DEFAULT_DESC_SIZE;
	m->desc_version = m->info.desc_version ? m->info.desc_version :
			  EFIVMAP_EFI_DESC_VERSION;
	ret = text_call(m, m->info.format, NULL, 0, m->desc_size, &diag);
	if (ret != -EFIVMAP_ERR_NOSPACE && ret != 0)
		return text_failed(m, ret, &diag);
	m->buf = calloc(1, m->info.needed ? m->info.needed : 8);
	if (!m->buf) {
		cli_err("out of memory");
		return CLI_BAD_INPUT;
	}
	ret = text_call(m, m->info.format, m->buf, m->info.needed,
			m->desc_size, &diag);
	if (ret)
		return text_failed(m, ret, &diag);
	m->count = m->info.count;
	return CLI_OK;
}

/* A byte order mark, or ASCII stored as UTF-16LE ("R\0T\0"). */
static bool looks_utf16(const struct cli_file *f)
{
	const uint8_t *p = f->data;

	if (f->size >= 2 && ((p[0] == 0xff && p[1] == 0xfe) ||
			     (p[0] == 0xfe && p[1] == 0xff)))
		return true;
	return f->size >= 4 && p[0] && !p[1] && p[2] && !p[3];
}

/* The Shell's "memmap > file" is UTF-16: read its ASCII. */
static int convert_utf16(struct cli_map *m)
{
	size_t n = 0;
	uint8_t *text;

	efivmap_text_from_utf16(m->file.data, m->file.size, NULL, 0, &n);
	text = malloc(n + 1);
	if (!text) {
		cli_err("out of memory");
		return CLI_BAD_INPUT;
	}
	if (efivmap_text_from_utf16(m->file.data, m->file.size, (char *)text,
				    n, &n)) {
		free(text);
		return cli_input_error(m->file.name, -EFIVMAP_ERR_FORMAT,
				       NULL, "UTF-16 text");
	}
	text[n] = 0;
	free(m->file.data);
	m->file.data = text;
	m->file.size = n;
	m->utf16 = true;
	return CLI_OK;
}

static int parse_raw(struct cli_map *m, size_t desc_size, size_t skip)
{
	const uint8_t *data = m->file.data + skip;
	size_t len = m->file.size - skip;
	struct efivmap_diag diag;
	uint32_t fmt;
	int ret;

	if (!looks_binary(&m->file) &&
	    efivmap_text_detect((const char *)m->file.data, m->file.size,
				&fmt, NULL) == 0) {
		cli_err("%s: a %s text dump, not a raw descriptor array; drop --desc-size",
			cli_display_name(m->file.name),
			efivmap_text_format_name(fmt));
		return CLI_BAD_INPUT;
	}
	cli_diag_clear(&diag);
	ret = efivmap_text_parse_raw(data, len, desc_size, NULL, 0, desc_size,
				     &m->info, &diag);
	if (ret != -EFIVMAP_ERR_NOSPACE && ret != 0)
		return cli_input_error(m->file.name, ret, &diag,
				       "raw descriptor array");
	m->buf = calloc(1, m->info.needed ? m->info.needed : 8);
	if (!m->buf) {
		cli_err("out of memory");
		return CLI_BAD_INPUT;
	}
	ret = efivmap_text_parse_raw(data, len, desc_size, m->buf,
				     m->info.needed, desc_size, &m->info,
				     &diag);
	if (ret)
		return cli_input_error(m->file.name, ret, &diag,
				       "raw descriptor array");
	m->desc_size = desc_size;
	m->desc_version = EFIVMAP_EFI_DESC_VERSION;
	m->count = m->info.count;
	return CLI_OK;
}

int cli_load_map(struct cli_map *m, const char *path, size_t raw_desc_size,
		 size_t raw_skip, uint32_t format, uint32_t flags)
{
	memset(m, 0, sizeof(*m));
	m->strict = flags & CLI_LOAD_STRICT;
	m->mat_lines = flags & CLI_LOAD_MAT;
	/* Without a list the findings are still counted. */
	m->finding_list = calloc(CLI_MAX_FINDINGS, sizeof(*m->finding_list));
	cli_findings_reset(m);
	if (cli_read_file(&m->file, path))
		return CLI_BAD_INPUT;
	if (raw_skip > m->file.size)
		raw_skip = m->file.size;
	if (raw_desc_size)
		return parse_raw(m, raw_desc_size, raw_skip);
	if (looks_utf16(&m->file) && convert_utf16(m))
		return CLI_BAD_INPUT;
	return parse_text(m, format);
}

struct efivmap_efi_desc *cli_map_desc(const struct cli_map *m, size_t i)
{
	return (struct efivmap_efi_desc *)(void *)((uint8_t *)m->buf +
						   i * m->desc_size);
}

/*
 * The reader reports only the first descriptor's line, so find the line of
 * descriptor @index by parsing ever longer prefixes, cut at line ends: the
 * count of descriptors in a prefix only grows with its length, so a binary
 * search needs a few dozen reads even for a 481-entry map.
 */
uint32_t cli_desc_line(const struct cli_map *m, size_t index)
{
	const char *text = (const char *)m->file.data;
	size_t *ends, nlines = 0, lo, hi, i;
	struct efivmap_text_info info;

	if (m->info.format == EFIVMAP_TEXT_RAW || index >= m->count)
		return 0;
	ends = malloc((m->file.size + 1) * sizeof(*ends));
	if (!ends)
		return 0;
	for (i = 0; i < m->file.size; i++)
		if (text[i] == '\n')
			ends[nlines++] = i;
	if (!nlines || ends[nlines - 1] + 1 < m->file.size)
		ends[nlines++] = m->file.size;
	/* The first line whose prefix holds more than @index descriptors. */
	lo = 0;
	hi = nlines;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int ret = efivmap_text_parse(text, ends[mid], m->info.format,
					     NULL, 0, m->desc_size, &info,
					     NULL);

		if ((ret == 0 || ret == -EFIVMAP_ERR_NOSPACE) &&
		    info.count > index)
			hi = mid;
		else
			lo = mid + 1;
	}
	free(ends);
	return lo < nlines ? (uint32_t)(lo + 1) : 0;
}

void cli_diag_add_line(const struct cli_map *m, struct efivmap_diag *diag)
{
	if (diag->err && diag->line == EFIVMAP_DIAG_NONE &&
	    diag->index != EFIVMAP_DIAG_NONE) {
		uint32_t line = cli_desc_line(m, diag->index);

		if (line)
			diag->line = line;
	}
}

int cli_report_map_error(const struct cli_map *m, int err,
			 struct efivmap_diag *diag, const char *context)
{
	cli_diag_add_line(m, diag);
	return cli_input_error(m->file.name, err, diag, context);
}

/*
 * Map validation's findings join the readers' in m->findings (its flags
 * carry --strict): the map is read as the library reads firmware's,
 * tolerating what Linux maps anyway.
 */
int cli_validate_map(struct cli_map *m, struct efivmap_diag *diag)
{
	cli_diag_clear(diag);
	return efivmap_mmap_init_ex(&m->map, m->buf, m->count * m->desc_size,
				    m->desc_size, m->desc_version, 0,
				    &m->findings, diag);
}

void cli_free_map(struct cli_map *m)
{
	free(m->finding_list);
	m->finding_list = NULL;
	cli_free_file(&m->file);
	free(m->buf);
	m->buf = NULL;
}
