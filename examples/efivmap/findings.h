/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * What the library tolerated in one input, for people and for JSON. The
 * readers' findings and map validation's (efivmap_mmap_init_ex()) go
 * into the one struct efivmap_findings of a cli_map.
 */
#ifndef EFIVMAP_CLI_FINDINGS_H
#define EFIVMAP_CLI_FINDINGS_H

#include "input.h"
#include "json.h"

/* Findings kept for printing; more are counted and summarised. */
#define CLI_MAX_FINDINGS 256u

/* Empties m->findings, keeping its list and strictness. */
void cli_findings_reset(struct cli_map *m);

/*
 * Prints every finding and every remark about the input (UTF-16 converted,
 * memattr lines skipped, no runtime descriptor at all), each line after
 * @prefix, and @header (optional) once before the first. Returns the
 * lines printed.
 */
unsigned cli_findings_text(const struct cli_map *m, const char *header,
			   const char *prefix);

/* The "findings" array of the JSON documents (README.md). */
void cli_findings_json(struct json *j, const struct cli_map *m);

/* The "input" object and the "findings" array that follows it. */
void cli_json_input(struct json *j, const struct cli_map *m);

#endif /* EFIVMAP_CLI_FINDINGS_H */
