/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * The only place libefivmap reaches outside itself.
 *
 * Every other file in src/ and include/ gets its types from here, so an
 * embedder (firmware, a bootloader, a kernel) can drop in its own copy of
 * this header with the same names, as libfdt allows with libfdt_env.h.
 * Nothing here may pull in libc functions.
 */
#ifndef EFIVMAP_ENV_H
#define EFIVMAP_ENV_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

/* Compile-time checks of ABI layouts. */
#define EFIVMAP_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)

/*
 * Internal consistency checks. They never guard against bad input (every
 * bad input has an error code); they document invariants. Off by default
 * because a bootloader usually has nowhere to report a failed assertion;
 * the host tests turn them into traps.
 */
#ifndef EFIVMAP_ASSERT
#define EFIVMAP_ASSERT(cond) ((void)0)
#endif

#endif /* EFIVMAP_ENV_H */
