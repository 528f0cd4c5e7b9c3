// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later
/* Option parsing shared by the commands. */
#include <string.h>

#include "opts.h"

void cli_opts_init(struct cli_opts *o, const char *cmd, int argc, char **argv)
{
	o->cmd = cmd;
	o->argc = argc;
	o->argv = argv;
	o->i = 0;
	o->only_pos = false;
	o->max_pos = 1;
	o->npos = 0;
	o->file = NULL;
	o->status = CLI_OK;
}

bool cli_opts_next(struct cli_opts *o)
{
	if (o->status != CLI_OK)
		return false;
	o->i++;
	if (!o->only_pos && o->i < o->argc &&
	    strcmp(o->argv[o->i], "--") == 0) {
		o->only_pos = true;
		o->i++;
	}
	return o->i < o->argc;
}

static const char *cur(const struct cli_opts *o)
{
	return o->argv[o->i];
}

/* What follows "--@name" in the current argument, or NULL. */
static const char *match(const struct cli_opts *o, const char *name)
{
	const char *a = cur(o);
	size_t n = strlen(name);

	if (o->only_pos || strncmp(a, "--", 2) != 0 ||
	    strncmp(a + 2, name, n) != 0)
		return NULL;
	return a + 2 + n;
}

bool cli_opt_flag(struct cli_opts *o, const char *name)
{
	const char *rest = match(o, name);

	if (!rest)
		return false;
	if (*rest == '=') {
		o->status = cli_usage_error(o->cmd, "--%s takes no value",
					    name);
		return true;
	}
	return *rest == '\0';
}

bool cli_opt_value(struct cli_opts *o, const char *name, const char **val)
{
	const char *rest = match(o, name);

	if (!rest)
		return false;
	if (*rest == '=') {
		*val = rest + 1;
		return true;
	}
	if (*rest != '\0')
		return false;
	if (o->i + 1 >= o->argc) {
		o->status = cli_usage_error(o->cmd, "--%s needs a value",
					    name);
		*val = "";
		return true;
	}
	*val = o->argv[++o->i];
	return true;
}

bool cli_opt_u64(struct cli_opts *o, const char *name, uint64_t *val)
{
	const char *s;

	if (!cli_opt_value(o, name, &s))
		return false;
	if (o->status == CLI_OK && !cli_parse_u64(s, val))
		o->status = cli_usage_error(o->cmd,
			"--%s: '%s' is not a number (decimal, 0x hex, K/M/G suffix)",
			name, s);
	return true;
}

void cli_opt_other(struct cli_opts *o)
{
	const char *a = cur(o);

	if (!o->only_pos && a[0] == '-' && a[1] != '\0') {
		o->status = cli_usage_error(o->cmd, "unknown option '%s'", a);
		return;
	}
	if (o->npos == o->max_pos && o->max_pos == 1) {
		o->status = cli_usage_error(o->cmd,
			"one input file only ('%s' and '%s' given)",
			o->file, a);
		return;
	}
	if (o->npos == o->max_pos || o->npos == CLI_OPTS_MAX_POS) {
		o->status = cli_usage_error(o->cmd, "too many arguments");
		return;
	}
	o->pos[o->npos++] = a;
	o->file = o->pos[0];
}

int cli_opts_done(struct cli_opts *o)
{
	if (o->status != CLI_OK)
		return o->status;
	if (!o->file)
		return cli_usage_error(o->cmd,
				       "no input FILE given ('-' reads stdin)");
	return CLI_OK;
}
