/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Long-option matching shared by every command, one behaviour for all:
 * options with a value take "--name VALUE" and "--name=VALUE"; a flag
 * given "--flag=VALUE" is a usage error; "--" ends the options.
 */
#ifndef EFIVMAP_CLI_OPTS_H
#define EFIVMAP_CLI_OPTS_H

#include "cli.h"

#define CLI_OPTS_MAX_POS 4

struct cli_opts {
	const char *cmd;    /* for messages */
	int argc;
	char **argv;
	int i;              /* the argument being looked at */
	bool only_pos;      /* after "--": the rest are positional */
	int max_pos;        /* positionals accepted; 1 after cli_opts_init */
	const char *pos[CLI_OPTS_MAX_POS];
	int npos;
	const char *file;   /* pos[0]: the one FILE of parse and plan */
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
 * Call when no option matched: takes a positional argument (up to
 * max_pos of them) or reports an unknown option.
 */
void cli_opt_other(struct cli_opts *o);
/* After the loop: CLI_OK when exactly one FILE was given. */
int cli_opts_done(struct cli_opts *o);

#endif /* EFIVMAP_CLI_OPTS_H */
