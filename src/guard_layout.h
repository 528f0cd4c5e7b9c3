/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-or-later */
/*
 * Byte offsets in struct efivmap_guard, shared by guard.S (which cannot
 * use offsetof) and guard.c (which checks them at compile time). Only
 * #defines, so the assembler can include it.
 */
#ifndef EFIVMAP_GUARD_LAYOUT_H
#define EFIVMAP_GUARD_LAYOUT_H

#define EFIVMAP__GUARD_STACK_TOP  0
#define EFIVMAP__GUARD_CURRENT_EL 8
#define EFIVMAP__GUARD_ACTIVE     16
#define EFIVMAP__GUARD_RESUME     24
#define EFIVMAP__GUARD_RET_LO     32
#define EFIVMAP__GUARD_RET_HI     40
#define EFIVMAP__GUARD_FN_SP      48
#define EFIVMAP__GUARD_DAIF       56
#define EFIVMAP__GUARD_SAVED      64   /* x18..x29 then SP: 13 slots */
#define EFIVMAP__GUARD_AFTER      168  /* the same, after the call */
#define EFIVMAP__GUARD_STATUS     272
#define EFIVMAP__GUARD_OUTCOME    312  /* uint32_t */
/* EFIVMAP_GUARD_LOST_SP, which guard.S stores there. */
#define EFIVMAP__GUARD_LOST_SP    2
/* The record at the top of the private stack: the guard's address, then
 * the record's own address, which tells the return path SP still points
 * at it. */
#define EFIVMAP__GUARD_RECORD     16

#endif
