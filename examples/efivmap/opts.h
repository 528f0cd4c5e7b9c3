/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/* Long-option matching: "--name VALUE" and "--name=VALUE". */
#ifndef EFIVMAP_CLI_OPTS_H
#define EFIVMAP_CLI_OPTS_H

#include "cli.h"

struct cli_opts {
	const char *cmd;    /* for messages */
	int argc;
	char **argv;
	int i;              /* the argument being looked at */
	const char *file;   /* the one positional argument */
	int status;         /* CLI_OK, or CLI_USAGE after a message */
};

void cli_opts_init(struct cli_opts *o, const char *cmd, int argc,
		   char **argv);
/* Moves to the next argument; false at the end or after an error. */
bool cli_opts_next(struct cli_opts *o);
/* True when the current argument is the flag --@name. */
bool cli_opt_flag(struct cli_opts *o, const char *name);
/*
 * True when the current argument is --@name with a value; the value is
 * stored in @val (a missing value is a usage error, reported once).
 */
bool cli_opt_value(struct cli_opts *o, const char *name, const char **val);
/* Like cli_opt_value(), for numbers accepted by cli_parse_u64(). */
bool cli_opt_u64(struct cli_opts *o, const char *name, uint64_t *val);
/*
 * Call when no option matched: takes a positional FILE or reports an
 * unknown option.
 */
void cli_opt_other(struct cli_opts *o);
/* After the loop: CLI_OK when exactly one FILE was given. */
int cli_opts_done(struct cli_opts *o);

#endif /* EFIVMAP_CLI_OPTS_H */
