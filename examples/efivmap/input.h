/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/* Turning a dump file into a validated memory-map view. */
#ifndef EFIVMAP_CLI_INPUT_H
#define EFIVMAP_CLI_INPUT_H

#include "cli.h"
#include "efivmap/mmap.h"
#include "efivmap/text.h"

/* The stride a text dump is given when it does not say (EDK2's). */
#define CLI_DEFAULT_DESC_SIZE 48u

struct cli_map {
	struct cli_file file;
	struct efivmap_text_info info;
	void *buf;              /* descriptors at desc_size stride */
	size_t desc_size;
	uint32_t desc_version;
	size_t count;
	struct efivmap_mmap map; /* valid after cli_validate_map() */
	/* What reading (and validating) tolerated; findings.h prints it. */
	struct efivmap_findings findings;
	struct efivmap_finding *finding_list;
	bool strict;            /* --strict: every finding is an error */
	bool utf16;             /* the file was UTF-16 text, converted */
	bool mat_lines;         /* read "efi: memattr:" lines, not the map */
};

/* cli_load_map() flags. */
#define CLI_LOAD_STRICT 0x1u  /* refuse every finding (--strict) */
#define CLI_LOAD_MAT    0x2u  /* a MAT: a log's memattr lines if it has any */

/*
 * Reads @path and its descriptors. @raw_desc_size != 0 means a raw binary
 * array at that stride, starting @raw_skip bytes into the file; @format
 * forces a text format (EFIVMAP_TEXT_AUTO to detect). UTF-16 text is
 * converted first. @flags: CLI_LOAD_*. Returns CLI_OK, or CLI_BAD_INPUT
 * after printing why.
 */
int cli_load_map(struct cli_map *m, const char *path, size_t raw_desc_size,
		 size_t raw_skip, uint32_t format, uint32_t flags);

/* efivmap_mmap_init() on the loaded descriptors; errors name the line. */
int cli_validate_map(struct cli_map *m, struct efivmap_diag *diag);

/* Fills diag->line from diag->index when the input is text. */
void cli_diag_add_line(const struct cli_map *m, struct efivmap_diag *diag);

/* Prints a failed validation (after cli_validate_map()). */
int cli_report_map_error(const struct cli_map *m, int err,
			 struct efivmap_diag *diag, const char *context);

/* The 1-based line of descriptor @index in a text dump, or 0. */
uint32_t cli_desc_line(const struct cli_map *m, size_t index);

/* Descriptor @i of the loaded array, valid before validation too. */
struct efivmap_efi_desc *cli_map_desc(const struct cli_map *m, size_t i);

void cli_free_map(struct cli_map *m);

#endif /* EFIVMAP_CLI_INPUT_H */
