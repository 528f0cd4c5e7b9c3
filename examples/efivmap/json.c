// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* The JSON writer behind "efivmap ... --json". */
#include <inttypes.h>

#include "json.h"

void json_init(struct json *j, FILE *out)
{
	j->out = out;
	j->depth = 0;
	j->has_items[0] = false;
	j->inline_level[0] = false;
}

static bool in_inline(const struct json *j)
{
	return j->depth > 0 && j->inline_level[j->depth];
}

static void put_string(struct json *j, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', j->out);
	for (; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", j->out); break;
		case '\\': fputs("\\\\", j->out); break;
		case '\n': fputs("\\n", j->out); break;
		case '\r': fputs("\\r", j->out); break;
		case '\t': fputs("\\t", j->out); break;
		default:
			/* Bytes >= 0x80 pass through: inputs are UTF-8. */
			if (*p < 0x20)
				fprintf(j->out, "\\u%04x", *p);
			else
				fputc(*p, j->out);
		}
	}
	fputc('"', j->out);
}

/* Separator, newline and indentation before a new member or element. */
static void item(struct json *j, const char *key)
{
	if (j->depth > 0) {
		if (j->has_items[j->depth])
			fputc(',', j->out);
		if (in_inline(j)) {
			if (j->has_items[j->depth])
				fputc(' ', j->out);
		} else {
			fprintf(j->out, "\n%*s", 2 * j->depth, "");
		}
		j->has_items[j->depth] = true;
	}
	if (key) {
		put_string(j, key);
		fputs(": ", j->out);
	}
}

static void container_begin(struct json *j, const char *key, bool one_line,
			    char c)
{
	bool parent_inline = in_inline(j);

	item(j, key);
	fputc(c, j->out);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->has_items[j->depth] = false;
	j->inline_level[j->depth] = one_line || parent_inline;
}

static void container_end(struct json *j, char c)
{
	if (j->has_items[j->depth] && !in_inline(j))
		fprintf(j->out, "\n%*s", 2 * (j->depth - 1), "");
	fputc(c, j->out);
	if (j->depth > 0)
		j->depth--;
}

void json_object_begin(struct json *j, const char *key, bool one_line)
{
	container_begin(j, key, one_line, '{');
}

void json_object_end(struct json *j)
{
	container_end(j, '}');
}

void json_array_begin(struct json *j, const char *key, bool one_line)
{
	container_begin(j, key, one_line, '[');
}

void json_array_end(struct json *j)
{
	container_end(j, ']');
}

void json_string(struct json *j, const char *key, const char *value)
{
	item(j, key);
	put_string(j, value);
}

void json_uint(struct json *j, const char *key, uint64_t value)
{
	item(j, key);
	fprintf(j->out, "%" PRIu64, value);
}

void json_int(struct json *j, const char *key, int64_t value)
{
	item(j, key);
	fprintf(j->out, "%" PRId64, value);
}

void json_hex(struct json *j, const char *key, uint64_t value)
{
	item(j, key);
	fprintf(j->out, "\"0x%" PRIx64 "\"", value);
}

void json_bool(struct json *j, const char *key, bool value)
{
	item(j, key);
	fputs(value ? "true" : "false", j->out);
}

void json_null(struct json *j, const char *key)
{
	item(j, key);
	fputs("null", j->out);
}

void json_finish(struct json *j)
{
	fputc('\n', j->out);
}
