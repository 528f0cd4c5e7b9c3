/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Shared pieces of the efivmap command-line tool: exit codes, input files,
 * number parsing and error reporting. The tool is hosted C; only the
 * library under it is freestanding.
 */
#ifndef EFIVMAP_CLI_H
#define EFIVMAP_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "efivmap/error.h"

/* Exit codes, stable: scripts test them. */
#define CLI_OK        0
#define CLI_BAD_INPUT 1
#define CLI_USAGE     2

/* A whole input file (or stdin), 8-byte aligned and NUL-terminated. */
struct cli_file {
	const char *name;   /* as given; "-" is shown as "<stdin>" */
	uint8_t *data;
	size_t size;
};

/* Reads @path ("-" for stdin); prints an error and returns -1 on failure. */
int cli_read_file(struct cli_file *f, const char *path);
void cli_free_file(struct cli_file *f);
/* Writes @size bytes to @path ("-" for stdout); -1 after printing why. */
int cli_write_file(const char *path, const void *data, size_t size);

/* The name to show in messages. */
const char *cli_display_name(const char *path);

/*
 * Parses an unsigned number: decimal, 0x hex, with an optional K/M/G/T
 * suffix (powers of 1024). Returns false on junk or overflow.
 */
bool cli_parse_u64(const char *s, uint64_t *out);

/* "efivmap: " + message to stderr. */
void cli_err(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* Bad usage: message, a hint to --help, and CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * Bad input: "efivmap: FILE: <diag text>" and CLI_BAD_INPUT. @diag may be
 * NULL or unset (err == 0), then efivmap_strerror(@err) is used.
 */
int cli_input_error(const char *file, int err, const struct efivmap_diag *diag,
		    const char *context);

/* Sets every diag field to "no place", so an unfilled diag is obvious. */
void cli_diag_clear(struct efivmap_diag *diag);

/*
 * Commands; @argv[0] is the command's name. Each returns the exit status.
 * cli_cmd_fdt (get|set|carry) is built only with libfdt.
 */
int cli_cmd_parse(int argc, char **argv);
int cli_cmd_plan(int argc, char **argv);
int cli_cmd_fdt(int argc, char **argv);

#endif /* EFIVMAP_CLI_H */
