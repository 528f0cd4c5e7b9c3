/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * A small streaming JSON writer: enough for efivmap's stable output.
 * Containers nest up to JSON_MAX_DEPTH; a container opened "inline" is
 * written on one line (used for the per-region objects so a long region
 * list stays readable). Keys are NULL inside arrays.
 */
#ifndef EFIVMAP_CLI_JSON_H
#define EFIVMAP_CLI_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *out;
	int depth;
	bool has_items[JSON_MAX_DEPTH];
	bool inline_level[JSON_MAX_DEPTH];
};

void json_init(struct json *j, FILE *out);
void json_object_begin(struct json *j, const char *key, bool one_line);
void json_object_end(struct json *j);
void json_array_begin(struct json *j, const char *key, bool one_line);
void json_array_end(struct json *j);
void json_string(struct json *j, const char *key, const char *value);
void json_uint(struct json *j, const char *key, uint64_t value);
void json_int(struct json *j, const char *key, int64_t value);
/* A 64-bit value as a "0x..." string: JSON numbers lose precision past 2^53. */
void json_hex(struct json *j, const char *key, uint64_t value);
void json_bool(struct json *j, const char *key, bool value);
void json_null(struct json *j, const char *key);
/* Ends the document with a newline. */
void json_finish(struct json *j);

#endif /* EFIVMAP_CLI_JSON_H */
