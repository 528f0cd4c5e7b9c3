// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* Files, numbers and messages for the efivmap tool. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *cli_display_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

void cli_err(const char *fmt, ...)
{
	va_list ap;

	fputs("efivmap: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("efivmap: ", stderr);
	if (cmd)
		fprintf(stderr, "%s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'efivmap %s%s--help'.\n", cmd ? cmd : "",
		cmd ? " " : "");
	return CLI_USAGE;
}

void cli_diag_clear(struct efivmap_diag *diag)
{
	diag->err = 0;
	diag->what = NULL;
	diag->index = EFIVMAP_DIAG_NONE;
	diag->line = EFIVMAP_DIAG_NONE;
	diag->addr = 0;
}

int cli_input_error(const char *file, int err, const struct efivmap_diag *diag,
		    const char *context)
{
	char text[256];

	if (diag && diag->err)
		efivmap_diag_format(diag, text, sizeof(text));
	else
		snprintf(text, sizeof(text), "%s", efivmap_strerror(err));
	fprintf(stderr, "efivmap: %s: %s%s%s\n", cli_display_name(file),
		context ? context : "", context ? ": " : "", text);
	return CLI_BAD_INPUT;
}

int cli_read_file(struct cli_file *f, const char *path)
{
	FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t cap = 1 << 16, len = 0;
	uint8_t *buf;

	f->name = path;
	if (!in) {
		cli_err("%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	/* malloc's alignment covers the 8 bytes descriptors need. */
	buf = malloc(cap);
	while (buf) {
		size_t n = fread(buf + len, 1, cap - len - 1, in);

		len += n;
		if (len + 1 < cap)
			break;
		cap *= 2;
		buf = realloc(buf, cap);
	}
	if (!buf) {
		cli_err("%s: out of memory", cli_display_name(path));
		goto fail;
	}
	if (ferror(in)) {
		cli_err("%s: read error: %s", cli_display_name(path),
			strerror(errno));
		free(buf);
		goto fail;
	}
	buf[len] = 0;
	if (in != stdin)
		fclose(in);
	f->data = buf;
	f->size = len;
	return 0;
fail:
	if (in != stdin)
		fclose(in);
	return -1;
}

void cli_free_file(struct cli_file *f)
{
	free(f->data);
	f->data = NULL;
	f->size = 0;
}

int cli_write_file(const char *path, const void *data, size_t size)
{
	bool out_std = strcmp(path, "-") == 0;
	FILE *out = out_std ? stdout : fopen(path, "wb");

	if (!out) {
		cli_err("%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	if (fwrite(data, 1, size, out) != size || fflush(out) != 0) {
		cli_err("%s: write error: %s", cli_display_name(path),
			strerror(errno));
		if (!out_std)
			fclose(out);
		return -1;
	}
	if (!out_std && fclose(out) != 0) {
		cli_err("%s: write error: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

bool cli_parse_u64(const char *s, uint64_t *out)
{
	unsigned long long v;
	unsigned shift = 0;
	char *end;

	/* strtoull accepts a sign and leading spaces; an address does not. */
	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return false;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	default: break;
	}
	if (shift && (*end == 'i' || *end == 'I'))
		end++;
	if (shift && (*end == 'b' || *end == 'B'))
		end++;
	if (*end)
		return false;
	if (shift && v > (UINT64_MAX >> shift))
		return false;
	*out = (uint64_t)v << shift;
	return true;
}
