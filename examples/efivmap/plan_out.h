/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/* Writers for "efivmap plan": human text and the stable JSON document. */
#ifndef EFIVMAP_CLI_PLAN_OUT_H
#define EFIVMAP_CLI_PLAN_OUT_H

#include "plan.h"

/* @lo/@lr are the Linux comparison (NULL without --compare). */
void plan_text(const struct cli_map *m, const struct plan_opts *o,
	       const struct plan_mat *mat, const struct plan_result *r,
	       const struct plan_opts *lo, const struct plan_result *lr);
void plan_json(const struct cli_map *m, const struct plan_opts *o,
	       const struct plan_mat *mat, const struct plan_result *r,
	       const struct plan_opts *lo, const struct plan_result *lr);
/* A failed plan as JSON: the input section and an "error" object. */
void plan_json_error(const struct cli_map *m, const char *stage, int err,
		     const struct efivmap_diag *diag);

#endif /* EFIVMAP_CLI_PLAN_OUT_H */
